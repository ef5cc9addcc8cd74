#include "targets/local/LocalTarget.h"

#include "environments/ContainerCommand.h"
#include "environments/EnvironmentToolOutput.h"
#include "estimator/CommandLineBuilder.h"
#include "files/FileTree.h"
#include "run/DistributedLaunch.h"
#include "snapshot/SnapshotStore.h"
#include "snapshot/WorkingCopies.h"
#include "targets/local/LocalJobRecord.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

// Runs argv (no shell) with stdin from /dev/null; its stdout and stderr together in *output.
bool runProgram(const QStringList& argv, int timeoutMs, QString* output, QString* error)
{
    if (argv.isEmpty()) {
        *error = QStringLiteral("no program to run");
        return false;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(argv.constFirst(), argv.mid(1));
    if (!process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot run %1: %2").arg(argv.constFirst(), process.errorString());
        return false;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        *error = QStringLiteral("%1 did not finish within %2 s").arg(CommandLineBuilder::preview(argv)).arg(timeoutMs / 1000);
        return false;
    }
    *output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (process.exitStatus() != QProcess::NormalExit) {
        *error = QStringLiteral("%1 crashed").arg(CommandLineBuilder::preview(argv));
        return false;
    }
    if (process.exitCode() != 0) {
        *error = QStringLiteral("%1 exited with %2: %3")
                     .arg(CommandLineBuilder::preview(argv))
                     .arg(process.exitCode())
                     .arg(output->section(QLatin1Char('\n'), -1));
        return false;
    }
    return true;
}

// Removes the run's container, stopped or running. Docker's rm -f fails on a container that is already
// gone (podman run --rm removed it); that is no failure when the engine lists no such container.
bool removeContainer(const ContainerRun& container, QString* error)
{
    QString output;
    if (runProgram(ContainerCommand::remove(container), 60000, &output, error))
        return true;
    QString listError;
    const QStringList list{container.engine, QStringLiteral("ps"), QStringLiteral("-a"), QStringLiteral("-q"),
                           QStringLiteral("--filter"), QStringLiteral("name=^") + container.name + QLatin1Char('$')};
    return runProgram(list, 30000, &output, &listError) && output.isEmpty();
}

} // namespace

TargetKind LocalTarget::kind()
{
    TargetKind k;
    k.name = QStringLiteral("local");
    k.pageName = QStringLiteral("TargetLocalPage");
    k.create = [](const TargetConfig&) { return std::make_unique<LocalTarget>(); };
    k.settings = TargetKinds::commonSettings();
    k.settings << TargetSetting{QStringLiteral("python"), QStringLiteral("python"), QStringLiteral("PATH"),
                                QStringLiteral("Interpreter for .py entry scripts"), TargetSetting::interpreterProblem}
               << TargetKinds::environmentSetting();
    k.settings << TargetKinds::environmentSettings();
    // Distributed runs place all their ranks (of every node) on this machine.
    k.supportedFields = {QStringLiteral("pip_packages"),          QStringLiteral("conda_packages"),
                         QStringLiteral("environment_definition"), QStringLiteral("custom_docker_image"),
                         QStringLiteral("node_count"),            QStringLiteral("process_count_per_node"),
                         QStringLiteral("distributed_training")};
    // PIP_*: the user's own pip configuration (an offline PIP_NO_INDEX, a mirror) holds for the environments
    // built on this machine, as it would for a pip install typed in the same shell.
    k.baseEnvironment = {QStringLiteral("PATH"), QStringLiteral("HOME"), QStringLiteral("USER"), QStringLiteral("LANG"),
                         QStringLiteral("LC_*"), QStringLiteral("TMPDIR"), QStringLiteral("PIP_*")};
    return k;
}

QString LocalTarget::wrapperPath(const QString& runtimeDir) { return runtimeDir + QStringLiteral("/job/trainyard-job.sh"); }

