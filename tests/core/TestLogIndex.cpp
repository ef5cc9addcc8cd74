// Tests for LogIndex: line counts and contents of small and growing files, CRLF, invalid UTF-8, a huge line
// without a newline, incremental updates against a reference, search both ways, reads while indexing.
#include <QtTest>

#include "logs/LogIndex.h"
#include "TestSupport.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <atomic>
#include <thread>

namespace {

bool append(const QString& path, const QByteArray& data)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        return false;
    return f.write(data) == data.size();
}

// The reference: what a viewer must show for these bytes.
QStringList referenceLines(const QByteArray& all)
{
    QStringList lines;
    if (all.isEmpty())
        return lines;
    const QList<QByteArray> parts = all.split('\n');
    for (int i = 0; i < parts.size(); ++i) {
        QByteArray p = parts[i];
        const bool last = i == parts.size() - 1;
        if (last && p.isEmpty())
            break; // a trailing newline ends the last line, it does not start one
        if (!last && p.endsWith('\r'))
            p.chop(1);
        lines << QString::fromUtf8(p);
    }
    return lines;
}

qint64 peakRssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

QByteArray numberedLine(qint64 i)
{
    QByteArray line = "line " + QByteArray::number(i) + " |";
    line += QByteArray(int(i % 37), char('a' + i % 26));
    return line + '\n';
}

} // namespace

class TestLogIndex : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString newPath() { return m_dir.path() + QStringLiteral("/log%1.txt").arg(++m_counter); }

private slots:
    void smallFileLinesAndEmptyLines()
    {
        const QString path = newPath();
        QVERIFY(TestSupport::writeFile(path, "alpha\nbeta\n\n\ngamma\n"));
        LogIndex index(path);
        QVERIFY(index.update());
        QCOMPARE(index.lineCount(), 5);
        QCOMPARE(index.readLines(0, 100), (QStringList{"alpha", "beta", "", "", "gamma"}));
        QCOMPARE(index.readLines(2, 2), (QStringList{"", ""}));
        QCOMPARE(index.readLines(4, 1), QStringList{"gamma"});
        QVERIFY(index.readLines(5, 3).isEmpty());
        QCOMPARE(index.indexedBytes(), index.fileSize());
    }

    void missingAndEmptyFilesAreEmptyLogs()
    {
        const QString path = newPath();
        LogIndex index(path);
        QString error;
        QVERIFY2(index.update(-1, &error), qPrintable(error));
        QCOMPARE(index.lineCount(), 0);
        QVERIFY(index.readLines(0, 10).isEmpty());
        QVERIFY(TestSupport::writeFile(path, ""));
        QVERIFY(index.update());
        QCOMPARE(index.lineCount(), 0);
        QVERIFY(append(path, "first\n"));
        QVERIFY(index.update());
        QCOMPARE(index.readLines(0, 10), QStringList{"first"});
    }

    void unreadableFileIsAClearError()
    {
        // A folder where the log should be cannot be read as a file (permissions would not stop root).
        const QString path = newPath();
        QVERIFY(QDir().mkpath(path));
        LogIndex index(path);
        QString error;
        QVERIFY(!index.update(-1, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QCOMPARE(index.lineCount(), 0);
    }

    void crlfLineEndsAreStripped()
    {
        const QString path = newPath();
        QVERIFY(TestSupport::writeFile(path, "one\r\ntwo\r\n\r\nthree"));
        LogIndex index(path);
        QVERIFY(index.update());
        QCOMPARE(index.lineCount(), 4);
        QCOMPARE(index.readLines(0, 4), (QStringList{"one", "two", "", "three"}));
    }

    void lastLineWithoutNewlineGrowsLater()
    {
        const QString path = newPath();
        QVERIFY(TestSupport::writeFile(path, "done\npart"));
        LogIndex index(path, 2);
        QVERIFY(index.update());
        QCOMPARE(index.lineCount(), 2);
        QCOMPARE(index.readLines(1, 1), QStringList{"part"});
        QVERIFY(append(path, "ial"));
        QVERIFY(index.update());
        QCOMPARE(index.lineCount(), 2);
        QCOMPARE(index.readLines(1, 1), QStringList{"partial"});
        QVERIFY(append(path, " line\nnext\n"));
        QVERIFY(index.update());
        QCOMPARE(index.lineCount(), 3);
        QCOMPARE(index.readLines(0, 5), (QStringList{"done", "partial line", "next"}));
    }

    void invalidUtf8IsShownLeniently()
    {
        const QString path = newPath();
        QVERIFY(TestSupport::writeFile(path, QByteArray("ok \xff\xfe end\nz\xc3\xa9ro\n\xe2\x82\n")));
        LogIndex index(path);
        QVERIFY(index.update());
        QCOMPARE(index.lineCount(), 3);
        const QStringList lines = index.readLines(0, 3);
        QVERIFY(lines[0].startsWith(QStringLiteral("ok ")));
        QVERIFY(lines[0].endsWith(QStringLiteral(" end")));
        QVERIFY(lines[0].contains(QChar(QChar::ReplacementCharacter)));
        QCOMPARE(lines[1], QStringLiteral("z\u00e9ro"));
        QVERIFY(lines[2].contains(QChar(QChar::ReplacementCharacter)));
    }

    void hugeLineIsCappedWithBoundedMemory()
    {
        const QString path = newPath();
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.write("head\n") == 5);
            const QByteArray block(1 << 20, 'x');
            for (int i = 0; i < 50; ++i)
                QVERIFY(f.write(block) == block.size());
        }
        const qint64 peakBefore = peakRssKiB();
        LogIndex index(path);
        QVERIFY(index.update());
        QCOMPARE(index.lineCount(), 2);
        QStringList lines = index.readLines(0, 5);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0], QStringLiteral("head"));
        QVERIFY(lines[1].size() < LogIndex::kMaxLineChars + 50);
        QVERIFY(lines[1].startsWith(QString(100, QLatin1Char('x'))));
        QVERIFY2(lines[1].contains(QStringLiteral("[%1 more bytes]").arg((50 << 20) - LogIndex::kMaxLineChars)),
                 qPrintable(lines[1].right(60)));
        QVERIFY(index.indexMemoryBytes() < 4096);

        // The line ends later; the next line must be found without rescanning the 50 MB.
        QVERIFY(append(path, "\nafter\n"));
        QVERIFY(index.update());
        QCOMPARE(index.lineCount(), 3);
        QElapsedTimer t;
        t.start();
        lines = index.readLines(1, 2);
        const qint64 readMs = t.elapsed();
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].endsWith(QStringLiteral(" more bytes]")));
        QCOMPARE(lines[1], QStringLiteral("after"));
        QVERIFY2(readMs < 200, qPrintable(QString::number(readMs)));
        QCOMPARE(index.readLines(2, 1), QStringList{"after"});
        const LogMatch hit = index.find(QStringLiteral("AFTER"), 0, true);
        QCOMPARE(hit.line, 2);
        const qint64 grownKiB = peakRssKiB() - peakBefore;
        qInfo("peak RSS grew by %lld KiB for a 50 MiB line", grownKiB);
