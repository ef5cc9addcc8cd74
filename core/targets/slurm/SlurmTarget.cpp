#include "targets/slurm/SlurmTarget.h"

#include "environments/ContainerCommand.h"
#include "environments/EnvironmentToolOutput.h"
#include "files/FileTree.h"
#include "run/DistributedLaunch.h"
#include "targets/local/LocalJobRecord.h"
#include "targets/slurm/SlurmBatchScript.h"
#include "targets/slurm/SlurmClusterImage.h"
#include "targets/slurm/SlurmLoginCommands.h"
#include "targets/slurm/SlurmOrphanSearch.h"
#include "targets/slurm/SlurmQueue.h"
#include "targets/slurm/SlurmSettings.h"
#include "targets/ssh/RemoteShell.h"
#include "targets/ssh/SshConnection.h"
#include "targets/ssh/SshTarget.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThread>

#include <csignal>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace {
constexpr int kCommandTimeoutMs = 30000;
constexpr qint64 kMaxIntervalMs = 30000;
// After exit.json appears, Slurm is given this long to say how the job ended (TIMEOUT, CANCELLED, ...)
// before the wrapper's exit status alone decides.
constexpr qint64 kSettleMs = 10000;
// A job nobody knows any more that left no exit status is lost only after this long: the file may be late.
constexpr qint64 kGoneGraceMs = 15000;
// The SSH agent's watch stream sends a heartbeat this often.
constexpr qint64 kHeartbeatMs = 1000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// "1234" or "1234;cluster"; empty when sbatch said no job id.
QString jobIdFromSbatch(const QByteArray& out)
{
    const QString id = QString::fromUtf8(out)
                           .trimmed()
                           .section(QLatin1Char('\n'), -1)
                           .section(QLatin1Char(';'), 0, 0)
                           .trimmed();
    static const QRegularExpression numeric(QStringLiteral("^\\d+$"));
    return numeric.match(id).hasMatch() ? id : QString();
}

// The environment tool's reply is its last line: a copy that holds it, line break included, is whole.
bool isWholeToolOutput(const QByteArray& bytes)
{
    EnvironmentToolOutput output({});
    output.append(bytes); // without finish(): a last line without its break is not whole yet
    return output.hasReply();
}

// The wrapper writes its records whole (a temporary file, then mv): a new modification time is a new record.
qint64 mtimeOf(const QString& path)
{
    const QFileInfo info(path);
    return info.exists() ? info.lastModified().toMSecsSinceEpoch() : -1;
}
} // namespace

TargetKind SlurmTarget::kind()
{
    TargetKind k;
    k.name = QStringLiteral("slurm");
    k.pageName = QStringLiteral("TargetSlurmPage");
    k.create = [](const TargetConfig& config) { return std::make_unique<SlurmTarget>(config); };
    k.validateTarget = loginProblem;
    k.settings = SlurmSettings::all();
    // Environments are built on the cluster side (this machine reached directly, the login node otherwise);
    // images run on the nodes with the target's container_engine. A distributed run's ranks are srun's tasks
    // inside the job's allocation.
    k.supportedFields = {QStringLiteral("pip_packages"),
                         QStringLiteral("conda_packages"),
                         QStringLiteral("environment_definition"),
                         QStringLiteral("custom_docker_image"),
                         QStringLiteral("node_count"),
                         QStringLiteral("process_count_per_node"),
                         QStringLiteral("distributed_training")};
    // A run pending in Slurm's queue leaves its slot to the next run: the cluster queues.
    k.queuesRuns = true;
    // The batch job sees the environment sbatch is given; the cluster shares this machine's accounts.
    k.baseEnvironment = {QStringLiteral("PATH"), QStringLiteral("HOME"), QStringLiteral("USER"),
                         QStringLiteral("LANG"), QStringLiteral("LC_*"), QStringLiteral("TMPDIR"),
                         QStringLiteral("PIP_*")};
    // Through a login node the cluster's account brings its own PATH, HOME and USER (the agent adds them).
    const QStringList direct = k.baseEnvironment;
    k.baseEnvironmentFor = [direct](const TargetConfig& target) {
        return target.settings.value(QStringLiteral("login")).toString().isEmpty()
                   ? direct
                   : QStringList{QStringLiteral("LANG"), QStringLiteral("LC_*"), QStringLiteral("PIP_*")};
    };
    return k;
}

SlurmTarget::SlurmTarget(const TargetConfig& config) : m_config(config)
{
    if (viaLogin())
        return;
    m_commands = std::make_unique<SlurmCommands>(config);
    const QString workdir = config.settings.value(QStringLiteral("workdir")).toString();
    if (!workdir.isEmpty())
        m_mirror = std::make_unique<SlurmRunMirror>(QDir::cleanPath(workdir));
}

QString SlurmTarget::recordDir(const RunContext& ctx) const
{
    return m_mirror ? m_mirror->pathOnCluster(ctx, ctx.systemDir()) : ctx.systemDir();
}

SlurmTarget::~SlurmTarget()
{
    if (m_inotifyFd >= 0)
        ::close(m_inotifyFd);
}

