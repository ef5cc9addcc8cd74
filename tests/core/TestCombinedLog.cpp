// Tests for CombinedLog and the job wrapper's capture behind it (resources/job/trainyard-capture.sh,
// trainyard_capture.py): a real program writing to stdout and stderr in turn comes out in the order it wrote,
// the logs themselves stay byte for byte what the program wrote (also tens of megabytes, by splice and by
// read and write), a record that runs ahead of the logs never lets a later interval overtake an earlier one,
// and a run without a record is combined stdout-then-stderr.
#include <QtTest>

#include "TestSupport.h"
#include "logs/CombinedLog.h"

#include <QTemporaryDir>

#include <unistd.h>

using namespace TestSupport;

namespace {
// Writes to stdout and stderr in turn. After each write it waits until the capture has taken the bytes out of
// the pipe (FIONREAD on the pipe reaches 0), so the order the capture sees is the order of the writes: two
// pipes give no order between writes closer together than the reader's wake-up.
const QByteArray kAlternating = R"(import fcntl, os, struct, sys, termios, time
def settle(fd):
    deadline = time.time() + 20
    while struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0] and time.time() < deadline:
        time.sleep(0.001)
def say(fd, text):
    os.write(fd, text.encode())
    settle(fd)
for i in range(20):
    say(1, "out %d\n" % i)
    say(2, "err %d\n" % i)
say(1, "partial ")
say(2, "interrupting\n")
say(1, "rest\n")
say(2, "Traceback (most recent call last):\nValueError: boom\n")
sys.exit(1)
)";

// Tens of megabytes on both streams in 64 KiB writes, as a buffered print loop hands them over: first long
// stretches of one stream, each waited for before the other stream goes on (switches.txt: the bytes of
// both streams at each of those switches), then thousands of quick switches whose order only the capture's
// wake-ups decide. Keeps a copy of every byte in expected-out/-err, and at the end notes in log-flags.txt
// whether the wrapper's two logs are open for appending (fdinfo flags, octal) while the capture still runs.
const QByteArray kLarge = R"(import fcntl, os, struct, termios, time
def settle(fd):
    deadline = time.time() + 60
    while struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0] and time.time() < deadline:
        time.sleep(0.001)
expected = {1: open("expected-out", "wb"), 2: open("expected-err", "wb")}
written = {1: 0, 2: 0}
lines = {1: 0, 2: 0}
def emit(fd, count):
    tag = b"out" if fd == 1 else b"err"
    data = b"".join(b"%s %07d %s\n" % (tag, n, b"." * (1 + n % 97)) for n in range(lines[fd], lines[fd] + count))
    lines[fd] += count
    for start in range(0, len(data), 65536):
        view = memoryview(data)[start:start + 65536]
        while view:
            view = view[os.write(fd, view):]
    expected[fd].write(data)
    written[fd] += len(data)
switches = open("switches.txt", "w")
for round in range(6):
    emit(1, 60000)
    settle(1)
    switches.write("%d %d\n" % (written[1], written[2]))
    emit(2, 15000)
    settle(2)
    if round < 5:  # the quick switches that follow the last stretch may overtake it
        switches.write("%d %d\n" % (written[1], written[2]))
for i in range(3000):
    emit(1, 3)
    emit(2, 1)
settle(1)
settle(2)
flags = []
for fd in (1, 2):
    with open("/proc/%d/fdinfo/%d" % (os.getppid(), fd)) as info:
        flags += [line.split()[1] for line in info if line.startswith("flags:")]
open("log-flags.txt", "w").write(" ".join(flags) + "\n")
)";

struct OrderRecord {
    qint64 timeMs = 0;
    qint64 out = 0;
    qint64 err = 0;
    bool end = false;
};

