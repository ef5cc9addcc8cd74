// Tests for RunStore: ids and sequence numbers, listing and counting with filters, the guarded state
// changes, cancel requests, tags, metric summaries, concurrent submits from several threads, and storage faults
// on real SQLite: a corrupt page in the runs table and a full disk (a small tmpfs) are errors, never empty results.
#include <QtTest>

#include "run/RunQuery.h"
#include "estimator/Estimator.h"
#include "run/RunStore.h"
#include "run/RunTagName.h"
#include "TestSupport.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QSemaphore>
#include <QThread>
#include <QProcess>

#include <cmath>
#include <limits>

namespace {

RunRecord newRun(const QString& experiment)
{
    RunRecord run;
    run.experiment = experiment;
    run.computeTarget = QStringLiteral("local");
    run.estimator = QJsonObject{{QStringLiteral("entry_script"), QStringLiteral("train.py")}};
    run.command = {QStringLiteral("python3"), QStringLiteral("train.py"), QStringLiteral("--lr"), QStringLiteral("0.1")};
    run.snapshotId = QStringLiteral("abc123");
    run.git = QJsonObject{{QStringLiteral("commit"), QStringLiteral("deadbeef")}};
    return run;
}

// Runs `work` on a thread of its own: a new database connection that has cached nothing of the file.
template <typename Work>
void onFreshConnection(Work work)
{
    QThread* thread = QThread::create(work);
    thread->start();
    thread->wait();
    delete thread;
}

// A small tmpfs mounted for one test (this suite runs as root) and unmounted when it goes.
class SmallDisk
{
public:
    SmallDisk(const QString& path, const QString& size) : m_path(path)
    {
        QDir().mkpath(path);
        QProcess mount;
        mount.start(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                              QStringLiteral("size=") + size, QStringLiteral("tmpfs"), path});
        m_mounted = mount.waitForFinished(10000) && mount.exitStatus() == QProcess::NormalExit && mount.exitCode() == 0;
        m_error = QString::fromLocal8Bit(mount.readAllStandardError());
    }
    ~SmallDisk()
    {
        if (!m_mounted)
            return;
        QProcess umount;
        umount.start(QStringLiteral("umount"), {QStringLiteral("-l"), m_path});
        umount.waitForFinished(10000);
    }
    bool mounted() const { return m_mounted; }
    QString error() const { return m_error; }

    // Writes a file until the disk refuses: what is left afterwards is only what SQLite already holds.
    bool fill() const
    {
        QFile filler(m_path + QStringLiteral("/filler"));
        if (!filler.open(QIODevice::WriteOnly))
            return false;
        const QByteArray block(64 * 1024, 'f');
        while (filler.write(block) == block.size() && filler.flush()) {
        }
        const QByteArray small(512, 'f');
        while (filler.write(small) == small.size() && filler.flush()) {
        }
        return filler.error() != QFileDevice::NoError;
    }

private:
    QString m_path;
    bool m_mounted = false;
    QString m_error;
};

// Drops this thread's connection to the workspace so the file system under it can be unmounted.
void closeConnection(const Workspace& ws)
{
    const QString name = ws.database().connectionName();
    QSqlDatabase::database(name, false).close();
    QSqlDatabase::removeDatabase(name);
}

} // namespace

class TestRunStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;

    RunRecord insert(RunStore& store, const QString& experiment)
    {
        RunRecord run = newRun(experiment);
        QString error;
        if (!store.insert(run, &error))
            qWarning("insert failed: %s", qPrintable(error));
        return run;
    }