QString SlurmTarget::loginProblem(const TargetConfig& target)
{
    const QString login = target.settings.value(QStringLiteral("login")).toString();
    if (login.isEmpty()) {
        if (target.settings.value(QStringLiteral("workdir")).toString().startsWith(QLatin1String("~/")))
            return QStringLiteral(
                "workdir: reached directly, the working folder is a path on this machine: give it "
                "absolute, without ~/");
        return QString();
    }
    if (!target.login)
        return QStringLiteral(
                   "login: there is no target named %1 (add it with `targets add ssh %1 --host HOST`)")
            .arg(login);
    if (target.login->kind != QLatin1String("ssh"))
        return QStringLiteral("login: %1 is a %2 target; the login must be an ssh target")
            .arg(login, target.login->kind);
    if (target.settings.value(QStringLiteral("workdir")).toString().isEmpty())
        return QStringLiteral(
            "workdir: a slurm target reached through a login node needs --workdir DIR, a folder "
            "on the cluster's shared file system where its runs are built");
    return QString();
}

TargetConfig SlurmTarget::loginSide(const TargetConfig& target)
{
    TargetConfig side = *target.login; // its name keeps its keychain entries and its master connection
    for (const QString& key :
         {QStringLiteral("workdir"), QStringLiteral("python"), QStringLiteral("environments_dir")})
        if (target.settings.contains(key))
            side.settings.insert(key, target.settings.value(key));
    return side;
}

std::unique_ptr<SlurmCommands> SlurmTarget::commandsFor(const TargetConfig& target,
                                                        const QString& workspaceRoot, QString* error)
{
    if (target.settings.value(QStringLiteral("login")).toString().isEmpty())
        return std::make_unique<SlurmCommands>(target);
    const QString problem = loginProblem(target);
    if (!problem.isEmpty()) {
        *error = QStringLiteral("target %1: %2").arg(target.name, problem);
        return nullptr;
    }
    return std::make_unique<SlurmLoginCommands>(target, *target.login, workspaceRoot);
}

bool SlurmTarget::reach(const RunContext& ctx, QString* error)
{
    if (!viaLogin() || m_login)
        return true;
    auto commands = commandsFor(m_config, QFileInfo(ctx.runtimeDir).path(), error);
    if (!commands)
        return false;
    m_commands = std::move(commands);
    m_login = std::make_unique<SshTarget>(loginSide(m_config));
    m_login->setJobRunsElsewhere(true);
    return true;
}

QString SlurmTarget::pathOnTarget(const RunContext& ctx, const QString& localPath) const
{
    if (m_mirror)
        return m_mirror->pathOnCluster(ctx, localPath);
    return m_login ? m_login->pathOnTarget(ctx, localPath) : ComputeTarget::pathOnTarget(ctx, localPath);
}

QString SlurmTarget::jobIdOf(const QJsonObject& targetHandle)
{
    return targetHandle.value(QStringLiteral("slurm_job_id")).toString();
}

QString SlurmTarget::stateDir(const QString& workspaceRoot, const QString& targetName)
{
    return workspaceRoot + QStringLiteral("/slurm/") + targetName;
}

SlurmQueue& SlurmTarget::queue(const RunContext& ctx)
{
    if (!m_queue)
        m_queue = std::make_unique<SlurmQueue>(stateDir(QFileInfo(ctx.runtimeDir).path(), m_config.name),
                                               *m_commands);
    return *m_queue;
}

bool SlurmTarget::prepare(RunContext& ctx, QString* error)
{
    if (m_mirror) {
        if (!m_mirror->prepare(ctx, error))
            return false;
    } else if (!viaLogin()) {
        if (!m_local.prepare(ctx, error))
            return false;
    } else if (!reach(ctx, error) || !m_login->prepare(ctx, error)) {
        // Built under the workdir on the cluster as an SSH target builds it: snapshot, runtime files,
        // datasets.
        return false;
    }
    // A job in an image sees Slurm's variables of its job (SLURM_JOB_ID, SLURM_PROCID, ...), set on the node.
    ctx.container.passedPrefixes = {QStringLiteral("SLURM_")};
    return true;
}

std::optional<QJsonObject>
SlurmTarget::runEnvironmentTool(RunContext& ctx, const QJsonObject& request,
                                const std::function<void(const QByteArray&)>& onLine, QString* error)
{
    const QJsonObject container = request.value(QStringLiteral("container")).toObject();
    const QString engine = container.value(QStringLiteral("engine")).toString();
    if (!engine.isEmpty() && ContainerCommand::engineKind(engine) != ContainerCommand::EngineKind::Docker) {
        // The .sif is pulled and looked for on this machine; through a login it would have to be there.
        if (viaLogin() && ContainerCommand::engineKind(engine) == ContainerCommand::EngineKind::Apptainer)
            return QJsonObject{
                {QStringLiteral("ok"), false},
                {QStringLiteral("error"),
                 QStringLiteral("container_engine %1 through a login node is not supported yet "
                                "on target %2: use podman, docker or pyxis")
                     .arg(engine, m_config.name)}};
        const auto run = [this, &ctx](const QStringList& argv, int timeoutMs, QString* runError) {
            return m_local.runOnTarget(ctx, argv, timeoutMs, runError);
        };
        return SlurmClusterImage::resolve(request, m_config.name, environmentRoot(ctx), run, onLine);
    }
    std::optional<QJsonObject> reply;
    if (!viaLogin()) {
        reply = m_local.runEnvironmentTool(ctx, request, onLine, error);
    } else {
        if (!reach(ctx, error))
            return std::nullopt;
        reply = m_login->runEnvironmentTool(ctx, request, onLine, error);
    }
    if (reply && request.value(QStringLiteral("command")).toString() == QLatin1String("describe"))
        describeTheNode(ctx, &*reply);
    return reply;
}

bool SlurmTarget::canDescribeRun(const RunContext& ctx) const
{
    // Slurm says RUNNING while the batch script still runs the target's setup lines and has the node describe
    // itself; the job wrapper starts (job.json) only after that description is written.
    return jobStarted(ctx) || exitStatusOf(ctx).has_value();
}

