#include "run/RunQuery.h"

#include "run/RunFilterExpression.h"
#include "workspace/DatabaseError.h"

#include <QDateTime>

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <functional>

namespace {

const char* const kListColumns = "runs.id, runs.seq, runs.experiment, runs.status, runs.compute_target, runs.submitted_at, "
                                 "runs.started_at, runs.ended_at, runs.exit_code, runs.waiting_reason, runs.display_name, "
                                 "runs.archived";
constexpr int kListColumnCount = 12;
// SQLite allows 32,766 bound values per statement; stay far below with room for the filter's.
constexpr int kIdsPerQuery = 500;

RunListRow rowFromQuery(const QSqlQuery& q)
{
    RunListRow r;
    r.id = q.value(0).toString();
    r.seq = q.value(1).toLongLong();
    r.experiment = q.value(2).toString();
    r.status = runStatusFromName(q.value(3).toString()).value_or(RunStatus::Failed);
    r.computeTarget = q.value(4).toString();
    r.submittedAt = q.value(5).toLongLong();
    r.startedAt = q.value(6).toLongLong();
    r.endedAt = q.value(7).toLongLong();
    if (!q.value(8).isNull())
        r.exitCode = q.value(8).toInt();
    r.waitingReason = q.value(9).toString();
    r.displayName = q.value(10).toString();
    r.archived = q.value(11).toInt() != 0;
    return r;
}

QString likePattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('%'), QLatin1String("\\%"))
        .replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// How a text filter is written in SQL. Run ids are "<experiment>_<seq>" (RunStore::insert), so a text found in
// the experiment is also found in the id, and matching the id alone answers "id or experiment". The id's
// primary-key index then covers the whole test: scanning it reads a few MB where the table (kilobytes of
// estimator JSON per run) would read a hundred.
enum class TextPlan {
    ScanInOrder,   // many runs match: test each run while walking the sort order, a page fills quickly
    CollectFirst,  // few runs match: collect them from the id index first, then order just those
};

// Appends the filter's conditions and their values (positional, in order); false with *error when the
// expression does not parse.
// Which of an expression's SQL forms a statement uses (RunFilterExpression::sql, probeSql): sets for one that
// tests every run (a count, an ordering of all matches), probes for one that stops after a page or tests a few
// given runs.
enum class ExpressionForm { Set, Probe };

bool addFilter(const RunQueryFilter& filter, QStringList* conditions, QVariantList* values, QString* error,
               TextPlan plan = TextPlan::ScanInOrder, qint64 nowMs = 0, ExpressionForm form = ExpressionForm::Set)
{
    if (!filter.experiment.isEmpty()) {
        *conditions << QStringLiteral("runs.experiment = ?");
        *values << filter.experiment;
    }
    if (filter.status) {
        *conditions << QStringLiteral("runs.status = ?");
        *values << runStatusName(*filter.status);
    }
    if (!filter.text.isEmpty()) {
        *conditions << (plan == TextPlan::CollectFirst ? QStringLiteral("runs.rowid IN (SELECT rowid FROM runs WHERE id LIKE ? ESCAPE '\\')")
                                                       : QStringLiteral("runs.id LIKE ? ESCAPE '\\'"));
        *values << likePattern(filter.text);
    }
    bool expressionDecidesArchived = false;
    if (!filter.expression.trimmed().isEmpty()) {
        RunFilterError parseError;
        const std::optional<RunFilterExpression> expression = RunFilterExpression::parse(filter.expression, &parseError, nowMs);
        if (!expression) {
            if (error)
                *error = QStringLiteral("invalid filter at %1: %2").arg(parseError.offset + 1).arg(parseError.message);
            return false;
        }
        *conditions << (form == ExpressionForm::Probe ? expression->probeSql() : expression->sql());
        *values << expression->values();
        expressionDecidesArchived = expression->referencesArchived();
    }
    if (!filter.includeArchived && !expressionDecidesArchived) {
        // Read from the partial index runs_archived; the rest of the statement keeps its covering indexes.
        *conditions << QStringLiteral("runs.rowid NOT IN (SELECT rowid FROM runs WHERE archived <> 0)");
    }
    return true;
}