std::optional<QJsonObject> LocalTarget::runEnvironmentTool(RunContext& ctx, const QJsonObject& request,
                                                           const std::function<void(const QByteArray&)>& onLine,
                                                           QString* error)
{
    const QString tool = ctx.runtimeDir + QStringLiteral("/env/trainyard_env.py");
    if (!QFileInfo(tool).isFile()) {
        *error = QStringLiteral("the environment tool %1 is missing").arg(tool);
        return std::nullopt;
    }
    const QString python = ctx.target.python();
    QProcess process;
    QProcessEnvironment environment;
    if (ctx.environment.isEmpty()) {
        environment = QProcessEnvironment::systemEnvironment();
    } else {
        for (auto it = ctx.environment.cbegin(); it != ctx.environment.cend(); ++it)
            environment.insert(it.key(), it.value());
    }
    // The tool's own output must arrive line by line, not when its buffer fills.
    environment.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    // A run's own folder when there is a run; removing an environment from the CLI has none.
    if (!ctx.runDir.isEmpty() && QFileInfo(ctx.systemDir()).isDir())
        process.setWorkingDirectory(ctx.systemDir());
    process.start(python, {tool});
    if (!process.waitForStarted(30000)) {
        *error = QStringLiteral("cannot run the environment tool with %1: %2").arg(python, process.errorString());
        return std::nullopt;
    }
    process.write(QJsonDocument(request).toJson(QJsonDocument::Compact));
    process.closeWriteChannel();

    EnvironmentToolOutput output(onLine);
    while (process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(200);
        output.append(process.readAll());
    }
    output.append(process.readAll());
    output.finish();
    if (!output.hasReply()) {
        const QString how = process.exitStatus() == QProcess::CrashExit ? QStringLiteral("crashed")
                                                                         : QStringLiteral("ended with exit code %1").arg(process.exitCode());
        *error = QStringLiteral("the environment tool %1 without a reply").arg(how);
        if (!output.lastLine().isEmpty())
            *error += QStringLiteral(": ") + QString::fromUtf8(output.lastLine());
        return std::nullopt;
    }
    QString parseError;
    const auto reply = output.reply(&parseError);
    if (!reply)
        *error = QStringLiteral("the environment tool's reply is not a JSON object: %1").arg(parseError);
    return reply;
}

QString LocalTarget::environmentRoot(const RunContext& ctx) const
{
    const QString configured = ctx.target.settings.value(QStringLiteral("environments_dir")).toString();
    if (configured.startsWith(QLatin1String("~/")))
        return QDir::cleanPath(QDir::homePath() + configured.mid(1));
    if (!configured.isEmpty())
        return QDir::cleanPath(configured);
    const QString workspaceRoot = QFileInfo(ctx.runtimeDir).absolutePath();
    return workspaceRoot + QStringLiteral("/environments/") + ctx.target.name;
}

LocalTarget::~LocalTarget()
{
    if (m_pidFd >= 0)
        ::close(m_pidFd);
}

