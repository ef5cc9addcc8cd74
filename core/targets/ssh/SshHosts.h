// The hosts of one SSH target. A target reaches one host (its `host` setting), and for runs that span several
// machines (distributed_training over node_count nodes) it may list more in `extra_hosts`, each "HOST" or
// "HOST:PORT". Node 0 is the main host: the job starts there and the run folder is built there. Node i is
// extra_hosts[i-1]; the hosts share the working folder (as the machines of an MPI cluster share their home
// folders), and the main host reaches the others by the listed name with its own ssh configuration (how
// mpirun starts ranks there). Trainyard itself reaches every host with the target's own credentials (user,
// key or keychain password, known_hosts), the port of the entry replacing the target's port.
#pragma once

#include "targets/TargetConfig.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVector>

struct SshHostEntry
{
    QString host;
    int port = 0; // 0: the target's port
};

class SshHosts
{
public:
    // validate() of the extra_hosts setting: a list of "HOST" or "HOST:PORT" entries.
    static QString extraHostsProblem(const QJsonValue& value);
    // "HOST" or "HOST:PORT"; nullopt-like empty host when the entry is not one.
    static SshHostEntry parse(const QString& entry);
    // The names of every host, node 0 first: the target's host, then its extra_hosts.
    static QStringList names(const TargetConfig& target);
    // The configuration by which Trainyard reaches each host, node 0 first (the target itself for node 0; a
    // copy with the entry's host and port for the others, keeping the name, so the same keychain entries and
    // known_hosts serve them).
    static QVector<TargetConfig> configs(const TargetConfig& target);
};
