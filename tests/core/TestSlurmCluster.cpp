// Tests for the Slurm test cluster (tests/support/SlurmCluster, scripts/slurm-cluster.sh) with the real
// Slurm client commands: the cluster the Slurm target's and the distributed runs' tests use must really be
// two nodes with their own addresses and names, run multi-node MPI through PMIx and PyTorch by node name,
// have accounting exactly when asked for, and leave nothing behind when stopped.
#include <QtTest>

#include "SlurmCluster.h"
#include "TestSupport.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QStandardPaths>

using namespace TestSupport;

namespace {

QString describe(const CliResult& result)
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3")
        .arg(result.exitCode)
        .arg(QString::fromLocal8Bit(result.out), QString::fromLocal8Bit(result.err));
}

QStringList sortedLines(const QByteArray& text)
{
    QStringList lines = QString::fromLocal8Bit(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (QString& line : lines)
        line = line.trimmed();
    lines.sort();
    return lines;
}

bool processAlive(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return false;
    return !QRegularExpression(QStringLiteral("^State:\\s+[ZX]"), QRegularExpression::MultilineOption)
                .match(QString::fromLatin1(status.readAll()))
                .hasMatch();
}

// The pids the script recorded for the cluster's daemons (munged, slurmctld, slurmd, slurmdbd, MariaDB).
QList<qint64> daemonPids(int slot)
{
    QList<qint64> pids;
    const QByteArray record = readFile(QStringLiteral("/run/trainyard-slurm/%1.state").arg(slot));
    for (const QByteArray& line : record.split('\n'))
        if (line.startsWith("pid="))
            pids.append(line.mid(4).split(':').value(0).toLongLong());
    return pids;
}

bool linkExists(const QString& name)
{
    const QString ip = QStandardPaths::findExecutable(
        QStringLiteral("ip"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"),
                               QStringLiteral("/sbin"), QStringLiteral("/bin")});
    return runProgram(ip, {QStringLiteral("link"), QStringLiteral("show"), name}).exitCode == 0;
}

} // namespace

class TestSlurmCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void twoNodeJobRunsOnBothNodesWithTheirOwnAddresses();
    void mpiAllreduceAcrossBothNodes();
    void pytorchGlooAllreduceAcrossBothNodesByNodeName();
    void sacctSaysAccountingIsDisabledWithoutAccounting();
    void startIsIdempotent();
    void sacctListsTheJobWithAccounting();
    void stopEndsJobsAndDaemonsAndRemovesNamespaces();

private:
    std::unique_ptr<SlurmCluster> m_cluster; // without accounting, shared by the first tests
};

void TestSlurmCluster::initTestCase()
{
    QString error;
    m_cluster = SlurmCluster::start(false, &error);
    QVERIFY2(m_cluster, qPrintable(error));
    QCOMPARE(m_cluster->nodes(), (QStringList{QStringLiteral("n1"), QStringLiteral("n2")}));
    QVERIFY(QFileInfo(m_cluster->slurmConf()).isFile());
}

void TestSlurmCluster::cleanupTestCase()
{
    m_cluster.reset();
}

void TestSlurmCluster::twoNodeJobRunsOnBothNodesWithTheirOwnAddresses()
{
    const CliResult hosts = m_cluster->run(
        QStringLiteral("srun"), {QStringLiteral("-N2"), QStringLiteral("-n4"), QStringLiteral("hostname")});
    QVERIFY2(hosts.exitCode == 0, qPrintable(describe(hosts)));
    QCOMPARE(sortedLines(hosts.out), (QStringList{QStringLiteral("n1"), QStringLiteral("n1"),
                                                  QStringLiteral("n2"), QStringLiteral("n2")}));

    // The address each node reaches the controller from: its own, in its own network namespace.
    const QString controller = QStringLiteral("10.231.%1.1").arg(m_cluster->slot());
    const QString script = QStringLiteral("import socket, sys\n"
                                          "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                                          "s.connect((sys.argv[1], 9))\n"
                                          "print(socket.gethostname(), s.getsockname()[0])\n");
    const CliResult addresses =
        m_cluster->run(QStringLiteral("srun"), {QStringLiteral("-N2"), QStringLiteral("--ntasks-per-node=1"),
                                                systemPython(), QStringLiteral("-c"), script, controller});
    QVERIFY2(addresses.exitCode == 0, qPrintable(describe(addresses)));
    QCOMPARE(sortedLines(addresses.out),
             (QStringList{QStringLiteral("n1 ") + m_cluster->nodeAddresses().at(0),
                          QStringLiteral("n2 ") + m_cluster->nodeAddresses().at(1)}));
    QVERIFY(m_cluster->nodeAddresses().at(0) != m_cluster->nodeAddresses().at(1));
}

