// Real OpenSSH servers for the tests of the ssh compute target: an sshd of the test's own on a free port,
// with a throwaway host key, client key and (for password login) a throwaway user, on loopback or in a
// network namespace of its own (a second "host"). Needs root, /usr/sbin/sshd, ssh-keygen and, for namespaces,
// ip(8); start() fails with a message naming what is missing, so a test that needs a server fails rather than
// skips.
#pragma once

#include <QString>
#include <QTemporaryDir>
#include <memory>

class QProcess;
class SshTestNetwork;

struct SshTestServerOptions {
    // A second "host": sshd in a network namespace of its own, joined to this one by a veth pair; the server
    // listens on 10.231.N.2 and this side has 10.231.N.1 (N unique on this machine while the server lives).
    bool inNetworkNamespace = false;
    // Log in as a real non-root user created for this server, with a password; root key login otherwise.
    bool passwordLogin = false;
    // With inNetworkNamespace: the namespace joins this bridge (instead of a veth pair of its own), so the
    // servers on it reach each other, like the hosts of a small cluster. Must outlive the server.
    SshTestNetwork* network = nullptr;
    // sshd (and so every session) in a UTS namespace of its own with this host name: what `uname -n` says there.
    QString hostName;
    // sshd in a mount namespace of its own where an empty tmpfs covers this existing folder: a host that does not
    // share that folder with this machine.
    QString hiddenFolder;
};

// A bridge on this machine for servers in network namespaces to join: this side has 10.231.N.1 and the servers
// get .2, .3, ... in the order they start (N unique on this machine while the network lives, claimed like the
// servers' own subnets). Needs root and ip(8).
class SshTestNetwork
{
public:
    static std::unique_ptr<SshTestNetwork> create(QString* error);
    // Removes the bridge; the servers on it must be gone first.
    ~SshTestNetwork();

    SshTestNetwork(const SshTestNetwork&) = delete;
    SshTestNetwork& operator=(const SshTestNetwork&) = delete;

    // "10.231.N.0/24"
    QString subnet() const { return QStringLiteral("10.231.%1.0/24").arg(m_subnet); }

private:
    friend class SshTestServer;
    SshTestNetwork() = default;
    int m_subnet = 0;
    QString m_bridge;
    int m_members = 0;
};

class SshTestServer
{
public:
    // Starts the server and waits until it answers with its SSH banner. Null with *error set when it cannot.
    static std::unique_ptr<SshTestServer> start(const SshTestServerOptions& options, QString* error);
    // Stops sshd and its connections, removes the namespace, the veth pair, the user and the temporary files.
    ~SshTestServer();

    SshTestServer(const SshTestServer&) = delete;
    SshTestServer& operator=(const SshTestServer&) = delete;

    QString host() const { return m_host; }
    int port() const { return m_port; }
    // "root" for key login, the server's own user (tyssh-PID-N) for password login.
    QString user() const { return m_user; }
    // Random per server; empty for key login.
    QString password() const { return m_password; }
    // Unencrypted ed25519 private key (mode 0600) authorised for user(), for either kind of login.
    QString clientKeyPath() const;
    // Also lets the holder of this public key (an OpenSSH .pub file) log in as user().
    bool authorizeKey(const QString& publicKeyPath, QString* error);
    // "SHA256:..." as `ssh-keygen -lf` prints it for the current host key.
    QString hostKeyFingerprint() const { return m_hostKeyFingerprint; }
    // "[host]:port ssh-ed25519 AAAA..." for a known_hosts file.
    QString knownHostsLine() const { return m_knownHostsLine; }
    // A private folder user() may write, to use as the remote working folder; removed with the server.
    QString workRoot() const { return m_workRoot; }
    // The ip-netns name of the second host (tyssh-PID-N), empty on loopback.
    QString networkNamespace() const { return m_namespace; }
    // sshd's log (-e), for a failing test to print.
    QString logPath() const;
    // The listening sshd's process id, 0 while stopped.
    qint64 listenerPid() const;

    // A new host key, and sshd restarted with it on the same port: what a client sees as a changed host key.
    bool replaceHostKey(QString* error);
    // SIGKILLs every per-connection sshd process and waits until they are gone; the listener stays, so a new
    // connection works. To a client this is a dropped connection; the user's own processes are not touched.
    void killConnections();
    // The host going away: connections killed, listener ended. False when sshd did not end.
    bool stop();
    // The host coming back on the same address and port, with the same keys.
    bool restart(QString* error);

private:
    SshTestServer() = default;
    bool setUp(const SshTestServerOptions& options, QString* error);
    bool writeConfig(QString* error);
    bool startSshd(QString* error);
    bool generateHostKey(QString* error);
    bool createNetworkNamespace(QString* error);
    bool joinNetwork(SshTestNetwork& network, QString* error);
    bool createPasswordUser(QString* error);
    QString file(const QString& name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_sshd;
    QString m_host;
    int m_port = 0;
    QString m_user;
    QString m_password;
    QString m_hostKeyFingerprint;
    QString m_knownHostsLine;
    QString m_workRoot;
    QString m_namespace;    // ip netns name, empty on loopback
    QString m_hostSideLink; // the veth end in this namespace
    bool m_createdUser = false;
    bool m_passwordLogin = false;
    QString m_hostName;     // own UTS namespace when set
    QString m_hiddenFolder; // own mount namespace with a tmpfs there when set
};

// A small tmpfs at a fresh folder owned by `owner`, for "remote disk full"; unmounted and removed with the
// object. Needs root.
class TmpfsMount
{
public:
    static std::unique_ptr<TmpfsMount> mount(qint64 bytes, const QString& owner, QString* error);
    ~TmpfsMount();

    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;

    QString path() const { return m_path; }

private:
    TmpfsMount() = default;
    std::unique_ptr<QTemporaryDir> m_parent;
    QString m_path;
};