QString whereText(const QStringList& conditions)
{
    return conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

// The SQL expression a sort key orders by. Status sorts in lifecycle order, not alphabetically.
QString sortExpression(const RunOrder& order)
{
    switch (order.key) {
    case RunSortKey::Submitted:
        return QStringLiteral("seq");
    case RunSortKey::Id:
        return QStringLiteral("id");
    case RunSortKey::Experiment:
        return QStringLiteral("experiment");
    case RunSortKey::Target:
        return QStringLiteral("compute_target");
    case RunSortKey::Status:
        return QStringLiteral("(CASE status WHEN 'Queued' THEN 0 WHEN 'Preparing' THEN 1 WHEN 'Starting' THEN 2 "
                              "WHEN 'Running' THEN 3 WHEN 'Finalizing' THEN 4 WHEN 'Completed' THEN 5 "
                              "WHEN 'Failed' THEN 6 ELSE 7 END)");
    case RunSortKey::Duration:
        // nowMs is our own number, not user input: written into the text so the expression needs no binding.
        return QStringLiteral("(CASE WHEN COALESCE(started_at, 0) = 0 THEN -1 "
                              "ELSE COALESCE(NULLIF(ended_at, 0), %1) - started_at END)").arg(order.nowMs);
    case RunSortKey::Column:
        break; // read by columnSort
    }
    return QStringLiteral("seq");
}

bool uniqueKey(RunSortKey key) { return key == RunSortKey::Submitted || key == RunSortKey::Id; }

// How a Column order reads its value: joined at most one row per run (each side table's key is run_id, name),
// the name bound as the statement's first value. NULL when the run lacks the value.
struct ColumnSort
{
    QString value;
    QString join;
    QVariantList joinValues;
};

ColumnSort columnSort(const RunColumn& column)
{
    switch (column.kind) {
    case RunColumn::Kind::Param:
        // Numbers sort before text in SQLite, so numeric params order numerically and the rest after them.
        return {QStringLiteral("COALESCE(sort_value.number, sort_value.value)"),
                QStringLiteral(" LEFT JOIN run_params AS sort_value ON sort_value.run_id = runs.id AND sort_value.name = ?"),
                {column.name}};
    case RunColumn::Kind::Tag:
        return {QStringLiteral("sort_value.value"),
                QStringLiteral(" LEFT JOIN run_tags AS sort_value ON sort_value.run_id = runs.id AND sort_value.name = ?"),
                {column.name}};
    case RunColumn::Kind::Metric: {
        const QString join = QStringLiteral(" LEFT JOIN run_metrics AS sort_value ON sort_value.run_id = runs.id AND sort_value.name = ?");
        if (column.aggregate == RunColumn::Aggregate::Min)
            return {QStringLiteral("sort_value.min_value"), join, {column.name}};
        if (column.aggregate == RunColumn::Aggregate::Max)
            return {QStringLiteral("sort_value.max_value"), join, {column.name}};
        // Non-finite last values are kept as text (RunStore): infinities in number order, NaN as missing.
        return {QStringLiteral("(CASE WHEN typeof(sort_value.last_value) = 'text' THEN (CASE sort_value.last_value "
                               "WHEN 'inf' THEN 9e999 WHEN '-inf' THEN -9e999 END) ELSE sort_value.last_value END)"),
                join,
                {column.name}};
    }
    case RunColumn::Kind::Field:
        break;
    }
    if (column.name == QLatin1String("name"))
        return {QStringLiteral("runs.display_name"), {}, {}};
    if (column.name == QLatin1String("note"))
        return {QStringLiteral("runs.note"), {}, {}};
    if (column.name == QLatin1String("started"))
        return {QStringLiteral("NULLIF(runs.started_at, 0)"), {}, {}};
    if (column.name == QLatin1String("ended"))
        return {QStringLiteral("NULLIF(runs.ended_at, 0)"), {}, {}};
    return {QStringLiteral("runs.seq"), {}, {}};
}

bool execWith(QSqlQuery& q, const QString& sql, const QVariantList& values, QString* error, const QString& databasePath)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        DatabaseError::report(error, QStringLiteral("cannot prepare the runs query"), q.lastError(), databasePath);
        return false;
    }
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        DatabaseError::report(error, QStringLiteral("cannot read the runs"), q.lastError(), databasePath);
        return false;
    }
    return true;
}

// After the last q.next(): false (and *error set) when stepping stopped at a failure rather than at the end.
bool steppedToEnd(const QSqlQuery& q, QString* error, const QString& databasePath)
{
    if (!q.lastError().isValid())
        return true;
    DatabaseError::report(error, QStringLiteral("cannot read the runs"), q.lastError(), databasePath);
    return false;
}

// Probes how common the text is: the id index stops early when matches are dense.
TextPlan textPlan(const Workspace& workspace, const RunQueryFilter& filter)
{
    if (filter.text.isEmpty())
        return TextPlan::ScanInOrder;
    constexpr int kDense = 1000;
    QSqlQuery q(workspace.database());
    if (!execWith(q, QStringLiteral("SELECT COUNT(*) FROM (SELECT 1 FROM runs WHERE id LIKE ? ESCAPE '\\' LIMIT ?)"),
                  {likePattern(filter.text), kDense}, nullptr, workspace.databasePath())
        || !q.next())
        return TextPlan::ScanInOrder;
    return q.value(0).toInt() >= kDense ? TextPlan::ScanInOrder : TextPlan::CollectFirst;
}

QString placeholders(int count)
{
    QString text;
    text.reserve(count * 2);
    for (int i = 0; i < count; ++i)
        text += i ? QStringLiteral(",?") : QStringLiteral("?");
    return text;
}

