// A real secret service for the keychain tests, no stand-in: a private D-Bus session bus (SessionBus:
// dbus-daemon with a configuration of its own, so that nothing on it is started on demand) and
// gnome-keyring-daemon on it with its login collection unlocked, its files in a temporary home. While it
// lives, this process's DBUS_SESSION_BUS_ADDRESS names that bus, so QtKeychain here and every child started
// with the system environment use it; the destructor stops both daemons and puts the variable back.
//
// Missing programs or a daemon that does not come up are a failure (ready() false, error() says why), never a
// reason to skip: the tests exist to prove the keychain path works.
//
// libsecret keeps its connection to the bus for the life of the process, so one process should start one
// session, and a keychain unreachable from this process is shown with the keyring stopped (stopKeyring) or in
// a child (withoutKeychain), not by changing this process's environment after the first keychain call.
#pragma once

#include "SessionBus.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class KeyringSession
{
public:
    explicit KeyringSession(const QByteArray& unlockPassword = "trainyard-test-keyring");
    ~KeyringSession();
    KeyringSession(const KeyringSession&) = delete;
    KeyringSession& operator=(const KeyringSession&) = delete;

    bool ready() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString busAddress() const { return m_busAddress; }
    // The keyring daemon's files (keyrings/login.keyring): to show what is written there is encrypted.
    QString keyringHome() const;

    // The secret service leaves the bus (the bus stays): every keychain call fails with "Unavailable".
    bool stopKeyring();
    // Locks the login collection, as a screen lock or a timeout does; unlocking it needs a prompt, which
    // nothing here can show, so it stays locked.
    bool lockCollection();
    // Starts gnome-keyring-daemon again on the same files and unlocks it.
    bool startKeyring();

    // `base` as a program without any keychain sees it: no session bus and no X display to start one with.
    static QProcessEnvironment
    withoutKeychain(QProcessEnvironment base = QProcessEnvironment::systemEnvironment());

private:
    bool startBus();
    bool waitForSecretService(int timeoutMs);
    void stopProcess(std::unique_ptr<QProcess>& process);

    QByteArray m_unlockPassword;
    QTemporaryDir m_dir;
    std::unique_ptr<SessionBus> m_bus;
    std::unique_ptr<QProcess> m_keyring;
    QString m_busAddress;
    QString m_error;
};
