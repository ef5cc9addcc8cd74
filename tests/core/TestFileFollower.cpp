// FileFollower on real files with real inotify: what is there is handed out at start, appends arrive without
// any timer, a file that appears later or replaces the followed one is picked up, and a drain reads
// everything appended however much it is, in bounded chunks.
#include <QtTest>

#include <QFile>
#include <QTemporaryDir>

#include "TestSupport.h"
#include "logs/FileFollower.h"

using namespace TestSupport;

namespace {

// A follower of `path` and everything it handed out.
struct Followed
{
    explicit Followed(const QString& path, qint64 fromOffset = 0) : follower(path, fromOffset)
    {
        QObject::connect(&follower, &FileFollower::output, &follower, [this](const QByteArray& chunk) {
            data += chunk;
            largestChunk = qMax<qint64>(largestChunk, chunk.size());
            ++chunks;
        });
    }

    FileFollower follower;
    QByteArray data;
    qint64 largestChunk = 0;
    int chunks = 0;
};

bool append(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Append) && f.write(data) == data.size() && f.flush();
}

} // namespace

class TestFileFollower : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void handsOutWhatIsThereThenWhatIsAppended()
    {
        const QString path = m_dir.path() + QStringLiteral("/a.log");
        QVERIFY(writeFile(path, "one\n"));
        Followed received(path);
        QVERIFY(received.follower.start());
        QCOMPARE(received.data, QByteArray("one\n")); // at start, without waiting for a change
        QVERIFY(append(path, "two\n"));
        QTRY_COMPARE_WITH_TIMEOUT(received.data, QByteArray("one\ntwo\n"), 10000);
        QVERIFY(append(path, "three"));
        QTRY_COMPARE_WITH_TIMEOUT(received.data, QByteArray("one\ntwo\nthree"), 10000);
        QCOMPARE(received.follower.offset(), qint64(received.data.size()));
    }

    void startsAtTheGivenOffset()
    {
        const QString path = m_dir.path() + QStringLiteral("/offset.log");
        QVERIFY(writeFile(path, "skipped|kept"));
        Followed received(path, 8);
        QVERIFY(received.follower.start());
        QCOMPARE(received.data, QByteArray("kept"));
    }

    void picksUpAFileThatAppearsLater()
    {
        const QString path = m_dir.path() + QStringLiteral("/later.log");
        Followed received(path);
        QVERIFY(received.follower.start());
        QCOMPARE(received.chunks, 0);
        QVERIFY(writeFile(path, "here now\n"));
        QTRY_COMPARE_WITH_TIMEOUT(received.data, QByteArray("here now\n"), 10000);
        QVERIFY(append(path, "and more\n"));
        QTRY_COMPARE_WITH_TIMEOUT(received.data, QByteArray("here now\nand more\n"), 10000);
    }

    void followsAFileThatReplacesTheFollowedOne()
    {
        const QString path = m_dir.path() + QStringLiteral("/rotated.log");
        QVERIFY(writeFile(path, "old\n"));
        Followed received(path);
        QVERIFY(received.follower.start());
        const QString fresh = m_dir.path() + QStringLiteral("/fresh.tmp");
        QVERIFY(writeFile(fresh, "new\n"));
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::rename(fresh, path));
        QTRY_COMPARE_WITH_TIMEOUT(received.data, QByteArray("old\nnew\n"), 10000);
        QVERIFY(append(path, "appended\n"));
        QTRY_COMPARE_WITH_TIMEOUT(received.data, QByteArray("old\nnew\nappended\n"), 10000);
    }

    void oneDrainReadsEverythingInBoundedChunks()
    {
        const QString path = m_dir.path() + QStringLiteral("/big.log");
        QVERIFY(writeFile(path, ""));
        Followed received(path);
        QVERIFY(received.follower.start());
        QByteArray big(20 << 20, Qt::Uninitialized);
        for (qsizetype i = 0; i < big.size(); ++i)
            big[i] = char('a' + i % 26);
        QVERIFY(append(path, big));
        received.follower.drain(); // no event loop turn: one drain must take all 20 MiB
        QCOMPARE(received.data.size(), big.size());
        QVERIFY(received.data == big);
        QVERIFY(received.largestChunk <= FileFollower::kChunkBytes);
    }

    void aQueuedCopyKeepsItsBytes()
    {
        // The follower reuses its buffer; a receiver that keeps the data (as a queued connection does) must
        // still see the bytes of its own chunk.
        const QString path = m_dir.path() + QStringLiteral("/kept.log");
        QVERIFY(writeFile(path, QByteArray(FileFollower::kChunkBytes, 'a') + QByteArray(10, 'b')));
        FileFollower follower(path);
        QList<QByteArray> kept;
        connect(&follower, &FileFollower::output, this, [&kept](const QByteArray& chunk) { kept.append(chunk); });
        QVERIFY(follower.start());
        QCOMPARE(kept.size(), 2);
        QCOMPARE(kept.at(0), QByteArray(FileFollower::kChunkBytes, 'a'));
        QCOMPARE(kept.at(1), QByteArray(10, 'b'));
    }
};

QTEST_GUILESS_MAIN(TestFileFollower)
#include "TestFileFollower.moc"
