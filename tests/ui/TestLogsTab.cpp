// GUI tests for the run page's Logs tab with real runs of real Python scripts: a failed run opens at its
// stderr and the traceback, a completed one at its stdout, a run that fails while watched turns to stderr,
// and the combined view shows a real run's stdout and stderr in the order they were written (a run without
// the record: stdout, then stderr, saying the order is approximate).
#include <QtTest>

#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "logs/LogViewWidget.h"
#include "run/RunStore.h"
#include "runs/RunPage.h"
#include "workspace/Workspace.h"

#include <QComboBox>
#include <QTabWidget>
#include <QTemporaryDir>

using namespace TestSupport;

namespace {
// Both streams in turn; each write waits until the capture took it from the pipe, so the order it records is
// the order of the writes (see TestCombinedLog).
const QByteArray kAlternating = R"(import fcntl, os, struct, termios, time
def say(fd, text):
    os.write(fd, text.encode())
    deadline = time.time() + 20
    while struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0] and time.time() < deadline:
        time.sleep(0.001)
for i in range(5):
    say(1, "epoch %d\n" % i)
    say(2, "warning %d\n" % i)
)";

QStringList withoutTimes(const QStringList& lines)
{
    QStringList result;
    static const QRegularExpression time(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d "));
    for (QString line : lines)
        result << line.remove(time);
    return result;
}
} // namespace

