#include "runs/RunPage.h"

#include "runs/RunLabels.h"
#include "artifacts/ArtifactsBrowser.h"
#include "estimator/CommandLineBuilder.h"
#include "logs/LogViewWidget.h"
#include "metrics/MetricsChartWidget.h"
#include "run/RunFiles.h"
#include "runs/RunStatusStyle.h"
#include "run/RunStore.h"
#include "run/RunTagName.h"
#include "runs/RunWrite.h"
#include "shell/UserPrompts.h"

#include <QApplication>
#include <QDateTime>
#include <QFutureWatcher>
#include <QtConcurrent>
#include <QFontDatabase>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QString timeText(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QStringLiteral("—");
}

QString durationText(const RunRecord& run)
{
    if (run.startedAt <= 0)
        return QStringLiteral("—");
    return RunLabels::duration((run.endedAt > 0 ? run.endedAt : RunStore::nowMs()) - run.startedAt);
}

QLabel* valueLabel(QWidget* parent, const QString& accessibleName)
{
    auto* label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    label->setAccessibleName(accessibleName);
    return label;
}

QTableWidget* smallTable(QWidget* parent, const QStringList& headers, const QString& accessibleName)
{
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAccessibleName(accessibleName);
    table->setMaximumHeight(180);
    return table;
}

QTableWidgetItem* cell(const QString& text) { return new QTableWidgetItem(text); }

} // namespace

