#include "run/RunScheduler.h"

#include "run/ProcessIdentity.h"
#include "run/RunStore.h"
#include "targets/TargetKind.h"
#include "targets/TargetRegistry.h"

#include <QCoreApplication>
#include <QHash>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include <cerrno>
#include <csignal>

namespace {

// Waits at most `ms` for the write lock on this thread's connection while it lives.
class LockTimeout
{
public:
    LockTimeout(QSqlDatabase db, int ms) : m_db(db) { setTimeout(ms); }
    ~LockTimeout() { setTimeout(RunScheduler::kPatientLockMs); }

private:
    void setTimeout(int ms)
    {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(ms));
    }
    QSqlDatabase m_db;
};

struct QueuedCandidate
{
    QString id;
    QString target;
};

// Per target, the next queued runs that fit its free slots: reads at most that many rows per target.
QVector<QueuedCandidate> nextQueued(const Workspace& workspace, bool* ok)
{
    QSqlDatabase db = workspace.database();
    QSqlQuery q(db);
    *ok = q.exec(QStringLiteral("SELECT compute_target, COUNT(*), "
                                "SUM(status = 'Starting' AND COALESCE(waiting_reason, '') <> '') "
                                "FROM runs WHERE %1 GROUP BY compute_target")
                     .arg(liveStatusCondition()));
    QHash<QString, int> live;
    QHash<QString, int> waitingInTheTargetsQueue;
    while (*ok && q.next()) {
        live.insert(q.value(0).toString(), q.value(1).toInt());
        waitingInTheTargetsQueue.insert(q.value(0).toString(), q.value(2).toInt());
    }
    QVector<QueuedCandidate> result;
    if (!*ok)
        return result;
    QSqlQuery next(db);
    next.prepare(QStringLiteral("SELECT id FROM runs WHERE status = 'Queued' AND compute_target = ? ORDER BY seq LIMIT ?"));
    for (const TargetConfig& target : TargetRegistry(workspace).list()) {
        const TargetKind* kind = TargetKinds::find(target.kind);
        const int holding = live.value(target.name) -
                            (kind && kind->queuesRuns ? waitingInTheTargetsQueue.value(target.name) : 0);
        const int free = target.maxConcurrentRuns() - holding;
        if (free <= 0)
            continue;
        next.addBindValue(target.name);
        next.addBindValue(free);
        if (!next.exec()) {
            *ok = false;
            return result;
        }
        while (next.next())
            result.append({next.value(0).toString(), target.name});
    }
    return result;
}

} // namespace

RunScheduler::RunScheduler(const Workspace& workspace) : m_workspace(workspace) {}

QString RunScheduler::runnerProgram()
{
    const QString fromEnv = qEnvironmentVariable("TRAINYARD_RUNNER");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QCoreApplication::applicationDirPath() + QStringLiteral("/trainyard-runner");
}

QString RunScheduler::hostName() { return QSysInfo::machineHostName(); }

bool RunScheduler::runnerAlive(const RunRecord& run)
{
    if (run.runnerPid <= 0 || run.runnerHost != hostName())
        return false;
    const ProcessIdentity identity = ProcessIdentity::fromToken(run.runnerPid, run.runnerIdentity);
    if (identity.isValid())
        return identity.isAlive();
    // Recorded by a runner of an older version: the pid is all there is.
    return ::kill(pid_t(run.runnerPid), 0) == 0 || errno == EPERM;
}

int RunScheduler::adoptOrphanedRuns()
{
    RunStore store(m_workspace);
    const QString host = hostName();
    const qint64 now = RunStore::nowMs();
    int adopted = 0;
    for (const RunRecord& run : store.liveRuns()) {
        // A runner of another machine cannot be checked from here; that machine's programs look after it.
        if (!run.runnerHost.isEmpty() && run.runnerHost != host)
            continue;
        if (run.runnerPid > 0 ? runnerAlive(run) : now - run.heartbeatAt < kHandOverTimeoutMs)
            continue;
        // Of all the processes that noticed, the one whose claim lands starts the successor.
        if (!store.claimOrphan(run.id, run.runnerPid, run.heartbeatAt, host))
            continue;
        if (spawnRunner(run.id, true))
            ++adopted;
    }
    return adopted;
}

int RunScheduler::startQueuedRuns(int lockTimeoutMs)
{
    QSqlDatabase db = m_workspace.database();
    bool ok = false;
    // Read first, outside any transaction: most calls find nothing to start and never take the lock.
    if (nextQueued(m_workspace, &ok).isEmpty())
        return 0;
    const LockTimeout timeout(db, lockTimeoutMs);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return 0; // another process writes; it or the next watcher starts them
    const QVector<QueuedCandidate> candidates = nextQueued(m_workspace, &ok);
    QStringList claimed;
    QSqlQuery claim(db);
    claim.prepare(QStringLiteral("UPDATE runs SET status = 'Preparing', heartbeat_at = ?, runner_host = ?, runner_pid = 0, "
                                 "runner_identity = NULL WHERE id = ? AND status = 'Queued'"));
    for (const QueuedCandidate& c : candidates) {
        claim.addBindValue(RunStore::nowMs());
        claim.addBindValue(hostName());
        claim.addBindValue(c.id);
        if (ok && claim.exec() && claim.numRowsAffected() == 1)
            claimed << c.id;
    }
    if (!ok || !q.exec(QStringLiteral("COMMIT"))) {
        q.exec(QStringLiteral("ROLLBACK"));
        return 0;
    }
    int started = 0;
    for (const QString& id : claimed)
        started += spawnRunner(id, false) ? 1 : 0;
    return started;
}

bool RunScheduler::spawnRunner(const QString& runId, bool adopt)
{
    // Detached: the runner outlives whoever started it, and is in a session of its own. Its standard
    // channels must not hold the caller's pipes open (a `$(trainyard-cli submit …)` would hang).
    QProcess runner;
    runner.setProgram(runnerProgram());
    QStringList args{QStringLiteral("--workspace"), m_workspace.root()};
    if (adopt)
        args << QStringLiteral("--adopt");
    runner.setArguments(args << runId);
    // A program started inside a run (a job that submits) must not pass that run's identity on: its
    // processes would be taken for the run's when the run ends.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : {QStringLiteral("TRAINYARD_RUN_ID"), QStringLiteral("TRAINYARD_RUN_DIR"),
                                QStringLiteral("TRAINYARD_EXPERIMENT"), QStringLiteral("TRAINYARD_METRICS_FILE"),
                                QStringLiteral("AZUREML_RUN_ID")})
        env.remove(name);
    runner.setProcessEnvironment(env);
    runner.setStandardInputFile(QProcess::nullDevice());
    runner.setStandardOutputFile(QProcess::nullDevice());
    runner.setStandardErrorFile(QProcess::nullDevice());
    if (runner.startDetached())
        return true;
    RunStore(m_workspace).finish(runId, RunStatus::Failed, std::nullopt,
                                 QStringLiteral("cannot start the runner %1").arg(runnerProgram()));
    return false;
}

void RunScheduler::recover()
{
    adoptOrphanedRuns();
    startQueuedRuns(kBriefLockMs);
}
