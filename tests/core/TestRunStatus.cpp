// Tests for the run lifecycle states: names, parsing, terminal and live classification.
#include <QtTest>

#include "run/RunRecord.h"
#include "run/RunStatus.h"

namespace {
const RunStatus kAll[] = {RunStatus::Queued,     RunStatus::Preparing, RunStatus::Starting, RunStatus::Running,
                          RunStatus::Finalizing, RunStatus::Completed, RunStatus::Failed,   RunStatus::Canceled};
} // namespace

class TestRunStatus : public QObject
{
    Q_OBJECT

private slots:
    void aRunItsTargetHoldsBackReadsQueuedWithTheReason()
    {
        RunRecord run;
        run.status = RunStatus::Starting;
        QCOMPARE(runStatusText(run), QStringLiteral("Starting"));
        run.waitingReason = QStringLiteral("waiting for resources");
        QCOMPARE(runStatusText(run), QStringLiteral("Queued (waiting for resources)"));
        run.status = RunStatus::Running;
        run.waitingReason.clear(); // the supervisor clears it once the target says the job runs
        QCOMPARE(runStatusText(run), QStringLiteral("Running"));
    }

    void aLiveRunShowsItsCurrentStep()
    {
        RunRecord run;
        run.status = RunStatus::Preparing;
        run.waitingReason = QStringLiteral("uploading 12.0 MB of 500.0 MB");
        QCOMPARE(runStatusText(run), QStringLiteral("Preparing (uploading 12.0 MB of 500.0 MB)"));
        run.status = RunStatus::Running;
        run.waitingReason = QStringLiteral("reconnecting: host unreachable");
        QCOMPARE(runStatusText(run), QStringLiteral("Running (reconnecting: host unreachable)"));
        run.status = RunStatus::Completed; // a finished run's status stands alone
        QCOMPARE(runStatusText(run), QStringLiteral("Completed"));
    }

    void namesAreTheDocumentedOnes()
    {
        QCOMPARE(runStatusName(RunStatus::Queued), QStringLiteral("Queued"));
        QCOMPARE(runStatusName(RunStatus::Preparing), QStringLiteral("Preparing"));
        QCOMPARE(runStatusName(RunStatus::Starting), QStringLiteral("Starting"));
        QCOMPARE(runStatusName(RunStatus::Running), QStringLiteral("Running"));
        QCOMPARE(runStatusName(RunStatus::Finalizing), QStringLiteral("Finalizing"));
        QCOMPARE(runStatusName(RunStatus::Completed), QStringLiteral("Completed"));
        QCOMPARE(runStatusName(RunStatus::Failed), QStringLiteral("Failed"));
        QCOMPARE(runStatusName(RunStatus::Canceled), QStringLiteral("Canceled"));
    }

    void namesRoundTripAndAreDistinct()
    {
        QSet<QString> seen;
        for (RunStatus s : kAll) {
            const QString name = runStatusName(s);
            QVERIFY(!name.isEmpty());
            QVERIFY2(!seen.contains(name), qPrintable(name));
            seen.insert(name);
            const auto parsed = runStatusFromName(name);
            QVERIFY(parsed.has_value());
            QCOMPARE(int(*parsed), int(s));
        }
        QCOMPARE(seen.size(), 8);
    }

    void parsingIgnoresCase()
    {
        QCOMPARE(int(runStatusFromName(QStringLiteral("running")).value_or(RunStatus::Queued)), int(RunStatus::Running));
        QCOMPARE(int(runStatusFromName(QStringLiteral("COMPLETED")).value_or(RunStatus::Queued)), int(RunStatus::Completed));
        QCOMPARE(int(runStatusFromName(QStringLiteral("cAnCeLeD")).value_or(RunStatus::Queued)), int(RunStatus::Canceled));
        QCOMPARE(int(runStatusFromName(QStringLiteral("queued")).value_or(RunStatus::Failed)), int(RunStatus::Queued));
    }

    void unknownNamesAreRejected()
    {
        QVERIFY(!runStatusFromName(QString()).has_value());
        QVERIFY(!runStatusFromName(QStringLiteral("Cancelled")).has_value()); // British spelling is not a state
        QVERIFY(!runStatusFromName(QStringLiteral(" Running")).has_value());
        QVERIFY(!runStatusFromName(QStringLiteral("Run")).has_value());
        QVERIFY(!runStatusFromName(QStringLiteral("NotStarted")).has_value());
    }

    void terminalStates()
    {
        for (RunStatus s : kAll) {
            const bool expected = s == RunStatus::Completed || s == RunStatus::Failed || s == RunStatus::Canceled;
            QVERIFY2(isTerminal(s) == expected, qPrintable(runStatusName(s)));
        }
    }

    void liveStates()
    {
        for (RunStatus s : kAll) {
            const bool expected = s == RunStatus::Preparing || s == RunStatus::Starting || s == RunStatus::Running
                || s == RunStatus::Finalizing;
            QVERIFY2(isLive(s) == expected, qPrintable(runStatusName(s)));
            // A run is never both owned by a runner and finished.
            QVERIFY(!(isLive(s) && isTerminal(s)));
        }
        QVERIFY(!isLive(RunStatus::Queued));
        QVERIFY(!isTerminal(RunStatus::Queued));
    }
};

QTEST_GUILESS_MAIN(TestRunStatus)
#include "TestRunStatus.moc"
