#include "run/DistributedLaunch.h"

QHash<QString, QString> DistributedLaunch::rankEnvironment(const DistributedLayout& layout)
{
    return {{QStringLiteral("TRAINYARD_DISTRIBUTED"), layout.mode},
            {QStringLiteral("TRAINYARD_NODE_COUNT"), QString::number(layout.nodeCount)},
            {QStringLiteral("TRAINYARD_PROCESSES_PER_NODE"), QString::number(layout.processesPerNode)},
            {QStringLiteral("TRAINYARD_METRICS_FROM_ALL_RANKS"),
             layout.metricsFromAllRanks ? QStringLiteral("1") : QStringLiteral("0")}};
}

QStringList DistributedLaunch::rankCommand(const QStringList& argv, const Paths& paths)
{
    // The wrapper is a runtime file without execute permission: sh runs it.
    return QStringList{QStringLiteral("/bin/sh"), paths.rankWrapper, paths.recordDir} + argv;
}

DistributedCommand DistributedLaunch::forLocal(const DistributedLayout& layout, const QStringList& argv,
                                               const Paths& paths, bool asRoot)
{
    DistributedCommand result;
    result.environment = rankEnvironment(layout);
    const QString world = QString::number(layout.worldSize());
    if (layout.mode == QLatin1String("pytorch")) {
        result.argv = QStringList{paths.python,
                                  paths.launcher,
                                  QStringLiteral("--nnodes"),
                                  QString::number(layout.nodeCount),
                                  QStringLiteral("--nproc-per-node"),
                                  QString::number(layout.processesPerNode),
                                  QStringLiteral("--local-nodes"),
                                  QStringLiteral("--master-addr"),
                                  QStringLiteral("127.0.0.1"),
                                  QStringLiteral("--master-port"),
                                  QStringLiteral("0"),
                                  QStringLiteral("--")} +
                      rankCommand(argv, paths);
        return result;
    }
    // More ranks than cores is normal for a small local run; binding would pin them all to a few cores.
    // Loopback only: nothing of a local run should depend on (or wait for) the machine's other interfaces.
    result.argv = QStringList{paths.mpirun,
                              QStringLiteral("-np"),
                              world,
                              QStringLiteral("--oversubscribe"),
                              QStringLiteral("--bind-to"),
                              QStringLiteral("none"),
                              QStringLiteral("--mca"),
                              QStringLiteral("btl"),
                              QStringLiteral("self,vader"),
                              QStringLiteral("--mca"),
                              QStringLiteral("oob_tcp_if_include"),
                              QStringLiteral("lo"),
                              QStringLiteral("--mca"),
                              QStringLiteral("btl_tcp_if_include"),
                              QStringLiteral("lo")} +
                  rankCommand(argv, paths);
    if (asRoot) {
        result.environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("1"));
        result.environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"), QStringLiteral("1"));
    }
    return result;
}

DistributedCommand DistributedLaunch::forSlurm(const DistributedLayout& layout, const QStringList& argv,
                                               const Paths& paths, const SlurmOptions& options)
{
    DistributedCommand result;
    result.environment = rankEnvironment(layout);
    if (layout.mode == QLatin1String("mpi") && options.mpiPlugin == QLatin1String(kNoMpiPlugin)) {
        // mpirun reads the allocation (SLURM_JOB_NODELIST, tasks per node) and starts its daemons on the
        // other nodes with srun; ppr keeps the ranks node after node as the rank wrapper counts them. It
        // stops every rank when one exits non-zero.
        result.argv = QStringList{QStringLiteral("mpirun"),
                                  QStringLiteral("-np"),
                                  QString::number(layout.worldSize()),
                                  QStringLiteral("--map-by"),
                                  QStringLiteral("ppr:%1:node").arg(layout.processesPerNode),
                                  QStringLiteral("--bind-to"),
                                  QStringLiteral("none")} +
                      rankCommand(argv, paths);
        if (options.asRoot) {
            result.environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("1"));
            result.environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"), QStringLiteral("1"));
        }
        return result;
    }
    result.argv = QStringList{QStringLiteral("srun"), QStringLiteral("--kill-on-bad-exit=1"),
                              QStringLiteral("--nodes=%1").arg(layout.nodeCount),
                              QStringLiteral("--ntasks-per-node=%1").arg(layout.processesPerNode),
                              QStringLiteral("--ntasks=%1").arg(layout.worldSize())};
    if (layout.mode == QLatin1String("mpi") && !options.mpiPlugin.isEmpty())
        result.argv << QStringLiteral("--mpi=%1").arg(options.mpiPlugin);
    result.argv << rankCommand(argv, paths);
    return result;
}

DistributedCommand DistributedLaunch::forSlurm(const DistributedLayout& layout, const QStringList& argv,
                                               const Paths& paths)
{
    return forSlurm(layout, argv, paths, SlurmOptions());
}

DistributedCommand DistributedLaunch::forHosts(const DistributedLayout& layout, const QStringList& argv,
                                               const Paths& paths, const HostsOptions& options)
{
    DistributedCommand result;
    result.environment = rankEnvironment(layout);
    if (layout.mode == QLatin1String("pytorch")) {
        result.environment.insert(QStringLiteral("MASTER_ADDR"), options.masterAddress);
        result.environment.insert(QStringLiteral("MASTER_PORT"), QString::number(options.masterPort));
    }
    if (options.asRoot) {
        result.environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("1"));
        result.environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"), QStringLiteral("1"));
    }
    QStringList hostSlots;
    for (int node = 0; node < layout.nodeCount && node < options.hosts.size(); ++node)
        hostSlots << QStringLiteral("%1:%2").arg(options.hosts.at(node)).arg(layout.processesPerNode);
    // By slot: the first host's P ranks, then the next host's, as DistributedLayout places them.
    result.argv = QStringList{paths.mpirun,
                              QStringLiteral("-np"),
                              QString::number(layout.worldSize()),
                              QStringLiteral("--host"),
                              hostSlots.join(QLatin1Char(',')),
                              QStringLiteral("--map-by"),
                              QStringLiteral("slot"),
                              QStringLiteral("--bind-to"),
                              QStringLiteral("none")};
    if (!options.network.isEmpty())
        result.argv << QStringLiteral("--mca") << QStringLiteral("oob_tcp_if_include") << options.network
                    << QStringLiteral("--mca") << QStringLiteral("btl_tcp_if_include") << options.network;
    QStringList names = options.forwarded;
    names << result.environment.keys();
    names.sort();
    names.removeDuplicates();
    for (const QString& name : std::as_const(names))
        result.argv << QStringLiteral("-x") << name;
    result.argv << options.mpirunOptions << rankCommand(argv, paths);
    return result;
}
