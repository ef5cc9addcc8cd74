#include "targets/local/LocalTarget.h"

#include "files/FileTree.h"
#include "snapshot/SnapshotStore.h"
#include "snapshot/WorkingCopies.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

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
    QDir().mkpath(ctx.workDir + QStringLiteral("/outputs"));
    QDir().mkpath(ctx.workDir + QStringLiteral("/logs"));
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

bool LocalTarget::start(RunContext& ctx, QString* error)
{
    if (ctx.argv.isEmpty()) {
        *error = QStringLiteral("no command to run");
        return false;
    }
    // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
    std::vector<QByteArray> argStorage;
    for (const QString& arg : ctx.argv)
        argStorage.push_back(arg.toLocal8Bit());
    std::vector<char*> argv;
    for (auto& a : argStorage)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = ctx.environment.cbegin(); it != ctx.environment.cend(); ++it)
        env.insert(it.key(), it.value());
    std::vector<QByteArray> envStorage;
    for (const QString& entry : env.toStringList())
        envStorage.push_back(entry.toLocal8Bit());
    std::vector<char*> envp;
    for (auto& e : envStorage)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    // The program is looked up on the PATH the run will see.
    QByteArray program = argStorage.front();
    if (!program.contains('/')) {
        const QStringList path = env.value(QStringLiteral("PATH")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
        for (const QString& dir : path) {
            const QString candidate = dir + QLatin1Char('/') + QString::fromLocal8Bit(program);
            if (QFileInfo(candidate).isExecutable() && QFileInfo(candidate).isFile()) {
                program = QFile::encodeName(candidate);
                break;
            }
        }
    }
    const QByteArray workDir = QFile::encodeName(ctx.workDir);
    const QByteArray out = QFile::encodeName(ctx.stdoutPath());
    const QByteArray err = QFile::encodeName(ctx.stderrPath());
    const int outFd = ::open(out.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    const int errFd = ::open(err.constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (outFd < 0 || errFd < 0) {
        *error = QStringLiteral("cannot create the run's log files in %1: %2").arg(ctx.systemDir(), QString::fromLocal8Bit(strerror(errno)));
        if (outFd >= 0) ::close(outFd);
        if (errFd >= 0) ::close(errFd);
        return false;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        *error = QStringLiteral("cannot start a process: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        ::close(outFd);
        ::close(errFd);
        return false;
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        // The script writes straight into the log files: no pipe between it and the disk, so a run that
        // prints gigabytes goes as fast as one redirected to a file.
        ::dup2(outFd, STDOUT_FILENO);
        ::dup2(errFd, STDERR_FILENO);
        const int devNull = ::open("/dev/null", O_RDONLY);
        if (devNull >= 0)
            ::dup2(devNull, STDIN_FILENO);
        ::signal(SIGPIPE, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        ::signal(SIGINT, SIG_DFL);
        if (::chdir(workDir.constData()) != 0)
            _exit(126);
        ::execve(program.constData(), argv.data(), envp.data());
        const char* message = "trainyard: cannot execute the entry command: ";
        (void)!::write(STDERR_FILENO, message, strlen(message));
        const char* reason = strerror(errno);
        (void)!::write(STDERR_FILENO, reason, strlen(reason));
        (void)!::write(STDERR_FILENO, "\n", 1);
        _exit(127);
    }
    ::setpgid(pid, pid); // also in the parent: whichever runs first, the group exists before we signal it
    ::close(outFd);
    ::close(errFd);
    ctx.pid = pid;
    ctx.processGroup = pid;
#ifdef SYS_pidfd_open
    m_pidFd = int(::syscall(SYS_pidfd_open, pid, 0));
#endif
    return true;
}

LocalTarget::~LocalTarget()
{
    if (m_pidFd >= 0)
        ::close(m_pidFd);
}

void LocalTarget::waitForChange(RunContext& ctx, int timeoutMs)
{
    if (m_pidFd < 0) {
        ComputeTarget::waitForChange(ctx, timeoutMs);
        return;
    }
    pollfd fd{m_pidFd, POLLIN, 0};
    ::poll(&fd, 1, timeoutMs);
}

TargetPoll LocalTarget::poll(RunContext& ctx)
{
    TargetPoll result;
    int status = 0;
    const pid_t r = ::waitpid(pid_t(ctx.pid), &status, WNOHANG);
    if (r == 0)
        return result;
    if (r < 0) {
        result.state = TargetProcessState::Lost;
        result.reason = QStringLiteral("process lost");
        return result;
    }
    if (WIFEXITED(status)) {
        result.state = TargetProcessState::Exited;
        result.exitCode = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.state = TargetProcessState::Signaled;
        result.signal = WTERMSIG(status);
    }
    return result;
}

bool LocalTarget::sync(RunContext&, QString*)
{
    return true; // the files are written in place on this machine
}

void LocalTarget::terminate(RunContext& ctx)
{
    if (ctx.processGroup > 0)
        ::kill(-pid_t(ctx.processGroup), SIGTERM);
}

void LocalTarget::kill(RunContext& ctx)
{
    if (ctx.processGroup > 0)
        ::kill(-pid_t(ctx.processGroup), SIGKILL);
}

bool LocalTarget::finish(RunContext& ctx, QString* error)
{
    // Processes the script left behind in its group end with it.
    if (ctx.processGroup > 0)
        ::kill(-pid_t(ctx.processGroup), SIGKILL);
    // Only ./outputs and ./logs are artifacts; the copy of the snapshot goes (the snapshot itself is kept).
    const QDir work(ctx.workDir);
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
    Q_UNUSED(error);
    return true;
}
