#include "runs/RunsView.h"

#include "runs/RunLabels.h"
#include "runs/RunPage.h"
#include "runs/RunStatusStyle.h"
#include "runs/RunsContextMenu.h"
#include "runs/RunsTableModel.h"

#include "run/RunCsvExport.h"
#include "run/RunFilterExpression.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QCryptographicHash>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QMenu>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSettings>
#include <QStringListModel>
#include <QtConcurrent/QtConcurrentRun>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {
constexpr RunStatus kAllStatuses[] = {RunStatus::Queued,    RunStatus::Preparing, RunStatus::Starting, RunStatus::Running,
                                      RunStatus::Finalizing, RunStatus::Completed, RunStatus::Failed,   RunStatus::Canceled};
} // namespace

RunsView::RunsView(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace)
{
    m_model = new RunsTableModel(workspace, this);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setPlaceholderText(tr("Filter: text of a run id, or e.g. params.lr > 0.01 and metrics.acc.max >= 0.9 (Ctrl+F)"));
    m_filterEdit->setToolTip(tr("Plain text finds runs whose id or experiment contains it. Anything with an operator "
                                "(= != < <= > >= ~), parentheses or and/or/not/in is a filter expression over "
                                "params.NAME, metrics.NAME[.min|.max], tags.NAME, status, name, note, target, "
                                "experiment, submitted, started, ended, duration, archived."));
    m_filterEdit->setAccessibleName(tr("Filter runs"));
    m_filterEdit->setClearButtonEnabled(true);
    m_statusFilter = new QComboBox(this);
    m_statusFilter->setAccessibleName(tr("Status filter"));
    m_statusFilter->addItem(tr("All statuses"), -1);
    for (RunStatus status : kAllStatuses)
        m_statusFilter->addItem(RunStatusStyle::icon(status), RunLabels::status(status), int(status));
    m_metricColumnsEdit = new QLineEdit(this);
    m_metricColumnsEdit->setPlaceholderText(tr("Metric columns, e.g. loss, accuracy"));
    m_metricColumnsEdit->setAccessibleName(tr("Metric columns"));
    m_metricColumnsEdit->setToolTip(tr("Comma-separated metric names shown as columns with each run's last value"));
    m_experimentLabel = new QLabel(this);
    m_experimentLabel->setAccessibleName(tr("Experiment shown"));
    m_completions = new QStringListModel(this);
    m_completer = new QCompleter(m_completions, this);
    m_completer->setWidget(m_filterEdit);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_filterError = new QLabel(this);
    m_filterError->setObjectName(QStringLiteral("filterError"));
    m_filterError->setAccessibleName(tr("Filter error"));
    m_filterError->setTextFormat(Qt::RichText);
    m_filterError->setWordWrap(true);
    m_filterError->hide();
    m_columnsButton = new QPushButton(tr("Columns…"), this);
    m_columnsButton->setAccessibleName(tr("Choose columns"));
    m_columnMenu = new QMenu(this);
    m_columnsButton->setMenu(m_columnMenu);
    connect(m_columnMenu, &QMenu::aboutToShow, this, &RunsView::columnMenu);
    m_showArchived = new QCheckBox(tr("Show archived"), this);
    m_exportButton = new QPushButton(tr("Export CSV…"), this);
    m_exportButton->setToolTip(tr("Writes every run the table lists, with its columns, as CSV"));
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("runCount"));
    m_countLabel->setAccessibleName(tr("Number of runs"));

    auto* filterBar = new QHBoxLayout;
    filterBar->addWidget(m_experimentLabel);
    filterBar->addWidget(m_filterEdit, 2);
    filterBar->addWidget(m_statusFilter);
    filterBar->addWidget(m_metricColumnsEdit, 1);
    filterBar->addWidget(m_countLabel);
    // A row of its own, so the window's narrowest width stays what the first row needs.
    auto* tableBar = new QHBoxLayout;
    tableBar->addWidget(m_columnsButton);
    tableBar->addWidget(m_showArchived);
    tableBar->addWidget(m_exportButton);
    tableBar->addStretch(1);

    m_view = new QTableView(this);
    m_view->setAccessibleName(tr("Runs"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    // Uniform rows: the view never measures 100,000 rows to lay them out.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSortIndicator(RunsTableModel::SubmittedColumn, Qt::DescendingOrder);
    m_view->setSortingEnabled(true);
    m_view->setColumnWidth(RunsTableModel::StatusColumn, 110);
    m_view->setColumnWidth(RunsTableModel::IdColumn, 220);
    m_view->setColumnWidth(RunsTableModel::ExperimentColumn, 160);
    m_view->setColumnWidth(RunsTableModel::SubmittedColumn, 150);

    m_runPage = new RunPage(workspace, this);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("runsSplitter"));
    m_splitter->setChildrenCollapsible(false);
    auto* top = new QWidget(m_splitter);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(filterBar);
    topLayout->addWidget(m_filterError);
    topLayout->addLayout(tableBar);
    topLayout->addWidget(m_view);
    m_noRunsLabel = new QLabel(tr("No runs match"), m_view->viewport());
    m_noRunsLabel->setObjectName(QStringLiteral("noRunsMatch"));
    m_noRunsLabel->setAlignment(Qt::AlignCenter);
    m_noRunsLabel->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_noRunsLabel->hide();
    m_splitter->addWidget(top);
    m_splitter->addWidget(m_runPage);
    // The table is where runs are chosen and compared: it gets most of the height until the user moves the
    // handle (the position is remembered).
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    // Typing runs one SQL query per pause, not one per key.
    m_textFilterDelay.setSingleShot(true);
    m_textFilterDelay.setInterval(250);
    connect(m_filterEdit, &QLineEdit::textChanged, &m_textFilterDelay, qOverload<>(&QTimer::start));
    connect(&m_textFilterDelay, &QTimer::timeout, this, &RunsView::applyTextFilter);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int value = m_statusFilter->currentData().toInt();
        m_model->setStatusFilter(value < 0 ? std::nullopt : std::optional<RunStatus>(RunStatus(value)));
    });
    connect(m_metricColumnsEdit, &QLineEdit::editingFinished, this, &RunsView::applyMetricColumns);
    connect(m_filterEdit, &QLineEdit::textEdited, this, &RunsView::updateCompletions);
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this, &RunsView::insertCompletion);
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view->horizontalHeader(), &QWidget::customContextMenuRequested, this,
            [this](const QPoint& pos) { columnMenu()->popup(m_view->horizontalHeader()->mapToGlobal(pos)); });
    connect(m_showArchived, &QCheckBox::toggled, this, [this](bool shown) {
        RunQueryFilter filter = m_model->filter();
        filter.includeArchived = shown;
        m_model->setFilter(filter);
    });
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export runs as CSV"), QStringLiteral("runs.csv"),
                                                          tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    connect(m_view->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this] { saveSettings(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunsView::updateNoRunsLabel);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RunsView::updateNoRunsLabel);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RunsView::updateNoRunsLabel);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsView::onSelectionChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RunsView::onSelectionChanged);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, &RunsView::rememberSelection);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunsView::restoreSelection);
    connect(m_model, &RunsTableModel::totalCountChanged, this, &RunsView::updateCountLabel);
    connect(m_model, &RunsTableModel::loadErrorChanged, this, &RunsView::updateCountLabel);
    connect(m_model, &RunsTableModel::countingChanged, this, &RunsView::updateCountLabel);
    updateCountLabel();
    setExperiment(QString());

    m_contextMenu = new RunsContextMenu(workspace, this);
    connect(m_contextMenu, &RunsContextMenu::compareRequested, this, &RunsView::compareRequested);
    // A run renamed, archived or deleted is no live update the table's refresh() looks for: read the listing again.
    connect(m_contextMenu, &RunsContextMenu::changed, this, [this] {
        m_model->reload();
        m_runPage->refresh();
    });
}

