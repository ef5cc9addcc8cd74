#include "SshTestServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <netinet/in.h>
#include <pwd.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// Every name this fixture gives to system objects (namespaces, users) starts with this and carries the
// creating process's id, so leftovers of a test that crashed can be told from those of a live one.
const QString kPrefix = QStringLiteral("tyssh-");
const QString kSshd = QStringLiteral("/usr/sbin/sshd");
const QString kSshKeygen = QStringLiteral("/usr/bin/ssh-keygen");
const QString kNsenter = QStringLiteral("/usr/bin/nsenter");
constexpr int kStartTimeoutMs = 20000;
constexpr int kToolTimeoutMs = 30000;

std::atomic<int> serverCounter{0};

QString uniqueName()
{
    return kPrefix + QString::number(::getpid()) + QLatin1Char('-') + QString::number(++serverCounter);
}

bool processAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

// The pid a fixture name (tyssh-PID-N) was made by, 0 when the name is not one of ours.
qint64 creatorOf(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^tyssh-(\\d+)-\\d+$"));
    const QRegularExpressionMatch match = pattern.match(name);
    return match.hasMatch() ? match.captured(1).toLongLong() : 0;
}

QString findTool(const QString& name)
{
    return QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"),
                                                 QStringLiteral("/sbin"), QStringLiteral("/bin")});
}

QString ipTool()
{
    return findTool(QStringLiteral("ip"));
}

// Runs a program (no shell) and waits; false with *error naming the command and its output when it fails.
bool runTool(const QString& program, const QStringList& args, QString* error, QByteArray* out = nullptr,
             const QByteArray& input = QByteArray())
{
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(program, args);
    const QString command = program + QLatin1Char(' ') + args.join(QLatin1Char(' '));
    if (!process.waitForStarted(kToolTimeoutMs)) {
        if (error)
            *error = QStringLiteral("could not start %1: %2").arg(command, process.errorString());
        return false;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(kToolTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        if (error)
            *error = QStringLiteral("%1 did not finish within %2 s").arg(command).arg(kToolTimeoutMs / 1000);
        return false;
    }
    const QByteArray stdOut = process.readAllStandardOutput();
    if (out)
        *out = stdOut;
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("%1 failed (exit %2): %3")
                         .arg(command)
                         .arg(process.exitCode())
                         .arg(QString::fromLocal8Bit(process.readAllStandardError() + stdOut).trimmed());
        return false;
    }
    return true;
}

// A port nothing listens on now: the kernel picks it for a socket bound to port 0.
int freePort(QString* error)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QStringLiteral("socket: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return 0;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    else
        *error = QStringLiteral("could not find a free port: %1")
                     .arg(QString::fromLocal8Bit(std::strerror(errno)));
    ::close(fd);
    return port;
}

// True when host:port accepts a TCP connection and greets with an SSH banner; a refused connection returns
// at once, so the caller's poll loop does the waiting.
bool answersWithSshBanner(const QString& host, int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    timeval timeout{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(quint16(port));
    bool ok = ::inet_pton(AF_INET, host.toLatin1().constData(), &address.sin_addr) == 1 &&
              ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    if (ok) {
        char banner[8] = {};
        size_t got = 0;
        while (got < sizeof banner) {
            const ssize_t n = ::read(fd, banner + got, sizeof banner - got);
            if (n <= 0)
                break;
            got += size_t(n);
        }
        ok = got == sizeof banner && std::memcmp(banner, "SSH-2.0-", sizeof banner) == 0;
    }
    ::close(fd);
    return ok;
}

struct ProcInfo {
    qint64 pid = 0;
    qint64 parent = 0;
    char state = '?';
};

QList<ProcInfo> allProcesses()
{
    QList<ProcInfo> result;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
        const QByteArray line = stat.readAll();
        const int close = line.lastIndexOf(')');
        if (close < 0)
            continue;
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (fields.size() < 2)
            continue;
        result.append({pid, fields.at(1).toLongLong(), fields.at(0).isEmpty() ? '?' : fields.at(0).at(0)});
    }
    return result;
}

// Gone or a zombie: either way it holds no socket any more.
bool processEnded(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const int close = line.lastIndexOf(')');
    return close < 0 || line.size() < close + 3 || line.at(close + 2) == 'Z' || line.at(close + 2) == 'X';
}

