// Runs on a Slurm target reached through a login node: a real OpenSSH server on loopback
// (tests/support/SshTestServer, root key login) is the login node, the real two-node test cluster
// (tests/support/SlurmCluster) is behind it, and the target's workdir is on the cluster's shared file system.
// The client commands, the upload of the run folder, the stream of logs and metrics home and the outputs at
// the end all go through the SSH target's connection. Everything is driven through trainyard-cli.
#include <QtTest>

#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QTcpServer>

#include "LocalWheels.h"
#include "SlurmCluster.h"
#include "SshTestServer.h"
#include "TestSupport.h"

#include <csignal>

using namespace TestSupport;

namespace {
const QStringList kEnded{QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")};
} // namespace

class TestSlurmLogin : public QObject
{
    Q_OBJECT

    std::unique_ptr<SlurmCluster> m_cluster;
    std::unique_ptr<SshTestServer> m_login;
    QString m_root; // on the cluster's shared file system, with a space and a quote to prove the quoting
    int m_projects = 0;

    QString workspace() const { return m_root + QStringLiteral("/ws"); }
    QString workdir() const { return m_cluster->sharedDir() + QStringLiteral("/login-work"); }

    CliResult cli(const QStringList& args) { return runCli(workspace(), args); }

    QStringList loginFlags(int port) const
    {
        return {QStringLiteral("--host"),          m_login->host(),
                QStringLiteral("--port"),          QString::number(port),
                QStringLiteral("--user"),          m_login->user(),
                QStringLiteral("--identity-file"), m_login->clientKeyPath(),
                QStringLiteral("--python"),        systemPython(),
                QStringLiteral("--cleanup"),       QStringLiteral("keep")};
    }

    QStringList clusterFlags() const
    {
        return {QStringLiteral("--partition"),
                m_cluster->partition(),
                QStringLiteral("--slurm-conf"),
                m_cluster->slurmConf(),
                QStringLiteral("--python"),
                systemPython(),
                QStringLiteral("--max-concurrent-runs"),
                QStringLiteral("10"),
                QStringLiteral("--cancel-grace-seconds"),
                QStringLiteral("5")};
    }

    QString project(const QByteArray& script, const QByteArray& extraYaml = QByteArray(),
                    const QString& target = QStringLiteral("cluster"))
    {
        const QString dir = m_root + QStringLiteral("/project%1").arg(++m_projects);
        return makeProject(dir, {{QStringLiteral("job.py"), script}},
                           "entry_script: job.py\ncompute_target: " + target.toUtf8() + "\n" + extraYaml);
    }

    QString submit(const QString& estimator)
    {
        const CliResult r = cli({QStringLiteral("submit"), estimator});
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QString::fromUtf8(r.out).trimmed();
    }

private slots:
    void initTestCase()
    {
        QString error;
        SlurmClusterOptions options;
        options.minJobAgeSeconds = 5;
        m_cluster = SlurmCluster::start(options, &error);
        QVERIFY2(m_cluster, qPrintable(error));
        m_login = SshTestServer::start({}, &error);
        QVERIFY2(m_login, qPrintable(error));
        m_root = m_cluster->sharedDir() + QStringLiteral("/login ws'");
        QDir().mkpath(m_root);
        const CliResult login = cli(QStringList{QStringLiteral("targets"), QStringLiteral("add"),
                                                QStringLiteral("ssh"), QStringLiteral("login")} +
                                    loginFlags(m_login->port()));
        QVERIFY2(login.exitCode == 0, login.err.constData());
        const CliResult trusted = cli({QStringLiteral("targets"), QStringLiteral("trust"),
                                       QStringLiteral("login"), QStringLiteral("--yes")});
        QVERIFY2(trusted.exitCode == 0, trusted.err.constData());
        const CliResult added =
            cli(QStringList{QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm"),
                            QStringLiteral("cluster"), QStringLiteral("--login"), QStringLiteral("login"),
                            QStringLiteral("--workdir"), workdir(), QStringLiteral("--setup"),
                            QStringLiteral("echo setup ran on $(hostname)")} +
                clusterFlags());
        QVERIFY2(added.exitCode == 0, added.err.constData());
    }