// An order whose page can be read by walking an index in that order and stopping once the page is full,
// instead of ordering every matching run first (which reads each run's wide row): seq (runs_by_seq), or a
// param, metric or tag through the side table's index on (name, value expression, run_id). Runs that lack the
// value follow in seq order, as in the collected order.
struct IndexWalk
{
    QString table;       // the side table holding the value; empty for seq
    QString key;         // the value expression over `sort_value` (columnSort's)
    QString name;        // the param, metric or tag
    bool descending = true;
};

std::optional<IndexWalk> indexWalk(const RunOrder& order, const RunQueryFilter& filter)
{
    if (order.key == RunSortKey::Submitted) {
        // Without an expression the plain filters have their own indexes and plans; an expression's sets cost
        // more than walking the newest runs and testing each.
        if (filter.expression.trimmed().isEmpty())
            return std::nullopt;
        return IndexWalk{{}, {}, {}, order.descending};
    }
    if (order.key != RunSortKey::Column)
        return std::nullopt;
    const RunColumn& column = order.column;
    QString table;
    switch (column.kind) {
    case RunColumn::Kind::Param:
        table = QStringLiteral("run_params");
        break;
    case RunColumn::Kind::Metric:
        table = QStringLiteral("run_metrics");
        break;
    case RunColumn::Kind::Tag:
        table = QStringLiteral("run_tags");
        break;
    case RunColumn::Kind::Field:
        return std::nullopt;
    }
    return IndexWalk{table, columnSort(column).value, column.name, order.descending};
}

// Runs the statement and appends its rows, each with the statement's last column as its sort key.
bool readRows(const Workspace& workspace, const QString& sql, const QVariantList& values, QVector<RunListRow>* rows,
              QString* error)
{
    QSqlQuery q(workspace.database());
    if (!execWith(q, sql, values, error, workspace.databasePath()))
        return false;
    while (q.next()) {
        RunListRow row = rowFromQuery(q);
        row.sortKey = q.value(kListColumnCount);
        rows->append(row);
    }
    return steppedToEnd(q, error, workspace.databasePath());
}

// The first column of the statement's first row into *value; *found false when it has none.
bool readValue(const Workspace& workspace, const QString& sql, const QVariantList& values, QVariant* value, bool* found,
               QString* error)
{
    QSqlQuery q(workspace.database());
    if (!execWith(q, sql, values, error, workspace.databasePath()))
        return false;
    *found = q.next();
    if (*found)
        *value = q.value(0);
    return *found || steppedToEnd(q, error, workspace.databasePath());
}