bool isSshdProcess(qint64 pid)
{
    const QString exe = QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(pid));
    return QFileInfo(exe).fileName().startsWith(QLatin1String("sshd"));
}

// The live sshd processes below `root` (not `root` itself): the per-connection monitors and their
// unprivileged session children.
QList<qint64> sshdDescendants(qint64 root)
{
    const QList<ProcInfo> processes = allProcesses();
    QHash<qint64, QList<qint64>> children;
    for (const ProcInfo& process : processes)
        if (process.state != 'Z')
            children[process.parent].append(process.pid);
    QList<qint64> result;
    QList<qint64> pending = children.value(root);
    while (!pending.isEmpty()) {
        const qint64 pid = pending.takeLast();
        if (isSshdProcess(pid))
            result.append(pid);
        pending += children.value(pid);
    }
    return result;
}

bool waitUntilEnded(const QList<qint64>& pids, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        bool allEnded = true;
        for (qint64 pid : pids)
            allEnded = allEnded && processEnded(pid);
        if (allEnded)
            return true;
        if (deadline.hasExpired())
            return false;
        ::usleep(5000);
    }
}

// Kills sshd children of `listener` until a sweep finds none (a connection accepted during a sweep is
// caught by the next one).
void killSshdChildren(qint64 listener)
{
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        const QList<qint64> victims = sshdDescendants(listener);
        if (victims.isEmpty())
            return;
        for (qint64 pid : victims)
            ::kill(pid_t(pid), SIGKILL);
        waitUntilEnded(victims, int(qMax<qint64>(deadline.remainingTime(), 1)));
    }
}

void killProcesses(const QList<qint64>& pids)
{
    for (qint64 pid : pids)
        if (pid > 0 && pid != ::getpid())
            ::kill(pid_t(pid), SIGKILL);
    waitUntilEnded(pids, 5000);
}

QList<qint64> processesOfUid(uid_t uid)
{
    QList<qint64> result;
    for (const ProcInfo& process : allProcesses()) {
        struct stat st {
        };
        if (process.state != 'Z' &&
            ::stat(QFile::encodeName(QStringLiteral("/proc/%1").arg(process.pid)).constData(), &st) == 0 &&
            st.st_uid == uid)
            result.append(process.pid);
    }
    return result;
}

QList<qint64> processesInNamespace(const QString& name)
{
    QByteArray out;
    const QString ip = ipTool();
    if (ip.isEmpty() || !runTool(ip, {QStringLiteral("netns"), QStringLiteral("pids"), name}, nullptr, &out))
        return {};
    QList<qint64> result;
    for (const QByteArray& line : out.split('\n'))
        if (const qint64 pid = line.trimmed().toLongLong(); pid > 0)
            result.append(pid);
    return result;
}

void removeNamespace(const QString& name, const QString& hostSideLink)
{
    const QString ip = ipTool();
    if (ip.isEmpty())
        return;
    killProcesses(processesInNamespace(name));
    if (!hostSideLink.isEmpty())
        runTool(ip, {QStringLiteral("link"), QStringLiteral("del"), hostSideLink}, nullptr);
    runTool(ip, {QStringLiteral("netns"), QStringLiteral("del"), name}, nullptr);
}

void removeUser(const QString& name)
{
    if (const passwd* entry = ::getpwnam(name.toLocal8Bit().constData()))
        killProcesses(processesOfUid(entry->pw_uid));
    runTool(findTool(QStringLiteral("userdel")), {QStringLiteral("-r"), QStringLiteral("-f"), name}, nullptr);
}

QString tmpfsParentTemplate()
{
    return QDir::tempPath() + QStringLiteral("/trainyard-tmpfs-%1-XXXXXX").arg(::getpid());
}

