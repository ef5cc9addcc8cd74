// Distributed runs on the Slurm target against the real two-node test cluster (tests/support/SlurmCluster):
// submitted through the CLI, the batch script asks for node_count nodes × process_count_per_node tasks and
// srun starts every rank under the rank wrapper (MPI through srun's pmix plugin, or mpirun inside the
// allocation; PyTorch one task per rank). Each rank's logs and exit record, the ranks' nodes, the failed rank
// named in the run's error with the others stopped, the nodes' system samples, and ran-with.json naming the
// node the job ran on.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>

#include "SlurmCluster.h"
#include "TestSupport.h"

#include <csignal>

using namespace TestSupport;

namespace {
const QStringList kEnded{QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")};
} // namespace

class TestSlurmDistributed : public QObject
{
    Q_OBJECT

    std::unique_ptr<SlurmCluster> m_cluster;
    QString m_root; // on the cluster's shared file system
    int m_projects = 0;

    QString workspace() const { return m_root + QStringLiteral("/ws"); }

    QString project(const QByteArray& script, const QByteArray& yaml,
                    const QString& target = QStringLiteral("cluster"))
    {
        const QString dir = m_root + QStringLiteral("/project%1").arg(++m_projects);
        return makeProject(dir, {{QStringLiteral("train.py"), script}},
                           "entry_script: train.py\ncompute_target: " + target.toUtf8() + "\n" + yaml);
    }

