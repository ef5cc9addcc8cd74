// GUI tests for a failed run's Summary: it shows the exception that ended the script and where it was
// raised (read from the run's stderr on a worker), and no cause for a run that did not fail.
#include <QtTest>

#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "run/RunStore.h"
#include "runs/RunPage.h"
#include "workspace/Workspace.h"

#include <QLabel>
#include <QTemporaryDir>

namespace {
const QByteArray kTraceback = "epoch 1 loss 0.9\n"
                              "Traceback (most recent call last):\n"
                              "  File \"/home/ana/project/train.py\", line 40, in <module>\n"
                              "    main()\n"
                              "  File \"/home/ana/project/train.py\", line 31, in main\n"
                              "    model.fit(x, y)\n"
                              "ValueError: Found input variables with inconsistent numbers of samples: [80, 20]\n";
} // namespace

class TestRunPageFailure : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;

    QString runWithStderr(RunStatus status)
    {
        const QString run = TestSupport::insertRun(*m_ws, QStringLiteral("e"), status);
        TestSupport::writeFile(m_ws->runDir(run) + QStringLiteral("/system/stderr.log"), kTraceback);
        return run;
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        QVERIFY(m_dir.isValid());
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
    }

    void aFailedRunShowsTheExceptionThatEndedIt()
    {
        const QString run = runWithStderr(RunStatus::Failed);
        RunPage page(*m_ws);
        page.show();
        QSignalSpy shown(&page, &RunPage::environmentShown);
        page.setRuns({run});
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().at(0).toString() == run, 5000);
        QVERIFY(page.causeLabel()->isVisible());
        QCOMPARE(page.causeLabel()->text(),
                 QStringLiteral("ValueError: Found input variables with inconsistent numbers of samples: [80, 20]  "
                                "(train.py, line 31, in main)"));
        // The traceback's end is a hover away.
        QVERIFY(page.causeLabel()->toolTip().contains(QStringLiteral("model.fit(x, y)")));
        QVERIFY(!page.causeLabel()->toolTip().contains(QStringLiteral("epoch 1")));
    }

    void aRunThatDidNotFailShowsNoCause()
    {
        // A completed run whose stderr holds a traceback it survived (a handled warning, a retried step).
        const QString run = runWithStderr(RunStatus::Completed);
        RunPage page(*m_ws);
        page.show();
        QSignalSpy shown(&page, &RunPage::environmentShown);
        page.setRuns({run});
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && shown.last().at(0).toString() == run, 5000);
        QVERIFY(!page.causeLabel()->isVisible());
    }
};

QTEST_MAIN(TestRunPageFailure)
#include "TestRunPageFailure.moc"
