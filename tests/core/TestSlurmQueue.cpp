// Tests for the shared squeue poller of a Slurm target: one squeue call answers every runner of the target
// while its answer is recent enough for them, a failed call is an error (the state unknown), never an empty
// queue. Against the real two-node test cluster (tests/support/SlurmCluster), and a controller nobody runs.
#include <QtTest>

#include "SlurmCluster.h"
#include "TestSupport.h"
#include "targets/slurm/SlurmCommands.h"
#include "targets/slurm/SlurmQueue.h"

#include <QDateTime>

using namespace TestSupport;

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

class TestSlurmQueue : public QObject
{
    Q_OBJECT
    std::unique_ptr<SlurmCluster> m_cluster;
    QTemporaryDir m_dir;

    QString submit(const QStringList& options)
    {
        const CliResult r =
            m_cluster->run(QStringLiteral("sbatch"), QStringList{QStringLiteral("--parsable")} + options);
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
    }

    void oneCallAnswersEveryRunnerOfTheTarget()
    {
        const TargetConfig target{QStringLiteral("cluster"), QStringLiteral("slurm"),
                                  QJsonObject{{QStringLiteral("slurm_conf"), m_cluster->slurmConf()}}};
        const SlurmCommands commands(target);
        const QString dir = m_dir.path() + QStringLiteral("/shared");
        // Three runners of one target, each with its own job; the cluster is full, so the third waits.
        const QString blocker = submit({QStringLiteral("--nodes=2"), QStringLiteral("--exclusive"),
                                        QStringLiteral("--wrap"), QStringLiteral("sleep 300")});
        const QString a = submit({QStringLiteral("--wrap"), QStringLiteral("sleep 300")});
        const QString b = submit({QStringLiteral("--wrap"), QStringLiteral("sleep 300")});
        QVERIFY(!blocker.isEmpty() && !a.isEmpty() && !b.isEmpty());
        SlurmQueue first(dir, commands), second(dir, commands), third(dir, commands);
        first.registerJob(blocker);
        second.registerJob(a);
        third.registerJob(b);

        const qint64 asked = nowMs();
        const SlurmQueueAnswer one = first.lookup(blocker, asked);
        const SlurmQueueAnswer two = second.lookup(a, asked - 5000);
        const SlurmQueueAnswer three = third.lookup(b, asked - 5000);
        QVERIFY2(one.answered, qPrintable(one.error));
        QVERIFY(one.listed && two.listed && three.listed);
        QCOMPARE(first.callsMade() + second.callsMade() + third.callsMade(), 1);
        QCOMPARE(two.polledAtMs, one.polledAtMs);
        QCOMPARE(three.job.state, QStringLiteral("PENDING"));

        // A runner that needs a newer answer makes the next call, for all of them again.
        QTest::qWait(20);
        const SlurmQueueAnswer fresh = third.lookup(b, nowMs());
        QVERIFY(fresh.polledAtMs > one.polledAtMs);
        QCOMPARE(third.callsMade(), 1);
        QCOMPARE(second.lookup(a, fresh.polledAtMs).polledAtMs, fresh.polledAtMs);
        QCOMPARE(second.callsMade(), 0);

        // A job the controller no longer knows is an answer (not listed), not an error.
        QCOMPARE(m_cluster->run(QStringLiteral("scancel"), {blocker, a, b}).exitCode, 0);
        first.unregisterJob(blocker);
        second.unregisterJob(a);
        QTRY_VERIFY_WITH_TIMEOUT(m_cluster
                                         ->run(QStringLiteral("squeue"),
                                               {QStringLiteral("--noheader"), QStringLiteral("--states=all"),
                                                QStringLiteral("--jobs=") + b})
                                         .exitCode != 0,
                                 120000);
        const SlurmQueueAnswer gone = third.lookup(b, nowMs());
        QVERIFY2(gone.answered, qPrintable(gone.error));
        QVERIFY(!gone.listed);
    }

    void aControllerThatDoesNotAnswerIsAnErrorNotAnEmptyQueue()
    {
        const QString conf = m_dir.path() + QStringLiteral("/nowhere.conf");
        QVERIFY(writeFile(
            conf,
            "ClusterName=nowhere\nSlurmctldHost=localhost(127.0.0.1)\nSlurmctldPort=1\nAuthType=auth/none\n"
            "NodeName=n1 CPUs=1\nPartitionName=debug Nodes=ALL Default=YES\nMessageTimeout=2\n"));
        const TargetConfig target{QStringLiteral("nowhere"), QStringLiteral("slurm"),
                                  QJsonObject{{QStringLiteral("slurm_conf"), conf}}};
        const SlurmCommands commands(target);
        SlurmQueue queue(m_dir.path() + QStringLiteral("/nowhere"), commands);
        queue.registerJob(QStringLiteral("17"));
        const SlurmQueueAnswer answer = queue.lookup(QStringLiteral("17"), nowMs());
        QVERIFY(!answer.answered);
        QVERIFY(!answer.listed);
        QVERIFY2(answer.error.startsWith(QStringLiteral("squeue exited with")), qPrintable(answer.error));
    }

    void cleanupTestCase()
    {
        if (m_cluster)
            QVERIFY(m_cluster->stop());
    }
};

QTEST_GUILESS_MAIN(TestSlurmQueue)
#include "TestSlurmQueue.moc"
