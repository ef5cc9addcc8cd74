// Runs on the Slurm target against a real two-node Slurm (tests/support/SlurmCluster): submitted with sbatch
// through the CLI, watched by the runners through the shared squeue poller, canceled with scancel. First
// without accounting (sacct says "accounting storage is disabled"), then with slurmdbd.
#include <QtTest>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include "LocalWheels.h"
#include "SlurmCluster.h"
#include "TestSupport.h"

#include <csignal>

using namespace TestSupport;

namespace {
const QStringList kEnded{QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")};
} // namespace

class TestSlurmRuns : public QObject
{
    Q_OBJECT

    std::unique_ptr<SlurmCluster> m_cluster;
    QString m_root; // on the cluster's shared file system, with a space and a quote to prove the quoting
    int m_projects = 0;

    QString workspace() const { return m_root + QStringLiteral("/ws"); }

    bool startCluster(bool accounting)
    {
        m_cluster.reset();
        QString error;
        SlurmClusterOptions options;
        options.accounting = accounting;
        options.minJobAgeSeconds = 5; // finished jobs leave squeue soon: the fallbacks are exercised
        m_cluster = SlurmCluster::start(options, &error);
        if (!m_cluster) {
            qWarning().noquote() << error;
            return false;
        }
        m_root = m_cluster->sharedDir() +
                 (accounting ? QStringLiteral("/with acct'") : QStringLiteral("/no acct'"));
        QDir().mkpath(m_root);
        const CliResult added = runCli(
            workspace(), {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm"),
                          QStringLiteral("cluster"), QStringLiteral("--partition"), m_cluster->partition(),
                          QStringLiteral("--slurm-conf"), m_cluster->slurmConf(), QStringLiteral("--python"),
                          systemPython(), QStringLiteral("--max-concurrent-runs"), QStringLiteral("20"),
                          QStringLiteral("--cancel-grace-seconds"), QStringLiteral("5"),
                          QStringLiteral("--setup"), QStringLiteral("echo setup ran on $(hostname)"),
                          QStringLiteral("--sbatch-option"), QStringLiteral("--comment=trainyard test")});
        if (added.exitCode != 0)
            qWarning() << added.err;
        return added.exitCode == 0;
    }

    QString project(const QByteArray& script, const QByteArray& extraYaml = QByteArray())
    {
        const QString dir = m_root + QStringLiteral("/project%1").arg(++m_projects);
        return makeProject(dir, {{QStringLiteral("job.py"), script}},
                           "entry_script: job.py\ncompute_target: cluster\n" + extraYaml);
    }