// Leftovers of earlier test processes that died before their destructors ran (SIGKILL, a crash, a
// timeout): namespaces, users and tmpfs mounts whose creating process is gone. A few milliseconds.
void removeStaleLeftovers()
{

    if (const QString ip = ipTool(); !ip.isEmpty()) {
        QByteArray out;
        if (runTool(ip, {QStringLiteral("netns"), QStringLiteral("list")}, nullptr, &out)) {
            for (const QByteArray& line : out.split('\n')) {
                const QString name = QString::fromLocal8Bit(line).section(QLatin1Char(' '), 0, 0);
                if (const qint64 creator = creatorOf(name); creator > 0 && !processAlive(creator))
                    removeNamespace(name, QString());
            }
        }
    }

    if (const QString ip = ipTool(); !ip.isEmpty()) {
        // Bridges of SshTestNetwork carry their creator's name as the link's alias.
        QByteArray out;
        if (runTool(ip, {QStringLiteral("-o"), QStringLiteral("link"), QStringLiteral("show"), QStringLiteral("type"),
                         QStringLiteral("bridge")},
                    nullptr, &out)) {
            static const QRegularExpression bridge(QStringLiteral("^\\d+: (tysshv\\d+)[:@].*alias (tyssh-\\d+-\\d+)"));
            for (const QByteArray& line : out.split('\n')) {
                const QRegularExpressionMatch match = bridge.match(QString::fromLocal8Bit(line));
                if (match.hasMatch() && !processAlive(creatorOf(match.captured(2))))
                    runTool(ip, {QStringLiteral("link"), QStringLiteral("del"), match.captured(1)}, nullptr);
            }
        }
    }

    QFile passwdFile(QStringLiteral("/etc/passwd"));
    if (passwdFile.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : passwdFile.readAll().split('\n')) {
            const QString name = QString::fromLocal8Bit(line.left(line.indexOf(':')));
            if (const qint64 creator = creatorOf(name); creator > 0 && !processAlive(creator))
                removeUser(name);
        }
    }

    QFile mounts(QStringLiteral("/proc/self/mounts"));
    if (mounts.open(QIODevice::ReadOnly)) {
        static const QRegularExpression ours(QStringLiteral("/trainyard-tmpfs-(\\d+)-[^/]+/disk$"));
        for (const QByteArray& line : mounts.readAll().split('\n')) {
            const QList<QByteArray> fields = line.split(' ');
            if (fields.size() < 3 || fields.at(2) != "tmpfs")
                continue;
            const QString target = QString::fromLocal8Bit(fields.at(1));
            const QRegularExpressionMatch match = ours.match(target);
            if (match.hasMatch() && !processAlive(match.captured(1).toLongLong()))
                ::umount2(QFile::encodeName(target).constData(), MNT_DETACH);
        }
    }
}

QString randomPassword()
{
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString password;
    for (int i = 0; i < 24; ++i)
        password += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet - 1))]);
    return password;
}

