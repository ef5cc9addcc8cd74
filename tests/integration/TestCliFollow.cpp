// `logs --follow` and `submit --wait` through the real CLI and runner: a follow returns when the run has ended
// (also when it had ended before the follow began), streams lines while the run goes on, and exits with the
// run's outcome.
#include <QtTest>

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include "TestSupport.h"

using namespace TestSupport;

class TestCliFollow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }

    QStringList cliArguments(const QStringList& args) const
    {
        return QStringList{QStringLiteral("--workspace"), workspace()} + args;
    }

    // Reads the follower's stdout until it holds `text` or the deadline passes.
    static bool waitForOutput(QProcess& process, QByteArray& seen, const QByteArray& text, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (!seen.contains(text) && timer.elapsed() < timeoutMs) {
            process.waitForReadyRead(100);
            seen += process.readAllStandardOutput();
        }
        return seen.contains(text);
    }

private slots:
    void cleanup()
    {
        // A failed check must not leave a gated run blocking the queue for the next test.
        writeFile(m_dir.path() + QStringLiteral("/live/gate1"), "go");
        writeFile(m_dir.path() + QStringLiteral("/live/gate2"), "go");
    }

    void followOfAnEndedRunPrintsTheLogAndReturns()
    {
        const QString est = makeProject(m_dir.path() + QStringLiteral("/ended"),
                                        {{QStringLiteral("e.py"), "print('one')\nprint('two')\n"}}, "entry_script: e.py\n");
        const CliResult submitted = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        QCOMPARE(submitted.exitCode, 0);
        const QString id = QString::fromUtf8(submitted.out).split('\n').constFirst().trimmed();
        const CliResult followed = runCli(workspace(), {QStringLiteral("logs"), id, QStringLiteral("--follow")}, 20000);
        QVERIFY2(followed.exitCode == 0,
                 qPrintable(QStringLiteral("exit %1, out %2, err %3")
                                .arg(followed.exitCode)
                                .arg(QString::fromUtf8(followed.out), QString::fromUtf8(followed.err))));
        QCOMPARE(followed.out, QByteArray("one\ntwo\n"));
    }

    void followOfAFailedRunExitsOne()
    {
        const QString est = makeProject(m_dir.path() + QStringLiteral("/failed"),
                                        {{QStringLiteral("f.py"), "print('before')\nraise SystemExit(3)\n"}},
                                        "entry_script: f.py\n");
        const CliResult submitted = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        QCOMPARE(submitted.exitCode, 1);
        QVERIFY2(submitted.err.contains("Failed (exit code 3)"), submitted.err.constData());
        const QString id = QString::fromUtf8(submitted.out).split('\n').constFirst().trimmed();
        const CliResult followed = runCli(workspace(), {QStringLiteral("logs"), id, QStringLiteral("--follow")}, 20000);
        QCOMPARE(followed.exitCode, 1);
        QCOMPARE(followed.out, QByteArray("before\n"));
    }

    void followStreamsWhileTheRunGoesOn()
    {
        // Each line is printed only after the previous one was seen on the follower's stdout, so the follow
        // must deliver lines while the run is still running, not only at its end.
        const QString dir = m_dir.path() + QStringLiteral("/live");
        const QByteArray script = "import os, sys, time\n"
                                  "def wait(name):\n"
                                  "    while not os.path.exists(os.path.join(os.environ['GATES'], name)):\n"
                                  "        time.sleep(0.01)\n"
                                  "print('first', flush=True)\n"
                                  "wait('gate1')\n"
                                  "sys.stdout.write('x' * (9 << 20) + '\\n')\n" // more than one old 4 MiB tick
                                  "print('second', flush=True)\n"
                                  "wait('gate2')\n"
                                  "print('last', flush=True)\n";
        const QString est = makeProject(dir, {{QStringLiteral("live.py"), script}},
                                        "entry_script: live.py\nenvironment_variables: {GATES: \"" + dir.toUtf8() + "\"}\n");
        const CliResult submitted = runCli(workspace(), {QStringLiteral("submit"), est});
        QCOMPARE(submitted.exitCode, 0);
        const QString id = QString::fromUtf8(submitted.out).trimmed();

        QProcess follower;
        follower.start(binDir() + QStringLiteral("/trainyard-cli"),
                       cliArguments({QStringLiteral("logs"), id, QStringLiteral("--follow")}));
        QVERIFY(follower.waitForStarted(10000));
        QByteArray seen;
        QVERIFY2(waitForOutput(follower, seen, "first\n", 30000), seen.left(200).constData());
        QVERIFY(writeFile(dir + QStringLiteral("/gate1"), "go"));
        QVERIFY2(waitForOutput(follower, seen, "second\n", 30000), seen.right(200).constData());
        QCOMPARE(follower.state(), QProcess::Running); // the run waits for gate2: the follow must too
        QVERIFY(writeFile(dir + QStringLiteral("/gate2"), "go"));
        QVERIFY(follower.waitForFinished(30000));
        seen += follower.readAllStandardOutput();
        QCOMPARE(follower.exitCode(), 0);
        QCOMPARE(seen, QByteArray("first\n") + QByteArray(9 << 20, 'x') + "\nsecond\nlast\n");
    }

    void submitWaitStreamsBothStreamsAndReportsTheEnd()
    {
        const QString est = makeProject(m_dir.path() + QStringLiteral("/wait"),
                                        {{QStringLiteral("w.py"), "import sys\nprint('to out')\nprint('to err', file=sys.stderr)\n"}},
                                        "entry_script: w.py\n");
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")}, 60000);
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = QString::fromUtf8(r.out).split('\n');
        QCOMPARE(lines.value(1), QStringLiteral("to out"));
        QVERIFY2(r.err.contains("to err\n"), r.err.constData());
        QVERIFY2(r.err.contains("Completed (exit code 0)"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliFollow)
#include "TestCliFollow.moc"
