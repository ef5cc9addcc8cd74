#include "TargetsSetCommand.h"

#include "targets/TargetKind.h"
#include "targets/TargetRegistry.h"
#include "workspace/DatabaseError.h"

// The flags are the settings the target kinds register (core/targets/TargetKind.cpp): a new kind or setting
// needs no change here.
TargetsSetCommand::TargetsSetCommand()
    : Command(QStringLiteral("targets set"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Creates a compute target or changes the given settings of one."))
{
    addPositional(QStringLiteral("NAME"), QStringLiteral("the target's name"));
    addOption(QStringLiteral("kind"), QStringLiteral("KIND"),
              QStringLiteral("the kind of target: %1").arg(TargetKinds::names().join(QStringLiteral(", "))));
    for (const TargetSetting& setting : TargetKinds::allSettings())
        addOption(setting.cliFlag, setting.valueName, setting.help, setting.repeatable ? Repeatable : Optional);
}

int TargetsSetCommand::run()
{
    if (!openWorkspace())
        return openFailure();
    TargetRegistry registry(workspace());
    const QString name = positional(0);
    QString error;
    TargetConfig target = registry.find(name, &error).value_or(TargetConfig{name, QStringLiteral("local"), {}});
    if (!error.isEmpty())
        return fail(error);
    if (isSet(QStringLiteral("kind")))
        target.kind = value(QStringLiteral("kind"));
    const TargetKind* kind = TargetKinds::find(target.kind);
    for (const TargetSetting& known : TargetKinds::allSettings()) {
        if (!isSet(known.cliFlag))
            continue;
        const TargetSetting* setting = nullptr;
        if (kind)
            for (const TargetSetting& s : kind->settings)
                if (s.cliFlag == known.cliFlag)
                    setting = &s;
        if (kind && !setting)
            return fail(QStringLiteral("--%1: not a setting of %2 targets").arg(known.cliFlag, target.kind), InvalidInput);
        const TargetSetting& use = setting ? *setting : known;
        target.settings.insert(use.key, use.repeatable ? use.fromTexts(values(known.cliFlag)) : use.fromText(value(known.cliFlag)));
    }
    // save() validates every setting against the kind and names what is wrong.
    if (!registry.save(target, &error))
        return fail(error, DatabaseError::isStorageFault(error) ? Failure : InvalidInput);
    return Ok;
}
