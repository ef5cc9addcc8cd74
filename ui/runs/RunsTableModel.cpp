#include "runs/RunsTableModel.h"

#include "runs/RunLabels.h"
#include "runs/RunStatusStyle.h"
#include "run/RunStore.h"

#include <QDateTime>
#include <QScopedValueRollback>
#include <QLocale>
#include <algorithm>
#include <cmath>
#include <functional>

namespace {

QString timeText(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace

RunsTableModel::RunsTableModel(const Workspace& workspace, QObject* parent)
    : QAbstractTableModel(parent), m_workspace(workspace), m_query(workspace),
      m_count(
          // Copies only: the read may outlive the model.
          [workspace, request = m_countRequest] {
              CountAnswer answer;
              RunQueryFilter filter;
              {
                  const QMutexLocker lock(&request->mutex);
                  filter = request->filter;
                  answer.generation = request->generation;
              }
              answer.total = RunQuery(workspace).count(filter, &answer.error);
              return answer;
          },
          [this](const CountAnswer& answer) {
              if (answer.generation != m_countGeneration || !m_counting)
                  return; // the filter changed since; a later read answers for it
              if (!answer.error.isEmpty())
                  setLoadError(answer.error);
              else
                  updateTotal(answer.total);
              setCounting(false);
          })
{
    reload();
}

int RunsTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int RunsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : FixedColumnCount + int(m_columns.size());
}

QVariant RunsTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    const RunListRow& run = row.run;
    if (role == RunIdRole)
        return run.id;
    if (role == StatusRole)
        return int(run.status);
    const int column = index.column();
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == Qt::AccessibleTextRole) {
        switch (column) {
        case StatusColumn:
            return RunLabels::statusText(run.status, run.waitingReason);
        case IdColumn:
            return run.id;
        case ExperimentColumn:
            return run.experiment;
        case TargetColumn:
            return run.computeTarget;
        case SubmittedColumn:
            return timeText(run.submittedAt);
        case DurationColumn:
            return RunLabels::duration(run.durationMs(RunStore::nowMs()));
        default:
            return cellText(row, column - FixedColumnCount);
        }
    }
    if (role == Qt::DecorationRole && column == StatusColumn)
        return RunStatusStyle::icon(run.status);
    if (role == Qt::ForegroundRole && column == StatusColumn)
        return RunStatusStyle::color(run.status);
    if (role == Qt::TextAlignmentRole && (column == DurationColumn || column >= FixedColumnCount))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= columnCount())
        return {};
    switch (section) {
    case StatusColumn:
        return tr("Status");
    case IdColumn:
        return tr("Run id");
    case ExperimentColumn:
        return tr("Experiment");
    case TargetColumn:
        return tr("Target");
    case SubmittedColumn:
        return tr("Submitted");
    case DurationColumn:
        return tr("Duration");
    default:
        return RunLabels::column(m_columns.at(section - FixedColumnCount));
    }
}

QString RunsTableModel::cellText(const Row& row, int extraColumn) const
{
    // A run without the value shows an empty cell.
    const QVariant value = row.values.value(extraColumn);
    if (!value.isValid())
        return {};
    const RunColumn& column = m_columns.at(extraColumn);
    if (column.kind == RunColumn::Kind::Field) {
        if (column.name == QLatin1String("duration"))
            return RunLabels::duration(row.run.durationMs(RunStore::nowMs()));
        if (column.name == QLatin1String("submitted") || column.name == QLatin1String("started") || column.name == QLatin1String("ended"))
            return timeText(value.toLongLong());
        return value.toString();
    }
    if (value.typeId() == QMetaType::Double) {
        const double number = value.toDouble();
        if (std::isnan(number))
            return QStringLiteral("nan");
        return QLocale().toString(number, 'g', 6);
    }
    return value.toString();
}

RunColumn RunsTableModel::columnAt(int section) const
{
    switch (section) {
    case StatusColumn:
        return RunColumn::field(QStringLiteral("status"));
    case IdColumn:
        return RunColumn::field(QStringLiteral("id"));
    case ExperimentColumn:
        return RunColumn::field(QStringLiteral("experiment"));
    case TargetColumn:
        return RunColumn::field(QStringLiteral("target"));
    case SubmittedColumn:
        return RunColumn::field(QStringLiteral("submitted"));
    case DurationColumn:
        return RunColumn::field(QStringLiteral("duration"));
    default:
        break;
    }
    return m_columns.value(section - FixedColumnCount);
}

Qt::ItemFlags RunsTableModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

bool RunsTableModel::canFetchMore(const QModelIndex& parent) const { return !parent.isValid() && !m_atEnd && !m_changing; }

void RunsTableModel::fetchMore(const QModelIndex& parent)
{
    if (!parent.isValid() && !m_atEnd && !m_changing)
        appendPage();
}