private slots:
    void init()
    {
        // A fresh workspace per test function keeps sequence numbers predictable.
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
    }

    void insertAssignsIdsAndSequence()
    {
        RunStore store(*m_ws);
        const qint64 before = RunStore::nowMs();
        RunRecord first = newRun(QStringLiteral("mnist"));
        first.status = RunStatus::Running; // ignored: a new run is always queued
        QString error;
        QVERIFY2(store.insert(first, &error), qPrintable(error));
        RunRecord second = newRun(QStringLiteral("cifar"));
        QVERIFY2(store.insert(second, &error), qPrintable(error));
        RunRecord third = newRun(QStringLiteral("mnist"));
        QVERIFY2(store.insert(third, &error), qPrintable(error));

        QVERIFY(first.seq >= 1);
        QCOMPARE(second.seq, first.seq + 1);
        QCOMPARE(third.seq, second.seq + 1);
        QCOMPARE(first.id, QStringLiteral("mnist_%1").arg(first.seq));
        QCOMPARE(second.id, QStringLiteral("cifar_%1").arg(second.seq));
        QCOMPARE(third.id, QStringLiteral("mnist_%1").arg(third.seq));
        QCOMPARE(int(first.status), int(RunStatus::Queued));
        QVERIFY(first.submittedAt >= before && first.submittedAt <= RunStore::nowMs());

        const auto found = store.find(third.id);
        QVERIFY(found);
        QCOMPARE(found->id, third.id);
        QCOMPARE(found->seq, third.seq);
        QCOMPARE(found->experiment, QStringLiteral("mnist"));
        QCOMPARE(int(found->status), int(RunStatus::Queued));
        QCOMPARE(found->computeTarget, QStringLiteral("local"));
        QCOMPARE(found->estimator.value(QStringLiteral("entry_script")).toString(), QStringLiteral("train.py"));
        QCOMPARE(found->command, third.command);
        QCOMPARE(found->snapshotId, QStringLiteral("abc123"));
        QCOMPARE(found->git.value(QStringLiteral("commit")).toString(), QStringLiteral("deadbeef"));
        QCOMPARE(found->submittedAt, third.submittedAt);
        QCOMPARE(found->startedAt, qint64(0));
        QCOMPARE(found->endedAt, qint64(0));
        QVERIFY(!found->exitCode);
        QVERIFY(!found->cancelRequested);

        QVERIFY(!store.find(QStringLiteral("mnist_999")));
    }

    void listIsNewestFirstWithFilters()
    {
        RunStore store(*m_ws);
        QVector<RunRecord> inserted;
        for (int i = 0; i < 7; ++i)
            inserted << insert(store, i % 2 == 0 ? QStringLiteral("even") : QStringLiteral("odd"));
        QVERIFY(store.transition(inserted[1].id, {RunStatus::Queued}, RunStatus::Preparing));
        QVERIFY(store.transition(inserted[4].id, {RunStatus::Queued}, RunStatus::Preparing));

        RunFilter all;
        const auto runs = store.list(all);
        QCOMPARE(runs.size(), 7);
        for (int i = 0; i < runs.size(); ++i)
            QCOMPARE(runs[i].id, inserted[6 - i].id);
        QCOMPARE(store.count(all), qint64(7));

        RunFilter page;
        page.limit = 2;
        page.offset = 3;
        const auto paged = store.list(page);
        QCOMPARE(paged.size(), 2);
        QCOMPARE(paged[0].id, inserted[3].id);
        QCOMPARE(paged[1].id, inserted[2].id);
        QCOMPARE(store.count(page), qint64(7)); // count ignores paging

        RunFilter even;
        even.experiment = QStringLiteral("even");
        const auto evens = store.list(even);
        QCOMPARE(evens.size(), 4);
        QCOMPARE(evens[0].id, inserted[6].id);
        QCOMPARE(evens[3].id, inserted[0].id);
        for (const auto& r : evens)
            QCOMPARE(r.experiment, QStringLiteral("even"));
        QCOMPARE(store.count(even), qint64(4));

        RunFilter preparing;
        preparing.status = RunStatus::Preparing;
        const auto prep = store.list(preparing);
        QCOMPARE(prep.size(), 2);
        QCOMPARE(prep[0].id, inserted[4].id);
        QCOMPARE(prep[1].id, inserted[1].id);
        QCOMPARE(store.count(preparing), qint64(2));

        RunFilter both;
        both.experiment = QStringLiteral("even");
        both.status = RunStatus::Preparing;
        const auto evenPreparing = store.list(both);
        QCOMPARE(evenPreparing.size(), 1);
        QCOMPARE(evenPreparing[0].id, inserted[4].id);
        QCOMPARE(store.count(both), qint64(1));

        RunFilter none;
        none.experiment = QStringLiteral("nobody");
        QVERIFY(store.list(none).isEmpty());
        QCOMPARE(store.count(none), qint64(0));

        RunFilter unlimited;
        unlimited.limit = -1;
        unlimited.offset = 5;
        QCOMPARE(store.list(unlimited).size(), 2);

        // Live runs: the two Preparing ones, oldest first.
        const auto live = store.liveRuns();
        QCOMPARE(live.size(), 2);
        QCOMPARE(live[0].id, inserted[1].id);
        QCOMPARE(live[1].id, inserted[4].id);
    }

    void transitionsOnlyFromTheGivenStates()
    {
        RunStore store(*m_ws);
        const RunRecord run = insert(store, QStringLiteral("exp"));
        // Not in the expected state: nothing changes.
        QVERIFY(!store.transition(run.id, {RunStatus::Preparing}, RunStatus::Starting));
        QCOMPARE(int(store.find(run.id)->status), int(RunStatus::Queued));
        QVERIFY(!store.transition(QStringLiteral("missing_1"), {RunStatus::Queued}, RunStatus::Preparing));

        QVERIFY(store.transition(run.id, {RunStatus::Queued}, RunStatus::Preparing));
        QVERIFY(!store.transition(run.id, {RunStatus::Queued}, RunStatus::Preparing)); // the race is lost once
        QVERIFY(store.transition(run.id, {RunStatus::Queued, RunStatus::Preparing}, RunStatus::Starting));
        QCOMPARE(store.find(run.id)->startedAt, qint64(0));

        const qint64 before = RunStore::nowMs();
        QVERIFY(store.transition(run.id, {RunStatus::Starting}, RunStatus::Running));
        const auto running = store.find(run.id);
        QCOMPARE(int(running->status), int(RunStatus::Running));
        QVERIFY(running->startedAt >= before && running->startedAt <= RunStore::nowMs());

        QVERIFY(store.transition(run.id, {RunStatus::Running}, RunStatus::Finalizing));
        QCOMPARE(int(store.find(run.id)->status), int(RunStatus::Finalizing));
        // A second Running (not allowed here anyway) would keep the first start time.
        QVERIFY(store.transition(run.id, {RunStatus::Finalizing}, RunStatus::Running));
        QCOMPARE(store.find(run.id)->startedAt, running->startedAt);
    }

    void finishIsFinal()
    {
        RunStore store(*m_ws);
        const RunRecord run = insert(store, QStringLiteral("exp"));
        QVERIFY(store.transition(run.id, {RunStatus::Queued}, RunStatus::Running));
        const qint64 before = RunStore::nowMs();
        QVERIFY(store.finish(run.id, RunStatus::Failed, 3, QStringLiteral("train.py exited with code 3")));
        const auto failed = store.find(run.id);
        QCOMPARE(int(failed->status), int(RunStatus::Failed));
        QVERIFY(failed->exitCode.has_value());
        QCOMPARE(*failed->exitCode, 3);
        QCOMPARE(failed->error, QStringLiteral("train.py exited with code 3"));
        QVERIFY(failed->endedAt >= before && failed->endedAt <= RunStore::nowMs());

        // Terminal: no second finish, no transition out.
        QVERIFY(!store.finish(run.id, RunStatus::Completed, 0, QString()));
        QVERIFY(!store.finish(run.id, RunStatus::Canceled, std::nullopt, QStringLiteral("canceled")));
        QVERIFY(!store.transition(run.id, {RunStatus::Queued, RunStatus::Running}, RunStatus::Running));
        const auto still = store.find(run.id);
        QCOMPARE(int(still->status), int(RunStatus::Failed));
        QCOMPARE(*still->exitCode, 3);
        QCOMPARE(still->error, failed->error);
        QCOMPARE(still->endedAt, failed->endedAt);

        // A queued run can be canceled directly, without an exit code or error.
        const RunRecord queued = insert(store, QStringLiteral("exp"));
        QVERIFY(store.finish(queued.id, RunStatus::Canceled, std::nullopt, QString()));
        const auto canceled = store.find(queued.id);
        QCOMPARE(int(canceled->status), int(RunStatus::Canceled));
        QVERIFY(!canceled->exitCode.has_value());
        QVERIFY(canceled->error.isEmpty());
        QVERIFY(canceled->endedAt > 0);
        QCOMPARE(canceled->startedAt, qint64(0));

        // Exit code 0 is stored as 0, not as "none".
        const RunRecord ok = insert(store, QStringLiteral("exp"));
        QVERIFY(store.finish(ok.id, RunStatus::Completed, 0, QString()));
        QVERIFY(store.find(ok.id)->exitCode.has_value());
        QCOMPARE(*store.find(ok.id)->exitCode, 0);

        QVERIFY(!store.finish(QStringLiteral("missing_1"), RunStatus::Completed, 0, QString()));
    }

    void runnerFields()
    {
        RunStore store(*m_ws);
        const RunRecord run = insert(store, QStringLiteral("exp"));
        QVERIFY(store.setRunner(run.id, 4242, QStringLiteral("host-a")));
        QVERIFY(store.setProcessGroup(run.id, 4243));
        const QStringList command{QStringLiteral("/usr/bin/python3"), QStringLiteral("a b.py"), QStringLiteral("--x=\"1\"")};
        QVERIFY(store.setCommand(run.id, command));
        const auto found = store.find(run.id);
        QCOMPARE(found->runnerPid, qint64(4242));
        QCOMPARE(found->processGroup, qint64(4243));
        QCOMPARE(found->runnerHost, QStringLiteral("host-a"));
        QCOMPARE(found->command, command);
        QVERIFY(found->heartbeatAt > 0);
        QVERIFY(store.heartbeat(run.id));
        QVERIFY(store.find(run.id)->heartbeatAt >= found->heartbeatAt);
    }

    void cancelEndsAQueuedRunAtOnce()
    {
        RunStore store(*m_ws);
        const RunRecord queued = insert(store, QStringLiteral("exp"));
        const qint64 before = RunStore::nowMs();
        QCOMPARE(int(store.cancel(queued.id)), int(RunStore::CancelResult::Canceled));
        const auto canceled = store.find(queued.id);
        QCOMPARE(int(canceled->status), int(RunStatus::Canceled));
        QVERIFY(canceled->endedAt >= before);
        QCOMPARE(canceled->error, QStringLiteral("canceled"));
        QVERIFY(canceled->cancelRequested);
        QCOMPARE(int(store.cancel(queued.id)), int(RunStore::CancelResult::AlreadyEnded));
        // A live run is only asked: its runner ends it through the target.
        const RunRecord live = insert(store, QStringLiteral("exp"));
        QVERIFY(store.transition(live.id, {RunStatus::Queued}, RunStatus::Running));
        QCOMPARE(int(store.cancel(live.id)), int(RunStore::CancelResult::Requested));
        QCOMPARE(int(store.find(live.id)->status), int(RunStatus::Running));
        QVERIFY(store.find(live.id)->endedAt == 0);
        QVERIFY(store.cancelRequested(live.id));
        QCOMPARE(int(store.cancel(QStringLiteral("missing_1"))), int(RunStore::CancelResult::Unknown));
    }

    void orphanedRunsGoToExactlyOneSuccessor()
    {
        RunStore store(*m_ws);
        const RunRecord run = insert(store, QStringLiteral("exp"));
        QVERIFY(store.transition(run.id, {RunStatus::Queued}, RunStatus::Running));
        QVERIFY(store.setRunner(run.id, 4242, QStringLiteral("host-a")));
        const qint64 heartbeat = store.find(run.id)->heartbeatAt;
        // Two processes saw the same dead runner: the first claim wins, the second finds it changed.
        QVERIFY(store.claimOrphan(run.id, 4242, heartbeat, QStringLiteral("host-a")));
        QVERIFY(!store.claimOrphan(run.id, 4242, heartbeat, QStringLiteral("host-a")));
        QCOMPARE(store.find(run.id)->runnerPid, qint64(0));
        QVERIFY(store.replaceRunner(run.id, 0, 5555, QStringLiteral("boot:77"), QStringLiteral("host-a")));
        QVERIFY(!store.replaceRunner(run.id, 0, 6666, QStringLiteral("boot:78"), QStringLiteral("host-a")));
        const auto found = store.find(run.id);
        QCOMPARE(found->runnerPid, qint64(5555));
        QCOMPARE(found->runnerIdentity, QStringLiteral("boot:77"));
        // A run that ended is nobody's to take.
        QVERIFY(store.finish(run.id, RunStatus::Completed, 0, QString()));
        QVERIFY(!store.claimOrphan(run.id, 5555, store.find(run.id)->heartbeatAt, QStringLiteral("host-a")));
    }

    void handleEnvironmentAndWaitingReasonAreKept()
    {
        RunStore store(*m_ws);
        RunRecord run = newRun(QStringLiteral("exp"));
        run.environment = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("PATH")}, {QStringLiteral("value"), QStringLiteral("/bin")}},
                                     QJsonObject{{QStringLiteral("name"), QStringLiteral("API_TOKEN")}, {QStringLiteral("secret"), true}}};
        QString error;
        QVERIFY2(store.insert(run, &error), qPrintable(error));
        const QJsonObject handle{{QStringLiteral("record_dir"), QStringLiteral("/x/system")}, {QStringLiteral("job_id"), 17}};
        QVERIFY(store.setTargetHandle(run.id, handle));
        QVERIFY(store.setWaitingReason(run.id, QStringLiteral("waiting for resources")));
        auto found = store.find(run.id);
        QCOMPARE(found->targetHandle, handle);
        QCOMPARE(found->environment, run.environment);
        QCOMPARE(found->waitingReason, QStringLiteral("waiting for resources"));
        QVERIFY(store.setWaitingReason(run.id, QString()));
        QVERIFY(store.find(run.id)->waitingReason.isEmpty());
    }

    void cancelRequests()
    {
        RunStore store(*m_ws);
        const RunRecord a = insert(store, QStringLiteral("exp"));
        const RunRecord b = insert(store, QStringLiteral("exp"));
        QVERIFY(!store.cancelRequested(a.id));
        QVERIFY(store.requestCancel(a.id));
        QVERIFY(store.cancelRequested(a.id));
        QVERIFY(store.find(a.id)->cancelRequested);
        QVERIFY(!store.cancelRequested(b.id));
        QVERIFY(!store.find(b.id)->cancelRequested);
        QVERIFY(!store.requestCancel(QStringLiteral("missing_1")));
        QVERIFY(!store.cancelRequested(QStringLiteral("missing_1")));
    }

    void tags()
    {
        RunStore store(*m_ws);
        const RunRecord a = insert(store, QStringLiteral("exp"));
        const RunRecord b = insert(store, QStringLiteral("exp"));
        QVERIFY(store.tags(a.id).isEmpty());
        QVERIFY(store.setTag(a.id, QStringLiteral("zeta"), QStringLiteral("last")));
        QVERIFY(store.setTag(a.id, QStringLiteral("alpha"), QStringLiteral("first")));
        QVERIFY(store.setTag(a.id, QStringLiteral("zeta"), QStringLiteral("replaced")));
        QVERIFY(store.setTag(b.id, QStringLiteral("other"), QStringLiteral("run")));
        const auto tags = store.tags(a.id);
        QCOMPARE(tags.size(), 2);
        QCOMPARE(tags[0].first, QStringLiteral("alpha"));
        QCOMPARE(tags[0].second, QStringLiteral("first"));
        QCOMPARE(tags[1].first, QStringLiteral("zeta"));
        QCOMPARE(tags[1].second, QStringLiteral("replaced"));
        QCOMPARE(store.tags(b.id).size(), 1);
    }

    void userFieldsAreRecordedAndAnUnknownRunIsAnError()
    {
        RunStore store(*m_ws);
        const RunRecord a = insert(store, QStringLiteral("exp"));
        const RunRecord b = insert(store, QStringLiteral("exp"));
        QString error = QStringLiteral("stale");
        QVERIFY2(store.setDisplayName(a.id, QStringLiteral("  baseline  "), &error), qPrintable(error));
        QVERIFY(error.isEmpty());
        QVERIFY2(store.setNote(a.id, QStringLiteral("first try\nwith the old data"), &error), qPrintable(error));
        QVERIFY2(store.setArchived(a.id, true, &error), qPrintable(error));
        auto found = store.find(a.id);
        QVERIFY(found);
        QCOMPARE(found->displayName, QStringLiteral("baseline"));
        QCOMPARE(found->note, QStringLiteral("first try\nwith the old data"));
        QVERIFY(found->archived);
        // The other run is untouched, and listings read the fields too.
        QVERIFY(store.find(b.id)->displayName.isEmpty());
        QVERIFY(!store.find(b.id)->archived);
        RunFilter all;
        all.limit = -1;
        const QVector<RunRecord> listed = store.list(all);
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed.last().displayName, QStringLiteral("baseline"));

        // Writing the same value again is no "unknown run": SQLite counts matched rows, not changed ones.
        QVERIFY2(store.setArchived(a.id, true, &error), qPrintable(error));
        // Empty clears, to NULL.
        QVERIFY(store.setDisplayName(a.id, QStringLiteral("   "), &error));
        QVERIFY(store.setNote(a.id, QString(), &error));
        QVERIFY(store.setArchived(a.id, false, &error));
        found = store.find(a.id);
        QVERIFY(found->displayName.isEmpty());
        QVERIFY(found->note.isEmpty());
        QVERIFY(!found->archived);
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("SELECT display_name IS NULL AND note IS NULL FROM runs WHERE id = '%1'").arg(a.id)) && q.next());
        QVERIFY(q.value(0).toBool());

        // A name is one line.
        QVERIFY(!store.setDisplayName(a.id, QStringLiteral("two\nlines"), &error));
        QCOMPARE(error, QStringLiteral("a run's name is one line: \"two\nlines\" has a line break"));
        QVERIFY(!store.setDisplayName(a.id, QString(RunStore::kMaxDisplayNameLength + 1, QLatin1Char('n')), &error));
        QVERIFY2(error.startsWith(QStringLiteral("a run's name has at most 200 characters")), qPrintable(error));
        QVERIFY(!store.setNote(a.id, QString(RunStore::kMaxNoteLength + 1, QLatin1Char('n')), &error));
        QVERIFY2(error.startsWith(QStringLiteral("a run's note has at most")), qPrintable(error));
        QVERIFY(store.find(a.id)->displayName.isEmpty());

        // Every write to a run that does not exist names it, and writes nothing.
        const QString missing = QStringLiteral("missing_7");
        const QString unknown = QStringLiteral("unknown run missing_7");
        QVERIFY(!store.setDisplayName(missing, QStringLiteral("x"), &error));
        QCOMPARE(error, unknown);
        QCOMPARE(store.lastError(), unknown);
        QVERIFY(!store.setNote(missing, QStringLiteral("x"), &error));
        QCOMPARE(error, unknown);
        QVERIFY(!store.setArchived(missing, true, &error));
        QCOMPARE(error, unknown);
        QVERIFY(!store.removeTag(missing, QStringLiteral("stage"), &error));
        QCOMPARE(error, unknown);
        QVERIFY(!store.setTag(missing, QStringLiteral("stage"), QStringLiteral("dev")));
        QCOMPARE(store.lastError(), unknown);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM run_tags WHERE run_id = 'missing_7'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    void removeTagRemovesOneTagAndNamesAMissingOne()
    {
        RunStore store(*m_ws);
        const RunRecord a = insert(store, QStringLiteral("exp"));
        QVERIFY(store.setTag(a.id, QStringLiteral("stage"), QStringLiteral("dev")));
        QVERIFY(store.setTag(a.id, QStringLiteral("owner"), QStringLiteral("ana")));
        QString error;
        QVERIFY2(store.removeTag(a.id, QStringLiteral("stage"), &error), qPrintable(error));
        QCOMPARE(store.tags(a.id), (QVector<QPair<QString, QString>>{{QStringLiteral("owner"), QStringLiteral("ana")}}));
        QVERIFY(!store.removeTag(a.id, QStringLiteral("stage"), &error));
        QCOMPARE(error, QStringLiteral("run %1 has no tag stage").arg(a.id));
    }

    void tagNamesAreOneWord()
    {
        QString error;
        QVERIFY(RunTagName::isValid(QStringLiteral("stage"), &error));
        QVERIFY(error.isEmpty());
        QVERIFY(RunTagName::isValid(QStringLiteral("data.version-2"), &error));
        QVERIFY(RunTagName::isValid(QString(RunTagName::kMaxLength, QLatin1Char('t'))));
        QVERIFY(!RunTagName::isValid(QString(), &error));
        QCOMPARE(error, QStringLiteral("a tag needs a name"));
        QVERIFY(!RunTagName::isValid(QStringLiteral("a=b"), &error));
        QCOMPARE(error, QStringLiteral("tag name \"a=b\": no '=' allowed"));
        QVERIFY(!RunTagName::isValid(QStringLiteral("two words"), &error));
        QCOMPARE(error, QStringLiteral("tag name \"two words\": no spaces or control characters allowed"));
        QVERIFY(!RunTagName::isValid(QStringLiteral("tab\there")));
        QVERIFY(!RunTagName::isValid(QString(RunTagName::kMaxLength + 1, QLatin1Char('t')), &error));
        QVERIFY2(error.endsWith(QStringLiteral("at most 128 characters")), qPrintable(error));
    }

    void scriptParamsAreRecordedAtInsertAndLoggedOnesAfterThem()
    {
        RunStore store(*m_ws);
        RunRecord run = newRun(QStringLiteral("exp"));
        run.estimator.insert(QStringLiteral("script_params"), QJsonArray{
            QJsonObject{{QStringLiteral("key"), QStringLiteral("--regularization")}, {QStringLiteral("kind"), QStringLiteral("value")}, {QStringLiteral("value"), QStringLiteral("0.8")}},
            QJsonObject{{QStringLiteral("key"), QStringLiteral("--verbose")}, {QStringLiteral("kind"), QStringLiteral("flag")}, {QStringLiteral("value"), QString()}},
            QJsonObject{{QStringLiteral("key"), QStringLiteral("--data")}, {QStringLiteral("kind"), QStringLiteral("dataset")}, {QStringLiteral("dataset"), QStringLiteral("2020")}},
            QJsonObject{{QStringLiteral("key"), QStringLiteral("-o")}, {QStringLiteral("kind"), QStringLiteral("value")}, {QStringLiteral("value"), QStringLiteral("out dir")}},
        });
        QString error;
        QVERIFY2(store.insert(run, &error), qPrintable(error));
        QVERIFY(store.setLoggedParam(run.id, QStringLiteral("batch"), QStringLiteral("64")));
        QVERIFY(store.setLoggedParam(run.id, QStringLiteral("optimizer"), QStringLiteral("adam")));
        QVERIFY(store.setLoggedParam(run.id, QStringLiteral("batch"), QStringLiteral("128")));
        // The run was started with --regularization 0.8: a logged value of the same name does not rewrite it.
        QVERIFY(store.setLoggedParam(run.id, QStringLiteral("regularization"), QStringLiteral("0.1")));
        const QVector<RunParam> params = store.params(run.id, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList names;
        for (const RunParam& p : params)
            names << p.name + QLatin1Char('=') + p.value + QLatin1Char('/') + p.source;
        QCOMPARE(names, (QStringList{QStringLiteral("regularization=0.8/script"), QStringLiteral("verbose=true/script"),
                                     QStringLiteral("data=2020/script"), QStringLiteral("o=out dir/script"),
                                     QStringLiteral("batch=128/logged"), QStringLiteral("optimizer=adam/logged")}));
        QCOMPARE(params[0].number, std::optional<double>(0.8));
        QVERIFY(!params[1].number);
        QVERIFY(!params[2].number); // a dataset's name is never a number
        QCOMPARE(params[4].number, std::optional<double>(128));
        QVERIFY(store.params(QStringLiteral("nope"), &error).isEmpty());
        QVERIFY(error.isEmpty());
    }

    void argumentsGiveParamsTheWayArgparseReadsThem()
    {
        Estimator e;
        e.scriptParams = {ScriptParam{QStringLiteral("--lr"), ScriptParam::Kind::Value, QStringLiteral("0.5"), {},
                                      QStringLiteral("mount")}};
        const auto word = [](const char* text) { return ScriptArgument::literal(QString::fromUtf8(text)); };
        e.arguments = {word("input.csv"),   word("--lr"),      word("0.01"),  word("--epochs=7"),
                       word("--verbose"),   word("--data"),
                       ScriptArgument::datasetReference(QStringLiteral("2020:1"), QStringLiteral("mount")),
                       word("--offset"),    word("-3"),        word("positional"), word("--dry-run"), word("--"),
                       word("--after"),     word("x")};
        RunStore store(*m_ws);
        RunRecord run = newRun(QStringLiteral("exp"));
        run.estimator = e.toJson();
        QString error;
        QVERIFY2(store.insert(run, &error), qPrintable(error));
        QStringList names;
        for (const RunParam& p : store.params(run.id, &error))
            names << p.name + QLatin1Char('=') + p.value + (p.number ? QStringLiteral(" #") : QString());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // The argument --lr comes after the script param and wins; positional words and what follows "--" give none.
        QCOMPARE(names, (QStringList{QStringLiteral("lr=0.01 #"), QStringLiteral("epochs=7 #"), QStringLiteral("verbose=true"),
                                     QStringLiteral("data=2020:1"), QStringLiteral("offset=-3 #"),
                                     QStringLiteral("dry-run=true")}));
    }

    void displayNameNoteAndTagsAreRecordedAtInsert()
    {
        RunStore store(*m_ws);
        RunRecord run = newRun(QStringLiteral("exp"));
        run.displayName = QStringLiteral("baseline");
        run.note = QStringLiteral("first\ntry");
        QString error;
        QVERIFY2(store.insert(run, &error, {{QStringLiteral("stage"), QStringLiteral("dev")}, {QStringLiteral("e"), QString()}}),
                 qPrintable(error));
        const auto found = store.find(run.id);
        QVERIFY(found);
        QCOMPARE(found->displayName, QStringLiteral("baseline"));
        QCOMPARE(found->note, QStringLiteral("first\ntry"));
        QCOMPARE(store.tags(run.id), (QVector<QPair<QString, QString>>{{QStringLiteral("e"), QString()},
                                                                       {QStringLiteral("stage"), QStringLiteral("dev")}}));
        // Without them, nothing is recorded: no empty name or note.
        RunRecord plain = newRun(QStringLiteral("exp"));
        QVERIFY(store.insert(plain, &error));
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("SELECT display_name IS NULL AND note IS NULL FROM runs WHERE id = '%1'").arg(plain.id)));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toBool());
        QVERIFY(store.tags(plain.id).isEmpty());
    }

    void displayNameNoteAndArchivedAreRead()
    {
        RunStore store(*m_ws);
        const RunRecord run = insert(store, QStringLiteral("exp"));
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET display_name = 'baseline', note = 'first try', archived = 1 WHERE id = '%1'").arg(run.id)));
        const auto found = store.find(run.id);
        QVERIFY(found);
        QCOMPARE(found->displayName, QStringLiteral("baseline"));
        QCOMPARE(found->note, QStringLiteral("first try"));
        QVERIFY(found->archived);
        QVERIFY(!insert(store, QStringLiteral("exp")).archived);
    }

    void metricSummariesRoundTripIncludingNonFinite()
    {
        RunStore store(*m_ws);
        const RunRecord run = insert(store, QStringLiteral("exp"));
        QVector<RunMetricSummary> in;
        auto add = [&in](const char* name, qint64 count, qint64 step, double value, double time) {
            RunMetricSummary s;
            s.name = QString::fromLatin1(name);
            s.count = count;
            s.lastStep = step;
            s.lastValue = value;
            s.lastTime = time;
            in << s;
        };
        add("accuracy", 10, 9, 0.9375, 1700000000.25);
        add("loss", 100, 99, std::numeric_limits<double>::quiet_NaN(), 1700000001.5);
        add("grad_norm", 5, 4, std::numeric_limits<double>::infinity(), 1700000002.0);
        add("neg", 3, 2, -std::numeric_limits<double>::infinity(), 1700000003.0);
        add("tiny", 1, 0, -1.5e-300, 0.0);
        QVERIFY(store.storeMetricSummaries(run.id, in));

        const auto out = store.metricSummaries(run.id);
        QCOMPARE(out.size(), 5);
        QMap<QString, RunMetricSummary> byName;
        for (const auto& s : out)
            byName.insert(s.name, s);
        QCOMPARE(out[0].name, QStringLiteral("accuracy")); // ordered by name
        QCOMPARE(byName[QStringLiteral("accuracy")].lastValue, 0.9375);
        QCOMPARE(byName[QStringLiteral("accuracy")].count, qint64(10));
        QCOMPARE(byName[QStringLiteral("accuracy")].lastStep, qint64(9));
        QCOMPARE(byName[QStringLiteral("accuracy")].lastTime, 1700000000.25);
        QVERIFY2(std::isnan(byName[QStringLiteral("loss")].lastValue),
                 qPrintable(QString::number(byName[QStringLiteral("loss")].lastValue)));
        QCOMPARE(byName[QStringLiteral("loss")].count, qint64(100));
        QVERIFY(std::isinf(byName[QStringLiteral("grad_norm")].lastValue));
        QVERIFY(byName[QStringLiteral("grad_norm")].lastValue > 0);
        QVERIFY(std::isinf(byName[QStringLiteral("neg")].lastValue));
        QVERIFY(byName[QStringLiteral("neg")].lastValue < 0);
        QCOMPARE(byName[QStringLiteral("tiny")].lastValue, -1.5e-300);

        // Storing again replaces the summary of the same metric.
        QVector<RunMetricSummary> update{in[0]};
        update[0].count = 11;
        update[0].lastValue = 0.95;
        QVERIFY(store.storeMetricSummaries(run.id, update));
        const auto after = store.metricSummaries(run.id);
        QCOMPARE(after.size(), 5);
        QCOMPARE(after[0].count, qint64(11));
        QCOMPARE(after[0].lastValue, 0.95);

        QVERIFY(store.metricSummaries(QStringLiteral("other_1")).isEmpty());
    }

    void concurrentInsertsFromThreadsGetDistinctSequenceNumbers()
    {
        const Workspace workspace = *m_ws;
        constexpr int kThreads = 4;
        constexpr int kPerThread = 25;
        QVector<QVector<qint64>> seqs(kThreads);
        QVector<QStringList> errors(kThreads);
        QVector<QThread*> threads;
        // All threads are alive before any inserts, so the inserts really race for the write lock.
        QSemaphore started;
        QSemaphore go;
        for (int t = 0; t < kThreads; ++t) {
            threads << QThread::create([&workspace, &seqs, &errors, &started, &go, t] {
                started.release();
                go.acquire();
                RunStore store(workspace); // each thread uses its own connection
                for (int i = 0; i < kPerThread; ++i) {
                    RunRecord run = newRun(QStringLiteral("t%1").arg(t));
                    QString error;
                    if (store.insert(run, &error))
                        seqs[t] << run.seq;
                    else
                        errors[t] << error;
                }
            });
        }
        for (QThread* thread : threads)
            thread->start();
        started.acquire(kThreads);
        go.release(kThreads);
        for (QThread* thread : threads) {
            thread->wait();
            delete thread;
        }
        QSet<qint64> all;
        for (int t = 0; t < kThreads; ++t) {
            QVERIFY2(errors[t].isEmpty(), qPrintable(errors[t].join(QLatin1Char('\n'))));
            QCOMPARE(seqs[t].size(), kPerThread);
            for (int i = 1; i < seqs[t].size(); ++i)
                QVERIFY(seqs[t][i] > seqs[t][i - 1]); // one thread's submits stay in order
            for (qint64 s : seqs[t])
                all.insert(s);
        }
        QCOMPARE(all.size(), kThreads * kPerThread);
        RunStore store(workspace);
        RunFilter everything;
        everything.limit = -1;
        QCOMPARE(store.count(everything), qint64(kThreads * kPerThread));
        const auto listed = store.list(everything);
        QCOMPARE(listed.size(), kThreads * kPerThread);
        for (int i = 1; i < listed.size(); ++i)
            QVERIFY(listed[i - 1].seq > listed[i].seq);
        // Sequence numbers are dense: 1..N.
        QCOMPARE(*std::min_element(all.begin(), all.end()), qint64(1));
        QCOMPARE(*std::max_element(all.begin(), all.end()), qint64(kThreads * kPerThread));
    }

    // A damaged page in the middle of the runs table: every read says the database is corrupt, none is an
    // empty listing or an "unknown run".
    void aCorruptPageIsAnErrorNotAnEmptyListing()
    {
        QTemporaryDir dir;
        QString error;
        QString databasePath;
        QStringList ids;
        std::optional<Workspace> ws = Workspace::open(dir.path() + QStringLiteral("/ws"), &error);
        QVERIFY2(ws, qPrintable(error));
        databasePath = ws->databasePath();
        {
            RunStore store(*ws);
            for (int i = 0; i < 400; ++i) {
                RunRecord run = newRun(QStringLiteral("sweep"));
                // About a third of a page per run, so the table spans a few hundred pages.
                run.estimator.insert(QStringLiteral("notes"), QString(1200, QLatin1Char('a' + i % 26)));
                QVERIFY2(store.insert(run, &error), qPrintable(error));
                if (i % 3 == 0)
                    QVERIFY(store.transition(run.id, {RunStatus::Queued}, RunStatus::Running));
                QVERIFY(store.setTag(run.id, QStringLiteral("lr"), QString::number(i)));
                ids << run.id;
            }
            QSqlQuery q(ws->database());
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        const qint64 size = QFileInfo(databasePath).size();
        QVERIFY2(size > 400 * 1200, qPrintable(QString::number(size)));
        {
            QFile f(databasePath);
            QVERIFY(f.open(QIODevice::ReadWrite));
            const qint64 pageSize = 4096;
            QVERIFY(f.seek((size / 2) / pageSize * pageSize));
            QByteArray garbage(3 * pageSize, '\0');
            for (int i = 0; i < garbage.size(); ++i)
                garbage[i] = char((i * 131 + 7) & 0xff);
            QCOMPARE(f.write(garbage), garbage.size());
        }

        // Read on a connection of its own, which has nothing of the file cached; checked here, on the test's thread.
        QString listError, liveError, storeLastError, pageError, missingError = QStringLiteral("stale"),
                                                                countError = QStringLiteral("stale");
        qsizetype listed = -1, live = -1, pageRows = -1;
        QStringList silentlyMissing, findErrors;
        bool missingFound = true;
        qint64 healthyCount = -1;
        onFreshConnection([&] {
            RunStore store(*ws);
            RunFilter all;
            all.limit = -1;
            listed = store.list(all, &listError).size();
            storeLastError = store.lastError();
            live = store.liveRuns(&liveError).size();
            for (const QString& id : ids) {
                QString findError;
                if (!store.find(id, &findError))
                    (findError.isEmpty() ? silentlyMissing : findErrors) << (findError.isEmpty() ? id : findError);
            }
            pageRows = RunQuery(*ws).page(RunQueryFilter{}, RunOrder{RunSortKey::Experiment, false, 0}, nullptr, 1000, &pageError).size();
            RunStore healthy(*m_ws);
            missingFound = bool(healthy.find(QStringLiteral("nope_1"), &missingError));
            healthyCount = healthy.count(RunFilter{}, &countError);
        });
        QCOMPARE(listed, qsizetype(0)); // never a partial listing that looks complete
        QVERIFY2(listError.contains(QStringLiteral("database ") + databasePath + QStringLiteral(" is corrupt: ")), qPrintable(listError));
        QCOMPARE(storeLastError, listError);
        QCOMPARE(live, qsizetype(0));
        QVERIFY2(liveError.contains(QStringLiteral(" is corrupt: ")), qPrintable(liveError));
        // Each run is either read or reported as unreadable; none is silently "no such run".
        QVERIFY2(silentlyMissing.isEmpty(), qPrintable(silentlyMissing.join(QLatin1Char(' '))));
        QVERIFY(!findErrors.isEmpty());
        for (const QString& e : findErrors)
            QVERIFY2(e.startsWith(QStringLiteral("cannot read run ")) && e.contains(QStringLiteral(" is corrupt: ")), qPrintable(e));
        QCOMPARE(pageRows, qsizetype(0));
        QVERIFY2(pageError.contains(QStringLiteral(" is corrupt: ")), qPrintable(pageError));
        // A run missing from a healthy table is still "no such run", without an error.
        QVERIFY(!missingFound);
        QVERIFY2(missingError.isEmpty(), qPrintable(missingError));
        QCOMPARE(healthyCount, qint64(0));
        QVERIFY2(countError.isEmpty(), qPrintable(countError));
    }

    // A full disk: every write fails and says so, instead of seeming to succeed or reading as "lost".
    void aFullDiskMakesWritesFailWithTheReason()
    {
        QTemporaryDir dir;
        SmallDisk disk(dir.path() + QStringLiteral("/disk"), QStringLiteral("3m"));
        QVERIFY2(disk.mounted(), qPrintable(QStringLiteral("cannot mount a tmpfs: ") + disk.error()));
        QString error;
        std::optional<Workspace> ws = Workspace::open(dir.path() + QStringLiteral("/disk/ws"), &error);
        QVERIFY2(ws, qPrintable(error));
        RunStore store(*ws);
        RunRecord running = newRun(QStringLiteral("full"));
        QVERIFY2(store.insert(running, &error), qPrintable(error));
        QVERIFY(store.transition(running.id, {RunStatus::Queued}, RunStatus::Running));
        QVERIFY(store.lastError().isEmpty());

        QVERIFY(disk.fill());
        const auto isDiskFull = [](const QString& message) {
            return message.contains(QStringLiteral("the disk is full")) && message.contains(QStringLiteral("database or disk is full"));
        };
        // Payloads larger than the WAL's free room, so each write needs space the disk no longer has.
        RunRecord big = newRun(QStringLiteral("full"));
        big.estimator.insert(QStringLiteral("notes"), QString(600 * 1024, QLatin1Char('n')));
        error.clear();
        QVERIFY(!store.insert(big, &error));
        QVERIFY2(isDiskFull(error) && error.startsWith(QStringLiteral("cannot record the run")), qPrintable(error));

        QVERIFY(!store.setTag(running.id, QStringLiteral("notes"), QString(600 * 1024, QLatin1Char('t'))));
        QVERIFY2(isDiskFull(store.lastError()) && store.lastError().contains(running.id), qPrintable(store.lastError()));

        QVERIFY(!store.finish(running.id, RunStatus::Completed, 0, QString(600 * 1024, QLatin1Char('e'))));
        QVERIFY2(isDiskFull(store.lastError()), qPrintable(store.lastError()));
        QVERIFY2(store.lastError().contains(QStringLiteral("cannot record the end of run ") + running.id), qPrintable(store.lastError()));

        QVector<RunMetricSummary> summaries;
        for (int i = 0; i < 3000; ++i)
            summaries.append(RunMetricSummary{QStringLiteral("metric_%1_").arg(i) + QString(200, QLatin1Char('m')), 1, 1, 0.5, 1});
        QVERIFY(!store.storeMetricSummaries(running.id, summaries));
        QVERIFY2(isDiskFull(store.lastError()), qPrintable(store.lastError()));

        // Nothing half-done: the run is still as it was, and reads go on working.
        QString readError;
        const auto after = store.find(running.id, &readError);
        QVERIFY2(after, qPrintable(readError));
        QCOMPARE(int(after->status), int(RunStatus::Running));
        QVERIFY(!store.find(big.id));
        closeConnection(*ws);
    }
};

QTEST_GUILESS_MAIN(TestRunStore)
#include "TestRunStore.moc"
