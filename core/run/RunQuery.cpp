#include "run/RunQuery.h"

#include "workspace/DatabaseError.h"

#include <QSqlError>
#include <QSqlQuery>

namespace {

const char* const kListColumns = "id, seq, experiment, status, compute_target, submitted_at, started_at, ended_at, exit_code, waiting_reason";
constexpr int kListColumnCount = 10;
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

// Appends the filter's conditions and their values (positional, in order).
void addFilter(const RunQueryFilter& filter, QStringList* conditions, QVariantList* values, TextPlan plan = TextPlan::ScanInOrder)
{
    if (!filter.experiment.isEmpty()) {
        *conditions << QStringLiteral("experiment = ?");
        *values << filter.experiment;
    }
    if (filter.status) {
        *conditions << QStringLiteral("status = ?");
        *values << runStatusName(*filter.status);
    }
    if (!filter.text.isEmpty()) {
        *conditions << (plan == TextPlan::CollectFirst ? QStringLiteral("runs.rowid IN (SELECT rowid FROM runs WHERE id LIKE ? ESCAPE '\\')")
                                                       : QStringLiteral("id LIKE ? ESCAPE '\\'"));
        *values << likePattern(filter.text);
    }
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
    case RunSortKey::Metric: {
        // The value of the joined row (metricJoin), always in ascending order (see ascendingOnly): descending is
        // the negated value. RunStore keeps non-finite values as text; they are put back in number order here
        // (9e999 is SQLite's infinity). A run without a value gets the text '~', which SQLite sorts after every
        // number, so it comes last either way, and the key is never NULL, which the keyset cursor could not
        // compare.
        const bool negate = order.descending;
        return QStringLiteral("(CASE WHEN sort_metric.last_value IS NULL OR sort_metric.last_value = 'nan' "
                              "THEN '~' WHEN sort_metric.last_value = 'inf' THEN %1 "
                              "WHEN sort_metric.last_value = '-inf' THEN %2 ELSE %3 END)")
            .arg(negate ? QStringLiteral("-9e999") : QStringLiteral("9e999"),
                 negate ? QStringLiteral("9e999") : QStringLiteral("-9e999"),
                 negate ? QStringLiteral("(0 - sort_metric.last_value)") : QStringLiteral("sort_metric.last_value"));
    }
    }
    return QStringLiteral("seq");
}

bool uniqueKey(RunSortKey key) { return key == RunSortKey::Submitted || key == RunSortKey::Id; }

// A metric key carries its direction in its sign, so that runs without a value stay last (sortExpression).
bool ascendingOnly(RunSortKey key) { return key == RunSortKey::Metric; }

// The metric a Metric order reads, joined at most one row per run (run_metrics' key is run_id, name). Its
// name is bound, so it is the statement's first value.
QString metricJoin(const RunOrder& order)
{
    return order.key == RunSortKey::Metric
               ? QStringLiteral(" LEFT JOIN run_metrics AS sort_metric"
                                " ON sort_metric.run_id = runs.id AND sort_metric.name = ?")
               : QString();
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
    if (status && row.status != *status)
        return false;
    return text.isEmpty() || row.id.contains(text, Qt::CaseInsensitive) || row.experiment.contains(text, Qt::CaseInsensitive);
}

QVector<RunListRow> RunQuery::page(const RunQueryFilter& filter, const RunOrder& order, const RunListRow* after, int limit,
                                   QString* error) const
{
    if (error)
        error->clear();
    const QString key = sortExpression(order);
    const bool descending = order.descending && !ascendingOnly(order.key);
    const QString direction = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString beyond = descending ? QStringLiteral("<") : QStringLiteral(">");
    QStringList conditions;
    QVariantList values;
    if (order.key == RunSortKey::Metric)
        values << order.metric;
    addFilter(filter, &conditions, &values, textPlan(m_workspace, filter));
    if (after) {
        if (uniqueKey(order.key)) {
            conditions << key + QLatin1Char(' ') + beyond + QStringLiteral(" ?");
            values << after->sortKey;
        } else {
            // Equal keys are ordered by seq, so (key, seq) is unique and a row value marks the exact position.
            conditions << QStringLiteral("(%1, seq) %2 (?, ?)").arg(key, beyond);
            values << after->sortKey << after->seq;
        }
    }
    QString sql = QStringLiteral("SELECT %1, %2 FROM runs%3%4 ORDER BY %2 %5")
                      .arg(QLatin1String(kListColumns), key, metricJoin(order), whereText(conditions), direction);
    if (!uniqueKey(order.key))
        sql += QStringLiteral(", seq ") + direction;
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
    addFilter(filter, &conditions, &values);
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
    if (error)
        error->clear();
    QVector<RunListRow> result;
    for (int start = 0; start < ids.size(); start += kIdsPerQuery) {
        const QStringList chunk = ids.mid(start, kIdsPerQuery);
        QVariantList values;
        for (const QString& id : chunk)
            values << id;
        QSqlQuery q(m_workspace.database());
        if (!execWith(q, QStringLiteral("SELECT %1 FROM runs WHERE id IN (%2)").arg(QLatin1String(kListColumns), placeholders(int(chunk.size()))),
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
    addFilter(filter, &conditions, &values);
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
