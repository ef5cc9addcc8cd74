// Unit tests for DistributedLaunch: the launchers' command lines for each way ranks are started, and the
// variables the rank wrapper reads.
#include <QtTest>

#include "run/DistributedLaunch.h"

class TestDistributedLaunch : public QObject
{
    Q_OBJECT

    static DistributedLaunch::Paths paths()
    {
        DistributedLaunch::Paths p;
        p.rankWrapper = QStringLiteral("/rt/job/trainyard-rank.sh");
        p.launcher = QStringLiteral("/rt/job/trainyard_launch.py");
        p.recordDir = QStringLiteral("/runs/r 1/system");
        p.python = QStringLiteral("/usr/bin/python3");
        return p;
    }
    static DistributedLayout layout(const QString& mode, int nodes, int perNode, bool allRanks = false)
    {
        return {mode, nodes, perNode, allRanks};
    }
    const QStringList argv{QStringLiteral("/usr/bin/python3"), QStringLiteral("train.py"),
                           QStringLiteral("--lr"), QStringLiteral("$(rm -rf ~)")};
    QStringList rankCommand() const
    {
        return QStringList{QStringLiteral("/bin/sh"), QStringLiteral("/rt/job/trainyard-rank.sh"),
                           QStringLiteral("/runs/r 1/system")} +
               argv;
    }

private slots:
    void layoutCountsRanks()
    {
        QCOMPARE(layout(QStringLiteral("mpi"), 2, 3).worldSize(), 6);
        QCOMPARE(layout(QStringLiteral("none"), 2, 3).worldSize(), 1);
        QVERIFY(!layout(QStringLiteral("none"), 1, 1).isDistributed());
        Estimator e;
        e.distributedTraining = QStringLiteral("pytorch");
        e.nodeCount = 2;
        e.processCountPerNode = 4;
        e.metricsFromAllRanks = true;
        const DistributedLayout of = DistributedLayout::of(e);
        QCOMPARE(of.mode, QStringLiteral("pytorch"));
        QCOMPARE(of.worldSize(), 8);
        QVERIFY(of.metricsFromAllRanks);
    }