void SlurmTarget::describeTheNode(const RunContext& ctx, QJsonObject* reply)
{
    // The tool ran on this machine; the job ran on the batch host, which described itself before the job
    // started (system/node-host.out). This machine's facts never stand in for the node's.
    QJsonObject description = reply->value(QStringLiteral("description")).toObject();
    if (description.isEmpty())
        return;
    QJsonObject host;
    QString missing;
    if (const std::optional<QByteArray> written = nodeHostOutput(ctx, &missing)) {
        EnvironmentToolOutput output([](const QByteArray&) {});
        output.append(*written);
        output.finish();
        QString parseError;
        const auto nodeReply = output.reply(&parseError);
        if (nodeReply && nodeReply->value(QStringLiteral("ok")).toBool())
            host = nodeReply->value(QStringLiteral("host")).toObject();
        else
            host.insert(QStringLiteral("error"),
                        QStringLiteral("the compute node could not describe itself: %1")
                            .arg(nodeReply ? nodeReply->value(QStringLiteral("error")).toString()
                                           : QString::fromUtf8(output.lastLine()).left(300)));
    } else {
        host.insert(QStringLiteral("error"),
                    jobStarted(ctx) ? QStringLiteral("the compute node left no description (%1)").arg(missing)
                                    : QStringLiteral("the job never started on a compute node"));
    }
    description.insert(QStringLiteral("host"), host);
    reply->insert(QStringLiteral("description"), description);
}

std::optional<QByteArray> SlurmTarget::nodeHostOutput(const RunContext& ctx, QString* error)
{
    constexpr qint64 kMaxBytes = 1 << 20;
    // Where this machine reads it: in place, in the mirrored cluster folder, or streamed home from the login.
    const QString path = recordDir(ctx) + QStringLiteral("/node-host.out");
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        const QByteArray written = file.read(kMaxBytes);
        // In place it is whole: the job (and so the run's end) comes after it. Streamed, it may be a part.
        if (!m_login || isWholeToolOutput(written))
            return written;
    } else {
        *error = file.errorString();
        if (!m_login)
            return std::nullopt;
    }
    // Through a login node the watch stream may not have delivered it yet, also at the run's end (the stream
    // of a short job can end after Slurm said the job ended): read it on the cluster instead.
    std::optional<QByteArray> fetched =
        m_login->readRemoteRunFile(ctx, QStringLiteral("system/node-host.out"), error);
    if (!fetched)
        return std::nullopt;
    fetched->truncate(kMaxBytes);
    // The run's own copy, where the stream has not begun one.
    if (!QFileInfo::exists(path)) {
        QSaveFile copy(path);
        if (copy.open(QIODevice::WriteOnly) && copy.write(*fetched) == fetched->size())
            copy.commit();
    }
    return fetched;
}

QString SlurmTarget::environmentRoot(const RunContext& ctx) const
{
    if (!viaLogin() && !m_mirror)
        return m_local.environmentRoot(ctx);
    const QString configured =
        m_config.settings.value(QStringLiteral("environments_dir")).toString().trimmed();
    if (!configured.isEmpty())
        return configured;
    return RemoteShell::join(m_config.settings.value(QStringLiteral("workdir")).toString(),
                             QStringLiteral("environments"));
}

bool SlurmTarget::runOnTarget(RunContext& ctx, const QStringList& argv, int timeoutMs, QString* error)
{
    if (!viaLogin())
        return m_local.runOnTarget(ctx, argv, timeoutMs, error);
    return reach(ctx, error) && m_login->runOnTarget(ctx, argv, timeoutMs, error);
}

bool SlurmTarget::removeRunFolder(RunContext& ctx, QString* error)
{
    if (viaLogin()) {
        if (ctx.targetHandle.value(QStringLiteral("remote_run_dir")).toString().isEmpty())
            return true; // never submitted through the login node
        QString why;
        if (!reach(ctx, &why)) {
            *error = QStringLiteral("the remote folder %1 was left: %2")
                         .arg(ctx.targetHandle.value(QStringLiteral("remote_run_dir")).toString(), why);
            return false;
        }
        return m_login->removeRunFolder(ctx, error);
    }
    if (!m_mirror)
        return true; // the run ran in the workspace's run folder
    const QString folder = m_mirror->pathOnCluster(ctx, ctx.runDir);
    if (folder == ctx.runDir || !QFileInfo(folder).isDir())
        return true;
    if (!QDir(folder).removeRecursively()) {
        *error =
            QStringLiteral("the cluster's run folder %1 was left: some of its files could not be removed")
                .arg(folder);
        return false;
    }
    return true;
}

bool SlurmTarget::launchDistributed(RunContext& ctx, const QString& python, QString* error)
{
    // The ranks' srun cannot start from inside a podman or docker container, and the cluster engines need
    // the image on the ranks' own srun line: not yet.
    if (ctx.container.isSet()) {
        *error = QStringLiteral("custom_docker_image with distributed_training %1 is not supported on Slurm "
                                "target %2 yet")
                     .arg(ctx.distributed.mode, m_config.name);
        return false;
    }
    const QString rankWrapper = DistributedLaunch::rankWrapperPath(ctx.runtimeDir);
    if (!QFileInfo(rankWrapper).isFile()) {
        *error = QStringLiteral("the runtime file %1 is missing").arg(rankWrapper);
        return false;
    }
    // As the nodes see them.
    DistributedLaunch::Paths paths;
    paths.rankWrapper = pathOnTarget(ctx, rankWrapper);
    paths.launcher = pathOnTarget(ctx, DistributedLaunch::launcherPath(ctx.runtimeDir));
    paths.recordDir = pathOnTarget(ctx, ctx.systemDir());
    paths.python = python;
    DistributedLaunch::SlurmOptions options;
    const QString plugin = m_config.settings.value(QStringLiteral("mpi_plugin")).toString();
    if (!plugin.isEmpty())
        options.mpiPlugin = plugin;
    // The job runs as the submitting account (the cluster shares this machine's accounts).
    options.asRoot = ::geteuid() == 0;
    const DistributedCommand command = DistributedLaunch::forSlurm(ctx.distributed, ctx.argv, paths, options);
    ctx.argv = command.argv;
    for (auto it = command.environment.cbegin(); it != command.environment.cend(); ++it)
        ctx.environment.insert(it.key(), it.value());
    return true;
}

