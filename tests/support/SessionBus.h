// A private D-Bus session bus for a test: dbus-daemon with a configuration of its own (nothing on it is
// started on demand, so a name is on it only when the test put it there), its socket in a temporary folder.
// While it lives, this process's DBUS_SESSION_BUS_ADDRESS names it, so QDBusConnection::sessionBus() (when
// first used after this) and every child started with the system environment use it; the destructor stops
// the daemon and puts the variable back. dbus-daemon missing or not coming up is a failure (ready() false,
// error() says why), never a reason to skip. (KeyringSession runs its own bus with a keyring on it.)
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class SessionBus
{
public:
    SessionBus();
    ~SessionBus();
    SessionBus(const SessionBus&) = delete;
    SessionBus& operator=(const SessionBus&) = delete;

    bool ready() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString address() const { return m_address; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_daemon;
    QString m_address;
    QString m_error;
    bool m_hadAddress = false;
    QByteArray m_previousAddress;
};
