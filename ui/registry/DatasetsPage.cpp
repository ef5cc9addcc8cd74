#include "registry/DatasetsPage.h"

#include "artifacts/ArtifactCopyJob.h"
#include "registry/DatasetNameDialog.h"
#include "registry/DatasetsModel.h"
#include "shell/UserPrompts.h"
#include "workspace/WorkspaceWatcher.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSet>
#include <QTreeView>
#include <QVBoxLayout>

#include <memory>

DatasetsPage::DatasetsPage(const Workspace& workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace),
      m_reload([workspace] { return DatasetRegistry(workspace).list(); },
               [this](const QVector<DatasetRecord>& datasets) { applyDatasets(datasets); })
{
    setAccessibleName(tr("Datasets"));
    setAcceptDrops(true);
    m_model = new DatasetsModel(this);
    m_view = new QTreeView(this);
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Registered datasets"));
    m_view->setUniformRowHeights(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* refreshButton = new QPushButton(tr("&Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("refreshButton"));
    refreshButton->setAccessibleName(tr("Refresh datasets"));
    auto* folderButton = new QPushButton(tr("Register &Folder…"), this);
    folderButton->setObjectName(QStringLiteral("registerFolderButton"));
    folderButton->setAccessibleName(tr("Register a folder as a dataset"));
    auto* fileButton = new QPushButton(tr("Register F&ile…"), this);
    fileButton->setObjectName(QStringLiteral("registerFileButton"));
    fileButton->setAccessibleName(tr("Register a file as a dataset"));
    connect(refreshButton, &QPushButton::clicked, this, &DatasetsPage::refresh);
    connect(folderButton, &QPushButton::clicked, this, &DatasetsPage::registerFolder);
    connect(fileButton, &QPushButton::clicked, this, &DatasetsPage::registerFile);

    auto* hint = new QLabel(tr("Drop a folder or file here to register it as a dataset."), this);
    hint->setAccessibleName(tr("Drop hint"));
    hint->setWordWrap(true); // on a narrow window the hint takes two lines rather than widening the window
    m_message = new QLabel(this);
    m_message->setAccessibleName(tr("Datasets status"));
    m_message->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(refreshButton);
    buttons->addWidget(hint, 1);
    buttons->addWidget(folderButton);
    buttons->addWidget(fileButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    m_watcher = new WorkspaceWatcher(m_workspace, this);
    connect(m_watcher, &WorkspaceWatcher::changed, this, &DatasetsPage::refresh);
    m_watcher->start(1000);
    refresh();
}

DatasetsPage::~DatasetsPage() = default; // registration jobs finish on their own; they own no page state

void DatasetsPage::refresh() { m_reload.request(); }

void DatasetsPage::applyDatasets(const QVector<DatasetRecord>& datasets)
{
    // The reset forgets the view's state, so collapsed names and the current row are put back by name.
    const QModelIndex current = m_view->currentIndex();
    const QString currentName = current.data(DatasetsModel::NameRole).toString();
    const int currentVersion = current.data(DatasetsModel::VersionRole).toInt();
    QSet<QString> collapsed;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex name = m_model->index(row, 0);
        if (!m_view->isExpanded(name))
            collapsed.insert(name.data(DatasetsModel::NameRole).toString());
    }
    m_model->setDatasets(datasets);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex name = m_model->index(row, 0);
        if (!collapsed.contains(name.data(DatasetsModel::NameRole).toString()))
            m_view->expand(name);
    }
    if (!currentName.isEmpty())
        m_view->setCurrentIndex(m_model->indexOf(currentName, currentVersion));
    emit refreshed();
}

void DatasetsPage::registerFolder()
{
    const QString folder = UserPrompts::existingDirectory(this, tr("Register a folder as a dataset"));
    if (!folder.isEmpty())
        askNameAndRegister(folder);
}

void DatasetsPage::registerFile()
{
    const QString file = UserPrompts::openFileName(this, tr("Register a file as a dataset"));
    if (!file.isEmpty())
        askNameAndRegister(file);
}

DatasetNameDialog* DatasetsPage::askNameAndRegister(const QString& path)
{
    auto* dialog = new DatasetNameDialog(path, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        registerPath(dialog->path(), dialog->name(), dialog->description());
    });
    dialog->open();
    return dialog;
}

void DatasetsPage::registerPath(const QString& path, const QString& name, const QString& description)
{
    const Workspace workspace = m_workspace;
    auto version = std::make_shared<int>(0);
    auto* job = new ArtifactCopyJob([workspace, path, name, description, version](QString* error, const ArtifactCopyJob::Progress&) {
        const auto dataset = DatasetRegistry(workspace).add(name, path, description, error);
        if (dataset)
            *version = dataset->version;
        return dataset.has_value();
    });
    m_jobs.removeAll(QPointer<ArtifactCopyJob>());
    m_jobs << job;
    connect(job, &ArtifactCopyJob::finished, this, [this, name, path, version](bool ok, const QString& error) {
        if (!ok) {
            setStatusMessage(tr("Cannot register %1: %2").arg(path, error));
            UserPrompts::warning(this, tr("Register dataset"), error);
            return;
        }
        setStatusMessage(tr("Registered dataset %1 version %2").arg(name).arg(*version));
        emit datasetRegistered(name, *version);
        refresh();
    });
    setStatusMessage(tr("Registering %1 (measuring its size)…").arg(path));
    job->start();
}

void DatasetsPage::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.constFirst().isLocalFile())
        event->acceptProposedAction();
}

void DatasetsPage::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.constFirst().isLocalFile())
        return;
    const QString path = urls.constFirst().toLocalFile();
    if (!QFileInfo::exists(path)) {
        UserPrompts::warning(this, tr("Register dataset"), tr("%1 does not exist.").arg(path));
        return;
    }
    if (urls.size() > 1)
        setStatusMessage(tr("Several items were dropped; registering the first, %1.").arg(path));
    event->acceptProposedAction();
    askNameAndRegister(path);
}

QString DatasetsPage::statusMessage() const { return m_message->text(); }

void DatasetsPage::setStatusMessage(const QString& text) { m_message->setText(text); }

bool DatasetsPage::hasJobsRunning() const
{
    return std::any_of(m_jobs.begin(), m_jobs.end(), [](const auto& job) { return !job.isNull(); });
}
