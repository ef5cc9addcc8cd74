// Unit tests for RankExits: reading the ranks' exit records and telling which rank failed first.
#include <QtTest>

#include "TestSupport.h"
#include "run/RankExits.h"

#include <QTemporaryDir>

#include <fcntl.h>
#include <sys/stat.h>

using namespace TestSupport;

class TestRankExits : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_case = 0;

    // A system folder with one record per (rank, status, seconds after the first).
    QString records(const QVector<std::tuple<int, int, int>>& exits)
    {
        const QString system = m_dir.path() + QStringLiteral("/case%1/system").arg(++m_case);
        for (const auto& [rank, status, offset] : exits) {
            const QString path = system + QStringLiteral("/ranks/%1/exit.json").arg(rank);
            writeFile(path, QStringLiteral("{\"rank\":%1,\"exit_status\":%2,\"node\":\"n%1\"}\n")
                                .arg(rank)
                                .arg(status)
                                .toUtf8());
            const timespec times[2] = {{1700000000 + offset, 0}, {1700000000 + offset, 0}};
            ::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0);
        }
        return system;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readsEveryRecordByRank()
    {
        const QString system = records({{2, 0, 0}, {0, 0, 1}, {1, 143, 2}});
        writeFile(system + QStringLiteral("/ranks/3/exit.json"), "{\"rank\":3,"); // half-written: left out
        writeFile(system + QStringLiteral("/ranks/notes/exit.json"), "{\"exit_status\":1}");
        const QVector<RankExit> exits = RankExits::read(system);
        QCOMPARE(exits.size(), 3);
        QCOMPARE(exits[0].rank, 0);
        QCOMPARE(exits[1].exitStatus, 143);
        QCOMPARE(exits[2].node, QStringLiteral("n2"));
        QVERIFY(exits[1].recordedNs > exits[0].recordedNs);
        QVERIFY(RankExits::read(m_dir.path() + QStringLiteral("/nowhere")).isEmpty());
    }

    // The ranks stopped because of the failed one end after it.
    void theEarliestFailureIsTheOneNamed()
    {
        auto failure = RankExits::firstFailure(
            RankExits::read(records({{0, 143, 5}, {1, 3, 2}, {2, 137, 6}, {3, 0, 1}})));
        QVERIFY(failure);
        QCOMPARE(failure->rank, 1);
        QCOMPARE(failure->describe(), QStringLiteral("rank 1 exited with code 3"));

        // At the same time, a rank that exited by itself goes before one killed by a signal, then the lower
        // rank.
        failure = RankExits::firstFailure(
            RankExits::read(records({{0, 143, 2}, {1, 143, 2}, {2, 4, 2}, {3, 4, 2}})));
        QCOMPARE(failure->rank, 2);

        failure = RankExits::firstFailure(RankExits::read(records({{0, 0, 0}, {1, 137, 3}})));
        QCOMPARE(failure->describe(), QStringLiteral("rank 1 killed by signal 9 (Killed)"));

        QVERIFY(!RankExits::firstFailure(RankExits::read(records({{0, 0, 0}, {1, 0, 1}}))));
    }
};

QTEST_GUILESS_MAIN(TestRankExits)
#include "TestRankExits.moc"