    void localMpiRunsEveryRankOnLoopback()
    {
        const DistributedCommand c =
            DistributedLaunch::forLocal(layout(QStringLiteral("mpi"), 2, 2), argv, paths(), false);
        QCOMPARE(c.argv,
                 QStringList(
                     {QStringLiteral("mpirun"), QStringLiteral("-np"), QStringLiteral("4"),
                      QStringLiteral("--oversubscribe"), QStringLiteral("--bind-to"), QStringLiteral("none"),
                      QStringLiteral("--mca"), QStringLiteral("btl"), QStringLiteral("self,vader"),
                      QStringLiteral("--mca"), QStringLiteral("oob_tcp_if_include"), QStringLiteral("lo"),
                      QStringLiteral("--mca"), QStringLiteral("btl_tcp_if_include"), QStringLiteral("lo")}) +
                     rankCommand());
        QCOMPARE(c.environment.value(QStringLiteral("TRAINYARD_DISTRIBUTED")), QStringLiteral("mpi"));
        QCOMPARE(c.environment.value(QStringLiteral("TRAINYARD_NODE_COUNT")), QStringLiteral("2"));
        QCOMPARE(c.environment.value(QStringLiteral("TRAINYARD_PROCESSES_PER_NODE")), QStringLiteral("2"));
        QCOMPARE(c.environment.value(QStringLiteral("TRAINYARD_METRICS_FROM_ALL_RANKS")),
                 QStringLiteral("0"));
        QVERIFY(!c.environment.contains(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT")));
    }

    void localMpiAsRootIsAllowedByItsVariables()
    {
        const DistributedCommand c =
            DistributedLaunch::forLocal(layout(QStringLiteral("mpi"), 1, 2, true), argv, paths(), true);
        QCOMPARE(c.environment.value(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT")), QStringLiteral("1"));
        QCOMPARE(c.environment.value(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM")), QStringLiteral("1"));
        QCOMPARE(c.environment.value(QStringLiteral("TRAINYARD_METRICS_FROM_ALL_RANKS")),
                 QStringLiteral("1"));
        QVERIFY(!c.argv.contains(QStringLiteral("--allow-run-as-root")));
    }

    void localPytorchStartsEveryNodeHere()
    {
        const DistributedCommand c =
            DistributedLaunch::forLocal(layout(QStringLiteral("pytorch"), 2, 3), argv, paths(), true);
        QCOMPARE(
            c.argv,
            QStringList({QStringLiteral("/usr/bin/python3"), QStringLiteral("/rt/job/trainyard_launch.py"),
                         QStringLiteral("--nnodes"), QStringLiteral("2"), QStringLiteral("--nproc-per-node"),
                         QStringLiteral("3"), QStringLiteral("--local-nodes"),
                         QStringLiteral("--master-addr"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("--master-port"), QStringLiteral("0"), QStringLiteral("--")}) +
                rankCommand());
        QCOMPARE(c.environment.value(QStringLiteral("TRAINYARD_DISTRIBUTED")), QStringLiteral("pytorch"));
        // OpenMPI's permission is no business of the PyTorch launcher.
        QVERIFY(!c.environment.contains(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT")));
    }

    void slurmMpiUsesSrunWithThePlugin()
    {
        const DistributedCommand c =
            DistributedLaunch::forSlurm(layout(QStringLiteral("mpi"), 2, 2), argv, paths());
        QCOMPARE(c.argv, QStringList({QStringLiteral("srun"), QStringLiteral("--kill-on-bad-exit=1"),
                                      QStringLiteral("--nodes=2"), QStringLiteral("--ntasks-per-node=2"),
                                      QStringLiteral("--ntasks=4"), QStringLiteral("--mpi=pmix")}) +
                             rankCommand());
        QCOMPARE(c.environment.value(QStringLiteral("TRAINYARD_PROCESSES_PER_NODE")), QStringLiteral("2"));
        DistributedLaunch::SlurmOptions options;
        options.mpiPlugin = QStringLiteral("pmi2");
        QVERIFY(DistributedLaunch::forSlurm(layout(QStringLiteral("mpi"), 2, 2), argv, paths(), options)
                    .argv.contains(QStringLiteral("--mpi=pmi2")));
        options.mpiPlugin.clear();
        for (const QString& word :
             DistributedLaunch::forSlurm(layout(QStringLiteral("mpi"), 2, 2), argv, paths(), options).argv)
            QVERIFY2(!word.startsWith(QLatin1String("--mpi")), qPrintable(word));
    }

    // A cluster without an MPI plugin: mpirun inside the allocation, ranks placed node after node.
    void slurmWithoutAnMpiPluginRunsMpirunInsideTheAllocation()
    {
        DistributedLaunch::SlurmOptions options;
        options.mpiPlugin = QStringLiteral("none");
        options.asRoot = true;
        const DistributedCommand c =
            DistributedLaunch::forSlurm(layout(QStringLiteral("mpi"), 2, 3), argv, paths(), options);
        QCOMPARE(c.argv, QStringList({QStringLiteral("mpirun"), QStringLiteral("-np"), QStringLiteral("6"),
                                      QStringLiteral("--map-by"), QStringLiteral("ppr:3:node"),
                                      QStringLiteral("--bind-to"), QStringLiteral("none")}) +
                             rankCommand());
        QCOMPARE(c.environment.value(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT")), QStringLiteral("1"));
        QCOMPARE(c.environment.value(QStringLiteral("TRAINYARD_PROCESSES_PER_NODE")), QStringLiteral("3"));
        // PyTorch never needs MPI: srun starts its ranks whatever the plugin.
        QCOMPARE(DistributedLaunch::forSlurm(layout(QStringLiteral("pytorch"), 2, 1), argv, paths(), options)
                     .argv.value(0),
                 QStringLiteral("srun"));
    }

    void slurmPytorchRunsOneTaskPerRankWithoutMpi()
    {
        const DistributedCommand c =
            DistributedLaunch::forSlurm(layout(QStringLiteral("pytorch"), 2, 1), argv, paths());
        QCOMPARE(c.argv, QStringList({QStringLiteral("srun"), QStringLiteral("--kill-on-bad-exit=1"),
                                      QStringLiteral("--nodes=2"), QStringLiteral("--ntasks-per-node=1"),
                                      QStringLiteral("--ntasks=2")}) +
                             rankCommand());
        QCOMPARE(c.environment.value(QStringLiteral("TRAINYARD_DISTRIBUTED")), QStringLiteral("pytorch"));
    }

    // Over several hosts: mpirun places P ranks on each listed host in node order, the variables travel by
    // name only, and the user's own options come before the ranks' command.
    void hostsMpiPlacesRanksNodeAfterNodeAndForwardsVariablesByName()
    {
        DistributedLaunch::HostsOptions options;
        options.hosts = {QStringLiteral("node-a"), QStringLiteral("10.0.0.7")};
        options.network = QStringLiteral("10.0.0.0/24");
        options.mpirunOptions = {QStringLiteral("--mca"), QStringLiteral("plm_rsh_agent"), QStringLiteral("ssh -F cfg")};
        options.forwarded = {QStringLiteral("TOKEN"), QStringLiteral("PATH")};
        options.asRoot = true;
        const DistributedCommand c =
            DistributedLaunch::forHosts(layout(QStringLiteral("mpi"), 2, 2), argv, paths(), options);
        QStringList expected{QStringLiteral("mpirun"), QStringLiteral("-np"), QStringLiteral("4"),
                             QStringLiteral("--host"), QStringLiteral("node-a:2,10.0.0.7:2"),
                             QStringLiteral("--map-by"), QStringLiteral("slot"), QStringLiteral("--bind-to"),
                             QStringLiteral("none"), QStringLiteral("--mca"), QStringLiteral("oob_tcp_if_include"),
                             QStringLiteral("10.0.0.0/24"), QStringLiteral("--mca"), QStringLiteral("btl_tcp_if_include"),
                             QStringLiteral("10.0.0.0/24")};
        for (const QString& name : {QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"),
                                    QStringLiteral("PATH"), QStringLiteral("TOKEN"), QStringLiteral("TRAINYARD_DISTRIBUTED"),
                                    QStringLiteral("TRAINYARD_METRICS_FROM_ALL_RANKS"), QStringLiteral("TRAINYARD_NODE_COUNT"),
                                    QStringLiteral("TRAINYARD_PROCESSES_PER_NODE")})
            expected << QStringLiteral("-x") << name;
        expected << options.mpirunOptions << rankCommand();
        QCOMPARE(c.argv, expected);
        QCOMPARE(c.environment.value(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT")), QStringLiteral("1"));
        QVERIFY(!c.environment.contains(QStringLiteral("MASTER_ADDR")));
    }

    void hostsPytorchNamesTheMaster()
    {
        DistributedLaunch::HostsOptions options;
        options.hosts = {QStringLiteral("a"), QStringLiteral("b")};
        options.masterAddress = QStringLiteral("gpu-a.lab");
        options.masterPort = 29411;
        const DistributedCommand c =
            DistributedLaunch::forHosts(layout(QStringLiteral("pytorch"), 2, 1), argv, paths(), options);
        QCOMPARE(c.environment.value(QStringLiteral("MASTER_ADDR")), QStringLiteral("gpu-a.lab"));
        QCOMPARE(c.environment.value(QStringLiteral("MASTER_PORT")), QStringLiteral("29411"));
        QVERIFY(c.argv.contains(QStringLiteral("a:1,b:1")));
        QCOMPARE(c.argv.mid(c.argv.indexOf(QStringLiteral("MASTER_ADDR")) - 1, 2),
                 QStringList({QStringLiteral("-x"), QStringLiteral("MASTER_ADDR")}));
        QVERIFY(!c.argv.contains(QStringLiteral("gpu-a.lab")));
        QVERIFY(!c.environment.contains(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT")));
    }
};

QTEST_GUILESS_MAIN(TestDistributedLaunch)
#include "TestDistributedLaunch.moc"