void RunsTableModel::appendPage()
{
    // Views (and QAbstractItemModelTester) call fetchMore from their rowsInserted handlers; a page must not
    // start inside another page's insertion.
    const QScopedValueRollback<bool> changing(m_changing, true);
    const RunListRow* after = m_rows.isEmpty() ? nullptr : &m_rows.constLast().run;
    QString error;
    const QVector<RunListRow> page = m_query.page(m_filter, m_order, after, kPageSize, &error);
    setLoadError(error);
    m_atEnd = page.size() < kPageSize || !error.isEmpty();
    if (page.isEmpty())
        return;
    QVector<Row> rows;
    rows.reserve(page.size());
    for (const RunListRow& run : page)
        rows.append(Row{run, {}});
    fillValues(rows, 0, int(rows.size()));
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    for (int i = 0; i < rows.size(); ++i) {
        m_rowById.insert(rows.at(i).run.id, first + i);
        m_rows.append(rows.at(i));
    }
    endInsertRows();
}

void RunsTableModel::fillValues(QVector<Row>& rows, int first, int count) const
{
    if (m_columns.isEmpty()) {
        for (int i = first; i < first + count; ++i)
            rows[i].values.clear();
        return;
    }
    QStringList ids;
    for (int i = first; i < first + count; ++i)
        ids << rows.at(i).run.id;
    const auto values = m_query.columnValues(ids, m_columns);
    for (int i = first; i < first + count; ++i) {
        const auto perRun = values.value(rows.at(i).run.id);
        QVector<QVariant> cells(m_columns.size());
        for (int c = 0; c < m_columns.size(); ++c)
            cells[c] = perRun.value(m_columns.at(c).key());
        rows[i].values = cells;
    }
}

void RunsTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= columnCount())
        return;
    setOrder(RunOrder::byColumn(columnAt(column), order == Qt::DescendingOrder));
}

void RunsTableModel::setOrder(const RunOrder& wanted)
{
    if (m_order.sortColumn() == wanted.sortColumn() && m_order.descending == wanted.descending)
        return;
    m_order = wanted;
    reload();
}

int RunsTableModel::sortColumn() const
{
    const RunColumn sorted = m_order.sortColumn();
    for (int column = 0; column < columnCount(); ++column)
        if (columnAt(column) == sorted)
            return column;
    return -1;
}

void RunsTableModel::setFilter(const RunQueryFilter& filter)
{
    m_filter = filter;
    reload();
}

void RunsTableModel::setExperimentFilter(const QString& experiment)
{
    if (m_filter.experiment == experiment)
        return;
    m_filter.experiment = experiment;
    reload();
}

void RunsTableModel::setStatusFilter(std::optional<RunStatus> status)
{
    if (m_filter.status == status)
        return;
    m_filter.status = status;
    reload();
}

void RunsTableModel::setTextFilter(const QString& text)
{
    if (m_filter.text == text)
        return;
    m_filter.text = text;
    reload();
}

void RunsTableModel::setMetricColumns(const QStringList& names)
{
    QVector<RunColumn> columns;
    for (const QString& name : names)
        columns << RunColumn::metric(name);
    setColumns(columns);
}

QStringList RunsTableModel::metricColumns() const
{
    QStringList names;
    for (const RunColumn& column : m_columns)
        if (column.kind == RunColumn::Kind::Metric && column.aggregate == RunColumn::Aggregate::Last)
            names << column.name;
    return names;
}

void RunsTableModel::setColumns(const QVector<RunColumn>& columns)
{
    if (columns == m_columns)
        return;
    const RunColumn sorted = m_order.sortColumn();
    const bool sortedIsFixed = sorted.kind == RunColumn::Kind::Field && m_order.key != RunSortKey::Column;
    if (!sortedIsFixed && !columns.contains(sorted)) {
        // The column the runs were sorted by is gone: back to newest first, read again in that order.
        m_columns = columns;
        m_order = RunOrder{};
        reload();
        return;
    }
    // Columns change shape: a reset is the honest signal, and the loaded rows are re-read in one batch.
    beginResetModel();
    m_columns = columns;
    fillValues(m_rows, 0, int(m_rows.size()));
    endResetModel();
}

QString RunsTableModel::runId(int row) const { return row >= 0 && row < m_rows.size() ? m_rows.at(row).run.id : QString(); }

std::optional<RunStatus> RunsTableModel::runStatus(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows.at(row).run.status;
}

int RunsTableModel::rowOf(const QString& runId) const { return m_rowById.value(runId, -1); }

int RunsTableModel::loadUntil(const QString& runId)
{
    int row = rowOf(runId);
    while (row < 0 && !m_atEnd) {
        appendPage();
        row = rowOf(runId);
    }
    return row;
}

void RunsTableModel::updateTotal(qint64 total)
{
    if (total == m_total)
        return;
    m_total = total;
    emit totalCountChanged(total);
}

