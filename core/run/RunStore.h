// Reads and changes runs in the workspace database. Every state change is one conditional UPDATE, so two
// processes racing on the same run (a runner finishing, a CLI canceling) cannot both win.
#pragma once

#include "run/RunRecord.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QVector>

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
};

class RunStore
{
public:
    explicit RunStore(const Workspace& workspace) : m_workspace(workspace) {}

    // Inserts a new Queued run; fills id, seq and submittedAt.
    bool insert(RunRecord& run, QString* error);
    std::optional<RunRecord> find(const QString& id) const;
    // Newest first.
    QVector<RunRecord> list(const RunFilter& filter) const;
    qint64 count(const RunFilter& filter) const;
    QVector<RunRecord> liveRuns() const;

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
    bool cancelRequested(const QString& id) const;

    bool setTag(const QString& id, const QString& name, const QString& value);
    QVector<QPair<QString, QString>> tags(const QString& id) const;
    bool storeMetricSummaries(const QString& id, const QVector<RunMetricSummary>& summaries);
    QVector<RunMetricSummary> metricSummaries(const QString& id) const;

    static qint64 nowMs();

private:
    Workspace m_workspace;
};
