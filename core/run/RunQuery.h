// The run queries the desktop app's runs table needs and RunStore does not offer: text search, sorting by any
// stored column, keyset paging (a page after a given row costs the same at row 100 and at row 99,900, where
// OFFSET would walk every skipped row), batched metric values and per-experiment counts. Reads only.
#pragma once

#include "run/RunColumn.h"
#include "run/RunStatus.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVector>
#include <optional>

// The columns of a run a list shows: what `SELECT *` would cost in JSON parsing is left out on purpose.
struct RunListRow
{
    QString id;
    qint64 seq = 0;
    QString experiment;
    RunStatus status = RunStatus::Queued;
    QString computeTarget;
    qint64 submittedAt = 0;
    qint64 startedAt = 0;
    qint64 endedAt = 0;
    std::optional<int> exitCode;
    QString waitingReason; // a live run's current step ("uploading …", "reconnecting: …"), see runStatusText
    QString displayName;
    bool archived = false;
    QVariant sortKey; // the value the page was ordered by (null: the run lacks it); the cursor for the next page

    // Milliseconds the run has been running (until nowMs when it has not ended); -1 before it started.
    qint64 durationMs(qint64 nowMs) const;
    bool sameContent(const RunListRow& other) const;
};

struct RunQueryFilter
{
    QString experiment;
    std::optional<RunStatus> status;
    QString text; // case-insensitive substring of the run id or the experiment
    // A RunFilterExpression; RunQuery parses it, and a parse error is the query's error, never an empty listing.
    QString expression;
    // Archived runs are left out unless asked for here or by an expression that names `archived`.
    bool includeArchived = false;

    bool isEmpty() const { return experiment.isEmpty() && !status && text.isEmpty() && expression.isEmpty(); }
    // The same test the SQL makes, for rows already loaded; an expression cannot be tested here (use
    // RunQuery::rows(ids, filter)), so rows pass it.
    bool matches(const RunListRow& row) const;
};

// Column orders by RunOrder::column, any column of a listing (a param, a metric's last/min/max, a tag, a field):
// runs that lack the value come last in both directions.
enum class RunSortKey { Submitted, Status, Id, Experiment, Target, Duration, Column };

struct RunOrder
{
    RunSortKey key = RunSortKey::Submitted;
    bool descending = true;
    qint64 nowMs = 0; // the "now" durations of unfinished runs are measured to; fixed per listing so pages agree
    RunColumn column; // with RunSortKey::Column

    // The order by a column: the fixed fields keep their own keys (status in lifecycle order, …).
    static RunOrder byColumn(const RunColumn& column, bool descending, qint64 nowMs = 0);
    // Parses "KEY", "KEY:asc" or "KEY:desc" (descending by default); nullopt with *error naming the bad part.
    static std::optional<RunOrder> parse(const QString& text, QString* error = nullptr);
    // The column this order sorts by.
    RunColumn sortColumn() const;
};

class RunQuery
{
public:
    explicit RunQuery(const Workspace& workspace) : m_workspace(workspace) {}

    // Every query sets *error, when given, to what failed (cleared when it succeeds) and returns what it
    // has: empty, or 0 for the counts and maxSeq. A damaged database, a full disk or a lock held too long is never an
    // empty listing that looks like "no runs".

    // Up to `limit` runs in `order` that come after `after` (from the first when null). Orders by seq (with a
    // filter expression) and by a param, metric or tag walk the order's index and stop once the page is full;
    // when few runs along it match the filter, the matching runs are collected and ordered instead.
    // *plan, when given, says which was done.
    enum class Plan { IndexWalk, Collect };
    QVector<RunListRow> page(const RunQueryFilter& filter, const RunOrder& order, const RunListRow* after, int limit,
                             QString* error = nullptr, Plan* plan = nullptr) const;
    qint64 count(const RunQueryFilter& filter, QString* error = nullptr) const;
    // The current state of the given runs, in no particular order; runs that no longer exist are absent.
    QVector<RunListRow> rows(const QStringList& ids, QString* error = nullptr) const;
    // The same, only those that match the filter.
    QVector<RunListRow> rows(const QStringList& ids, const RunQueryFilter& filter, QString* error = nullptr) const;
    // Runs submitted after seq that match the filter, newest first.
    QVector<RunListRow> newerThan(qint64 seq, const RunQueryFilter& filter, QString* error = nullptr) const;
    qint64 maxSeq(QString* error = nullptr) const;
    // Last value of each named metric of each run: one query per 500 runs, never one per cell.
    QHash<QString, QHash<QString, double>> lastMetricValues(const QStringList& runIds, const QStringList& metricNames,
                                                            QString* error = nullptr) const;
    // The value of each column of each run, keyed by run id and RunColumn::key(): a param as its number when
    // it reads as one (else its text), a metric as a double (NaN for a NaN value), a tag or a field as shown in
    // a listing (times in ms since the epoch, duration in ms). Absent when the run lacks it. One query per kind
    // of column per 500 runs.
    QHash<QString, QHash<QString, QVariant>> columnValues(const QStringList& runIds, const QVector<RunColumn>& columns,
                                                          QString* error = nullptr) const;
    // Distinct param and tag names (for column choosers and completion), sorted; of one experiment when given.
    QStringList paramNames(const QString& experiment = {}, int limit = 500, QString* error = nullptr) const;
    QStringList tagNames(const QString& experiment = {}, int limit = 500, QString* error = nullptr) const;
    // Distinct metric names recorded in the workspace (for choosing metric columns), sorted; the per-node
    // system samples (system/<node>/...) are no run-comparing column and are left out.
    QStringList metricNames(int limit = 500, QString* error = nullptr) const;
    // Experiments with their number of runs, by name.
    QVector<QPair<QString, qint64>> experimentCounts(QString* error = nullptr) const;
    qint64 liveRunCount(QString* error = nullptr) const;

    // How many index entries an index walk reads before it tests whether the page is full (then four times
    // as many, twice). Tests make it small to walk through many windows on a few runs.
    void setWalkWindow(int entries) { m_walkWindow = qMax(1, entries); }

private:
    // Orders every matching run and reads the page (the plan of any order).
    QVector<RunListRow> collectPage(const RunQueryFilter& filter, const RunOrder& order, const RunListRow* after, int limit,
                                    QString* error) const;

    Workspace m_workspace;
    int m_walkWindow = 1000;
};
