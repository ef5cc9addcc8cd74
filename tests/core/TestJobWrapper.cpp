// Tests for the POSIX sh job wrapper (resources/job/trainyard-job.sh) run directly with /bin/sh: what it
// records, atomically and privately, and that the arguments reach the job untouched.
#include <QtTest>

#include "TestSupport.h"

#include <QJsonObject>
#include <QTemporaryDir>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using namespace TestSupport;

class TestJobWrapper : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString wrapper() const { return sourceDir() + QStringLiteral("/resources/job/trainyard-job.sh"); }

    // Starts the wrapper in a process group of its own, as the local target does.
    void start(QProcess& process, const QString& name, const QStringList& command)
    {
        const QString dir = m_dir.path() + QLatin1Char('/') + name;
        QDir().mkpath(dir + QStringLiteral("/work"));
        process.setChildProcessModifier([] { ::setpgid(0, 0); });
        process.start(QStringLiteral("/bin/sh"), QStringList{wrapper(), dir, dir + QStringLiteral("/work"), dir + QStringLiteral("/out"),
                                                             dir + QStringLiteral("/err")}
                                                     + command);
        QVERIFY(process.waitForStarted());
    }

    QJsonObject record(const QString& name, const QString& file)
    {
        return QJsonDocument::fromJson(readFile(m_dir.path() + QLatin1Char('/') + name + QLatin1Char('/') + file)).object();
    }

private slots:
    void argumentsArriveLiterally()
    {
        QProcess p;
        const QStringList hostile{QStringLiteral("; rm -rf ~"), QStringLiteral("$(id)"), QStringLiteral("`x` 'q' \"d\""),
                                  QStringLiteral("*"), QStringLiteral("a\nb"), QString(), QStringLiteral("-e")};
        start(p, QStringLiteral("args"),
              QStringList{systemPython(), QStringLiteral("-c"), QStringLiteral("import json, sys; print(json.dumps(sys.argv[1:]))")} + hostile);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonArray got = QJsonDocument::fromJson(readFile(m_dir.path() + QStringLiteral("/args/out"))).array();
        QStringList actual;
        for (const QJsonValue& v : got)
            actual << v.toString();
        QCOMPARE(actual, hostile);
    }

    // A job that ends before the wrapper could look at it is still recorded with its own pid and start time:
    // the job records itself before it becomes the program, rather than leaving it to the wrapper to read a
    // /proc entry that the shell's waits may already have removed.
    void aJobThatEndsAtOnceIsStillRecorded()
    {
        for (int i = 0; i < 40; ++i) {
            QProcess p;
            const QString name = QStringLiteral("instant%1").arg(i);
            start(p, name, {QStringLiteral("/bin/true")});
            QVERIFY(p.waitForFinished(20000));
            QCOMPARE(p.exitCode(), 0);
            const QJsonObject job = record(name, QStringLiteral("job.json"));
            QVERIFY2(job.value(QStringLiteral("start_time")).toInteger() > 0,
                     qPrintable(QStringLiteral("round %1: %2").arg(i).arg(QString::fromUtf8(QJsonDocument(job).toJson(QJsonDocument::Compact)))));
            QVERIFY(job.value(QStringLiteral("pid")).toInteger() > 0);
            QVERIFY(job.value(QStringLiteral("pid")).toInteger() != job.value(QStringLiteral("wrapper_pid")).toInteger());
        }
    }

    void recordsTheJobAndItsExitStatusPrivately()
    {
        QProcess p;
        start(p, QStringLiteral("exit"), {systemPython(), QStringLiteral("-c"), QStringLiteral("import sys; sys.exit(3)")});
        const qint64 wrapperPid = p.processId();
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 3); // the wrapper exits as its job did
        QCOMPARE(record(QStringLiteral("exit"), QStringLiteral("exit.json")).value(QStringLiteral("exit_status")).toInt(-1), 3);
        const QJsonObject job = record(QStringLiteral("exit"), QStringLiteral("job.json"));
        QVERIFY(job.value(QStringLiteral("pid")).toInt() > 0);
        QVERIFY(job.value(QStringLiteral("start_time")).toInteger() > 0);
        QCOMPARE(job.value(QStringLiteral("wrapper_pid")).toInteger(), wrapperPid);
        QCOMPARE(job.value(QStringLiteral("boot_id")).toString(),
                 QString::fromLatin1(readFile(QStringLiteral("/proc/sys/kernel/random/boot_id")).trimmed()));
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(m_dir.path() + QStringLiteral("/exit/exit.json")).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        // Nothing half-written is left beside the records.
        QCOMPARE(QDir(m_dir.path() + QStringLiteral("/exit")).entryList(QDir::Hidden | QDir::Files).filter(QStringLiteral(".job")).size(), 0);
    }

    void startTimeIsTheJobsOwn()
    {
        QProcess p;
        start(p, QStringLiteral("start"), {QStringLiteral("sleep"), QStringLiteral("30")});
        const QString jobFile = m_dir.path() + QStringLiteral("/start/job.json");
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(jobFile), 10000);
        const QJsonObject job = record(QStringLiteral("start"), QStringLiteral("job.json"));
        const qint64 pid = job.value(QStringLiteral("pid")).toInteger();
        const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
        const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
        QCOMPARE(fields.value(19).toLongLong(), job.value(QStringLiteral("start_time")).toInteger());
        // SIGTERM to the whole group: the job ends by it, the wrapper stays to record that.
        QCOMPARE(::kill(-pid_t(p.processId()), SIGTERM), 0);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(record(QStringLiteral("start"), QStringLiteral("exit.json")).value(QStringLiteral("exit_status")).toInt(), 128 + SIGTERM);
    }

    void jobKilledAloneIsRecorded()
    {
        QProcess p;
        start(p, QStringLiteral("killed"), {QStringLiteral("sleep"), QStringLiteral("30")});
        const QString jobFile = m_dir.path() + QStringLiteral("/killed/job.json");
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(jobFile), 10000);
        QCOMPARE(::kill(pid_t(record(QStringLiteral("killed"), QStringLiteral("job.json")).value(QStringLiteral("pid")).toInteger()), SIGKILL), 0);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(record(QStringLiteral("killed"), QStringLiteral("exit.json")).value(QStringLiteral("exit_status")).toInt(), 128 + SIGKILL);
    }
};

QTEST_GUILESS_MAIN(TestJobWrapper)
#include "TestJobWrapper.moc"