// Reads up to `limit` rows after `after` by walking the order's index a window at a time: each window ends
// `window` index entries on (all entries equal to its last value included, so no tie is cut), and the runs in
// it are tested against the filter and ordered, a few thousand at most. A window that leaves the page short
// is followed by one four times larger. *complete is false, and the rows are to be discarded, when three
// windows did not fill the page while more runs are left: few runs along the order match the filter, and
// ordering the matching runs (collectPage) costs less than walking on.
QVector<RunListRow> walkPage(const Workspace& workspace, const IndexWalk& walk, const RunQueryFilter& filter,
                             const RunOrder& order, const RunListRow* after, int limit, int window, bool* complete,
                             QString* error)
{
    constexpr int kWindows = 3;
    *complete = false;
    QStringList filterConditions;
    QVariantList filterValues;
    if (!addFilter(filter, &filterConditions, &filterValues, error, TextPlan::ScanInOrder, order.nowMs, ExpressionForm::Probe))
        return {};
    const QString direction = walk.descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString beyond = walk.descending ? QStringLiteral("<") : QStringLiteral(">");
    const QString notBeyond = walk.descending ? QStringLiteral(">=") : QStringLiteral("<=");
    const QString reaching = walk.descending ? QStringLiteral("<=") : QStringLiteral(">=");
    QVector<RunListRow> rows;

    // Walks runs by seq: every run (a seq order), or those without the value (after the valued ones). From
    // the start when `from` is null, else after the run of that seq.
    const auto walkSeq = [&](const QVariant& from, const QString& extraCondition, const QVariantList& extraValues) {
        QVariant position = from;
        int size = window;
        for (int pass = 0; pass < kWindows; ++pass) {
            const QString positionCondition = position.isNull() ? QString() : QStringLiteral(" WHERE seq %1 ?").arg(beyond);
            QVariantList positionValues;
            if (!position.isNull())
                positionValues << position;
            QVariant end;
            bool more = false;
            if (!readValue(workspace, QStringLiteral("SELECT seq FROM runs%1 ORDER BY seq %2 LIMIT 1 OFFSET ?").arg(positionCondition, direction),
                           positionValues + QVariantList{size - 1}, &end, &more, error))
                return false;
            QStringList conditions;
            QVariantList values;
            if (!position.isNull()) {
                conditions << QStringLiteral("runs.seq %1 ?").arg(beyond);
                values << position;
            }
            if (more) {
                conditions << QStringLiteral("runs.seq %1 ?").arg(notBeyond);
                values << end;
            }
            if (!extraCondition.isEmpty()) {
                conditions << extraCondition;
                values << extraValues;
            }
            conditions << filterConditions;
            values << filterValues;
            values << int(limit - rows.size());
            const QString key = walk.table.isEmpty() ? QStringLiteral("runs.seq") : QStringLiteral("NULL");
            if (!readRows(workspace, QStringLiteral("SELECT %1, %2 FROM runs%3 ORDER BY runs.seq %4 LIMIT ?")
                                         .arg(QLatin1String(kListColumns), key, whereText(conditions), direction),
                          values, &rows, error))
                return false;
            if (rows.size() >= limit || !more) {
                *complete = true;
                return true;
            }
            position = end;
            size *= 4;
        }
        return true;
    };

    if (walk.table.isEmpty()) {
        walkSeq(after ? QVariant(after->seq) : QVariant(), {}, {});
        return rows;
    }

    // The runs that have the value, in its order (equal values by seq), read narrow first: the side table's
    // index gives the order, runs_by_id_seq each run's seq and rowid; the wide rows are read for the page only.
    if (!after || !after->sortKey.isNull()) {
        enum class From { Cursor, Window };
        From from = after ? From::Cursor : From::Window;
        QVariant position = after ? after->sortKey : QVariant();
        int size = window;
        for (int pass = 0;; ++pass) {
            if (pass == kWindows)
                return rows; // incomplete
            QStringList positionConditions;
            QVariantList positionValues;
            if (from == From::Cursor) {
                positionConditions << QStringLiteral("%1 %2 ?").arg(walk.key, reaching);
                positionValues << position;
            } else if (!position.isNull()) {
                positionConditions << QStringLiteral("%1 %2 ?").arg(walk.key, beyond);
                positionValues << position;
            }
            const QString valued = QStringLiteral("sort_value.name = ? AND %1 IS NOT NULL").arg(walk.key);
            QVariant end;
            bool more = false;
            if (!readValue(workspace,
                           QStringLiteral("SELECT %1 FROM %2 AS sort_value WHERE %3 ORDER BY %1 %4 LIMIT 1 OFFSET ?")
                               .arg(walk.key, walk.table, QStringList(QStringList{valued} + positionConditions).join(QStringLiteral(" AND ")),
                                    direction),
                           QVariantList{walk.name} + positionValues + QVariantList{size - 1}, &end, &more, error))
                return {};
            QStringList conditions{valued};
            QVariantList values{walk.name};
            if (from == From::Cursor) {
                conditions << QStringLiteral("%1 %2 ?").arg(walk.key, reaching)
                           << QStringLiteral("(%1 %2 ? OR runs.seq %2 ?)").arg(walk.key, beyond);
                values << position << position << after->seq;
            } else if (!position.isNull()) {
                conditions << QStringLiteral("%1 %2 ?").arg(walk.key, beyond);
                values << position;
            }
            if (more) {
                conditions << QStringLiteral("%1 %2 ?").arg(walk.key, notBeyond);
                values << end;
            }
            conditions << filterConditions;
            values << filterValues;
            values << int(limit - rows.size());
            const QString sql =
                QStringLiteral("SELECT %1, page.sort_key FROM (SELECT runs.rowid AS run_rowid, runs.seq AS run_seq, %2 AS sort_key "
                               "FROM %3 AS sort_value CROSS JOIN runs INDEXED BY runs_by_id_seq ON runs.id = sort_value.run_id "
                               "WHERE %4 ORDER BY %2 %5, runs.seq %5 LIMIT ?) AS page "
                               "CROSS JOIN runs ON runs.rowid = page.run_rowid ORDER BY page.sort_key %5, page.run_seq %5")
                    .arg(QLatin1String(kListColumns), walk.key, walk.table, conditions.join(QStringLiteral(" AND ")), direction);
            if (!readRows(workspace, sql, values, &rows, error))
                return {};
            if (rows.size() >= limit) {
                *complete = true;
                return rows;
            }
            if (!more)
                break; // every valued run was walked
            from = From::Window;
            position = end;
            size *= 4;
        }
    }

    // Then the runs without the value, by seq in the order's direction.
    const QVariant from = after && after->sortKey.isNull() ? QVariant(after->seq) : QVariant();
    const QString missing = QStringLiteral("NOT EXISTS (SELECT 1 FROM %1 AS sort_value WHERE sort_value.run_id = runs.id "
                                           "AND sort_value.name = ? AND %2 IS NOT NULL)")
                                .arg(walk.table, walk.key);
    if (!walkSeq(from, missing, {walk.name}))
        return {};
    return rows;
}

} // namespace

qint64 RunListRow::durationMs(qint64 nowMs) const
{
    if (startedAt <= 0)
        return -1;
    return (endedAt > 0 ? endedAt : nowMs) - startedAt;
}

bool RunListRow::sameContent(const RunListRow& o) const
{
    return id == o.id && experiment == o.experiment && status == o.status && computeTarget == o.computeTarget
           && submittedAt == o.submittedAt && startedAt == o.startedAt && endedAt == o.endedAt && exitCode == o.exitCode
           && waitingReason == o.waitingReason;
}

