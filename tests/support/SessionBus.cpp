#include "SessionBus.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>

namespace {

// Everything allowed, and no service directories: a name is on this bus only when a test put it there.
const char busConfiguration[] =
    R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";

// The daemon dies with the test, even when the test crashes.
void dieWithParent()
{
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
}

} // namespace

SessionBus::SessionBus()
{
    m_hadAddress = qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS");
    m_previousAddress = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder for the bus: %1").arg(m_dir.errorString());
        return;
    }
    const QString program = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    if (program.isEmpty()) {
        m_error = QStringLiteral(
            "dbus-daemon is not installed (scripts/setup.sh installs it): the test needs a real session bus");
        return;
    }
    const QString config = m_dir.filePath(QStringLiteral("bus.conf"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QString::fromLatin1(busConfiguration).arg(m_dir.path()).toUtf8()) < 0) {
        m_error = QStringLiteral("cannot write %1: %2").arg(config, file.errorString());
        return;
    }
    file.close();
    m_daemon = std::make_unique<QProcess>();
    m_daemon->setChildProcessModifier(&dieWithParent);
    m_daemon->start(program, {QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"),
                              QStringLiteral("--print-address=1")});
    if (!m_daemon->waitForStarted(10000)) {
        m_error = QStringLiteral("dbus-daemon did not start: %1").arg(m_daemon->errorString());
        return;
    }
    QDeadlineTimer deadline(10000);
    while (!m_daemon->canReadLine() && m_daemon->state() == QProcess::Running && !deadline.hasExpired())
        m_daemon->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    m_address = QString::fromUtf8(m_daemon->readLine()).trimmed();
    if (m_address.isEmpty()) {
        m_error = QStringLiteral("dbus-daemon printed no address: %1")
                      .arg(QString::fromLocal8Bit(m_daemon->readAllStandardError()));
        return;
    }
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toUtf8());
}

SessionBus::~SessionBus()
{
    if (m_daemon && m_daemon->state() != QProcess::NotRunning) {
        m_daemon->terminate();
        if (!m_daemon->waitForFinished(5000)) {
            m_daemon->kill();
            m_daemon->waitForFinished(5000);
        }
    }
    if (m_hadAddress)
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_previousAddress);
    else
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
}
