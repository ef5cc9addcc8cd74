#include "registry/ModelsPage.h"

#include "artifacts/ArtifactCopyJob.h"
#include "files/FileTree.h"
#include "metrics/SystemMetricName.h"
#include "registry/ModelEditDialog.h"
#include "registry/ModelsModel.h"
#include "shell/UserPrompts.h"
#include "workspace/WorkspaceWatcher.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

ModelsPage::ModelsPage(const Workspace& workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace),
      m_reload(
          [workspace] {
              ModelsListing listing;
              listing.models = ModelRegistry(workspace).list(&listing.error);
              const RunStore runs(workspace);
              for (const ModelRecord& model : std::as_const(listing.models)) {
                  if (model.runId.isEmpty() || listing.runMetrics.contains(model.runId))
                      continue;
                  QString error;
                  QVector<RunMetricSummary> metrics = runs.metricSummaries(model.runId, &error);
                  metrics.erase(std::remove_if(metrics.begin(), metrics.end(),
                                               [](const RunMetricSummary& m) { return SystemMetricName::parse(m.name).has_value(); }),
                                metrics.end());
                  listing.runMetrics.insert(model.runId, metrics);
              }
              return listing;
          },
          [this](const ModelsListing& listing) { applyModels(listing); })
{
    setAccessibleName(tr("Models"));
    m_model = new ModelsModel(this);
    m_view = new QTreeView(this);
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Registered models"));
    m_view->setUniformRowHeights(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_details = new QLabel(this);
    m_details->setAccessibleName(tr("Model version details"));
    m_details->setWordWrap(true);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_details->setMinimumWidth(220);
    connect(m_details, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link.startsWith(QStringLiteral("run:")))
            emit openRunRequested(link.mid(4));
    });

    auto* refreshButton = new QPushButton(tr("&Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("refreshButton"));
    refreshButton->setAccessibleName(tr("Refresh models"));
    m_openRun = new QPushButton(tr("Open Source &Run"), this);
    m_openRun->setObjectName(QStringLiteral("openRunButton"));
    m_openRun->setAccessibleName(tr("Open source run"));
    m_download = new QPushButton(tr("&Download…"), this);
    m_download->setObjectName(QStringLiteral("downloadButton"));
    m_download->setAccessibleName(tr("Download model version"));
    m_delete = new QPushButton(tr("De&lete Version…"), this);
    m_delete->setObjectName(QStringLiteral("deleteButton"));
    m_delete->setAccessibleName(tr("Delete model version"));
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_edit->setObjectName(QStringLiteral("editButton"));
    m_edit->setAccessibleName(tr("Edit description and tags"));
    m_alias = new QPushButton(tr("Set &Alias…"), this);
    m_alias->setObjectName(QStringLiteral("aliasButton"));
    m_alias->setAccessibleName(tr("Point an alias at this version"));
    m_alias->setToolTip(tr("Points an alias such as production or staging at this version; NAME@ALIAS then names it "
                           "(trainyard-cli model-download NAME@ALIAS)"));
    connect(m_edit, &QPushButton::clicked, this, &ModelsPage::editSelected);
    connect(m_alias, &QPushButton::clicked, this, &ModelsPage::setAliasOfSelected);
    connect(refreshButton, &QPushButton::clicked, this, &ModelsPage::refresh);
    connect(m_openRun, &QPushButton::clicked, this, &ModelsPage::openSelectedRun);
    connect(m_download, &QPushButton::clicked, this, &ModelsPage::downloadSelected);
    connect(m_delete, &QPushButton::clicked, this, &ModelsPage::deleteSelected);

    auto* deleteShortcut = new QAction(this);
    deleteShortcut->setShortcut(QKeySequence::Delete);
    deleteShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(deleteShortcut, &QAction::triggered, this, &ModelsPage::deleteSelected);
    m_view->addAction(deleteShortcut);
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.column() == ModelsModel::SourceRunColumn)
            openSelectedRun();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ModelsPage::updateDetails);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ModelsPage::updateDetails);

    m_message = new QLabel(this);
    m_message->setAccessibleName(tr("Models status"));
    m_message->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(refreshButton);
    buttons->addStretch();
    buttons->addWidget(m_edit);
    buttons->addWidget(m_alias);
    buttons->addWidget(m_openRun);
    buttons->addWidget(m_download);
    buttons->addWidget(m_delete);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    m_watcher = new WorkspaceWatcher(m_workspace, this);
    connect(m_watcher, &WorkspaceWatcher::changed, this, &ModelsPage::refresh);
    m_watcher->start(1000);

    updateDetails();
    refresh();
}

ModelsPage::~ModelsPage()
{
    for (const auto& job : std::as_const(m_jobs))
        if (job)
            job->cancel();
}

void ModelsPage::refresh() { m_reload.request(); }

