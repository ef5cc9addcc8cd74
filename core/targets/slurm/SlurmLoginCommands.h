// The Slurm client programs of a target reached through a login node: each runs there over the connection
// of the SSH target the `login` setting names (its host, port, user, key or keychain password, host-key
// rules; one master connection shared with that target). The command line is quoted word by word for the
// login node's shell, with the target's slurm_conf as a quoted `env SLURM_CONF=...` prefix; this machine's
// SLURM_CONF means nothing there. The run's environment never travels this way (it would be on a command
// line): sbatch of a run goes through the remote agent's `submit`, which reads it from stdin.
#pragma once

#include "targets/slurm/SlurmCommands.h"

#include <memory>

class SshConnection;

class SlurmLoginCommands final : public SlurmCommands
{
public:
    SlurmLoginCommands(const TargetConfig& slurm, const TargetConfig& login, const QString& workspaceRoot);
    ~SlurmLoginCommands() override;

    // argv[0] is found on the login node's PATH. A non-empty environment is refused (see above).
    SlurmCommandResult run(const QStringList& argv, int timeoutMs,
                           const QHash<QString, QString>& environment = {}) const override;
    // The target's own setting only.
    QString slurmConf() const override;
    bool onThisMachine() const override { return false; }
    QString where() const override;

    // The line the login node's shell runs: [env 'SLURM_CONF=...'] 'program' 'arg'...
    static QString commandLine(const QStringList& argv, const QString& slurmConf);

private:
    QString m_slurmConf;
    std::unique_ptr<SshConnection> m_connection;
};