bool SlurmTarget::start(RunContext& ctx, QString* error)
{
    if (viaLogin() && !reach(ctx, error))
        return false;
    const QString wrapper = pathOnTarget(ctx, LocalTarget::wrapperPath(ctx.runtimeDir));
    if (!m_login && !QFileInfo(wrapper).isFile()) {
        *error = QStringLiteral("the job wrapper %1 is missing").arg(wrapper);
        return false;
    }
    // A record left by an earlier attempt must never be taken for this job's.
    QFile::remove(LocalJobRecord::jobFile(recordDir(ctx)));
    QFile::remove(LocalJobRecord::exitFile(recordDir(ctx)));
    QFile::remove(recordDir(ctx) + QStringLiteral("/node-host.out"));
    QDir(recordDir(ctx) + QStringLiteral("/ranks")).removeRecursively();

    SlurmBatchScript script;
    script.jobName = QStringLiteral("trainyard-") + ctx.runId;
    script.workDir = ctx.workDir;
    // Paths as the cluster sees them: the same as here reached directly, under the workdir through a login.
    script.systemDir = pathOnTarget(ctx, ctx.systemDir());
    // A distributed run's launcher (srun) writes system/launcher.log; its ranks write their own logs.
    script.stdoutPath = pathOnTarget(ctx, ctx.jobStdoutPath());
    script.stderrPath = pathOnTarget(ctx, ctx.jobStderrPath());
    script.wrapper = wrapper;
    script.argv = ctx.argv;
    script.settings = m_config.settings;
    if (ctx.distributed.isDistributed()) {
        script.nodes = ctx.distributed.nodeCount;
        script.tasksPerNode = ctx.distributed.processesPerNode;
        script.distributed = ctx.distributed.mode;
    }
    script.python = m_config.python();
    script.hostTool = pathOnTarget(ctx, ctx.runtimeDir + QStringLiteral("/env/trainyard_env.py"));
    script.hostFile = pathOnTarget(ctx, nodeHostPath(ctx));
    if (ownsContainer(ctx)) {
        script.containerEngine = ctx.container.engine;
        script.containerName = ctx.container.name;
        // Stopped well before the runner's own kill after the cancel grace period, and within Slurm's
        // KillWait (30 s unless the cluster says otherwise).
        script.containerStopSeconds = qBound(1, m_config.cancelGraceSeconds() / 2, 25);
    }
    const QString text = script.text(error);
    if (text.isEmpty())
        return false;
    QSaveFile file(batchScriptPath(ctx));
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(batchScriptPath(ctx), file.errorString());
        return false;
    }
    QFile::setPermissions(batchScriptPath(ctx), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (m_login)
        return submitThroughLogin(ctx, text, error);

    // The job sees exactly the run's environment: sbatch hands its own to the job (--export=ALL, on the
    // command line so that no SBATCH_EXPORT changes it), and no value is ever written into the script.
    const int submitTimeoutMs = qMax(1, m_config.settings.value(QStringLiteral("submit_timeout_seconds"))
                                            .toInt(kCommandTimeoutMs / 1000)) *
                                1000;
    const SlurmCommandResult submitted =
        m_commands->run({QStringLiteral("sbatch"), QStringLiteral("--parsable"),
                         QStringLiteral("--export=ALL"), batchScriptPath(ctx)},
                        submitTimeoutMs, ctx.environment);
    if (submitted.timedOut) {
        *error = QStringLiteral("sbatch did not answer within %1 s; %2")
                     .arg(submitTimeoutMs / 1000)
                     .arg(SlurmOrphanSearch::cancelSubmitted(*m_commands, script.jobName, ctx.workDir));
        return false;
    }
    // sbatch's own time limit on the controller's answer (MessageTimeout) leaves the same doubt.
    if (!submitted.ok() &&
        QByteArray(submitted.err + submitted.out).contains("Socket timed out on send/recv")) {
        *error = QStringLiteral("%1; %2").arg(
            submitted.failure(QStringLiteral("sbatch")),
            SlurmOrphanSearch::cancelSubmitted(*m_commands, script.jobName, ctx.workDir));
        return false;
    }
    if (!submitted.ok()) {
        *error =
            QStringLiteral("sbatch refused the job: %1").arg(submitted.failure(QStringLiteral("sbatch")));
        return false;
    }
    m_jobId = jobIdFromSbatch(submitted.out);
    if (m_jobId.isEmpty()) {
        *error = QStringLiteral("sbatch answered no job id: \"%1\"")
                     .arg(QString::fromUtf8(submitted.out).trimmed());
        return false;
    }
    ctx.targetHandle = QJsonObject{{QStringLiteral("kind"), QStringLiteral("slurm")},
                                   {QStringLiteral("slurm_job_id"), m_jobId},
                                   {QStringLiteral("submitted_at_ms"), nowMs()}};
    if (m_mirror)
        ctx.targetHandle.insert(QStringLiteral("cluster_runtime_dir"), m_mirror->clusterRuntimeDir());
    // Beside the run too: a runner that dies before the handle is stored leaves the id for its successor.
    QSaveFile record(ctx.systemDir() + QStringLiteral("/slurm-job.json"));
    if (record.open(QIODevice::WriteOnly)) {
        record.write(QJsonDocument(ctx.targetHandle).toJson(QJsonDocument::Compact));
        record.commit();
    }
    queue(ctx).registerJob(m_jobId);
    m_intervalMs = 1000;
    m_nextLookMs = nowMs() + m_intervalMs;
    watchFiles(ctx);
    return true;
}