    QString submit(const QString& estimator)
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), estimator});
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QString::fromUtf8(r.out).trimmed();
    }

    QString runFile(const QString& id, const QString& relative) const
    {
        return workspace() + QStringLiteral("/runs/") + id + QLatin1Char('/') + relative;
    }

    QJsonObject exitRecord(const QString& id, int rank) const
    {
        return QJsonDocument::fromJson(
                   readFile(runFile(id, QStringLiteral("system/ranks/%1/exit.json").arg(rank))))
            .object();
    }

    // The launcher's log, Slurm's own output and the ranks' stderr, for a failure message.
    QString diagnostics(const QString& id, int ranks) const
    {
        QString text =
            QStringLiteral("launcher.log: ") +
            QString::fromUtf8(readFile(runFile(id, QStringLiteral("system/launcher.log"))).right(3000));
        for (const QString& name :
             QDir(runFile(id, QStringLiteral("system"))).entryList({QStringLiteral("slurm-*.out")}))
            text += QStringLiteral("\n%1: ").arg(name) +
                    QString::fromUtf8(readFile(runFile(id, QStringLiteral("system/") + name)).right(2000));
        text += QStringLiteral("\nstderr.log: ") +
                QString::fromUtf8(readFile(runFile(id, QStringLiteral("system/stderr.log"))).right(2000));
        for (int rank = 1; rank < ranks; ++rank)
            text += QStringLiteral("\nranks/%1/stderr.log: ").arg(rank) +
                    QString::fromUtf8(
                        readFile(runFile(id, QStringLiteral("system/ranks/%1/stderr.log").arg(rank)))
                            .right(2000));
        return text + QLatin1Char('\n') + m_cluster->logTails();
    }

    QJsonObject metrics(const QString& id) const
    {
        return runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")}).json().object();
    }

    static QStringList ownMetricNames(const QJsonObject& metrics)
    {
        QStringList names;
        for (const QString& name : metrics.keys())
            if (!name.startsWith(QLatin1String("system/")))
                names << name;
        return names;
    }

    // Every rank's stdout, rank 0's from stdout.log: through `logs --rank`.
    QByteArray rankLog(const QString& id, int rank) const
    {
        const CliResult r = runCli(
            workspace(), {QStringLiteral("logs"), id, QStringLiteral("--rank"), QString::number(rank)});
        return r.exitCode == 0 ? r.out : QByteArray("logs --rank failed: " + r.err);
    }

    // The run's series of system/<node>/cpu_percent and memory_used_mb exist for every node of the cluster.
    void expectSystemMetricsOfBothNodes(const QString& id)
    {
        const QJsonObject all = metrics(id);
        for (const QString& node : m_cluster->nodes())
            for (const char* name : {"cpu_percent", "memory_used_mb"}) {
                const QString series = QStringLiteral("system/%1/%2").arg(node, QLatin1String(name));
                QVERIFY2(!all.value(series).toArray().isEmpty(),
                         qPrintable(series + QStringLiteral(" missing; have: ") +
                                    all.keys().join(QLatin1Char(' '))));
            }
    }

    static QByteArray mpiScript()
    {
        // Each rank adds rank + 1: 10 on every rank only when all four took part. A few seconds long, so that
        // every node's sampler takes its samples.
        return "import os, socket, sys, time\n"
               "from mpi4py import MPI\n"
               "import trainyard\n"
               "comm = MPI.COMM_WORLD\n"
               "rank = comm.Get_rank()\n"
               "total = comm.allreduce(rank + 1, op=MPI.SUM)\n"
               "e = os.environ\n"
               "print('rank %d of %d total=%d on %s RANK=%s WORLD_SIZE=%s LOCAL_RANK=%s NODE_RANK=%s' % "
               "(rank, "
               "comm.Get_size(), total, socket.gethostname(), e['RANK'], e['WORLD_SIZE'], e['LOCAL_RANK'], "
               "e['NODE_RANK']))\n"
               "print('stderr of rank %d' % rank, file=sys.stderr)\n"
               "trainyard.log('total', total)\n"
               "time.sleep(3)\n";
    }

    // 2 nodes × perNode MPI ranks with mpi4py; checks the sum, each rank's log, and the ranks' nodes.
    void expectMpiRunAcrossBothNodes(const QString& target, int perNode, QString* runId = nullptr)
    {
        const int world = 2 * perNode;
        const QString id = submit(
            project(mpiScript(),
                    // Samples every second: the run lasts seconds.
                    QStringLiteral("distributed_training: mpi\nnode_count: 2\nprocess_count_per_node: %1\n"
                                   "metrics_from_all_ranks: true\n"
                                   "environment_variables: {TRAINYARD_SAMPLE_SECONDS: \"1\"}\n")
                        .arg(perNode)
                        .toUtf8(),
                    target));
        QVERIFY(!id.isEmpty());
        if (runId)
            *runId = id;
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 240000);
        QVERIFY2(done.value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 qPrintable(done.value(QStringLiteral("error")).toString() + QLatin1Char('\n') +
                            diagnostics(id, world)));
        const int total = world * (world + 1) / 2;
        for (int rank = 0; rank < world; ++rank) {
            const QString node = m_cluster->nodes().at(rank / perNode);
            const QByteArray expected =
                QStringLiteral(
                    "rank %1 of %2 total=%3 on %4 RANK=%1 WORLD_SIZE=%2 LOCAL_RANK=%5 NODE_RANK=%6\n")
                    .arg(rank)
                    .arg(world)
                    .arg(total)
                    .arg(node)
                    .arg(rank % perNode)
                    .arg(rank / perNode)
                    .toUtf8();
            QCOMPARE(rankLog(id, rank), expected);
            const QString err = rank == 0 ? QStringLiteral("system/stderr.log")
                                          : QStringLiteral("system/ranks/%1/stderr.log").arg(rank);
            QCOMPARE(readFile(runFile(id, err)), QStringLiteral("stderr of rank %1\n").arg(rank).toUtf8());
            const QJsonObject exit = exitRecord(id, rank);
            QCOMPARE(exit.value(QStringLiteral("exit_status")).toInt(-1), 0);
            QCOMPARE(exit.value(QStringLiteral("node")).toString(), node);
        }
        // metrics_from_all_ranks: each rank's series apart.
        QStringList expectedNames{QStringLiteral("total")};
        for (int rank = 1; rank < world; ++rank)
            expectedNames << QStringLiteral("rank%1/total").arg(rank);
        expectedNames.sort();
        QStringList names = ownMetricNames(metrics(id));
        names.sort();
        QCOMPARE(names, expectedNames);
        expectSystemMetricsOfBothNodes(id);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(
            QFileInfo::exists(QStringLiteral("/usr/bin/mpirun")) &&
                runProgram(systemPython(), {QStringLiteral("-c"), QStringLiteral("import mpi4py, torch")})
                        .exitCode == 0,
            "needs openmpi-bin, python3-mpi4py and python3-torch (scripts/setup.sh --tests)");
        QString error;
        m_cluster = SlurmCluster::start(SlurmClusterOptions(), &error);
        QVERIFY2(m_cluster, qPrintable(error));
        m_root = m_cluster->sharedDir() + QStringLiteral("/dist ws'");
        QDir().mkpath(m_root);
        for (const auto& [name, plugin] : {std::pair{QStringLiteral("cluster"), QString()},
                                           std::pair{QStringLiteral("mpirun"), QStringLiteral("none")}}) {
            QStringList args{QStringLiteral("targets"),
                             QStringLiteral("add"),
                             QStringLiteral("slurm"),
                             name,
                             QStringLiteral("--partition"),
                             m_cluster->partition(),
                             QStringLiteral("--slurm-conf"),
                             m_cluster->slurmConf(),
                             QStringLiteral("--python"),
                             systemPython(),
                             QStringLiteral("--max-concurrent-runs"),
                             QStringLiteral("10"),
                             QStringLiteral("--cancel-grace-seconds"),
                             QStringLiteral("5")};
            if (!plugin.isEmpty())
                args << QStringLiteral("--mpi-plugin") << plugin;
            const CliResult added = runCli(workspace(), args);
            QVERIFY2(added.exitCode == 0, added.err.constData());
        }
    }

    // 2 nodes × 2 tasks through srun's pmix plugin: four ranks, two on each node, their sum right, each
    // rank's logs its own, both nodes sampled, and the run's record names the node the job ran on.
    void mpiRanksRunOnBothNodesWithTheirOwnLogs()
    {
        QString id;
        expectMpiRunAcrossBothNodes(QStringLiteral("cluster"), 2, &id);
        if (QTest::currentTestFailed())
            return;
        // The batch host is the allocation's first node: the record of what the run ran with names it.
        const QJsonObject ranWith =
            QJsonDocument::fromJson(readFile(runFile(id, QStringLiteral("system/ran-with.json")))).object();
        const QJsonObject host =
            ranWith.value(QStringLiteral("description")).toObject().value(QStringLiteral("host")).toObject();
        QVERIFY2(host.value(QStringLiteral("name")).toString() == m_cluster->nodes().first(),
                 QJsonDocument(ranWith).toJson().constData());
        QVERIFY(host.value(QStringLiteral("cpu_count")).toInt() > 0);
        const CliResult shown = runCli(workspace(), {QStringLiteral("show"), id});
        QVERIFY2(shown.out.contains(QByteArray("Host        " + m_cluster->nodes().first().toUtf8() + " (")),
                 shown.out.constData());
        const QByteArray script = readFile(runFile(id, QStringLiteral("system/job.sbatch")));
        QVERIFY2(script.contains("#SBATCH \"--nodes=2\"") &&
                     script.contains("#SBATCH \"--ntasks-per-node=2\"") &&
                     script.contains("'srun' '--kill-on-bad-exit=1'") && script.contains("'--mpi=pmix'"),
                 script.constData());
    }

    // A PyTorch DDP job on gloo, one process on each node: the master is the first node, the ranks read
    // their variables, a tiny model trains in sync and rank 0 logs its loss.
    void pytorchDdpTrainsAcrossBothNodes()
    {
        const QString id = submit(
            project("import os, socket\n"
                    "import torch, torch.distributed as dist\n"
                    "from torch.nn.parallel import DistributedDataParallel as DDP\n"
                    "import trainyard\n"
                    "dist.init_process_group('gloo')\n"
                    "rank, world = dist.get_rank(), dist.get_world_size()\n"
                    "assert rank == int(os.environ['RANK']) and world == int(os.environ['WORLD_SIZE'])\n"
                    "torch.manual_seed(0)\n"
                    "model = DDP(torch.nn.Linear(4, 1))\n"
                    "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
                    "g = torch.Generator().manual_seed(rank)\n"
                    "x = torch.randn(64, 4, generator=g)\n"
                    "y = x.sum(dim=1, keepdim=True)\n"
                    "for step in range(30):\n"
                    "    opt.zero_grad()\n"
                    "    loss = torch.nn.functional.mse_loss(model(x), y)\n"
                    "    loss.backward()\n"
                    "    opt.step()\n"
                    "    trainyard.log('loss', loss.item(), step=step)\n"
                    "w = model.module.weight.detach().clone()\n"
                    "same = w.clone()\n"
                    "dist.broadcast(same, 0)\n"
                    "e = os.environ\n"
                    "print('rank %d world %d local %s node %s on %s master %s:%s in sync %s' % (rank, world, "
                    "e['LOCAL_RANK'], "
                    "e['NODE_RANK'], socket.gethostname(), e['MASTER_ADDR'], e['MASTER_PORT'], "
                    "bool(torch.equal(w, same))))\n"
                    "dist.destroy_process_group()\n",
                    "distributed_training: pytorch\nnode_count: 2\nprocess_count_per_node: 1\n"
                    "environment_variables:\n  OMP_NUM_THREADS: \"1\"\n"));
        QVERIFY(!id.isEmpty());
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 300000);
        QVERIFY2(done.value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 qPrintable(done.value(QStringLiteral("error")).toString() + QLatin1Char('\n') +
                            diagnostics(id, 2)));
        const QByteArray out0 = rankLog(id, 0);
        const QByteArray out1 = rankLog(id, 1);
        const QByteArray master = "master " + m_cluster->nodes().first().toUtf8() + ":";
        QVERIFY2(out0.startsWith(QByteArray("rank 0 world 2 local 0 node 0 on " +
                                            m_cluster->nodes().at(0).toUtf8() + " " + master)) &&
                     out0.endsWith(" in sync True\n"),
                 out0.constData());
        QVERIFY2(out1.startsWith(QByteArray("rank 1 world 2 local 0 node 1 on " +
                                            m_cluster->nodes().at(1).toUtf8() + " " + master)) &&
                     out1.endsWith(" in sync True\n"),
                 out1.constData());
        // One port for both, picked on the master.
        QCOMPARE(out0.split(':').value(1).split(' ').value(0), out1.split(':').value(1).split(' ').value(0));
        // The loss from rank 0 only (metrics_from_all_ranks is off), and it falls.
        const QJsonObject all = metrics(id);
        QCOMPARE(ownMetricNames(all), QStringList{QStringLiteral("loss")});
        const QJsonArray points = all.value(QStringLiteral("loss")).toArray();
        QCOMPARE(points.size(), 30);
        QVERIFY(points.last().toObject().value(QStringLiteral("value")).toDouble() <
                points.first().toObject().value(QStringLiteral("value")).toDouble() / 2);
    }

    // Rank 1 (on the second node) exits with 3 while rank 0 would sleep for minutes: srun stops rank 0, the
    // run fails naming rank 1 and its code.
    void aFailingRankStopsTheOthers()
    {
        const QString id =
            submit(project("import os, sys, time\n"
                           "from mpi4py import MPI\n"
                           "rank = MPI.COMM_WORLD.Get_rank()\n"
                           "print('rank %d started' % rank, flush=True)\n"
                           "if rank == 1:\n"
                           "    time.sleep(1)\n"
                           "    os._exit(3)\n"
                           "time.sleep(300)\n"
                           "print('rank %d finished' % rank, flush=True)\n",
                           "distributed_training: mpi\nnode_count: 2\nprocess_count_per_node: 1\n"));
        QVERIFY(!id.isEmpty());
        // Far less than rank 0's 300 s.
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 120000);
        if (!kEnded.contains(done.value(QStringLiteral("status")).toString())) {
            runCli(workspace(), {QStringLiteral("cancel"), id});
            QFAIL(qPrintable(QStringLiteral("the other rank was not stopped\n") + diagnostics(id, 2)));
        }
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QVERIFY2(done.value(QStringLiteral("error")).toString() == QLatin1String("rank 1 exited with code 3"),
                 qPrintable(done.value(QStringLiteral("error")).toString() + QLatin1Char('\n') +
                            diagnostics(id, 2)));
        QCOMPARE(done.value(QStringLiteral("exit_code")).toInt(), 3);
        QCOMPARE(exitRecord(id, 1).value(QStringLiteral("exit_status")).toInt(), 3);
        QCOMPARE(exitRecord(id, 1).value(QStringLiteral("node")).toString(), m_cluster->nodes().at(1));
        // Rank 0 had started and was stopped (srun's SIGTERM, passed on by its rank wrapper): it never
        // finished, and its own record says it was ended by a signal.
        const QByteArray out0 = rankLog(id, 0);
        QVERIFY2(out0.contains("rank 0 started") && !out0.contains("finished"), out0.constData());
        const QJsonObject exit0 = exitRecord(id, 0);
        QVERIFY2(exit0.value(QStringLiteral("exit_status")).toInt(-1) > 128,
                 QByteArray(QJsonDocument(exit0).toJson() +
                            readFile(runFile(id, QStringLiteral("system/launcher.log"))))
                     .constData());
        QCOMPARE(exit0.value(QStringLiteral("node")).toString(), m_cluster->nodes().at(0));
    }

    // Cancel is scancel: every rank on both nodes is stopped, each rank wrapper recording it, and the run
    // ends Canceled.
    void aRunningDistributedRunIsCanceledOnBothNodes()
    {
        const QString id =
            submit(project("import os, time\n"
                           "print('rank %s ready' % os.environ['RANK'], flush=True)\n"
                           "time.sleep(300)\n",
                           "distributed_training: pytorch\nnode_count: 2\nprocess_count_per_node: 1\n"));
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            rankLog(id, 0).contains("rank 0 ready") && rankLog(id, 1).contains("rank 1 ready"), 120000);
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 120000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));
        for (int rank = 0; rank < 2; ++rank) {
            const QJsonObject exit = exitRecord(id, rank);
            QVERIFY2(exit.value(QStringLiteral("exit_status")).toInt(-1) > 128,
                     QJsonDocument(exit).toJson().constData());
            QCOMPARE(exit.value(QStringLiteral("node")).toString(), m_cluster->nodes().at(rank));
        }
    }

    // The runner dies while the ranks run; the runner that adopts the run reads the ranks' records and names
    // the rank that failed after that.
    void aRunnerThatDiedIsReplacedAndNamesTheFailedRank()
    {
        const QString marker = m_root + QStringLiteral("/release-%1").arg(m_projects + 1);
        const QString id =
            submit(project("import os, sys, time\n"
                           "from mpi4py import MPI\n"
                           "rank = MPI.COMM_WORLD.Get_rank()\n"
                           "print('rank %d started' % rank, flush=True)\n"
                           "while not os.path.exists(sys.argv[2]): time.sleep(0.1)\n"
                           "if rank == 1:\n"
                           "    os._exit(4)\n"
                           "time.sleep(300)\n",
                           "distributed_training: mpi\nnode_count: 2\nprocess_count_per_node: 1\n"
                           "script_params:\n  --marker: \"" +
                               marker.toUtf8() + "\"\n"));
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            rankLog(id, 0).contains("rank 0 started") && rankLog(id, 1).contains("rank 1 started"), 120000);
        const qint64 pid = recordedRunnerPid(workspace(), id);
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QVERIFY(writeFile(marker, "go"));
        // Any program opening the workspace adopts the orphan.
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 120000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QVERIFY2(done.value(QStringLiteral("error")).toString() == QLatin1String("rank 1 exited with code 4"),
                 qPrintable(done.value(QStringLiteral("error")).toString() + QLatin1Char('\n') +
                            diagnostics(id, 2)));
    }

    // A cluster without an MPI plugin (mpi_plugin none): mpirun inside the allocation starts the ranks on
    // both nodes.
    void mpirunInsideTheAllocation() { expectMpiRunAcrossBothNodes(QStringLiteral("mpirun"), 1); }

    void cleanupTestCase()
    {
        QElapsedTimer timer;
        timer.start();
        while (!runnersOf(workspace()).isEmpty() && timer.elapsed() < 60000)
            QTest::qWait(200);
        for (const qint64 pid : runnersOf(workspace()))
            ::kill(pid_t(pid), SIGKILL);
        if (m_cluster) {
            QString error;
            QVERIFY2(m_cluster->stop(&error), qPrintable(error));
        }
    }
};

QTEST_GUILESS_MAIN(TestSlurmDistributed)
#include "TestSlurmDistributed.moc"