void TestSlurmCluster::mpiAllreduceAcrossBothNodes()
{
    // Each rank adds rank + 1: the sum over 4 ranks is 10 on every rank only when all four took part.
    const QString script =
        QStringLiteral("from mpi4py import MPI\n"
                       "c = MPI.COMM_WORLD\n"
                       "total = c.allreduce(c.Get_rank() + 1)\n"
                       "print(c.Get_rank(), c.Get_size(), total, MPI.Get_processor_name())\n");
    const CliResult result =
        m_cluster->run(QStringLiteral("srun"),
                       {QStringLiteral("--mpi=pmix"), QStringLiteral("-N2"), QStringLiteral("-n4"),
                        systemPython(), QStringLiteral("-c"), script},
                       120000);
    QVERIFY2(result.exitCode == 0, qPrintable(describe(result) + QLatin1Char('\n') + m_cluster->logTails()));
    QCOMPARE(sortedLines(result.out),
             (QStringList{QStringLiteral("0 4 10 n1"), QStringLiteral("1 4 10 n1"),
                          QStringLiteral("2 4 10 n2"), QStringLiteral("3 4 10 n2")}));
}

void TestSlurmCluster::pytorchGlooAllreduceAcrossBothNodesByNodeName()
{
    // The master named by node name, as a launcher on Slurm gives it: n1 must resolve on both nodes. Each
    // cluster's n1 is a network namespace of its own, so the port is free there.
    const QString script =
        QStringLiteral("import os, socket\n"
                       "import torch, torch.distributed as dist\n"
                       "rank, world = int(os.environ['SLURM_PROCID']), int(os.environ['SLURM_NTASKS'])\n"
                       "os.environ['MASTER_ADDR'] = 'n1'\n"
                       "os.environ['MASTER_PORT'] = '29500'\n"
                       "dist.init_process_group('gloo', rank=rank, world_size=world)\n"
                       "t = torch.tensor([rank + 1.0])\n"
                       "dist.all_reduce(t)\n"
                       "print(rank, world, int(t.item()), socket.gethostname(), flush=True)\n"
                       "dist.destroy_process_group()\n");
    const CliResult result = m_cluster->run(QStringLiteral("srun"),
                                            {QStringLiteral("-N2"), QStringLiteral("-n2"),
                                             QStringLiteral("--export=ALL,OMP_NUM_THREADS=1"), systemPython(),
                                             QStringLiteral("-c"), script},
                                            180000);
    QVERIFY2(result.exitCode == 0, qPrintable(describe(result)));
    QCOMPARE(sortedLines(result.out), (QStringList{QStringLiteral("0 2 3 n1"), QStringLiteral("1 2 3 n2")}));
}

void TestSlurmCluster::sacctSaysAccountingIsDisabledWithoutAccounting()
{
    const CliResult submitted =
        m_cluster->run(QStringLiteral("sbatch"),
                       {QStringLiteral("--parsable"), QStringLiteral("--wrap"), QStringLiteral("true")});
    QVERIFY2(submitted.exitCode == 0, qPrintable(describe(submitted)));
    const QString jobId = QString::fromLocal8Bit(submitted.out).trimmed();
    const CliResult sacct = m_cluster->run(QStringLiteral("sacct"), {QStringLiteral("-j"), jobId});
    QVERIFY2(sacct.exitCode != 0, qPrintable(describe(sacct)));
    QVERIFY2(sacct.err.contains("accounting storage is disabled"), qPrintable(describe(sacct)));
}

void TestSlurmCluster::startIsIdempotent()
{
    const CliResult again =
        runProgram(QStringLiteral("/bin/bash"), {SlurmCluster::scriptPath(), QStringLiteral("start"),
                                                 QStringLiteral("--dir"), m_cluster->stateDir()});
    QVERIFY2(again.exitCode == 0, qPrintable(describe(again)));
    QVERIFY2(again.out.contains("already up"), qPrintable(describe(again)));
    QVERIFY2(again.out.contains(QStringLiteral("SLURM_SLOT=%1\n").arg(m_cluster->slot()).toLatin1()),
             qPrintable(describe(again)));
    const CliResult job =
        m_cluster->run(QStringLiteral("srun"), {QStringLiteral("-N2"), QStringLiteral("hostname")});
    QVERIFY2(job.exitCode == 0, qPrintable(describe(job)));
    QCOMPARE(sortedLines(job.out), (QStringList{QStringLiteral("n1"), QStringLiteral("n2")}));
}

