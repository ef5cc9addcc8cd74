#include "artifacts/ArtifactsBrowser.h"

#include "artifacts/ArtifactCopyJob.h"
#include "artifacts/ArtifactPreview.h"
#include "files/FileTree.h"
#include "registry/ModelRegistry.h"
#include "registry/RegisterModelDialog.h"
#include "run/RunFiles.h"
#include "artifacts/RunFilesModel.h"
#include "run/RunStore.h"
#include "shell/UserPrompts.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUuid>
#include <QVBoxLayout>
#include <QtConcurrent>

struct ArtifactsBrowser::Listing
{
    quint64 generation = 0;
    std::optional<RunStatus> status;
    QString snapshotId;
    bool snapshotLoaded = false;
    QVector<SnapshotEntry> snapshot;
    QString snapshotError;
    QVector<RunFileEntry> files;
};

namespace {
bool openOnDesktop(const QUrl& url) { return QDesktopServices::openUrl(url); }

std::function<bool(const QUrl&)>& openUrlHandler()
{
    static std::function<bool(const QUrl&)> handler = openOnDesktop;
    return handler;
}

QString snapshotPrefix() { return RunFilesModel::snapshotRoot() + QLatin1Char('/'); }

// The store has no single-file read, so the whole snapshot is written out once per session and items are
// copied from there. The rename makes a half-written copy invisible to a concurrent job.
QString materializedSnapshot(const Workspace& workspace, const QString& snapshotId, const QString& temporaryRoot,
                             QString* error)
{
    const QString finalDir = temporaryRoot + QStringLiteral("/snapshot-") + snapshotId;
    if (QFileInfo(finalDir).isDir())
        return finalDir;
    const QString partial = finalDir + QStringLiteral(".partial-") + QUuid::createUuid().toString(QUuid::Id128);
    if (!SnapshotStore(workspace.storeDir()).materialize(snapshotId, partial, error)) {
        QDir(partial).removeRecursively();
        return {};
    }
    if (!QDir().rename(partial, finalDir)) {
        QDir(partial).removeRecursively();
        if (!QFileInfo(finalDir).isDir()) {
            *error = ArtifactsBrowser::tr("cannot write the snapshot copy %1").arg(finalDir);
            return {};
        }
    }
    return finalDir;
}

} // namespace

ArtifactsBrowser::ArtifactsBrowser(const Workspace& workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace)
{
    setAccessibleName(tr("Artifacts"));
    m_model = new RunFilesModel(this);
    m_view = new QTreeView(this);
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Run files"));
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setDragEnabled(true);
    m_view->setDragDropMode(QAbstractItemView::DragOnly);
    m_view->setDefaultDropAction(Qt::CopyAction);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setExpandsOnDoubleClick(true);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(RunFilesModel::NameColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(RunFilesModel::SizeColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(RunFilesModel::ModifiedColumn, QHeaderView::ResizeToContents);
    connect(m_view, &QTreeView::customContextMenuRequested, this, &ArtifactsBrowser::showContextMenu);
    connect(m_view, &QTreeView::doubleClicked, this, &ArtifactsBrowser::itemDoubleClicked);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &ArtifactsBrowser::previewItem);

    m_preview = new ArtifactPreview(this);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_view);
    splitter->addWidget(m_preview);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    m_message = new QLabel(this);
    m_message->setAccessibleName(tr("Artifacts status"));
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);

    m_refreshTimer.setInterval(1000);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        if (!m_listingInFlight)
            startListing();
    });
}

ArtifactsBrowser::~ArtifactsBrowser()
{
    // Jobs delete themselves once their worker returns; canceling makes that soon.
    for (const auto& job : std::as_const(m_jobs))
        if (job)
            job->cancel();
}

void ArtifactsBrowser::setOpenUrlHandler(std::function<bool(const QUrl&)> handler)
{
    openUrlHandler() = handler ? std::move(handler) : openOnDesktop;
}

void ArtifactsBrowser::setRun(const QString& runId)
{
    m_runId = runId;
    ++m_generation;
    m_snapshotId.clear();
    m_pendingReveal.clear();
    m_snapshot.clear();
    m_snapshotLoaded = false;
    m_status.reset();
    m_expandedOnce = false;
    m_model->setRun(m_workspace, runId);
    m_previewedPath.clear();
    m_preview->showMessage(tr("Select a file to preview it."));
    setStatusMessage({});
    if (runId.isEmpty()) {
        m_refreshTimer.stop();
        return;
    }
    m_refreshTimer.start();
    if (!m_listingInFlight)
        startListing();
}