bool RunQueryFilter::matches(const RunListRow& row) const
{
    if (!experiment.isEmpty() && row.experiment != experiment)
        return false;
    if (!includeArchived && row.archived && !expression.contains(QLatin1String("archived")))
        return false;
    if (status && row.status != *status)
        return false;
    return text.isEmpty() || row.id.contains(text, Qt::CaseInsensitive) || row.experiment.contains(text, Qt::CaseInsensitive);
}

QVector<RunListRow> RunQuery::page(const RunQueryFilter& filter, const RunOrder& requested, const RunListRow* after, int limit,
                                   QString* error, Plan* plan) const
{
    if (error)
        error->clear();
    // A Column order of a fixed field with its own key (status, submitted, …) is that key's order.
    const RunOrder order = requested.key == RunSortKey::Column
                               ? RunOrder::byColumn(requested.column, requested.descending, requested.nowMs)
                               : requested;
    if (const std::optional<IndexWalk> walk = indexWalk(order, filter)) {
        QString walkError;
        bool complete = false;
        const QVector<RunListRow> rows = walkPage(m_workspace, *walk, filter, order, after, limit, m_walkWindow, &complete, &walkError);
        if (!walkError.isEmpty()) {
            if (error)
                *error = walkError;
            return {};
        }
        if (complete) {
            if (plan)
                *plan = Plan::IndexWalk;
            return rows;
        }
        // Few runs along the index match the filter: ordering just the matching runs costs less.
    }
    if (plan)
        *plan = Plan::Collect;
    return collectPage(filter, order, after, limit, error);
}

QVector<RunListRow> RunQuery::collectPage(const RunQueryFilter& filter, const RunOrder& order, const RunListRow* after, int limit,
                                          QString* error) const
{
    const bool byColumn = order.key == RunSortKey::Column;
    const ColumnSort column = byColumn ? columnSort(order.column) : ColumnSort{};
    const QString key = byColumn ? column.value : sortExpression(order);
    const bool descending = order.descending;
    const QString direction = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString beyond = descending ? QStringLiteral("<") : QStringLiteral(">");
    QStringList conditions;
    QVariantList values;
    values << column.joinValues;
    if (!addFilter(filter, &conditions, &values, error, textPlan(m_workspace, filter), order.nowMs))
        return {};
    if (after) {
        if (byColumn) {
            // Runs lacking the value (NULL) come after all others in either direction, so the order is
            // (missing, value, seq) with the value's direction; NULL compares with nothing, hence the cases.
            if (after->sortKey.isNull()) {
                conditions << QStringLiteral("(%1 IS NULL AND seq %2 ?)").arg(key, beyond);
                values << after->seq;
            } else {
                conditions << QStringLiteral("(%1 IS NULL OR %1 %2 ? OR (%1 = ? AND seq %2 ?))").arg(key, beyond);
                values << after->sortKey << after->sortKey << after->seq;
            }
        } else if (uniqueKey(order.key)) {
            conditions << key + QLatin1Char(' ') + beyond + QStringLiteral(" ?");
            values << after->sortKey;
        } else {
            // Equal keys are ordered by seq, so (key, seq) is unique and a row value marks the exact position.
            conditions << QStringLiteral("(%1, seq) %2 (?, ?)").arg(key, beyond);
            values << after->sortKey << after->seq;
        }
    }
    QString sql;
    if (byColumn) {
        sql = QStringLiteral("SELECT %1, %2 FROM runs%3%4 ORDER BY (%2 IS NULL), %2 %5, seq %5")
                  .arg(QLatin1String(kListColumns), key, column.join, whereText(conditions), direction);
    } else {
        sql = QStringLiteral("SELECT %1, %2 FROM runs%3 ORDER BY %2 %4")
                  .arg(QLatin1String(kListColumns), key, whereText(conditions), direction);
        if (!uniqueKey(order.key))
            sql += QStringLiteral(", seq ") + direction;
    }
    sql += QStringLiteral(" LIMIT ?");
    values << limit;
    QSqlQuery q(m_workspace.database());
    QVector<RunListRow> rows;
    if (!execWith(q, sql, values, error, m_workspace.databasePath()))
        return rows;
    rows.reserve(limit);
    while (q.next()) {
        RunListRow row = rowFromQuery(q);
        row.sortKey = q.value(kListColumnCount);
        rows << row;
    }
    if (!steppedToEnd(q, error, m_workspace.databasePath()))
        return {};
    return rows;
}

qint64 RunQuery::count(const RunQueryFilter& filter, QString* error) const
{
    if (error)
        error->clear();
    QStringList conditions;
    QVariantList values;
    if (!addFilter(filter, &conditions, &values, error))
        return 0;
    QSqlQuery q(m_workspace.database());
    if (!execWith(q, QStringLiteral("SELECT COUNT(*) FROM runs") + whereText(conditions), values, error,
                  m_workspace.databasePath()))
        return 0;
    if (!q.next()) {
        steppedToEnd(q, error, m_workspace.databasePath());
        return 0;
    }
    return q.value(0).toLongLong();
}