void RunsView::setExperiment(const QString& experiment)
{
    m_experimentLabel->setText(experiment.isEmpty() ? tr("All experiments") : tr("Experiment: %1").arg(experiment));
    m_model->setExperimentFilter(experiment);
    restoreSettings();
}

QString RunsView::experiment() const { return m_model->filter().experiment; }

void RunsView::applyTextFilter()
{
    m_textFilterDelay.stop();
    // Text with an operator, a parenthesis or and/or/not/in is an expression; anything else is the plain
    // search of run ids and experiments it always was.
    const QString text = m_filterEdit->text().trimmed();
    RunQueryFilter filter = m_model->filter();
    if (RunFilterExpression::looksLikeExpression(text)) {
        RunFilterError error;
        if (!RunFilterExpression::parse(text, &error)) {
            // The listing stays as it was: a half-typed expression is not "no runs".
            const int lead = int(m_filterEdit->text().indexOf(text));
            showFilterError(m_filterEdit->text(), lead + error.offset, error.length, error.message);
            return;
        }
        filter.text.clear();
        filter.expression = text;
    } else {
        filter.expression.clear();
        filter.text = text;
    }
    m_filterError->hide();
    if (filter.text != m_model->filter().text || filter.expression != m_model->filter().expression)
        m_model->setFilter(filter);
    saveSettings();
}

