// Tests for EnvironmentStore on a real workspace database: a second use keeps the creation time and refreshes
// the last use, runs link to the environment they used, hash prefixes (unique, ambiguous, too short), live runs
// by status, removal keeping the runs' links, and a database that cannot be read or written giving an error.
#include <QtTest>
#include <QSqlError>
#include <QSqlQuery>

#include "environments/EnvironmentStore.h"
#include "run/RunStore.h"
#include "TestSupport.h"
#include "workspace/Workspace.h"

#include <QTemporaryDir>

namespace {

EnvironmentRecord record(const QString& target, const QString& hash, const QStringList& pip = {})
{
    EnvironmentRecord r;
    r.target = target;
    r.hash = hash;
    r.manager = QStringLiteral("pip");
    r.definition = QJsonObject{{QStringLiteral("manager"), QStringLiteral("pip")},
                               {QStringLiteral("pip"), QJsonArray::fromStringList(pip)},
                               {QStringLiteral("conda"), QJsonArray()},
                               {QStringLiteral("file"), QJsonValue()},
                               {QStringLiteral("user_managed"), false}};
    r.prefix = QStringLiteral("/envs/") + hash;
    r.python = r.prefix + QStringLiteral("/bin/python");
    r.pythonVersion = QStringLiteral("3.11.2");
    r.sizeBytes = 1000;
    return r;
}

QString hashOf(char first, char rest) { return QString(1, QLatin1Char(first)) + QString(63, QLatin1Char(rest)); }

} // namespace

class TestEnvironmentStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;

