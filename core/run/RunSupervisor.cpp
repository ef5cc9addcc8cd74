#include "run/RunSupervisor.h"

#include "environments/EnvironmentSetup.h"
#include "estimator/CommandLineBuilder.h"
#include "estimator/Estimator.h"
#include "metrics/RunMetricIngest.h"
#include "registry/DatasetRegistry.h"
#include "run/ProcessIdentity.h"
#include "run/RankExits.h"
#include "run/RunEnvironment.h"
#include "run/RunScheduler.h"
#include "run/RunStore.h"
#include "targets/ComputeTarget.h"
#include "targets/TargetKind.h"
#include "targets/TargetRegistry.h"

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <unistd.h>

RunSupervisor::RunSupervisor(const Workspace& workspace, const QString& runId, Mode mode)
    : m_workspace(workspace), m_runId(runId), m_mode(mode)
{
}

RunSupervisor::~RunSupervisor() { stopHeartbeat(); }

bool RunSupervisor::claim()
{
    RunStore store(m_workspace);
    const auto run = store.find(m_runId);
    if (!run) {
        qWarning("trainyard-runner: unknown run %s", qPrintable(m_runId));
        return false;
    }
    if (m_mode == Mode::Start) {
        // The scheduler claims a run (Queued → Preparing) before starting its runner; a runner started by
        // hand on a queued run claims it itself.
        if (run->status == RunStatus::Queued && !store.transition(m_runId, {RunStatus::Queued}, RunStatus::Preparing))
            return false;
        if (run->status != RunStatus::Preparing && run->status != RunStatus::Queued) {
            qWarning("trainyard-runner: run %s is %s, nothing to do", qPrintable(m_runId), qPrintable(runStatusName(run->status)));
            return false;
        }
    } else if (!isLive(run->status)) {
        qWarning("trainyard-runner: run %s is %s, nothing to adopt", qPrintable(m_runId), qPrintable(runStatusName(run->status)));
        return false;
    }
    // Only the runner whose claim lands owns the run: the scheduler handed it over with runner pid 0.
    const auto self = ProcessIdentity::of(::getpid());
    return store.replaceRunner(m_runId, 0, ::getpid(), self ? self->token() : QString(), RunScheduler::hostName());
}

int RunSupervisor::exec()
{
    if (!claim())
        return 3;
    startHeartbeat();
    QString error;
    const bool ok = m_mode == Mode::Start ? prepare(&error) : adopt(&error);
    if (!ok) {
        endWithError(error);
    } else {
        superviseUntilExit();
        conclude();
    }
    stopHeartbeat();
    // This run's slot is free: the next queued run may start, and no orphan is left behind.
    RunScheduler scheduler(m_workspace);
    scheduler.adoptOrphanedRuns();
    scheduler.startQueuedRuns();
    return 0;
}

void RunSupervisor::endWithError(const QString& error)
{
    RunStore store(m_workspace);
    if (store.cancelRequested(m_runId))
        store.finish(m_runId, RunStatus::Canceled, std::nullopt, QStringLiteral("canceled"));
    else
        store.finish(m_runId, RunStatus::Failed, std::nullopt, error);
    if (m_target && !m_ctx.runDir.isEmpty()) {
        QString ignored;
        m_target->finish(m_ctx, &ignored);
    }
}

void RunSupervisor::startHeartbeat()
{
    const Workspace workspace = m_workspace;
    const QString runId = m_runId;
    m_heartbeat = std::thread([this, workspace, runId]() {
        RunStore store(workspace); // its own connection: Workspace::database() is per thread
        std::unique_lock<std::mutex> lock(m_heartbeatMutex);
        while (!m_heartbeatStop) {
            lock.unlock();
            store.heartbeat(runId);
            lock.lock();
            m_heartbeatWake.wait_for(lock, std::chrono::milliseconds(RunScheduler::kHeartbeatIntervalMs),
                                     [this] { return m_heartbeatStop; });
        }
    });
}

void RunSupervisor::stopHeartbeat()
{
    {
        std::lock_guard<std::mutex> lock(m_heartbeatMutex);
        m_heartbeatStop = true;
    }
    m_heartbeatWake.notify_all();
    if (m_heartbeat.joinable())
        m_heartbeat.join();
}

