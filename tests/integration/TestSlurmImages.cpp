// Runs in container images (custom_docker_image) on the Slurm target against the real two-node test cluster
// (tests/support/SlurmCluster) with real podman: the nodes share this machine's podman storage, so the image
// resolved at Preparing on this machine is the one each node runs. A run in an image runs on its node in that
// node's network, its outputs come home, and whether it completes, is canceled or has its batch script
// killed, no container is left.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "ContainerImages.h"
#include "SlurmCluster.h"
#include "TestSupport.h"

#include <csignal>

using namespace TestSupport;

namespace {
const QStringList kEnded{QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")};
// The runner kills a canceled job this long after asking it to stop; the batch script stops the container
// after half of it.
constexpr int kCancelGraceSeconds = 10;
} // namespace

class TestSlurmImages : public QObject
{
    Q_OBJECT

    std::unique_ptr<SlurmCluster> m_cluster;
    QString m_root;
    int m_projects = 0;

    QString workspace() const { return m_root + QStringLiteral("/ws"); }

    QString project(const QByteArray& script, const char* image = ContainerImages::kPython)
    {
        const QString dir = m_root + QStringLiteral("/project%1").arg(++m_projects);
        return makeProject(
            dir, {{QStringLiteral("job.py"), script}},
            QByteArray("entry_script: job.py\ncompute_target: cluster\ncustom_docker_image: ") + image +
                "\n");
    }