class TestLogsTab : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    int m_projects = 0;

    QString submit(const QByteArray& script)
    {
        const QString estimator = makeProject(m_dir.path() + QStringLiteral("/p%1").arg(++m_projects),
                                              {{QStringLiteral("train.py"), script}},
                                              "entry_script: train.py\nexperiment: logs-tab\n");
        const CliResult r = runCli(m_ws->root(), {QStringLiteral("submit"), estimator});
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QString::fromUtf8(r.out).trimmed();
    }

    QString finishedRun(const QByteArray& script, const QString& status)
    {
        const QString run = submit(script);
        if (run.isEmpty())
            return {};
        const QJsonObject shown = waitForStatus(m_ws->root(), run, {status}, 90000);
        if (shown.value(QStringLiteral("status")).toString() != status) {
            qWarning() << "run" << run << "is" << shown.value(QStringLiteral("status")).toString();
            return {};
        }
        return run;
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        QVERIFY(m_dir.isValid());
        m_ws = openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
    }

    void aFailedRunOpensAtItsStderr()
    {
        const QString run =
            finishedRun("print('epoch 1 loss 0.9', flush=True)\nraise ValueError('learning rate too high')\n",
                        QStringLiteral("Failed"));
        QVERIFY(!run.isEmpty());
        RunPage page(*m_ws);
        page.resize(900, 600);
        page.show();
        page.tabs()->setCurrentIndex(RunPage::LogsTab);
        page.setRuns({run});
        LogViewWidget* logs = page.logView();
        QCOMPARE(logs->currentFile(), QStringLiteral("system/stderr.log"));
        QCOMPARE(logs->findChild<QComboBox*>(QStringLiteral("logFileChooser"))->currentText(),
                 QStringLiteral("system/stderr.log"));
        QTRY_VERIFY_WITH_TIMEOUT(
            logs->visibleLines().contains(QStringLiteral("ValueError: learning rate too high")), 10000);
        QVERIFY(!logs->visibleLines().contains(QStringLiteral("epoch 1 loss 0.9")));
        // stdout is a choice away.
        logs->setCurrentFile(QStringLiteral("system/stdout.log"));
        QTRY_VERIFY_WITH_TIMEOUT(logs->visibleLines().contains(QStringLiteral("epoch 1 loss 0.9")), 10000);
    }

    void aCompletedRunOpensAtItsStdout()
    {
        const QString run = finishedRun("import sys\nprint('trained')\nprint('a warning', file=sys.stderr)\n",
                                        QStringLiteral("Completed"));
        QVERIFY(!run.isEmpty());
        RunPage page(*m_ws);
        page.show();
        page.tabs()->setCurrentIndex(RunPage::LogsTab);
        page.setRuns({run});
        QCOMPARE(page.logView()->currentFile(), QStringLiteral("system/stdout.log"));
        QTRY_VERIFY_WITH_TIMEOUT(page.logView()->visibleLines().contains(QStringLiteral("trained")), 10000);
    }

    void aRunThatFailsWhileWatchedTurnsToItsStderr()
    {
        // It fails once the test lets it, so that it is watched while it runs.
        const QString run =
            submit("import os, time\nprint('working', flush=True)\n"
                   "deadline = time.time() + 60\n"
                   "while not os.path.exists('go') and time.time() < deadline:\n    time.sleep(0.05)\n"
                   "raise RuntimeError('out of memory')\n");
        QVERIFY(!run.isEmpty());
        QCOMPARE(waitForStatus(m_ws->root(), run, {QStringLiteral("Running")}, 60000)
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("Running"));
        RunPage page(*m_ws);
        page.show();
        page.tabs()->setCurrentIndex(RunPage::LogsTab);
        page.setRuns({run});
        LogViewWidget* logs = page.logView();
        QCOMPARE(logs->currentFile(), QStringLiteral("system/stdout.log"));
        QTRY_VERIFY_WITH_TIMEOUT(logs->visibleLines().contains(QStringLiteral("working")), 20000);
        QVERIFY(writeFile(m_ws->runDir(run) + QStringLiteral("/work/go"), ""));
        QTRY_COMPARE_WITH_TIMEOUT(logs->currentFile(), QStringLiteral("system/stderr.log"), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(logs->visibleLines().contains(QStringLiteral("RuntimeError: out of memory")),
                                 10000);
    }

    void theCombinedViewShowsBothStreamsInTheOrderWritten()
    {
        const QString run = finishedRun(kAlternating, QStringLiteral("Completed"));
        QVERIFY(!run.isEmpty());
        RunPage page(*m_ws);
        page.resize(900, 600);
        page.show();
        page.tabs()->setCurrentIndex(RunPage::LogsTab);
        page.setRuns({run});
        LogViewWidget* logs = page.logView();
        QVERIFY(logs->fileChoices().contains(LogViewWidget::combinedChoice()));
        logs->setCurrentFile(LogViewWidget::combinedChoice());
        QStringList expected;
        for (int i = 0; i < 5; ++i)
            expected << QStringLiteral("out | epoch %1").arg(i) << QStringLiteral("err | warning %1").arg(i);
        QTRY_COMPARE_WITH_TIMEOUT(withoutTimes(logs->visibleLines()), expected, 20000);
        QCOMPARE(logs->combinedOrder(), CombinedLog::Order::Recorded);
        QVERIFY2(logs->orderNote().contains(QStringLiteral("in the order they were written")),
                 qPrintable(logs->orderNote()));
        // Other logs have no note.
        logs->setCurrentFile(QStringLiteral("system/stdout.log"));
        QVERIFY(logs->orderNote().isEmpty());
    }

    void aRunWithoutTheRecordIsCombinedSayingTheOrderIsApproximate()
    {
        const QString run = insertRun(*m_ws, QStringLiteral("old"), RunStatus::Completed);
        QVERIFY(!run.isEmpty());
        QVERIFY(writeFile(m_ws->runDir(run) + QStringLiteral("/system/stdout.log"), "epoch 0\nepoch 1\n"));
        QVERIFY(writeFile(m_ws->runDir(run) + QStringLiteral("/system/stderr.log"), "warning 0\n"));
        RunPage page(*m_ws);
        page.resize(900, 600);
        page.show();
        page.tabs()->setCurrentIndex(RunPage::LogsTab);
        page.setRuns({run});
        page.logView()->setCurrentFile(LogViewWidget::combinedChoice());
        QTRY_COMPARE_WITH_TIMEOUT(
            page.logView()->visibleLines(),
            (QStringList{QStringLiteral("out | epoch 0"), QStringLiteral("out | epoch 1"),
                         QStringLiteral("err | warning 0")}),
            10000);
        QCOMPARE(page.logView()->combinedOrder(), CombinedLog::Order::Approximate);
        QVERIFY2(page.logView()->orderNote().contains(QStringLiteral("approximate")),
                 qPrintable(page.logView()->orderNote()));
    }
};

QTEST_MAIN(TestLogsTab)
#include "TestLogsTab.moc"
