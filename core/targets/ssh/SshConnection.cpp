#include "targets/ssh/SshConnection.h"

#include "secrets/AskpassHelper.h"
#include "targets/ssh/RemoteShell.h"
#include "targets/ssh/SshHostKeys.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// One folder per user for the master sockets: private (0700, ours), and short, since a socket path has to
// fit into 108 bytes.
QString socketFolder()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    QString folder = !runtime.isEmpty() && runtime.size() < 40 ? runtime + QStringLiteral("/trainyard-ssh")
                                                               : QStringLiteral("/tmp/trainyard-ssh-%1").arg(::getuid());
    ::mkdir(QFile::encodeName(folder).constData(), 0700);
    struct stat st {};
    if (::lstat(QFile::encodeName(folder).constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid()
        || (st.st_mode & 077) != 0) {
        // Someone else's or an open folder would let them talk through our connections: use a fresh one.
        folder = QDir::tempPath() + QStringLiteral("/trainyard-ssh-%1-%2").arg(::getuid()).arg(::getpid());
        ::mkdir(QFile::encodeName(folder).constData(), 0700);
    }
    return folder;
}

// A value for an ssh_config option that holds a path: quoted, so a path with spaces stays one path.
QString configPath(const QString& path) { return QLatin1Char('"') + path + QLatin1Char('"'); }

} // namespace

SshEndpoint SshEndpoint::fromConfig(const TargetConfig& target)
{
    SshEndpoint e;
    const QJsonObject& s = target.settings;
    e.host = s.value(QStringLiteral("host")).toString();
    e.port = s.value(QStringLiteral("port")).toInt(0);
    e.user = s.value(QStringLiteral("user")).toString();
    e.identityFile = s.value(QStringLiteral("identity_file")).toString();
    if (!s.value(QStringLiteral("workdir")).toString().isEmpty())
        e.workDir = s.value(QStringLiteral("workdir")).toString();
    if (!s.value(QStringLiteral("python")).toString().isEmpty())
        e.python = s.value(QStringLiteral("python")).toString();
    return e;
}

QString SshEndpoint::display() const
{
    QString text = user.isEmpty() ? host : user + QLatin1Char('@') + host;
    if (port > 0)
        text += QLatin1Char(':') + QString::number(port);
    return text;
}

SshConnection::SshConnection(const TargetConfig& target, const QString& workspaceRoot)
    : m_target(target), m_endpoint(SshEndpoint::fromConfig(target)), m_workspaceRoot(workspaceRoot)
{
    const QByteArray identity = (QDir(workspaceRoot).absolutePath() + QLatin1Char('\n') + target.name + QLatin1Char('\n')
                                 + m_endpoint.display() + QLatin1Char('\n') + m_endpoint.identityFile)
                                    .toUtf8();
    const QString tag = QString::fromLatin1(QCryptographicHash::hash(identity, QCryptographicHash::Sha1).toHex().left(20));
    m_controlPath = socketFolder() + QLatin1Char('/') + tag;
}

SshConnection::~SshConnection() = default;

QString SshConnection::knownHostsPath(const QString& workspaceRoot)
{
    return workspaceRoot + QStringLiteral("/ssh/known_hosts");
}

QStringList SshConnection::arguments(const QStringList& extraOptions) const
{
    QStringList args;
    const QString knownHosts = knownHostsPath(m_workspaceRoot);
    // Never StrictHostKeyChecking=no, nor accept-new: a key is trusted only by `targets trust`.
    args << QStringLiteral("-o") << QStringLiteral("StrictHostKeyChecking=yes")
         << QStringLiteral("-o")
         << QStringLiteral("UserKnownHostsFile=%1 %2").arg(configPath(knownHosts), QStringLiteral("~/.ssh/known_hosts"))
         << QStringLiteral("-o") << QStringLiteral("ControlPath=%1").arg(configPath(m_controlPath))
         // A dead connection is noticed in seconds, not when TCP gives up.
         << QStringLiteral("-o") << QStringLiteral("ServerAliveInterval=3")
         << QStringLiteral("-o") << QStringLiteral("ServerAliveCountMax=3")
         << QStringLiteral("-o") << QStringLiteral("ConnectTimeout=15")
         << QStringLiteral("-o") << QStringLiteral("BatchMode=no")
         << QStringLiteral("-o") << QStringLiteral("NumberOfPasswordPrompts=1")
         << QStringLiteral("-T");
    if (m_endpoint.port > 0)
        args << QStringLiteral("-p") << QString::number(m_endpoint.port);
    if (!m_endpoint.user.isEmpty())
        args << QStringLiteral("-l") << m_endpoint.user;
    if (!m_endpoint.identityFile.isEmpty())
        args << QStringLiteral("-i") << m_endpoint.identityFile << QStringLiteral("-o") << QStringLiteral("IdentitiesOnly=yes");
    args << extraOptions;
    // "--" ends the options: a host beginning with '-' is a host, never an option.
    args << QStringLiteral("--") << m_endpoint.host;
    return args;
}

