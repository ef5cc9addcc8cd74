// Tests for WorkspaceWatcher on a real SQLite workspace: a commit is noticed whichever connection made it,
// including one on the watcher's own thread (a task a QFuture's wait ran there, a write of the app's own), and
// an idle workspace is not reported as changed.
#include <QtTest>

#include "run/RunStore.h"
#include "TestSupport.h"
#include "workspace/WorkspaceWatcher.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>

using namespace TestSupport;

class TestWorkspaceWatcher : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The watcher's recovery may start a runner for a run it takes for orphaned; none here needs one.
        qputenv("TRAINYARD_RUNNER", "/bin/true");
    }

    void aCommitOnTheWatchersOwnThreadIsNoticed()
    {
        std::optional<Workspace> workspace = openFreshWorkspace(m_dir);
        QVERIFY(workspace);
        const QString id = insertRun(*workspace, QStringLiteral("watched"), RunStatus::Running);
        WorkspaceWatcher watcher(*workspace);
        QSignalSpy changed(&watcher, &WorkspaceWatcher::changed);
        watcher.check(); // the first look only learns the version
        watcher.check();
        QCOMPARE(changed.count(), 0);

        // Through this thread's shared connection, as the app's own writes and a stolen QFuture task go.
        QVERIFY(RunStore(*workspace).setDisplayName(id, QStringLiteral("renamed here")));
        watcher.check();
        QCOMPARE(changed.count(), 1);
        watcher.check();
        QCOMPARE(changed.count(), 1);
    }

    void aCommitOfAnotherThreadIsNoticed()
    {
        std::optional<Workspace> workspace = openFreshWorkspace(m_dir);
        QVERIFY(workspace);
        const QString id = insertRun(*workspace, QStringLiteral("watched"), RunStatus::Running);
        WorkspaceWatcher watcher(*workspace);
        QSignalSpy changed(&watcher, &WorkspaceWatcher::changed);
        watcher.check();
        const Workspace ws = *workspace;
        bool renamed = false;
        std::unique_ptr<QThread> writer(
            QThread::create([ws, id, &renamed] { renamed = RunStore(ws).setDisplayName(id, QStringLiteral("there")); }));
        writer->start();
        writer->wait();
        QVERIFY(renamed);
        watcher.check();
        QCOMPARE(changed.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceWatcher)
#include "TestWorkspaceWatcher.moc"