    QString submit(const QString& estimator)
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), estimator});
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QString::fromUtf8(r.out).trimmed();
    }

    // The runners of this workspace finish their last steps (the next queued run, orphans) after their run
    // ended; the cluster and the folders go only once they are gone. A run a failed test left live would be
    // watched for good (a state Slurm cannot tell is unknown, never failed): its runner is ended here.
    void waitForRunnersToEnd()
    {
        QElapsedTimer timer;
        timer.start();
        while (!runnersOf(workspace()).isEmpty() && timer.elapsed() < 60000)
            QTest::qWait(200);
        const QList<qint64> left = runnersOf(workspace());
        for (const qint64 pid : left)
            ::kill(pid_t(pid), SIGKILL);
        QVERIFY2(left.isEmpty(), "runners were left after the runs ended");
    }

    void completesWithItsOutput()
    {
        const QString id = submit(project(
            "import os, socket\nprint('hello from', socket.gethostname(), os.environ.get('SLURM_JOB_ID'))\n"
            "open('outputs/result.txt', 'w').write('42')\n"));
        QVERIFY(!id.isEmpty());
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 60000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QCOMPARE(done.value(QStringLiteral("exit_code")).toInt(-1), 0);
        const QString jobId = done.value(QStringLiteral("slurm_job_id")).toString();
        QVERIFY2(!jobId.isEmpty(), "show --json carries slurm_job_id");
        const QString runDir = done.value(QStringLiteral("run_dir")).toString();
        const QString stdoutLog = QString::fromUtf8(readFile(runDir + QStringLiteral("/system/stdout.log")));
        QVERIFY2(stdoutLog.contains(QStringLiteral("hello from")) && stdoutLog.contains(jobId),
                 qPrintable(stdoutLog));
        const QString node = stdoutLog.section(QLatin1Char(' '), 2, 2);
        QVERIFY(m_cluster->nodes().contains(node));
        // What the run ran with names the node it ran on, not this machine.
        const QJsonObject host =
            QJsonDocument::fromJson(readFile(runDir + QStringLiteral("/system/ran-with.json")))
                .object()
                .value(QStringLiteral("description"))
                .toObject()
                .value(QStringLiteral("host"))
                .toObject();
        QCOMPARE(host.value(QStringLiteral("name")).toString(), node);
        QCOMPARE(
            readFile(done.value(QStringLiteral("outputs_dir")).toString() + QStringLiteral("/result.txt")),
            QByteArray("42"));
        const QByteArray script = readFile(runDir + QStringLiteral("/system/job.sbatch"));
        QVERIFY(
            script.contains(QByteArray("#SBATCH \"--partition=" + m_cluster->partition().toUtf8() + "\"")));
        QVERIFY(script.contains("#SBATCH \"--comment=trainyard test\""));
        // The setup line ran in the batch script, on the node.
        QVERIFY(readFile(runDir + QStringLiteral("/system/slurm-") + jobId + QStringLiteral(".out"))
                    .contains("setup ran on n"));
        const CliResult text = runCli(workspace(), {QStringLiteral("show"), id});
        QVERIFY2(text.out.contains(QByteArray("Slurm job   " + jobId.toUtf8())), text.out.constData());
    }

    void failsWithItsExitCodeKept()
    {
        const QString id = submit(project("import sys\nprint('failing', flush=True)\nsys.exit(3)\n"));
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 60000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QCOMPARE(done.value(QStringLiteral("exit_code")).toInt(), 3);
        QCOMPARE(done.value(QStringLiteral("error")).toString(), QStringLiteral("exit code 3"));
    }

    void aRunnerThatDiedIsReplacedAfterTheJobLeftTheQueue()
    {
        // The job outlives its runner and leaves squeue (MinJobAge 5 s) before anyone looks again: the next
        // runner reads how it ended from scontrol, sacct or the job's own exit.json.
        const QString marker = m_root + QStringLiteral("/release-%1").arg(m_projects + 1);
        const QString id = submit(project(
            "import os, sys, time\nwhile not os.path.exists(sys.argv[2]): time.sleep(0.1)\nsys.exit(5)\n",
            "script_params:\n  --marker: \"" + marker.toUtf8() + "\"\n"));
        const QJsonObject running = waitForStatus(workspace(), id, {QStringLiteral("Running")}, 60000);
        QCOMPARE(running.value(QStringLiteral("status")).toString(), QStringLiteral("Running"));
        const qint64 pid = recordedRunnerPid(workspace(), id);
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QVERIFY(writeFile(marker, "go"));
        const QString jobId = running.value(QStringLiteral("slurm_job_id")).toString();
        QTRY_VERIFY_WITH_TIMEOUT(m_cluster->jobState(jobId).isEmpty(), 90000); // gone from the controller
        // Any program opening the workspace adopts the orphan.
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 60000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QCOMPARE(done.value(QStringLiteral("exit_code")).toInt(), 5);
    }