RunPage::RunPage(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace)
{
    m_tabs = new QTabWidget(this);
    m_tabs->setAccessibleName(tr("Run tabs"));
    m_tabs->setDocumentMode(true);
    m_logs = new LogViewWidget(workspace, m_tabs);
    m_metrics = new MetricsChartWidget(workspace, m_tabs);
    m_artifacts = new ArtifactsBrowser(workspace, m_tabs);
    m_logs->setAccessibleName(tr("Logs"));
    m_metrics->setAccessibleName(tr("Metrics"));
    m_artifacts->setAccessibleName(tr("Artifacts"));
    m_tabs->addTab(buildSummary(), tr("Summary"));
    m_tabs->addTab(m_logs, tr("Logs"));
    m_tabs->addTab(m_metrics, tr("Metrics"));
    m_tabs->addTab(m_artifacts, tr("Artifacts"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    connect(m_artifacts, &ArtifactsBrowser::modelRegistered, this, &RunPage::modelRegistered);
    showRun(std::nullopt);
}

QWidget* RunPage::buildSummary()
{
    auto* scroll = new QScrollArea(m_tabs);
    scroll->setWidgetResizable(true);
    scroll->setAccessibleName(tr("Run summary"));
    auto* content = new QWidget(scroll);
    auto* layout = new QVBoxLayout(content);

    auto* header = new QHBoxLayout;
    m_titleLabel = valueLabel(content, tr("Run id"));
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_titleLabel->setFont(titleFont);
    m_cancelButton = new QPushButton(tr("Cancel run"), content);
    m_cancelButton->setAccessibleName(tr("Cancel run"));
    m_cancelButton->setToolTip(tr("Stop this run (Ctrl+.)"));
    m_resubmitButton = new QPushButton(tr("Resubmit…"), content);
    m_resubmitButton->setAccessibleName(tr("Resubmit run"));
    m_resubmitButton->setToolTip(tr("Open this run's estimator in the form, to change and submit it again"));
    header->addWidget(m_titleLabel, 1);
    header->addWidget(m_cancelButton);
    header->addWidget(m_resubmitButton);
    layout->addLayout(header);

    auto* form = new QFormLayout;
    m_statusLabel = valueLabel(content, tr("Status"));
    m_submittedLabel = valueLabel(content, tr("Submitted"));
    m_startedLabel = valueLabel(content, tr("Started"));
    m_endedLabel = valueLabel(content, tr("Ended"));
    m_durationLabel = valueLabel(content, tr("Duration"));
    m_exitLabel = valueLabel(content, tr("Exit code"));
    m_errorLabel = valueLabel(content, tr("Error"));
    m_causeLabel = valueLabel(content, tr("Cause"));
    m_causeLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_targetLabel = valueLabel(content, tr("Compute target"));
    m_gitLabel = valueLabel(content, tr("Git"));
    m_dirtyBadge = new QLabel(tr("dirty"), content);
    m_dirtyBadge->setAccessibleName(tr("Uncommitted changes"));
    m_dirtyBadge->setToolTip(tr("The source folder had uncommitted changes when the run was submitted"));
    // A badge: the palette's highlight colours, so it reads on dark and light themes.
    m_dirtyBadge->setStyleSheet(QStringLiteral("QLabel { background: palette(highlight); color: palette(highlighted-text); "
                                               "border-radius: 3px; padding: 0 4px; }"));
    auto* gitRow = new QHBoxLayout;
    gitRow->addWidget(m_gitLabel, 1);
    gitRow->addWidget(m_dirtyBadge);
    m_commandLabel = valueLabel(content, tr("Command line"));
    m_commandLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_nameEdit = new QLineEdit(content);
    m_nameEdit->setAccessibleName(tr("Run name"));
    m_nameEdit->setPlaceholderText(tr("A name shown instead of the run's id"));
    m_nameEdit->setMaxLength(RunStore::kMaxDisplayNameLength);
    m_noteEdit = new QPlainTextEdit(content);
    m_noteEdit->setAccessibleName(tr("Note"));
    m_noteEdit->setPlaceholderText(tr("What this run tried, what came of it"));
    m_noteEdit->setMaximumHeight(90);
    m_noteEdit->setTabChangesFocus(true);
    m_saveNoteButton = new QPushButton(tr("Save note"), content);
    m_saveNoteButton->setAccessibleName(tr("Save note"));
    m_saveNoteButton->setEnabled(false);
    auto* noteRow = new QHBoxLayout;
    noteRow->addWidget(m_noteEdit, 1);
    noteRow->addWidget(m_saveNoteButton, 0, Qt::AlignTop);
    m_editError = new QLabel(content);
    m_editError->setAccessibleName(tr("Edit error"));
    m_editError->setWordWrap(true);
    m_editError->setStyleSheet(QStringLiteral("color: #d9534f;"));
    m_editError->hide();
    form->addRow(tr("Name:"), m_nameEdit);
    form->addRow(tr("Status:"), m_statusLabel);
    form->addRow(tr("Submitted:"), m_submittedLabel);
    form->addRow(tr("Started:"), m_startedLabel);
    form->addRow(tr("Ended:"), m_endedLabel);
    form->addRow(tr("Duration:"), m_durationLabel);
    form->addRow(tr("Exit code:"), m_exitLabel);
    form->addRow(tr("Error:"), m_errorLabel);
    m_causeTitle = new QLabel(tr("Cause:"), content);
    form->addRow(m_causeTitle, m_causeLabel);
    m_causeTitle->hide();
    m_causeLabel->hide();
    form->addRow(tr("Target:"), m_targetLabel);
    form->addRow(tr("Git:"), gitRow);
    form->addRow(tr("Command:"), m_commandLabel);
    form->addRow(tr("Tags:"), buildTagsEditor(content));
    form->addRow(tr("Note:"), noteRow);
    form->addRow(QString(), m_editError);
    layout->addLayout(form);
    layout->addWidget(buildEnvironmentSection(content));

    m_parameters = smallTable(content, {tr("Parameter"), tr("Value")}, tr("Script parameters"));
    m_metricValues = smallTable(content, {tr("Metric"), tr("Last value"), tr("Step"), tr("Points")}, tr("Last metric values"));
    layout->addWidget(new QLabel(tr("Parameters"), content));
    layout->addWidget(m_parameters);
    layout->addWidget(new QLabel(tr("Metrics"), content));
    layout->addWidget(m_metricValues);
    layout->addStretch(1);
    scroll->setWidget(content);

    connect(m_cancelButton, &QPushButton::clicked, this, &RunPage::cancelRun);
    connect(m_resubmitButton, &QPushButton::clicked, this, &RunPage::resubmit);
    connect(m_nameEdit, &QLineEdit::editingFinished, this, &RunPage::commitName);
    connect(m_noteEdit, &QPlainTextEdit::modificationChanged, m_saveNoteButton, &QPushButton::setEnabled);
    connect(m_saveNoteButton, &QPushButton::clicked, this, &RunPage::saveNote);
    return scroll;
}

QWidget* RunPage::buildTagsEditor(QWidget* parent)
{
    auto* box = new QWidget(parent);
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tagsTable = smallTable(box, {tr("Tag"), tr("Value")}, tr("Tags"));
    m_tagsTable->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                 | QAbstractItemView::AnyKeyPressed);
    m_tagsTable->setMaximumHeight(120);
    m_addTagButton = new QPushButton(tr("Add tag"), box);
    m_addTagButton->setAccessibleName(tr("Add tag"));
    m_removeTagButton = new QPushButton(tr("Remove tag"), box);
    m_removeTagButton->setAccessibleName(tr("Remove tag"));
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_addTagButton);
    buttons->addWidget(m_removeTagButton);
    buttons->addStretch(1);
    layout->addWidget(m_tagsTable, 1);
    layout->addLayout(buttons);
    connect(m_addTagButton, &QPushButton::clicked, this, &RunPage::addTag);
    connect(m_removeTagButton, &QPushButton::clicked, this, &RunPage::removeSelectedTag);
    connect(m_tagsTable, &QTableWidget::itemChanged, this, &RunPage::onTagEdited);
    return box;
}

