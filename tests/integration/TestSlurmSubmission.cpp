// How runs reach Slurm's queue, against the real two-node test cluster (tests/support/SlurmCluster): a run
// waiting in Slurm's queue leaves its max_concurrent_runs slot to the next run (the cluster queues), and an
// sbatch that does not answer in time, whose job the controller takes all the same, leaves no orphan job:
// the job is found by its name and canceled, and the run fails saying so.
#include <QtTest>

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include "SlurmCluster.h"
#include "TestSupport.h"

#include <csignal>

using namespace TestSupport;

namespace {
const QStringList kEnded{QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")};
} // namespace

class TestSlurmSubmission : public QObject
{
    Q_OBJECT

    std::unique_ptr<SlurmCluster> m_cluster;
    QString m_root;
    int m_projects = 0;

    QString workspace() const { return m_root + QStringLiteral("/ws"); }

    bool addTarget(const QString& name, const QStringList& flags)
    {
        const CliResult added = runCli(
            workspace(),
            QStringList{QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm"), name,
                        QStringLiteral("--partition"), m_cluster->partition(), QStringLiteral("--slurm-conf"),
                        m_cluster->slurmConf(), QStringLiteral("--python"), systemPython()} +
                flags);
        if (added.exitCode != 0)
            qWarning() << added.err;
        return added.exitCode == 0;
    }

    QString project(const QString& target, const QByteArray& script)
    {
        const QString dir = m_root + QStringLiteral("/project%1").arg(++m_projects);
        return makeProject(dir, {{QStringLiteral("job.py"), script}},
                           "entry_script: job.py\ncompute_target: " + target.toUtf8() + "\n");
    }

    QString submit(const QString& estimator)
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), estimator});
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QString::fromUtf8(r.out).trimmed();
    }

    qint64 controllerPid() const
    {
        return readFile(m_cluster->stateDir() + QStringLiteral("/slurmctld.pid")).trimmed().toLongLong();
    }