private slots:
    void initTestCase() { QVERIFY(startCluster(false)); }

    void targetsTestListsThePartitions()
    {
        const CliResult r = runCli(
            workspace(), {QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("cluster")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QByteArray(m_cluster->partition().toUtf8() +
                                           " (default) ← this target  up  2/2 nodes free")),
                 r.out.constData());
        const CliResult j = runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("test"),
                                                 QStringLiteral("cluster"), QStringLiteral("--json")});
        const QJsonObject partition =
            j.json().object().value(QStringLiteral("partitions")).toArray().at(0).toObject();
        QCOMPARE(partition.value(QStringLiteral("total_nodes")).toInt(), 2);
        // A controller that cannot be reached is an error, not an empty list.
        QCOMPARE(runCli(workspace(),
                        {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm"),
                         QStringLiteral("nowhere"), QStringLiteral("--partition"), QStringLiteral("debug"),
                         QStringLiteral("--slurm-conf"), m_root + QStringLiteral("/missing.conf")})
                     .exitCode,
                 0);
        const CliResult missing = runCli(
            workspace(), {QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("nowhere")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("missing.conf does not exist"), missing.err.constData());
    }

    void aRunCompletes() { completesWithItsOutput(); }
    void aRunFailsWithItsExitCode() { failsWithItsExitCodeKept(); }

    void aRunPendingBehindAnotherShowsSlurmsReasonAndIsCanceledInTheQueue()
    {
        const QString blocker = m_cluster->occupyAllNodes();
        QVERIFY(!blocker.isEmpty());
        const QString first = submit(project("print('first')\n"));
        const QString second = submit(project("print('second ran')\n"));
        const auto queuedFor = [](const char* reason) {
            return [reason](const QJsonObject& o) {
                return o.value(QStringLiteral("waiting_reason")).toString() == QLatin1String(reason);
            };
        };
        // Waiting in Slurm's queue: a live run (Starting, so never claimed again) that reads Queued with the
        // reason.
        const QJsonObject waiting = waitForRun(workspace(), first, queuedFor("queued: Resources"), 60000);
        QCOMPARE(waiting.value(QStringLiteral("waiting_reason")).toString(),
                 QStringLiteral("queued: Resources"));
        QCOMPARE(waiting.value(QStringLiteral("status")).toString(), QStringLiteral("Starting"));
        QVERIFY(!waiting.value(QStringLiteral("slurm_job_id")).toString().isEmpty());
        const CliResult text = runCli(workspace(), {QStringLiteral("show"), first});
        QVERIFY2(text.out.contains("Status      Queued (Resources)"), text.out.constData());
        const QJsonObject behind = waitForRun(workspace(), second, queuedFor("queued: Priority"), 60000);
        QCOMPARE(behind.value(QStringLiteral("waiting_reason")).toString(),
                 QStringLiteral("queued: Priority"));
        const CliResult listed = runCli(workspace(), {QStringLiteral("runs")});
        QVERIFY2(listed.out.contains("Queued (Priority)"), listed.out.constData());

        // Canceled while pending: scancel takes it out of the queue; it never ran.
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), first}).exitCode, 0);
        const QJsonObject canceled = waitForStatus(workspace(), first, kEnded, 60000);
        QCOMPARE(canceled.value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));
        QVERIFY(canceled.value(QStringLiteral("started_at")).isNull());
        const QString firstJob = canceled.value(QStringLiteral("slurm_job_id")).toString();
        const QString state = m_cluster->jobState(firstJob);
        QVERIFY2(state.isEmpty() || state == QLatin1String("CANCELLED"), qPrintable(state));

        // The queue moves on once the blocker ends.
        QCOMPARE(m_cluster->run(QStringLiteral("scancel"), {blocker}).exitCode, 0);
        const QJsonObject done = waitForStatus(workspace(), second, kEnded, 60000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QVERIFY(done.value(QStringLiteral("waiting_reason")).isNull());
    }

    void aRunningRunIsCanceledWithScancel()
    {
        const QString id = submit(project("import time\nprint('sleeping', flush=True)\ntime.sleep(600)\n"));
        const QJsonObject running = waitForStatus(workspace(), id, {QStringLiteral("Running")}, 60000);
        QCOMPARE(running.value(QStringLiteral("status")).toString(), QStringLiteral("Running"));
        const QString jobId = running.value(QStringLiteral("slurm_job_id")).toString();
        QCOMPARE(m_cluster->jobState(jobId), QStringLiteral("RUNNING"));
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 60000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));
        const QString state = m_cluster->jobState(jobId);
        QVERIFY2(state.isEmpty() || state == QLatin1String("CANCELLED"), qPrintable(state));
    }

    void aRunThatHitsItsTimeLimitFailsWithTimeLimit()
    {
        // Slurm's smallest limit is a minute; its controller looks every 30 s or so.
        QCOMPARE(runCli(workspace(),
                        {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm"),
                         QStringLiteral("short"), QStringLiteral("--partition"), m_cluster->partition(),
                         QStringLiteral("--slurm-conf"), m_cluster->slurmConf(), QStringLiteral("--python"),
                         systemPython(), QStringLiteral("--time-limit"), QStringLiteral("1")})
                     .exitCode,
                 0);
        const QString est = project("import time\ntime.sleep(600)\n");
        QString yaml = QString::fromUtf8(readFile(est));
        yaml.replace(QStringLiteral("compute_target: cluster"), QStringLiteral("compute_target: short"));
        QVERIFY(writeFile(est, yaml.toUtf8()));
        const QString id = submit(est);
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 240000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QCOMPARE(done.value(QStringLiteral("error")).toString(), QStringLiteral("time limit"));
    }

    void oneSqueueCallServesEveryLiveRunOfTheTarget()
    {
        // squeue on PATH logs each call's time and arguments, then is the real one. Every program this test
        // starts from here on (the CLI, the runners it spawns) finds it first.
        const QString bin =
            m_cluster->sharedDir() + QStringLiteral("/counting-bin"); // no quote: it goes into sh
        const QString log = m_cluster->sharedDir() + QStringLiteral("/squeue-calls.log");
        QDir().mkpath(bin);
        QVERIFY(writeFile(bin + QStringLiteral("/squeue"),
                          "#!/bin/sh\nprintf '%s %s\\n' \"$(date +%s%3N)\" \"$*\" >> '" + log.toUtf8() +
                              "'\nexec /usr/bin/squeue \"$@\"\n"));
        QFile::setPermissions(bin + QStringLiteral("/squeue"),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", QFile::encodeName(bin) + ':' + path);
        constexpr int kRuns = 6;
        QStringList ids;
        for (int i = 0; i < kRuns; ++i)
            ids << submit(project("import time\ntime.sleep(50)\n"));
        QStringList jobIds;
        for (const QString& id : ids) {
            const QJsonObject o = waitForRun(workspace(), 
                id,
                [](const QJsonObject& o) {
                    return !o.value(QStringLiteral("slurm_job_id")).toString().isEmpty();
                },
                60000);
            jobIds << o.value(QStringLiteral("slurm_job_id")).toString();
        }
        const qint64 allSubmitted = QDateTime::currentMSecsSinceEpoch();
        // Watched for 35 s while all six are live (four run, two wait for a CPU).
        QTest::qWait(35000);
        qputenv("PATH", path);
        int count = 0;
        int afterAll = 0;
        for (const QByteArray& call : readFile(log).split('\n')) {
            if (call.isEmpty())
                continue;
            ++count;
            // Once every job is registered, one call asks for all of them.
            if (call.left(call.indexOf(' ')).toLongLong() > allSubmitted + 1000) {
                ++afterAll;
                for (const QString& jobId : jobIds)
                    QVERIFY2(call.contains(QByteArray(jobId.toUtf8() + ',')) ||
                                 call.endsWith(QByteArray(',' + jobId.toUtf8())) ||
                                 call.endsWith(QByteArray('=' + jobId.toUtf8())),
                             call.constData());
            }
        }
        const int seconds = int((QDateTime::currentMSecsSinceEpoch() - allSubmitted) / 1000);
        qInfo("squeue calls with %d live runs: %d since the first submit, %d in the %d s after the last (a "
              "poller per "
              "run at 1 s would make %d there)",
              kRuns, count, afterAll, seconds, kRuns * seconds);
        QVERIFY(afterAll >= 1);
        // Backing off from 1 s to 30 s after each change a runner sees: a handful while the states settle.
        QVERIFY2(afterAll <= 15, qPrintable(QString::number(afterAll)));
        for (const QString& id : ids)
            runCli(workspace(), {QStringLiteral("cancel"), id});
        for (const QString& id : ids)
            QCOMPARE(waitForStatus(workspace(), id, kEnded, 60000).value(QStringLiteral("status")).toString(),
                     QStringLiteral("Canceled"));
    }

    void anEnvironmentIsBuiltForTheRun()
    {
        // The environment tool runs on the cluster side, which is this machine here; the nodes see the
        // result.
        const QString wheels =
            m_cluster->sharedDir() + QStringLiteral("/wheels"); // pip_find_links takes no spaces
        QString error;
        QVERIFY2(LocalWheels::write(wheels, QStringLiteral("tyslurm"), QStringLiteral("1.2"), &error),
                 qPrintable(error));
        QCOMPARE(runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"),
                                      QStringLiteral("cluster"), QStringLiteral("--pip-find-links"), wheels})
                     .exitCode,
                 0);
        const QString id =
            submit(project("import sys, tyslurm\nprint('tyslurm', tyslurm.__version__, sys.prefix)\n",
                           "pip_packages: [tyslurm==1.2]\n"));
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 180000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        const QByteArray out =
            readFile(done.value(QStringLiteral("run_dir")).toString() + QStringLiteral("/system/stdout.log"));
        QVERIFY2(out.contains(QByteArray("tyslurm 1.2 " + workspace().toUtf8() + "/environments/cluster/")),
                 out.constData());
        // Images: tests/integration/TestSlurmImages.cpp.
    }

    void aRunnerThatDiedWithoutAccounting() { aRunnerThatDiedIsReplacedAfterTheJobLeftTheQueue(); }

    void withAccounting()
    {
        waitForRunnersToEnd();
        QVERIFY(startCluster(true));
        QVERIFY(m_cluster->accounting());
        completesWithItsOutput();
        if (QTest::currentTestFailed())
            return;
        failsWithItsExitCodeKept();
        if (QTest::currentTestFailed())
            return;
        aRunnerThatDiedIsReplacedAfterTheJobLeftTheQueue();
    }

    void cleanupTestCase()
    {
        waitForRunnersToEnd();
        if (m_cluster) {
            QString error;
            QVERIFY2(m_cluster->stop(&error), qPrintable(error));
        }
    }
};

QTEST_GUILESS_MAIN(TestSlurmRuns)
#include "TestSlurmRuns.moc"
