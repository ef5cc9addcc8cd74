#include "runs/RunsView.h"

#include "runs/RunPage.h"
#include "runs/RunStatusStyle.h"
#include "runs/RunsContextMenu.h"
#include "runs/RunsTableModel.h"

#include <QComboBox>
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
    m_filterEdit->setPlaceholderText(tr("Filter by run id or experiment (Ctrl+F)"));
    m_filterEdit->setAccessibleName(tr("Filter runs"));
    m_filterEdit->setClearButtonEnabled(true);
    m_statusFilter = new QComboBox(this);
    m_statusFilter->setAccessibleName(tr("Status filter"));
    m_statusFilter->addItem(tr("All statuses"), -1);
    for (RunStatus status : kAllStatuses)
        m_statusFilter->addItem(RunStatusStyle::icon(status), runStatusName(status), int(status));
    m_metricColumnsEdit = new QLineEdit(this);
    m_metricColumnsEdit->setPlaceholderText(tr("Metric columns, e.g. loss, accuracy"));
    m_metricColumnsEdit->setAccessibleName(tr("Metric columns"));
    m_metricColumnsEdit->setToolTip(tr("Comma-separated metric names shown as columns with each run's last value"));
    m_experimentLabel = new QLabel(this);
    m_experimentLabel->setAccessibleName(tr("Experiment shown"));
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("runCount"));
    m_countLabel->setAccessibleName(tr("Number of runs"));

    auto* filterBar = new QHBoxLayout;
    filterBar->addWidget(m_experimentLabel);
    filterBar->addWidget(m_filterEdit, 2);
    filterBar->addWidget(m_statusFilter);
    filterBar->addWidget(m_metricColumnsEdit, 1);
    filterBar->addWidget(m_countLabel);

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
    topLayout->addWidget(m_view);
    m_splitter->addWidget(top);
    m_splitter->addWidget(m_runPage);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
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
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsView::onSelectionChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RunsView::onSelectionChanged);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, &RunsView::rememberSelection);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunsView::restoreSelection);
    connect(m_model, &RunsTableModel::totalCountChanged, this, &RunsView::updateCountLabel);
    connect(m_model, &RunsTableModel::loadErrorChanged, this, &RunsView::updateCountLabel);
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
}

QString RunsView::experiment() const { return m_model->filter().experiment; }

void RunsView::applyTextFilter()
{
    m_textFilterDelay.stop();
    m_model->setTextFilter(m_filterEdit->text().trimmed());
}

void RunsView::applyMetricColumns()
{
    QStringList names;
    for (const QString& part : m_metricColumnsEdit->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty() && !names.contains(part.trimmed()))
            names << part.trimmed();
    m_model->setMetricColumns(names);
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
    m_countLabel->setText(tr("%n run(s)", nullptr, int(m_model->totalCount())));
}