bool LocalTarget::prepare(RunContext& ctx, QString* error)
{
    ctx.workDir = ctx.localWorkDir();
    if (QFileInfo::exists(ctx.workDir)) {
        // A restarted preparation starts from a clean copy, never from a half-written one.
        QDir(ctx.workDir).removeRecursively();
    }
    if (!QDir().mkpath(ctx.systemDir())) {
        *error = QStringLiteral("cannot create %1").arg(ctx.systemDir());
        return false;
    }
    if (!WorkingCopies(SnapshotStore(ctx.storeDir)).checkOut(ctx.snapshotId, ctx.workDir, error))
        return false;
    for (const QString& special : {QStringLiteral("/outputs"), QStringLiteral("/logs")}) {
        QDir().mkpath(ctx.workDir + special);
        QFile::setPermissions(ctx.workDir + special, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    for (const DatasetMount& dataset : ctx.datasets) {
        if (!dataset.download) {
            ctx.datasetPaths.insert(dataset.name, dataset.sourcePath);
            continue;
        }
        const QString copy = ctx.runDir + QStringLiteral("/datasets/") + dataset.name + QLatin1Char('/')
                             + QFileInfo(dataset.sourcePath).fileName();
        if (!FileTree::copy(dataset.sourcePath, copy, true, error))
            return false;
        ctx.datasetPaths.insert(dataset.name, copy);
    }
    return true;
}

bool LocalTarget::launchDistributed(RunContext& ctx, const QString& python, QString* error)
{
    DistributedLaunch::Paths paths;
    paths.rankWrapper = DistributedLaunch::rankWrapperPath(ctx.runtimeDir);
    paths.launcher = DistributedLaunch::launcherPath(ctx.runtimeDir);
    paths.recordDir = ctx.systemDir();
    paths.python = python;
    for (const QString& file : {paths.rankWrapper, paths.launcher})
        if (!QFileInfo(file).isFile()) {
            *error = QStringLiteral("the runtime file %1 is missing").arg(file);
            return false;
        }
    // Inside an image, mpirun is the image's; on this machine it must be on the PATH the run sees.
    if (ctx.distributed.mode == QLatin1String("mpi") && !ctx.container.isSet()) {
        const QStringList path = ctx.environment.value(QStringLiteral("PATH")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
        const bool found = std::any_of(path.cbegin(), path.cend(), [&](const QString& dir) {
            const QFileInfo candidate(dir + QLatin1Char('/') + paths.mpirun);
            return candidate.isFile() && candidate.isExecutable();
        });
        if (!found) {
            *error = QStringLiteral("distributed_training mpi: mpirun is not on the run's PATH (install OpenMPI, "
                                    "e.g. the openmpi-bin package)");
            return false;
        }
    }
    const DistributedCommand command = DistributedLaunch::forLocal(ctx.distributed, ctx.argv, paths, ::geteuid() == 0);
    ctx.argv = command.argv;
    for (auto it = command.environment.cbegin(); it != command.environment.cend(); ++it)
        ctx.environment.insert(it.key(), it.value());
    return true;
}

bool LocalTarget::start(RunContext& ctx, QString* error)
{
    if (ctx.argv.isEmpty()) {
        *error = QStringLiteral("no command to run");
        return false;
    }
    const QString wrapper = wrapperPath(ctx.runtimeDir);
    if (!QFileInfo(wrapper).isFile()) {
        *error = QStringLiteral("the job wrapper %1 is missing").arg(wrapper);
        return false;
    }
    // A record left by an earlier attempt must never be taken for this job's.
    QFile::remove(LocalJobRecord::jobFile(ctx.systemDir()));
    QFile::remove(LocalJobRecord::exitFile(ctx.systemDir()));
    QDir(ctx.systemDir() + QStringLiteral("/ranks")).removeRecursively();

    // The program is looked up on the PATH the run will see.
    QString program = ctx.argv.constFirst();
    if (!program.contains(QLatin1Char('/'))) {
        const QStringList path = ctx.environment.value(QStringLiteral("PATH")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
        for (const QString& dir : path) {
            const QFileInfo candidate(dir + QLatin1Char('/') + program);
            if (candidate.isExecutable() && candidate.isFile()) {
                program = candidate.filePath();
                break;
            }
        }
    }
    // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
    std::vector<QByteArray> argStorage{QByteArrayLiteral("/bin/sh"), QFile::encodeName(wrapper),
                                       QFile::encodeName(ctx.systemDir()), QFile::encodeName(ctx.workDir),
                                       QFile::encodeName(ctx.jobStdoutPath()), QFile::encodeName(ctx.jobStderrPath()),
                                       QFile::encodeName(program)};
    for (qsizetype i = 1; i < ctx.argv.size(); ++i)
        argStorage.push_back(ctx.argv.at(i).toLocal8Bit());
    std::vector<char*> argv;
    for (auto& a : argStorage)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<QByteArray> envStorage;
    for (auto it = ctx.environment.cbegin(); it != ctx.environment.cend(); ++it)
        envStorage.push_back(it.key().toLocal8Bit() + '=' + it.value().toLocal8Bit());
    std::vector<char*> envp;
    for (auto& e : envStorage)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0) {
        *error = QStringLiteral("cannot start a process: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        const int devNull = ::open("/dev/null", O_RDWR);
        if (devNull >= 0) {
            ::dup2(devNull, STDIN_FILENO);
            ::dup2(devNull, STDOUT_FILENO);
        }
        ::signal(SIGPIPE, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGHUP, SIG_DFL);
        ::execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    ::setpgid(pid, pid); // also in the parent: whichever runs first, the group exists before we signal it
    m_isParent = true;
    m_wrapper = ProcessIdentity::of(pid).value_or(ProcessIdentity{pid, 0, ProcessIdentity::currentBootId()});
    ctx.pid = pid;
    ctx.processGroup = pid;
    ctx.targetHandle = QJsonObject{{QStringLiteral("kind"), QStringLiteral("local")},
                                   {QStringLiteral("record_dir"), ctx.systemDir()},
                                   {QStringLiteral("wrapper"), m_wrapper.toJson()}};
    if (ctx.container.isSet())
        ctx.targetHandle.insert(QStringLiteral("container"), ctx.container.toJson());
    watchWrapper();
    return true;
}

bool LocalTarget::adopt(RunContext& ctx, QString* error)
{
    m_isParent = false;
    // The container is reached by its name, whichever supervisor started it.
    if (ctx.targetHandle.contains(QStringLiteral("container")))
        ctx.container = ContainerRun::fromJson(ctx.targetHandle.value(QStringLiteral("container")).toObject());
    m_wrapper = ProcessIdentity::fromJson(ctx.targetHandle.value(QStringLiteral("wrapper")).toObject());
    if (!m_wrapper.isValid()) {
        // The runner died before it stored the handle: the wrapper's own record names it.
        if (const auto record = LocalJobRecord::read(ctx.systemDir()))
            m_wrapper = record->wrapper;
    }
    if (!m_wrapper.isValid() && !QFileInfo::exists(LocalJobRecord::exitFile(ctx.systemDir()))) {
        *error = QStringLiteral("lost: the runner ended before the job was started");
        return false;
    }
    ctx.pid = m_wrapper.pid;
    ctx.processGroup = m_wrapper.pid;
    watchWrapper();
    return true;
}

void LocalTarget::watchWrapper()
{
#ifdef SYS_pidfd_open
    // A pidfd refers to this very process for good, whoever its parent is: no pid reuse can fool it.
    if (m_pidFd < 0 && m_wrapper.isAlive())
        m_pidFd = int(::syscall(SYS_pidfd_open, pid_t(m_wrapper.pid), 0));
#endif
}

void LocalTarget::reapChildren()
{
    // As a child subreaper the runner inherits every orphan of the run: reap them, keeping the wrapper's status.
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(-1, &status, WNOHANG);
        if (r <= 0)
            return;
        if (m_isParent && r == pid_t(m_wrapper.pid)) {
            m_wrapperReaped = true;
            m_wrapperStatus = status;
        }
    }
}

TargetPoll LocalTarget::poll(RunContext& ctx)
{
    reapChildren();
    const QString recordDir = ctx.systemDir();
    if (const auto status = LocalJobRecord::readExitStatus(recordDir))
        return TargetPoll::fromShellStatus(*status);
    const auto record = LocalJobRecord::read(recordDir);
    TargetPoll result;
    const bool wrapperAlive = m_isParent ? !m_wrapperReaped : m_wrapper.isAlive();
    if (wrapperAlive) {
        result.state = record ? TargetProcessState::Running : TargetProcessState::Waiting;
        return result;
    }
    // The wrapper is gone without an exit record. A job that outlived it is still watched.
    if (record && record->job.isAlive()) {
        result.state = TargetProcessState::Running;
        return result;
    }
    if (m_isParent && m_wrapperReaped) {
        if (WIFSIGNALED(m_wrapperStatus)) {
            result.state = TargetProcessState::Signaled;
            result.signal = WTERMSIG(m_wrapperStatus);
        } else {
            // Exits before it could start the job (126: no working directory) are the job's failure.
            result.state = TargetProcessState::Exited;
            result.exitCode = WEXITSTATUS(m_wrapperStatus);
        }
        return result;
    }
    result.state = TargetProcessState::Lost;
    result.reason = record ? QStringLiteral("lost: the job ended without recording an exit status")
                           : QStringLiteral("lost: the job never started");
    return result;
}

void LocalTarget::waitForChange(RunContext& ctx, int timeoutMs)
{
    if (m_pidFd < 0) {
        ComputeTarget::waitForChange(ctx, timeoutMs);
        return;
    }
    pollfd fd{m_pidFd, POLLIN, 0};
    if (::poll(&fd, 1, timeoutMs) > 0) {
        // The wrapper ended: it stays readable, so stop waiting on it.
        ::close(m_pidFd);
        m_pidFd = -1;
    }
}

bool LocalTarget::sync(RunContext&, QString*)
{
    return true; // the files are written in place on this machine
}

QVector<qint64> LocalTarget::runProcesses(const RunContext& ctx, bool includeWrapper) const
{
    const QByteArray marker = "TRAINYARD_RUN_DIR=" + QFile::encodeName(ctx.runDir);
    const qint64 self = ::getpid();
    const bool wrapperAlive = m_wrapper.isAlive();
    const QString ownExe = QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget();
    QVector<qint64> result;
    for (const qint64 pid : ProcessIdentity::allPids()) {
        if (pid == self)
            continue;
        if (pid == m_wrapper.pid && wrapperAlive) {
            if (includeWrapper)
                result << pid;
            continue;
        }
        bool ours = ProcessIdentity::environmentContains(pid, marker);
        // A descendant of the verified wrapper is the run's even with a cleared environment.
        for (qint64 p = ProcessIdentity::parentOf(pid), depth = 0; !ours && wrapperAlive && p > 1 && depth < 64;
             p = ProcessIdentity::parentOf(p), ++depth)
            ours = p == m_wrapper.pid;
        // An orphan re-parented to this subreaper runner came from the run, unless it is another runner
        // (sibling runners this one started are re-parented here too).
        if (!ours && m_isParent && ProcessIdentity::parentOf(pid) == self)
            ours = QFileInfo(QStringLiteral("/proc/%1/exe").arg(pid)).symLinkTarget() != ownExe;
        if (ours && ProcessIdentity::of(pid))
            result << pid;
    }
    return result;
}

void LocalTarget::signalRun(const RunContext& ctx, int signal, bool includeWrapper)
{
    // The job's process group only while its leader is verifiably the wrapper we started or adopted.
    if (includeWrapper && m_wrapper.isAlive())
        ::kill(-pid_t(m_wrapper.pid), signal);
    for (const qint64 pid : runProcesses(ctx, includeWrapper))
        ::kill(pid_t(pid), signal);
}

void LocalTarget::terminate(RunContext& ctx)
{
    // The wrapper catches SIGTERM and stays to record how the job ended.
    signalRun(ctx, SIGTERM, true);
}

void LocalTarget::kill(RunContext& ctx)
{
    // The container's processes belong to the engine's monitor, not to the job's process tree: the engine
    // kills them. Then the engine's client itself, with everything but the wrapper, which then records the
    // job's end.
    if (ctx.container.isSet()) {
        QString ignored; // a container that already ended has nothing to kill
        runOnTarget(ctx, ContainerCommand::kill(ctx.container), 15000, &ignored);
    }
    signalRun(ctx, SIGKILL, false);
}

bool LocalTarget::runOnTarget(RunContext&, const QStringList& argv, int timeoutMs, QString* error)
{
    QString output;
    return runProgram(argv, timeoutMs, &output, error);
}

bool LocalTarget::finish(RunContext& ctx, QString* error)
{
    // The container goes first, so that nothing of it is left running or stopped (even when its client was
    // killed before --rm could remove it); once it is gone no process of it can come back below.
    QString containerError;
    const bool containerRemoved = !ctx.container.isSet() || removeContainer(ctx.container, &containerError);
    // Every process the run left behind ends with it, also those that left its process group (setsid).
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        reapChildren();
        const QVector<qint64> left = runProcesses(ctx, true);
        if (left.isEmpty() || timer.elapsed() > 5000)
            break;
        for (const qint64 pid : left)
            ::kill(pid_t(pid), SIGKILL);
        QThread::msleep(10);
    }
    // Only ./outputs and ./logs are artifacts; the copy of the snapshot goes (the snapshot itself is kept).
    const QDir work(ctx.workDir.isEmpty() ? ctx.localWorkDir() : ctx.workDir);
    const auto entries = work.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo& entry : entries) {
        if (entry.fileName() == QLatin1String("outputs") || entry.fileName() == QLatin1String("logs"))
            continue;
        if (entry.isDir() && !entry.isSymLink())
            QDir(entry.absoluteFilePath()).removeRecursively();
        else
            QFile::remove(entry.absoluteFilePath());
    }
    QDir(ctx.runDir + QStringLiteral("/datasets")).removeRecursively();
    if (!containerRemoved) {
        *error = QStringLiteral("cannot remove the run's container %1: %2").arg(ctx.container.name, containerError);
        return false;
    }
    return true;
}