bool SlurmTarget::submitThroughLogin(RunContext& ctx, const QString& scriptText, QString* error)
{
    // One round trip: the login node's agent makes the run folder ready, writes the script beside the run's
    // records there and runs sbatch with the run's environment, which travels on stdin.
    QJsonObject env;
    for (auto it = ctx.environment.cbegin(); it != ctx.environment.cend(); ++it)
        env.insert(it.key(), it.value());
    const QString conf = m_commands->slurmConf();
    if (!conf.isEmpty())
        env.insert(QStringLiteral("SLURM_CONF"), conf);
    const QString remoteScript = pathOnTarget(ctx, batchScriptPath(ctx));
    const QJsonObject request{
        {QStringLiteral("script"), scriptText},
        {QStringLiteral("argv"), QJsonArray{QStringLiteral("sbatch"), QStringLiteral("--parsable"),
                                            QStringLiteral("--export=ALL"), remoteScript}},
        {QStringLiteral("env"), env},
        {QStringLiteral("work_dir"), ctx.workDir}};
    SshConnection* connection = m_login->connection();
    const SshResult submitted =
        connection->run(connection->agentCommand({QStringLiteral("submit"), m_login->remoteRunDir()}),
                        QJsonDocument(request).toJson(QJsonDocument::Compact), kCommandTimeoutMs);
    if (!submitted.ok()) {
        const QString said =
            QString::fromUtf8(submitted.err + submitted.out).trimmed().section(QLatin1Char('\n'), -1);
        *error = QStringLiteral("sbatch on the login node %1 refused the job: %2")
                     .arg(connection->endpoint().display(),
                          submitted.failure == SshFailure::RemoteError && !said.isEmpty() ? said
                                                                                          : submitted.error);
        return false;
    }
    m_jobId = jobIdFromSbatch(submitted.out);
    if (m_jobId.isEmpty()) {
        *error = QStringLiteral("sbatch answered no job id: \"%1\"")
                     .arg(QString::fromUtf8(submitted.out).trimmed());
        return false;
    }
    ctx.pid = 0;
    ctx.processGroup = 0; // on the cluster: never signalled from here
    ctx.targetHandle =
        QJsonObject{{QStringLiteral("kind"), QStringLiteral("slurm")},
                    {QStringLiteral("slurm_job_id"), m_jobId},
                    {QStringLiteral("submitted_at_ms"), nowMs()},
                    {QStringLiteral("login"), m_config.settings.value(QStringLiteral("login"))},
                    {QStringLiteral("remote_run_dir"), m_login->remoteRunDir()},
                    {QStringLiteral("remote_runtime_dir"), m_login->remoteRuntimeDir()}};
    QSaveFile record(ctx.systemDir() + QStringLiteral("/slurm-job.json"));
    if (record.open(QIODevice::WriteOnly)) {
        record.write(QJsonDocument(ctx.targetHandle).toJson(QJsonDocument::Compact));
        record.commit();
    }
    queue(ctx).registerJob(m_jobId);
    m_intervalMs = 1000;
    m_nextLookMs = nowMs() + m_intervalMs;
    // The job is in Slurm's hands now: a stream that cannot open yet is retried while the job is watched.
    QString watchError;
    if (!m_login->watchStartedJob(ctx, &watchError) && ctx.report)
        ctx.report(QStringLiteral("watching job %1: %2").arg(m_jobId, watchError));
    return true;
}

bool SlurmTarget::adopt(RunContext& ctx, QString* error)
{
    if (viaLogin() && !reach(ctx, error))
        return false;
    m_jobId = jobIdOf(ctx.targetHandle);
    if (m_jobId.isEmpty()) {
        QFile record(ctx.systemDir() + QStringLiteral("/slurm-job.json"));
        if (record.open(QIODevice::ReadOnly)) {
            const QJsonObject handle = QJsonDocument::fromJson(record.readAll()).object();
            m_jobId = jobIdOf(handle);
            // The runner died before it stored the handle: the record beside the run has all of it.
            if (!m_jobId.isEmpty() && m_login)
                ctx.targetHandle = handle;
        }
    }
    // Without an id, only a job that ran and ended (exit.json) is left to report.
    if (m_jobId.isEmpty() && !LocalJobRecord::readExitStatus(recordDir(ctx))) {
        *error = QStringLiteral("lost: the runner ended before the job was submitted to Slurm");
        return false;
    }
    if (m_login) {
        if (m_jobId.isEmpty()) {
            *error = QStringLiteral("lost: the runner ended before the job was submitted to Slurm");
            return false;
        }
        // The stream home resumes from the local copies' sizes; the job's liveness stays Slurm's.
        if (!m_login->adopt(ctx, error))
            return false;
        ctx.workDir = m_login->remoteRunDir() + QStringLiteral("/work");
        queue(ctx).registerJob(m_jobId);
        m_nextLookMs = 0;
        return true;
    }
    if (m_mirror)
        m_mirror->attach(ctx, ctx.targetHandle.value(QStringLiteral("cluster_runtime_dir")).toString());
    if (ctx.workDir.isEmpty())
        ctx.workDir = ctx.localWorkDir();
    if (!m_jobId.isEmpty())
        queue(ctx).registerJob(m_jobId);
    m_nextLookMs = 0; // look at once
    watchFiles(ctx);
    return true;
}

