#include "CancelCommand.h"

#include "run/RunStatus.h"
#include "run/RunStore.h"

CancelCommand::CancelCommand()
    : Command(QStringLiteral("cancel"), QStringLiteral("Runs"),
              QStringLiteral("Cancels a run: a queued run at once, a running one through its runner."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
}

int CancelCommand::run()
{
    const auto run = openRun();
    if (!run)
        return Failure;
    const QString id = run->id;
    if (isTerminal(run->status))
        return fail(QStringLiteral("run %1 has already ended (%2)").arg(id, runStatusName(run->status)));
    RunStore store(workspace());
    store.requestCancel(id);
    // A queued run has no runner yet: it is canceled on the spot.
    if (store.transition(id, {RunStatus::Queued}, RunStatus::Canceled))
        store.finish(id, RunStatus::Canceled, std::nullopt, QStringLiteral("canceled"));
    output().err() << "Cancel requested for run " << id << "\n";
    return Ok;
}
