#include "TargetsSetCommand.h"

#include "targets/TargetRegistry.h"

TargetsSetCommand::TargetsSetCommand()
    : Command(QStringLiteral("targets set"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Creates a compute target or changes the given settings of one."))
{
    addPositional(QStringLiteral("NAME"), QStringLiteral("the target's name"));
    addOption(QStringLiteral("kind"), QStringLiteral("KIND"), QStringLiteral("the kind of target: local"));
    addOption(QStringLiteral("max-concurrent-runs"), QStringLiteral("N"), QStringLiteral("runs at once; more wait in the queue"));
    addOption(QStringLiteral("python"), QStringLiteral("PATH"), QStringLiteral("the interpreter for .py entry scripts"));
    addOption(QStringLiteral("cancel-grace-seconds"), QStringLiteral("S"), QStringLiteral("how long a canceled run may take to stop before it is killed"));
}

int TargetsSetCommand::run()
{
    if (!openWorkspace())
        return openFailure();
    TargetRegistry registry(workspace());
    const QString name = positional(0);
    TargetConfig target = registry.find(name).value_or(TargetConfig{name, QStringLiteral("local"), {}});
    if (isSet(QStringLiteral("kind")))
        target.kind = value(QStringLiteral("kind"));
    for (const auto& [option, key] : {std::pair{QStringLiteral("max-concurrent-runs"), QStringLiteral("max_concurrent_runs")},
                                      std::pair{QStringLiteral("cancel-grace-seconds"), QStringLiteral("cancel_grace_seconds")}}) {
        if (!isSet(option))
            continue;
        bool ok = false;
        const int number = value(option).toInt(&ok);
        if (!ok)
            return fail(QStringLiteral("--%1: expected a number").arg(option), InvalidInput);
        target.settings.insert(key, number);
    }
    if (isSet(QStringLiteral("python")))
        target.settings.insert(QStringLiteral("python"), value(QStringLiteral("python")));
    QString error;
    if (!registry.save(target, &error))
        return fail(error, InvalidInput);
    return Ok;
}