void RunsView::showFilterError(const QString& text, int offset, int length, const QString& message)
{
    // The text with the wrong token marked (or a marker where something is missing), then the message.
    const QString before = text.left(offset).toHtmlEscaped();
    const QString token = length > 0 ? text.mid(offset, length).toHtmlEscaped() : QStringLiteral("&nbsp;&nbsp;");
    const QString after = text.mid(offset + length).toHtmlEscaped();
    m_filterError->setText(QStringLiteral("<span style=\"color:#d9534f\">%1</span><br><code>%2<span style=\"background:#d9534f;"
                                          "color:white\">%3</span>%4</code>")
                               .arg(message.toHtmlEscaped(), before, token, after));
    m_filterError->setProperty("errorOffset", offset);
    m_filterError->setProperty("errorLength", length);
    m_filterError->show();
}

void RunsView::updateCompletions()
{
    const int cursor = m_filterEdit->cursorPosition();
    const QString text = m_filterEdit->text();
    const int start = RunFilterExpression::wordStart(text, cursor);
    if (cursor - start < 1) {
        m_completer->popup()->hide();
        return;
    }
    RunQuery query(m_workspace);
    const QString experiment = m_model->filter().experiment;
    const RunFilterVocabulary vocabulary{query.paramNames(experiment), query.metricNames(), query.tagNames(experiment)};
    m_completions->setStringList(RunFilterExpression::completions(text, cursor, vocabulary));
    m_completer->setCompletionPrefix(text.mid(start, cursor - start));
    if (m_completions->rowCount() > 0)
        m_completer->complete();
    else
        m_completer->popup()->hide();
}

void RunsView::insertCompletion(const QString& completion)
{
    const QString text = m_filterEdit->text();
    const int cursor = m_filterEdit->cursorPosition();
    const int start = RunFilterExpression::wordStart(text, cursor);
    m_filterEdit->setText(text.left(start) + completion + text.mid(cursor));
    m_filterEdit->setCursorPosition(start + int(completion.size()));
}

QMenu* RunsView::columnMenu()
{
    m_columnMenu->clear();
    QVector<RunColumn> shown = m_model->columns();
    RunQuery query(m_workspace);
    const QString experiment = m_model->filter().experiment;
    const auto addColumn = [&](QMenu* menu, const RunColumn& column, const QString& text) {
        QAction* action = menu->addAction(text);
        action->setCheckable(true);
        action->setChecked(shown.contains(column));
        const QString key = column.key();
        connect(action, &QAction::toggled, this, [this, key](bool on) { toggleColumn(key, on); });
    };
    QMenu* fields = m_columnMenu->addMenu(tr("Run"));
    for (const char* key : {"name", "note", "started", "ended"})
        addColumn(fields, RunColumn::field(QLatin1String(key)), RunLabels::column(RunColumn::field(QLatin1String(key))));
    QMenu* params = m_columnMenu->addMenu(tr("Parameters"));
    for (const QString& name : query.paramNames(experiment))
        addColumn(params, RunColumn::param(name), name);
    QMenu* metrics = m_columnMenu->addMenu(tr("Metrics"));
    for (const QString& name : query.metricNames()) {
        QMenu* metric = metrics->addMenu(name);
        for (RunColumn::Aggregate aggregate : {RunColumn::Aggregate::Last, RunColumn::Aggregate::Min, RunColumn::Aggregate::Max})
            addColumn(metric, RunColumn::metric(name, aggregate), RunLabels::aggregate(aggregate));
    }
    QMenu* tags = m_columnMenu->addMenu(tr("Tags"));
    for (const QString& name : query.tagNames(experiment))
        addColumn(tags, RunColumn::tag(name), name);
    params->setEnabled(!params->isEmpty());
    metrics->setEnabled(!metrics->isEmpty());
    tags->setEnabled(!tags->isEmpty());
    return m_columnMenu;
}