private slots:
    void init()
    {
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
    }

    void aSecondUseKeepsCreationAndRefreshesLastUse()
    {
        EnvironmentStore store(*m_ws);
        QString error;
        const QString hash = hashOf('a', '1');
        EnvironmentRecord first = record(QStringLiteral("local"), hash, {QStringLiteral("numpy==1.26"), QStringLiteral("tyalpha")});
        first.createdMs = 1000;
        first.lastUsedMs = 2000;
        const QString run1 = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        QVERIFY2(store.recordUse(run1, first, &error), qPrintable(error));

        EnvironmentRecord second = record(QStringLiteral("local"), hash, {QStringLiteral("other")});
        second.sizeBytes = 5000;
        const QString run2 = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        const qint64 before = RunStore::nowMs();
        QVERIFY2(store.recordUse(run2, second, &error), qPrintable(error));

        const auto listed = store.list(QString(), &error);
        QVERIFY2(listed, qPrintable(error));
        QCOMPARE(listed->size(), 1);
        const EnvironmentRecord& r = listed->constFirst();
        QCOMPARE(r.createdMs, qint64(1000));
        QVERIFY(r.lastUsedMs >= before);
        QCOMPARE(r.sizeBytes, qint64(5000));
        // What defines it was recorded by the first use and is never replaced.
        QCOMPARE(r.packages(), (QStringList{QStringLiteral("numpy==1.26"), QStringLiteral("tyalpha")}));
        QCOMPARE(r.packagesSummary(), QStringLiteral("numpy, tyalpha"));
        QCOMPARE(r.runIds, (QStringList{run1, run2}));
        QCOMPARE(r.python, QStringLiteral("/envs/") + hash + QStringLiteral("/bin/python"));

        // A record whose last use is older than the stored one never moves it back.
        EnvironmentRecord stale = record(QStringLiteral("local"), hash);
        stale.lastUsedMs = 3000;
        QVERIFY2(store.recordUse(QString(), stale, &error), qPrintable(error));
        QVERIFY(store.find(QStringLiteral("local"), hash, &error)->lastUsedMs >= before);
    }

    void listIsNewestUseFirstAndByTarget()
    {
        EnvironmentStore store(*m_ws);
        QString error;
        EnvironmentRecord old = record(QStringLiteral("local"), hashOf('b', '1'));
        old.lastUsedMs = 1000;
        EnvironmentRecord recent = record(QStringLiteral("local"), hashOf('b', '2'));
        recent.lastUsedMs = 5000;
        EnvironmentRecord remote = record(QStringLiteral("gpu-box"), hashOf('b', '3'));
        remote.lastUsedMs = 3000;
        for (const EnvironmentRecord& r : {old, recent, remote})
            QVERIFY2(store.recordUse(QString(), r, &error), qPrintable(error));
        const auto all = store.list(QString(), &error);
        QVERIFY2(all, qPrintable(error));
        QStringList order;
        for (const EnvironmentRecord& r : *all)
            order << r.hash;
        QCOMPARE(order, (QStringList{recent.hash, remote.hash, old.hash}));
        const auto local = store.list(QStringLiteral("local"), &error);
        QVERIFY2(local, qPrintable(error));
        QCOMPARE(local->size(), 2);
        const auto none = store.list(QStringLiteral("nowhere"), &error);
        QVERIFY2(none, qPrintable(error));
        QVERIFY(none->isEmpty());
    }

    void aRunLinksToOneEnvironment()
    {
        EnvironmentStore store(*m_ws);
        QString error;
        const QString run = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        const QString other = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        bool found = true;
        QVERIFY(!store.forRun(run, &found, &error));
        QVERIFY(!found);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QVERIFY2(store.recordUse(run, record(QStringLiteral("local"), hashOf('c', '1')), &error), qPrintable(error));
        EnvironmentRecord image = record(QStringLiteral("local"), hashOf('c', '2'));
        image.image = QStringLiteral("localhost/pyimg:1");
        image.imageId = QStringLiteral("sha256:abc");
        image.python = QStringLiteral("python3");
        // A second call replaces the link: a run uses one environment.
        QVERIFY2(store.recordUse(run, image, &error), qPrintable(error));
        const auto used = store.forRun(run, &found, &error);
        QVERIFY2(used, qPrintable(error));
        QVERIFY(found);
        QCOMPARE(used->hash, image.hash);
        QCOMPARE(used->image, QStringLiteral("localhost/pyimg:1"));
        QCOMPARE(used->imageId, QStringLiteral("sha256:abc"));
        QCOMPARE(used->python, QStringLiteral("python3"));
        QCOMPARE(used->pythonVersion, QStringLiteral("3.11.2"));
        QVERIFY(!store.forRun(other, &found, &error));
        QVERIFY(!found);
        QCOMPARE(store.find(QStringLiteral("local"), hashOf('c', '1'), &error)->runIds, QStringList());
        QCOMPARE(store.find(QStringLiteral("local"), image.hash, &error)->runIds, QStringList{run});
    }

    void findsByUniquePrefix()
    {
        EnvironmentStore store(*m_ws);
        QString error;
        const QString a = QStringLiteral("3f2a9c1b2d4e") + QString(52, QLatin1Char('0'));
        const QString b = QStringLiteral("3f2a9c77aaaa") + QString(52, QLatin1Char('1'));
        QVERIFY2(store.recordUse(QString(), record(QStringLiteral("local"), a), &error), qPrintable(error));
        QVERIFY2(store.recordUse(QString(), record(QStringLiteral("local"), b), &error), qPrintable(error));
        QVERIFY2(store.recordUse(QString(), record(QStringLiteral("gpu-box"), a), &error), qPrintable(error));

        EnvironmentStore::FindFailure failure = EnvironmentStore::FindFailure::None;
        auto found = store.find(QStringLiteral("local"), QStringLiteral("3f2a9c1"), &error, &failure);
        QVERIFY2(found, qPrintable(error));
        QCOMPARE(found->hash, a);
        QCOMPARE(found->target, QStringLiteral("local"));
        // Upper case as a user may type it, and the full hash.
        QVERIFY(store.find(QStringLiteral("local"), QStringLiteral("3F2A9C77"), &error));
        QCOMPARE(store.find(QStringLiteral("gpu-box"), a, &error)->target, QStringLiteral("gpu-box"));

        QVERIFY(!store.find(QStringLiteral("local"), QStringLiteral("3f2a"), &error, &failure));
        QCOMPARE(failure, EnvironmentStore::FindFailure::Ambiguous);
        QVERIFY2(error.contains(QStringLiteral("matches several environments"))
                     && error.contains(QStringLiteral("3f2a9c1b2d4e")) && error.contains(QStringLiteral("3f2a9c77aaaa")),
                 qPrintable(error));
        // The same hash on two targets is ambiguous until a target is named.
        QVERIFY(!store.find(QString(), QStringLiteral("3f2a9c1b"), &error, &failure));
        QCOMPARE(failure, EnvironmentStore::FindFailure::Ambiguous);
        QVERIFY2(error.contains(QStringLiteral("on gpu-box")) && error.contains(QStringLiteral("--target")), qPrintable(error));

        QVERIFY(!store.find(QStringLiteral("local"), QStringLiteral("3f2"), &error, &failure));
        QCOMPARE(failure, EnvironmentStore::FindFailure::TooShort);
        QVERIFY2(error.contains(QStringLiteral("too short")), qPrintable(error));

        QVERIFY(!store.find(QStringLiteral("local"), QStringLiteral("deadbeef"), &error, &failure));
        QCOMPARE(failure, EnvironmentStore::FindFailure::NotFound);
        QCOMPARE(error, QStringLiteral("no environment deadbeef on target local"));
        // Nothing the user types is a pattern.
        QVERIFY(!store.find(QStringLiteral("local"), QStringLiteral("3f2a%"), &error, &failure));
        QCOMPARE(failure, EnvironmentStore::FindFailure::NotFound);
        QVERIFY(!store.find(QStringLiteral("local"), QStringLiteral("3f2a__"), &error, &failure));
        QCOMPARE(failure, EnvironmentStore::FindFailure::NotFound);
    }

    void liveRunsAreTheOnesNotEnded()
    {
        EnvironmentStore store(*m_ws);
        QString error;
        const QString hash = hashOf('d', '1');
        const EnvironmentRecord env = record(QStringLiteral("local"), hash);
        QStringList live;
        for (RunStatus status : {RunStatus::Queued, RunStatus::Running, RunStatus::Completed, RunStatus::Failed,
                                 RunStatus::Canceled}) {
            const QString run = TestSupport::insertRun(*m_ws, QStringLiteral("e"), status);
            QVERIFY(!run.isEmpty());
            QVERIFY2(store.recordUse(run, env, &error), qPrintable(error));
            if (!isTerminal(status))
                live << run;
        }
        // Preparing, set the way the runner's claim does.
        const QString preparing = TestSupport::insertRun(*m_ws, QStringLiteral("e"));
        QVERIFY(RunStore(*m_ws).transition(preparing, {RunStatus::Queued}, RunStatus::Preparing));
        QVERIFY2(store.recordUse(preparing, env, &error), qPrintable(error));
        live << preparing;
        // Another environment's live run is not this one's.
        const QString elsewhere = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Running);
        QVERIFY2(store.recordUse(elsewhere, record(QStringLiteral("local"), hashOf('d', '2')), &error), qPrintable(error));

        const auto runs = store.liveRuns(QStringLiteral("local"), hash, &error);
        QVERIFY2(runs, qPrintable(error));
        QCOMPARE(*runs, live);
        const auto onOtherTarget = store.liveRuns(QStringLiteral("gpu-box"), hash, &error);
        QVERIFY2(onOtherTarget, qPrintable(error));
        QVERIFY(onOtherTarget->isEmpty());
    }

    void removeKeepsTheRunsLinks()
    {
        EnvironmentStore store(*m_ws);
        QString error;
        const QString hash = hashOf('e', '1');
        const QString run = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        QVERIFY2(store.recordUse(run, record(QStringLiteral("local"), hash), &error), qPrintable(error));
        QVERIFY2(store.recordUse(QString(), record(QStringLiteral("gpu-box"), hash), &error), qPrintable(error));
        QVERIFY2(store.remove(QStringLiteral("local"), hash, &error), qPrintable(error));

        EnvironmentStore::FindFailure failure = EnvironmentStore::FindFailure::None;
        QVERIFY(!store.find(QStringLiteral("local"), hash, &error, &failure));
        QCOMPARE(failure, EnvironmentStore::FindFailure::NotFound);
        // The other target's environment of the same hash stays.
        QVERIFY2(store.find(QStringLiteral("gpu-box"), hash, &error), qPrintable(error));
        bool found = false;
        const auto used = store.forRun(run, &found, &error);
        QVERIFY2(used, qPrintable(error));
        QVERIFY(found);
        QCOMPARE(used->hash, hash);
        QCOMPARE(used->target, QStringLiteral("local"));
        QVERIFY(used->manager.isEmpty()); // its record is gone, only the link says which it was
    }

    void aDatabaseThatCannotBeReadIsAnError()
    {
        EnvironmentStore store(*m_ws);
        QString error;
        const QString run = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Running);
        QVERIFY2(store.recordUse(run, record(QStringLiteral("local"), hashOf('f', '1')), &error), qPrintable(error));

        // A database whose environment tables are damaged (here: gone) answers every read with an error.
        QSqlQuery q(m_ws->database());
        QVERIFY2(q.exec(QStringLiteral("DROP TABLE environments")), qPrintable(q.lastError().text()));
        error.clear();
        QVERIFY(!store.list(QString(), &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot read the environments")), qPrintable(error));
        error.clear();
        EnvironmentStore::FindFailure failure = EnvironmentStore::FindFailure::None;
        QVERIFY(!store.find(QStringLiteral("local"), hashOf('f', '1'), &error, &failure));
        QCOMPARE(failure, EnvironmentStore::FindFailure::Storage);
        QVERIFY2(error.contains(QStringLiteral("no such table")), qPrintable(error));
        bool found = true;
        error.clear();
        QVERIFY(!store.forRun(run, &found, &error));
        QVERIFY(!found);
        QVERIFY2(!error.isEmpty(), "a failed read looked like a run without an environment");
        QVERIFY(!store.remove(QStringLiteral("local"), hashOf('f', '1'), &error));
        QVERIFY2(q.exec(QStringLiteral("DROP TABLE run_environments")), qPrintable(q.lastError().text()));
        error.clear();
        QVERIFY(!store.liveRuns(QStringLiteral("local"), hashOf('f', '1'), &error));
        QVERIFY2(!error.isEmpty(), "a failed read looked like no live runs");
    }

    void aFailedLinkLeavesNoEnvironmentBehind()
    {
        EnvironmentStore store(*m_ws);
        QString error;
        const QString run = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Running);
        QSqlQuery q(m_ws->database());
        QVERIFY2(q.exec(QStringLiteral("CREATE TRIGGER refuse_links BEFORE INSERT ON run_environments "
                                       "BEGIN SELECT RAISE(ABORT, 'link refused'); END")),
                 qPrintable(q.lastError().text()));
        QVERIFY(!store.recordUse(run, record(QStringLiteral("local"), hashOf('8', '1')), &error));
        QVERIFY2(error.contains(QStringLiteral("link refused")), qPrintable(error));
        // The environment's row went with the link's: one transaction.
        const auto listed = store.list(QString(), &error);
        QVERIFY2(listed, qPrintable(error));
        QVERIFY(listed->isEmpty());
    }

    void aReadOnlyDatabaseRefusesTheWrite()
    {
        EnvironmentStore store(*m_ws);
        QString error;
        const QString run = TestSupport::insertRun(*m_ws, QStringLiteral("e"), RunStatus::Running);
        // Read-only the way SQLite enforces it on this connection (the tests run as root, so file modes would not).
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA query_only = ON")));
        QVERIFY(!store.recordUse(run, record(QStringLiteral("local"), hashOf('9', '1')), &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot record environment 911111111111 of target local")), qPrintable(error));
        QVERIFY(!store.remove(QStringLiteral("local"), hashOf('9', '1'), &error));
        QVERIFY2(!error.isEmpty(), qPrintable(error));
        QVERIFY(q.exec(QStringLiteral("PRAGMA query_only = OFF")));
        // Nothing half-written: the environment and the link are both absent.
        const auto listed = store.list(QString(), &error);
        QVERIFY2(listed, qPrintable(error));
        QVERIFY(listed->isEmpty());
        bool found = true;
        QVERIFY(!store.forRun(run, &found, &error));
        QVERIFY(!found);
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentStore)
#include "TestEnvironmentStore.moc"
