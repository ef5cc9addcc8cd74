// The model registry page: registered models with their versions (created, source run, size, files, tags,
// description, stored path, aliases) and the selected version's details, where the source run is a link,
// with the source run's metrics. Download, delete a version (after confirmation), open the source run, edit
// the description and tags, and point an alias at the version or take one away. Loading, copying and deleting run on workers;
// a WorkspaceWatcher reloads the list when another process (the CLI, another window) changes the workspace.
#pragma once

#include "registry/ModelRegistry.h"
#include "run/RunStore.h"
#include "shell/BackgroundReload.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <optional>

class ArtifactCopyJob;
class ModelsModel;
class QLabel;
class QPushButton;
class QTreeView;
class WorkspaceWatcher;

// What one reload reads: every version, and the last values of each source run's metrics.
struct ModelsListing
{
    QVector<ModelRecord> models;
    QHash<QString, QVector<RunMetricSummary>> runMetrics;
    QString error;
};

class ModelsPage : public QWidget
{
    Q_OBJECT
public:
    explicit ModelsPage(const Workspace& workspace, QWidget* parent = nullptr);
    ~ModelsPage() override;

    // Reloads the models on a worker; the view keeps its selection and expanded names.
    void refresh();

    // Selects a version row; false when it is not (yet) listed.
    bool selectVersion(const QString& name, int version);
    std::optional<ModelRecord> selectedVersion() const;
    void openSelectedRun();
    void downloadSelected();
    void deleteSelected();
    // Asks for the new description and tags, then writes them.
    void editSelected();
    void applyEdit(const QString& description, const QVector<QPair<QString, QString>>& tags);
    // Asks for an alias name and points it at the selected version (moving it from another version).
    void setAliasOfSelected();
    void setAlias(const QString& alias);
    void removeAlias(const QString& alias);

    ModelsModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    QLabel* detailsLabel() const { return m_details; }
    QString statusMessage() const;
    bool hasJobsRunning() const;

signals:
    void openRunRequested(const QString& runId);
    // A reload has been shown (tests wait on it).
    void refreshed();

private:
    void applyModels(const ModelsListing& listing);
    // Runs a registry write on a worker, says how it went and reloads.
    void write(const QString& done, std::function<bool(ModelRegistry&, QString*)> change);
    void updateDetails();
    void setStatusMessage(const QString& text);
    void track(ArtifactCopyJob* job);

    Workspace m_workspace;
    ModelsModel* m_model = nullptr;
    QTreeView* m_view = nullptr;
    QLabel* m_details = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_openRun = nullptr;
    QPushButton* m_download = nullptr;
    QPushButton* m_delete = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_alias = nullptr;
    QHash<QString, QVector<RunMetricSummary>> m_runMetrics;
    WorkspaceWatcher* m_watcher = nullptr;
    BackgroundReload<ModelsListing> m_reload;
    QList<QPointer<ArtifactCopyJob>> m_jobs;
};