QProcessEnvironment SshConnection::environment() const
{
    // ssh asks trainyard-askpass, never a terminal: a runner has none. The helper reads the secret from the
    // keychain by its key name; the secret itself is never in this environment.
    if (m_askOnTerminal)
        return QProcessEnvironment::systemEnvironment();
    return AskpassHelper::sshEnvironment(m_workspaceRoot, m_target.name);
}

bool SshConnection::masterAlive() const
{
    QProcess check;
    check.setProcessEnvironment(environment());
    check.setStandardInputFile(QProcess::nullDevice());
    check.start(QStringLiteral("ssh"), arguments({QStringLiteral("-O"), QStringLiteral("check")}));
    return check.waitForFinished(15000) && check.exitStatus() == QProcess::NormalExit && check.exitCode() == 0;
}

bool SshConnection::ensureMaster(QString* error, SshFailure* failure)
{
    if (failure)
        *failure = SshFailure::None;
    // Runners of one target start at once: the first makes the master, the others wait for it and use it.
    const QByteArray lockPath = QFile::encodeName(m_controlPath + QStringLiteral(".lock"));
    const int lock = ::open(lockPath.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock >= 0)
        ::flock(lock, LOCK_EX);
    struct Unlock {
        int fd;
        ~Unlock()
        {
            if (fd >= 0)
                ::close(fd);
        }
    } unlock{lock};

    if (masterAlive())
        return true;
    QFile::remove(m_controlPath); // a socket left by a master that died
    const QString logPath = m_controlPath + QStringLiteral(".log");
    QFile::remove(logPath);
    QProcess master;
    master.setProcessEnvironment(environment());
    master.setStandardInputFile(QProcess::nullDevice());
    master.setStandardOutputFile(QProcess::nullDevice());
    // A file, not a pipe: the master lives on in the background and would hold a pipe open for good.
    master.setStandardErrorFile(logPath);
    // -f: ssh goes to the background once authenticated, so its exit says whether the connection is up.
    master.start(QStringLiteral("ssh"), arguments({QStringLiteral("-o"), QStringLiteral("ControlMaster=yes"),
                                                   QStringLiteral("-o"), QStringLiteral("ControlPersist=600"),
                                                   QStringLiteral("-N"), QStringLiteral("-f")}));
    if (!master.waitForStarted(10000)) {
        *error = QStringLiteral("cannot run ssh (OpenSSH's client): %1").arg(master.errorString());
        if (failure)
            *failure = SshFailure::Unreachable;
        return false;
    }
    if (!master.waitForFinished(60000)) {
        master.kill();
        master.waitForFinished(2000);
        *error = QStringLiteral("connecting to %1 timed out after 60 s").arg(m_endpoint.display());
        if (failure)
            *failure = SshFailure::Timeout;
        return false;
    }
    QFile log(logPath);
    const QByteArray stderrText = log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
    if (master.exitStatus() == QProcess::NormalExit && master.exitCode() == 0)
        return true;
    const SshFailure kind = classify(stderrText);
    if (failure)
        *failure = kind == SshFailure::None ? SshFailure::Unreachable : kind;
    *error = describe(kind == SshFailure::None ? SshFailure::Unreachable : kind, stderrText);
    if (kind == SshFailure::HostKeyChanged) {
        // Both fingerprints, so the user can tell a reinstalled host from an impostor.
        QString scanError;
        if (const auto offered = SshHostKeys::scan(*this, &scanError)) {
            const QString message = SshHostKeys::changedKeyMessage(*offered, SshHostKeys::trusted(*this, *offered));
            if (!message.isEmpty())
                *error = message;
        }
    }
    return false;
}

