// Distributed runs on the local target, end to end through trainyard-cli and the detached runner, with the
// real launchers: OpenMPI's mpirun with mpi4py (Debian's /usr/bin/python3) and trainyard_launch.py with a
// PyTorch DDP job on the gloo backend (Debian's python3-torch). Each rank's logs and exit record, the failed
// rank named in the run's error, the others stopped, `logs --rank`, metrics from all ranks, and the refusal
// of more than one process without a distributed mode.
#include <QtTest>

#include <QHostInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "TestSupport.h"

using namespace TestSupport;

class TestDistributedRuns : public QObject
{
    Q_OBJECT

    // The job's own metrics: the nodes' system/ series (sampled while the run lives) left out.
    static QStringList ownMetricNames(const QJsonObject& metrics)
    {
        QStringList names;
        for (const QString& name : metrics.keys())
            if (!name.startsWith(QLatin1String("system/")))
                names << name;
        return names;
    }

    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }
    QString project(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }
    QString runFile(const QString& id, const QString& relative) const
    {
        return workspace() + QStringLiteral("/runs/") + id + QLatin1Char('/') + relative;
    }

    // Submits and waits for the end; the run's id.
    QString submitAndWait(const QString& estimator, int expectedExit, int timeoutMs = 180000)
    {
        const CliResult r =
            runCli(workspace(), {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, timeoutMs);
        if (r.exitCode != expectedExit)
            qWarning() << "submit exit" << r.exitCode << r.err.left(3000);
        return QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
    }

    QJsonObject show(const QString& id) const
    {
        return runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
    }

    QJsonObject exitRecord(const QString& id, int rank) const
    {
        return QJsonDocument::fromJson(
                   readFile(runFile(id, QStringLiteral("system/ranks/%1/exit.json").arg(rank))))
            .object();
    }

    // The run's files and the launcher's log, for a failure message.
    QByteArray diagnostics(const QString& id) const
    {
        return "launcher.log: " + readFile(runFile(id, QStringLiteral("system/launcher.log"))).right(3000) +
               "\nstderr.log: " + readFile(runFile(id, QStringLiteral("system/stderr.log"))).right(3000) +
               "\nranks/1/stderr.log: " +
               readFile(runFile(id, QStringLiteral("system/ranks/1/stderr.log"))).right(3000);
    }

    // Processes whose environment names the run folder: every process of the run has it.
    static int processesOf(const QString& runDir)
    {
        const QByteArray marker = "TRAINYARD_RUN_DIR=" + runDir.toUtf8();
        int count = 0;
        for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            bool isPid = false;
            entry.toLongLong(&isPid);
            if (!isPid)
                continue;
            QFile environ(QStringLiteral("/proc/%1/environ").arg(entry));
            if (environ.open(QIODevice::ReadOnly) && environ.readAll().split('\0').contains(marker))
                ++count;
        }
        return count;
    }

    static bool haveMpi()
    {
        return QFileInfo::exists(QStringLiteral("/usr/bin/mpirun")) &&
               runProgram(systemPython(), {QStringLiteral("-c"), QStringLiteral("import mpi4py")}).exitCode ==
                   0;
    }

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(haveMpi(), "needs openmpi-bin and python3-mpi4py (scripts/setup.sh --tests)");
    }

    // Two "nodes" of one process each, both on this machine: the ranks see their variables, talk through
    // MPI, and each writes its own logs and exit record.
    void mpiRanksAllreduceAndKeepTheirOwnLogs()
    {
        const QString est = makeProject(
            project(QStringLiteral("mpi")),
            {{QStringLiteral("train.py"),
              "import os, sys\n"
              "from mpi4py import MPI\n"
              "import trainyard\n"
              "comm = MPI.COMM_WORLD\n"
              "rank = comm.Get_rank()\n"
              "total = comm.allreduce(rank + 1, op=MPI.SUM)\n"
              "e = os.environ\n"
              "print('rank %d of %d total=%d RANK=%s WORLD_SIZE=%s LOCAL_RANK=%s NODE_RANK=%s' % (rank, "
              "comm.Get_size(), "
              "total, e['RANK'], e['WORLD_SIZE'], e['LOCAL_RANK'], e['NODE_RANK']))\n"
              "print('stderr of rank %d' % rank, file=sys.stderr)\n"
              "trainyard.log('total', total)\n"}},
            "entry_script: train.py\ndistributed_training: mpi\nnode_count: 2\nprocess_count_per_node: 1\n");
        const QString id = submitAndWait(est, 0);
        QVERIFY(!id.isEmpty());
        const QJsonObject run = show(id);
        QVERIFY2(run.value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 diagnostics(id).constData());

        QCOMPARE(readFile(runFile(id, QStringLiteral("system/stdout.log"))),
                 QByteArray("rank 0 of 2 total=3 RANK=0 WORLD_SIZE=2 LOCAL_RANK=0 NODE_RANK=0\n"));
        QCOMPARE(readFile(runFile(id, QStringLiteral("system/ranks/1/stdout.log"))),
                 QByteArray("rank 1 of 2 total=3 RANK=1 WORLD_SIZE=2 LOCAL_RANK=0 NODE_RANK=1\n"));
        QCOMPARE(readFile(runFile(id, QStringLiteral("system/stderr.log"))),
                 QByteArray("stderr of rank 0\n"));
        QCOMPARE(readFile(runFile(id, QStringLiteral("system/ranks/1/stderr.log"))),
                 QByteArray("stderr of rank 1\n"));
        QVERIFY(QFileInfo::exists(runFile(id, QStringLiteral("system/launcher.log"))));
        for (int rank = 0; rank < 2; ++rank) {
            const QJsonObject exit = exitRecord(id, rank);
            QCOMPARE(exit.value(QStringLiteral("rank")).toInt(-1), rank);
            QCOMPARE(exit.value(QStringLiteral("exit_status")).toInt(-1), 0);
            QCOMPARE(exit.value(QStringLiteral("node")).toString(), QHostInfo::localHostName());
        }

        // Metrics from rank 0 only, unless asked for.
        const QJsonObject metrics =
            runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")}).json().object();
        QCOMPARE(ownMetricNames(metrics), QStringList{QStringLiteral("total")});
        QVERIFY(!QFileInfo::exists(runFile(id, QStringLiteral("system/ranks/1/helper-metrics.jsonl"))));

        // logs --rank: each rank's stdout or stderr; a rank the run does not have is an error naming its
        // ranks.
        CliResult logs =
            runCli(workspace(), {QStringLiteral("logs"), id, QStringLiteral("--rank"), QStringLiteral("1")});
        QCOMPARE(logs.exitCode, 0);
        QCOMPARE(logs.out, QByteArray("rank 1 of 2 total=3 RANK=1 WORLD_SIZE=2 LOCAL_RANK=0 NODE_RANK=1\n"));
        logs = runCli(workspace(), {QStringLiteral("logs"), id, QStringLiteral("--rank"), QStringLiteral("1"),
                                    QStringLiteral("--stderr")});
        QCOMPARE(logs.out, QByteArray("stderr of rank 1\n"));
        logs =
            runCli(workspace(), {QStringLiteral("logs"), id, QStringLiteral("--rank"), QStringLiteral("0")});
        QCOMPARE(logs.out, QByteArray("rank 0 of 2 total=3 RANK=0 WORLD_SIZE=2 LOCAL_RANK=0 NODE_RANK=0\n"));
        logs =
            runCli(workspace(), {QStringLiteral("logs"), id, QStringLiteral("--rank"), QStringLiteral("2")});
        QCOMPARE(logs.exitCode, 2);
        QVERIFY2(
            logs.err.contains(QByteArray(QByteArray("--rank 2: run ") + id.toUtf8() + " has ranks 0 to 1")),
            logs.err.constData());
        logs = runCli(workspace(),
                      {QStringLiteral("logs"), id, QStringLiteral("--rank"), QStringLiteral("one")});
        QCOMPARE(logs.exitCode, 2);
        QVERIFY2(logs.err.contains("--rank: expected a rank number"), logs.err.constData());
    }

    // A rank that fails stops the others; the run fails naming it, with its exit code.
    void failingMpiRankStopsTheOthers() { failingRankStopsTheOthers(QStringLiteral("mpi")); }
    void failingPytorchRankStopsTheOthers() { failingRankStopsTheOthers(QStringLiteral("pytorch")); }

    // PyTorch DDP on gloo, two processes: a tiny model trains, the ranks read their variables, and the loss
    // logged by every rank is kept apart by rank (metrics_from_all_ranks).
    void pytorchDdpTrainsAndLogsTheLossOfEveryRank()
    {
        if (runProgram(systemPython(), {QStringLiteral("-c"), QStringLiteral("import torch")}).exitCode != 0)
            QFAIL("needs python3-torch (scripts/setup.sh --tests)");
        const QString est = makeProject(
            project(QStringLiteral("ddp")),
            {{QStringLiteral("train.py"),
              "import os\n"
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
              "print('rank %d world %d local %s node %s master %s:%s in sync %s' % (rank, world, "
              "e['LOCAL_RANK'], "
              "e['NODE_RANK'], e['MASTER_ADDR'], e['MASTER_PORT'], bool(torch.equal(w, same))))\n"
              "dist.destroy_process_group()\n"}},
            "entry_script: train.py\ndistributed_training: pytorch\nprocess_count_per_node: 2\n"
            "metrics_from_all_ranks: true\n");
        const QString id = submitAndWait(est, 0, 300000);
        QVERIFY(!id.isEmpty());
        QVERIFY2(show(id).value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 diagnostics(id).constData());
        const QByteArray out0 = readFile(runFile(id, QStringLiteral("system/stdout.log")));
        const QByteArray out1 = readFile(runFile(id, QStringLiteral("system/ranks/1/stdout.log")));
        QVERIFY2(out0.startsWith("rank 0 world 2 local 0 node 0 master 127.0.0.1:") &&
                     out0.endsWith(" in sync True\n"),
                 out0.constData());
        QVERIFY2(out1.startsWith("rank 1 world 2 local 1 node 0 master 127.0.0.1:") &&
                     out1.endsWith(" in sync True\n"),
                 out1.constData());
        // One free port for both.
        QCOMPARE(out0.split(':').value(1).split(' ').value(0), out1.split(':').value(1).split(' ').value(0));
        QVERIFY(readFile(runFile(id, QStringLiteral("system/launcher.log"))).contains("MASTER_PORT="));

        const QJsonObject metrics =
            runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")}).json().object();
        QCOMPARE(ownMetricNames(metrics), (QStringList{QStringLiteral("loss"), QStringLiteral("rank1/loss")}));
        for (const QString& name : ownMetricNames(metrics)) {
            const QJsonArray points = metrics.value(name).toArray();
            QCOMPARE(points.size(), 30);
            // It trains: the loss falls.
            QVERIFY2(points.last().toObject().value(QStringLiteral("value")).toDouble() <
                         points.first().toObject().value(QStringLiteral("value")).toDouble() / 2,
                     qPrintable(name));
        }
    }

    // The run's PATH is the submitting shell's: without OpenMPI there, the run fails saying what is missing.
    void mpiRunWithoutMpirunFailsSayingSo()
    {
        const QString est = makeProject(
            project(QStringLiteral("no-mpirun")), {{QStringLiteral("train.py"), "print('never')\n"}},
            "entry_script: train.py\ndistributed_training: mpi\nprocess_count_per_node: 2\n");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), m_dir.path() + QStringLiteral("/no-such-bin"));
        const CliResult r =
            runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")}, 120000, env);
        QCOMPARE(r.exitCode, 1);
        const QString id = QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
        const QJsonObject run = show(id);
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QVERIFY2(run.value(QStringLiteral("error"))
                     .toString()
                     .contains(QLatin1String("mpirun is not on the run's PATH")),
                 qPrintable(run.value(QStringLiteral("error")).toString()));
    }

    // Cancel ends every rank and the launcher, whichever launcher it is.
    void cancelEndsEveryRank_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("mpi") << QStringLiteral("mpi");
        QTest::newRow("pytorch") << QStringLiteral("pytorch");
    }
    void cancelEndsEveryRank()
    {
        QFETCH(QString, mode);
        const QString est = makeProject(project(QStringLiteral("cancel-") + mode),
                                        {{QStringLiteral("train.py"), "import time\nprint('ready', flush=True)\ntime.sleep(300)\n"}},
                                        QStringLiteral("entry_script: train.py\ndistributed_training: %1\nprocess_count_per_node: 2\n")
                                            .arg(mode)
                                            .toUtf8());
        const CliResult submitted = runCli(workspace(), {QStringLiteral("submit"), est});
        QVERIFY2(submitted.exitCode == 0, submitted.err.constData());
        const QString id = QString::fromUtf8(submitted.out).trimmed();
        QTRY_VERIFY_WITH_TIMEOUT(readFile(runFile(id, QStringLiteral("system/stdout.log"))).contains("ready")
                                     && readFile(runFile(id, QStringLiteral("system/ranks/1/stdout.log"))).contains("ready"),
                                 60000);
        const QString runDir = workspace() + QStringLiteral("/runs/") + id;
        // The launcher, two rank wrappers and their programs at least.
        QVERIFY(processesOf(runDir) >= 5);
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject ended = waitForStatus(workspace(), id, {QStringLiteral("Canceled"), QStringLiteral("Failed"),
                                                                  QStringLiteral("Completed")}, 60000);
        QCOMPARE(ended.value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));
        QTRY_COMPARE_WITH_TIMEOUT(processesOf(runDir), 0, 20000);
    }

    // Several processes need a launcher: `none` with more is refused at submit, naming the field.
    void moreThanOneProcessWithoutADistributedModeIsRefused()
    {
        const QString est =
            makeProject(project(QStringLiteral("none")), {{QStringLiteral("train.py"), "print('never')\n"}},
                        "entry_script: train.py\nprocess_count_per_node: 2\n");
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(
            r.err.contains(
                "distributed_training: none cannot run 1 node(s) × 2 process(es) per node; choose mpi or "
                "pytorch"),
            r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

private:
    void failingRankStopsTheOthers(const QString& mode)
    {
        // Rank 0 would run for minutes; it only ends this fast because the launcher stops it. An MPI rank
        // that fails ends without MPI_Finalize (a crash): one that finalizes waits there for the others, as
        // MPI has it.
        const QByteArray script = mode == QLatin1String("mpi")
                                      ? QByteArray("import os, sys, time\n"
                                                   "from mpi4py import MPI\n"
                                                   "rank = MPI.COMM_WORLD.Get_rank()\n"
                                                   "print('rank %d started' % rank, flush=True)\n"
                                                   "if rank == 1:\n"
                                                   "    time.sleep(0.5)\n"
                                                   "    os._exit(3)\n"
                                                   "time.sleep(300)\n")
                                      : QByteArray("import os, sys, time\n"
                                                   "rank = int(os.environ['RANK'])\n"
                                                   "print('rank %d started' % rank, flush=True)\n"
                                                   "if rank == 1:\n"
                                                   "    time.sleep(0.5)\n"
                                                   "    sys.exit(3)\n"
                                                   "time.sleep(300)\n");
        const QString est = makeProject(
            project(QStringLiteral("fail-") + mode), {{QStringLiteral("train.py"), script}},
            QStringLiteral("entry_script: train.py\ndistributed_training: %1\nprocess_count_per_node: 2\n")
                .arg(mode)
                .toUtf8());
        const CliResult submitted = runCli(workspace(), {QStringLiteral("submit"), est});
        QVERIFY2(submitted.exitCode == 0, submitted.err.constData());
        const QString id = QString::fromUtf8(submitted.out).trimmed();
        // Far less than rank 0's 300 s, more than the launchers' grace period of 10 s on a loaded machine.
        const QJsonObject run = waitForStatus(
            workspace(), id,
            {QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")}, 90000);
        if (run.value(QStringLiteral("status")).toString() == QLatin1String("Running")) {
            runCli(workspace(), {QStringLiteral("cancel"), id});
            QFAIL("the other rank was not stopped");
        }
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QVERIFY2(run.value(QStringLiteral("error")).toString() == QLatin1String("rank 1 exited with code 3"),
                 qPrintable(run.value(QStringLiteral("error")).toString() + QLatin1Char('\n') +
                            QString::fromUtf8(diagnostics(id))));
        QCOMPARE(run.value(QStringLiteral("exit_code")).toInt(), 3);
        QCOMPARE(exitRecord(id, 1).value(QStringLiteral("exit_status")).toInt(), 3);
        // Rank 0 had started and was ended by a signal, which its own record says.
        QVERIFY(readFile(runFile(id, QStringLiteral("system/stdout.log"))).contains("rank 0 started"));
        const int status0 = exitRecord(id, 0).value(QStringLiteral("exit_status")).toInt(-1);
        QVERIFY2(status0 > 128, qPrintable(QStringLiteral("rank 0 ended with %1\n").arg(status0) +
                                           QString::fromUtf8(diagnostics(id))));
    }
};

QTEST_GUILESS_MAIN(TestDistributedRuns)
#include "TestDistributedRuns.moc"