void ArtifactsBrowser::startListing()
{
    m_listingInFlight = true;
    auto* watcher = new QFutureWatcher<Listing>(this);
    connect(watcher, &QFutureWatcher<Listing>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_listingInFlight = false;
        const Listing listing = watcher->result();
        if (listing.generation != m_generation) {
            if (!m_runId.isEmpty())
                startListing(); // the run changed while this one was listed
            return;
        }
        applyListing(listing);
    });
    const Workspace workspace = m_workspace;
    const QString runId = m_runId;
    const quint64 generation = m_generation;
    const bool needSnapshot = !m_snapshotLoaded;
    watcher->setFuture(QtConcurrent::run([workspace, runId, generation, needSnapshot] {
        Listing listing;
        listing.generation = generation;
        // Status first: files listed after a terminal status was seen are the final ones.
        const auto run = RunStore(workspace).find(runId);
        if (!run)
            return listing;
        listing.status = run->status;
        listing.snapshotId = run->snapshotId;
        if (needSnapshot && !run->snapshotId.isEmpty()) {
            QString error;
            const auto manifest = SnapshotStore(workspace.storeDir()).manifest(run->snapshotId, &error);
            listing.snapshotLoaded = true;
            if (manifest)
                listing.snapshot = *manifest;
            else
                listing.snapshotError = error;
        }
        listing.files = RunFiles(workspace, runId).list();
        return listing;
    }));
}

void ArtifactsBrowser::applyListing(const Listing& listing)
{
    if (!listing.status) {
        m_refreshTimer.stop();
        setStatusMessage(tr("Run %1 is not in this workspace.").arg(m_runId));
        return;
    }
    m_status = listing.status;
    m_snapshotId = listing.snapshotId;
    if (listing.snapshotLoaded) {
        m_snapshotLoaded = true;
        m_snapshot = listing.snapshot;
        if (!listing.snapshotError.isEmpty())
            setStatusMessage(tr("The code snapshot cannot be read: %1").arg(listing.snapshotError));
    }
    m_model->update(listing.files, m_snapshot);
    if (!m_expandedOnce) {
        m_expandedOnce = true;
        m_view->expand(m_model->indexForPath(QStringLiteral("outputs")));
    }
    if (isTerminal(*m_status))
        m_refreshTimer.stop();
    if (!m_pendingReveal.isEmpty() && selectPath(m_pendingReveal))
        m_pendingReveal.clear();
    emit refreshed();
}

void ArtifactsBrowser::revealFile(const QString& relativePath)
{
    m_pendingReveal = selectPath(relativePath) ? QString() : relativePath;
}