QVector<RunListRow> RunQuery::rows(const QStringList& ids, QString* error) const
{
    RunQueryFilter everything;
    everything.includeArchived = true;
    return rows(ids, everything, error);
}

QVector<RunListRow> RunQuery::rows(const QStringList& ids, const RunQueryFilter& filter, QString* error) const
{
    if (error)
        error->clear();
    QVector<RunListRow> result;
    for (int start = 0; start < ids.size(); start += kIdsPerQuery) {
        const QStringList chunk = ids.mid(start, kIdsPerQuery);
        QVariantList values;
        for (const QString& id : chunk)
            values << id;
        QStringList conditions{QStringLiteral("runs.id IN (%1)").arg(placeholders(int(chunk.size())))};
        // A few given runs: each is probed, where a set would read every matching side row first.
        if (!addFilter(filter, &conditions, &values, error, TextPlan::ScanInOrder, 0, ExpressionForm::Probe))
            return {};
        QSqlQuery q(m_workspace.database());
        if (!execWith(q, QStringLiteral("SELECT %1 FROM runs%2").arg(QLatin1String(kListColumns), whereText(conditions)),
                      values, error, m_workspace.databasePath()))
            return {};
        while (q.next())
            result << rowFromQuery(q);
        if (!steppedToEnd(q, error, m_workspace.databasePath()))
            return {};
    }
    return result;
}

QVector<RunListRow> RunQuery::newerThan(qint64 seq, const RunQueryFilter& filter, QString* error) const
{
    if (error)
        error->clear();
    QStringList conditions{QStringLiteral("seq > ?")};
    QVariantList values{seq};
    // The few newest runs: each is probed (see rows()).
    if (!addFilter(filter, &conditions, &values, error, TextPlan::ScanInOrder, 0, ExpressionForm::Probe))
        return {};
    QSqlQuery q(m_workspace.database());
    QVector<RunListRow> result;
    if (!execWith(q, QStringLiteral("SELECT %1, seq FROM runs%2 ORDER BY seq DESC").arg(QLatin1String(kListColumns), whereText(conditions)),
                  values, error, m_workspace.databasePath()))
        return result;
    while (q.next()) {
        RunListRow row = rowFromQuery(q);
        row.sortKey = q.value(kListColumnCount);
        result << row;
    }
    if (!steppedToEnd(q, error, m_workspace.databasePath()))
        return {};
    return result;
}