void RunPage::showUserFields(const std::optional<RunRecord>& run, const QVector<QPair<QString, QString>>& tags)
{
    const QString runId = run ? run->id : QString();
    // Another run's edits in progress are dropped; the same run's are never overwritten by a live refresh.
    const bool otherRun = runId != m_userFieldsRunId;
    m_userFieldsRunId = runId;
    if (otherRun)
        m_editError->hide();
    for (QWidget* editor : std::initializer_list<QWidget*>{m_nameEdit, m_noteEdit, m_tagsTable, m_addTagButton, m_removeTagButton})
        editor->setEnabled(run.has_value());
    if (otherRun || !m_nameEdit->isModified()) {
        m_nameEdit->setText(run ? run->displayName : QString());
        m_nameEdit->setModified(false);
    }
    if (otherRun || !m_noteEdit->document()->isModified()) {
        m_noteEdit->setPlainText(run ? run->note : QString());
        m_noteEdit->document()->setModified(false);
    }
    m_saveNoteButton->setEnabled(run && m_noteEdit->document()->isModified());
    // A cell being edited has its editor focused inside the table.
    const QWidget* focus = QApplication::focusWidget();
    if (!otherRun && focus && focus != m_tagsTable && m_tagsTable->isAncestorOf(focus))
        return;
    const QSignalBlocker blocker(m_tagsTable);
    m_tagsTable->setRowCount(int(tags.size()));
    for (int i = 0; i < tags.size(); ++i) {
        auto* name = cell(tags.at(i).first);
        // The name as stored: an edited name renames the tag.
        name->setData(Qt::UserRole, tags.at(i).first);
        m_tagsTable->setItem(i, 0, name);
        m_tagsTable->setItem(i, 1, cell(tags.at(i).second));
    }
}

void RunPage::writeRun(const QString& what, const std::function<QString(RunStore&, const QString& runId)>& write)
{
    const QString runId = m_userFieldsRunId;
    if (runId.isEmpty())
        return;
    const Workspace workspace = m_workspace;
    RunWrite::start(this, [workspace, runId, write]() -> QString {
        RunStore store(workspace);
        return write(store, runId);
    }, [this, runId, what](const QString& error) {
        if (runId == m_userFieldsRunId) {
            m_editError->setText(error.isEmpty() ? QString() : tr("Cannot save the %1: %2").arg(what, error));
            m_editError->setVisible(!error.isEmpty());
        }
        emit runEdited(runId, error);
        refresh();
    });
}

void RunPage::commitName()
{
    if (!m_run || !m_nameEdit->isModified())
        return;
    const QString name = m_nameEdit->text().trimmed();
    m_nameEdit->setModified(false);
    if (name == m_run->displayName)
        return;
    writeRun(tr("name"), [name](RunStore& store, const QString& runId) -> QString {
        QString error;
        store.setDisplayName(runId, name, &error);
        return error;
    });
}

void RunPage::saveNote()
{
    if (!m_run)
        return;
    const QString note = m_noteEdit->toPlainText();
    m_noteEdit->document()->setModified(false);
    writeRun(tr("note"), [note](RunStore& store, const QString& runId) -> QString {
        QString error;
        store.setNote(runId, note, &error);
        return error;
    });
}

void RunPage::addTag()
{
    if (!m_run)
        return;
    int row = -1;
    {
        const QSignalBlocker blocker(m_tagsTable);
        row = m_tagsTable->rowCount();
        m_tagsTable->insertRow(row);
        m_tagsTable->setItem(row, 0, cell(QString()));
        m_tagsTable->setItem(row, 1, cell(QString()));
    }
    // Written once it has a name; until then only this table knows of it.
    m_tagsTable->setCurrentCell(row, 0);
    m_tagsTable->editItem(m_tagsTable->item(row, 0));
}

