#include "EnvironmentsRemoveCommand.h"

#include "EnvironmentsCommandSupport.h"
#include "environments/EnvironmentRemoval.h"

EnvironmentsRemoveCommand::EnvironmentsRemoveCommand()
    : Command(QStringLiteral("environments remove"), QStringLiteral("Environments"),
              QStringLiteral("Deletes an environment on its target and forgets it. Refused while a live run uses it; "
                             "the runs that used it keep saying which environment they ran with."))
{
    addPositional(QStringLiteral("HASH"), QStringLiteral("the environment's hash, or its first characters (at least 4)"));
    addOption(QStringLiteral("target"), QStringLiteral("T"), QStringLiteral("the target it was built on"));
}

int EnvironmentsRemoveCommand::run()
{
    using F = OutputFormatter;
    if (!openWorkspace())
        return openFailure();
    QString error;
    int code = Ok;
    const auto environment =
        EnvironmentsCommandSupport::find(workspace(), value(QStringLiteral("target")), positional(0), &error, &code);
    if (!environment)
        return fail(error, code);
    const EnvironmentRemovalResult result = EnvironmentRemoval(workspace()).remove(*environment);
    if (result.outcome != EnvironmentRemovalResult::Outcome::Removed)
        return fail(result.error);
    if (json()) {
        output().printJson(QJsonObject{{QStringLiteral("target"), environment->target},
                                       {QStringLiteral("hash"), environment->hash},
                                       {QStringLiteral("freed_bytes"), result.freedBytes}});
        return Ok;
    }
    output().out() << "removed environment " << environment->shortHash() << " on " << environment->target << ", freed "
                   << F::humanSize(result.freedBytes) << "\n";
    return Ok;
}
