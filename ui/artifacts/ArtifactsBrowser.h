// The artifacts tab of the run page: a tree of the run's outputs/, logs/ and system/ files and its code
// snapshot, with sizes and times, refreshed every second while the run is live. Double-click opens a
// temporary copy with the desktop's default application; the context menu downloads (never overwriting without
// asking, with progress and cancel), opens, copies the path and registers outputs as models. Items drag out
// as file:// URLs. Listing and copying run on worker threads. The selected file is shown in a preview pane
// beside the tree (ArtifactPreview), code snapshot files too (from the snapshot written out once).
#pragma once

#include "run/RunStatus.h"
#include "snapshot/SnapshotStore.h"
#include "workspace/Workspace.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class ArtifactCopyJob;
class ArtifactPreview;
class QLabel;
class QMenu;
class QModelIndex;
class QTemporaryDir;
class QTreeView;
class RegisterModelDialog;
class RunFilesModel;

class ArtifactsBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit ArtifactsBrowser(const Workspace& workspace, QWidget* parent = nullptr);
    ~ArtifactsBrowser() override;

    void setRun(const QString& runId);
    QString runId() const { return m_runId; }

    // How opened files reach the desktop (QDesktopServices::openUrl); the handler says whether an application
    // took the file. Tests put a recorder there; an empty handler puts the desktop back.
    static void setOpenUrlHandler(std::function<bool(const QUrl&)> handler);

    // The actions of the context menu, also reachable from code and tests.
    void downloadItem(const QModelIndex& index);
    void openItem(const QModelIndex& index);
    void copyPath(const QModelIndex& index);
    // Opens the (non-blocking) registration dialog for an outputs/ item; returns it, or nullptr when refused.
    RegisterModelDialog* showRegisterModelDialog(const QModelIndex& index);
    // Registers `relativePath` of this run on a worker; emits modelRegistered when done.
    void registerModel(const QString& relativePath, const QString& name, const QString& description,
                       const QVector<QPair<QString, QString>>& tags);

    // Selects a run file (its folders expanded) as soon as the listing has it: the run page's links to
    // ran-with.json and pip-freeze.txt land here.
    void revealFile(const QString& relativePath);
    QString currentPath() const;

    // The context menu for an item, built but not shown; the caller owns it. nullptr for no item.
    QMenu* contextMenuFor(const QModelIndex& index);

    RunFilesModel* filesModel() const { return m_model; }
    ArtifactPreview* preview() const { return m_preview; }
    QTreeView* view() const { return m_view; }
    bool isFollowing() const { return m_refreshTimer.isActive(); }
    bool hasJobsRunning() const;
    QString statusMessage() const;

signals:
    void modelRegistered(const QString& name, int version);
    // A listing of the current run has been merged into the tree (tests wait on it).
    void refreshed();

private:
    struct Listing;
    void startListing();
    void applyListing(const Listing& listing);
    void showContextMenu(const QPoint& pos);
    void itemDoubleClicked(const QModelIndex& index);
    void previewItem(const QModelIndex& index);
    void setStatusMessage(const QString& text);
    bool selectPath(const QString& relativePath);
    QString temporaryRoot();
    bool canRegister(const QModelIndex& index) const;
    // Copies the item to `destination` on a worker: from the run's files, or from the materialized snapshot.
    ArtifactCopyJob* copyJob(const QModelIndex& index, const QString& destination, bool replace);
    void track(ArtifactCopyJob* job);

    Workspace m_workspace;
    QString m_runId;
    QString m_snapshotId;
    QString m_pendingReveal;
    bool m_snapshotLoaded = false;
    QVector<SnapshotEntry> m_snapshot; // kept between listings: a manifest never changes
    std::optional<RunStatus> m_status;
    quint64 m_generation = 0;
    bool m_listingInFlight = false;
    bool m_expandedOnce = false;
    QTimer m_refreshTimer;
    RunFilesModel* m_model = nullptr;
    QTreeView* m_view = nullptr;
    ArtifactPreview* m_preview = nullptr;
    QString m_previewedPath;
    QLabel* m_message = nullptr;
    std::unique_ptr<QTemporaryDir> m_temporary; // copies opened on the desktop live as long as the session
    int m_openCounter = 0;
    QList<QPointer<ArtifactCopyJob>> m_jobs;
};