bool writePrivateFile(const QString& path, const QByteArray& data, QFile::Permissions permissions,
                      QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size() ||
        !file.setPermissions(permissions)) {
        *error = QStringLiteral("could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

std::unique_ptr<SshTestServer> SshTestServer::start(const SshTestServerOptions& options, QString* error)
{
    QString localError;
    QString* message = error ? error : &localError;
    std::unique_ptr<SshTestServer> server(new SshTestServer);
    if (!server->setUp(options, message))
        return nullptr;
    return server;
}

bool SshTestServer::setUp(const SshTestServerOptions& options, QString* error)
{
    if (::geteuid() != 0) {
        *error = QStringLiteral("the SSH test server needs root (its own sshd, users and namespaces)");
        return false;
    }
    for (const auto& [path, package] :
         {std::pair{kSshd, "openssh-server"}, std::pair{kSshKeygen, "openssh-client"}}) {
        if (!QFileInfo(path).isExecutable()) {
            *error = QStringLiteral("%1 is missing: install %2 (scripts/setup.sh does)")
                         .arg(path, QLatin1String(package));
            return false;
        }
    }
    if (options.inNetworkNamespace && (ipTool().isEmpty() || !QFileInfo(kNsenter).isExecutable())) {
        *error = QStringLiteral(
            "ip or nsenter is missing: install iproute2 and util-linux (scripts/setup.sh does)");
        return false;
    }
    if (options.passwordLogin &&
        (findTool(QStringLiteral("useradd")).isEmpty() || findTool(QStringLiteral("chpasswd")).isEmpty() ||
         findTool(QStringLiteral("userdel")).isEmpty())) {
        *error = QStringLiteral("useradd, userdel or chpasswd is missing: install passwd");
        return false;
    }
    removeStaleLeftovers();

    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() +
                                            QStringLiteral("/trainyard-sshd-%1-XXXXXX").arg(::getpid()));
    if (!m_dir->isValid()) {
        *error = QStringLiteral("could not create a temporary folder: %1").arg(m_dir->errorString());
        return false;
    }
    // sshd reads the authorised keys as the user logging in, so the password user must reach them.
    QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                             QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                             QFile::ExeOther);
    if (!QDir().mkpath(QStringLiteral("/run/sshd"))) {
        *error = QStringLiteral("could not create /run/sshd (sshd's privilege separation folder)");
        return false;
    }

    m_passwordLogin = options.passwordLogin;
    if (options.passwordLogin) {
        if (!createPasswordUser(error))
            return false;
    } else {
        m_user = QStringLiteral("root");
        m_workRoot = file(QStringLiteral("work"));
        if (!QDir().mkpath(m_workRoot) ||
            !QFile::setPermissions(m_workRoot, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)) {
            *error = QStringLiteral("could not create %1").arg(m_workRoot);
            return false;
        }
    }

    const QString clientKey = clientKeyPath();
    if (!runTool(kSshKeygen,
                 {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                  QString(), QStringLiteral("-C"), QStringLiteral("trainyard-test-client"),
                  QStringLiteral("-f"), clientKey},
                 error))
        return false;
    if (!writePrivateFile(file(QStringLiteral("authorized_keys")),
                          readAll(clientKey + QStringLiteral(".pub")),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther, error))
        return false;

    m_hostName = options.hostName;
    m_hiddenFolder = options.hiddenFolder;
    if (options.inNetworkNamespace && options.network) {
        if (!joinNetwork(*options.network, error))
            return false;
    } else if (options.inNetworkNamespace) {
        if (!createNetworkNamespace(error))
            return false;
    } else {
        m_host = QStringLiteral("127.0.0.1");
    }

    // A port found free can be taken by another process before sshd binds it: then try another.
    for (int attempt = 1;; ++attempt) {
        m_port = freePort(error);
        if (m_port == 0)
            return false;
        if (!generateHostKey(error) || !writeConfig(error))
            return false;
        if (startSshd(error))
            return true;
        if (attempt == 5 || !readAll(logPath()).contains("Address already in use"))
            return false;
    }
}

SshTestServer::~SshTestServer()
{
    stop();
    if (!m_namespace.isEmpty())
        removeNamespace(m_namespace, m_hostSideLink);
    if (m_createdUser)
        removeUser(m_user);
}

QString SshTestServer::file(const QString& name) const
{
    return m_dir->filePath(name);
}
QString SshTestServer::clientKeyPath() const
{
    return file(QStringLiteral("client_ed25519"));
}
bool SshTestServer::authorizeKey(const QString& publicKeyPath, QString* error)
{
    const QByteArray key = readAll(publicKeyPath).trimmed();
    if (key.isEmpty()) {
        *error = QStringLiteral("no public key in %1").arg(publicKeyPath);
        return false;
    }
    QFile keys(file(QStringLiteral("authorized_keys")));
    if (!keys.open(QIODevice::Append) || keys.write("\n" + key + "\n") < 0) {
        *error = QStringLiteral("could not write %1: %2").arg(keys.fileName(), keys.errorString());
        return false;
    }
    return true;
}

QString SshTestServer::logPath() const
{
    return file(QStringLiteral("sshd.log"));
}

qint64 SshTestServer::listenerPid() const
{
    return m_sshd && m_sshd->state() != QProcess::NotRunning ? m_sshd->processId() : 0;
}