void ModelsPage::applyModels(const ModelsListing& listing)
{
    if (!listing.error.isEmpty()) {
        // A failed read keeps what was shown: it is said, never shown as "no models".
        setStatusMessage(tr("Cannot read the models: %1").arg(listing.error));
        emit refreshed();
        return;
    }
    const QVector<ModelRecord>& models = listing.models;
    m_runMetrics = listing.runMetrics;
    // A reset forgets the view's state, so what the user had open and selected is put back by name.
    const auto selected = selectedVersion();
    QString selectedName;
    if (!selected && m_view->currentIndex().isValid())
        selectedName = m_view->currentIndex().data(ModelsModel::NameRole).toString();
    QSet<QString> collapsed;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex name = m_model->index(row, 0);
        if (!m_view->isExpanded(name))
            collapsed.insert(name.data(ModelsModel::NameRole).toString());
    }
    m_model->setModels(models);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex name = m_model->index(row, 0);
        if (!collapsed.contains(name.data(ModelsModel::NameRole).toString()))
            m_view->expand(name);
    }
    if (selected && !selectVersion(selected->name, selected->version))
        selectVersion(selected->name, 0);
    else if (!selectedName.isEmpty())
        selectVersion(selectedName, 0);
    updateDetails();
    emit refreshed();
}

bool ModelsPage::selectVersion(const QString& name, int version)
{
    const QModelIndex index = m_model->indexOf(name, version);
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

std::optional<ModelRecord> ModelsPage::selectedVersion() const { return m_model->record(m_view->currentIndex()); }

void ModelsPage::updateDetails()
{
    const auto model = selectedVersion();
    m_openRun->setEnabled(model.has_value());
    m_download->setEnabled(model.has_value());
    m_delete->setEnabled(model.has_value());
    m_edit->setEnabled(model.has_value());
    m_alias->setEnabled(model.has_value());
    if (!model) {
        m_details->setText(m_model->rowCount() == 0
                               ? tr("No models yet. Register one from a finished run's outputs in its Artifacts tab.")
                               : tr("Select a version to see its details."));
        return;
    }
    QString tags;
    for (const auto& tag : model->tags)
        tags += QStringLiteral("<br>&nbsp;&nbsp;%1 = %2").arg(tag.first.toHtmlEscaped(), tag.second.toHtmlEscaped());
    QString metrics;
    const QVector<RunMetricSummary> runMetrics = m_runMetrics.value(model->runId);
    for (const RunMetricSummary& metric : runMetrics)
        metrics += QStringLiteral("<br>&nbsp;&nbsp;%1 = %2").arg(metric.name.toHtmlEscaped(), QLocale().toString(metric.lastValue, 'g', 6));
    const QString aliases = model->aliases.isEmpty() ? tr("none") : model->aliases.join(QStringLiteral(", ")).toHtmlEscaped();
    m_details->setText(
        tr("<b>%1</b> version %2<br>Aliases: %10<br>Created: %3<br>Source run: <a href=\"run:%4\">%4</a> (%5)"
           "<br>Source run metrics:%11<br>Size: %6 in %n file(s)<br>Path: %7<br>Tags:%8<br>%9",
           nullptr, int(model->fileCount))
            .arg(model->name.toHtmlEscaped())
            .arg(model->version)
            .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(model->createdAt), QLocale::ShortFormat),
                 model->runId.toHtmlEscaped(), model->sourcePath.toHtmlEscaped(), QLocale().formattedDataSize(model->size),
                 model->storedPath.toHtmlEscaped(), tags.isEmpty() ? tr(" none") : tags,
                 model->description.toHtmlEscaped())
            .arg(aliases, metrics.isEmpty() ? tr(" none recorded") : metrics));
}

void ModelsPage::openSelectedRun()
{
    if (const auto model = selectedVersion())
        emit openRunRequested(model->runId);
}

void ModelsPage::downloadSelected()
{
    const auto model = selectedVersion();
    if (!model)
        return;
    const QString folder = UserPrompts::existingDirectory(this, tr("Download %1 version %2 to").arg(model->name).arg(model->version));
    if (folder.isEmpty())
        return;
    const QString destination = QDir(folder).absoluteFilePath(QFileInfo(model->storedPath).fileName());
    const bool exists = QFileInfo::exists(destination) || QFileInfo(destination).isSymLink();
    if (exists
        && UserPrompts::question(this, tr("Replace?"), tr("%1 already exists. Replace it with %2 version %3?")
                                                            .arg(destination, model->name).arg(model->version))
            != QMessageBox::Yes) {
        setStatusMessage(tr("Not downloaded: %1 already exists.").arg(destination));
        return;
    }
    const QString source = model->storedPath;
    auto* job = new ArtifactCopyJob([source, destination, exists](QString* error, const ArtifactCopyJob::Progress& progress) {
        return ArtifactCopyJob::copyReplacing(destination, exists, [&](const QString& target) {
            return FileTree::copy(source, target, false, error, progress);
        }, error);
    });
    track(job);
    job->showProgressDialog(this, tr("Downloading %1 version %2…").arg(model->name).arg(model->version));
    const QString label = tr("%1 version %2").arg(model->name).arg(model->version);
    connect(job, &ArtifactCopyJob::finished, this, [this, label, destination](bool ok, const QString& error) {
        if (ok) {
            setStatusMessage(tr("Downloaded %1 to %2").arg(label, destination));
            return;
        }
        setStatusMessage(tr("Download of %1 failed: %2").arg(label, error));
        UserPrompts::warning(this, tr("Download failed"), tr("Download of %1 failed: %2").arg(label, error));
    });
    job->start();
}