void RunsView::toggleColumn(const QString& key, bool shown)
{
    const std::optional<RunColumn> column = RunColumn::parse(key);
    if (!column)
        return;
    QVector<RunColumn> columns = m_model->columns();
    if (shown && !columns.contains(*column))
        columns << *column;
    else if (!shown)
        columns.removeAll(*column);
    m_model->setColumns(columns);
    m_view->horizontalHeader()->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    saveSettings();
}

void RunsView::updateNoRunsLabel()
{
    const bool empty = m_model->rowCount() == 0 && m_model->loadError().isEmpty()
                       && (!m_model->filter().text.isEmpty() || !m_model->filter().expression.isEmpty() || m_model->filter().status);
    m_noRunsLabel->setVisible(empty);
    if (empty)
        m_noRunsLabel->setGeometry(m_view->viewport()->rect());
}

void RunsView::exportCsv(const QString& path)
{
    const RunQueryFilter filter = m_model->filter();
    const RunOrder order = m_model->order();
    QVector<RunColumn> columns;
    for (int section = 0; section < m_model->columnCount(); ++section)
        columns << m_model->columnAt(section);
    const Workspace workspace = m_workspace;
    m_exportButton->setEnabled(false);
    auto* watcher = new QFutureWatcher<QPair<qint64, QString>>(this);
    connect(watcher, &QFutureWatcher<QPair<qint64, QString>>::finished, this, [this, watcher, path] {
        const QPair<qint64, QString> result = watcher->result();
        watcher->deleteLater();
        m_exportButton->setEnabled(true);
        emit exportFinished(path, result.first, result.second);
    });
    watcher->setFuture(QtConcurrent::run([workspace, filter, order, columns, path] {
        QString error;
        const qint64 written = RunCsvExport::write(workspace, filter, order, columns, path, &error);
        return qMakePair(written, error);
    }));
}

QString RunsView::settingsGroup() const
{
    // Per workspace (by its path) and experiment; "*" for all experiments.
    const QByteArray workspaceKey =
        QCryptographicHash::hash(m_workspace.root().toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    const QString experiment = m_model->filter().experiment;
    return QStringLiteral("runsTable/%1/%2")
        .arg(QString::fromLatin1(workspaceKey),
             experiment.isEmpty() ? QStringLiteral("*") : QString::fromLatin1(experiment.toUtf8().toPercentEncoding()));
}

void RunsView::saveSettings() const
{
    if (m_restoring)
        return;
    QSettings settings;
    settings.beginGroup(settingsGroup());
    QStringList keys;
    for (const RunColumn& column : m_model->columns())
        keys << column.key();
    settings.setValue(QStringLiteral("columns"), keys);
    const RunOrder order = m_model->order();
    settings.setValue(QStringLiteral("sort"), QString(order.sortColumn().key() + (order.descending ? QStringLiteral(":desc") : QStringLiteral(":asc"))));
    settings.setValue(QStringLiteral("filter"), m_filterEdit->text());
}

void RunsView::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(settingsGroup());
    if (!settings.contains(QStringLiteral("columns")) && !settings.contains(QStringLiteral("sort")))
        return;
    const QScopedValueRollback<bool> restoring(m_restoring, true);
    QVector<RunColumn> columns;
    for (const QString& key : settings.value(QStringLiteral("columns")).toStringList())
        if (const std::optional<RunColumn> column = RunColumn::parse(key))
            columns << *column;
    m_model->setColumns(columns);
    if (const std::optional<RunOrder> order = RunOrder::parse(settings.value(QStringLiteral("sort")).toString()))
        m_model->setOrder(*order);
    m_view->horizontalHeader()->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    const QString filter = settings.value(QStringLiteral("filter")).toString();
    if (filter != m_filterEdit->text()) {
        m_filterEdit->setText(filter);
        applyTextFilter();
    }
}