#if defined(__SANITIZE_ADDRESS__)
        const qint64 limitKiB = 300 * 1024; // AddressSanitizer keeps freed blocks in quarantine (256 MB)
#else
        const qint64 limitKiB = 40 * 1024;
#endif
        QVERIFY2(grownKiB < limitKiB, qPrintable(QString::number(grownKiB)));
    }

    void incrementalUpdatesMatchTheReference_data()
    {
        QTest::addColumn<int>("linesPerCheckpoint");
        QTest::newRow("every line") << 1;
        QTest::newRow("every 3 lines") << 3;
        QTest::newRow("every 256 lines") << 256;
    }

    void incrementalUpdatesMatchTheReference()
    {
        QFETCH(int, linesPerCheckpoint);
        const QString path = newPath();
        QVERIFY(TestSupport::writeFile(path, ""));
        LogIndex index(path, linesPerCheckpoint);
        QByteArray all;
        QRandomGenerator rng(1234 + linesPerCheckpoint);
        for (int round = 0; round < 200; ++round) {
            QByteArray piece;
            const int parts = rng.bounded(1, 30);
            for (int p = 0; p < parts; ++p) {
                switch (rng.bounded(6)) {
                case 0: piece += '\n'; break;
                case 1: piece += "\r\n"; break;
                case 2: piece += QByteArray(rng.bounded(1, 200), char('a' + rng.bounded(26))); break;
                case 3: piece += "word " + QByteArray::number(round) + '\n'; break;
                case 4: piece += "\xc3\xa9t\xc3\xa9"; break;
                default: piece += QByteArray(rng.bounded(1, 20), ' ') + "x\n"; break;
                }
            }
            if (round == 100)
                piece += QByteArray(int(LogIndex::kMaxCheckpointGap) + 5000, 'L') + '\n'; // forces a gap checkpoint
            QVERIFY(append(path, piece));
            all += piece;
            // Sometimes catch up in several bounded steps, sometimes not at all until the next round.
            if (rng.bounded(4) == 0)
                continue;
            const qint64 step = rng.bounded(2) ? -1 : rng.bounded(1, 500);
            while (index.indexedBytes() < all.size())
                QVERIFY(index.update(step));
            const QStringList expected = referenceLines(all);
            QCOMPARE(index.lineCount(), expected.size());
            for (int probe = 0; probe < 5; ++probe) {
                const int first = rng.bounded(expected.size() + 1);
                const int count = rng.bounded(1, 40);
                const QStringList got = index.readLines(first, count);
                const QStringList want = expected.mid(first, count);
                QCOMPARE(got.size(), want.size());
                for (int i = 0; i < got.size(); ++i) {
                    if (want[i].size() > LogIndex::kMaxLineChars)
                        QVERIFY(got[i].startsWith(want[i].left(100)) && got[i].contains(QStringLiteral("more bytes")));
                    else
                        QCOMPARE(got[i], want[i]);
                }
            }
        }
    }

    void truncatedFileStartsOver()
    {
        const QString path = newPath();
        QVERIFY(TestSupport::writeFile(path, "a\nb\nc\nd\n"));
        LogIndex index(path, 2);
        QVERIFY(index.update());
        QCOMPARE(index.lineCount(), 4);
        const int generation = index.generation();
        QVERIFY(TestSupport::writeFile(path, "new\n"));
        QVERIFY(index.update());
        QCOMPARE(index.generation(), generation + 1);
        QCOMPARE(index.readLines(0, 10), QStringList{"new"});
    }

    void findForwardAndBackward()
    {
        const QString path = newPath();
        QByteArray all;
        QList<qint64> needleLines;
        // Enough bytes for several scan chunks, so matches straddle chunk borders for some start lines.
        for (qint64 i = 0; i < 120000; ++i) {
            QByteArray line = numberedLine(i);
            if (i % 9973 == 5) {
                line.insert(3, "NeedLe");
                needleLines << i;
            }
            all += line;
        }
        QVERIFY(TestSupport::writeFile(path, all));
        LogIndex index(path);
        QVERIFY(index.update());
        auto forwardRef = [&](qint64 from) {
            for (qint64 l : needleLines)
                if (l >= from)
                    return l;
            return qint64(-1);
        };
        auto backwardRef = [&](qint64 from) {
            for (int k = needleLines.size() - 1; k >= 0; --k)
                if (needleLines[k] <= from)
                    return needleLines[k];
            return qint64(-1);
        };
        QRandomGenerator rng(77);
        QList<qint64> starts{0, 5, 6, 119999, 120000, -1};
        for (int i = 0; i < 20; ++i)
            starts << rng.bounded(120000);
        for (qint64 from : starts) {
            QCOMPARE(index.find(QStringLiteral("needle"), from, true).line, forwardRef(std::max<qint64>(from, 0)));
            QCOMPARE(index.find(QStringLiteral("needle"), from, false).line, from >= 120000 ? backwardRef(119999) : backwardRef(from));
        }
        QVERIFY(!index.find(QStringLiteral("needle"), 0, true, true).found());
        QCOMPARE(index.find(QStringLiteral("NeedLe"), 0, true, true).line, needleLines.first());
        const LogMatch m = index.find(QStringLiteral("line 77777 |"), 0, true);
        QCOMPARE(m.line, 77777);
        QCOMPARE(all.mid(m.offset, 12), QByteArray("line 77777 |"));
        QCOMPARE(index.countMatchingLines(QStringLiteral("needle")), needleLines.size());
        qint64 linesWithOne = 0;
        for (const QByteArray& line : all.split('\n'))
            linesWithOne += line.contains("line 1") ? 1 : 0;
        QCOMPARE(index.countMatchingLines(QStringLiteral("line 1")), linesWithOne);
        QVERIFY(!index.find(QStringLiteral("absent text"), 0, true).found());
        QCOMPARE(index.countMatchingLines(QStringLiteral("absent text")), 0);

        index.cancel();
        QVERIFY(!index.find(QStringLiteral("needle"), 0, true).found());
        QCOMPARE(index.countMatchingLines(QStringLiteral("needle")), -1);
        index.resume();
        QVERIFY(index.find(QStringLiteral("needle"), 0, true).found());
        std::atomic_bool stopThisSearch{true};
        QVERIFY(!index.find(QStringLiteral("needle"), 0, true, false, &stopThisSearch).found());
        QCOMPARE(index.countMatchingLines(QStringLiteral("needle"), false, &stopThisSearch), -1);
    }

    void caseInsensitiveSearchFoldsOnlyAscii()
    {
        const QString path = newPath();
        // Long enough lines that the eight-bytes-at-a-time folding runs, with UTF-8 and bytes >= 0x80 around.
        QVERIFY(TestSupport::writeFile(path, QByteArray("\xc3\x89" "COLE de MUSIQUE \xff\xfe Zebra@[`{ end of line one\n"
                                                        "second line: \xc3\xa9" "cole de musique, zEBRA\n")));
        LogIndex index(path);
        QVERIFY(index.update());
        QCOMPARE(index.find(QStringLiteral("musique \xff"), 0, true).line, -1); // not valid text: U+00FF is 2 bytes
        QCOMPARE(index.find(QStringLiteral("de musique"), 0, true).line, 0);
        QCOMPARE(index.find(QStringLiteral("ZEBRA@[`{"), 0, true).line, 0);
        QCOMPARE(index.find(QStringLiteral("zebra"), 1, true).line, 1);
        QCOMPARE(index.find(QString::fromUtf8("\xc3\xa9" "cole"), 0, true).line, 1); // é does not fold to É
        QCOMPARE(index.find(QString::fromUtf8("\xc3\x89" "cole"), 0, true).line, 0);
        QCOMPARE(index.find(QStringLiteral("Zebra"), 0, true, true).line, 0);
        QCOMPARE(index.find(QStringLiteral("Zebra"), 1, true, true).line, -1);
        QCOMPARE(index.countMatchingLines(QStringLiteral("ZEBRA")), 2);
        QCOMPARE(index.countMatchingLines(QStringLiteral("@[`{")), 1);
        QCOMPARE(index.countMatchingLines(QStringLiteral("@[`{"), true), 1);
        QCOMPARE(index.countMatchingLines(QStringLiteral("@{`{")), 0); // '[' and '{' differ by the case bit
    }

    void countsMatchesInLongLinesOnce()
    {
        const QString path = newPath();
        QByteArray all = "short hit\n";
        all += QByteArray(9 << 20, 'z') + "hit" + QByteArray(3 << 20, 'z') + "hit\n";
        all += "miss\nhit again";
        QVERIFY(TestSupport::writeFile(path, all));
        LogIndex index(path);
        QVERIFY(index.update());
        QCOMPARE(index.countMatchingLines(QStringLiteral("hit")), 3);
        QCOMPARE(index.find(QStringLiteral("hit"), 1, true).line, 1);
        QCOMPARE(index.find(QStringLiteral("hit"), 2, true).line, 3);
        QCOMPARE(index.find(QStringLiteral("hit"), 2, false).line, 1);
        QCOMPARE(index.find(QStringLiteral("miss"), 3, false).line, 2);
    }

    void readsWhileIndexingSeeConsistentLines()
    {
        const QString path = newPath();
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray block;
            for (qint64 i = 0; i < 600000; ++i) {
                block += numberedLine(i);
                if (block.size() > (1 << 20)) {
                    f.write(block);
                    block.clear();
                }
            }
            f.write(block);
        }
        LogIndex index(path);
        std::atomic_bool done{false};
        std::thread worker([&] {
            while (index.update(256 << 10) && index.indexedBytes() < index.fileSize())
                ;
            done = true;
        });
        QRandomGenerator rng(5);
        int checks = 0;
        while (!done || checks < 50) {
            const qint64 lines = index.lineCount();
            if (lines == 0)
                continue;
            const qint64 first = rng.bounded(lines);
            const QStringList got = index.readLines(first, 20);
            QVERIFY(!got.isEmpty());
            for (int i = 0; i < got.size(); ++i) {
                const QByteArray want = numberedLine(first + i).chopped(1);
                // The last indexed line may be cut short mid-write of the index; every complete one must match.
                if (first + i < lines - 1)
                    QCOMPARE(got[i], QString::fromUtf8(want));
            }
            ++checks;
        }
        worker.join();
        QCOMPARE(index.lineCount(), 600000);
        QCOMPARE(index.readLines(599999, 5), QStringList{QString::fromUtf8(numberedLine(599999).chopped(1))});
        qInfo("%d consistent reads during indexing", checks);
    }
};

QTEST_GUILESS_MAIN(TestLogIndex)
#include "TestLogIndex.moc"
