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
        return openFailure();
    const QString id = run->id;
    if (isTerminal(run->status))
        return fail(QStringLiteral("run %1 has already ended (%2)").arg(id, runStatusName(run->status)));
    RunStore store(workspace());
    switch (store.cancel(id)) {
    case RunStore::CancelResult::Failed:
        return fail(store.lastError().isEmpty() ? QStringLiteral("cannot record the cancel request of run %1").arg(id)
                                                : store.lastError());
    case RunStore::CancelResult::AlreadyEnded:
        return fail(QStringLiteral("run %1 has already ended").arg(id));
    case RunStore::CancelResult::Unknown:
        return fail(QStringLiteral("unknown run %1").arg(id));
    case RunStore::CancelResult::Canceled:
    case RunStore::CancelResult::Requested:
        break;
    }
    output().err() << "Cancel requested for run " << id << "\n";
    return Ok;
}