void RunPage::removeSelectedTag()
{
    const int row = m_tagsTable->currentRow();
    if (!m_run || row < 0 || !m_tagsTable->item(row, 0))
        return;
    const QString name = m_tagsTable->item(row, 0)->data(Qt::UserRole).toString();
    if (name.isEmpty()) {
        m_tagsTable->removeRow(row); // a new row never written
        return;
    }
    writeRun(tr("tags"), [name](RunStore& store, const QString& runId) -> QString {
        QString error;
        store.removeTag(runId, name, &error);
        return error;
    });
}

void RunPage::onTagEdited(QTableWidgetItem* item)
{
    const int row = item->row();
    QTableWidgetItem* nameItem = m_tagsTable->item(row, 0);
    QTableWidgetItem* valueItem = m_tagsTable->item(row, 1);
    if (!m_run || !nameItem || !valueItem)
        return;
    const QString stored = nameItem->data(Qt::UserRole).toString();
    const QString name = nameItem->text().trimmed();
    const QString value = valueItem->text();
    if (name.isEmpty() && stored.isEmpty())
        return; // a new row whose value came first
    QString error;
    if (!RunTagName::isValid(name, &error)) {
        m_editError->setText(tr("Cannot save the tags: %1").arg(error));
        m_editError->show();
        return;
    }
    {
        // The row names the tag it is from now on, so that a value typed before the table is read again goes to it.
        const QSignalBlocker blocker(m_tagsTable);
        nameItem->setData(Qt::UserRole, name);
    }
    writeRun(tr("tags"), [name, value, stored](RunStore& store, const QString& runId) -> QString {
        // A renamed tag: the new name is written before the old one goes, so a failure never loses the value.
        if (!store.setTag(runId, name, value))
            return store.lastError();
        QString error;
        if (!stored.isEmpty() && stored != name)
            store.removeTag(runId, stored, &error);
        return error;
    });
}

QWidget* RunPage::buildEnvironmentSection(QWidget* parent)
{
    auto* box = new QGroupBox(tr("Environment"), parent);
    box->setAccessibleName(tr("Environment"));
    auto* form = new QFormLayout(box);
    m_environmentLabel = valueLabel(box, tr("Environment hash"));
    m_interpreterLabel = valueLabel(box, tr("Interpreter"));
    m_imageLabel = valueLabel(box, tr("Image"));
    m_hostLabel = valueLabel(box, tr("Host"));
    m_osLabel = valueLabel(box, tr("Operating system"));
    m_cpuLabel = valueLabel(box, tr("CPU"));
    m_memoryLabel = valueLabel(box, tr("Memory"));
    m_gpusLabel = valueLabel(box, tr("GPUs"));
    m_environmentFiles = new QLabel(box);
    m_environmentFiles->setAccessibleName(tr("Environment files"));
    m_environmentFiles->setTextFormat(Qt::RichText);
    m_environmentFiles->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(m_environmentFiles, &QLabel::linkActivated, this, &RunPage::openRunFile);
    form->addRow(tr("Environment:"), m_environmentLabel);
    form->addRow(tr("Interpreter:"), m_interpreterLabel);
    form->addRow(tr("Image:"), m_imageLabel);
    form->addRow(tr("Host:"), m_hostLabel);
    form->addRow(tr("OS:"), m_osLabel);
    form->addRow(tr("CPU:"), m_cpuLabel);
    form->addRow(tr("Memory:"), m_memoryLabel);
    form->addRow(tr("GPUs:"), m_gpusLabel);
    form->addRow(tr("Files:"), m_environmentFiles);
    return box;
}

