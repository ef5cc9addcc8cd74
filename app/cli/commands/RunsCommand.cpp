#include "RunsCommand.h"

#include "run/RunStatus.h"
#include "run/RunStore.h"

#include <QDateTime>

#include <algorithm>

RunsCommand::RunsCommand()
    : Command(QStringLiteral("runs"), QStringLiteral("Runs"), QStringLiteral("Lists runs, newest first."))
{
    addOption(QStringLiteral("experiment"), QStringLiteral("N"), QStringLiteral("only the runs of this experiment"));
    addOption(QStringLiteral("status"), QStringLiteral("S"), QStringLiteral("only runs in this status (Queued, Running, Completed, ...)"));
    addOption(QStringLiteral("limit"), QStringLiteral("N"), QStringLiteral("at most this many runs"), Optional, QStringLiteral("50"));
}

int RunsCommand::run()
{
    RunFilter filter;
    filter.experiment = value(QStringLiteral("experiment"));
    bool ok = false;
    filter.limit = value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || filter.limit < 1)
        return fail(QStringLiteral("--limit: expected a positive number, got \"%1\"").arg(value(QStringLiteral("limit"))),
                    InvalidInput);
    if (isSet(QStringLiteral("status"))) {
        filter.status = runStatusFromName(value(QStringLiteral("status")));
        if (!filter.status)
            return fail(QStringLiteral("--status: unknown status \"%1\"").arg(value(QStringLiteral("status"))), InvalidInput);
    }
    if (!openWorkspace())
        return openFailure();
    using F = OutputFormatter;
    QString error;
    const QVector<RunRecord> runs = RunStore(workspace()).list(filter, &error);
    if (!error.isEmpty())
        return fail(error);
    // As wide as the longest status on the page ("Queued (QOSMaxJobsPerUserLimit)", "Preparing (building …)"),
    // so the columns after it stay aligned; at most 60 wide, a longer one is cut with an ellipsis.
    int statusWidth = 11;
    for (const RunRecord& run : runs)
        statusWidth = std::max(statusWidth, int(runStatusText(run).size()) + 1);
    statusWidth = std::min(statusWidth, 60);
    const auto statusCell = [statusWidth](const RunRecord& run) {
        const QString text = runStatusText(run);
        return F::pad(text.size() < statusWidth ? text : text.left(statusWidth - 2) + QChar(0x2026), statusWidth);
    };
    output().printListing(
        runs, F::runSummary,
        F::pad(QStringLiteral("RUN"), 28) + F::pad(QStringLiteral("STATUS"), statusWidth) + F::pad(QStringLiteral("TARGET"), 10)
            + F::pad(QStringLiteral("SUBMITTED"), 21) + QStringLiteral("DURATION"),
        [statusCell](const RunRecord& run) -> QString {
            return F::pad(run.id, 28) + statusCell(run) + F::pad(run.computeTarget, 10)
                   + F::pad(QDateTime::fromMSecsSinceEpoch(run.submittedAt).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), 21)
                   + F::duration(run);
        });
    return Ok;
}