// output-order.txt's records; false with *error when a line is not "TIME OUT ERR [end]" after the comment.
bool readOrderRecords(const QString& path, QVector<OrderRecord>* records, QString* error)
{
    const QList<QByteArray> lines = readFile(path).split('\n');
    if (lines.isEmpty() || !lines.first().startsWith("# trainyard output order 1")) {
        *error = QStringLiteral("no header line");
        return false;
    }
    for (const QByteArray& line : lines.mid(1)) {
        if (line.isEmpty())
            continue;
        const QList<QByteArray> fields = line.split(' ');
        bool ok[3] = {false, false, false};
        OrderRecord record;
        if (fields.size() >= 3) {
            record.timeMs = fields.at(0).toLongLong(&ok[0]);
            record.out = fields.at(1).toLongLong(&ok[1]);
            record.err = fields.at(2).toLongLong(&ok[2]);
        }
        record.end = fields.size() == 4 && fields.at(3) == "end";
        if (!ok[0] || !ok[1] || !ok[2] || (fields.size() != 3 && !record.end)) {
            *error = QStringLiteral("not a record: ") + QString::fromUtf8(line);
            return false;
        }
        records->append(record);
    }
    return true;
}

QStringList expectedAlternating()
{
    QStringList lines;
    for (int i = 0; i < 20; ++i)
        lines << QStringLiteral("out | out %1").arg(i) << QStringLiteral("err | err %1").arg(i);
    lines << QStringLiteral("out | partial ") << QStringLiteral("err | interrupting")
          << QStringLiteral("out | rest") << QStringLiteral("err | Traceback (most recent call last):")
          << QStringLiteral("err | ValueError: boom");
    return lines;
}

// The combined text's lines without their "HH:mm:ss " time.
QStringList linesWithoutTime(const QString& path)
{
    QStringList lines;
    const QString text = QString::fromUtf8(readFile(path));
    static const QRegularExpression time(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d "));
    for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QString stripped = line;
        stripped.remove(time);
        lines << stripped;
    }
    return lines;
}
} // namespace