void RunPage::loadEnvironment()
{
    if (m_environmentLoading) {
        m_environmentAgain = true;
        return;
    }
    const QString runId = currentRunId();
    if (runId.isEmpty()) {
        showEnvironment(EnvironmentFacts{});
        return;
    }
    m_environmentLoading = true;
    const Workspace workspace = m_workspace;
    auto* watcher = new QFutureWatcher<EnvironmentFacts>(this);
    connect(watcher, &QFutureWatcher<EnvironmentFacts>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_environmentLoading = false;
        const EnvironmentFacts facts = watcher->result();
        // A run chosen since gets a read of its own.
        if (m_environmentAgain || facts.runId != currentRunId()) {
            m_environmentAgain = false;
            loadEnvironment();
            return;
        }
        showEnvironment(facts);
    });
    watcher->setFuture(QtConcurrent::run([workspace, runId] {
        EnvironmentFacts facts;
        facts.runId = runId;
        bool used = false;
        facts.environment = EnvironmentStore(workspace).forRun(runId, &used, &facts.environmentError);
        facts.ranWith = RanWith::read(workspace, runId, &facts.ranWithError);
        const RunFiles files(workspace, runId);
        for (const char* path : {RanWith::kPath, RanWith::kFreezePath, RanWith::kCondaListPath, RanWith::kBuildLogPath}) {
            const QString absolute = files.absolutePath(QLatin1String(path));
            if (!absolute.isEmpty() && QFileInfo::exists(absolute))
                facts.files << QLatin1String(path);
        }
        // Bounded (the log's last 64 KiB), and off the GUI thread like the rest.
        FailureCause::fromFile(workspace.runDir(runId) + QStringLiteral("/system/stderr.log"), &facts.failure,
                               &facts.failureError);
        return facts;
    }));
}

void RunPage::showEnvironment(const EnvironmentFacts& facts)
{
    const QString none = QStringLiteral("—");
    const RanWith ranWith = facts.ranWith.value_or(RanWith{});
    if (facts.environment) {
        const EnvironmentRecord& e = *facts.environment;
        QStringList details;
        if (!e.manager.isEmpty())
            details << e.manager;
        if (!e.packages().isEmpty())
            details << e.packagesSummary(5);
        m_environmentLabel->setText(details.isEmpty() ? e.shortHash() : tr("%1 (%2)").arg(e.shortHash(), details.join(QStringLiteral(", "))));
        m_environmentLabel->setToolTip(e.hash);
    } else if (!facts.environmentError.isEmpty()) {
        m_environmentLabel->setText(tr("cannot be read: %1").arg(facts.environmentError));
    } else {
        m_environmentLabel->setText(ranWith.present ? tr("none: the target's interpreter as it is") : none);
    }
    const QString interpreterPath = ranWith.interpreter.value(QStringLiteral("path")).toString(facts.environment ? facts.environment->python : QString());
    const QString interpreterVersion = ranWith.interpreter.value(QStringLiteral("version")).toString(facts.environment ? facts.environment->pythonVersion : QString());
    m_interpreterLabel->setText(interpreterPath.isEmpty() ? none
                                                          : interpreterVersion.isEmpty() ? interpreterPath
                                                                                         : tr("%1 (Python %2)").arg(interpreterPath, interpreterVersion));
    const QString imageRef = ranWith.image.value(QStringLiteral("ref")).toString(facts.environment ? facts.environment->image : QString());
    const QString digest = ranWith.image.value(QStringLiteral("digest")).toString();
    const QString imageId = ranWith.image.value(QStringLiteral("id")).toString(facts.environment ? facts.environment->imageId : QString());
    m_imageLabel->setText(imageRef.isEmpty() ? tr("none")
                                             : tr("%1  %2").arg(imageRef, digest.isEmpty() ? imageId : digest));
    const QJsonObject& host = ranWith.host;
    m_hostLabel->setText(host.value(QStringLiteral("name")).toString(none));
    const QString os = host.value(QStringLiteral("os")).toString();
    const QString kernel = host.value(QStringLiteral("kernel")).toString();
    m_osLabel->setText(os.isEmpty() ? none : kernel.isEmpty() ? os : tr("%1 (kernel %2)").arg(os, kernel));
    const int cpus = host.value(QStringLiteral("cpu_count")).toInt();
    const QString cpuModel = host.value(QStringLiteral("cpu_model")).toString();
    m_cpuLabel->setText(cpus <= 0 && cpuModel.isEmpty() ? none : tr("%1 × %2").arg(cpus).arg(cpuModel.isEmpty() ? tr("CPU") : cpuModel));
    const qint64 memory = qint64(host.value(QStringLiteral("memory_bytes")).toDouble());
    m_memoryLabel->setText(memory > 0 ? QLocale().formattedDataSize(memory) : none);
    QStringList gpus;
    for (const QJsonValue& gpu : host.value(QStringLiteral("gpus")).toArray()) {
        const QJsonObject g = gpu.toObject();
        QStringList gpuFacts{g.value(QStringLiteral("name")).toString()};
        if (!g.value(QStringLiteral("memory")).toString().isEmpty())
            gpuFacts << g.value(QStringLiteral("memory")).toString();
        if (!g.value(QStringLiteral("driver")).toString().isEmpty())
            gpuFacts << tr("driver %1").arg(g.value(QStringLiteral("driver")).toString());
        gpus << gpuFacts.join(QStringLiteral(", "));
    }
    m_gpusLabel->setText(!ranWith.present ? none : gpus.isEmpty() ? tr("none") : gpus.join(QLatin1Char('\n')));
    QString problem;
    if (!facts.ranWithError.isEmpty())
        problem = tr("ran-with.json cannot be read: %1").arg(facts.ranWithError);
    else if (!ranWith.describeError.isEmpty())
        problem = tr("the target could not be described: %1").arg(ranWith.describeError);
    if (!problem.isEmpty())
        m_hostLabel->setText(problem);
    QStringList links;
    for (const QString& path : facts.files)
        links << QStringLiteral("<a href=\"%1\">%2</a>").arg(path.toHtmlEscaped(), QFileInfo(path).fileName().toHtmlEscaped());
    m_environmentFiles->setText(links.isEmpty() ? none : links.join(QStringLiteral(" &nbsp; ")));
    // "exit code 1" says little: a failed run shows the exception that ended it and the traceback's end.
    const bool failed = m_run && m_run->id == facts.runId && m_run->status == RunStatus::Failed;
    const QString cause = !facts.failureError.isEmpty() ? tr("stderr cannot be read: %1").arg(facts.failureError)
                                                        : facts.failure.headline();
    m_causeLabel->setText(cause);
    m_causeLabel->setToolTip(facts.failure.lines.join(QLatin1Char('\n')));
    m_causeTitle->setVisible(failed && !cause.isEmpty());
    m_causeLabel->setVisible(failed && !cause.isEmpty());
    emit environmentShown(facts.runId);
}

