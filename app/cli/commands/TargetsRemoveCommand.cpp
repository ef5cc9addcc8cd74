#include "TargetsRemoveCommand.h"

#include "run/RunStore.h"
#include "targets/TargetRegistry.h"
#include "workspace/DatabaseError.h"

TargetsRemoveCommand::TargetsRemoveCommand()
    : Command(QStringLiteral("targets remove"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Removes a compute target. Finished runs keep their records."))
{
    addPositional(QStringLiteral("NAME"), QStringLiteral("the target's name"));
}

int TargetsRemoveCommand::run()
{
    if (!openWorkspace())
        return openFailure();
    TargetRegistry registry(workspace());
    const QString name = positional(0);
    QString error;
    if (!registry.find(name, &error)) {
        if (!error.isEmpty())
            return fail(error);
        return fail(QStringLiteral("unknown target %1").arg(name), InvalidInput);
    }
    if (!registry.remove(name, &error))
        return fail(error, DatabaseError::isStorageFault(error) ? Failure : InvalidInput);
    return Ok;
}
