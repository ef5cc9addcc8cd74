#include "TargetsShowCommand.h"

#include "targets/TargetRegistry.h"

TargetsShowCommand::TargetsShowCommand()
    : Command(QStringLiteral("targets show"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Shows one compute target's settings."))
{
    addPositional(QStringLiteral("NAME"), QStringLiteral("the target's name"));
}

int TargetsShowCommand::run()
{
    if (!openWorkspace())
        return openFailure();
    QString error;
    const auto target = TargetRegistry(workspace()).find(positional(0), &error);
    if (!error.isEmpty())
        return fail(error);
    if (!target)
        return fail(QStringLiteral("unknown target %1").arg(positional(0)));
    const QJsonObject o = OutputFormatter::targetSummary(*target);
    if (json()) {
        output().printJson(o);
        return Ok;
    }
    for (auto it = o.begin(); it != o.end(); ++it)
        output().out() << OutputFormatter::pad(it.key(), 24)
                       << (it.value().isArray() ? it.value().toVariant().toStringList().join(QLatin1Char(','))
                                                : it.value().toVariant().toString())
                       << "\n";
    return Ok;
}
