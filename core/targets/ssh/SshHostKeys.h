// The host keys of SSH targets. Nothing is trusted by default: scan() connects with a throwaway
// known_hosts file and no credentials, only to learn the keys the host offers; the user decides from the
// fingerprints; trust() writes the accepted keys to the workspace's known_hosts, which every later
// connection checks with StrictHostKeyChecking=yes.
#pragma once

#include <QString>
#include <QVector>

#include <optional>

class SshConnection;

struct SshHostKey
{
    QString host;        // as known_hosts names it: "example.org" or "[10.0.0.5]:2222"
    QString type;        // ssh-ed25519
    QString line;        // the known_hosts line
    QString fingerprint; // SHA256:…
};

class SshHostKeys
{
public:
    // The keys the target's host offers now.
    static std::optional<QVector<SshHostKey>> scan(const SshConnection& connection, QString* error);
    // The keys the workspace's and the user's known_hosts files hold for these hosts.
    static QVector<SshHostKey> trusted(const SshConnection& connection, const QVector<SshHostKey>& offered);
    // Appends the keys to the workspace's known_hosts.
    static bool trust(const QString& workspaceRoot, const QVector<SshHostKey>& keys, QString* error);
    // "host key changed for HOST: trusted SHA256:a, offered SHA256:b; refused …", or empty when no trusted
    // key of a host differs from what it offers now.
    static QString changedKeyMessage(const QVector<SshHostKey>& offered, const QVector<SshHostKey>& trustedKeys);
    // Whether every offered host already has one of its offered keys trusted.
    static bool allTrusted(const QVector<SshHostKey>& offered, const QVector<SshHostKey>& trustedKeys);
};
