#include "targets/slurm/SlurmTarget.h"

#include "environments/ContainerCommand.h"
#include "environments/EnvironmentToolOutput.h"
#include "files/FileTree.h"
#include "run/DistributedLaunch.h"
#include "targets/local/LocalJobRecord.h"
#include "targets/slurm/SlurmBatchScript.h"
#include "targets/slurm/SlurmLoginCommands.h"
#include "targets/slurm/SlurmQueue.h"
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

QString oneWord(const QJsonValue& v)
{
    if (!v.isString() || v.toString().isEmpty())
        return QStringLiteral("expected a value without spaces");
    for (const QChar c : v.toString())
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return QStringLiteral("expected no spaces or control characters, got \"%1\"").arg(v.toString());
    return QString();
}

QString positiveInteger(const QJsonValue& v)
{
    return v.isDouble() && v.toDouble() >= 1 && v.toDouble() == double(v.toInt())
               ? QString()
               : QStringLiteral("expected a positive integer, got \"%1\"").arg(v.toVariant().toString());
}

QString timeLimit(const QJsonValue& v)
{
    // sbatch --time: minutes, minutes:seconds, hours:minutes:seconds, days-hours, days-hours:minutes,
    // days-hours:minutes:seconds, or UNLIMITED.
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d+(:\\d{1,2}){0,2}|\\d+-\\d{1,2}(:\\d{1,2}){0,2}|UNLIMITED|INFINITE)$"),
        QRegularExpression::CaseInsensitiveOption);
    const QString text = v.isDouble() ? QString::number(v.toInteger()) : v.toString();
    if ((v.isString() || v.isDouble()) && pattern.match(text).hasMatch() && text != QLatin1String("0"))
        return QString();
    return QStringLiteral("expected a Slurm time limit (MINUTES, HH:MM:SS, D-HH:MM, UNLIMITED), got \"%1\"")
        .arg(v.toVariant().toString());
}

QString memorySize(const QJsonValue& v)
{
    static const QRegularExpression pattern(QStringLiteral("^[1-9]\\d*[KMGT]?$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QString text = v.isDouble() ? QString::number(v.toInteger()) : v.toString();
    return (v.isString() || v.isDouble()) && pattern.match(text).hasMatch()
               ? QString()
               : QStringLiteral(
                     "expected a size in megabytes or with a K, M, G or T suffix (4000, 4G), got \"%1\"")
                     .arg(v.toVariant().toString());
}

QString gpuCount(const QJsonValue& v)
{
    static const QRegularExpression pattern(QStringLiteral("^([A-Za-z0-9_.-]+:)?[1-9]\\d*$"));
    const QString text = v.isDouble() ? QString::number(v.toInteger()) : v.toString();
    return (v.isString() || v.isDouble()) && pattern.match(text).hasMatch()
               ? QString()
               : QStringLiteral("expected a number of GPUs, optionally with a type (2, a100:2), got \"%1\"")
                     .arg(v.toVariant().toString());
}

QString sbatchOptions(const QJsonValue& v)
{
    if (!v.isArray())
        return QStringLiteral("expected a list of sbatch options");
    for (const QJsonValue& item : v.toArray()) {
        const QString option = item.toString();
        if (!item.isString() || !option.startsWith(QLatin1Char('-')))
            return QStringLiteral(
                       "expected an sbatch option starting with -, like --constraint=gpu, got \"%1\"")
                .arg(item.toVariant().toString());
        for (const QChar c : option)
            if (c.category() == QChar::Other_Control)
                return QStringLiteral("the sbatch option \"%1\" contains a control character")
                    .arg(option.simplified());
        const QString name = option.section(QLatin1Char('='), 0, 0).section(QLatin1Char(' '), 0, 0);
        const bool shortWithValue = name.size() > 2 && !name.startsWith(QLatin1String("--"));
        if (SlurmBatchScript::reservedOptions().contains(shortWithValue ? name.left(2) : name))
            return QStringLiteral(
                       "the sbatch option %1 is set by Trainyard for every run and cannot be given")
                .arg(name);
    }
    return QString();
}

QString setupLines(const QJsonValue& v)
{
    if (!v.isArray())
        return QStringLiteral("expected a list of shell lines");
    for (const QJsonValue& item : v.toArray()) {
        if (!item.isString() || item.toString().trimmed().isEmpty())
            return QStringLiteral("expected a shell line, got an empty one");
        for (const QChar c : item.toString())
            if (c != QLatin1Char('\t') && c.category() == QChar::Other_Control)
                return QStringLiteral("the setup line \"%1\" contains a line break or control character")
                    .arg(item.toString().simplified());
    }
    return QString();
}

QString mpiPlugin(const QJsonValue& v)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_]+$"));
    return v.isString() && pattern.match(v.toString()).hasMatch()
               ? QString()
               : QStringLiteral("expected the name of srun's MPI plugin (pmix, pmi2) or none, got \"%1\"")
                     .arg(v.toVariant().toString());
}