void RunPage::openRunFile(const QString& relativePath)
{
    if (relativePath == QLatin1String(RanWith::kBuildLogPath)) {
        m_logs->setCurrentFile(relativePath);
        m_tabs->setCurrentWidget(m_logs);
        return;
    }
    m_artifacts->revealFile(relativePath);
    m_tabs->setCurrentWidget(m_artifacts);
}

void RunPage::setRuns(const QStringList& runIds)
{
    if (runIds == m_runIds)
        return;
    const QString previous = currentRunId();
    m_runIds = runIds;
    // The heavy tabs only restart when the run they show changes.
    if (currentRunId() != previous) {
        m_logs->setRun(currentRunId());
        m_artifacts->setRun(currentRunId());
    }
    m_metrics->setRuns(runIds);
    refresh();
}

void RunPage::refresh()
{
    showRun(currentRunId().isEmpty() ? std::nullopt : RunStore(m_workspace).find(currentRunId()));
    loadEnvironment();
}

void RunPage::showRun(const std::optional<RunRecord>& run)
{
    m_run = run;
    m_cancelButton->setEnabled(run && !isTerminal(run->status));
    m_resubmitButton->setEnabled(run.has_value());
    if (!run) {
        m_titleLabel->setText(currentRunId().isEmpty() ? tr("No run selected") : tr("Run %1 not found").arg(currentRunId()));
        for (QLabel* label : {m_statusLabel, m_submittedLabel, m_startedLabel, m_endedLabel, m_durationLabel, m_exitLabel,
                              m_errorLabel, m_targetLabel, m_gitLabel, m_commandLabel})
            label->clear();
        m_dirtyBadge->hide();
        showUserFields(std::nullopt, {});
        m_parameters->setRowCount(0);
        m_metricValues->setRowCount(0);
        return;
    }
    m_titleLabel->setText(run->id);
    m_statusLabel->setText(RunLabels::statusText(run->status, run->waitingReason) + (run->cancelRequested && !isTerminal(run->status) ? tr(" (cancel requested)") : QString()));
    // Status colours are the one fixed colour in the app: mid-tones chosen to read on light and dark palettes.
    QPalette palette = m_statusLabel->palette();
    palette.setColor(QPalette::WindowText, RunStatusStyle::color(run->status));
    m_statusLabel->setPalette(palette);
    m_submittedLabel->setText(timeText(run->submittedAt));
    m_startedLabel->setText(timeText(run->startedAt));
    m_endedLabel->setText(timeText(run->endedAt));
    m_durationLabel->setText(durationText(*run));
    m_exitLabel->setText(run->exitCode ? QString::number(*run->exitCode) : QStringLiteral("—"));
    m_errorLabel->setText(run->error.isEmpty() ? QStringLiteral("—") : RunLabels::runError(run->error));
    // A Slurm run names its job, so that squeue and sacct can be asked about it.
    const QString slurmJobId = run->targetHandle.value(QStringLiteral("slurm_job_id")).toString();
    m_targetLabel->setText(slurmJobId.isEmpty() ? run->computeTarget : tr("%1 (Slurm job %2)").arg(run->computeTarget, slurmJobId));

    const QString commit = run->git.value(QStringLiteral("commit")).toString();
    if (run->git.value(QStringLiteral("inRepository")).toBool()) {
        m_gitLabel->setText(tr("%1 @ %2  (%3)")
                                .arg(run->git.value(QStringLiteral("branch")).toString().isEmpty() ? tr("detached")
                                                                                                    : run->git.value(QStringLiteral("branch")).toString(),
                                     commit.left(10), run->git.value(QStringLiteral("repository")).toString()));
        m_dirtyBadge->setVisible(run->git.value(QStringLiteral("dirty")).toBool());
    } else {
        m_gitLabel->setText(tr("not a git repository"));
        m_dirtyBadge->hide();
    }
    m_commandLabel->setText(run->command.isEmpty() ? tr("(not started yet)") : CommandLineBuilder::preview(run->command));

    RunStore store(m_workspace);
    showUserFields(run, store.tags(run->id));

    const Estimator estimator = Estimator::fromJson(run->estimator);
    const int paramCount = int(estimator.scriptParams.size());
    m_parameters->setRowCount(paramCount + int(estimator.arguments.size()));
    for (int i = 0; i < paramCount; ++i) {
        const ScriptParam& p = estimator.scriptParams.at(i);
        const QString value = p.kind == ScriptParam::Kind::Flag      ? tr("(flag)")
                              : p.kind == ScriptParam::Kind::Dataset ? tr("dataset %1 (%2)").arg(p.dataset, p.datasetMode)
                                                                     : p.value;
        m_parameters->setItem(i, 0, cell(p.key));
        m_parameters->setItem(i, 1, cell(value));
    }
    // The arguments after them, one row per word as the script receives them.
    for (int i = 0; i < estimator.arguments.size(); ++i) {
        const ScriptArgument& a = estimator.arguments.at(i);
        m_parameters->setItem(paramCount + i, 0, cell(tr("argument %1").arg(i + 1)));
        m_parameters->setItem(paramCount + i, 1, cell(a.kind == ScriptArgument::Kind::Dataset
                                                          ? tr("dataset %1 (%2)").arg(a.dataset, a.datasetMode)
                                                          : a.value));
    }
    const auto metrics = store.metricSummaries(run->id);
    m_metricValues->setRowCount(int(metrics.size()));
    for (int i = 0; i < metrics.size(); ++i) {
        m_metricValues->setItem(i, 0, cell(metrics.at(i).name));
        m_metricValues->setItem(i, 1, cell(QLocale().toString(metrics.at(i).lastValue, 'g', 8)));
        m_metricValues->setItem(i, 2, cell(QString::number(metrics.at(i).lastStep)));
        m_metricValues->setItem(i, 3, cell(QString::number(metrics.at(i).count)));
    }
}

bool RunPage::cancelRun()
{
    refresh();
    if (!m_run || isTerminal(m_run->status))
        return false;
    const QString id = m_run->id;
    if (UserPrompts::question(this, tr("Cancel run"), tr("Cancel run %1? Its process is stopped.").arg(id),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        != QMessageBox::Yes)
        return false;
    // The same core cancel as trainyard-cli's (a queued run ends at once, a live one through its runner), on a
    // worker: a database write may wait for another program's lock, and the window must not.
    const Workspace workspace = m_workspace;
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, id] {
        watcher->deleteLater();
        emit cancelRequested(id);
        refresh();
    });
    watcher->setFuture(QtConcurrent::run([workspace, id] { RunStore(workspace).cancel(id); }));
    return true;
}

void RunPage::resubmit()
{
    if (m_run)
        emit resubmitRequested(Estimator::fromJson(m_run->estimator));
}