void SshConnection::closeMaster()
{
    QProcess exit;
    exit.setProcessEnvironment(environment());
    exit.setStandardInputFile(QProcess::nullDevice());
    exit.start(QStringLiteral("ssh"), arguments({QStringLiteral("-O"), QStringLiteral("exit")}));
    exit.waitForFinished(10000);
}

void SshConnection::setUp(QProcess& process, const QString& remoteCommand) const
{
    process.setProcessEnvironment(environment());
    process.setProgram(QStringLiteral("ssh"));
    process.setArguments(arguments({QStringLiteral("-o"), QStringLiteral("ControlMaster=no")}) << remoteCommand);
}

QString SshConnection::agentSource(const QString& runtimeDir)
{
    return runtimeDir + QStringLiteral("/remote/trainyard_remote.py");
}

std::unique_ptr<QProcess> SshConnection::spawn(const QString& remoteCommand) const
{
    auto process = std::make_unique<QProcess>();
    setUp(*process, remoteCommand);
    process->start();
    return process;
}

SshResult SshConnection::run(const QString& remoteCommand, const QByteArray& input, int timeoutMs)
{
    std::unique_ptr<QProcess> process = spawn(remoteCommand);
    if (!process->waitForStarted(10000)) {
        SshResult result;
        result.failure = SshFailure::Unreachable;
        result.error = QStringLiteral("cannot run ssh (OpenSSH's client): %1").arg(process->errorString());
        return result;
    }
    if (!input.isEmpty())
        process->write(input);
    process->closeWriteChannel();
    return finishProcess(*process, timeoutMs);
}

SshResult SshConnection::finishProcess(QProcess& process, int timeoutMs) const
{
    SshResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.failure = SshFailure::Timeout;
        result.error = QStringLiteral("a command on %1 did not finish within %2 s").arg(m_endpoint.display()).arg(timeoutMs / 1000);
        return result;
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    if (result.exitCode == 255) {
        // ssh's own failure (the remote command's status is passed through otherwise).
        result.failure = classify(result.err);
        if (result.failure == SshFailure::None)
            result.failure = SshFailure::Unreachable;
        result.error = describe(result.failure, result.err);
    } else if (result.exitCode != 0) {
        result.failure = SshFailure::RemoteError;
        const QString message = QString::fromUtf8(result.err).trimmed();
        result.error = message.isEmpty() ? QStringLiteral("a command on %1 failed with exit code %2")
                                               .arg(m_endpoint.display())
                                               .arg(result.exitCode)
                                         : message;
    }
    return result;
}

QString SshConnection::agentCommand(const QStringList& arguments) const
{
    QString line = RemoteShell::quotePath(m_endpoint.python) + QLatin1Char(' ') + RemoteShell::quotePath(m_agentPath);
    for (const QString& arg : arguments)
        line += QLatin1Char(' ') + (arg.startsWith(QLatin1String("~/")) ? RemoteShell::quotePath(arg) : RemoteShell::quote(arg));
    return line;
}

