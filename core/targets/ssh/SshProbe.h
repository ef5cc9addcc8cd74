// `targets test` and the dialog's Test connection: connects to an SSH target (verifying its host key and
// authenticating as a run would) and reports what the machine offers.
#pragma once

#include "targets/TargetConfig.h"
#include "targets/ssh/SshConnection.h"

#include <QJsonObject>
#include <QString>

#include <optional>

struct SshMachineReport
{
    QJsonObject facts; // os, hostname, cpus, memory_bytes, python, free_bytes, workdir, writable, gpus
    qint64 connectMs = 0;
    // Lines for a person: "OS: Debian GNU/Linux 12 …", "CPUs: 16", …
    QStringList lines() const;
};

class SshProbe
{
public:
    // runtimeDir: the workspace's runtime files, where the remote agent comes from.
    // askOnTerminal: see SshConnection::setAskOnTerminal.
    static std::optional<SshMachineReport> run(const TargetConfig& target, const QString& workspaceRoot,
                                               QString* error, SshFailure* failure = nullptr, bool askOnTerminal = false);
};
