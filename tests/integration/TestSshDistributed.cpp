// Distributed runs on an SSH target with several hosts, end to end through trainyard-cli and the detached
// runner against real OpenSSH servers (tests/support/SshTestServer): each host an sshd in a network namespace
// of its own on one bridge (SshTestNetwork), so the hosts reach each other, with a host name of its own (so a
// rank's exit record names the host it ran on); the hosts share this machine's file system, as the machines of
// an MPI cluster share their working folder. The main host reaches the other over ssh the way a cluster admin
// sets it up: a throwaway key of the test's own, authorised there, in an ssh configuration the target hands to
// mpirun (plm_rsh_agent). Real OpenMPI and mpi4py (Debian's /usr/bin/python3).
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "SshTestServer.h"
#include "TestSupport.h"

#include <unistd.h>

using namespace TestSupport;

class TestSshDistributed : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    std::unique_ptr<SshTestNetwork> m_network;
    std::unique_ptr<SshTestServer> m_first;
    std::unique_ptr<SshTestServer> m_second;
    QString m_firstName;
    QString m_secondName;
    QString m_workdir;
    QString m_sshConfig;
    int m_workspaces = 0;

    QString runFile(const QString& ws, const QString& id, const QString& relative) const
    {
        return ws + QStringLiteral("/runs/") + id + QLatin1Char('/') + relative;
    }

    QJsonObject exitRecord(const QString& ws, const QString& id, int rank) const
    {
        return QJsonDocument::fromJson(readFile(runFile(ws, id, QStringLiteral("system/ranks/%1/exit.json").arg(rank))))
            .object();
    }

    QByteArray diagnostics(const QString& ws, const QString& id) const
    {
        return "launcher.log: " + readFile(runFile(ws, id, QStringLiteral("system/launcher.log"))).right(3000) +
               "\nstderr.log: " + readFile(runFile(ws, id, QStringLiteral("system/stderr.log"))).right(3000) +
               "\nranks/1/stderr.log: " + readFile(runFile(ws, id, QStringLiteral("system/ranks/1/stderr.log"))).right(3000);
    }

    // A fresh workspace with an ssh target `name` on the first host, the given other hosts, every key trusted.
    QString addTarget(const QString& name, const QList<const SshTestServer*>& others)
    {
        const QString ws = m_root.filePath(QStringLiteral("ws%1").arg(++m_workspaces));
        QStringList args{QStringLiteral("targets"),       QStringLiteral("add"),
                         QStringLiteral("ssh"),           name,
                         QStringLiteral("--host"),        m_first->host(),
                         QStringLiteral("--port"),        QString::number(m_first->port()),
                         QStringLiteral("--user"),        m_first->user(),
                         QStringLiteral("--identity-file"), m_first->clientKeyPath(),
                         QStringLiteral("--workdir"),     m_workdir,
                         QStringLiteral("--python"),      systemPython(),
                         QStringLiteral("--mpi-network"), m_network->subnet(),
                         QStringLiteral("--mpirun-option=--mca"),
                         QStringLiteral("--mpirun-option=plm_rsh_agent"),
                         QStringLiteral("--mpirun-option=ssh -F ") + m_sshConfig};
        for (const SshTestServer* other : others)
            args << QStringLiteral("--extra-host") << QStringLiteral("%1:%2").arg(other->host()).arg(other->port());
        const CliResult added = runCli(ws, args);
        if (added.exitCode != 0)
            qWarning("targets add failed: %s", added.err.constData());
        const CliResult trusted = runCli(ws, {QStringLiteral("targets"), QStringLiteral("trust"), name, QStringLiteral("--yes")});
        if (trusted.exitCode != 0)
            qWarning("targets trust failed: %s", trusted.err.constData());
        return ws;
    }

    QString mpiProject(const QString& name, const QByteArray& layout)
    {
        return makeProject(m_root.filePath(name),
                           {{QStringLiteral("train.py"),
                             "import os, socket, sys, time\n"
                             "from mpi4py import MPI\n"
                             "comm = MPI.COMM_WORLD\n"
                             "rank = comm.Get_rank()\n"
                             "total = comm.allreduce(rank + 1, op=MPI.SUM)\n"
                             "e = os.environ\n"
                             "print('rank %d of %d total=%d on %s RANK=%s LOCAL_RANK=%s NODE_RANK=%s' % (rank, "
                             "comm.Get_size(), total, socket.gethostname(), e['RANK'], e['LOCAL_RANK'], "
                             "e['NODE_RANK']))\n"
                             "print('stderr of rank %d' % rank, file=sys.stderr)\n"
                             "comm.Barrier()\n"
                             "time.sleep(1)  # the nodes' samplers take their first sample\n"}},
                           "entry_script: train.py\ncompute_target: cluster\ndistributed_training: mpi\n" + layout);
    }

    QString submitAndWait(const QString& ws, const QString& estimator, int expectedExit)
    {
        const CliResult r = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 240000);
        if (r.exitCode != expectedExit)
            qWarning() << "submit exit" << r.exitCode << r.err.left(3000);
        return QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
    }

    QJsonObject show(const QString& ws, const QString& id) const
    {
        return runCli(ws, {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
    }

    std::unique_ptr<SshTestServer> startHost(const QString& hostName, const QString& hiddenFolder, QString* error)
    {
        SshTestServerOptions options;
        options.inNetworkNamespace = true;
        options.network = m_network.get();
        options.hostName = hostName;
        options.hiddenFolder = hiddenFolder;
        auto server = SshTestServer::start(options, error);
        // Trainyard reaches every host with the target's one key (the first server's client key).
        if (server && server.get() != m_first.get() && m_first &&
            !server->authorizeKey(m_first->clientKeyPath() + QStringLiteral(".pub"), error))
            return nullptr;
        return server;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QVERIFY2(QFileInfo::exists(QStringLiteral("/usr/bin/mpirun")) &&
                     runProgram(systemPython(), {QStringLiteral("-c"), QStringLiteral("import mpi4py")}).exitCode == 0,
                 "needs openmpi-bin and python3-mpi4py (scripts/setup.sh --tests)");
        QString error;
        m_network = SshTestNetwork::create(&error);
        QVERIFY2(m_network, qPrintable(error));
        m_firstName = QStringLiteral("tynode%1a").arg(::getpid());
        m_secondName = QStringLiteral("tynode%1b").arg(::getpid());
        m_first = startHost(m_firstName, {}, &error);
        QVERIFY2(m_first, qPrintable(error));
        m_second = startHost(m_secondName, {}, &error);
        QVERIFY2(m_second, qPrintable(error));
        m_workdir = m_root.filePath(QStringLiteral("shared-work"));
        QVERIFY(QDir().mkpath(m_workdir));

        // The cluster admin's part: the first host may ssh to the others non-interactively, with a key of its
        // own and their host keys known.
        const QString cluster = m_root.filePath(QStringLiteral("cluster"));
        QVERIFY(QDir().mkpath(cluster));
        const QString key = cluster + QStringLiteral("/id_ed25519");
        const CliResult made = runProgram(QStringLiteral("/usr/bin/ssh-keygen"),
                                          {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                           QStringLiteral("-N"), QString(), QStringLiteral("-f"), key});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        QVERIFY2(m_second->authorizeKey(key + QStringLiteral(".pub"), &error), qPrintable(error));
        QVERIFY(writeFile(cluster + QStringLiteral("/known_hosts"),
                          (m_first->knownHostsLine() + QLatin1Char('\n') + m_second->knownHostsLine() + QLatin1Char('\n'))
                              .toUtf8()));
        QByteArray config;
        for (const SshTestServer* server : {m_first.get(), m_second.get()})
            config += QStringLiteral("Host %1\n  Port %2\n  User root\n  IdentityFile %3\n  IdentitiesOnly yes\n"
                                     "  UserKnownHostsFile %4/known_hosts\n  StrictHostKeyChecking yes\n  BatchMode yes\n")
                          .arg(server->host())
                          .arg(server->port())
                          .arg(key, cluster)
                          .toUtf8();
        m_sshConfig = cluster + QStringLiteral("/ssh_config");
        QVERIFY(writeFile(m_sshConfig, config));
    }

    void cleanupTestCase()
    {
        m_second.reset();
        m_first.reset();
        m_network.reset();
    }

    // One rank on each host: mpirun on the first starts the second's over ssh; the ranks talk through MPI,
    // both logs come home and each exit record names the host it ran on.
    void mpiRanksRunOnBothHosts()
    {
        const QString ws = addTarget(QStringLiteral("cluster"), {static_cast<const SshTestServer*>(m_second.get())});
        const QString id = submitAndWait(ws, mpiProject(QStringLiteral("mpi2"), "node_count: 2\nprocess_count_per_node: 1\n"), 0);
        QVERIFY(!id.isEmpty());
        const QJsonObject run = show(ws, id);
        QVERIFY2(run.value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 diagnostics(ws, id).constData());
        QCOMPARE(readFile(runFile(ws, id, QStringLiteral("system/stdout.log"))),
                 QStringLiteral("rank 0 of 2 total=3 on %1 RANK=0 LOCAL_RANK=0 NODE_RANK=0\n").arg(m_firstName).toUtf8());
        QCOMPARE(readFile(runFile(ws, id, QStringLiteral("system/ranks/1/stdout.log"))),
                 QStringLiteral("rank 1 of 2 total=3 on %1 RANK=1 LOCAL_RANK=0 NODE_RANK=1\n").arg(m_secondName).toUtf8());
        QCOMPARE(readFile(runFile(ws, id, QStringLiteral("system/ranks/1/stderr.log"))), QByteArray("stderr of rank 1\n"));
        QCOMPARE(exitRecord(ws, id, 0).value(QStringLiteral("node")).toString(), m_firstName);
        QCOMPARE(exitRecord(ws, id, 1).value(QStringLiteral("node")).toString(), m_secondName);
        QCOMPARE(exitRecord(ws, id, 1).value(QStringLiteral("exit_status")).toInt(-1), 0);
        const CliResult logs = runCli(ws, {QStringLiteral("logs"), id, QStringLiteral("--rank"), QStringLiteral("1")});
        QCOMPARE(logs.exitCode, 0);
        QVERIFY2(logs.out.contains(QByteArray(QByteArray("on ") + m_secondName.toUtf8())), logs.out.constData());
        // Each host samples itself (its first rank starts the sampler), and the samples come home through the
        // first host's watch.
        const QJsonObject metrics = runCli(ws, {QStringLiteral("metrics"), id, QStringLiteral("--json")}).json().object();
        for (const QString& node : {m_firstName, m_secondName})
            QVERIFY2(metrics.contains(QStringLiteral("system/%1/cpu_percent").arg(node)) &&
                         metrics.contains(QStringLiteral("system/%1/memory_used_mb").arg(node)),
                     qPrintable(node + QLatin1Char(' ') + QString::fromUtf8(QJsonDocument(metrics).toJson())));
    }

    // node_count 1 with two processes on one SSH host: both ranks there, as on local.
    void twoProcessesOnOneHost()
    {
        const QString ws = addTarget(QStringLiteral("cluster"), {});
        const QString id = submitAndWait(ws, mpiProject(QStringLiteral("mpi1"), "process_count_per_node: 2\n"), 0);
        QVERIFY(!id.isEmpty());
        QVERIFY2(show(ws, id).value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 diagnostics(ws, id).constData());
        QCOMPARE(readFile(runFile(ws, id, QStringLiteral("system/stdout.log"))),
                 QStringLiteral("rank 0 of 2 total=3 on %1 RANK=0 LOCAL_RANK=0 NODE_RANK=0\n").arg(m_firstName).toUtf8());
        QCOMPARE(readFile(runFile(ws, id, QStringLiteral("system/ranks/1/stdout.log"))),
                 QStringLiteral("rank 1 of 2 total=3 on %1 RANK=1 LOCAL_RANK=1 NODE_RANK=0\n").arg(m_firstName).toUtf8());
        QCOMPARE(exitRecord(ws, id, 1).value(QStringLiteral("node")).toString(), m_firstName);
    }

    // pytorch with two processes on one SSH host: the launcher there gives each rank its variables.
    void pytorchProcessesOnOneHost()
    {
        const QString ws = addTarget(QStringLiteral("cluster"), {});
        const QString est = makeProject(
            m_root.filePath(QStringLiteral("pt1")),
            {{QStringLiteral("train.py"), "import os\n"
                                          "e = os.environ\n"
                                          "print('RANK=%s LOCAL_RANK=%s WORLD_SIZE=%s MASTER_ADDR=%s port=%s' % (e['RANK'], "
                                          "e['LOCAL_RANK'], e['WORLD_SIZE'], e['MASTER_ADDR'], int(e['MASTER_PORT']) > 0))\n"}},
            "entry_script: train.py\ncompute_target: cluster\ndistributed_training: pytorch\nprocess_count_per_node: 2\n");
        const QString id = submitAndWait(ws, est, 0);
        QVERIFY(!id.isEmpty());
        QVERIFY2(show(ws, id).value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 diagnostics(ws, id).constData());
        QCOMPARE(readFile(runFile(ws, id, QStringLiteral("system/stdout.log"))),
                 QByteArray("RANK=0 LOCAL_RANK=0 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 port=True\n"));
        QCOMPARE(readFile(runFile(ws, id, QStringLiteral("system/ranks/1/stdout.log"))),
                 QByteArray("RANK=1 LOCAL_RANK=1 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 port=True\n"));
    }

    // More nodes than the target has hosts: refused at submit, naming the field and the hosts.
    void moreNodesThanHostsIsRefused()
    {
        const QString ws = addTarget(QStringLiteral("cluster"), {static_cast<const SshTestServer*>(m_second.get())});
        const CliResult r = runCli(ws, {QStringLiteral("submit"),
                                        mpiProject(QStringLiteral("mpi3"), "node_count: 3\nprocess_count_per_node: 1\n")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("node_count: 3 nodes, but compute target cluster has 2 hosts"), r.err.constData());
        QVERIFY2(r.err.contains("--extra-host"), r.err.constData());
        const CliResult badHost = runCli(ws, {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("cluster"),
                                              QStringLiteral("--extra-host"), QStringLiteral("-oProxyCommand=x")});
        QCOMPARE(badHost.exitCode, 2);
        QVERIFY2(badHost.err.contains("HOST:PORT"), badHost.err.constData());
    }

    // A rank on the second host fails: mpirun stops the first host's rank and the run fails naming the rank.
    void failingRankStopsTheOther()
    {
        const QString ws = addTarget(QStringLiteral("cluster"), {static_cast<const SshTestServer*>(m_second.get())});
        const QString est = makeProject(m_root.filePath(QStringLiteral("fail")),
                                        {{QStringLiteral("train.py"), "import os, time\n"
                                                                      "from mpi4py import MPI\n"
                                                                      "rank = MPI.COMM_WORLD.Get_rank()\n"
                                                                      "print('rank %d started' % rank, flush=True)\n"
                                                                      "if rank == 1:\n"
                                                                      "    time.sleep(0.5)\n"
                                                                      "    os._exit(3)\n"
                                                                      "time.sleep(300)\n"}},
                                        "entry_script: train.py\ncompute_target: cluster\ndistributed_training: mpi\n"
                                        "node_count: 2\nprocess_count_per_node: 1\n");
        const CliResult submitted = runCli(ws, {QStringLiteral("submit"), est});
        QVERIFY2(submitted.exitCode == 0, submitted.err.constData());
        const QString id = QString::fromUtf8(submitted.out).trimmed();
        // Far less than rank 0's 300 s.
        const QJsonObject run = waitForStatus(
            ws, id, {QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")}, 120000);
        if (run.value(QStringLiteral("status")).toString() == QLatin1String("Running")) {
            runCli(ws, {QStringLiteral("cancel"), id});
            QFAIL("the other rank was not stopped");
        }
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QVERIFY2(run.value(QStringLiteral("error")).toString() == QLatin1String("rank 1 exited with code 3"),
                 qPrintable(run.value(QStringLiteral("error")).toString() + QLatin1Char('\n') +
                            QString::fromUtf8(diagnostics(ws, id))));
        QCOMPARE(exitRecord(ws, id, 1).value(QStringLiteral("node")).toString(), m_secondName);
        const int status0 = exitRecord(ws, id, 0).value(QStringLiteral("exit_status")).toInt(-1);
        QVERIFY2(status0 > 128, qPrintable(QStringLiteral("rank 0 ended with %1\n").arg(status0) +
                                           QString::fromUtf8(diagnostics(ws, id))));
    }

    // Cancel of a run over two hosts: mpirun on the first passes the stop on, so the second host's rank ends in
    // order (its wrapper records the signal), and nothing of the run is left on either host.
    void cancelStopsTheRanksOnBothHosts()
    {
        const QString ws = addTarget(QStringLiteral("cluster"), {static_cast<const SshTestServer*>(m_second.get())});
        const QString est = makeProject(m_root.filePath(QStringLiteral("cancel")),
                                        {{QStringLiteral("train.py"), "import time\n"
                                                                      "from mpi4py import MPI\n"
                                                                      "rank = MPI.COMM_WORLD.Get_rank()\n"
                                                                      "print('rank %d started' % rank, flush=True)\n"
                                                                      "time.sleep(300)\n"}},
                                        "entry_script: train.py\ncompute_target: cluster\ndistributed_training: mpi\n"
                                        "node_count: 2\nprocess_count_per_node: 1\n");
        const CliResult submitted = runCli(ws, {QStringLiteral("submit"), est});
        QVERIFY2(submitted.exitCode == 0, submitted.err.constData());
        const QString id = QString::fromUtf8(submitted.out).trimmed();
        QTRY_VERIFY_WITH_TIMEOUT(readFile(runFile(ws, id, QStringLiteral("system/ranks/1/stdout.log"))).contains("rank 1 started") &&
                                     readFile(runFile(ws, id, QStringLiteral("system/stdout.log"))).contains("rank 0 started"),
                                 120000);
        QCOMPARE(runCli(ws, {QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject run = waitForStatus(
            ws, id, {QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")}, 120000);
        QVERIFY2(run.value(QStringLiteral("status")).toString() == QLatin1String("Canceled"),
                 qPrintable(run.value(QStringLiteral("status")).toString() + QLatin1Char(' ') +
                            run.value(QStringLiteral("error")).toString() + QLatin1Char('\n') +
                            QString::fromUtf8(diagnostics(ws, id))));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(runFile(ws, id, QStringLiteral("system/ranks/1/exit.json"))), 30000);
        QCOMPARE(exitRecord(ws, id, 1).value(QStringLiteral("node")).toString(), m_secondName);
        const int status1 = exitRecord(ws, id, 1).value(QStringLiteral("exit_status")).toInt(-1);
        QVERIFY2(status1 > 128, qPrintable(QStringLiteral("rank 1 ended with %1\n").arg(status1) +
                                           QString::fromUtf8(diagnostics(ws, id))));
        // The hosts are namespaces of this machine: their processes are in this /proc.
        const QByteArray marker = "TRAINYARD_RUN_DIR=" + QString(m_workdir + QStringLiteral("/runs/") + id).toUtf8();
        QTRY_VERIFY_WITH_TIMEOUT(
            processesWhere(QStringLiteral("environ"), [&](const QList<QByteArray>& env) { return env.contains(marker); })
                .isEmpty(),
            30000);
    }

    // PyTorch DDP on gloo with one process per host: the ranks find the master on the first host and train.
    void pytorchDdpOverBothHosts()
    {
        if (runProgram(systemPython(), {QStringLiteral("-c"), QStringLiteral("import torch")}).exitCode != 0)
            QFAIL("needs python3-torch (scripts/setup.sh --tests)");
        const QString ws = addTarget(QStringLiteral("cluster"), {static_cast<const SshTestServer*>(m_second.get())});
        const QString est = makeProject(
            m_root.filePath(QStringLiteral("ddp")),
            {{QStringLiteral("train.py"), "import os, socket\n"
                                          "import torch, torch.distributed as dist\n"
                                          "from torch.nn.parallel import DistributedDataParallel as DDP\n"
                                          "import trainyard\n"
                                          "dist.init_process_group('gloo')\n"
                                          "rank, world = dist.get_rank(), dist.get_world_size()\n"
                                          "assert rank == int(os.environ['RANK']) and world == 2\n"
                                          "torch.manual_seed(0)\n"
                                          "model = DDP(torch.nn.Linear(4, 1))\n"
                                          "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
                                          "g = torch.Generator().manual_seed(rank)\n"
                                          "x = torch.randn(64, 4, generator=g)\n"
                                          "y = x.sum(dim=1, keepdim=True)\n"
                                          "for step in range(20):\n"
                                          "    opt.zero_grad()\n"
                                          "    loss = ((model(x) - y) ** 2).mean()\n"
                                          "    loss.backward()\n"
                                          "    opt.step()\n"
                                          "    trainyard.log('loss', loss.item())\n"
                                          "print('rank %d of %d on %s' % (rank, world, socket.gethostname()))\n"
                                          "dist.destroy_process_group()\n"}},
            // gloo finds its own address from the host name unless told the interface; these hosts' names
            // resolve nowhere.
            "entry_script: train.py\ncompute_target: cluster\ndistributed_training: pytorch\nnode_count: 2\n"
            "process_count_per_node: 1\nenvironment_variables:\n  GLOO_SOCKET_IFNAME: eth0\n");
        const QString id = submitAndWait(ws, est, 0);
        QVERIFY(!id.isEmpty());
        QVERIFY2(show(ws, id).value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 diagnostics(ws, id).constData());
        QCOMPARE(readFile(runFile(ws, id, QStringLiteral("system/stdout.log"))),
                 QStringLiteral("rank 0 of 2 on %1\n").arg(m_firstName).toUtf8());
        QCOMPARE(readFile(runFile(ws, id, QStringLiteral("system/ranks/1/stdout.log"))),
                 QStringLiteral("rank 1 of 2 on %1\n").arg(m_secondName).toUtf8());
        const QJsonObject metrics = runCli(ws, {QStringLiteral("metrics"), id, QStringLiteral("--json")}).json().object();
        QVERIFY2(metrics.contains(QStringLiteral("loss")), QJsonDocument(metrics).toJson().constData());
    }

    // A host that does not see the working folder: the run fails before it starts, naming that host.
    void hostWithoutTheSharedFolderIsRefused()
    {
        QString error;
        const auto apart = startHost(QStringLiteral("tynode%1c").arg(::getpid()), m_workdir, &error);
        QVERIFY2(apart, qPrintable(error));
        const QString ws = addTarget(QStringLiteral("cluster"), {static_cast<const SshTestServer*>(apart.get())});
        const QString id =
            submitAndWait(ws, mpiProject(QStringLiteral("apart"), "node_count: 2\nprocess_count_per_node: 1\n"), 1);
        QVERIFY(!id.isEmpty());
        const QJsonObject run = show(ws, id);
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        const QString message = run.value(QStringLiteral("error")).toString();
        QVERIFY2(message.contains(QStringLiteral("host root@%1:%2 does not see the run folder").arg(apart->host()).arg(apart->port())),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("must share the working folder")), qPrintable(message));
        QVERIFY(!QFileInfo::exists(runFile(ws, id, QStringLiteral("system/launcher.log"))));
    }
};

QTEST_GUILESS_MAIN(TestSshDistributed)
#include "TestSshDistributed.moc"