void RunsView::applyMetricColumns()
{
    QStringList names;
    for (const QString& part : m_metricColumnsEdit->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty() && !names.contains(part.trimmed()))
            names << part.trimmed();
    // The field lists metrics' last values, in its order after the columns chosen otherwise (params, min/max,
    // tags), which stay.
    QVector<RunColumn> columns;
    for (const RunColumn& column : m_model->columns())
        if (column.kind != RunColumn::Kind::Metric || column.aggregate != RunColumn::Aggregate::Last)
            columns << column;
    for (const QString& name : std::as_const(names))
        columns << RunColumn::metric(name);
    m_model->setColumns(columns);
    saveSettings();
    // Columns before the sorted one may have come or gone: the indicator follows the column, not the index.
    m_view->horizontalHeader()->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
}

void RunsView::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

QStringList RunsView::selectedRunIds() const
{
    // The current run first: it is the one the run page shows in detail.
    QStringList ids;
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (current.isValid() && m_view->selectionModel()->isRowSelected(current.row(), {}))
        ids << m_model->runId(current.row());
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    for (const QModelIndex& index : std::as_const(rows)) {
        const QString id = m_model->runId(index.row());
        if (!ids.contains(id))
            ids << id;
    }
    return ids;
}

void RunsView::onSelectionChanged()
{
    const QStringList ids = selectedRunIds();
    m_runPage->setRuns(ids);
    emit selectionChanged(ids);
}

bool RunsView::showRun(const QString& runId)
{
    int row = m_model->loadUntil(runId);
    if (row < 0 && !m_model->filter().isEmpty()) {
        // Filters hide it: show everything, as the user asked for this run by name.
        m_filterEdit->blockSignals(true);
        m_filterEdit->clear();
        m_filterEdit->blockSignals(false);
        m_statusFilter->blockSignals(true);
        m_statusFilter->setCurrentIndex(0);
        m_statusFilter->blockSignals(false);
        m_experimentLabel->setText(tr("All experiments"));
        m_model->setFilter({});
        row = m_model->loadUntil(runId);
    }
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, RunsTableModel::IdColumn);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

void RunsView::refresh()
{
    m_model->refresh();
    m_runPage->refresh();
}

void RunsView::rememberSelection()
{
    m_savedSelection = selectedRunIds();
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    m_savedCurrent = current.isValid() ? m_model->runId(current.row()) : QString();
}

void RunsView::restoreSelection()
{
    // Runs of the first page come back selected; the rest load only on demand.
    // The reset happens before the first page is appended; wait for the rows to be there.
    QTimer::singleShot(0, this, [this] {
        QItemSelection again;
        for (const QString& id : std::as_const(m_savedSelection)) {
            const int row = m_model->rowOf(id);
            if (row >= 0)
                again.select(m_model->index(row, 0), m_model->index(row, m_model->columnCount() - 1));
        }
        if (again.isEmpty())
            return;
        const int currentRow = m_model->rowOf(m_savedCurrent);
        if (currentRow >= 0)
            m_view->selectionModel()->setCurrentIndex(m_model->index(currentRow, 0), QItemSelectionModel::NoUpdate);
        m_view->selectionModel()->select(again, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    });
}

void RunsView::updateCountLabel()
{
    const QString error = m_model->loadError();
    if (!error.isEmpty()) {
        // In the palette's negative colour, with the whole message a hover away: the table below is not the
        // workspace's listing, and the user must not take it for one.
        m_countLabel->setText(tr("Cannot read the runs"));
        m_countLabel->setToolTip(error);
        m_countLabel->setStyleSheet(QStringLiteral("color: #d9534f;"));
        return;
    }
    m_countLabel->setStyleSheet(QString());
    m_countLabel->setToolTip(QString());
    // While an expression's matches are counted, the runs loaded so far are a lower bound, and said as one.
    m_countLabel->setText(m_model->isCounting() ? tr("%n+ run(s), counting…", nullptr, int(m_model->totalCount()))
                                                : tr("%n run(s)", nullptr, int(m_model->totalCount())));
}