qint64 RunQuery::maxSeq(QString* error) const
{
    if (error)
        error->clear();
    QSqlQuery q(m_workspace.database());
    if (!execWith(q, QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM runs"), {}, error, m_workspace.databasePath()))
        return 0;
    if (!q.next()) {
        steppedToEnd(q, error, m_workspace.databasePath());
        return 0;
    }
    return q.value(0).toLongLong();
}

QHash<QString, QHash<QString, double>> RunQuery::lastMetricValues(const QStringList& runIds, const QStringList& metricNames,
                                                                  QString* error) const
{
    if (error)
        error->clear();
    QHash<QString, QHash<QString, double>> result;
    if (runIds.isEmpty() || metricNames.isEmpty())
        return result;
    const int idsPerQuery = qMax(1, kIdsPerQuery - int(metricNames.size()));
    for (int start = 0; start < runIds.size(); start += idsPerQuery) {
        const QStringList chunk = runIds.mid(start, idsPerQuery);
        QVariantList values;
        for (const QString& id : chunk)
            values << id;
        for (const QString& name : metricNames)
            values << name;
        QSqlQuery q(m_workspace.database());
        if (!execWith(q, QStringLiteral("SELECT run_id, name, last_value FROM run_metrics WHERE run_id IN (%1) AND name IN (%2)")
                             .arg(placeholders(int(chunk.size())), placeholders(int(metricNames.size()))),
                      values, error, m_workspace.databasePath()))
            return {};
        while (q.next()) {
            // RunStore keeps non-finite values as text ("nan", "inf").
            const QVariant v = q.value(2);
            result[q.value(0).toString()].insert(q.value(1).toString(),
                                                 v.typeId() == QMetaType::QString ? v.toString().toDouble() : v.toDouble());
        }
        if (!steppedToEnd(q, error, m_workspace.databasePath()))
            return {};
    }
    return result;
}

QStringList RunQuery::metricNames(int limit, QString* error) const
{
    if (error)
        error->clear();
    QSqlQuery q(m_workspace.database());
    QStringList names;
    if (!execWith(q, QStringLiteral("SELECT DISTINCT name FROM run_metrics WHERE substr(name, 1, 7) <> 'system/' "
                                                  "ORDER BY name LIMIT ?"), {limit}, error,
                  m_workspace.databasePath()))
        return names;
    while (q.next())
        names << q.value(0).toString();
    if (!steppedToEnd(q, error, m_workspace.databasePath()))
        return {};
    return names;
}

QVector<QPair<QString, qint64>> RunQuery::experimentCounts(QString* error) const
{
    if (error)
        error->clear();
    QSqlQuery q(m_workspace.database());
    QVector<QPair<QString, qint64>> result;
    if (!execWith(q, QStringLiteral("SELECT experiment, COUNT(*) FROM runs GROUP BY experiment ORDER BY experiment"), {}, error,
                  m_workspace.databasePath()))
        return result;
    while (q.next())
        result.append({q.value(0).toString(), q.value(1).toLongLong()});
    if (!steppedToEnd(q, error, m_workspace.databasePath()))
        return {};
    return result;
}

qint64 RunQuery::liveRunCount(QString* error) const
{
    if (error)
        error->clear();
    QSqlQuery q(m_workspace.database());
    // Same condition as the partial index runs_live, so SQLite counts from the index.
    if (!execWith(q, QStringLiteral("SELECT COUNT(*) FROM runs WHERE ") + liveStatusCondition(),
                  {}, error, m_workspace.databasePath()))
        return 0;
    if (!q.next()) {
        steppedToEnd(q, error, m_workspace.databasePath());
        return 0;
    }
    return q.value(0).toLongLong();
}

RunOrder RunOrder::byColumn(const RunColumn& column, bool descending, qint64 nowMs)
{
    RunOrder order;
    order.descending = descending;
    order.nowMs = nowMs;
    order.key = RunSortKey::Column;
    order.column = column;
    if (column.kind == RunColumn::Kind::Field) {
        static const QHash<QString, RunSortKey> fixed{{QStringLiteral("status"), RunSortKey::Status},
                                                      {QStringLiteral("id"), RunSortKey::Id},
                                                      {QStringLiteral("experiment"), RunSortKey::Experiment},
                                                      {QStringLiteral("target"), RunSortKey::Target},
                                                      {QStringLiteral("submitted"), RunSortKey::Submitted},
                                                      {QStringLiteral("duration"), RunSortKey::Duration}};
        const auto it = fixed.constFind(column.name);
        if (it != fixed.cend())
            order.key = *it;
    }
    return order;
}

std::optional<RunOrder> RunOrder::parse(const QString& text, QString* error)
{
    QString key = text.trimmed();
    bool descending = true;
    const int colon = int(key.lastIndexOf(QLatin1Char(':')));
    if (colon >= 0) {
        const QString direction = key.mid(colon + 1).trimmed().toLower();
        if (direction != QLatin1String("asc") && direction != QLatin1String("desc")) {
            if (error)
                *error = QStringLiteral("sort direction \"%1\" is neither asc nor desc").arg(key.mid(colon + 1));
            return std::nullopt;
        }
        descending = direction == QLatin1String("desc");
        key = key.left(colon).trimmed();
    }
    QString columnError;
    const std::optional<RunColumn> column = RunColumn::parse(key, &columnError);
    if (!column) {
        if (error)
            *error = QStringLiteral("cannot sort by %1").arg(columnError);
        return std::nullopt;
    }
    return byColumn(*column, descending);
}

RunColumn RunOrder::sortColumn() const
{
    switch (key) {
    case RunSortKey::Submitted:
        return RunColumn::field(QStringLiteral("submitted"));
    case RunSortKey::Status:
        return RunColumn::field(QStringLiteral("status"));
    case RunSortKey::Id:
        return RunColumn::field(QStringLiteral("id"));
    case RunSortKey::Experiment:
        return RunColumn::field(QStringLiteral("experiment"));
    case RunSortKey::Target:
        return RunColumn::field(QStringLiteral("target"));
    case RunSortKey::Duration:
        return RunColumn::field(QStringLiteral("duration"));
    case RunSortKey::Column:
        break;
    }
    return column;
}

QHash<QString, QHash<QString, QVariant>> RunQuery::columnValues(const QStringList& runIds, const QVector<RunColumn>& columns,
                                                                QString* error) const
{
    if (error)
        error->clear();
    QHash<QString, QHash<QString, QVariant>> result;
    QStringList params, metrics, tags;
    bool fields = false;
    for (const RunColumn& column : columns) {
        QStringList* names = column.kind == RunColumn::Kind::Param    ? &params
                             : column.kind == RunColumn::Kind::Metric ? &metrics
                             : column.kind == RunColumn::Kind::Tag    ? &tags
                                                                      : nullptr;
        if (!names)
            fields = true;
        else if (!names->contains(column.name))
            names->append(column.name);
    }
    if (runIds.isEmpty() || columns.isEmpty())
        return result;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    // `+name` keeps SQLite on the (run_id, name) key: through the name index it would walk every run's row.
    const int idsPerQuery = qMax(1, kIdsPerQuery - int(std::max({params.size(), metrics.size(), tags.size()})));
    auto readNamed = [&](const QString& sql, const QStringList& names, const QStringList& chunk,
                         const std::function<void(const QSqlQuery&)>& take) {
        if (names.isEmpty())
            return true;
        QVariantList values;
        for (const QString& id : chunk)
            values << id;
        for (const QString& name : names)
            values << name;
        QSqlQuery q(m_workspace.database());
        if (!execWith(q, sql.arg(placeholders(int(chunk.size())), placeholders(int(names.size()))), values, error,
                      m_workspace.databasePath()))
            return false;
        while (q.next())
            take(q);
        return steppedToEnd(q, error, m_workspace.databasePath());
    };
    for (int start = 0; start < runIds.size(); start += idsPerQuery) {
        const QStringList chunk = runIds.mid(start, idsPerQuery);
        const bool ok =
            readNamed(QStringLiteral("SELECT run_id, name, value, number FROM run_params WHERE run_id IN (%1) AND +name IN (%2)"),
                      params, chunk,
                      [&](const QSqlQuery& q) {
                          result[q.value(0).toString()].insert(QStringLiteral("params.") + q.value(1).toString(),
                                                               q.value(3).isNull() ? q.value(2) : QVariant(q.value(3).toDouble()));
                      })
            && readNamed(QStringLiteral("SELECT run_id, name, value FROM run_tags WHERE run_id IN (%1) AND +name IN (%2)"), tags,
                         chunk,
                         [&](const QSqlQuery& q) {
                             result[q.value(0).toString()].insert(QStringLiteral("tags.") + q.value(1).toString(),
                                                                  q.value(2).toString());
                         })
            && readNamed(QStringLiteral("SELECT run_id, name, last_value, min_value, max_value FROM run_metrics "
                                        "WHERE run_id IN (%1) AND +name IN (%2)"),
                         metrics, chunk, [&](const QSqlQuery& q) {
                             QHash<QString, QVariant>& row = result[q.value(0).toString()];
                             const QString name = q.value(1).toString();
                             // RunStore keeps non-finite last values as text ("nan", "inf").
                             const QVariant last = q.value(2);
                             row.insert(RunColumn::metric(name).key(),
                                        last.typeId() == QMetaType::QString ? last.toString().toDouble() : last.toDouble());
                             if (!q.value(3).isNull())
                                 row.insert(RunColumn::metric(name, RunColumn::Aggregate::Min).key(), q.value(3).toDouble());
                             if (!q.value(4).isNull())
                                 row.insert(RunColumn::metric(name, RunColumn::Aggregate::Max).key(), q.value(4).toDouble());
                         });
        if (!ok)
            return {};
        if (!fields)
            continue;
        QVariantList values;
        for (const QString& id : chunk)
            values << id;
        QSqlQuery q(m_workspace.database());
        if (!execWith(q, QStringLiteral("SELECT id, status, display_name, experiment, compute_target, submitted_at, started_at, "
                                        "ended_at, note FROM runs WHERE id IN (%1)")
                             .arg(placeholders(int(chunk.size()))),
                      values, error, m_workspace.databasePath()))
            return {};
        while (q.next()) {
            QHash<QString, QVariant>& row = result[q.value(0).toString()];
            const auto put = [&row](const char* key, const QVariant& value) {
                if (!value.isNull() && !(value.typeId() == QMetaType::QString && value.toString().isEmpty()))
                    row.insert(QLatin1String(key), value);
            };
            put("id", q.value(0));
            put("status", q.value(1));
            put("name", q.value(2));
            put("experiment", q.value(3));
            put("target", q.value(4));
            put("submitted", q.value(5));
            const qint64 started = q.value(6).toLongLong();
            const qint64 ended = q.value(7).toLongLong();
            if (started > 0)
                row.insert(QStringLiteral("started"), started);
            if (ended > 0)
                row.insert(QStringLiteral("ended"), ended);
            if (started > 0)
                row.insert(QStringLiteral("duration"), (ended > 0 ? ended : nowMs) - started);
            put("note", q.value(8));
        }
        if (!steppedToEnd(q, error, m_workspace.databasePath()))
            return {};
    }
    return result;
}

namespace {

QStringList distinctNames(const Workspace& workspace, const char* table, const QString& experiment, int limit, QString* error)
{
    if (error)
        error->clear();
    QSqlQuery q(workspace.database());
    QStringList names;
    const QString sql = experiment.isEmpty()
                            ? QStringLiteral("SELECT DISTINCT name FROM %1 ORDER BY name LIMIT ?").arg(QLatin1String(table))
                            : QStringLiteral("SELECT DISTINCT t.name FROM %1 t JOIN runs ON runs.id = t.run_id "
                                             "WHERE runs.experiment = ? ORDER BY t.name LIMIT ?")
                                  .arg(QLatin1String(table));
    QVariantList values;
    if (!experiment.isEmpty())
        values << experiment;
    values << limit;
    if (!execWith(q, sql, values, error, workspace.databasePath()))
        return names;
    while (q.next())
        names << q.value(0).toString();
    if (!steppedToEnd(q, error, workspace.databasePath()))
        return {};
    return names;
}

} // namespace

QStringList RunQuery::paramNames(const QString& experiment, int limit, QString* error) const
{
    return distinctNames(m_workspace, "run_params", experiment, limit, error);
}

QStringList RunQuery::tagNames(const QString& experiment, int limit, QString* error) const
{
    return distinctNames(m_workspace, "run_tags", experiment, limit, error);
}