void ModelsPage::deleteSelected()
{
    const auto model = selectedVersion();
    if (!model)
        return;
    if (UserPrompts::question(this, tr("Delete model version"),
                              tr("Delete %1 version %2? Its stored files are removed from the workspace; the run that "
                                 "produced it keeps its outputs.").arg(model->name).arg(model->version))
        != QMessageBox::Yes) {
        setStatusMessage(tr("Kept %1 version %2.").arg(model->name).arg(model->version));
        return;
    }
    const Workspace workspace = m_workspace;
    const QString name = model->name;
    const int version = model->version;
    auto* job = new ArtifactCopyJob([workspace, name, version](QString* error, const ArtifactCopyJob::Progress&) {
        return ModelRegistry(workspace).remove(name, version, error);
    });
    track(job);
    connect(job, &ArtifactCopyJob::finished, this, [this, name, version](bool ok, const QString& error) {
        if (ok)
            setStatusMessage(tr("Deleted %1 version %2.").arg(name).arg(version));
        else {
            setStatusMessage(tr("Cannot delete %1 version %2: %3").arg(name).arg(version).arg(error));
            UserPrompts::warning(this, tr("Delete model version"), error);
        }
        refresh();
    });
    job->start();
}

void ModelsPage::editSelected()
{
    const auto model = selectedVersion();
    if (!model)
        return;
    ModelEditDialog dialog(tr("Edit %1 version %2").arg(model->name).arg(model->version), model->description, model->tags, this);
    if (!UserPrompts::accepted(dialog, tr("description and tags of %1 version %2").arg(model->name).arg(model->version)))
        return;
    applyEdit(dialog.description(), dialog.tags());
}

void ModelsPage::applyEdit(const QString& description, const QVector<QPair<QString, QString>>& tags)
{
    const auto model = selectedVersion();
    if (!model)
        return;
    const QString name = model->name;
    const int version = model->version;
    write(tr("Saved %1 version %2.").arg(name).arg(version), [name, version, description, tags](ModelRegistry& registry, QString* error) {
        return registry.update(name, version, description, tags, error);
    });
}

void ModelsPage::setAliasOfSelected()
{
    const auto model = selectedVersion();
    if (!model)
        return;
    const std::optional<QString> alias =
        UserPrompts::text(this, tr("Set alias"), tr("Alias of %1 to point at version %2 (e.g. production, staging):")
                                                      .arg(model->name).arg(model->version));
    if (alias && !alias->trimmed().isEmpty())
        setAlias(alias->trimmed());
}

void ModelsPage::setAlias(const QString& alias)
{
    const auto model = selectedVersion();
    if (!model)
        return;
    if (!ModelRegistry::isValidAlias(alias)) {
        setStatusMessage(tr("Alias \"%1\": expected a letter, then up to 63 letters, digits, '.', '_' or '-'.").arg(alias));
        return;
    }
    const QString name = model->name;
    const int version = model->version;
    write(tr("%1@%2 is version %3.").arg(name, alias).arg(version), [name, version, alias](ModelRegistry& registry, QString* error) {
        return registry.setAlias(name, version, alias, error);
    });
}

void ModelsPage::removeAlias(const QString& alias)
{
    const auto model = selectedVersion();
    if (!model)
        return;
    const QString name = model->name;
    write(tr("Removed alias %1 of %2.").arg(alias, name), [name, alias](ModelRegistry& registry, QString* error) {
        return registry.removeAlias(name, alias, error);
    });
}

void ModelsPage::write(const QString& done, std::function<bool(ModelRegistry&, QString*)> change)
{
    const Workspace workspace = m_workspace;
    auto* job = new ArtifactCopyJob([workspace, change](QString* error, const ArtifactCopyJob::Progress&) {
        ModelRegistry registry(workspace);
        return change(registry, error);
    });
    track(job);
    connect(job, &ArtifactCopyJob::finished, this, [this, done](bool ok, const QString& error) {
        setStatusMessage(ok ? done : error);
        if (!ok)
            UserPrompts::warning(this, tr("Models"), error);
        refresh();
    });
    job->start();
}

QString ModelsPage::statusMessage() const { return m_message->text(); }

void ModelsPage::setStatusMessage(const QString& text) { m_message->setText(text); }

bool ModelsPage::hasJobsRunning() const
{
    return std::any_of(m_jobs.begin(), m_jobs.end(), [](const auto& job) { return !job.isNull(); });
}

void ModelsPage::track(ArtifactCopyJob* job)
{
    m_jobs.removeAll(QPointer<ArtifactCopyJob>());
    m_jobs << job;
}
