// The one place Trainyard keeps secrets (SSH passwords, key passphrases): the system keychain, through
// QtKeychain, under the service name "Trainyard". There is no other store: when the keychain cannot be used
// every call fails with SecretFailure::Unavailable and a message saying so, and the caller asks the user
// (never a file, the database, the environment or a command line).
//
// Every call blocks until the keychain answered (so never call it on a GUI thread) and may come from any
// thread: the jobs run on one thread of the store's own, each in that thread's event loop, because
// QtKeychain passes all its jobs through one object that must live on a thread whose event loop runs. With a
// QCoreApplication, that thread ends with it, and later calls fail (SecretFailure::Other).
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

enum class SecretFailure {
    None,
    NotFound,    // the keychain works and holds nothing under that key
    Unavailable, // no secret service, the collection locked, no D-Bus session: the keychain cannot be used
    Other,
};

class SecretStore
{
public:
    // The key of one secret of a compute target: targetKeyPrefix(workspaceRoot, target) + what, where what is
    // "password" (the login password) or "passphrase" (of the target's identity file). The workspace root is
    // part of the key, so two workspaces with a target of the same name keep separate secrets.
    static QString targetKey(const QString& workspaceRoot, const QString& target, const QString& what);
    // What the keys of one target start with; trainyard-askpass gets this prefix and appends the word the
    // prompt asks for.
    static QString targetKeyPrefix(const QString& workspaceRoot, const QString& target);
    // The key of the password (or token) of a container registry login, per workspace like a target's.
    static QString registryKey(const QString& workspaceRoot, const QString& registry);
    static QString passwordWord() { return QStringLiteral("password"); }
    static QString passphraseWord() { return QStringLiteral("passphrase"); }

    // The secret under key; nullopt with *error and *failure set when there is none (NotFound) or the
    // keychain failed. A locked collection that cannot be unlocked here (no prompter) also reads as
    // NotFound: libsecret reports its items as absent. The caller wipes the returned bytes when done
    // (wipe()).
    static std::optional<QByteArray> read(const QString& key, QString* error,
                                          SecretFailure* failure = nullptr);
    // Stores (or replaces) the secret under key; arbitrary bytes, newlines and NULs included.
    static bool write(const QString& key, const QByteArray& secret, QString* error,
                      SecretFailure* failure = nullptr);
    // Removes the secret under key; a key that holds nothing is no failure.
    static bool remove(const QString& key, QString* error, SecretFailure* failure = nullptr);

    // Removes both the password and the passphrase of a target (for `targets forget-password` and when a
    // target is removed).
    static bool forgetTarget(const QString& workspaceRoot, const QString& target, QString* error,
                             SecretFailure* failure = nullptr);

    // Overwrites the bytes of a secret this QByteArray alone holds with zeros, then empties it. Bytes it
    // shares with another QByteArray are only released: they cannot be reached without copying them first.
    static void wipe(QByteArray& secret);

    static QString serviceName() { return QStringLiteral("Trainyard"); }
};