bool ArtifactsBrowser::selectPath(const QString& relativePath)
{
    const QModelIndex index = m_model->indexForPath(relativePath);
    if (!index.isValid())
        return false;
    for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
        m_view->expand(parent);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

QString ArtifactsBrowser::currentPath() const { return m_model->relativePath(m_view->currentIndex()); }

bool ArtifactsBrowser::hasJobsRunning() const
{
    return std::any_of(m_jobs.begin(), m_jobs.end(), [](const auto& job) { return !job.isNull(); });
}

QString ArtifactsBrowser::statusMessage() const { return m_message->text(); }

void ArtifactsBrowser::setStatusMessage(const QString& text) { m_message->setText(text); }

QString ArtifactsBrowser::temporaryRoot()
{
    if (!m_temporary)
        m_temporary = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/trainyard-artifacts-XXXXXX"));
    return m_temporary->isValid() ? m_temporary->path() : QString();
}

bool ArtifactsBrowser::canRegister(const QModelIndex& index) const
{
    const QString path = m_model->relativePath(index);
    return !m_model->isSnapshot(index) && m_status && isTerminal(*m_status)
        && (path == QLatin1String("outputs") || path.startsWith(QStringLiteral("outputs/")));
}

void ArtifactsBrowser::track(ArtifactCopyJob* job)
{
    m_jobs.removeAll(QPointer<ArtifactCopyJob>());
    m_jobs << job;
}

ArtifactCopyJob* ArtifactsBrowser::copyJob(const QModelIndex& index, const QString& destination, bool replace)
{
    const QString relative = m_model->relativePath(index);
    const bool fromSnapshot = m_model->isSnapshot(index);
    const Workspace workspace = m_workspace;
    const QString runId = m_runId;
    const QString snapshotId = m_snapshotId;
    const QString tempRoot = fromSnapshot ? temporaryRoot() : QString();
    auto* job = new ArtifactCopyJob([=](QString* error, const ArtifactCopyJob::Progress& progress) {
        const auto copyTo = [&](const QString& target) {
            if (!fromSnapshot)
                return RunFiles(workspace, runId).download(relative, target, error, progress);
            const QString root = materializedSnapshot(workspace, snapshotId, tempRoot, error);
            if (root.isEmpty())
                return false;
            const QString inside = relative == RunFilesModel::snapshotRoot() ? QString() : relative.mid(snapshotPrefix().size());
            return FileTree::copy(inside.isEmpty() ? root : root + QLatin1Char('/') + inside, target, false, error, progress);
        };
        return ArtifactCopyJob::copyReplacing(destination, replace, copyTo, error);
    });
    track(job);
    return job;
}

void ArtifactsBrowser::downloadItem(const QModelIndex& index)
{
    if (!index.isValid() || m_runId.isEmpty())
        return;
    const QString relative = m_model->relativePath(index);
    const QString name = QFileInfo(relative).fileName();
    const QString folder = UserPrompts::existingDirectory(this, tr("Download %1 to").arg(name));
    if (folder.isEmpty())
        return;
    const QString destination = QDir(folder).absoluteFilePath(name);
    const bool exists = QFileInfo::exists(destination) || QFileInfo(destination).isSymLink();
    if (exists
        && UserPrompts::question(this, tr("Replace?"),
                                 tr("%1 already exists. Replace it with %2 of run %3?").arg(destination, relative, m_runId))
            != QMessageBox::Yes) {
        setStatusMessage(tr("Not downloaded: %1 already exists.").arg(destination));
        return;
    }
    ArtifactCopyJob* job = copyJob(index, destination, exists);

    job->showProgressDialog(this, tr("Downloading %1…").arg(relative));
    connect(job, &ArtifactCopyJob::finished, this, [this, relative, destination](bool ok, const QString& error) {
        if (ok)
            setStatusMessage(tr("Downloaded %1 to %2").arg(relative, destination));
        else {
            setStatusMessage(tr("Download of %1 failed: %2").arg(relative, error));
            UserPrompts::warning(this, tr("Download failed"), tr("Download of %1 failed: %2").arg(relative, error));
        }
    });
    setStatusMessage(tr("Downloading %1…").arg(relative));
    job->start();
}

void ArtifactsBrowser::openItem(const QModelIndex& index)
{
    if (!index.isValid() || m_runId.isEmpty())
        return;
    const QString root = temporaryRoot();
    if (root.isEmpty()) {
        UserPrompts::warning(this, tr("Open"), tr("Cannot create a temporary folder to open the file from."));
        return;
    }
    // A folder per open: the desktop application may still hold an earlier copy.
    const QString folder = root + QStringLiteral("/open-") + QString::number(++m_openCounter);
    QDir().mkpath(folder);
    const QString relative = m_model->relativePath(index);
    const QString destination = folder + QLatin1Char('/') + QFileInfo(relative).fileName();
    ArtifactCopyJob* job = copyJob(index, destination, false);
    connect(job, &ArtifactCopyJob::finished, this, [this, relative, destination](bool ok, const QString& error) {
        if (!ok) {
            setStatusMessage(tr("Cannot open %1: %2").arg(relative, error));
            UserPrompts::warning(this, tr("Open"), tr("Cannot open %1: %2").arg(relative, error));
            return;
        }
        // openUrl says false when no application took the file (none registered for the type, no desktop).
        if (openUrlHandler()(QUrl::fromLocalFile(destination)))
            setStatusMessage(tr("Opened a copy of %1").arg(relative));
        else
            setStatusMessage(tr("No application opened %1; a copy is at %2").arg(relative, destination));
    });
    job->start();
}

void ArtifactsBrowser::copyPath(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    // Snapshot items exist only in the content store, so their path inside the snapshot is what is copied.
    const QString path = m_model->isSnapshot(index) ? m_model->relativePath(index) : m_model->absolutePath(index);
    QGuiApplication::clipboard()->setText(path);
    setStatusMessage(tr("Copied %1").arg(path));
}

RegisterModelDialog* ArtifactsBrowser::showRegisterModelDialog(const QModelIndex& index)
{
    if (!canRegister(index)) {
        UserPrompts::information(this, tr("Register as Model"),
                                 tr("Only files and folders under outputs/ of a finished run can be registered."));
        return nullptr;
    }
    const QString relative = m_model->relativePath(index);
    auto* dialog = new RegisterModelDialog(relative, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The names for completion come from the database, so they load on a worker too.
    auto* names = new QFutureWatcher<QStringList>(dialog);
    connect(names, &QFutureWatcher<QStringList>::finished, dialog, [dialog, names] {
        dialog->setExistingNames(names->result());
        names->deleteLater();
    });
    const Workspace workspace = m_workspace;
    names->setFuture(QtConcurrent::run([workspace] {
        QStringList result;
        for (const ModelRecord& model : ModelRegistry(workspace).list())
            if (result.isEmpty() || result.last() != model.name)
                result << model.name;
        return result;
    }));
    connect(dialog, &QDialog::accepted, this, [this, dialog, relative] {
        registerModel(relative, dialog->name(), dialog->description(), dialog->tags());
    });
    dialog->open();
    return dialog;
}

void ArtifactsBrowser::registerModel(const QString& relativePath, const QString& name, const QString& description,
                                     const QVector<QPair<QString, QString>>& tags)
{
    if (m_runId.isEmpty())
        return;
    const Workspace workspace = m_workspace;
    const QString runId = m_runId;
    auto version = std::make_shared<int>(0);
    auto* job = new ArtifactCopyJob([=](QString* error, const ArtifactCopyJob::Progress&) {
        const auto model = ModelRegistry(workspace).registerModel(runId, relativePath, name, description, tags, error);
        if (model)
            *version = model->version;
        return model.has_value();
    });
    track(job);
    connect(job, &ArtifactCopyJob::finished, this, [this, name, version, relativePath](bool ok, const QString& error) {
        if (!ok) {
            setStatusMessage(tr("Registration failed: %1").arg(error));
            UserPrompts::warning(this, tr("Register as Model"), tr("Cannot register %1: %2").arg(relativePath, error));
            return;
        }
        const QString text = tr("Registered %1 version %2").arg(name).arg(*version);
        setStatusMessage(text);
        UserPrompts::information(this, tr("Model registered"), text);
        emit modelRegistered(name, *version);
    });
    setStatusMessage(tr("Registering %1 as %2…").arg(relativePath, name));
    job->start();
}

QMenu* ArtifactsBrowser::contextMenuFor(const QModelIndex& index)
{
    if (!index.isValid())
        return nullptr;
    const QPersistentModelIndex item(index.siblingAtColumn(RunFilesModel::NameColumn));
    auto* menu = new QMenu(this);
    menu->setAccessibleName(tr("Artifact actions"));

    QAction* download = menu->addAction(tr("&Download…"), this, [this, item] { downloadItem(item); });
    download->setObjectName(QStringLiteral("downloadAction"));
    QAction* open = menu->addAction(tr("&Open"), this, [this, item] { openItem(item); });
    open->setObjectName(QStringLiteral("openAction"));
    QAction* copy = menu->addAction(tr("Copy &Path"), this, [this, item] { copyPath(item); });
    copy->setObjectName(QStringLiteral("copyPathAction"));

    const QString path = m_model->relativePath(item);
    if (!m_model->isSnapshot(item) && (path == QLatin1String("outputs") || path.startsWith(QStringLiteral("outputs/")))) {
        menu->addSeparator();
        QAction* registerAction = menu->addAction(tr("&Register as Model…"), this, [this, item] { showRegisterModelDialog(item); });
        registerAction->setObjectName(QStringLiteral("registerModelAction"));
        registerAction->setEnabled(canRegister(item));
        if (!registerAction->isEnabled())
            registerAction->setToolTip(tr("Models can be registered once the run has finished."));
    }
    return menu;
}

void ArtifactsBrowser::showContextMenu(const QPoint& pos)
{
    QMenu* menu = contextMenuFor(m_view->indexAt(pos));
    if (!menu)
        return;
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_view->viewport()->mapToGlobal(pos));
}

void ArtifactsBrowser::previewItem(const QModelIndex& current)
{
    const QModelIndex index = current.siblingAtColumn(RunFilesModel::NameColumn);
    const QString relative = m_model->relativePath(index);
    if (!index.isValid() || m_model->isFolder(index)) {
        m_previewedPath.clear();
        m_preview->showMessage(index.isValid() ? tr("%1 is a folder.").arg(relative) : tr("Select a file to preview it."));
        return;
    }
    // A live refresh re-selects the same item: the preview is not read again for that.
    if (relative == m_previewedPath)
        return;
    m_previewedPath = relative;
    if (!m_model->isSnapshot(index)) {
        m_preview->showFile(m_model->absolutePath(index));
        return;
    }
    const Workspace workspace = m_workspace;
    const QString snapshotId = m_snapshotId;
    const QString tempRoot = temporaryRoot();
    const QString inside = relative.mid(snapshotPrefix().size());
    m_preview->showFile(relative, [workspace, snapshotId, tempRoot, inside](QString* error) {
        if (tempRoot.isEmpty()) {
            *error = tr("Cannot create a temporary folder for the snapshot.");
            return QString();
        }
        const QString root = materializedSnapshot(workspace, snapshotId, tempRoot, error);
        return root.isEmpty() ? QString() : root + QLatin1Char('/') + inside;
    });
}

void ArtifactsBrowser::itemDoubleClicked(const QModelIndex& index)
{
    if (index.isValid() && !m_model->isFolder(index))
        openItem(index.siblingAtColumn(RunFilesModel::NameColumn));
}