    void cleanupTestCase()
    {
        QElapsedTimer timer;
        timer.start();
        while (!runnersOf(workspace()).isEmpty() && timer.elapsed() < 60000)
            QTest::qWait(200);
        for (const qint64 pid : runnersOf(workspace()))
            ::kill(pid_t(pid), SIGKILL);
        m_login.reset();
        m_cluster.reset();
    }

    void aLoginMustBeAnSshTargetAndNeedsAWorkdir()
    {
        const auto add = [this](const QStringList& args) {
            return cli(
                QStringList{QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm")} +
                args + QStringList{QStringLiteral("--partition"), QStringLiteral("debug")});
        };
        const CliResult noWorkdir =
            add({QStringLiteral("a"), QStringLiteral("--login"), QStringLiteral("login")});
        QCOMPARE(noWorkdir.exitCode, 2);
        QVERIFY2(noWorkdir.err.contains("workdir"), noWorkdir.err.constData());
        const CliResult unknown = add({QStringLiteral("b"), QStringLiteral("--login"),
                                       QStringLiteral("nosuch"), QStringLiteral("--workdir"), workdir()});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("login: there is no target named nosuch"), unknown.err.constData());
        const CliResult notSsh = add({QStringLiteral("c"), QStringLiteral("--login"), QStringLiteral("local"),
                                      QStringLiteral("--workdir"), workdir()});
        QCOMPARE(notSsh.exitCode, 2);
        QVERIFY2(notSsh.err.contains("the login must be an ssh target"), notSsh.err.constData());
        // Nothing was saved.
        for (const QString& name : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
            QVERIFY(cli({QStringLiteral("targets"), QStringLiteral("show"), name}).exitCode != 0);
        // Nor can a login be changed to a target that does not exist.
        const CliResult changed =
            cli({QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("cluster"),
                 QStringLiteral("--login"), QStringLiteral("nosuch")});
        QCOMPARE(changed.exitCode, 2);
        QVERIFY2(changed.err.contains("login: there is no target named nosuch"), changed.err.constData());
    }

    void targetsTestListsThePartitionsThroughTheLoginNode()
    {
        const CliResult r =
            cli({QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("cluster")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains(QByteArray(m_cluster->partition().toUtf8() +
                                           " (default) ← this target  up  2/2 nodes free")),
                 r.out.constData());
        // The same target behind a login node that does not answer: sinfo never runs here instead.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const int deadPort = closed.serverPort();
        closed.close();
        QCOMPARE(cli(QStringList{QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"),
                                 QStringLiteral("gone")} +
                     loginFlags(deadPort))
                     .exitCode,
                 0);
        QCOMPARE(cli(QStringList{QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm"),
                                 QStringLiteral("behind-gone"), QStringLiteral("--login"),
                                 QStringLiteral("gone"), QStringLiteral("--workdir"), workdir()} +
                     clusterFlags())
                     .exitCode,
                 0);
        const CliResult unreachable =
            cli({QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("behind-gone")});
        QCOMPARE(unreachable.exitCode, 1);
        QVERIFY2(unreachable.err.contains("cannot reach the login node"), unreachable.err.constData());
    }

    void aRunCompletesWithItsLogsAndMetricsArrivingWhileItRuns()
    {
        const QString marker = m_root + QStringLiteral("/release-%1").arg(m_projects + 1);
        const QString id = submit(
            project("import os, socket, sys, time, trainyard\n"
                    "print('hello from', socket.gethostname(), os.environ.get('SLURM_JOB_ID'), flush=True)\n"
                    "os.makedirs('logs', exist_ok=True)\n"
                    "open('logs/progress.log', 'w').write('step 1\\n')\n"
                    "trainyard.log('loss', 0.5)\n"
                    "while not os.path.exists(sys.argv[2]): time.sleep(0.1)\n"
                    "open('outputs/result.txt', 'w').write('42')\n",
                    "script_params:\n  --marker: \"" + marker.toUtf8() + "\"\n"));
        QVERIFY(!id.isEmpty());
        const QString runDir = workspace() + QStringLiteral("/runs/") + id;
        // While the job waits for the marker, its output, its own log and its metric are already here.
        QTRY_VERIFY_WITH_TIMEOUT(
            readFile(runDir + QStringLiteral("/system/stdout.log")).contains("hello from"), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(readFile(runDir + QStringLiteral("/work/logs/progress.log")) == "step 1\n",
                                 30000);
        QTRY_VERIFY_WITH_TIMEOUT(cli({QStringLiteral("--json"), QStringLiteral("metrics"), id})
                                     .json()
                                     .object()
                                     .contains(QStringLiteral("loss")),
                                 30000);
        const QJsonObject running = waitForStatus(workspace(), id, {QStringLiteral("Running")}, 30000);
        QCOMPARE(running.value(QStringLiteral("status")).toString(), QStringLiteral("Running"));
        const QString jobId = running.value(QStringLiteral("slurm_job_id")).toString();
        QVERIFY(!jobId.isEmpty());
        QCOMPARE(m_cluster->jobState(jobId), QStringLiteral("RUNNING"));
        // The run folder was built under the workdir, and the job runs there, not in the workspace.
        const QString remoteRun = workdir() + QStringLiteral("/runs/") + id;
        QVERIFY(QFileInfo(remoteRun + QStringLiteral("/work/job.py")).isFile());
        QVERIFY(!QFileInfo::exists(runDir + QStringLiteral("/work/job.py")));
        QVERIFY(readFile(remoteRun + QStringLiteral("/system/job.sbatch"))
                    .contains(QByteArray("#SBATCH \"--chdir=" + remoteRun.toUtf8() + "/work\"")));
        // The batch script is kept as a run file here too.
        QCOMPARE(readFile(runDir + QStringLiteral("/system/job.sbatch")),
                 readFile(remoteRun + QStringLiteral("/system/job.sbatch")));

        QVERIFY(writeFile(marker, "go"));
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 60000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QCOMPARE(done.value(QStringLiteral("exit_code")).toInt(-1), 0);
        QCOMPARE(done.value(QStringLiteral("slurm_job_id")).toString(), jobId);
        const QString stdoutLog = QString::fromUtf8(readFile(runDir + QStringLiteral("/system/stdout.log")));
        QVERIFY2(stdoutLog.contains(jobId), qPrintable(stdoutLog));
        const QString node = stdoutLog.section(QLatin1Char(' '), 2, 2);
        QVERIFY2(m_cluster->nodes().contains(node), qPrintable(stdoutLog));
        // What the run ran with names the node it ran on (its description came home with the stream), not
        // the login node.
        const QJsonObject host =
            QJsonDocument::fromJson(readFile(runDir + QStringLiteral("/system/ran-with.json")))
                .object()
                .value(QStringLiteral("description"))
                .toObject()
                .value(QStringLiteral("host"))
                .toObject();
        QCOMPARE(host.value(QStringLiteral("name")).toString(), node);
        // Outputs came home; Slurm's own output (the setup line ran on the node) too.
        QCOMPARE(
            readFile(done.value(QStringLiteral("outputs_dir")).toString() + QStringLiteral("/result.txt")),
            QByteArray("42"));
        QVERIFY(readFile(runDir + QStringLiteral("/system/slurm-") + jobId + QStringLiteral(".out"))
                    .contains("setup ran on n"));

        // Deleting the run removes its folder under the workdir too, over the login node's connection.
        QVERIFY(QFileInfo::exists(remoteRun));
        const CliResult deleted = cli({QStringLiteral("delete"), id, QStringLiteral("--yes")});
        QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        QVERIFY(!QFileInfo::exists(runDir));
        QVERIFY2(!QFileInfo::exists(remoteRun), qPrintable(remoteRun));
    }

    void aDirectRunWithAWorkdirRunsThereAndItsLogsArriveInTheWorkspace()
    {
        // No login: this machine is a cluster client that sees the cluster's file system at the workdir.
        const QString directWork = m_cluster->sharedDir() + QStringLiteral("/direct-work");
        QCOMPARE(cli(QStringList{QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm"),
                                 QStringLiteral("direct"), QStringLiteral("--workdir"), directWork} +
                     clusterFlags())
                     .exitCode,
                 0);
        const QString marker = m_root + QStringLiteral("/release-direct");
        const QString id = submit(project("import os, sys, time, trainyard\n"
                                          "print('working in', os.getcwd(), flush=True)\n"
                                          "os.makedirs('logs', exist_ok=True)\n"
                                          "open('logs/progress.log', 'w').write('step 1\\n')\n"
                                          "trainyard.log('loss', 0.25)\n"
                                          "while not os.path.exists(sys.argv[2]): time.sleep(0.1)\n"
                                          "print('released', flush=True)\n"
                                          "open('outputs/result.txt', 'w').write('7')\n",
                                          "script_params:\n  --marker: \"" + marker.toUtf8() + "\"\n",
                                          QStringLiteral("direct")));
        QVERIFY(!id.isEmpty());
        const QString runDir = workspace() + QStringLiteral("/runs/") + id;
        const QString clusterRun = directWork + QStringLiteral("/runs/") + id;
        QTRY_VERIFY_WITH_TIMEOUT(
            readFile(runDir + QStringLiteral("/system/stdout.log")).contains("working in"), 60000);
        QVERIFY2(readFile(runDir + QStringLiteral("/system/stdout.log"))
                     .contains(QByteArray("working in " + clusterRun.toUtf8() + "/work")),
                 readFile(runDir + QStringLiteral("/system/stdout.log")).constData());
        QTRY_VERIFY_WITH_TIMEOUT(readFile(runDir + QStringLiteral("/work/logs/progress.log")) == "step 1\n",
                                 30000);
        QTRY_VERIFY_WITH_TIMEOUT(cli({QStringLiteral("--json"), QStringLiteral("metrics"), id})
                                     .json()
                                     .object()
                                     .contains(QStringLiteral("loss")),
                                 30000);
        QCOMPARE(waitForStatus(workspace(), id, {QStringLiteral("Running")}, 30000).value(QStringLiteral("status")).toString(), QStringLiteral("Running"));
        QVERIFY(!QFileInfo::exists(runDir + QStringLiteral("/work/job.py")));
        QVERIFY(QFileInfo(clusterRun + QStringLiteral("/system/job.json")).isFile());

        QVERIFY(writeFile(marker, "go"));
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 60000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QVERIFY(readFile(runDir + QStringLiteral("/system/stdout.log")).contains("released"));
        QCOMPARE(readFile(runDir + QStringLiteral("/work/outputs/result.txt")), QByteArray("7"));
        // The copy of the snapshot on the cluster went; its outputs stay beside the records.
        QVERIFY(!QFileInfo::exists(clusterRun + QStringLiteral("/work/job.py")));
        QCOMPARE(readFile(clusterRun + QStringLiteral("/work/outputs/result.txt")), QByteArray("7"));
    }

    void aRunnerThatDiedIsReplacedAndTheStreamResumes()
    {
        // The job outlives its runner; the next runner adopts it through the login node, resumes the stream
        // from the local copies' sizes and reads how it ended, without a line missing or doubled.
        const QString marker = m_root + QStringLiteral("/release-adopt");
        const QString id = submit(project(
            "import os, sys, time\n"
            "print('before', flush=True)\n"
            "while not os.path.exists(sys.argv[2]): time.sleep(0.1)\n"
            "print('after', flush=True)\n"
            "sys.exit(5)\n",
            "script_params:\n  --marker: \"" + marker.toUtf8() + "\"\n"));
        const QString runDir = workspace() + QStringLiteral("/runs/") + id;
        QTRY_VERIFY_WITH_TIMEOUT(readFile(runDir + QStringLiteral("/system/stdout.log")).contains("before"), 60000);
        const QVector<qint64> runners = processesWhere(QStringLiteral("cmdline"), [&](const QList<QByteArray>& args) {
            return !args.isEmpty() && args.first().endsWith("trainyard-runner") && args.contains(id.toUtf8());
        });
        QCOMPARE(runners.size(), 1);
        QCOMPARE(::kill(pid_t(runners.first()), SIGKILL), 0);
        QVERIFY(writeFile(marker, "go"));
        // Any program opening the workspace adopts the orphan.
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 90000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QCOMPARE(done.value(QStringLiteral("exit_code")).toInt(), 5);
        QCOMPARE(readFile(runDir + QStringLiteral("/system/stdout.log")), QByteArray("before\nafter\n"));
    }

    void aFailingJobKeepsItsExitCode()
    {
        const QString id = submit(project("import sys\nprint('failing', flush=True)\nsys.exit(3)\n"));
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 60000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QCOMPARE(done.value(QStringLiteral("exit_code")).toInt(), 3);
        QCOMPARE(done.value(QStringLiteral("error")).toString(), QStringLiteral("exit code 3"));
        QVERIFY(readFile(workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/system/stdout.log"))
                    .contains("failing"));
    }

    void aPendingJobShowsSlurmsReasonAndIsCanceledInTheQueue()
    {
        const QString blocker = m_cluster->occupyAllNodes();
        QVERIFY(!blocker.isEmpty());
        const QString id = submit(project("print('never')\n"));
        const QJsonObject waiting = waitForRun(workspace(), 
            id,
            [](const QJsonObject& o) {
                return o.value(QStringLiteral("waiting_reason")).toString() ==
                       QLatin1String("queued: Resources");
            },
            60000);
        const auto unblock = qScopeGuard([&] { m_cluster->run(QStringLiteral("scancel"), {blocker}); });
        QCOMPARE(waiting.value(QStringLiteral("waiting_reason")).toString(),
                 QStringLiteral("queued: Resources"));
        const QString jobId = waiting.value(QStringLiteral("slurm_job_id")).toString();
        QCOMPARE(m_cluster->jobState(jobId), QStringLiteral("PENDING"));
        QCOMPARE(cli({QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject canceled = waitForStatus(workspace(), id, kEnded, 60000);
        QCOMPARE(canceled.value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));
        QVERIFY(canceled.value(QStringLiteral("started_at")).isNull());
        const QString state = m_cluster->jobState(jobId);
        QVERIFY2(state.isEmpty() || state == QLatin1String("CANCELLED"), qPrintable(state));
    }

    void aRunningJobIsCanceledWithScancelOverTheConnection()
    {
        const QString id = submit(project("import time\nprint('sleeping', flush=True)\ntime.sleep(600)\n"));
        const QString runDir = workspace() + QStringLiteral("/runs/") + id;
        QTRY_VERIFY_WITH_TIMEOUT(readFile(runDir + QStringLiteral("/system/stdout.log")).contains("sleeping"),
                                 60000);
        // The runner marks it Running in the round after the output arrived.
        const QJsonObject running = waitForStatus(workspace(), id, {QStringLiteral("Running")}, 30000);
        QCOMPARE(running.value(QStringLiteral("status")).toString(), QStringLiteral("Running"));
        const QString jobId = running.value(QStringLiteral("slurm_job_id")).toString();
        QCOMPARE(m_cluster->jobState(jobId), QStringLiteral("RUNNING"));
        QCOMPARE(cli({QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 60000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));
        const QString state = m_cluster->jobState(jobId);
        QVERIFY2(state.isEmpty() || state == QLatin1String("CANCELLED"), qPrintable(state));
    }

    void anEnvironmentIsBuiltOnTheLoginNodeUnderTheWorkdir()
    {
        const QString wheels = m_cluster->sharedDir() + QStringLiteral("/login-wheels"); // no spaces for pip
        QString error;
        QVERIFY2(LocalWheels::write(wheels, QStringLiteral("tylogin"), QStringLiteral("2.1"), &error),
                 qPrintable(error));
        QCOMPARE(cli({QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("cluster"),
                      QStringLiteral("--pip-find-links"), wheels})
                     .exitCode,
                 0);
        const QString id = submit(project("import sys, tylogin\nprint('tylogin', tylogin.__version__, sys.prefix)\n",
                                          "pip_packages: [tylogin==2.1]\n"));
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 180000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        const QByteArray out = readFile(workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/system/stdout.log"));
        QVERIFY2(out.contains(QByteArray("tylogin 2.1 " + workdir().toUtf8() + "/environments/")), out.constData());
    }
};

QTEST_GUILESS_MAIN(TestSlurmLogin)
#include "TestSlurmLogin.moc"