void SlurmTarget::watchFiles(const RunContext& ctx)
{
    if (m_inotifyFd >= 0)
        return;
    m_inotifyFd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_inotifyFd >= 0 && ::inotify_add_watch(m_inotifyFd, QFile::encodeName(recordDir(ctx)).constData(),
                                                IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
        ::close(m_inotifyFd);
        m_inotifyFd = -1; // a file system without inotify: the 250 ms look at the files remains
    }
}

void SlurmTarget::waitForChange(RunContext& ctx, int timeoutMs)
{
    if (m_login) {
        m_login->waitForChange(ctx, timeoutMs); // returns early when the stream delivers
        return;
    }
    if (m_inotifyFd < 0) {
        ComputeTarget::waitForChange(ctx, timeoutMs);
        return;
    }
    pollfd fd{m_inotifyFd, POLLIN, 0};
    if (::poll(&fd, 1, timeoutMs) > 0) {
        char buffer[4096];
        while (::read(m_inotifyFd, buffer, sizeof buffer) > 0) {
        }
    }
}

bool SlurmTarget::sync(RunContext& ctx, QString* error)
{
    if (m_login)
        return m_login->sync(ctx, error);
    if (m_mirror)
        return m_mirror->sync(ctx, error);
    return true; // the cluster writes the files in place on this machine's file system
}

std::optional<int> SlurmTarget::exitStatusOf(const RunContext& ctx) const
{
    if (!m_login)
        return LocalJobRecord::readExitStatus(recordDir(ctx));
    const QJsonObject status = m_login->watchedStatus();
    if (!m_login->watchEnded() || !status.value(QStringLiteral("exit_status")).isDouble())
        return std::nullopt;
    return status.value(QStringLiteral("exit_status")).toInt();
}

bool SlurmTarget::jobStarted(const RunContext& ctx) const
{
    if (!m_login)
        return QFileInfo::exists(LocalJobRecord::jobFile(recordDir(ctx)));
    return m_login->watchedStatus().contains(QStringLiteral("job"));
}

void SlurmTarget::look(RunContext& ctx, qint64 now)
{
    if (m_jobId.isEmpty()) {
        m_gone = true;
        return;
    }
    // The job's own files changed after the last answer: Slurm is asked again at once.
    // So has a scancel of ours: the answer must be from after it.
    const qint64 changedAt = qMax(m_filesChangedAtMs, m_canceledAtMs);
    const qint64 notBefore = changedAt > m_lastAnswerMs ? changedAt : now - m_intervalMs;
    const SlurmQueueAnswer answer = queue(ctx).lookup(m_jobId, notBefore);
    m_lastAnswerMs = answer.polledAtMs > 0 ? answer.polledAtMs : now;
    const std::optional<SlurmJobState> before = m_slurm;
    if (!answer.answered) {
        m_unknown = answer.error;
    } else if (answer.listed) {
        m_unknown.clear();
        m_slurm = answer.job;
        m_gone = false;
    } else {
        lookBeyondQueue(now);
    }
    const bool changed = m_slurm.has_value() != before.has_value() ||
                         (m_slurm && (m_slurm->state != before->state || m_slurm->reason != before->reason));
    // Back off while nothing changes: 1 s after submit, doubling up to 30 s.
    m_intervalMs = changed ? 1000 : qMin(kMaxIntervalMs, m_intervalMs * 2);
    // A job whose exit status is written is settling: its end state is due any moment.
    if (m_exitSeenAtMs > 0)
        m_intervalMs = qMin<qint64>(m_intervalMs, 500);
    m_nextLookMs = m_lastAnswerMs + qMax(m_intervalMs, queue(ctx).penaltyMs());
}

void SlurmTarget::lookBeyondQueue(qint64 now)
{
    // The job left squeue (after MinJobAge): the controller may still know it, then accounting.
    const SlurmCommandResult shown = m_commands->run({QStringLiteral("scontrol"), QStringLiteral("-o"),
                                                      QStringLiteral("show"), QStringLiteral("job"), m_jobId},
                                                     kCommandTimeoutMs);
    if (shown.ok()) {
        if (const auto job = SlurmJobState::fromScontrol(shown.out)) {
            m_slurm = job;
            m_unknown.clear();
            m_gone = false;
            return;
        }
    }
    if (!shown.ok() && !SlurmJobState::saysInvalidJob(shown.err + shown.out)) {
        m_unknown = shown.failure(QStringLiteral("scontrol"));
        return;
    }
    const SlurmCommandResult accounted = m_commands->run(
        {QStringLiteral("sacct"), QStringLiteral("-j"), m_jobId, QStringLiteral("-X"), QStringLiteral("-n"),
         QStringLiteral("-P"), QStringLiteral("-o"), QStringLiteral("JobID,State,ExitCode,Reason")},
        kCommandTimeoutMs);
    const QByteArray said = accounted.err + accounted.out;
    if (accounted.ok()) {
        if (const auto job = SlurmJobState::fromSacct(accounted.out, m_jobId)) {
            m_slurm = job;
            m_unknown.clear();
            m_gone = false;
            return;
        }
    } else if (!SlurmJobState::saysAccountingDisabled(said)) {
        m_unknown = accounted.failure(QStringLiteral("sacct"));
        return;
    }
    // Known to nobody: the controller forgot it and accounting has no record (or is off).
    m_unknown.clear();
    if (!m_gone)
        m_goneSinceMs = now;
    m_gone = true;
}