void RunsTableModel::setLoadError(const QString& error)
{
    if (error == m_loadError)
        return;
    m_loadError = error;
    emit loadErrorChanged(error);
}

void RunsTableModel::reload()
{
    const QScopedValueRollback<bool> changing(m_changing, true);
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_order.nowMs = RunStore::nowMs();
    m_seenSeq = m_query.maxSeq();
    // The first page is part of the reset, so a view sees the new listing in one step.
    QString error;
    const QVector<RunListRow> page = m_query.page(m_filter, m_order, nullptr, kPageSize, &error);
    setLoadError(error);
    m_atEnd = page.size() < kPageSize || !error.isEmpty();
    for (const RunListRow& run : page) {
        m_rowById.insert(run.id, int(m_rows.size()));
        m_rows.append(Row{run, {}});
    }
    fillValues(m_rows, 0, int(m_rows.size()));
    endResetModel();
    updateCount();
}

void RunsTableModel::updateCount()
{
    ++m_countGeneration; // an answer still on its way is for an older listing
    if (m_filter.expression.trimmed().isEmpty()) {
        setCounting(false);
        updateTotal(m_query.count(m_filter));
        return;
    }
    if (m_atEnd) {
        // Every match is loaded (or the read failed, which the load error says): the loaded rows are the count.
        setCounting(false);
        updateTotal(m_rows.size());
        return;
    }
    {
        const QMutexLocker lock(&m_countRequest->mutex);
        m_countRequest->filter = m_filter;
        m_countRequest->generation = m_countGeneration;
    }
    updateTotal(m_rows.size());
    setCounting(true);
    m_count.request();
}

void RunsTableModel::setCounting(bool counting)
{
    if (counting == m_counting)
        return;
    m_counting = counting;
    emit countingChanged(counting);
}

void RunsTableModel::refresh()
{
    if (m_changing)
        return;
    const QScopedValueRollback<bool> changing(m_changing, true);
    bool countChanged = false;

    // 1. Unfinished runs that are loaded: status, times and metrics move on. Finished runs never change.
    QStringList unfinished;
    for (const Row& row : std::as_const(m_rows))
        if (!isTerminal(row.run.status))
            unfinished << row.run.id;
    if (!unfinished.isEmpty()) {
        // Through the filter's SQL: an expression (status = Running) can stop matching as a run moves on.
        QString error;
        const QVector<RunListRow> fresh = m_query.rows(unfinished, m_filter, &error);
        if (!error.isEmpty()) {
            setLoadError(error); // a failed read removes no row
            return;
        }
        QHash<QString, RunListRow> byId;
        for (const RunListRow& run : fresh)
            byId.insert(run.id, run);
        QVector<int> gone;
        QVector<int> touched;
        for (const QString& id : std::as_const(unfinished)) {
            const int row = rowOf(id);
            const auto it = byId.constFind(id);
            if (it == byId.cend()) {
                gone << row;
                continue;
            }
            Row& current = m_rows[row];
            RunListRow updated = *it;
            updated.sortKey = current.run.sortKey; // the cursor keeps the position the row was listed at
            current.run = updated;
            touched << row;
        }
        if (!m_columns.isEmpty()) {
            for (int row : std::as_const(touched))
                fillValues(m_rows, row, 1);
        }
        // Every unfinished row changes at least in its duration, so all of them are reported.
        for (int row : std::as_const(touched))
            emit dataChanged(index(row, 0), index(row, columnCount() - 1));
        // Rows that left the filter (a Running filter and a run that completed), removed bottom-up.
        std::sort(gone.begin(), gone.end(), std::greater<int>());
        for (int row : std::as_const(gone)) {
            beginRemoveRows({}, row, row);
            m_rows.remove(row);
            endRemoveRows();
            countChanged = true;
        }
        if (!gone.isEmpty()) {
            m_rowById.clear();
            for (int i = 0; i < m_rows.size(); ++i)
                m_rowById.insert(m_rows.at(i).run.id, i);
        }
    }

    // 2. Runs submitted since the last look.
    const qint64 newest = m_query.maxSeq();
    if (newest > m_seenSeq) {
        if (!defaultOrder()) {
            // Their place depends on the sort key; a reload finds it (views restore their selection by id).
            reload();
            return;
        }
        const QVector<RunListRow> added = m_query.newerThan(m_seenSeq, m_filter);
        m_seenSeq = newest;
        if (!added.isEmpty()) {
            QVector<Row> rows;
            for (const RunListRow& run : added)
                rows.append(Row{run, {}});
            fillValues(rows, 0, int(rows.size()));
            beginInsertRows({}, 0, int(rows.size()) - 1);
            m_rows = rows + m_rows;
            m_rowById.clear();
            for (int i = 0; i < m_rows.size(); ++i)
                m_rowById.insert(m_rows.at(i).run.id, i);
            endInsertRows();
            countChanged = true;
        }
    }
    if (countChanged)
        updateCount();
}
