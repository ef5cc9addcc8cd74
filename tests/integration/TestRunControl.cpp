// Cancel, the queue of the local target, and runs whose runner dies: real processes, real signals.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include "TestSupport.h"

#include <csignal>

using namespace TestSupport;

namespace {
bool processExists(qint64 pid) { return pid > 0 && ::kill(pid_t(pid), 0) == 0; }

// A process that exited but was not yet reaped by its parent is gone for our purposes.
bool processRunning(qint64 pid)
{
    if (!processExists(pid))
        return false;
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const int close = stat.lastIndexOf(')');
    return close > 0 && stat.mid(close + 2, 1) != "Z";
}
} // namespace

class TestRunControl : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }

    // The database read directly: `show` and friends would themselves start queued runs and adopt orphans.
    QVariant column(const QString& id, const QString& name)
    {
        const QString connection = QStringLiteral("run-control-test");
        QSqlDatabase db = QSqlDatabase::contains(connection) ? QSqlDatabase::database(connection)
                                                             : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        if (!db.isOpen()) {
            db.setDatabaseName(workspace() + QStringLiteral("/workspace.db"));
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
            db.open();
        }
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(name));
        q.addBindValue(id);
        return q.exec() && q.next() ? q.value(0) : QVariant();
    }

    QString waitForDbStatus(const QString& id, const QStringList& statuses, int timeoutMs = 30000)
    {
        QElapsedTimer timer;
        timer.start();
        QString now = column(id, QStringLiteral("status")).toString();
        while (!statuses.contains(now) && timer.elapsed() < timeoutMs) {
            QTest::qWait(50);
            now = column(id, QStringLiteral("status")).toString();
        }
        return now;
    }

    QString submit(const QString& estimator)
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), estimator});
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QString::fromUtf8(r.out).trimmed();
    }

    // The script writes its own pid and its child's pid, then sleeps.
    QString sleeperProject(const QString& name, bool ignoreTerm)
    {
        const QByteArray script = QByteArray("import os, signal, subprocess, sys, time\n")
                                  + (ignoreTerm ? "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n" : "")
                                  + "child = subprocess.Popen(['sleep', '300'])\n"
                                    "open(os.environ['PIDFILE'], 'w').write('%d %d' % (os.getpid(), child.pid))\n"
                                    "print('started', flush=True)\n"
                                    "time.sleep(300)\n";
        const QString dir = m_dir.path() + QLatin1Char('/') + name;
        return makeProject(dir, {{QStringLiteral("sleep.py"), script}},
                           "entry_script: sleep.py\nenvironment_variables: {PIDFILE: \"" + (dir + QStringLiteral("/pids")).toUtf8() + "\"}\n");
    }

    QList<qint64> waitForPids(const QString& estimator)
    {
        const QString pidFile = QFileInfo(estimator).absolutePath() + QStringLiteral("/pids");
        QElapsedTimer timer;
        timer.start();
        while (QFileInfo(pidFile).size() == 0 && timer.elapsed() < 30000)
            QTest::qWait(50);
        QList<qint64> pids;
        for (const QByteArray& p : readFile(pidFile).split(' '))
            pids << p.toLongLong();
        return pids;
    }