private slots:
    void initTestCase()
    {
        QString error;
        m_cluster = SlurmCluster::start(false, &error);
        QVERIFY2(m_cluster, qPrintable(error));
        m_root = m_cluster->sharedDir() + QStringLiteral("/submission");
        QDir().mkpath(m_root);
    }

    // One slot: the first run waits in Slurm's queue behind a job that holds the whole cluster, and the
    // second is submitted all the same and waits there too, behind the first. Both run once the cluster is
    // free.
    void aRunPendingInSlurmsQueueHoldsNoSlot()
    {
        QVERIFY(addTarget(QStringLiteral("narrow"),
                          {QStringLiteral("--max-concurrent-runs"), QStringLiteral("1")}));
        const QString blocker = m_cluster->occupyAllNodes();
        QVERIFY(!blocker.isEmpty());
        const QString first = submit(project(QStringLiteral("narrow"), "print('first ran')\n"));
        const QJsonObject waiting = waitForRun(workspace(), 
            first,
            [](const QJsonObject& o) {
                return o.value(QStringLiteral("waiting_reason")).toString() ==
                       QLatin1String("queued: Resources");
            },
            60000);
        QVERIFY2(waiting.value(QStringLiteral("status")).toString() == QLatin1String("Starting"),
                 qPrintable(compactJson(waiting)));
        const QString second = submit(project(QStringLiteral("narrow"), "print('second ran')\n"));
        const QJsonObject behind = waitForRun(workspace(), 
            second,
            [](const QJsonObject& o) {
                return !o.value(QStringLiteral("slurm_job_id")).toString().isEmpty() &&
                       o.value(QStringLiteral("waiting_reason"))
                           .toString()
                           .startsWith(QLatin1String("queued"));
            },
            60000);
        QVERIFY2(!behind.value(QStringLiteral("slurm_job_id")).toString().isEmpty(),
                 qPrintable(compactJson(behind)));
        QCOMPARE(behind.value(QStringLiteral("status")).toString(), QStringLiteral("Starting"));
        QCOMPARE(m_cluster->jobState(behind.value(QStringLiteral("slurm_job_id")).toString()),
                 QStringLiteral("PENDING"));

        QCOMPARE(m_cluster->run(QStringLiteral("scancel"), {blocker}).exitCode, 0);
        for (const QString& id : {first, second}) {
            const QJsonObject done = waitForStatus(workspace(), id, kEnded, 90000);
            QVERIFY2(done.value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                     qPrintable(compactJson(done)));
        }
    }

    void aJobSubmittedByAnSbatchThatTimedOutIsCanceled_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("timeoutSeconds");
        QTest::addColumn<QString>("said");
        // Trainyard gives sbatch up.
        QTest::newRow("submit timeout") << QStringLiteral("slow") << QStringLiteral("8")
                                        << QStringLiteral("sbatch did not answer within 8 s");
        // sbatch gives up itself after Slurm's MessageTimeout (10 s), before the target's limit.
        QTest::newRow("sbatch's own timeout")
            << QStringLiteral("patient") << QStringLiteral("120")
            << QStringLiteral(
                   "sbatch exited with 1: sbatch: error: Batch job submission failed: Socket timed out "
                   "on send/recv operation");
    }

    // The controller stops answering (stopped here with SIGSTOP) while sbatch hands it the job: sbatch is
    // given up (by the target's submit timeout, or by itself), the controller comes back and creates the job
    // from the request it had been sent. The run finds that job by its name, cancels it, and fails saying so.
    void aJobSubmittedByAnSbatchThatTimedOutIsCanceled()
    {
        QFETCH(QString, target);
        QFETCH(QString, timeoutSeconds);
        QFETCH(QString, said);
        QVERIFY(addTarget(target, {QStringLiteral("--submit-timeout-seconds"), timeoutSeconds}));
        const qint64 controller = controllerPid();
        QVERIFY(controller > 0);
        QCOMPARE(::kill(pid_t(controller), SIGSTOP), 0);
        struct Resume {
            qint64 pid;
            ~Resume() { ::kill(pid_t(pid), SIGCONT); }
        } resume{controller};

        // Long enough to be found before it ends, whenever the controller runs it.
        const QString id =
            submit(project(target, "import time\nprint('the orphan ran', flush=True)\ntime.sleep(600)\n"));
        QVERIFY(!id.isEmpty());
        const QByteArray script = "/runs/" + id.toUtf8() + "/system/job.sbatch";
        const auto sbatchOfTheRun = [&script]() {
            return processesWhere(QStringLiteral("cmdline"), [&script](const QList<QByteArray>& args) {
                return !args.isEmpty() && args.first().endsWith("sbatch") && args.size() > 1 &&
                       args.at(args.size() - 2).endsWith(script);
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(!sbatchOfTheRun().isEmpty(), 60000);
        // Given up (by the runner or by itself): the request is in the controller's socket, unread.
        QTRY_VERIFY_WITH_TIMEOUT(sbatchOfTheRun().isEmpty(), 30000);
        QCOMPARE(::kill(pid_t(controller), SIGCONT), 0);

        const QJsonObject done = waitForStatus(workspace(), id, kEnded, 120000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        const QString error = done.value(QStringLiteral("error")).toString();
        const QRegularExpression pattern(
            QStringLiteral("^") + QRegularExpression::escape(said) +
            QStringLiteral("; it had submitted job (\\d+) all the same, which was canceled"));
        const QRegularExpressionMatch match = pattern.match(error);
        if (!match.hasMatch())
            qWarning().noquote() << compactJson(done) << m_cluster->logTails();
        QVERIFY2(match.hasMatch(),
                 qPrintable(error + QStringLiteral("\nSlurm's jobs:\n") +
                            QString::fromUtf8(
                                m_cluster
                                    ->run(QStringLiteral("squeue"), {QStringLiteral("--states=all"),
                                                                     QStringLiteral("--format=%i|%j|%T|%Z")})
                                    .out) +
                            m_cluster->logTails()));
        const QString jobId = match.captured(1);
        // Canceled while running, it is COMPLETING until its processes are gone.
        QTRY_COMPARE_WITH_TIMEOUT(m_cluster->jobState(jobId), QStringLiteral("CANCELLED"), 60000);
    }

    void cleanupTestCase()
    {
        for (const QJsonValue& run :
             runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--json")}).json().array()) {
            const QString id = run.toObject().value(QStringLiteral("id")).toString();
            if (!kEnded.contains(run.toObject().value(QStringLiteral("status")).toString())) {
                runCli(workspace(), {QStringLiteral("cancel"), id});
                waitForStatus(workspace(), id, kEnded, 60000);
            }
        }
        m_cluster.reset();
    }
};

QTEST_GUILESS_MAIN(TestSlurmSubmission)
#include "TestSlurmSubmission.moc"
