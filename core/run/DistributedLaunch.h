// Turns a job's command into the command that starts every rank of a distributed run, for each way ranks
// are started. Every rank runs under the rank wrapper (resources/job/trainyard-rank.sh), which gives it its
// rank variables, its own log files and its exit record (see DistributedLayout and the wrapper's header):
//   forLocal (mpi)      mpirun -np W --oversubscribe --bind-to none, MCA settings that keep OpenMPI on
//                       loopback, /bin/sh trainyard-rank.sh RECORD_DIR PROGRAM ARG...; every rank on the one
//                       machine the job runs on, node_count "nodes" placed there one after the other.
//   forLocal (pytorch)  PYTHON trainyard_launch.py --nnodes N --nproc-per-node P --local-nodes
//                       --master-addr 127.0.0.1 --master-port 0 -- /bin/sh trainyard-rank.sh RECORD_DIR ...
//                       (one process per rank, a free port, the others stopped when one fails).
//   forSlurm            srun --kill-on-bad-exit=1 --nodes=N --ntasks-per-node=P --ntasks=W [--mpi=PLUGIN]
//                       /bin/sh trainyard-rank.sh RECORD_DIR PROGRAM ARG...; for the batch script of a Slurm
//                       job (inside its allocation). For pytorch no MPI plugin is asked for: each task is one
//                       rank, and the rank wrapper takes MASTER_ADDR from the allocation's first node
//                       (scontrol show hostnames) and MASTER_PORT from the job id when they are not set.
//                       With the plugin "none", mpi runs `mpirun -np W --map-by ppr:P:node --bind-to none`
//                       inside the allocation instead (OpenMPI finds the nodes and starts its daemons there
//                       through srun itself), for clusters whose Slurm has no MPI plugin.
//   forHosts            mpirun -np W --host H0:P,H1:P,... --map-by slot --bind-to none [MCA interface settings]
//                       -x NAME... [extra options] /bin/sh trainyard-rank.sh RECORD_DIR PROGRAM ARG...; run on
//                       the first of several hosts (an SSH target's), which starts the ranks of the others
//                       over ssh. The job's variables reach the other hosts by name (-x), never by value on
//                       a command line. For pytorch the same start, with MASTER_ADDR and MASTER_PORT given.
// The result's argv replaces the job's argv (the job wrapper runs it, its output going to
// system/launcher.log); its environment is added to the job's variables, which every rank inherits.
// No value ever passes through a shell here: the argv is run as it is, the wrapper passes it on as "$@".
#pragma once

#include "run/DistributedLayout.h"

#include <QHash>
#include <QString>
#include <QStringList>

struct DistributedCommand {
    QStringList argv;
    QHash<QString, QString> environment;
};

class DistributedLaunch
{
public:
    // Paths as the job sees them (ComputeTarget::pathOnTarget).
    struct Paths {
        QString rankWrapper; // <runtime>/job/trainyard-rank.sh
        QString launcher;    // <runtime>/job/trainyard_launch.py
        QString recordDir;   // the run's system folder
        QString python;      // runs trainyard_launch.py (standard library only)
        QString mpirun = QStringLiteral("mpirun");
    };

    struct SlurmOptions {
        // srun's --mpi plugin for distributed_training mpi ("pmix", "pmi2"); empty: the cluster's default;
        // "none" (kNoMpiPlugin): mpirun inside the allocation.
        QString mpiPlugin = QStringLiteral("pmix");
        // The job runs as root, which mpirun refuses unless told (OMPI_ALLOW_RUN_AS_ROOT*).
        bool asRoot = false;
    };

    struct HostsOptions {
        QStringList hosts;          // one per node, in node order, as mpirun on the first host names them
        QString network;            // interfaces or CIDR ranges for OpenMPI's TCP traffic; empty: its default
        QStringList mpirunOptions;  // extra mpirun arguments, as the user gave them
        QStringList forwarded;      // names of the variables the ranks on the other hosts must see too
        bool asRoot = false;
        QString masterAddress;      // pytorch: the first host as the others reach it
        int masterPort = 0;         // pytorch: a free port there
    };

    // asRoot: the job runs as root, which OpenMPI refuses unless told (OMPI_ALLOW_RUN_AS_ROOT*).
    static DistributedCommand forLocal(const DistributedLayout& layout, const QStringList& argv,
                                       const Paths& paths, bool asRoot);
    static DistributedCommand forSlurm(const DistributedLayout& layout, const QStringList& argv,
                                       const Paths& paths, const SlurmOptions& options);
    static DistributedCommand forHosts(const DistributedLayout& layout, const QStringList& argv, const Paths& paths,
                                       const HostsOptions& options);
    // With srun --mpi=pmix for mpi.
    static DistributedCommand forSlurm(const DistributedLayout& layout, const QStringList& argv,
                                       const Paths& paths);
    // What the rank wrapper reads: TRAINYARD_DISTRIBUTED, TRAINYARD_NODE_COUNT, TRAINYARD_PROCESSES_PER_NODE,
    // TRAINYARD_METRICS_FROM_ALL_RANKS. Part of every result above.
    static QHash<QString, QString> rankEnvironment(const DistributedLayout& layout);

    static constexpr const char* kNoMpiPlugin = "none";

    static QString rankWrapperPath(const QString& runtimeDir)
    {
        return runtimeDir + QStringLiteral("/job/trainyard-rank.sh");
    }
    static QString launcherPath(const QString& runtimeDir)
    {
        return runtimeDir + QStringLiteral("/job/trainyard_launch.py");
    }

private:
    static QStringList rankCommand(const QStringList& argv, const Paths& paths);
};
