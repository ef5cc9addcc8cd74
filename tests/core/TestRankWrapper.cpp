// Tests for the POSIX sh rank wrapper (resources/job/trainyard-rank.sh) run directly with /bin/sh, as a
// launcher runs it: the rank variables it sets, where each rank's output and metrics go, the exit record,
// signals passed on to the program, and arguments reaching it untouched.
#include <QtTest>

#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <csignal>
#include <unistd.h>

using namespace TestSupport;

class TestRankWrapper : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString wrapper() const { return sourceDir() + QStringLiteral("/resources/job/trainyard-rank.sh"); }
    QString recordDir(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }

    // The environment of a launcher's child: none of the rank variables unless given.
    static QProcessEnvironment environment(const QHash<QString, QString>& variables)
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
        for (auto it = variables.cbegin(); it != variables.cend(); ++it)
            env.insert(it.key(), it.value());
        return env;
    }

    void start(QProcess& process, const QString& name, const QHash<QString, QString>& variables,
               const QStringList& command)
    {
        QDir().mkpath(recordDir(name));
        process.setProcessEnvironment(environment(variables));
        process.start(QStringLiteral("/bin/sh"), QStringList{wrapper(), recordDir(name)} + command);
        QVERIFY(process.waitForStarted());
    }

    QJsonObject exitRecord(const QString& name, int rank) const
    {
        return QJsonDocument::fromJson(
                   readFile(recordDir(name) + QStringLiteral("/ranks/%1/exit.json").arg(rank)))
            .object();
    }

    // Prints the rank variables (and the metrics file) the program sees as one JSON object.
    static QStringList printVariables()
    {
        return {systemPython(), QStringLiteral("-c"),
                QStringLiteral("import json, os\n"
                               "names = ['RANK', 'WORLD_SIZE', 'LOCAL_RANK', 'NODE_RANK', "
                               "'LOCAL_WORLD_SIZE', 'TRAINYARD_METRICS_FILE']\n"
                               "print(json.dumps({n: os.environ.get(n) for n in names}))\n")};
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // OpenMPI's rank, ranks placed node after node by TRAINYARD_PROCESSES_PER_NODE: rank 3 of 2 × 2 is local
    // rank 1 of node 1, whatever OpenMPI counts on this one machine; its output goes to its own folder.
    void mpiRankGetsItsVariablesAndItsOwnLogs()
    {
        QProcess p;
        start(p, QStringLiteral("mpi"),
              {{QStringLiteral("OMPI_COMM_WORLD_RANK"), QStringLiteral("3")},
               {QStringLiteral("OMPI_COMM_WORLD_SIZE"), QStringLiteral("4")},
               {QStringLiteral("OMPI_COMM_WORLD_LOCAL_RANK"), QStringLiteral("3")},
               {QStringLiteral("TRAINYARD_PROCESSES_PER_NODE"), QStringLiteral("2")},
               {QStringLiteral("TRAINYARD_NODE_COUNT"), QStringLiteral("2")},
               {QStringLiteral("TRAINYARD_METRICS_FILE"),
                recordDir(QStringLiteral("mpi")) + QStringLiteral("/helper-metrics.jsonl")}},
              printVariables());
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject seen = QJsonDocument::fromJson(readFile(recordDir(QStringLiteral("mpi")) +
                                                                  QStringLiteral("/ranks/3/stdout.log")))
                                     .object();
        QCOMPARE(seen.value(QStringLiteral("RANK")).toString(), QStringLiteral("3"));
        QCOMPARE(seen.value(QStringLiteral("WORLD_SIZE")).toString(), QStringLiteral("4"));
        QCOMPARE(seen.value(QStringLiteral("LOCAL_RANK")).toString(), QStringLiteral("1"));
        QCOMPARE(seen.value(QStringLiteral("NODE_RANK")).toString(), QStringLiteral("1"));
        QCOMPARE(seen.value(QStringLiteral("LOCAL_WORLD_SIZE")).toString(), QStringLiteral("2"));
        // Metrics from rank 0 only by default: rank 3's go nowhere (not even to its stdout).
        QCOMPARE(seen.value(QStringLiteral("TRAINYARD_METRICS_FILE")).toString(),
                 QStringLiteral("/dev/null"));
        QVERIFY(!QFileInfo::exists(recordDir(QStringLiteral("mpi")) + QStringLiteral("/stdout.log")));
        const QJsonObject exit = exitRecord(QStringLiteral("mpi"), 3);
        QCOMPARE(exit.value(QStringLiteral("rank")).toInt(-1), 3);
        QCOMPARE(exit.value(QStringLiteral("exit_status")).toInt(-1), 0);
        QCOMPARE(exit.value(QStringLiteral("node")).toString(),
                 QString::fromUtf8(readFile(QStringLiteral("/proc/sys/kernel/hostname"))).trimmed());
        // Written atomically: no temporary file is left beside it (the record of its output's order is no
        // temporary file).
        QCOMPARE(QDir(recordDir(QStringLiteral("mpi")) + QStringLiteral("/ranks/3"))
                     .entryList(QDir::Files | QDir::Hidden),
                 (QStringList{QStringLiteral("exit.json"), QStringLiteral("output-order.txt"),
                              QStringLiteral("stderr.log"), QStringLiteral("stdout.log")}));
    }

    // Rank 0 writes the run's own stdout and keeps the run's metrics file; with metrics from all ranks,
    // rank r >= 1 gets one in its folder.
    void rankZeroKeepsTheRunsFilesAndOtherRanksGetTheirOwnMetricsFile()
    {
        const QString dir = recordDir(QStringLiteral("zero"));
        QProcess zero;
        start(zero, QStringLiteral("zero"),
              {{QStringLiteral("RANK"), QStringLiteral("0")},
               {QStringLiteral("WORLD_SIZE"), QStringLiteral("2")},
               {QStringLiteral("TRAINYARD_METRICS_FROM_ALL_RANKS"), QStringLiteral("1")},
               {QStringLiteral("TRAINYARD_METRICS_FILE"), dir + QStringLiteral("/helper-metrics.jsonl")}},
              printVariables());
        QVERIFY(zero.waitForFinished(20000));
        QCOMPARE(zero.exitCode(), 0);
        QJsonObject seen = QJsonDocument::fromJson(readFile(dir + QStringLiteral("/stdout.log"))).object();
        QCOMPARE(seen.value(QStringLiteral("TRAINYARD_METRICS_FILE")).toString(),
                 dir + QStringLiteral("/helper-metrics.jsonl"));
        QCOMPARE(seen.value(QStringLiteral("LOCAL_RANK")).toString(), QStringLiteral("0"));
        QCOMPARE(exitRecord(QStringLiteral("zero"), 0).value(QStringLiteral("exit_status")).toInt(-1), 0);

        QProcess one;
        start(one, QStringLiteral("zero"),
              {{QStringLiteral("SLURM_PROCID"), QStringLiteral("1")},
               {QStringLiteral("SLURM_NTASKS"), QStringLiteral("2")},
               {QStringLiteral("SLURM_LOCALID"), QStringLiteral("1")},
               {QStringLiteral("SLURM_NODEID"), QStringLiteral("0")},
               {QStringLiteral("TRAINYARD_METRICS_FROM_ALL_RANKS"), QStringLiteral("1")},
               {QStringLiteral("TRAINYARD_METRICS_FILE"), dir + QStringLiteral("/helper-metrics.jsonl")}},
              printVariables());
        QVERIFY(one.waitForFinished(20000));
        seen = QJsonDocument::fromJson(readFile(dir + QStringLiteral("/ranks/1/stdout.log"))).object();
        QCOMPARE(seen.value(QStringLiteral("RANK")).toString(), QStringLiteral("1"));
        QCOMPARE(seen.value(QStringLiteral("WORLD_SIZE")).toString(), QStringLiteral("2"));
        QCOMPARE(seen.value(QStringLiteral("LOCAL_RANK")).toString(), QStringLiteral("1"));
        QCOMPARE(seen.value(QStringLiteral("NODE_RANK")).toString(), QStringLiteral("0"));
        QCOMPARE(seen.value(QStringLiteral("TRAINYARD_METRICS_FILE")).toString(),
                 dir + QStringLiteral("/ranks/1/helper-metrics.jsonl"));
    }

    void exitStatusIsRecordedAndReturned()
    {
        QProcess p;
        start(p, QStringLiteral("status"), {{QStringLiteral("RANK"), QStringLiteral("1")}},
              {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("echo oops >&2; exit 7")});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 7);
        QCOMPARE(exitRecord(QStringLiteral("status"), 1).value(QStringLiteral("exit_status")).toInt(-1), 7);
        QCOMPARE(readFile(recordDir(QStringLiteral("status")) + QStringLiteral("/ranks/1/stderr.log")),
                 QByteArray("oops\n"));
    }

    // The launcher stops a rank with SIGTERM to the wrapper: the program gets it, and its end is recorded.
    void terminatePassesToTheProgramAndIsRecorded()
    {
        QProcess p;
        const QString dir = recordDir(QStringLiteral("term"));
        start(p, QStringLiteral("term"), {{QStringLiteral("PMIX_RANK"), QStringLiteral("1")}},
              {systemPython(), QStringLiteral("-c"),
               QStringLiteral(
                   "import signal, sys, time\n"
                   "signal.signal(signal.SIGTERM, lambda *a: (print('got TERM', flush=True), sys.exit(5)))\n"
                   "print('ready', flush=True)\n"
                   "time.sleep(60)\n")});
        const QString out = dir + QStringLiteral("/ranks/1/stdout.log");
        QTRY_VERIFY_WITH_TIMEOUT(readFile(out).contains("ready"), 20000);
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 5);
        QCOMPARE(readFile(out), QByteArray("ready\ngot TERM\n"));
        QCOMPARE(exitRecord(QStringLiteral("term"), 1).value(QStringLiteral("exit_status")).toInt(-1), 5);

        // A program that does not catch it is recorded as killed by it (128 + 15).
        QProcess plain;
        start(plain, QStringLiteral("plain"), {{QStringLiteral("RANK"), QStringLiteral("2")}},
              {systemPython(), QStringLiteral("-c"),
               QStringLiteral("import time\nprint('ready', flush=True)\ntime.sleep(60)\n")});
        QTRY_VERIFY_WITH_TIMEOUT(
            readFile(recordDir(QStringLiteral("plain")) + QStringLiteral("/ranks/2/stdout.log"))
                .contains("ready"),
            20000);
        ::kill(pid_t(plain.processId()), SIGTERM);
        QVERIFY(plain.waitForFinished(20000));
        QCOMPARE(plain.exitCode(), 143);
        QCOMPARE(exitRecord(QStringLiteral("plain"), 2).value(QStringLiteral("exit_status")).toInt(-1), 143);
    }

    void argumentsArriveLiterally()
    {
        QProcess p;
        const QStringList hostile{
            QStringLiteral("; rm -rf ~"), QStringLiteral("$(id)"), QStringLiteral("`x` 'q' \"d\""),
            QStringLiteral("*"),          QStringLiteral("a\nb"),  QString(),
            QStringLiteral("-e")};
        start(p, QStringLiteral("args"), {{QStringLiteral("RANK"), QStringLiteral("0")}},
              QStringList{systemPython(), QStringLiteral("-c"),
                          QStringLiteral("import json, sys; print(json.dumps(sys.argv[1:]))")} +
                  hostile);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        QStringList actual;
        for (const QJsonValue& v : QJsonDocument::fromJson(readFile(recordDir(QStringLiteral("args")) +
                                                                    QStringLiteral("/stdout.log")))
                                       .array())
            actual << v.toString();
        QCOMPARE(actual, hostile);
    }

    void noRankIsAnError()
    {
        QProcess p;
        start(p, QStringLiteral("none"), {}, {QStringLiteral("/bin/true")});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(p.readAllStandardError().contains("no rank"), "the wrapper says why");
        QVERIFY(!QFileInfo::exists(recordDir(QStringLiteral("none")) + QStringLiteral("/ranks")));
    }
};

QTEST_GUILESS_MAIN(TestRankWrapper)
#include "TestRankWrapper.moc"