void TestSlurmCluster::sacctListsTheJobWithAccounting()
{
    QString error;
    std::unique_ptr<SlurmCluster> cluster = SlurmCluster::start(true, &error);
    QVERIFY2(cluster, qPrintable(error));
    QVERIFY(cluster->slot() != m_cluster->slot());
    const CliResult submitted =
        cluster->run(QStringLiteral("sbatch"),
                     {QStringLiteral("--parsable"), QStringLiteral("--wrap"), QStringLiteral("true")});
    QVERIFY2(submitted.exitCode == 0, qPrintable(describe(submitted)));
    const QString jobId = QString::fromLocal8Bit(submitted.out).trimmed();
    // slurmctld sends the job's records to slurmdbd as it goes: wait until the finished job is there.
    CliResult sacct;
    QDeadlineTimer deadline(60000);
    do {
        sacct = cluster->run(QStringLiteral("sacct"),
                             {QStringLiteral("-j"), jobId, QStringLiteral("-n"), QStringLiteral("-P"),
                              QStringLiteral("-o"), QStringLiteral("JobID,State,ExitCode")});
        if (sacct.exitCode == 0 && sortedLines(sacct.out).contains(jobId + QStringLiteral("|COMPLETED|0:0")))
            break;
        QThread::msleep(200);
    } while (!deadline.hasExpired());
    QVERIFY2(sortedLines(sacct.out).contains(jobId + QStringLiteral("|COMPLETED|0:0")),
             qPrintable(describe(sacct) + QLatin1Char('\n') + cluster->logTails()));
}

void TestSlurmCluster::stopEndsJobsAndDaemonsAndRemovesNamespaces()
{
    const QByteArray hostsBefore = readFile(QStringLiteral("/etc/hosts"));
    QString error;
    std::unique_ptr<SlurmCluster> cluster = SlurmCluster::start(true, &error);
    QVERIFY2(cluster, qPrintable(error));
    const int slot = cluster->slot();
    const QList<qint64> daemons = daemonPids(slot);
    QCOMPARE(daemons.size(), 6); // munged, MariaDB, slurmdbd, slurmctld, 2 × slurmd
    for (qint64 pid : daemons)
        QVERIFY2(processAlive(pid), qPrintable(QString::number(pid)));

    // A job that would run for long: stop must end it too.
    const QString pidFile = cluster->sharedDir() + QStringLiteral("/job.pid");
    const CliResult submitted = cluster->run(
        QStringLiteral("sbatch"),
        {QStringLiteral("--parsable"), QStringLiteral("--wrap"),
         QStringLiteral("echo $$ > '%1.tmp' && mv '%1.tmp' '%1' && exec sleep 600").arg(pidFile)});
    QVERIFY2(submitted.exitCode == 0, qPrintable(describe(submitted)));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(pidFile), 30000);
    const qint64 jobPid = readFile(pidFile).trimmed().toLongLong();
    QVERIFY(jobPid > 0);
    QVERIFY(processAlive(jobPid));
    const QString namespaces[] = {QStringLiteral("/run/netns/tysl-%1-n1").arg(slot),
                                  QStringLiteral("/run/netns/tysl-%1-n2").arg(slot)};
    for (const QString& path : namespaces)
        QVERIFY2(QFileInfo::exists(path), qPrintable(path));
    QVERIFY(linkExists(QStringLiteral("tyslbr%1").arg(slot)));

    QVERIFY2(cluster->stop(&error), qPrintable(error));
    QVERIFY(!processAlive(jobPid));
    for (qint64 pid : daemons)
        QVERIFY2(!processAlive(pid), qPrintable(QString::number(pid)));
    for (const QString& path : namespaces)
        QVERIFY2(!QFileInfo::exists(path), qPrintable(path));
    QVERIFY(!linkExists(QStringLiteral("tyslbr%1").arg(slot)));
    QVERIFY(!linkExists(QStringLiteral("tysl%1na").arg(slot)));
    QVERIFY(!linkExists(QStringLiteral("tysl%1nb").arg(slot)));
    QVERIFY(!QFileInfo::exists(QStringLiteral("/run/trainyard-slurm/%1.state").arg(slot)));
    QCOMPARE(readFile(QStringLiteral("/etc/hosts")), hostsBefore);

    // Stopping what is stopped is no error.
    QVERIFY2(cluster->stop(&error), qPrintable(error));
    const CliResult again =
        runProgram(QStringLiteral("/bin/bash"), {SlurmCluster::scriptPath(), QStringLiteral("stop"),
                                                 QStringLiteral("--dir"), cluster->stateDir()});
    QVERIFY2(again.exitCode == 0, qPrintable(describe(again)));
}

QTEST_GUILESS_MAIN(TestSlurmCluster)
#include "TestSlurmCluster.moc"
