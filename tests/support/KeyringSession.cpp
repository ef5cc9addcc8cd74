#include "KeyringSession.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QThread>

#include <csignal>
#include <optional>
#include <sys/prctl.h>

namespace {

// A daemon of a test dies with the test, even when the test crashes.
void dieWithParent()
{
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
}

QString requireProgram(const QString& name, QString* error)
{
    const QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty() && error->isEmpty())
        *error =
            QStringLiteral("%1 is not installed (scripts/setup.sh installs gnome-keyring and dbus-x11): the "
                           "keychain tests need a real secret service")
                .arg(name);
    return path;
}

// Whether a program owns org.freedesktop.secrets on the bus; nullopt when the bus did not answer.
std::optional<bool> secretServiceOnBus(const QString& busAddress)
{
    QProcess query;
    query.start(QStringLiteral("dbus-send"),
                {QStringLiteral("--bus=") + busAddress, QStringLiteral("--print-reply"),
                 QStringLiteral("--dest=org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                 QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
                 QStringLiteral("string:org.freedesktop.secrets")});
    if (!query.waitForFinished(5000) || query.exitStatus() != QProcess::NormalExit || query.exitCode() != 0)
        return std::nullopt;
    const QByteArray reply = query.readAllStandardOutput();
    if (reply.contains("boolean true"))
        return true;
    if (reply.contains("boolean false"))
        return false;
    return std::nullopt;
}

} // namespace

KeyringSession::KeyringSession(const QByteArray& unlockPassword) : m_unlockPassword(unlockPassword)
{
    if (!m_dir.isValid()) {
        m_error =
            QStringLiteral("cannot create a temporary folder for the keyring: %1").arg(m_dir.errorString());
        return;
    }
    QDir().mkpath(keyringHome());
    QDir().mkpath(m_dir.filePath(QStringLiteral("runtime")));
    QFile::setPermissions(m_dir.filePath(QStringLiteral("runtime")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (!startBus() || !startKeyring())
        return;
}

KeyringSession::~KeyringSession()
{
    stopProcess(m_keyring);
    m_bus.reset(); // stops the daemon and puts DBUS_SESSION_BUS_ADDRESS back
}

QString KeyringSession::keyringHome() const
{
    return m_dir.filePath(QStringLiteral("home"));
}

bool KeyringSession::startBus()
{
    requireProgram(QStringLiteral("dbus-send"), &m_error);
    if (!m_error.isEmpty())
        return false;
    m_bus = std::make_unique<SessionBus>();
    if (!m_bus->ready()) {
        m_error = m_bus->error();
        return false;
    }
    m_busAddress = m_bus->address();
    return true;
}

bool KeyringSession::startKeyring()
{
    if (!m_bus) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("the session bus is not running");
        return false;
    }
    const QString program = requireProgram(QStringLiteral("gnome-keyring-daemon"), &m_error);
    if (!m_error.isEmpty())
        return false;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), keyringHome());
    env.insert(QStringLiteral("XDG_DATA_HOME"), keyringHome() + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), keyringHome() + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.filePath(QStringLiteral("runtime")));
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_busAddress);
    env.remove(QStringLiteral("DISPLAY"));
    m_keyring = std::make_unique<QProcess>();
    m_keyring->setChildProcessModifier(&dieWithParent);
    m_keyring->setProcessEnvironment(env);
    // --unlock reads the login collection's password on stdin (and creates the collection with it).
    m_keyring->start(program, {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                               QStringLiteral("--components=secrets")});
    if (!m_keyring->waitForStarted(10000)) {
        m_error = QStringLiteral("gnome-keyring-daemon did not start: %1").arg(m_keyring->errorString());
        return false;
    }
    m_keyring->write(m_unlockPassword);
    // Written only while this process waits on the keyring itself, which the poll below does not.
    m_keyring->waitForBytesWritten(5000);
    m_keyring->closeWriteChannel();
    if (!waitForSecretService(15000)) {
        m_error = QStringLiteral(
                      "gnome-keyring-daemon did not offer org.freedesktop.secrets on the bus within 15 s: %1")
                      .arg(QString::fromLocal8Bit(m_keyring->readAllStandardError()));
        return false;
    }
    return true;
}

bool KeyringSession::stopKeyring()
{
    stopProcess(m_keyring);
    QDeadlineTimer deadline(10000);
    // Gone when the bus says so, not when the process is: a call made in between would still reach it.
    while (!deadline.hasExpired()) {
        if (secretServiceOnBus(m_busAddress) == false)
            return true;
        QThread::msleep(20);
    }
    return false;
}

bool KeyringSession::lockCollection()
{
    QProcess lock;
    lock.start(QStringLiteral("dbus-send"),
               {QStringLiteral("--bus=") + m_busAddress, QStringLiteral("--print-reply"),
                QStringLiteral("--dest=org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                QStringLiteral("array:objpath:/org/freedesktop/secrets/collection/login")});
    if (!lock.waitForFinished(10000) || lock.exitStatus() != QProcess::NormalExit || lock.exitCode() != 0) {
        m_error = QStringLiteral("cannot lock the login collection: %1")
                      .arg(QString::fromLocal8Bit(lock.readAllStandardError()));
        return false;
    }
    return true;
}

bool KeyringSession::waitForSecretService(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && m_keyring->state() == QProcess::Running) {
        if (secretServiceOnBus(m_busAddress) == true)
            return true;
        QThread::msleep(20);
    }
    return false;
}

void KeyringSession::stopProcess(std::unique_ptr<QProcess>& process)
{
    if (!process)
        return;
    if (process->state() != QProcess::NotRunning) {
        process->terminate();
        if (!process->waitForFinished(5000)) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
    process.reset();
}

QProcessEnvironment KeyringSession::withoutKeychain(QProcessEnvironment base)
{
    base.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    base.remove(QStringLiteral("DISPLAY"));
    return base;
}