class TestCombinedLog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_count = 0;

    QString freshDir()
    {
        const QString dir = m_dir.path() + QStringLiteral("/r%1").arg(++m_count);
        QDir().mkpath(dir + QStringLiteral("/system"));
        QDir().mkpath(dir + QStringLiteral("/work"));
        return dir;
    }

    // Runs the program through the real job wrapper, as every target does; returns its exit status.
    int runWrapped(const QString& dir, const QStringList& command, const QStringList& extraEnv = {})
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TRAINYARD_SAMPLE_SECONDS"), QStringLiteral("0"));
        env.insert(QStringLiteral("TRAINYARD_SAMPLE_PYTHON"), systemPython());
        for (const QString& pair : extraEnv)
            env.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
        process.setProcessEnvironment(env);
        process.setChildProcessModifier([] { ::setpgid(0, 0); });
        const QString system = dir + QStringLiteral("/system");
        process.start(QStringLiteral("/bin/sh"),
                      QStringList{sourceDir() + QStringLiteral("/resources/job/trainyard-job.sh"), system,
                                  dir + QStringLiteral("/work"), system + QStringLiteral("/stdout.log"),
                                  system + QStringLiteral("/stderr.log")} +
                          command);
        if (!process.waitForFinished(60000))
            return -1;
        return process.exitCode();
    }

    static bool combineAll(CombinedLog& log, bool runEnded, QString* error)
    {
        do {
            if (!log.update(runEnded, 16 << 20, error))
                return false;
        } while (log.hasBacklog());
        return true;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void aRealProgramWritingBothStreamsInTurnComesOutInOrder()
    {
        const QString dir = freshDir();
        QVERIFY(writeFile(dir + QStringLiteral("/work/alternate.py"), kAlternating));
        QCOMPARE(runWrapped(dir, {systemPython(), QStringLiteral("-u"), QStringLiteral("alternate.py")}), 1);
        const QString system = dir + QStringLiteral("/system");
        QVERIFY(QFileInfo::exists(system + QStringLiteral("/output-order.txt")));

        // The logs are what the program wrote, unchanged.
        QByteArray out, err;
        for (int i = 0; i < 20; ++i) {
            out += "out " + QByteArray::number(i) + '\n';
            err += "err " + QByteArray::number(i) + '\n';
        }
        QCOMPARE(readFile(system + QStringLiteral("/stdout.log")), out + "partial rest\n");
        QCOMPARE(readFile(system + QStringLiteral("/stderr.log")),
                 err + "interrupting\nTraceback (most recent call last):\nValueError: boom\n");

        CombinedLog log(system, dir + QStringLiteral("/combined.log"));
        QString error;
        QVERIFY2(combineAll(log, true, &error), qPrintable(error));
        QVERIFY(log.isComplete());
        QCOMPARE(log.order(), CombinedLog::Order::Recorded);
        QCOMPARE(linesWithoutTime(dir + QStringLiteral("/combined.log")), expectedAlternating());
        // Each line carries the time it was seen.
        const QString first = QString::fromUtf8(readFile(dir + QStringLiteral("/combined.log")))
                                  .section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d out \\| out 0$"))
                     .match(first)
                     .hasMatch(),
                 qPrintable(first));
    }

    void aRankOfADistributedRunRecordsItsOwnOrder()
    {
        // The rank wrapper captures like the job wrapper: rank 1's logs and record are in system/ranks/1.
        const QString dir = freshDir();
        QVERIFY(writeFile(dir + QStringLiteral("/work/alternate.py"), kAlternating));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TRAINYARD_SAMPLE_SECONDS"), QStringLiteral("0"));
        env.insert(QStringLiteral("TRAINYARD_SAMPLE_PYTHON"), systemPython());
        env.insert(QStringLiteral("RANK"), QStringLiteral("1"));
        env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(dir + QStringLiteral("/work"));
        const QString system = dir + QStringLiteral("/system");
        process.start(QStringLiteral("/bin/sh"),
                      {sourceDir() + QStringLiteral("/resources/job/trainyard-rank.sh"), system,
                       systemPython(), QStringLiteral("-u"), QStringLiteral("alternate.py")});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        const QString rankDir = system + QStringLiteral("/ranks/1");
        QVERIFY(QFileInfo::exists(rankDir + QStringLiteral("/output-order.txt")));
        CombinedLog log(rankDir, dir + QStringLiteral("/combined.log"));
        QString error;
        QVERIFY2(combineAll(log, true, &error), qPrintable(error));
        QCOMPARE(log.order(), CombinedLog::Order::Recorded);
        QCOMPARE(linesWithoutTime(dir + QStringLiteral("/combined.log")), expectedAlternating());
    }

    void whileTheRunLivesTheCombinedTextOnlyGrowsInOrder()
    {
        // A slower program, combined while it runs: every intermediate text is the start of the final one.
        const QString dir = freshDir();
        QVERIFY(writeFile(
            dir + QStringLiteral("/work/slow.py"),
            QByteArray(kAlternating).replace("settle(fd)\nfor", "settle(fd)\n    time.sleep(0.03)\nfor")));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TRAINYARD_SAMPLE_SECONDS"), QStringLiteral("0"));
        env.insert(QStringLiteral("TRAINYARD_SAMPLE_PYTHON"), systemPython());
        process.setProcessEnvironment(env);
        const QString system = dir + QStringLiteral("/system");
        process.start(QStringLiteral("/bin/sh"),
                      {sourceDir() + QStringLiteral("/resources/job/trainyard-job.sh"), system,
                       dir + QStringLiteral("/work"), system + QStringLiteral("/stdout.log"),
                       system + QStringLiteral("/stderr.log"), systemPython(), QStringLiteral("slow.py")});
        QVERIFY(process.waitForStarted());
        CombinedLog log(system, dir + QStringLiteral("/combined.log"));
        const QStringList expected = expectedAlternating();
        QString error;
        int sawPartial = 0;
        while (process.state() != QProcess::NotRunning) {
            QVERIFY2(log.update(false, 16 << 20, &error), qPrintable(error));
            QStringList lines = linesWithoutTime(dir + QStringLiteral("/combined.log"));
            // The last line may still be growing.
            if (!lines.isEmpty() && !readFile(dir + QStringLiteral("/combined.log")).endsWith('\n'))
                lines.removeLast();
            QVERIFY2(lines == expected.mid(0, lines.size()), qPrintable(lines.join(QLatin1Char('\n'))));
            if (lines.size() > 0 && lines.size() < expected.size())
                ++sawPartial;
            process.waitForFinished(50);
        }
        QVERIFY2(sawPartial > 0, "the combined text never showed the run's output while it ran");
        QVERIFY2(combineAll(log, true, &error), qPrintable(error));
        QCOMPARE(linesWithoutTime(dir + QStringLiteral("/combined.log")), expected);
    }

    void aLargeInterleavedOutputIsCopiedExactlyAndRecordedInOrder_data()
    {
        QTest::addColumn<QString>("splice");
        QTest::addColumn<bool>("appendingWhileCopied");
        // By splice, the logs are written by position; TRAINYARD_CAPTURE_SPLICE=0 takes the path of a Python
        // without os.splice (before 3.10), which reads, writes and leaves the logs appending.
        QTest::newRow("splice") << QString() << false;
        QTest::newRow("read and write") << QStringLiteral("0") << true;
    }

    void aLargeInterleavedOutputIsCopiedExactlyAndRecordedInOrder()
    {
        QFETCH(QString, splice);
        QFETCH(bool, appendingWhileCopied);
        const QString dir = freshDir();
        const QString work = dir + QStringLiteral("/work");
        const QString system = dir + QStringLiteral("/system");
        QVERIFY(writeFile(work + QStringLiteral("/large.py"), kLarge));
        // What an earlier attempt left in the logs stays in front of this one's bytes.
        QVERIFY(writeFile(system + QStringLiteral("/stdout.log"), "earlier attempt\n"));
        QVERIFY(writeFile(system + QStringLiteral("/stderr.log"), "earlier error\n"));
        const QStringList env = splice.isEmpty()
                                    ? QStringList()
                                    : QStringList{QStringLiteral("TRAINYARD_CAPTURE_SPLICE=") + splice};
        QCOMPARE(runWrapped(dir, {systemPython(), QStringLiteral("large.py")}, env), 0);

        const QByteArray out = readFile(system + QStringLiteral("/stdout.log"));
        const QByteArray err = readFile(system + QStringLiteral("/stderr.log"));
        const QByteArray expectedOut = "earlier attempt\n" + readFile(work + QStringLiteral("/expected-out"));
        const QByteArray expectedErr = "earlier error\n" + readFile(work + QStringLiteral("/expected-err"));
        QVERIFY(expectedOut.size() > 16 << 20 && expectedErr.size() > 4 << 20);
        QVERIFY2(
            out == expectedOut,
            qPrintable(
                QStringLiteral("stdout.log: %1 bytes, %2 expected").arg(out.size()).arg(expectedOut.size())));
        QVERIFY2(
            err == expectedErr,
            qPrintable(
                QStringLiteral("stderr.log: %1 bytes, %2 expected").arg(err.size()).arg(expectedErr.size())));

        // The logs were written the way this row says (0o2000: O_APPEND).
        const QList<QByteArray> flags =
            readFile(work + QStringLiteral("/log-flags.txt")).trimmed().split(' ');
        QCOMPARE(flags.size(), 2);
        for (const QByteArray& flag : flags)
            QCOMPARE(bool(flag.toUInt(nullptr, 8) & 02000), appendingWhileCopied);

        // The records: sizes that only grow, one stream at a time, from the earlier attempt's bytes to an end
        // that covers everything; a record at each switch the program waited for, before the other stream's
        // first bytes.
        QVector<OrderRecord> records;
        QString error;
        QVERIFY2(readOrderRecords(system + QStringLiteral("/output-order.txt"), &records, &error),
                 qPrintable(error));
        QVERIFY(records.size() > 24);
        QCOMPARE(records.first().out, qint64(16));
        QCOMPARE(records.first().err, qint64(14));
        for (qsizetype i = 1; i < records.size(); ++i) {
            const OrderRecord& a = records.at(i - 1);
            const OrderRecord& b = records.at(i);
            QVERIFY(b.timeMs >= a.timeMs && b.out >= a.out && b.err >= a.err);
            QVERIFY2(
                b.out == a.out || b.err == a.err,
                qPrintable(QStringLiteral("both streams grew between records %1 and %2").arg(i - 1).arg(i)));
            QCOMPARE(b.end, i == records.size() - 1);
        }
        QCOMPARE(records.last().out, qint64(out.size()));
        QCOMPARE(records.last().err, qint64(err.size()));
        const QList<QByteArray> switches =
            readFile(work + QStringLiteral("/switches.txt")).trimmed().split('\n');
        QCOMPARE(switches.size(), 11);
        qsizetype from = 0;
        for (const QByteArray& at : switches) {
            const qint64 switchOut = 16 + at.split(' ').value(0).toLongLong();
            const qint64 switchErr = 14 + at.split(' ').value(1).toLongLong();
            while (from < records.size() &&
                   !(records.at(from).out == switchOut && records.at(from).err == switchErr))
                ++from;
            QVERIFY2(
                from < records.size(),
                qPrintable(QStringLiteral("no record at the switch %1 %2").arg(switchOut).arg(switchErr)));
        }

        // The combined view: the long stretches in the order written (the earlier attempt's line in front of
        // each stream's first), then the quick switches with each stream's lines in order.
        CombinedLog log(system, dir + QStringLiteral("/combined.log"));
        QVERIFY2(combineAll(log, true, &error), qPrintable(error));
        QCOMPARE(log.order(), CombinedLog::Order::Recorded);
        const QStringList lines = linesWithoutTime(dir + QStringLiteral("/combined.log"));
        QStringList expected{QStringLiteral("out | earlier attempt")};
        int outLine = 0, errLine = 0;
        const auto lineOf = [](const char* tag, int number) {
            return QStringLiteral("%1 | %1 %2 %3")
                .arg(QLatin1String(tag))
                .arg(number, 7, 10, QLatin1Char('0'))
                .arg(QString(1 + number % 97, QLatin1Char('.')));
        };
        for (int round = 0; round < 6; ++round) {
            for (int i = 0; i < 60000; ++i)
                expected << lineOf("out", outLine++);
            if (round == 0)
                expected << QStringLiteral("err | earlier error");
            for (int i = 0; i < 15000; ++i)
                expected << lineOf("err", errLine++);
        }
        QCOMPARE(lines.size(), qsizetype(expected.size() + 4 * 3000));
        QCOMPARE(lines.mid(0, expected.size()), expected);
        QStringList quickOut, quickErr, expectedQuickOut, expectedQuickErr;
        for (const QString& line : lines.mid(expected.size()))
            (line.startsWith(QLatin1String("out")) ? quickOut : quickErr) << line;
        for (int i = 0; i < 3000; ++i) {
            for (int j = 0; j < 3; ++j)
                expectedQuickOut << lineOf("out", outLine++);
            expectedQuickErr << lineOf("err", errLine++);
        }
        QCOMPARE(quickOut, expectedQuickOut);
        QCOMPARE(quickErr, expectedQuickErr);
    }

    void aRecordAheadOfItsLogsWaitsForThem()
    {
        // As the copies of a remote run's files arrive one by one: the record already says stderr came after
        // 9 bytes of stdout, but stdout has only 5 of them so far.
        const QString dir = freshDir();
        const QString system = dir + QStringLiteral("/system");
        QVERIFY(writeFile(system + QStringLiteral("/output-order.txt"),
                          "# trainyard output order 1\n1000 0 0\n2000 9 0\n3000 9 6\n4000 9 6 end\n"));
        QVERIFY(writeFile(system + QStringLiteral("/stdout.log"), "line1"));
        QVERIFY(writeFile(system + QStringLiteral("/stderr.log"), "error\n"));
        CombinedLog log(system, dir + QStringLiteral("/combined.log"));
        QString error;
        QVERIFY2(log.update(false, 16 << 20, &error), qPrintable(error));
        QCOMPARE(linesWithoutTime(dir + QStringLiteral("/combined.log")),
                 QStringList{QStringLiteral("out | line1")});
        QVERIFY(!log.isComplete());

        QFile out(system + QStringLiteral("/stdout.log"));
        QVERIFY(out.open(QIODevice::Append));
        out.write("\nl2\n");
        out.close();
        QVERIFY2(log.update(false, 16 << 20, &error), qPrintable(error));
        QCOMPARE(linesWithoutTime(dir + QStringLiteral("/combined.log")),
                 (QStringList{QStringLiteral("out | line1"), QStringLiteral("out | l2"),
                              QStringLiteral("err | error")}));
        QVERIFY2(log.update(true, 16 << 20, &error), qPrintable(error));
        QVERIFY(log.isComplete());
    }

    void aRunWithoutARecordIsStdoutThenStderrOnceItEnded()
    {
        const QString dir = freshDir();
        QVERIFY(writeFile(dir + QStringLiteral("/work/t.py"),
                          "import sys\nprint('one')\nprint('two', file=sys.stderr)\nprint('three')\n"));
        // Without the capture (as before it existed, or a host without Python) the program writes the logs
        // itself.
        QCOMPARE(runWrapped(dir, {systemPython(), QStringLiteral("t.py")},
                            {QStringLiteral("TRAINYARD_CAPTURE=0")}),
                 0);
        const QString system = dir + QStringLiteral("/system");
        QVERIFY(!QFileInfo::exists(system + QStringLiteral("/output-order.txt")));
        QCOMPARE(readFile(system + QStringLiteral("/stdout.log")), QByteArray("one\nthree\n"));

        CombinedLog log(system, dir + QStringLiteral("/combined.log"));
        QString error;
        QVERIFY2(log.update(false, 16 << 20, &error), qPrintable(error));
        QCOMPARE(log.order(), CombinedLog::Order::Unknown);
        QVERIFY(readFile(dir + QStringLiteral("/combined.log")).isEmpty());
        QVERIFY2(combineAll(log, true, &error), qPrintable(error));
        QCOMPARE(log.order(), CombinedLog::Order::Approximate);
        QCOMPARE(QString::fromUtf8(readFile(dir + QStringLiteral("/combined.log"))),
                 QStringLiteral("out | one\nout | three\nerr | two\n"));
    }

    void aBrokenRecordIsAnErrorNamingTheFile()
    {
        const QString dir = freshDir();
        const QString system = dir + QStringLiteral("/system");
        QVERIFY(writeFile(system + QStringLiteral("/output-order.txt"), "1000 0 0\nnot a record\n"));
        CombinedLog log(system, dir + QStringLiteral("/combined.log"));
        QString error;
        QVERIFY(!log.update(true, 16 << 20, &error));
        QVERIFY2(error.contains(QStringLiteral("output-order.txt")) &&
                     error.contains(QStringLiteral("not a record")),
                 qPrintable(error));
    }

    void aBigLogIsCombinedInBoundedSteps()
    {
        const QString dir = freshDir();
        const QString system = dir + QStringLiteral("/system");
        const QByteArray line(99, 'x');
        QByteArray out;
        for (int i = 0; i < 30000; ++i)
            out += line + '\n'; // 3 MB
        QVERIFY(writeFile(system + QStringLiteral("/stdout.log"), out));
        QVERIFY(writeFile(system + QStringLiteral("/stderr.log"), "last\n"));
        QVERIFY(writeFile(system + QStringLiteral("/output-order.txt"),
                          "1 0 0\n2 " + QByteArray::number(out.size()) + " 0\n3 " +
                              QByteArray::number(out.size()) + " 5 end\n"));
        CombinedLog log(system, dir + QStringLiteral("/combined.log"));
        QString error;
        QVERIFY2(log.update(true, 1 << 20, &error), qPrintable(error));
        QVERIFY(log.hasBacklog());
        QVERIFY(QFileInfo(dir + QStringLiteral("/combined.log")).size() < 2 << 20);
        int steps = 1;
        while (log.hasBacklog()) {
            QVERIFY2(log.update(true, 1 << 20, &error), qPrintable(error));
            QVERIFY(++steps < 10);
        }
        QVERIFY(log.isComplete());
        const QStringList lines = linesWithoutTime(dir + QStringLiteral("/combined.log"));
        QCOMPARE(lines.size(), 30001);
        QCOMPARE(lines.last(), QStringLiteral("err | last"));
    }
};

QTEST_MAIN(TestCombinedLog)
#include "TestCombinedLog.moc"
