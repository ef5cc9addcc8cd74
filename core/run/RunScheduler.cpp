#include "run/RunScheduler.h"

#include "run/RunStore.h"
#include "targets/TargetRegistry.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include <csignal>
#include <cerrno>

RunScheduler::RunScheduler(const Workspace& workspace) : m_workspace(workspace) {}

QString RunScheduler::runnerProgram()
{
    const QString fromEnv = qEnvironmentVariable("TRAINYARD_RUNNER");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QCoreApplication::applicationDirPath() + QStringLiteral("/trainyard-runner");
}

QString RunScheduler::hostName() { return QSysInfo::machineHostName(); }

int RunScheduler::reapLostRuns()
{
    RunStore store(m_workspace);
    const qint64 now = RunStore::nowMs();
    const QString host = hostName();
    int reaped = 0;
    for (const RunRecord& run : store.liveRuns()) {
        const qint64 silence = now - run.heartbeatAt;
        bool lost = silence > kHeartbeatTimeoutMs;
        if (!lost && run.runnerPid > 0 && run.runnerHost == host && silence > kHeartbeatIntervalMs) {
            // On this machine a dead runner is certain at once, without waiting out the heartbeat.
            lost = ::kill(pid_t(run.runnerPid), 0) != 0 && errno == ESRCH;
        }
        if (!lost)
            continue;
        // The script must not run on unsupervised: its output would go nowhere and its slot stays taken.
        if (run.processGroup > 0 && run.runnerHost == host)
            ::kill(-pid_t(run.processGroup), SIGKILL);
        if (store.finish(run.id, RunStatus::Failed, std::nullopt, QStringLiteral("runner lost")))
            ++reaped;
    }
    return reaped;
}

int RunScheduler::startQueuedRuns()
{
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return 0;
    QHash<QString, int> live;
    q.exec(QStringLiteral("SELECT compute_target, COUNT(*) FROM runs WHERE status IN "
                          "('Preparing','Starting','Running','Finalizing') GROUP BY compute_target"));
    while (q.next())
        live.insert(q.value(0).toString(), q.value(1).toInt());
    QStringList claimed;
    QHash<QString, int> limits;
    const TargetRegistry targets(m_workspace);
    q.exec(QStringLiteral("SELECT id, compute_target FROM runs WHERE status = 'Queued' ORDER BY seq"));
    QVector<QPair<QString, QString>> queued;
    while (q.next())
        queued.append({q.value(0).toString(), q.value(1).toString()});
    for (const auto& [id, target] : queued) {
        if (!limits.contains(target)) {
            const auto config = targets.find(target);
            limits.insert(target, config ? config->maxConcurrentRuns() : 1);
        }
        if (live.value(target) >= limits.value(target))
            continue;
        live[target] += 1;
        claimed << id;
    }
    const qint64 now = RunStore::nowMs();
    QSqlQuery claim(db);
    claim.prepare(QStringLiteral("UPDATE runs SET status = 'Preparing', heartbeat_at = ?, runner_host = ?, runner_pid = 0 "
                                 "WHERE id = ? AND status = 'Queued'"));
    for (const QString& id : claimed) {
        claim.addBindValue(now);
        claim.addBindValue(hostName());
        claim.addBindValue(id);
        claim.exec();
    }
    if (!q.exec(QStringLiteral("COMMIT")))
        return 0;

    RunStore store(m_workspace);
    int started = 0;
    for (const QString& id : claimed) {
        qint64 pid = 0;
        // Detached: the runner outlives whoever submitted, and is in a session of its own. Its standard
        // channels must not hold the submitter's pipes open (a `$(trainyard-cli submit …)` would hang).
        QProcess runner;
        runner.setProgram(runnerProgram());
        runner.setArguments({QStringLiteral("--workspace"), m_workspace.root(), id});
        runner.setStandardInputFile(QProcess::nullDevice());
        runner.setStandardOutputFile(QProcess::nullDevice());
        runner.setStandardErrorFile(QProcess::nullDevice());
        if (runner.startDetached(&pid)) {
            store.setRunner(id, pid, hostName());
            ++started;
        } else {
            store.finish(id, RunStatus::Failed, std::nullopt,
                         QStringLiteral("cannot start the runner %1").arg(runnerProgram()));
        }
    }
    return started;
}

void RunScheduler::recover()
{
    reapLostRuns();
    startQueuedRuns();
}