bool RunSupervisor::setUp(const RunRecord& run, QString* error)
{
    const auto target = TargetRegistry(m_workspace).find(run.computeTarget);
    if (!target) {
        *error = QStringLiteral("unknown compute target %1").arg(run.computeTarget);
        return false;
    }
    m_target = ComputeTarget::create(*target, error);
    if (!m_target)
        return false;
    m_ctx.runId = m_runId;
    m_ctx.experiment = run.experiment;
    m_ctx.runDir = m_workspace.runDir(m_runId);
    m_ctx.storeDir = m_workspace.storeDir();
    m_ctx.runtimeDir = m_workspace.runtimeDir();
    m_ctx.snapshotId = run.snapshotId;
    m_ctx.target = *target;
    m_ctx.targetHandle = run.targetHandle;
    // What a long step is doing, shown with the status; at most twice a second reaches the database.
    const Workspace workspace = m_workspace;
    const QString runId = m_runId;
    auto lastReport = std::make_shared<std::pair<qint64, QString>>(0, QString());
    m_ctx.report = [workspace, runId, lastReport](const QString& message) {
        const qint64 now = RunStore::nowMs();
        if (message == lastReport->second || (!message.isEmpty() && now - lastReport->first < 500))
            return;
        *lastReport = {now, message};
        RunStore(workspace).setWaitingReason(runId, message);
    };
    const Estimator estimator = Estimator::fromJson(run.estimator);
    m_metricPatterns = estimator.metricPatterns;
    m_ctx.distributed = DistributedLayout::of(estimator);
    QDir().mkpath(m_ctx.systemDir());
    QFile::setPermissions(m_ctx.systemDir(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return true;
}

bool RunSupervisor::adopt(QString* error)
{
    RunStore store(m_workspace);
    const auto run = store.find(m_runId);
    if (!run || !setUp(*run, error))
        return false;
    m_ctx.workDir = m_ctx.localWorkDir();
    m_running = run->status == RunStatus::Running;
    m_ctx.container = ContainerRun::fromJson(m_ctx.targetHandle.value(QStringLiteral("container")).toObject());
    m_environmentHandle = m_ctx.targetHandle.value(QStringLiteral("environment")).toObject();
    m_described = QFileInfo::exists(EnvironmentSetup::ranWithPath(m_ctx));
    if (!m_target->adopt(m_ctx, error))
        return false;
    // Continues the metrics from the offsets the previous runner saved.
    m_ingest = std::make_unique<RunMetricIngest>(m_workspace, m_ctx, m_metricPatterns);
    return true;
}

bool RunSupervisor::prepare(QString* error)
{
    RunStore store(m_workspace);
    const auto run = store.find(m_runId);
    if (!run || !setUp(*run, error))
        return false;
    const Estimator estimator = Estimator::fromJson(run->estimator);

    const DatasetRegistry datasets(m_workspace);
    QVector<QPair<QString, QString>> references; // (dataset, mode) of script_params, then of arguments
    for (const ScriptParam& param : estimator.scriptParams)
        if (param.kind == ScriptParam::Kind::Dataset)
            references.append({param.dataset, param.datasetMode});
    for (const ScriptArgument& argument : estimator.arguments)
        if (argument.kind == ScriptArgument::Kind::Dataset)
            references.append({argument.dataset, argument.datasetMode});
    for (const auto& reference : std::as_const(references)) {
        const bool download = reference.second == QLatin1String("download");
        // The same dataset named twice the same way is mounted or copied once.
        const bool known = std::any_of(m_ctx.datasets.cbegin(), m_ctx.datasets.cend(), [&](const DatasetMount& mount) {
            return mount.name == reference.first && mount.download == download;
        });
        if (known)
            continue;
        const auto dataset = datasets.resolve(reference.first, error);
        if (!dataset)
            return false;
        m_ctx.datasets.append({reference.first, dataset->path, download});
    }
    if (!m_target->prepare(m_ctx, error))
        return false;
    if (store.cancelRequested(m_runId)) {
        *error = QStringLiteral("canceled");
        return false;
    }

    // The environment decided at submit; a run recorded before that existed is decided now, the same way.
    // Decided before the build: the environment tool runs with the job's variables (PIP_* among them).
    const QProcessEnvironment starter = QProcessEnvironment::systemEnvironment();
    const TargetKind* kind = TargetKinds::find(m_ctx.target.kind);
    const RunEnvironment environment = !run->environment.isEmpty() || !kind
                                           ? RunEnvironment::fromJson(run->environment)
                                           : RunEnvironment::decide(*kind, m_ctx.target, estimator, starter);
    m_ctx.environment = environment.resolve(estimator, starter);

    EnvironmentSetup setup(*m_target, m_ctx);
    if (!setup.ensure(estimator, m_workspace, error))
        return false;
    if (store.cancelRequested(m_runId)) {
        *error = QStringLiteral("canceled");
        return false;
    }
    setup.recordUse(m_workspace);
    m_environmentHandle = setup.handle();

    // The job wrapper makes these in ./outputs on the target, wherever that is, and keeps the variable from the job.
    if (!estimator.outputFolders.isEmpty())
        m_ctx.environment.insert(QStringLiteral("TRAINYARD_OUTPUT_FOLDERS"), estimator.outputFolders.join(QLatin1Char(' ')));
    const auto argv = CommandLineBuilder::build(estimator, setup.interpreter(), m_ctx.datasetPaths, error);
    if (!argv)
        return false;
    m_ctx.argv = *argv;
    const QString helperRoot = m_target->pathOnTarget(m_ctx, m_ctx.runtimeDir + QStringLiteral("/python"));
    QStringList pythonPath{helperRoot + QStringLiteral("/trainyard")};
    // The Azure ML stand-in steps aside by itself when a real azureml.core is importable.
    pythonPath << helperRoot + QStringLiteral("/azureml");
    const QString existing = m_ctx.environment.value(QStringLiteral("PYTHONPATH"));
    if (!existing.isEmpty())
        pythonPath << existing;
    m_ctx.environment.insert(QStringLiteral("PYTHONPATH"), pythonPath.join(QLatin1Char(':')));
    // Logs are live only if Python does not hold stdout in a block buffer until exit.
    m_ctx.environment.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    m_ctx.environment.insert(QStringLiteral("TRAINYARD_RUN_ID"), m_runId);
    // Marks every process of the run, also those that leave its process group, so that none outlives it.
    m_ctx.environment.insert(QStringLiteral("TRAINYARD_RUN_DIR"), m_target->pathOnTarget(m_ctx, m_ctx.runDir));
    m_ctx.environment.insert(QStringLiteral("TRAINYARD_EXPERIMENT"), run->experiment);
    m_ctx.environment.insert(QStringLiteral("TRAINYARD_METRICS_FILE"), m_target->pathOnTarget(m_ctx, m_ctx.helperMetricsPath()));
    m_ctx.environment.insert(QStringLiteral("AZUREML_RUN_ID"), m_runId);
    // The job wrapper's node sampler runs with the target's own interpreter (the one the environment tool
    // runs with), not the job's, which may be inside a container.
    m_ctx.environment.insert(QStringLiteral("TRAINYARD_SAMPLE_PYTHON"), m_ctx.target.python());
    setup.applyTo(m_ctx.environment);
    // The launcher starts the ranks; in an image it runs inside the container with them.
    if (m_ctx.distributed.isDistributed() && !m_target->launchDistributed(m_ctx, setup.interpreter(), error))
        return false;
    m_ctx.argv = setup.wrapCommand(m_ctx.argv);
    store.setCommand(m_runId, m_ctx.argv);
    if (!RunEnvironment::writeRecord(m_ctx.systemDir() + QStringLiteral("/environment.json"), m_ctx.environment, error))
        return false;

    m_ingest = std::make_unique<RunMetricIngest>(m_workspace, m_ctx, m_metricPatterns);
    if (!m_ingest->patternError().isEmpty()) {
        *error = QStringLiteral("metric_patterns: %1").arg(m_ingest->patternError());
        return false;
    }

    if (!store.transition(m_runId, {RunStatus::Preparing}, RunStatus::Starting)) {
        *error = QStringLiteral("the run left the Preparing state while being prepared");
        return false;
    }
    if (!m_target->start(m_ctx, error))
        return false;
    // A later supervisor stops the container by name and describes the environment from here.
    if (m_ctx.container.isSet())
        m_ctx.targetHandle.insert(QStringLiteral("container"), m_ctx.container.toJson());
    if (!m_environmentHandle.isEmpty())
        m_ctx.targetHandle.insert(QStringLiteral("environment"), m_environmentHandle);
    store.setTargetHandle(m_runId, m_ctx.targetHandle);
    store.setProcessGroup(m_runId, m_ctx.processGroup);
    return true;
}

void RunSupervisor::superviseUntilExit()
{
    RunStore store(m_workspace);
    qint64 lastCancelCheck = 0;
    qint64 lastWatch = RunStore::nowMs();
    qint64 terminatedAt = 0;
    QString waitingReason;
    const qint64 graceMs = qint64(m_ctx.target.cancelGraceSeconds()) * 1000;
    for (;;) {
        const TargetPoll polled = m_target->poll(m_ctx);
        QString syncError;
        m_target->sync(m_ctx, &syncError);
        m_ingest->poll(false);
        if (polled.state == TargetProcessState::Waiting && polled.reason != waitingReason) {
            waitingReason = polled.reason;
            store.setWaitingReason(m_runId, waitingReason);
        } else if (polled.state == TargetProcessState::Running && m_running && polled.note != waitingReason) {
            waitingReason = polled.note;
            store.setWaitingReason(m_runId, waitingReason);
        } else if (polled.state == TargetProcessState::Running && !m_running) {
            // Running only once the target says the job runs.
            m_running = store.transition(m_runId, {RunStatus::Starting}, RunStatus::Running);
            if (!waitingReason.isEmpty())
                store.setWaitingReason(m_runId, QString());
            // Right away, then straight back to polling: an end meanwhile is noticed at the next poll.
            describeOnce();
        } else if (polled.state != TargetProcessState::Running && polled.state != TargetProcessState::Waiting) {
            // A job that ended before the first look did run: it gets its start time like any other.
            if (!m_running && polled.state != TargetProcessState::Lost)
                m_running = store.transition(m_runId, {RunStatus::Starting}, RunStatus::Running);
            m_exited = polled.state == TargetProcessState::Exited;
            m_exitCode = polled.exitCode;
            m_signal = polled.signal;
            if (polled.state == TargetProcessState::Lost)
                m_lostReason = polled.reason;
            m_targetFailure = polled.failure;
            m_canceledByTarget = polled.canceled;
            return;
        }
        const qint64 now = RunStore::nowMs();
        if (!m_canceled && now - lastCancelCheck >= 300) {
            lastCancelCheck = now;
            if (store.cancelRequested(m_runId)) {
                m_canceled = true;
                terminatedAt = now;
                m_target->cancel(m_ctx);
            }
        }
        if (m_canceled && terminatedAt > 0 && now - terminatedAt >= graceMs) {
            m_target->kill(m_ctx);
            terminatedAt = 0;
        }
        if (now - lastWatch >= RunScheduler::kWatchIntervalMs) {
            // Runners watch each other: an orphaned sibling gets a new runner, the queue keeps moving.
            lastWatch = now;
            RunScheduler(m_workspace).recover();
        }
        m_target->waitForChange(m_ctx, m_target->pollIntervalMs());
    }
}

void RunSupervisor::describeOnce()
{
    if (m_described)
        return;
    m_described = true;
    EnvironmentSetup::describe(*m_target, m_ctx, m_environmentHandle);
}

void RunSupervisor::conclude()
{
    RunStore store(m_workspace);
    store.transition(m_runId, {RunStatus::Running, RunStatus::Starting}, RunStatus::Finalizing);
    store.heartbeat(m_runId);
    m_ingest->poll(true);
    // A job that ended before it was seen running is described now, while its container image is still known.
    describeOnce();
    QString error;
    m_target->finish(m_ctx, &error);
    m_ingest->poll(true);

    if (m_canceled || m_canceledByTarget || store.cancelRequested(m_runId)) {
        store.finish(m_runId, RunStatus::Canceled, m_exited ? std::optional<int>(m_exitCode) : std::nullopt,
                     QStringLiteral("canceled"));
    } else if (!m_lostReason.isEmpty()) {
        store.finish(m_runId, RunStatus::Failed, std::nullopt, m_lostReason);
    } else if (!m_targetFailure.isEmpty()) {
        store.finish(m_runId, RunStatus::Failed, m_exited ? m_exitCode : 128 + m_signal, m_targetFailure);
    } else if (const auto rankFailure = failedRank()) {
        store.finish(m_runId, RunStatus::Failed, rankFailure->exitStatus, rankFailure->describe());
    } else if (!m_exited) {
        store.finish(m_runId, RunStatus::Failed, 128 + m_signal,
                     QStringLiteral("killed by signal %1 (%2)").arg(m_signal).arg(QString::fromLocal8Bit(strsignal(m_signal))));
    } else if (m_exitCode == 0) {
        store.finish(m_runId, RunStatus::Completed, 0, error);
    } else if (m_ctx.distributed.isDistributed()) {
        store.finish(m_runId, RunStatus::Failed, m_exitCode, launcherFailure());
    } else {
        store.finish(m_runId, RunStatus::Failed, m_exitCode, QStringLiteral("exit code %1").arg(m_exitCode));
    }
}

std::optional<RankExit> RunSupervisor::failedRank() const
{
    // A run whose launcher ended well has no failed rank to name, whatever a rank's record says.
    if (!m_ctx.distributed.isDistributed() || (m_exited && m_exitCode == 0))
        return std::nullopt;
    return RankExits::firstFailure(RankExits::read(m_ctx.systemDir()));
}

QString RunSupervisor::launcherFailure() const
{
    // No rank failed: the launcher itself did (mpirun missing, a rank that never started). Its last line says why.
    QString message = QStringLiteral("exit code %1").arg(m_exitCode);
    QFile log(m_ctx.launcherLogPath());
    if (log.open(QIODevice::ReadOnly)) {
        log.seek(qMax<qint64>(0, log.size() - 4096));
        const QStringList lines = QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (auto it = lines.crbegin(); it != lines.crend(); ++it)
            if (!it->trimmed().isEmpty() && !it->trimmed().startsWith(QLatin1Char('-'))) {
                message += QStringLiteral(" (launcher: %1)").arg(it->trimmed().left(300));
                break;
            }
    }
    return message;
}
