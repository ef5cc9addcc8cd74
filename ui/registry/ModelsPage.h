// The model registry page: registered models with their versions (created, source run, size, files, tags,
// description, stored path) and the selected version's details, where the source run is a link. Download,
// delete a version (after confirmation) and open the source run. Loading, copying and deleting run on workers;
// a WorkspaceWatcher reloads the list when another process (the CLI, another window) changes the workspace.
#pragma once

#include "registry/ModelRegistry.h"
#include "shell/BackgroundReload.h"
#include "workspace/Workspace.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class ArtifactCopyJob;
class ModelsModel;
class QLabel;
class QPushButton;
class QTreeView;
class WorkspaceWatcher;

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
    void applyModels(const QVector<ModelRecord>& models);
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
    WorkspaceWatcher* m_watcher = nullptr;
    BackgroundReload<QVector<ModelRecord>> m_reload;
    QList<QPointer<ArtifactCopyJob>> m_jobs;
};