TargetPoll SlurmTarget::current(const RunContext& ctx, qint64 now) const
{
    const auto exitStatus = exitStatusOf(ctx);
    const bool started = jobStarted(ctx);
    TargetPoll result;
    const QString slurmOutput = QStringLiteral("system/slurm-%1.out").arg(m_jobId);

    if (m_slurm && m_slurm->isTerminal()) {
        const SlurmJobState::Phase phase = m_slurm->phase();
        if (exitStatus) {
            result = TargetPoll::fromShellStatus(*exitStatus);
        } else if (m_slurm->exitSignal) {
            result.state = TargetProcessState::Signaled;
            result.signal = *m_slurm->exitSignal;
        } else {
            result.state = TargetProcessState::Exited;
            result.exitCode = m_slurm->exitCode.value_or(0);
        }
        if (phase == SlurmJobState::Phase::Canceled) {
            result.canceled = true;
            if (!exitStatus && !started) {
                // It never ran: no start time, no exit code.
                result.state = TargetProcessState::Lost;
                result.reason = QStringLiteral("canceled in the Slurm queue before it started");
            }
        } else if (phase == SlurmJobState::Phase::Failed) {
            result.failure = m_slurm->failureReason();
            if (result.failure.isEmpty() && !exitStatus)
                result.failure =
                    QStringLiteral("the batch script failed before the job started (exit code %1); see %2")
                        .arg(m_slurm->exitCode.value_or(1))
                        .arg(slurmOutput);
            if (result.state == TargetProcessState::Exited && result.exitCode == 0 && !exitStatus)
                result.exitCode = 1;
        } else if (!exitStatus && !started) {
            // COMPLETED without the wrapper ever running: the batch script ended before it.
            result.state = TargetProcessState::Exited;
            result.exitCode = m_slurm->exitCode.value_or(0);
            result.failure =
                QStringLiteral("the batch script ended before the job started; see %1").arg(slurmOutput);
        }
        return result;
    }
    if (exitStatus) {
        // Written by the wrapper; Slurm has not said yet how the job ended. Its time limit shows as the
        // reason of a completing job.
        const bool timedOut = m_slurm && m_slurm->reason == QLatin1String("TimeLimit");
        if (m_gone || timedOut || (m_exitSeenAtMs > 0 && now - m_exitSeenAtMs >= kSettleMs)) {
            result = TargetPoll::fromShellStatus(*exitStatus);
            if (timedOut)
                result.failure = QStringLiteral("time limit");
            return result;
        }
        result.state = TargetProcessState::Running;
        return result;
    }
    if (m_gone) {
        if (now - m_goneSinceMs >= kGoneGraceMs) {
            result.state = TargetProcessState::Lost;
            result.reason =
                QStringLiteral("lost: Slurm no longer knows job %1 and it left no exit status").arg(m_jobId);
            return result;
        }
        result.state = started ? TargetProcessState::Running : TargetProcessState::Waiting;
        return result;
    }
    const QString unknownNote =
        m_unknown.isEmpty() ? QString() : QStringLiteral("Slurm state unknown: ") + m_unknown;
    if (started) {
        result.state = TargetProcessState::Running;
        result.note = unknownNote;
        return result;
    }
    if (!m_slurm) {
        result.state = TargetProcessState::Waiting;
        result.reason = unknownNote.isEmpty() ? QStringLiteral("queued") : unknownNote;
        return result;
    }
    switch (m_slurm->phase()) {
    case SlurmJobState::Phase::Queued:
        result.state = TargetProcessState::Waiting;
        result.reason = unknownNote.isEmpty() ? m_slurm->queuedReason() : unknownNote;
        break;
    case SlurmJobState::Phase::Starting:
        result.state = TargetProcessState::Waiting; // shown as Starting: no reason
        result.reason = unknownNote;
        break;
    case SlurmJobState::Phase::Running:
        result.state = TargetProcessState::Running;
        result.note = unknownNote;
        break;
    default:
        // A state this version does not know: shown as it is, never guessed.
        result.state = TargetProcessState::Waiting;
        result.reason = QStringLiteral("Slurm state unknown: %1").arg(m_slurm->state);
        break;
    }
    return result;
}

TargetPoll SlurmTarget::poll(RunContext& ctx)
{
    if (m_login)
        m_login->keepWatching(ctx);
    const qint64 now = nowMs();
    // Through a login node the records are seen in the stream: their arrival is the change.
    const FilesSeen files = m_login ? FilesSeen{jobStarted(ctx) ? 1 : -1, exitStatusOf(ctx) ? 1 : -1}
                                    : FilesSeen{mtimeOf(LocalJobRecord::jobFile(recordDir(ctx))),
                                                mtimeOf(LocalJobRecord::exitFile(recordDir(ctx)))};
    if (files != m_files) {
        m_files = files;
        m_filesChangedAtMs = now;
        m_intervalMs = 1000;
        if (files.exitMtime >= 0 && m_exitSeenAtMs == 0)
            m_exitSeenAtMs = now;
    }
    const bool settled = m_slurm && m_slurm->isTerminal();
    if (!settled && (now >= m_nextLookMs || qMax(m_filesChangedAtMs, m_canceledAtMs) > m_lastAnswerMs))
        look(ctx, now);
    if (m_login)
        return currentThroughLogin(ctx, now);
    return current(ctx, now);
}

