#include "TargetsAddCommand.h"

#include "targets/TargetKind.h"
#include "targets/TargetRegistry.h"
#include "workspace/DatabaseError.h"

// The flags are the settings the target kinds register (core/targets/TargetKind.cpp).
TargetsAddCommand::TargetsAddCommand()
    : Command(QStringLiteral("targets add"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Creates a compute target of the given kind; the name must be new."))
{
    addPositional(QStringLiteral("KIND"), QStringLiteral("the kind of target: %1").arg(TargetKinds::names().join(QStringLiteral(", "))));
    addPositional(QStringLiteral("NAME"), QStringLiteral("the target's name"));
    for (const TargetSetting& setting : TargetKinds::allSettings())
        addOption(setting.cliFlag, setting.valueName, setting.help, setting.repeatable ? Repeatable : Optional);
    addOption(QStringLiteral("max-concurrent"), QStringLiteral("N"), QStringLiteral("the same as --max-concurrent-runs"));
}

int TargetsAddCommand::run()
{
    const TargetKind* kind = TargetKinds::find(positional(0));
    if (!kind)
        return invalidUsage(QStringLiteral("unknown target kind \"%1\" (known: %2)")
                                .arg(positional(0), TargetKinds::names().join(QStringLiteral(", "))));
    if (!openWorkspace())
        return openFailure();
    TargetRegistry registry(workspace());
    const QString name = positional(1);
    QString error;
    if (registry.find(name, &error))
        return fail(QStringLiteral("a target named %1 exists already (change it with `targets set`)").arg(name), InvalidInput);
    if (!error.isEmpty())
        return fail(error);
    TargetConfig target{name, kind->name, {}};
    for (const TargetSetting& known : TargetKinds::allSettings()) {
        if (!isSet(known.cliFlag))
            continue;
        const TargetSetting* setting = kind->setting(known.key);
        if (!setting || setting->cliFlag != known.cliFlag)
            return fail(QStringLiteral("--%1: not a setting of %2 targets").arg(known.cliFlag, kind->name), InvalidInput);
        target.settings.insert(setting->key, setting->repeatable ? setting->fromTexts(values(known.cliFlag))
                                                                 : setting->fromText(value(known.cliFlag)));
    }
    if (isSet(QStringLiteral("max-concurrent"))) {
        const TargetSetting* setting = kind->setting(QStringLiteral("max_concurrent_runs"));
        target.settings.insert(setting->key, setting->fromText(value(QStringLiteral("max-concurrent"))));
    }
    if (kind->name == QLatin1String("ssh") && !target.settings.contains(QStringLiteral("host")))
        return fail(QStringLiteral("an ssh target needs --host HOST"), InvalidInput);
    if (kind->name == QLatin1String("slurm") && !target.settings.contains(QStringLiteral("partition")))
        return fail(QStringLiteral("a slurm target needs --partition P"), InvalidInput);
    if (!registry.save(target, &error))
        return fail(error, DatabaseError::isStorageFault(error) ? Failure : InvalidInput);
    return Ok;
}
