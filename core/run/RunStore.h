// Reads and changes runs in the workspace database. Every state change is one conditional UPDATE, so two
// processes racing on the same run (a runner finishing, a CLI canceling) cannot both win.
#pragma once

#include "run/RunParam.h"
#include "run/RunRecord.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QVector>

class QSqlQuery;

struct RunFilter
{
    QString experiment;
    std::optional<RunStatus> status;
    int limit = 50;
    int offset = 0;
};

struct RunMetricSummary
{
    QString name;
    qint64 count = 0;
    qint64 lastStep = 0;
    double lastValue = 0;
    double lastTime = 0;
    // Over the finite values only; none when the series has no finite value.
    std::optional<double> minValue;
    std::optional<double> maxValue;
};

class RunStore
{
public:
    explicit RunStore(const Workspace& workspace) : m_workspace(workspace) {}

    // Inserts a new Queued run; fills id, seq and submittedAt. Its display name, note and the given tags are
    // recorded in the same transaction (the caller has validated them).
    bool insert(RunRecord& run, QString* error, const QVector<QPair<QString, QString>>& tags = {});

    // Reads. A query that fails (a damaged database, a full disk, a lock held too long) sets *error, when
    // given, to what failed and returns nothing: "no such run" is nullopt with *error empty. *error is
    // cleared when the query succeeds.
    std::optional<RunRecord> find(const QString& id, QString* error = nullptr) const;
    // Newest first.
    QVector<RunRecord> list(const RunFilter& filter, QString* error = nullptr) const;
    // 0 when the query failed: *error tells it from an empty workspace.
    qint64 count(const RunFilter& filter, QString* error = nullptr) const;
    QVector<RunRecord> liveRuns(QString* error = nullptr) const;

    // Moves a run from one of `from` to `to`; false when the run was not in one of `from`.
    bool transition(const QString& id, std::initializer_list<RunStatus> from, RunStatus to);
    bool finish(const QString& id, RunStatus to, std::optional<int> exitCode, const QString& error);
    bool setRunner(const QString& id, qint64 pid, const QString& host);
    // Hands the run to a new runner only while `expectedPid` still owns it (0: a hand-over in progress), so
    // that of several processes noticing the same orphan exactly one takes it.
    bool replaceRunner(const QString& id, qint64 expectedPid, qint64 pid, const QString& identity, const QString& host);
    // Takes a live run from a runner that is gone (expectedPid, 0 for a hand-over that never completed) for
    // a successor: only while pid and heartbeat are still the ones the caller saw.
    bool claimOrphan(const QString& id, qint64 expectedPid, qint64 expectedHeartbeatAt, const QString& host);
    bool setTargetHandle(const QString& id, const QJsonObject& handle);
    bool setWaitingReason(const QString& id, const QString& reason);
    bool setProcessGroup(const QString& id, qint64 pgid);
    bool setCommand(const QString& id, const QStringList& command);
    bool heartbeat(const QString& id);
    bool requestCancel(const QString& id);
    enum class CancelResult { Canceled, Requested, AlreadyEnded, Unknown, Failed };
    // The one cancel of every program: records the request, and a run no runner owns yet (Queued) ends
    // Canceled at once, with its end time and error, in one statement. A live run is ended by its runner,
    // through its compute target.
    CancelResult cancel(const QString& id);
    // False both when no cancel was asked and when the query failed; *error tells which.
    bool cancelRequested(const QString& id, QString* error = nullptr) const;

    // The run's params: script params in the estimator's order, then the logged ones in the order first logged.
    QVector<RunParam> params(const QString& id, QString* error = nullptr) const;
    // Records a param the run logged; a script param of the same name is kept (the run was started with it).
    bool setLoggedParam(const QString& id, const QString& name, const QString& value);

    // An unknown run is an error ("unknown run X"), never a tag written for nothing.
    bool setTag(const QString& id, const QString& name, const QString& value);
    QVector<QPair<QString, QString>> tags(const QString& id, QString* error = nullptr) const;

    // What a person records about a run. Each returns false with *error (and lastError()) naming the run when it
    // does not exist, and naming the value when it is unusable; *error is cleared on success.
    // The name shown instead of the id: trimmed, one line; empty clears it.
    bool setDisplayName(const QString& id, const QString& name, QString* error = nullptr);
    // Whether `name` is usable as a display name (one line, at most kMaxDisplayNameLength), *error saying why not.
    static bool isValidDisplayName(const QString& name, QString* error = nullptr);
    static constexpr int kMaxDisplayNameLength = 200;
    // A free-text note, kept as written; empty (or only whitespace) clears it.
    bool setNote(const QString& id, const QString& note, QString* error = nullptr);
    static constexpr int kMaxNoteLength = 64 * 1024;
    // An error too when the run has no such tag.
    bool removeTag(const QString& id, const QString& name, QString* error = nullptr);
    // Archived runs are left out of listings unless asked for.
    bool setArchived(const QString& id, bool archived, QString* error = nullptr);
    bool storeMetricSummaries(const QString& id, const QVector<RunMetricSummary>& summaries);
    QVector<RunMetricSummary> metricSummaries(const QString& id, QString* error = nullptr) const;

    // Why the last call on this store failed ("cannot record the end of run …: the disk is full (…)"), empty
    // when it succeeded. A write that returns false with lastError() empty changed nothing because the run
    // was not in a state the write applies to.
    QString lastError() const { return m_lastError; }

    static qint64 nowMs();

private:
    // Runs a prepared (or, with sql, a one-off) statement and records its failure in m_lastError and *error.
    bool exec(QSqlQuery& q, const QString& action, QString* error = nullptr, const QString& sql = QString()) const;
    // Runs the prepared query and reads every row, or none with the error.
    QVector<RunRecord> readRuns(QSqlQuery& q, const QString& action, QString* error) const;
    // Runs an UPDATE of one run by id: false with "unknown run X" when no row matched.
    bool updateRun(QSqlQuery& q, const QString& id, const QString& action, QString* error);
    bool fail(const QString& message, QString* error) const;

    Workspace m_workspace;
    mutable QString m_lastError;
};