private slots:
    void initTestCase()
    {
        // A short grace period keeps the SIGKILL escalation test quick.
        QCOMPARE(runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                      QStringLiteral("--cancel-grace-seconds"), QStringLiteral("2")}).exitCode, 0);
    }

    void cancelEndsTheWholeProcessGroup()
    {
        const QString est = sleeperProject(QStringLiteral("cancel"), false);
        const QString id = submit(est);
        QVERIFY(!id.isEmpty());
        const QList<qint64> pids = waitForPids(est);
        QCOMPARE(pids.size(), 2);
        QVERIFY(processRunning(pids[0]));
        QVERIFY(processRunning(pids[1]));
        QCOMPARE(waitForStatus(workspace(), id, {QStringLiteral("Running")}).value(QStringLiteral("status")).toString(), QStringLiteral("Running"));
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject done = waitForStatus(workspace(), id, {QStringLiteral("Canceled"), QStringLiteral("Failed"), QStringLiteral("Completed")}, 20000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));
        QTRY_VERIFY_WITH_TIMEOUT(!processRunning(pids[0]) && !processRunning(pids[1]), 10000);
        const CliResult again = runCli(workspace(), {QStringLiteral("cancel"), id});
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains("already ended"));
    }

    void cancelEscalatesToSigkill()
    {
        const QString est = sleeperProject(QStringLiteral("stubborn"), true);
        const QString id = submit(est);
        const QList<qint64> pids = waitForPids(est);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject done = waitForStatus(workspace(), id, {QStringLiteral("Canceled")}, 20000);
        QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));
        QVERIFY2(timer.elapsed() >= 1500, "SIGTERM was ignored, so the grace period must have passed");
        QVERIFY(!processRunning(pids[0]));
    }

    void queuedRunsStartInSubmissionOrder()
    {
        // max_concurrent_runs is 1: the second and third wait, then start by themselves, in order, with no
        // Trainyard program running in between.
        const QString dir = m_dir.path() + QStringLiteral("/queue");
        const QString est = makeProject(dir, {{QStringLiteral("q.py"), "import time, os\ntime.sleep(1.0)\nprint('done', os.environ['TRAINYARD_RUN_ID'])\n"}},
                                        "entry_script: q.py\nexperiment: queue\n");
        const QString a = submit(est), b = submit(est), c = submit(est);
        QVERIFY(!a.isEmpty() && !b.isEmpty() && !c.isEmpty());
        QCOMPARE(column(b, QStringLiteral("status")).toString(), QStringLiteral("Queued"));
        // Wait without opening the workspace: the runners hand over to each other.
        QList<qint64> started, ended;
        for (const QString& id : {a, b, c}) {
            QCOMPARE(waitForDbStatus(id, {QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")}),
                     QStringLiteral("Completed"));
            started << column(id, QStringLiteral("started_at")).toLongLong();
            ended << column(id, QStringLiteral("ended_at")).toLongLong();
        }
        QVERIFY(started[0] < started[1] && started[1] < started[2]);
        QVERIFY2(ended[0] <= started[1] && ended[1] <= started[2], "runs overlapped beyond max_concurrent_runs");
    }

    void queuedRunCanBeCanceled()
    {
        const QString est = sleeperProject(QStringLiteral("blocker"), false);
        const QString first = submit(est);
        waitForPids(est);
        const QString dir = m_dir.path() + QStringLiteral("/waiting");
        const QString second = submit(makeProject(dir, {{QStringLiteral("w.py"), "print('never')\n"}}, "entry_script: w.py\n"));
        QCOMPARE(runCli(workspace(), {QStringLiteral("show"), second, QStringLiteral("--json")}).json().object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("Queued"));
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), second}).exitCode, 0);
        const QJsonObject canceled = runCli(workspace(), {QStringLiteral("show"), second, QStringLiteral("--json")}).json().object();
        QCOMPARE(canceled.value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));
        // Ended like any other run: with its end time and why.
        QVERIFY(!canceled.value(QStringLiteral("ended_at")).toString().isEmpty());
        QCOMPARE(canceled.value(QStringLiteral("error")).toString(), QStringLiteral("canceled"));
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), first}).exitCode, 0);
        QCOMPARE(waitForStatus(workspace(), first, {QStringLiteral("Canceled")}, 20000).value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));
    }

    void killedRunnerIsReplacedOnNextOpen()
    {
        const QString est = sleeperProject(QStringLiteral("lost"), false);
        const QString id = submit(est);
        const QList<qint64> pids = waitForPids(est);
        QCOMPARE(waitForDbStatus(id, {QStringLiteral("Running")}), QStringLiteral("Running"));
        const qint64 runnerPid = column(id, QStringLiteral("runner_pid")).toLongLong();
        QVERIFY(processRunning(runnerPid));
        QCOMPARE(::kill(pid_t(runnerPid), SIGKILL), 0);
        QTRY_VERIFY(!processRunning(runnerPid));
        // Any command opening the workspace notices, and a new runner adopts the job, which runs on.
        QCOMPARE(runCli(workspace(), {QStringLiteral("runs")}).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(column(id, QStringLiteral("runner_pid")).toLongLong() != runnerPid
                                     && processRunning(column(id, QStringLiteral("runner_pid")).toLongLong()),
                                 15000);
        QCOMPARE(column(id, QStringLiteral("status")).toString(), QStringLiteral("Running"));
        QVERIFY(processRunning(pids[0]) && processRunning(pids[1]));
        // The successor supervises it fully: cancel reaches the job through it.
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), id}).exitCode, 0);
        QCOMPARE(waitForDbStatus(id, {QStringLiteral("Canceled"), QStringLiteral("Failed"), QStringLiteral("Completed")}, 20000),
                 QStringLiteral("Canceled"));
        // Everything of the run has ended by the time it is Canceled.
        QVERIFY(!processRunning(pids[0]));
        QVERIFY(!processRunning(pids[1]));
    }
};

QTEST_GUILESS_MAIN(TestRunControl)
#include "TestRunControl.moc"
