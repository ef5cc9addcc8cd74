// A real two-node Slurm 22.05 for the tests of the Slurm target and of distributed runs, started through
// scripts/slurm-cluster.sh: munged, slurmctld in this network namespace, slurmd "n1" and "n2" each in a
// network namespace of its own on a bridge (two addresses, so a 2-node job is a real multi-node job), with
// a private /tmp and a host name of its own; with accounting also MariaDB on loopback and slurmdbd. Needs
// root and the packages of scripts/setup.sh --tests; start() fails with the script's output and the
// daemons' logs when the cluster cannot come up, so a test that needs one fails rather than skips.
//
// Several test processes may run clusters at the same time (ctest -j2, and test runs in different chroots
// of one machine): each cluster has its own state folder (under /var/tmp, per fixture), its own slot (a
// bridge, subnet 10.231.S.0/24, namespaces, veths and TCP ports the script derives from S and claims
// atomically), and its own munged; nothing is serialized and nothing global (/etc/hosts) is changed. A
// cluster whose test process died is stopped by the next start on this machine.
//
// The nodes do not see this machine's /tmp: put workspaces, run folders and job files under sharedDir()
// (or another folder outside /tmp), which the nodes and this process see at the same path.
#pragma once

#include "TestSupport.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

struct SlurmClusterOptions {
    // slurmdbd with MariaDB, so sacct lists jobs; without it sacct says "accounting storage is disabled".
    bool accounting = false;
    // Slurm's MinJobAge: how long a finished job stays in squeue and scontrol (Slurm's default is 300 s).
    int minJobAgeSeconds = 300;
};

class SlurmCluster
{
public:
    // Starts the cluster and waits until both nodes are idle. Null with *error set (the script's output with
    // the logs' last lines) when it cannot.
    static std::unique_ptr<SlurmCluster> start(const SlurmClusterOptions& options, QString* error);
    static std::unique_ptr<SlurmCluster> start(bool accounting, QString* error);
    // Stops the cluster (jobs included) and removes its folders.
    ~SlurmCluster();

    SlurmCluster(const SlurmCluster&) = delete;
    SlurmCluster& operator=(const SlurmCluster&) = delete;

    // Every process of the cluster ended, its namespaces and links removed. False with *error when the
    // script failed; the folders stay until the object goes.
    bool stop(QString* error = nullptr);

    // What SLURM_CONF must be for the client commands (sbatch, squeue, scontrol, sacct, sinfo, srun).
    QString slurmConf() const { return m_slurmConf; }
    // The compute nodes' names: {"n1", "n2"}.
    QStringList nodes() const { return m_nodes; }
    // Their addresses, in the order of nodes().
    QStringList nodeAddresses() const { return m_nodeAddresses; }
    // The only partition, the default one: "debug".
    QString partition() const { return m_partition; }
    // ClusterName in slurm.conf (tyS).
    QString clusterName() const { return m_clusterName; }
    bool accounting() const { return m_accounting; }
    // The slot S the script claimed: the cluster's subnet is 10.231.S.0/24.
    int slot() const { return m_slot; }
    // slurm.conf, the daemons' state and logs.
    QString stateDir() const;
    // A folder that every node and this process see at the same path (outside /tmp).
    QString sharedDir() const;
    // This process's environment with SLURM_CONF set, for the client commands and trainyard-cli.
    QProcessEnvironment environment() const;
    // Runs a Slurm client command (no shell) with environment(), in sharedDir(), and waits for it.
    TestSupport::CliResult run(const QString& program, const QStringList& args, int timeoutMs = 60000) const;
    // A job's state as `scontrol show job` says it ("RUNNING", "PENDING", ...); empty when the controller does
    // not know the job (any more).
    QString jobState(const QString& jobId) const;
    // Takes every CPU of both nodes with a job of its own, so that what is submitted next waits in the queue;
    // its job id once it runs, empty when it did not within 30 s.
    QString occupyAllNodes() const;
    // The last lines of every daemon log, for a failing test to print.
    QString logTails() const;

    // The script this fixture runs.
    static QString scriptPath();

private:
    SlurmCluster() = default;
    bool setUp(const SlurmClusterOptions& options, QString* error);
    bool readClusterEnv(QString* error);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_slurmConf;
    QStringList m_nodes;
    QStringList m_nodeAddresses;
    QString m_partition;
    QString m_clusterName;
    bool m_accounting = false;
    int m_slot = 0;
    bool m_running = false;
};
