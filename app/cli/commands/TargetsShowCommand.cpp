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
    const auto target = openTarget();
    if (!target)
        return openFailure();
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
