// The datasets page: registered datasets with their versions, sizes, file counts, paths and registration
// times. A folder or file is registered through a picker or by dropping it onto the page; a small dialog asks
// the name. Registration measures the data, so it runs on a worker, as does loading the list.
#pragma once

#include "registry/DatasetRegistry.h"
#include "shell/BackgroundReload.h"
#include "workspace/Workspace.h"

#include <QPointer>
#include <QWidget>

class ArtifactCopyJob;
class DatasetNameDialog;
class DatasetsModel;
class QLabel;
class QTreeView;
class WorkspaceWatcher;

class DatasetsPage : public QWidget
{
    Q_OBJECT
public:
    explicit DatasetsPage(const Workspace& workspace, QWidget* parent = nullptr);
    ~DatasetsPage() override;

    // Reloads the list on a worker.
    void refresh();

    // Pickers (through UserPrompts), then the name dialog.
    void registerFolder();
    void registerFile();
    // Opens the (non-blocking) name dialog for `path`; registration starts when it is accepted.
    DatasetNameDialog* askNameAndRegister(const QString& path);
    // Registers on a worker; the list reloads when done.
    void registerPath(const QString& path, const QString& name, const QString& description = {});

    DatasetsModel* model() const { return m_model; }
    QTreeView* view() const { return m_view; }
    QString statusMessage() const;
    bool hasJobsRunning() const;

signals:
    void datasetRegistered(const QString& name, int version);
    void refreshed();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void applyDatasets(const QVector<DatasetRecord>& datasets);
    void setStatusMessage(const QString& text);

    Workspace m_workspace;
    DatasetsModel* m_model = nullptr;
    QTreeView* m_view = nullptr;
    QLabel* m_message = nullptr;
    WorkspaceWatcher* m_watcher = nullptr;
    BackgroundReload<QVector<DatasetRecord>> m_reload;
    QList<QPointer<ArtifactCopyJob>> m_jobs;
};
