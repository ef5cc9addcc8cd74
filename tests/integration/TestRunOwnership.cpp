// A run is owned by its job, not by the runner that watches it: faults injected into real runner processes
// (paused, killed, a held database lock, a stale record after a crash) with real Python scripts. Statuses
// are read from the database directly wherever a CLI command would itself move the run along.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include "TestSupport.h"

#include <csignal>
#include <unistd.h>

using namespace TestSupport;

namespace {
bool processRunning(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const int close = stat.lastIndexOf(')');
    return close > 0 && stat.mid(close + 2, 1) != "Z";
}

char processState(qint64 pid)
{
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const int close = stat.lastIndexOf(')');
    return close > 0 ? stat.at(close + 2) : '?';
}

QStringList terminal() { return {QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")}; }
} // namespace

class TestRunOwnership : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }

    QSqlDatabase db()
    {
        const QString name = QStringLiteral("ownership-test");
        if (QSqlDatabase::contains(name))
            return QSqlDatabase::database(name);
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        d.setDatabaseName(workspace() + QStringLiteral("/workspace.db"));
        d.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
        d.open();
        return d;
    }

    QVariant column(const QString& id, const QString& name)
    {
        QSqlQuery q(db());
        q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(name));
        q.addBindValue(id);
        if (!q.exec() || !q.next()) {
            qWarning() << "cannot read" << name << "of" << id << q.lastError().text();
            return {};
        }
        return q.value(0);
    }

    bool setColumn(const QString& id, const QString& name, const QVariant& value)
    {
        QSqlQuery q(db());
        q.prepare(QStringLiteral("UPDATE runs SET %1 = ? WHERE id = ?").arg(name));
        q.addBindValue(value);
        q.addBindValue(id);
        return q.exec() && q.numRowsAffected() == 1;
    }

    QString status(const QString& id) { return column(id, QStringLiteral("status")).toString(); }

    // Polls the database (never a CLI command, which would start or adopt runs itself).
    QString waitForDbStatus(const QString& id, const QStringList& statuses, int timeoutMs = 30000)
    {
        QElapsedTimer timer;
        timer.start();
        QString now = status(id);
        while (!statuses.contains(now) && timer.elapsed() < timeoutMs) {
            QTest::qWait(50);
            now = status(id);
        }
        return now;
    }

    QString submit(const QString& estimator, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), estimator}, 120000, env);
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QString::fromUtf8(r.out).trimmed();
    }

    // A script that writes its pid, then waits for its go file and exits with `exitCode`.
    // It prints `loss: 1` before it waits and `loss: 2` after.
    QString gateProject(const QString& name, int exitCode)
    {
        const QString dir = m_dir.path() + QLatin1Char('/') + name;
        const QByteArray script = "import os, sys, time\n"
                                  "print('loss: 1', flush=True)\n"
                                  "open(os.environ['PIDFILE'] + '.tmp', 'w').write(str(os.getpid()))\n"
                                  "os.rename(os.environ['PIDFILE'] + '.tmp', os.environ['PIDFILE'])\n"
                                  "while not os.path.exists(os.environ['GOFILE']):\n"
                                  "    time.sleep(0.05)\n"
                                  "print('released', flush=True)\n"
                                  "print('loss: 2', flush=True)\n"
                                  "sys.exit(" + QByteArray::number(exitCode) + ")\n";
        return makeProject(dir, {{QStringLiteral("gate.py"), script}},
                           "entry_script: gate.py\nexperiment: " + name.toUtf8() + "\nenvironment_variables: {PIDFILE: \""
                               + (dir + QStringLiteral("/pid")).toUtf8() + "\", GOFILE: \"" + (dir + QStringLiteral("/go")).toUtf8()
                               + "\"}\n");
    }

    qint64 waitForPid(const QString& estimator)
    {
        const QString pidFile = QFileInfo(estimator).absolutePath() + QStringLiteral("/pid");
        QElapsedTimer timer;
        timer.start();
        while (!QFileInfo::exists(pidFile) && timer.elapsed() < 30000)
            QTest::qWait(50);
        return readFile(pidFile).toLongLong();
    }

    void release(const QString& estimator) { writeFile(QFileInfo(estimator).absolutePath() + QStringLiteral("/go"), "go"); }

    // Submits a gate run and waits until its script runs; returns the run id and fills the script's pid.
    QString startGate(const QString& name, int exitCode, qint64* scriptPid, QString* estimator = nullptr)
    {
        const QString est = gateProject(name, exitCode);
        if (estimator)
            *estimator = est;
        const QString id = submit(est);
        *scriptPid = waitForPid(est);
        if (waitForDbStatus(id, {QStringLiteral("Running")}) != QLatin1String("Running"))
            qWarning() << "run" << id << "is" << status(id);
        return id;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCOMPARE(runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                      QStringLiteral("--cancel-grace-seconds"), QStringLiteral("2")}).exitCode, 0);
    }

    void pausedRunnerIsNotReaped()
    {
        qint64 script = 0;
        QString est;
        const QString id = startGate(QStringLiteral("paused"), 0, &script, &est);
        QCOMPARE(status(id), QStringLiteral("Running"));
        const qint64 runner = column(id, QStringLiteral("runner_pid")).toLongLong();
        QVERIFY(processRunning(runner));
        QCOMPARE(::kill(pid_t(runner), SIGSTOP), 0);
        QTRY_COMPARE_WITH_TIMEOUT(processState(runner), 'T', 5000);
        // As if it had been stopped for hours: only its heartbeat is old.
        QVERIFY(setColumn(id, QStringLiteral("heartbeat_at"), 1));
        const CliResult runs = runCli(workspace(), {QStringLiteral("runs")});
        QCOMPARE(runs.exitCode, 0);
        QVERIFY(runs.out.contains(id.toUtf8()));
        // `runs` has returned: whatever it decided has been done.
        QCOMPARE(status(id), QStringLiteral("Running"));
        QVERIFY(processRunning(script));
        QCOMPARE(column(id, QStringLiteral("runner_pid")).toLongLong(), runner);
        QCOMPARE(::kill(pid_t(runner), SIGCONT), 0);
        release(est);
        QCOMPARE(waitForDbStatus(id, terminal()), QStringLiteral("Completed"));
        QCOMPARE(column(id, QStringLiteral("exit_code")).toInt(), 0);
    }

    void heldWriteLockNeitherFailsNorReaps()
    {
        qint64 script = 0;
        QString est;
        const QString id = startGate(QStringLiteral("locked"), 0, &script, &est);
        QVERIFY(setColumn(id, QStringLiteral("heartbeat_at"), 1));
        QProcess holder;
        holder.start(systemPython(), {QStringLiteral("-c"),
                                      QStringLiteral("import sqlite3, sys\n"
                                                     "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                                                     "db.execute('BEGIN IMMEDIATE')\n"
                                                     "print('locked', flush=True)\n"
                                                     "sys.stdin.read()\n"),
                                      workspace() + QStringLiteral("/workspace.db")});
        QVERIFY(holder.waitForStarted());
        QByteArray said;
        QTRY_VERIFY_WITH_TIMEOUT((said += holder.readAllStandardOutput()).contains("locked"), 10000);
        // A second writer really is shut out now.
        {
            QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
            probe.setDatabaseName(workspace() + QStringLiteral("/workspace.db"));
            probe.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
            QVERIFY(probe.open());
            QSqlQuery q(probe);
            QVERIFY(!q.exec(QStringLiteral("BEGIN IMMEDIATE")));
            probe.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("probe"));
        QElapsedTimer timer;
        timer.start();
        const CliResult runs = runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--json")}, 20000);
        QCOMPARE(runs.exitCode, 0);
        QVERIFY2(timer.elapsed() < 10000, "a read-only command waited for the write lock");
        bool listed = false;
        for (const QJsonValue& run : runs.json().array())
            listed = listed || run.toObject().value(QStringLiteral("id")).toString() == id;
        QVERIFY(listed);
        QCOMPARE(status(id), QStringLiteral("Running"));
        QVERIFY(processRunning(script));
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        release(est);
        QCOMPARE(waitForDbStatus(id, terminal()), QStringLiteral("Completed"));
    }

    void staleRecordOverAnUnrelatedProcessGroup()
    {
        // An unrelated program that leads its own process group, as any program may after a reboot.
        QProcess unrelated;
        unrelated.setChildProcessModifier([] { ::setsid(); });
        unrelated.start(QStringLiteral("sleep"), {QStringLiteral("300")});
        QVERIFY(unrelated.waitForStarted());
        const qint64 stranger = unrelated.processId();
        QCOMPARE(qint64(::getpgid(pid_t(stranger))), stranger);

        qint64 script = 0;
        const QString id = startGate(QStringLiteral("stale"), 0, &script);
        const qint64 runner = column(id, QStringLiteral("runner_pid")).toLongLong();
        const qint64 wrapper = column(id, QStringLiteral("process_group")).toLongLong();
        QVERIFY(wrapper > 0);
        // The record now names the stranger's numbers, with the start time of the job that had them.
        QVERIFY(setColumn(id, QStringLiteral("process_group"), stranger));
        QJsonObject handle = QJsonDocument::fromJson(column(id, QStringLiteral("target_handle")).toString().toUtf8()).object();
        if (!handle.isEmpty()) { // kept by the target since the job wrapper exists
            QJsonObject recorded = handle.value(QStringLiteral("wrapper")).toObject();
            recorded.insert(QStringLiteral("pid"), stranger);
            handle.insert(QStringLiteral("wrapper"), recorded);
            QVERIFY(setColumn(id, QStringLiteral("target_handle"), QString::fromUtf8(QJsonDocument(handle).toJson(QJsonDocument::Compact))));
        }
        // The crash: runner, wrapper and script die at once, and no exit status is written.
        for (const qint64 pid : {runner, wrapper, script})
            QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!processRunning(runner) && !processRunning(wrapper) && !processRunning(script), 5000);
        QVERIFY(setColumn(id, QStringLiteral("heartbeat_at"), 1));

        QCOMPARE(runCli(workspace(), {QStringLiteral("runs")}).exitCode, 0);
        QCOMPARE(waitForDbStatus(id, terminal()), QStringLiteral("Failed"));
        QVERIFY2(processRunning(stranger), "an unrelated process was killed");
        const QString error = column(id, QStringLiteral("error")).toString();
        QVERIFY2(error.contains(QLatin1String("lost")) && error.contains(QLatin1String("exit status")), qPrintable(error));
        QVERIFY(column(id, QStringLiteral("exit_code")).isNull());
        unrelated.kill();
        unrelated.waitForFinished();
    }

    void killedRunnerIsReplacedAndRecordsTheRealExitCode()
    {
        qint64 script = 0;
        QString est;
        const QString id = startGate(QStringLiteral("adopted"), 3, &script, &est);
        // The first runner has taken in the first metric before it dies.
        const QString state = workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/system/ingest-state.json");
        QTRY_VERIFY_WITH_TIMEOUT(QJsonDocument::fromJson(readFile(state)).object().value(QStringLiteral("stdout")).toInt() > 0, 10000);
        const qint64 runner = column(id, QStringLiteral("runner_pid")).toLongLong();
        QCOMPARE(::kill(pid_t(runner), SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!processRunning(runner), 5000);
        QVERIFY(setColumn(id, QStringLiteral("heartbeat_at"), 1));
        // The next program to open the workspace starts a successor that adopts the live job.
        QCOMPARE(runCli(workspace(), {QStringLiteral("runs")}).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(processRunning(column(id, QStringLiteral("runner_pid")).toLongLong())
                                     && column(id, QStringLiteral("runner_pid")).toLongLong() != runner,
                                 15000);
        QCOMPARE(status(id), QStringLiteral("Running"));
        QVERIFY(processRunning(script));
        release(est);
        QCOMPARE(waitForDbStatus(id, terminal()), QStringLiteral("Failed"));
        QCOMPARE(column(id, QStringLiteral("exit_code")).toInt(), 3);
        QCOMPARE(column(id, QStringLiteral("error")).toString(), QStringLiteral("exit code 3"));
        QVERIFY(readFile(workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/system/stdout.log")).contains("released"));
        // The successor went on from where the first runner stopped: every point once.
        const QJsonArray loss = runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")})
                                    .json().object().value(QStringLiteral("loss")).toArray();
        QCOMPARE(loss.size(), 2);
        QCOMPARE(loss.at(0).toObject().value(QStringLiteral("value")).toDouble(), 1.0);
        QCOMPARE(loss.at(1).toObject().value(QStringLiteral("value")).toDouble(), 2.0);
    }

    void queueMovesWithNoProgramOpen()
    {
        QCOMPARE(runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                      QStringLiteral("--max-concurrent-runs"), QStringLiteral("2")}).exitCode, 0);
        qint64 siblingScript = 0, orphanScript = 0;
        QString siblingEst, orphanEst;
        const QString sibling = startGate(QStringLiteral("sibling"), 0, &siblingScript, &siblingEst);
        const QString orphan = startGate(QStringLiteral("orphan"), 0, &orphanScript, &orphanEst);
        const QString queuedDir = m_dir.path() + QStringLiteral("/next");
        const QString queued = submit(makeProject(queuedDir, {{QStringLiteral("n.py"), "print('next ran')\n"}}, "entry_script: n.py\n"));
        QCOMPARE(status(queued), QStringLiteral("Queued"));
        const qint64 runner = column(orphan, QStringLiteral("runner_pid")).toLongLong();
        QCOMPARE(::kill(pid_t(runner), SIGKILL), 0);
        // From here on no Trainyard program is started: only the sibling's runner is left to notice.
        QTRY_VERIFY_WITH_TIMEOUT(column(orphan, QStringLiteral("runner_pid")).toLongLong() != runner
                                     && processRunning(column(orphan, QStringLiteral("runner_pid")).toLongLong()),
                                 20000);
        release(orphanEst);
        QCOMPARE(waitForDbStatus(orphan, terminal()), QStringLiteral("Completed"));
        QCOMPARE(waitForDbStatus(queued, terminal()), QStringLiteral("Completed"));
        QVERIFY(readFile(workspace() + QStringLiteral("/runs/") + queued + QStringLiteral("/system/stdout.log")).contains("next ran"));
        release(siblingEst);
        QCOMPARE(waitForDbStatus(sibling, terminal()), QStringLiteral("Completed"));
        QCOMPARE(runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                      QStringLiteral("--max-concurrent-runs"), QStringLiteral("1")}).exitCode, 0);
    }

    void childInANewSessionEndsWithTheRun()
    {
        const QString dir = m_dir.path() + QStringLiteral("/setsid");
        const QString est = makeProject(dir, {{QStringLiteral("s.py"),
                                               "import os, subprocess\n"
                                               "child = subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
                                               "open(os.environ['PIDFILE'], 'w').write(str(child.pid))\n"
                                               "print('left a child behind', flush=True)\n"}},
                                        "entry_script: s.py\nenvironment_variables: {PIDFILE: \"" + (dir + QStringLiteral("/child")).toUtf8() + "\"}\n");
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        QCOMPARE(r.exitCode, 0);
        const qint64 child = readFile(dir + QStringLiteral("/child")).toLongLong();
        QVERIFY(child > 0);
        // The run is Completed only after everything it started has ended.
        const bool survived = processRunning(child);
        if (survived)
            ::kill(pid_t(child), SIGKILL);
        QVERIFY2(!survived, "a child that called setsid outlived its run");
    }

    void queuedRunSeesTheEnvironmentOfItsSubmit()
    {
        QProcessEnvironment leaky = QProcessEnvironment::systemEnvironment();
        leaky.insert(QStringLiteral("FOO"), QStringLiteral("leak"));
        QProcessEnvironment clean = QProcessEnvironment::systemEnvironment();
        clean.remove(QStringLiteral("FOO"));
        clean.insert(QStringLiteral("TRAINYARD_TEST_SUBMITTED"), QStringLiteral("yes"));

        // The blocker's runner, and every runner it starts, has FOO=leak in its environment.
        const QString blockerEst = gateProject(QStringLiteral("blocker"), 0);
        const QString blocker = submit(blockerEst, leaky);
        waitForPid(blockerEst);
        const QString dir = m_dir.path() + QStringLiteral("/env");
        const QString est = makeProject(dir, {{QStringLiteral("e.py"), "import os\nprint('FOO=%s' % os.environ.get('FOO'))\nprint('HOME=%s' % os.environ.get('HOME'))\n"}},
                                        "entry_script: e.py\nenvironment_variables: {MINE: \"set\"}\n");
        const QString queued = submit(est, clean);
        QCOMPARE(status(queued), QStringLiteral("Queued"));
        release(blockerEst);
        QCOMPARE(waitForDbStatus(blocker, terminal()), QStringLiteral("Completed"));
        QCOMPARE(waitForDbStatus(queued, terminal()), QStringLiteral("Completed"));
        const QByteArray out = readFile(workspace() + QStringLiteral("/runs/") + queued + QStringLiteral("/system/stdout.log"));
        QVERIFY2(out.contains("FOO=None"), out.constData());
        QVERIFY2(out.contains(QByteArray(QByteArray("HOME=") + qgetenv("HOME"))), out.constData());
        // The run file names what the job saw.
        const QJsonArray variables = QJsonDocument::fromJson(readFile(workspace() + QStringLiteral("/runs/") + queued
                                                                      + QStringLiteral("/system/environment.json")))
                                         .object().value(QStringLiteral("variables")).toArray();
        QStringList names;
        for (const QJsonValue& v : variables)
            names << v.toObject().value(QStringLiteral("name")).toString();
        QVERIFY2(names.contains(QStringLiteral("PATH")) && names.contains(QStringLiteral("MINE")), qPrintable(names.join(QLatin1Char(','))));
        QVERIFY(!names.contains(QStringLiteral("FOO")));
        QVERIFY(!names.contains(QStringLiteral("TRAINYARD_TEST_SUBMITTED")));
    }

    // Refused at submit, never reaching the target: more nodes than the SSH target has hosts (no connection
    // is made, so its host need not exist).
    void moreNodesThanHostsAreRefused()
    {
        const CliResult added = runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"),
                                                     QStringLiteral("far"), QStringLiteral("--host"), QStringLiteral("far.invalid"),
                                                     QStringLiteral("--user"), QStringLiteral("u"), QStringLiteral("--workdir"),
                                                     QStringLiteral("/tmp/far")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const QString dist = makeProject(m_dir.path() + QStringLiteral("/dist"), {{QStringLiteral("d.py"), "print('ran')\n"}},
                                         "entry_script: d.py\ncompute_target: far\nnode_count: 2\ndistributed_training: pytorch\n");
        const CliResult d = runCli(workspace(), {QStringLiteral("submit"), dist});
        QCOMPARE(d.exitCode, 2);
        QVERIFY2(d.err.contains("node_count: 2 nodes") && d.err.contains("far has 1 host") &&
                     d.err.contains("--extra-host"),
                 d.err.constData());
        QVERIFY(d.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRunOwnership)
#include "TestRunOwnership.moc"