    QString submit(const QString& estimator)
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), estimator});
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QString::fromUtf8(r.out).trimmed();
    }

    // `podman ps -a` for the run's container: empty once nothing of it is left, running or stopped.
    QByteArray containersOf(const QString& id)
    {
        const CliResult r = runProgram(ContainerImages::podman(),
                                       {QStringLiteral("ps"), QStringLiteral("-a"), QStringLiteral("-q"),
                                        QStringLiteral("--filter"), QStringLiteral("name=trainyard-") + id});
        return r.exitCode == 0 ? r.out.trimmed() : QByteArray("podman ps failed: ") + r.err;
    }

    // A job that ignores SIGTERM sleeping in its container, seen running; its run folder.
    QString startStubbornJob(QString* id)
    {
        *id = submit(project("import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                             "print('sleeping', flush=True)\ntime.sleep(600)\n"));
        if (id->isEmpty())
            return QString();
        const QJsonObject running = waitForStatus(workspace(), *id, {QStringLiteral("Running")}, 120000);
        const QString runDir = running.value(QStringLiteral("run_dir")).toString();
        QElapsedTimer timer;
        timer.start();
        while (!readFile(runDir + QStringLiteral("/system/stdout.log")).contains("sleeping") &&
               timer.elapsed() < 60000)
            QTest::qWait(100);
        return readFile(runDir + QStringLiteral("/system/stdout.log")).contains("sleeping") ? runDir
                                                                                            : QString();
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(ContainerImages::ensurePython(&error), qPrintable(error));
        m_cluster = SlurmCluster::start(false, &error);
        QVERIFY2(m_cluster, qPrintable(error));
        m_root = m_cluster->sharedDir() + QStringLiteral("/images");
        QDir().mkpath(m_root);
        const CliResult added = runCli(
            workspace(), {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm"),
                          QStringLiteral("cluster"), QStringLiteral("--partition"), m_cluster->partition(),
                          QStringLiteral("--slurm-conf"), m_cluster->slurmConf(), QStringLiteral("--python"),
                          systemPython(), QStringLiteral("--container-engine"), QStringLiteral("podman"),
                          QStringLiteral("--cancel-grace-seconds"), QString::number(kCancelGraceSeconds),
                          QStringLiteral("--max-concurrent-runs"), QStringLiteral("10")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
    }

    // In the image, on a node: the job sees no apt-get (the image has none), the node's own network
    // (--network host inside the node's namespace: its address), and its output file is the run's.
    void anImageRunCompletesOnANodeWithItsOutputsHome()
    {
        const QString id =
            submit(project("import os\n"
                           "inside = not os.path.exists('/usr/bin/apt-get')\n"
                           "open('outputs/inside.txt', 'w').write('inside=%s' % inside)\n"
                           "open('outputs/net.txt', 'w').write(open('/proc/net/fib_trie').read())\n"
                           "open('outputs/job.txt', 'w').write(os.environ.get('SLURM_JOB_ID', 'none'))\n"
                           "print('in the image', flush=True)\n"));
        QVERIFY(!id.isEmpty());
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 180000);
        QVERIFY2(done.value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 qPrintable(compactJson(done) + m_cluster->logTails()));
        QVERIFY(!done.value(QStringLiteral("slurm_job_id")).toString().isEmpty());
        const QString outputs = done.value(QStringLiteral("outputs_dir")).toString();
        QCOMPARE(readFile(outputs + QStringLiteral("/inside.txt")), QByteArray("inside=True"));
        const QByteArray net = readFile(outputs + QStringLiteral("/net.txt"));
        bool onANode = false;
        for (const QString& address : m_cluster->nodeAddresses())
            onANode = onANode || net.contains(address.toUtf8());
        QVERIFY2(onANode, net.left(2000).constData());
        // Slurm's variables of the job reach it in the container.
        QCOMPARE(QString::fromUtf8(readFile(outputs + QStringLiteral("/job.txt"))),
                 done.value(QStringLiteral("slurm_job_id")).toString());
        QVERIFY(runCli(workspace(), {QStringLiteral("logs"), id}).out.contains("in the image"));
        const QByteArray script =
            readFile(done.value(QStringLiteral("run_dir")).toString() + QStringLiteral("/system/job.sbatch"));
        QVERIFY2(script.contains(QByteArray(QByteArray("'--name' 'trainyard-") + id.toUtf8() + "'")),
                 script.constData());
        QCOMPARE(containersOf(id), QByteArray());
    }

    // Cancel of a running job that ignores SIGTERM: the batch script stops its container on Slurm's SIGTERM,
    // long before the runner's own kill after the grace period; the job's wrapper outlives it and records
    // how the job ended, and nothing of the container is left.
    void aCanceledImageRunLeavesNoContainer()
    {
        QString id;
        const QString runDir = startStubbornJob(&id);
        QVERIFY(!runDir.isEmpty());
        QVERIFY(!containersOf(id).isEmpty()); // the container runs now
        QElapsedTimer sinceCancel;
        sinceCancel.start();
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), id}).exitCode, 0);
        // Gone while the runner still waits for the job to stop (it kills at kCancelGraceSeconds).
        QTRY_VERIFY_WITH_TIMEOUT(containersOf(id).isEmpty(), (kCancelGraceSeconds - 1) * 1000);
        QVERIFY2(sinceCancel.elapsed() < kCancelGraceSeconds * 1000,
                 qPrintable(QString::number(sinceCancel.elapsed())));
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 60000);
        QVERIFY2(done.value(QStringLiteral("status")).toString() == QLatin1String("Canceled"),
                 qPrintable(compactJson(done)));
        QVERIFY2(QFileInfo::exists(runDir + QStringLiteral("/system/exit.json")), qPrintable(runDir));
        QCOMPARE(containersOf(id), QByteArray());
    }

    // A batch script killed outright (scancel --signal=KILL --full by an administrator, a node's
    // slurmstepd gone) leaves the container running, out of the job: the run's end removes it.
    void aContainerLeftByAKilledBatchScriptIsRemovedAtTheEnd()
    {
        QString id;
        const QString runDir = startStubbornJob(&id);
        QVERIFY(!runDir.isEmpty());
        const QString jobId = waitForStatus(workspace(), id, {QStringLiteral("Running")}, 1000)
                                  .value(QStringLiteral("slurm_job_id"))
                                  .toString();
        QCOMPARE(m_cluster
                     ->run(QStringLiteral("scancel"),
                           {QStringLiteral("--signal=KILL"), QStringLiteral("--full"), jobId})
                     .exitCode,
                 0);
        // The job's processes are gone, the container (the engine's monitor's) is not.
        QTRY_VERIFY_WITH_TIMEOUT(m_cluster->jobState(jobId) != QLatin1String("RUNNING"), 60000);
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 90000);
        QVERIFY2(kEnded.contains(done.value(QStringLiteral("status")).toString()),
                 qPrintable(compactJson(done)));
        QCOMPARE(containersOf(id), QByteArray());
    }

    // Ranks in an image are not started on Slurm yet: the run fails in Preparing, saying so, and submits
    // nothing.
    void anImageWithDistributedTrainingIsRefused()
    {
        const QString dir = m_root + QStringLiteral("/project%1").arg(++m_projects);
        const QString id = submit(makeProject(
            dir, {{QStringLiteral("job.py"), "print('never')\n"}},
            QByteArray("entry_script: job.py\ncompute_target: cluster\ndistributed_training: mpi\n"
                       "process_count_per_node: 2\ncustom_docker_image: ") +
                ContainerImages::kPython + "\n"));
        QVERIFY(!id.isEmpty());
        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 120000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QVERIFY2(done.value(QStringLiteral("error")).toString().contains(
                     QLatin1String("custom_docker_image with distributed_training mpi is not supported on Slurm "
                                   "target cluster yet")),
                 qPrintable(compactJson(done)));
        QVERIFY(done.value(QStringLiteral("slurm_job_id")).toString().isEmpty());
        QVERIFY(done.value(QStringLiteral("started_at")).isNull());
    }

    void cleanupTestCase()
    {
        // A run a failed test left live: canceled, so that its container and runner go with the cluster.
        for (const QJsonValue& run :
             runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--json")}).json().array()) {
            const QString id = run.toObject().value(QStringLiteral("id")).toString();
            if (!kEnded.contains(run.toObject().value(QStringLiteral("status")).toString())) {
                runCli(workspace(), {QStringLiteral("cancel"), id});
                waitForStatus(workspace(), id, kEnded, 60000);
            }
            runProgram(ContainerImages::podman(),
                       {QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("--ignore"),
                        QStringLiteral("trainyard-") + id});
        }
        m_cluster.reset();
    }
};

QTEST_GUILESS_MAIN(TestSlurmImages)
#include "TestSlurmImages.moc"