QString absolutePath(const QJsonValue& v)
{
    const QString text = v.toString();
    return v.isString() && text.startsWith(QLatin1Char('/')) && !text.contains(QLatin1Char('\n'))
               ? QString()
               : QStringLiteral("expected an absolute path, got \"%1\"").arg(v.toVariant().toString());
}

QString containerEngine(const QJsonValue& v)
{
    static const QStringList names{QStringLiteral("auto"),        QStringLiteral("podman"),
                                   QStringLiteral("docker"),      QStringLiteral("apptainer"),
                                   QStringLiteral("singularity"), QStringLiteral("pyxis")};
    const QString text = v.toString();
    if (v.isString() &&
        (names.contains(text) || (text.startsWith(QLatin1Char('/')) && !text.contains(QLatin1Char('\n')))))
        return QString();
    return QStringLiteral("expected %1 or an absolute path, got \"%2\"")
        .arg(names.join(QStringLiteral(", ")), v.toVariant().toString());
}

QString loginName(const QJsonValue& v)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return v.isString() && pattern.match(v.toString()).hasMatch()
               ? QString()
               : QStringLiteral("expected the name of an SSH target, got \"%1\"")
                     .arg(v.toVariant().toString());
}

QString remoteFolder(const QJsonValue& v)
{
    const QString text = v.toString();
    return v.isString() && (text.startsWith(QLatin1Char('/')) || text.startsWith(QLatin1String("~/"))) &&
                   !text.contains(QLatin1Char('\n'))
               ? QString()
               : QStringLiteral("expected an absolute folder on the cluster (or ~/...), got \"%1\"")
                     .arg(v.toVariant().toString());
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
    k.settings = TargetKinds::commonSettings();
    k.settings
        << TargetSetting{QStringLiteral("login"), QStringLiteral("login"), QStringLiteral("SSH_TARGET"),
                         QStringLiteral(
                             "Reach the cluster through this SSH target's login node (needs --workdir)"),
                         loginName}
        << TargetSetting{QStringLiteral("workdir"), QStringLiteral("workdir"), QStringLiteral("DIR"),
                         QStringLiteral(
                             "Working folder on the cluster's shared file system (needed with --login)"),
                         remoteFolder}
        << TargetSetting{QStringLiteral("partition"), QStringLiteral("partition"), QStringLiteral("P"),
                         QStringLiteral("Slurm partition the runs are submitted to"), oneWord}
        << TargetSetting{QStringLiteral("python"), QStringLiteral("python"), QStringLiteral("PATH"),
                         QStringLiteral("Interpreter for .py entry scripts"),
                         TargetSetting::interpreterProblem}
        << TargetSetting{QStringLiteral("account"), QStringLiteral("account"), QStringLiteral("A"),
                         QStringLiteral("Slurm account charged for the runs"), oneWord}
        << TargetSetting{QStringLiteral("qos"), QStringLiteral("qos"), QStringLiteral("Q"),
                         QStringLiteral("Slurm quality of service"), oneWord}
        << TargetSetting{QStringLiteral("time_limit"), QStringLiteral("time-limit"), QStringLiteral("T"),
                         QStringLiteral("Time limit of each run (sbatch --time: MINUTES, HH:MM:SS, D-HH:MM)"),
                         timeLimit}
        << TargetSetting{QStringLiteral("cpus_per_task"),
                         QStringLiteral("cpus-per-task"),
                         QStringLiteral("N"),
                         QStringLiteral("CPUs per task"),
                         positiveInteger,
                         TargetSetting::numberValue}
        << TargetSetting{QStringLiteral("mem_per_cpu"), QStringLiteral("mem-per-cpu"), QStringLiteral("M"),
                         QStringLiteral("Memory per CPU (sbatch --mem-per-cpu: MB, or with K/M/G/T)"),
                         memorySize}
        << TargetSetting{QStringLiteral("gpus_per_node"),
                         QStringLiteral("gpus-per-node"),
                         QStringLiteral("N"),
                         QStringLiteral("GPUs per node, optionally typed (2, a100:2)"),
                         gpuCount,
                         TargetSetting::numberValue};
    TargetSetting options{
        QStringLiteral("sbatch_options"), QStringLiteral("sbatch-option"), QStringLiteral("OPT"),
        QStringLiteral("An extra #SBATCH option (repeat for more), e.g. --constraint=gpu"), sbatchOptions};
    options.repeatable = true;
    TargetSetting setup{
        QStringLiteral("setup"), QStringLiteral("setup"), QStringLiteral("LINE"),
        QStringLiteral(
            "A shell line the batch script runs first (repeat for more), e.g. \"module load cuda\""),
        setupLines};
    setup.repeatable = true;
    k.settings << options << setup
               << TargetSetting{QStringLiteral("submit_timeout_seconds"),
                                QStringLiteral("submit-timeout-seconds"),
                                QStringLiteral("S"),
                                QStringLiteral("How long sbatch may take to answer (default 30); a job it "
                                               "submitted all the same is found by its name and canceled"),
                                positiveInteger,
                                TargetSetting::numberValue}
               << TargetSetting{QStringLiteral("slurm_conf"), QStringLiteral("slurm-conf"),
                                QStringLiteral("PATH"),
                                QStringLiteral("slurm.conf the client commands use (exported as SLURM_CONF)"),
                                absolutePath}
               << TargetSetting{QStringLiteral("mpi_plugin"), QStringLiteral("mpi-plugin"),
                                QStringLiteral("PLUGIN"),
                                QStringLiteral("srun's MPI plugin for distributed_training mpi (pmix by "
                                               "default, pmi2; none: mpirun inside the allocation)"),
                                mpiPlugin}
               << TargetKinds::environmentSetting();
    k.settings << TargetKinds::environmentSettings();
    // Besides podman and docker, the engines of clusters: apptainer (or singularity) and Slurm's own pyxis.
    for (TargetSetting& setting : k.settings)
        if (setting.key == QLatin1String("container_engine")) {
            setting.valueName = QStringLiteral("auto|podman|docker|apptainer|singularity|pyxis|PATH");
            setting.help =
                QStringLiteral("What runs custom_docker_image on the nodes (auto: podman, else "
                               "docker; apptainer, singularity or pyxis's srun --container-image)");
            setting.validate = containerEngine;
        }
    // Environments are built on the cluster side (this machine reached directly, the login node otherwise);
    // images run on the nodes with the target's container_engine. A distributed run's ranks are srun's tasks
    // inside the job's allocation.
    k.supportedFields = {QStringLiteral("pip_packages"),           QStringLiteral("conda_packages"),
                         QStringLiteral("environment_definition"), QStringLiteral("custom_docker_image"),
                         QStringLiteral("node_count"),             QStringLiteral("process_count_per_node"),
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
        // Built under the workdir on the cluster as an SSH target builds it: snapshot, runtime files, datasets.
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
    if (!engine.isEmpty() && ContainerCommand::engineKind(engine) != ContainerCommand::EngineKind::Docker)
        return clusterImage(ctx, request, onLine);
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

void SlurmTarget::describeTheNode(const RunContext& ctx, QJsonObject* reply) const
{
    // The tool ran on this machine; the job ran on the batch host, which described itself before the job
    // started (system/node-host.out). This machine's facts never stand in for the node's.
    QJsonObject description = reply->value(QStringLiteral("description")).toObject();
    if (description.isEmpty())
        return;
    QJsonObject host;
    // Where this machine reads it: in place, in the mirrored cluster folder, or streamed home from the login.
    QFile file(recordDir(ctx) + QStringLiteral("/node-host.out"));
    if (file.open(QIODevice::ReadOnly)) {
        EnvironmentToolOutput output([](const QByteArray&) {});
        output.append(file.read(1 << 20));
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
                    QFileInfo::exists(LocalJobRecord::jobFile(ctx.systemDir()))
                        ? QStringLiteral("the compute node left no description (%1)").arg(file.errorString())
                        : QStringLiteral("the job never started on a compute node"));
    }
    description.insert(QStringLiteral("host"), host);
    reply->insert(QStringLiteral("description"), description);
}

QJsonObject SlurmTarget::clusterImage(RunContext& ctx, const QJsonObject& request,
                                      const std::function<void(const QByteArray&)>& onLine)
{
    // apptainer and pyxis run the image as one of the job's processes; the environment tool (which builds
    // environments in podman and docker images) has no part in it.
    const QJsonObject container = request.value(QStringLiteral("container")).toObject();
    const QString engine = container.value(QStringLiteral("engine")).toString();
    const auto refused = [](const QString& message) {
        return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), message}};
    };
    if (request.value(QStringLiteral("command")).toString() == QLatin1String("describe"))
        return refused(QStringLiteral("what runs in an image under %1 is not described: only the image is "
                                      "recorded")
                           .arg(engine));
    const QString ref = container.value(QStringLiteral("image")).toString();
    const QString manager = request.value(QStringLiteral("definition"))
                                .toObject()
                                .value(QStringLiteral("manager"))
                                .toString(QStringLiteral("none"));
    if (manager != QLatin1String("none"))
        return refused(QStringLiteral("packages in an image (pip_packages, conda_packages, "
                                      "environment_definition) need container_engine podman or docker on "
                                      "target %1; it runs images with %2")
                           .arg(m_config.name, engine));
    QJsonObject image{{QStringLiteral("ref"), ref},
                      {QStringLiteral("digest"), QString()},
                      {QStringLiteral("init"), QString()}};
    if (ContainerCommand::engineKind(engine) == ContainerCommand::EngineKind::Pyxis) {
        // Pyxis imports the image on each node as the job step starts (enroot's cache); nothing to pull here.
        image.insert(QStringLiteral("engine"), QStringLiteral("pyxis"));
        image.insert(QStringLiteral("id"), ref);
        return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("image"), image}};
    }
    const QString program =
        engine.startsWith(QLatin1Char('/')) ? engine : QStandardPaths::findExecutable(engine);
    if (program.isEmpty() || !QFileInfo(program).isExecutable())
        return refused(QStringLiteral("custom_docker_image needs %1 on target %2 (container_engine %3 %4)")
                           .arg(QFileInfo(engine).fileName(), m_config.name, engine,
                                engine.startsWith(QLatin1Char('/'))
                                    ? QStringLiteral("is not an executable file")
                                    : QStringLiteral("is not on PATH")));
    image.insert(QStringLiteral("engine"), program);
    if (ref.startsWith(QLatin1Char('/'))) {
        if (!QFileInfo(ref).isFile())
            return refused(QStringLiteral("the image file %1 does not exist").arg(ref));
        image.insert(QStringLiteral("id"), ref);
        return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("image"), image}};
    }
    // Pulled once into a .sif in the target's environments folder, which the nodes share; the runs of that
    // reference use the file.
    const QString sif =
        QStringLiteral("%1/images/%2.sif")
            .arg(environmentRoot(ctx),
                 QString::fromLatin1(
                     QCryptographicHash::hash(ref.toUtf8(), QCryptographicHash::Sha256).toHex().left(16)));
    image.insert(QStringLiteral("id"), sif);
    if (QFileInfo(sif).isFile())
        return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("image"), image}};
    QDir().mkpath(QFileInfo(sif).path());
    const QString uri = ContainerCommand::apptainerImage(ref);
    if (onLine)
        onLine(QStringLiteral("pulling image %1").arg(ref).toUtf8());
    QString pullError;
    // Into a temporary name first: a pull that fails halfway leaves no file taken for the image.
    const QString partial = sif + QStringLiteral(".partial-%1").arg(QCoreApplication::applicationPid());
    QFile::remove(partial);
    if (!m_local.runOnTarget(ctx, {program, QStringLiteral("pull"), partial, uri}, 3600 * 1000, &pullError) ||
        !QFile::rename(partial, sif)) {
        QFile::remove(partial);
        return refused(QStringLiteral("cannot pull image %1: %2").arg(ref, pullError));
    }
    return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("image"), image}};
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
                     .arg(cancelUnansweredSubmission(ctx, script.jobName));
        return false;
    }
    // sbatch's own time limit on the controller's answer (MessageTimeout) leaves the same doubt.
    if (!submitted.ok() &&
        QByteArray(submitted.err + submitted.out).contains("Socket timed out on send/recv")) {
        *error = QStringLiteral("%1; %2").arg(submitted.failure(QStringLiteral("sbatch")),
                                              cancelUnansweredSubmission(ctx, script.jobName));
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

QString SlurmTarget::cancelUnansweredSubmission(const RunContext& ctx, const QString& jobName)
{
    // sbatch given up while the controller was busy may have handed the job over all the same: the
    // controller creates it once it reads the request. It is found by its name (and this run's folder, in
    // case another workspace has a run of the same id) and canceled, so that no job of a failed run stays
    // queued. A slow controller may take the request only after a first look, so it is looked for until it
    // has answered a few times without it; every state is asked for, since a short job may have ended
    // between two looks.
    constexpr int kLooksWithoutTheJob = 3;
    constexpr qint64 kSearchMs = 60000;
    QElapsedTimer timer;
    timer.start();
    QStringList canceled;
    QStringList ended;
    QString lastError;
    int emptyAnswers = 0;
    while (emptyAnswers < kLooksWithoutTheJob && timer.elapsed() < kSearchMs) {
        const SlurmCommandResult listed = m_commands->run(
            {QStringLiteral("squeue"), QStringLiteral("--noheader"), QStringLiteral("--states=all"),
             QStringLiteral("--name=") + jobName, QStringLiteral("--format=%i|%T|%Z")},
            kCommandTimeoutMs);
        if (!listed.ok()) {
            lastError = listed.failure(QStringLiteral("squeue"));
        } else {
            lastError.clear();
            bool found = false;
            for (const QString& line :
                 QString::fromUtf8(listed.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                const QString id = line.section(QLatin1Char('|'), 0, 0).trimmed();
                const QString state = line.section(QLatin1Char('|'), 1, 1).trimmed();
                const QString dir = line.section(QLatin1Char('|'), 2);
                if (id.isEmpty() || QDir::cleanPath(dir) != QDir::cleanPath(ctx.workDir))
                    continue;
                found = true;
                if (canceled.contains(id) || ended.contains(id))
                    continue;
                SlurmJobState job;
                job.state = state;
                if (job.isTerminal()) {
                    ended << QStringLiteral("%1 (%2)").arg(id, state);
                    continue;
                }
                const SlurmCommandResult cancel =
                    m_commands->run({QStringLiteral("scancel"), id}, kCommandTimeoutMs);
                if (!cancel.ok())
                    return QStringLiteral("it had submitted job %1 all the same, which could not be canceled "
                                          "(%2): cancel it with scancel %1")
                        .arg(id, cancel.failure(QStringLiteral("scancel")));
                canceled << id;
            }
            emptyAnswers = found ? 0 : emptyAnswers + 1;
            // Found and dealt with: a second job of the same request is not to be expected.
            if (found)
                break;
        }
        if (emptyAnswers < kLooksWithoutTheJob)
            QThread::msleep(1000);
    }
    if (!canceled.isEmpty())
        return QStringLiteral(
                   "it had submitted job %1 all the same, which was canceled so that it does not run "
                   "without this run")
            .arg(canceled.join(QStringLiteral(", ")));
    if (!ended.isEmpty())
        return QStringLiteral("it had submitted job %1 all the same, which ended before it could be canceled")
            .arg(ended.join(QStringLiteral(", ")));
    if (!lastError.isEmpty())
        return QStringLiteral(
                   "Slurm could not be asked whether it took the job (%1): if a job named %2 appears "
                   "(squeue --name=%2), cancel it with scancel --name=%2")
            .arg(lastError, jobName);
    return QStringLiteral("Slurm has no job named %1: nothing was submitted").arg(jobName);
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
    if (ended && !m_login->watchEnded() && now - m_endedAtMs < kSettleMs && (jobStarted(ctx) || !streamCaughtUp)) {
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