bool SshConnection::installAgent(const QString& agentSource, QString* error, SshFailure* failure)
{
    if (m_agentInstalled)
        return true;
    QFile source(agentSource);
    if (!source.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(agentSource, source.errorString());
        return false;
    }
    const QByteArray code = source.readAll();
    const QString version = QString::fromLatin1(QCryptographicHash::hash(code, QCryptographicHash::Sha256).toHex().left(16));
    m_agentPath = RemoteShell::join(m_endpoint.workDir, QStringLiteral("bin/trainyard_remote-%1.py").arg(version));
    const QString bin = RemoteShell::quotePath(RemoteShell::join(m_endpoint.workDir, QStringLiteral("bin")));
    const QString agent = RemoteShell::quotePath(m_agentPath);
    const QString python = RemoteShell::quotePath(m_endpoint.python);
    // One round trip: the folder, the interpreter, and the agent unless this version is already there.
    const QString script =
        QStringLiteral("umask 077; mkdir -p %1 2>/dev/null || exit 73; test -w %1 || exit 73; "
                       "command -v %2 >/dev/null 2>&1 || exit 74; "
                       "if ! test -f %3; then cat > %3.tmp.$$ || { rm -f %3.tmp.$$; exit 75; }; mv -f %3.tmp.$$ %3 || exit 75; fi; "
                       "cd %4 && pwd -P")
            .arg(bin, python, agent, RemoteShell::quotePath(m_endpoint.workDir));
    const SshResult result = run(script, code);
    if (failure)
        *failure = result.failure;
    if (result.ok()) {
        m_remoteWorkDir = QString::fromUtf8(result.out).trimmed();
        m_agentInstalled = !m_remoteWorkDir.isEmpty();
        return true;
    }
    switch (result.exitCode) {
    case 73:
        *error = QStringLiteral("the remote working folder %1 on %2 is not writable").arg(m_endpoint.workDir, m_endpoint.display());
        break;
    case 74:
        *error = QStringLiteral("remote Python missing: %1 was not found on %2 (set the target's python)")
                     .arg(m_endpoint.python, m_endpoint.display());
        break;
    case 75:
        *error = QStringLiteral("cannot write to the remote working folder %1 on %2 (remote disk full?): %3")
                     .arg(m_endpoint.workDir, m_endpoint.display(), QString::fromUtf8(result.err).trimmed());
        break;
    default:
        *error = result.error;
    }
    return false;
}

SshFailure SshConnection::classify(const QByteArray& text)
{
    if (text.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") || text.contains("Host key for")
        || text.contains("has changed and you have requested strict checking"))
        return SshFailure::HostKeyChanged;
    if (text.contains("host key is known") || text.contains("Host key verification failed"))
        return SshFailure::HostKeyUnknown;
    if (text.contains("Permission denied") || text.contains("Too many authentication failures"))
        return SshFailure::AuthenticationFailed;
    if (text.contains("Connection refused") || text.contains("No route to host") || text.contains("Could not resolve")
        || text.contains("Name or service not known") || text.contains("Network is unreachable")
        || text.contains("Connection timed out") || text.contains("Operation timed out")
        || text.contains("Connection closed") || text.contains("Connection reset") || text.contains("Broken pipe")
        || text.contains("kex_exchange_identification") || text.contains("timeout"))
        return SshFailure::Unreachable;
    return SshFailure::None;
}

QString SshConnection::describe(SshFailure failure, const QByteArray& stderrText) const
{
    // ssh's own words, last line first in importance, with warnings about added keys left out.
    QStringList lines;
    for (const QByteArray& line : stderrText.split('\n')) {
        QString text = QString::fromUtf8(line).trimmed();
        if (text.startsWith(QLatin1String("ssh: ")))
            text = text.mid(5);
        if (!text.isEmpty() && !text.startsWith(QLatin1String("@@@")) && !text.startsWith(QLatin1String("Warning: Permanently")))
            lines << text;
    }
    const QString detail = lines.isEmpty() ? QString() : QStringLiteral(" (ssh: %1)").arg(lines.mid(qMax(0, lines.size() - 2)).join(QLatin1Char(' ')));
    const QString where = m_endpoint.display();
    switch (failure) {
    case SshFailure::Unreachable:
        return QStringLiteral("host unreachable: cannot connect to %1%2").arg(where, detail);
    case SshFailure::AuthenticationFailed:
        return QStringLiteral("authentication failed on %1: no key or password was accepted; store a password with "
                              "`trainyard-cli targets set-password %2`, or set an identity file or an SSH agent%3")
            .arg(where, m_target.name, detail);
    case SshFailure::HostKeyUnknown:
        return QStringLiteral("host key unknown: %1 is not trusted yet; check its fingerprint with "
                              "`trainyard-cli targets trust %2`")
            .arg(where, m_target.name);
    case SshFailure::HostKeyChanged:
        return QStringLiteral("host key changed: the key %1 offers differs from the trusted one; refused%2").arg(where, detail);
    case SshFailure::Timeout:
        return QStringLiteral("connecting to %1 timed out%2").arg(where, detail);
    case SshFailure::RemoteError:
    case SshFailure::None:
        break;
    }
    return QStringLiteral("ssh to %1 failed%2").arg(where, detail);
}