TargetPoll SlurmTarget::currentThroughLogin(const RunContext& ctx, qint64 now)
{
    TargetPoll result;
    if (m_login->watchLostForGood()) {
        result.state = TargetProcessState::Lost;
        result.reason = QStringLiteral("connection to the login node lost for longer than %1 s: %2")
                            .arg(m_login->connectionLimitSeconds())
                            .arg(m_login->watchProblem());
        return result;
    }
    const bool ended = (m_slurm && m_slurm->isTerminal()) || m_gone;
    if (ended && m_endedAtMs == 0)
        m_endedAtMs = now;
    // A job that ran has written its last bytes and its exit record by the time Slurm says it ended; they
    // may still be on their way home, and a short job's very first status too. So the stream gets until a
    // heartbeat made after Slurm's answer has arrived to say whether the job ever started, and then until it
    // ends. A wrapper killed before it could write its record (node failure) leaves a stream that never
    // ends: then Slurm's word alone decides after the settling time.
    const bool streamCaughtUp = m_login->watchLastFrameMs() >= m_endedAtMs + kHeartbeatMs + 500;
    if (ended && !m_login->watchEnded() && now - m_endedAtMs < kSettleMs &&
        (jobStarted(ctx) || !streamCaughtUp)) {
        result.state = jobStarted(ctx) ? TargetProcessState::Running : TargetProcessState::Waiting;
        result.reason = jobStarted(ctx) ? QString() : QStringLiteral("ending");
        result.note = m_login->watchProblem().isEmpty()
                          ? QString()
                          : QStringLiteral("reconnecting: ") + m_login->watchProblem();
        return result;
    }
    result = current(ctx, now);
    if (result.state == TargetProcessState::Running && result.note.isEmpty() &&
        !m_login->watchProblem().isEmpty())
        result.note = QStringLiteral("reconnecting: ") + m_login->watchProblem();
    return result;
}

void SlurmTarget::scancel(const QStringList& options)
{
    if (m_jobId.isEmpty() || !m_commands)
        return;
    // A job that already ended makes scancel complain; the state says the rest.
    m_commands->run(QStringList{QStringLiteral("scancel")} + options + QStringList{m_jobId},
                    kCommandTimeoutMs);
    m_canceledAtMs = nowMs();
    m_intervalMs = 1000;
}

void SlurmTarget::cancel(RunContext& ctx)
{
    QString ignored; // without the login node there is no job of ours to cancel yet
    reach(ctx, &ignored);
    // Pending: removed from the queue. Running: Slurm sends SIGTERM to every process of the job (the wrapper
    // stays to record the exit status), SIGKILL after its KillWait.
    scancel({});
}

void SlurmTarget::terminate(RunContext& ctx)
{
    QString ignored;
    reach(ctx, &ignored);
    scancel({});
}

void SlurmTarget::kill(RunContext& ctx)
{
    QString ignored;
    reach(ctx, &ignored);
    // The container's processes are not the job's: the engine kills them (where this machine reaches the
    // nodes' engine; elsewhere the batch script has stopped it on the cancel).
    if (ownsContainer(ctx)) {
        QString killError; // a container that already ended has nothing to kill
        runOnTarget(ctx, ContainerCommand::kill(ctx.container), kCommandTimeoutMs, &killError);
    }
    scancel({QStringLiteral("--signal=KILL"), QStringLiteral("--full")});
}

bool SlurmTarget::ownsContainer(const RunContext& ctx)
{
    if (!ctx.container.isSet() || ctx.container.name.isEmpty())
        return false;
    const QString engine = ctx.container.engine.section(QLatin1Char('/'), -1);
    return engine.contains(QLatin1String("podman")) || engine.contains(QLatin1String("docker"));
}

bool SlurmTarget::finish(RunContext& ctx, QString* error)
{
    // A run given up while Slurm still holds its job (lost, or ended early) leaves nothing queued or running.
    if (!m_jobId.isEmpty() && !(m_slurm && m_slurm->isTerminal()) && !m_gone)
        scancel({});
    if (!m_jobId.isEmpty() && m_commands)
        queue(ctx).unregisterJob(m_jobId);
    // The batch script removes the container when the job ends; one it could not (its node's engine killed,
    // the script ended by SIGKILL) is removed here where this machine reaches that engine.
    if (ownsContainer(ctx)) {
        QString ignored; // gone already: the usual case
        runOnTarget(ctx, ContainerCommand::remove(ctx.container), kCommandTimeoutMs, &ignored);
    }
    if (viaLogin()) {
        // Outputs and logs come home from the cluster's run folder; the SSH side's cleanup policy applies.
        return !m_login || m_login->finish(ctx, error);
    }
    if (m_mirror)
        return m_mirror->finish(ctx, error);
    // Only ./outputs and ./logs are artifacts; the copy of the snapshot goes (the snapshot itself is kept).
    const QDir work(ctx.workDir.isEmpty() ? ctx.localWorkDir() : ctx.workDir);
    const auto entries =
        work.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo& entry : entries) {
        if (entry.fileName() == QLatin1String("outputs") || entry.fileName() == QLatin1String("logs"))
            continue;
        if (entry.isDir() && !entry.isSymLink())
            QDir(entry.absoluteFilePath()).removeRecursively();
        else
            QFile::remove(entry.absoluteFilePath());
    }
    QDir(ctx.runDir + QStringLiteral("/datasets")).removeRecursively();
    return true;
}