bool SshTestServer::createPasswordUser(QString* error)
{
    m_user = uniqueName();
    m_password = randomPassword();
    if (::getpwnam(m_user.toLocal8Bit().constData()))
        removeUser(m_user); // a leftover of an earlier process with the same pid
    if (!runTool(findTool(QStringLiteral("useradd")),
                 {QStringLiteral("-m"), QStringLiteral("-s"), QStringLiteral("/bin/bash"),
                  QStringLiteral("-c"), QStringLiteral("Trainyard SSH test user"), m_user},
                 error))
        return false;
    m_createdUser = true;
    // chpasswd reads the pair from stdin: the password never appears on a command line.
    if (!runTool(findTool(QStringLiteral("chpasswd")), {}, error, nullptr,
                 (m_user + QLatin1Char(':') + m_password + QLatin1Char('\n')).toLocal8Bit()))
        return false;
    const passwd* entry = ::getpwnam(m_user.toLocal8Bit().constData());
    if (!entry) {
        *error = QStringLiteral("user %1 was created but cannot be looked up").arg(m_user);
        return false;
    }
    m_workRoot = QString::fromLocal8Bit(entry->pw_dir) + QStringLiteral("/work");
    const QByteArray workRoot = QFile::encodeName(m_workRoot);
    if (::mkdir(workRoot.constData(), 0700) != 0 ||
        ::chown(workRoot.constData(), entry->pw_uid, entry->pw_gid) != 0) {
        *error = QStringLiteral("could not create %1: %2")
                     .arg(m_workRoot, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    return true;
}

bool SshTestServer::createNetworkNamespace(QString* error)
{
    const QString ip = ipTool();
    const QString name = uniqueName();
    if (!runTool(ip, {QStringLiteral("netns"), QStringLiteral("add"), name}, error))
        return false;
    m_namespace = name;

    // Subnets 10.231.128-254.0/24 that no interface of this namespace uses yet (other suites use low ones).
    QByteArray addresses;
    if (!runTool(ip,
                 {QStringLiteral("-o"), QStringLiteral("-4"), QStringLiteral("addr"), QStringLiteral("show")},
                 error, &addresses))
        return false;
    QSet<int> usedSubnets;
    static const QRegularExpression inet(QStringLiteral("inet 10\\.231\\.(\\d+)\\."));
    for (auto it = inet.globalMatch(QString::fromLatin1(addresses)); it.hasNext();)
        usedSubnets.insert(it.next().captured(1).toInt());

    // Creating the link named after the subnet is the claim: interface names are unique in a namespace, so of
    // two processes (even in different chroots) picking the same subnet only one gets the link.
    const int first = int((::getpid() * 7 + serverCounter) % 127);
    for (int i = 0; i < 127 && m_hostSideLink.isEmpty(); ++i) {
        const int subnet = 128 + (first + i) % 127;
        if (usedSubnets.contains(subnet))
            continue;
        const QString link = QStringLiteral("tysshv%1").arg(subnet);
        QString claimError;
        if (!runTool(ip,
                     {QStringLiteral("link"), QStringLiteral("add"), link, QStringLiteral("type"),
                      QStringLiteral("veth"), QStringLiteral("peer"), QStringLiteral("name"),
                      QStringLiteral("eth0"), QStringLiteral("netns"), name},
                     &claimError)) {
            if (claimError.contains(QLatin1String("File exists")))
                continue;
            *error = claimError;
            return false;
        }
        m_hostSideLink = link;
        m_host = QStringLiteral("10.231.%1.2").arg(subnet);
        const QString hostSide = QStringLiteral("10.231.%1.1/24").arg(subnet);
        const QString serverSide = QStringLiteral("10.231.%1.2/24").arg(subnet);
        if (!runTool(ip,
                     {QStringLiteral("addr"), QStringLiteral("add"), hostSide, QStringLiteral("dev"), link},
                     error) ||
            !runTool(ip, {QStringLiteral("link"), QStringLiteral("set"), link, QStringLiteral("up")}, error))
            return false;
        // Inside through nsenter, not `ip -n`: that also remounts / in a mount namespace of its own, which
        // fails in a chroot ("mount --make-rslave /" failed: Invalid argument).
        const QString insideNamespace = QStringLiteral("--net=/run/netns/") + name;
        const QList<QStringList> steps = {
            {QStringLiteral("addr"), QStringLiteral("add"), serverSide, QStringLiteral("dev"),
             QStringLiteral("eth0")},
            {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("eth0"), QStringLiteral("up")},
            {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")},
        };
        for (const QStringList& step : steps)
            if (!runTool(kNsenter, QStringList{insideNamespace, ip} + step, error))
                return false;
    }
    if (m_hostSideLink.isEmpty()) {
        *error = QStringLiteral("no free subnet in 10.231.128.0/17 for a test namespace");
        return false;
    }
    return true;
}

std::unique_ptr<SshTestNetwork> SshTestNetwork::create(QString* error)
{
    const QString ip = ipTool();
    if (::geteuid() != 0 || ip.isEmpty()) {
        *error = QStringLiteral("a test network needs root and ip(8) (iproute2)");
        return nullptr;
    }
    removeStaleLeftovers();
    std::unique_ptr<SshTestNetwork> network(new SshTestNetwork);
    // The same claim as a server's own subnet: the link tysshvN, here a bridge.
    const int first = int((::getpid() * 11 + serverCounter) % 127);
    for (int i = 0; i < 127 && network->m_bridge.isEmpty(); ++i) {
        const int subnet = 128 + (first + i) % 127;
        const QString link = QStringLiteral("tysshv%1").arg(subnet);
        QString claimError;
        if (!runTool(ip, {QStringLiteral("link"), QStringLiteral("add"), link, QStringLiteral("type"), QStringLiteral("bridge")},
                     &claimError)) {
            if (claimError.contains(QLatin1String("File exists")))
                continue;
            *error = claimError;
            return nullptr;
        }
        network->m_bridge = link;
        network->m_subnet = subnet;
    }
    if (network->m_bridge.isEmpty()) {
        *error = QStringLiteral("no free subnet in 10.231.128.0/17 for a test network");
        return nullptr;
    }
    const QString address = QStringLiteral("10.231.%1.1/24").arg(network->m_subnet);
    if (!runTool(ip, {QStringLiteral("link"), QStringLiteral("set"), network->m_bridge, QStringLiteral("alias"), uniqueName()},
                 error) ||
        !runTool(ip, {QStringLiteral("addr"), QStringLiteral("add"), address, QStringLiteral("dev"), network->m_bridge}, error) ||
        !runTool(ip, {QStringLiteral("link"), QStringLiteral("set"), network->m_bridge, QStringLiteral("up")}, error))
        return nullptr;
    return network;
}

SshTestNetwork::~SshTestNetwork()
{
    if (!m_bridge.isEmpty())
        runTool(ipTool(), {QStringLiteral("link"), QStringLiteral("del"), m_bridge}, nullptr);
}

bool SshTestServer::joinNetwork(SshTestNetwork& network, QString* error)
{
    const QString ip = ipTool();
    const QString name = uniqueName();
    if (!runTool(ip, {QStringLiteral("netns"), QStringLiteral("add"), name}, error))
        return false;
    m_namespace = name;
    const int member = ++network.m_members;
    if (member > 250) {
        *error = QStringLiteral("the test network %1 is full").arg(network.subnet());
        return false;
    }
    const QString link = QStringLiteral("%1p%2").arg(network.m_bridge).arg(member);
    if (!runTool(ip, {QStringLiteral("link"), QStringLiteral("add"), link, QStringLiteral("type"), QStringLiteral("veth"),
                      QStringLiteral("peer"), QStringLiteral("name"), QStringLiteral("eth0"), QStringLiteral("netns"), name},
                 error))
        return false;
    m_hostSideLink = link;
    m_host = QStringLiteral("10.231.%1.%2").arg(network.m_subnet).arg(member + 1);
    if (!runTool(ip, {QStringLiteral("link"), QStringLiteral("set"), link, QStringLiteral("master"), network.m_bridge}, error) ||
        !runTool(ip, {QStringLiteral("link"), QStringLiteral("set"), link, QStringLiteral("up")}, error))
        return false;
    const QString insideNamespace = QStringLiteral("--net=/run/netns/") + name;
    const QList<QStringList> steps = {
        {QStringLiteral("addr"), QStringLiteral("add"), m_host + QStringLiteral("/24"), QStringLiteral("dev"),
         QStringLiteral("eth0")},
        {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("eth0"), QStringLiteral("up")},
        {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")},
    };
    for (const QStringList& step : steps)
        if (!runTool(kNsenter, QStringList{insideNamespace, ip} + step, error))
            return false;
    return true;
}

bool SshTestServer::generateHostKey(QString* error)
{
    const QString key = file(QStringLiteral("host_ed25519"));
    QFile::remove(key);
    QFile::remove(key + QStringLiteral(".pub"));
    if (!runTool(kSshKeygen,
                 {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                  QString(), QStringLiteral("-C"), QStringLiteral("trainyard-test-host"),
                  QStringLiteral("-f"), key},
                 error))
        return false;
    QByteArray listing;
    if (!runTool(kSshKeygen, {QStringLiteral("-l"), QStringLiteral("-f"), key + QStringLiteral(".pub")},
                 error, &listing))
        return false;
    // "256 SHA256:... comment (ED25519)"
    m_hostKeyFingerprint = QString::fromLatin1(listing).section(QLatin1Char(' '), 1, 1);
    const QStringList publicKey =
        QString::fromLatin1(readAll(key + QStringLiteral(".pub"))).split(QLatin1Char(' '));
    if (!m_hostKeyFingerprint.startsWith(QLatin1String("SHA256:")) || publicKey.size() < 2) {
        *error = QStringLiteral("unexpected output of ssh-keygen for %1: %2")
                     .arg(key, QString::fromLatin1(listing));
        return false;
    }
    m_knownHostsLine = QStringLiteral("[%1]:%2 %3 %4")
                           .arg(m_host)
                           .arg(m_port)
                           .arg(publicKey.at(0), publicKey.at(1).trimmed());
    return true;
}

bool SshTestServer::writeConfig(QString* error)
{
    QStringList lines = {
        QStringLiteral("Port %1").arg(m_port),
        QStringLiteral("ListenAddress %1").arg(m_host),
        QStringLiteral("HostKey %1").arg(file(QStringLiteral("host_ed25519"))),
        QStringLiteral("PidFile %1").arg(file(QStringLiteral("sshd.pid"))),
        QStringLiteral("AuthorizedKeysFile %1").arg(file(QStringLiteral("authorized_keys"))),
        QStringLiteral("AllowUsers %1").arg(m_user),
        QStringLiteral("UsePAM no"),
        QStringLiteral("StrictModes no"),
        QStringLiteral("PubkeyAuthentication yes"),
        QStringLiteral("PasswordAuthentication %1")
            .arg(m_passwordLogin ? QStringLiteral("yes") : QStringLiteral("no")),
        QStringLiteral("KbdInteractiveAuthentication no"),
        QStringLiteral("PermitRootLogin prohibit-password"),
        QStringLiteral("Subsystem sftp internal-sftp"),
        // Many multiplexed sessions over one master, and many connections opened at once by parallel tests.
        QStringLiteral("MaxSessions 64"),
        QStringLiteral("MaxStartups 100:30:200"),
        QStringLiteral("UseDNS no"),
        QStringLiteral("PrintMotd no"),
        QStringLiteral("PrintLastLog no"),
        QStringLiteral("X11Forwarding no"),
        QStringLiteral("LogLevel VERBOSE"),
    };
    return writePrivateFile(file(QStringLiteral("sshd_config")),
                            (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toLocal8Bit(),
                            QFile::ReadOwner | QFile::WriteOwner, error);
}

bool SshTestServer::startSshd(QString* error)
{
    QFile::remove(logPath());
    m_sshd = std::make_unique<QProcess>();
    const QStringList sshdArgs = {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                                  file(QStringLiteral("sshd_config"))};
    if (m_namespace.isEmpty()) {
        m_sshd->setProgram(kSshd);
        m_sshd->setArguments(sshdArgs);
    } else {
        // nsenter joins only the network namespace and execs sshd (same pid); `ip netns exec` would also give
        // it a mount namespace of its own, where a tmpfs mounted later by the test would not appear (and
        // fails in a chroot).
        m_sshd->setProgram(kNsenter);
        m_sshd->setArguments(QStringList{QStringLiteral("--net=/run/netns/") + m_namespace, kSshd} +
                             sshdArgs);
    }
    // A file, not a pipe: nobody drains a pipe while a test waits on something else, and a full one would
    // block sshd.
    m_sshd->setStandardInputFile(QProcess::nullDevice());
    m_sshd->setStandardOutputFile(logPath(), QIODevice::Append);
    m_sshd->setStandardErrorFile(logPath(), QIODevice::Append);
    const QByteArray hostName = m_hostName.toLocal8Bit();
    const QByteArray hiddenFolder = QFile::encodeName(m_hiddenFolder);
    m_sshd->setChildProcessModifier([hostName, hiddenFolder] {
        // Its own process group (signals to the test's group do not reach it), and it ends with the test
        // process even when that is SIGKILLed.
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (!hostName.isEmpty() &&
            (::unshare(CLONE_NEWUTS) != 0 || ::sethostname(hostName.constData(), size_t(hostName.size())) != 0))
            ::_exit(125);
        // The tmpfs must never show on this machine: without a private propagation of / the server fails.
        if (!hiddenFolder.isEmpty() &&
            (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
             ::mount("tmpfs", hiddenFolder.constData(), "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") != 0))
            ::_exit(124);
    });
    m_sshd->start();
    if (!m_sshd->waitForStarted(kStartTimeoutMs)) {
        *error = QStringLiteral("could not start sshd: %1").arg(m_sshd->errorString());
        m_sshd.reset();
        return false;
    }
    QDeadlineTimer deadline(kStartTimeoutMs);
    while (!answersWithSshBanner(m_host, m_port)) {
        // waitForFinished doubles as the pause between two connection attempts.
        if (m_sshd->state() == QProcess::NotRunning || m_sshd->waitForFinished(20)) {
            *error = QStringLiteral("sshd exited (code %1) before listening on %2:%3: %4")
                         .arg(m_sshd->exitCode())
                         .arg(m_host)
                         .arg(m_port)
                         .arg(QString::fromLocal8Bit(readAll(logPath())).trimmed());
            m_sshd.reset();
            return false;
        }
        if (deadline.hasExpired()) {
            *error = QStringLiteral("sshd did not answer on %1:%2 within %3 s: %4")
                         .arg(m_host)
                         .arg(m_port)
                         .arg(kStartTimeoutMs / 1000)
                         .arg(QString::fromLocal8Bit(readAll(logPath())).trimmed());
            stop();
            return false;
        }
    }
    return true;
}

void SshTestServer::killConnections()
{
    if (const qint64 listener = listenerPid())
        killSshdChildren(listener);
}

bool SshTestServer::stop()
{
    if (!m_sshd)
        return true;
    if (const qint64 listener = listenerPid()) {
        // Stopped first, so it accepts nothing while its connections are killed.
        ::kill(pid_t(listener), SIGSTOP);
        killSshdChildren(listener);
        m_sshd->kill();
    }
    const bool ended = m_sshd->state() == QProcess::NotRunning || m_sshd->waitForFinished(10000);
    m_sshd.reset();
    return ended;
}

bool SshTestServer::restart(QString* error)
{
    QString localError;
    QString* message = error ? error : &localError;
    if (!stop()) {
        *message = QStringLiteral("the old sshd did not end");
        return false;
    }
    return startSshd(message);
}

bool SshTestServer::replaceHostKey(QString* error)
{
    QString localError;
    QString* message = error ? error : &localError;
    if (!stop()) {
        *message = QStringLiteral("the old sshd did not end");
        return false;
    }
    return generateHostKey(message) && startSshd(message);
}

std::unique_ptr<TmpfsMount> TmpfsMount::mount(qint64 bytes, const QString& owner, QString* error)
{
    QString localError;
    QString* message = error ? error : &localError;
    removeStaleLeftovers();
    const passwd* entry = ::getpwnam(owner.toLocal8Bit().constData());
    if (!entry) {
        *message = QStringLiteral("no such user: %1").arg(owner);
        return nullptr;
    }
    const uid_t uid = entry->pw_uid;
    const gid_t gid = entry->pw_gid;
    std::unique_ptr<TmpfsMount> disk(new TmpfsMount);
    disk->m_parent = std::make_unique<QTemporaryDir>(tmpfsParentTemplate());
    if (!disk->m_parent->isValid()) {
        *message =
            QStringLiteral("could not create a temporary folder: %1").arg(disk->m_parent->errorString());
        return nullptr;
    }
    // The owner must be able to walk into the mount point's parent.
    ::chmod(QFile::encodeName(disk->m_parent->path()).constData(), 0755);
    const QString path = disk->m_parent->filePath(QStringLiteral("disk"));
    const QByteArray target = QFile::encodeName(path);
    const QByteArray options =
        QStringLiteral("size=%1,mode=0700,uid=%2,gid=%3").arg(bytes).arg(uid).arg(gid).toLatin1();
    if (::mkdir(target.constData(), 0700) != 0 ||
        ::mount("tmpfs", target.constData(), "tmpfs", MS_NOSUID | MS_NODEV, options.constData()) != 0) {
        *message = QStringLiteral("could not mount a tmpfs at %1: %2")
                       .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return nullptr;
    }
    disk->m_path = path;
    return disk;
}

TmpfsMount::~TmpfsMount()
{
    if (m_path.isEmpty())
        return;
    const QByteArray target = QFile::encodeName(m_path);
    // Lazily when still busy (a process has a file open there); either way nothing below is the host's.
    if (::umount2(target.constData(), 0) != 0)
        ::umount2(target.constData(), MNT_DETACH);
}
