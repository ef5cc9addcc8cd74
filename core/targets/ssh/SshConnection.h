// The way to one SSH target: the system's OpenSSH client with one multiplexed master connection per target
// (ControlMaster in a private socket folder), so a command costs a round trip, not a handshake. Host keys
// are always verified against the workspace's known_hosts file and the user's own; passwords and key
// passphrases reach ssh only through trainyard-askpass, which reads them from the system keychain. Every
// remote command is one string for the remote shell, built with RemoteShell from argument lists.
#pragma once

#include "targets/TargetConfig.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>

class QProcess;

struct SshEndpoint
{
    QString host; // a name, an address or an alias of ~/.ssh/config (whose ProxyJump, User, Port apply)
    int port = 0; // 0: whatever ssh's configuration says
    QString user;
    QString identityFile;
    QString workDir = QStringLiteral("~/.trainyard");
    QString python = QStringLiteral("python3");

    static SshEndpoint fromConfig(const TargetConfig& target);
    // "user@host:port", as much of it as is set.
    QString display() const;
};

enum class SshFailure {
    None,
    Unreachable,          // no route, refused, name not known, timed out while connecting
    AuthenticationFailed, // the server refused every credential offered
    HostKeyUnknown,       // not in any known_hosts file: `targets trust` first
    HostKeyChanged,       // differs from the trusted one: refused
    Timeout,              // a command did not finish in time
    RemoteError           // the connection worked; the remote command failed
};

struct SshResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    SshFailure failure = SshFailure::None;
    QString error; // what went wrong, for the user; empty on success
    bool ok() const { return exitCode == 0 && failure == SshFailure::None; }
};

class SshConnection
{
public:
    SshConnection(const TargetConfig& target, const QString& workspaceRoot);
    ~SshConnection();

    const SshEndpoint& endpoint() const { return m_endpoint; }
    const TargetConfig& target() const { return m_target; }
    QString workspaceRoot() const { return m_workspaceRoot; }
    // The workspace's own known_hosts file, where `targets trust` writes.
    static QString knownHostsPath(const QString& workspaceRoot);
    QString controlPath() const { return m_controlPath; }

    // Makes sure the master connection is up (at most one per target, whoever asks), authenticating once.
    bool ensureMaster(QString* error, SshFailure* failure = nullptr);
    bool masterAlive() const;
    void closeMaster();

    // Runs one remote command line (see RemoteShell) through the master, with input on its stdin.
    SshResult run(const QString& remoteCommand, const QByteArray& input = {}, int timeoutMs = 120000);
    // Starts a remote command whose output is read as it comes (live streams, downloads); the caller owns it.
    std::unique_ptr<QProcess> spawn(const QString& remoteCommand) const;
    // Sets a process up to run a remote command through the master (program, arguments, environment), for a
    // caller that wires its channels itself (a download into a file, a detached cleanup).
    void setUp(QProcess& process, const QString& remoteCommand) const;
    // Where the agent's source lies in a workspace's runtime files.
    static QString agentSource(const QString& runtimeDir);

    // The installed remote agent (resources/remote/trainyard_remote.py), as a remote command line.
    QString agentCommand(const QStringList& arguments) const;
    // Puts the agent of this Trainyard version into <workdir>/bin once; checks the remote Python on the way.
    bool installAgent(const QString& agentSource, QString* error, SshFailure* failure = nullptr);
    // The working folder as an absolute path on the remote, once installAgent succeeded.
    QString remoteWorkDir() const { return m_remoteWorkDir; }

    // What ssh's stderr says went wrong.
    static SshFailure classify(const QByteArray& stderrText);
    QString describe(SshFailure failure, const QByteArray& stderrText) const;

    // ssh's options (verification, multiplexing, keep-alive) followed by the destination.
    QStringList arguments(const QStringList& extraOptions = {}) const;
    QProcessEnvironment environment() const;
    // With no keychain to ask, a program on a terminal (`targets test`) lets ssh ask there instead; the
    // master connection it makes then serves the target's runs while it persists.
    void setAskOnTerminal(bool ask) { m_askOnTerminal = ask; }

private:
    SshResult finishProcess(QProcess& process, int timeoutMs) const;

    TargetConfig m_target;
    SshEndpoint m_endpoint;
    QString m_workspaceRoot;
    QString m_controlPath;
    QString m_agentPath; // remote, set by installAgent
    QString m_remoteWorkDir;
    bool m_agentInstalled = false;
    bool m_askOnTerminal = false;
};
