#include "TargetsListCommand.h"

#include "targets/TargetRegistry.h"

TargetsListCommand::TargetsListCommand()
    : Command(QStringLiteral("targets list"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Lists the compute targets runs can be submitted to."))
{
}

int TargetsListCommand::run()
{
    using F = OutputFormatter;
    if (!openWorkspace())
        return openFailure();
    QString error;
    const QVector<TargetConfig> targets = TargetRegistry(workspace()).list(&error);
    if (!error.isEmpty())
        return fail(error);
    output().printListing(targets, F::targetSummary,
                          F::pad(QStringLiteral("TARGET"), 20) + F::pad(QStringLiteral("KIND"), 8) + QStringLiteral("MAX RUNS"),
                          [](const TargetConfig& t) -> QString {
                              return F::pad(t.name, 20) + F::pad(t.kind, 8) + QString::number(t.maxConcurrentRuns());
                          });
    return Ok;
}
