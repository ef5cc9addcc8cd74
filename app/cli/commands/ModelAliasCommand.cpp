#include "ModelAliasCommand.h"

#include "registry/ModelRegistry.h"
#include "registry/VersionedReference.h"
#include "workspace/DatabaseError.h"

ModelAliasCommand::ModelAliasCommand()
    : Command(QStringLiteral("model-alias"), QStringLiteral("Models"),
              QStringLiteral("Points ALIAS of a model at version VER (moving it from the version it named before), "
                             "so that NAME@ALIAS resolves to it; with --remove, NAME ALIAS takes the alias away."))
{
    addPositional(QStringLiteral("NAME:VER"), QStringLiteral("the model and the version the alias names (NAME alone with --remove)"));
    addPositional(QStringLiteral("ALIAS"), QStringLiteral("the alias, e.g. production or staging"));
    addFlag(QStringLiteral("remove"), QStringLiteral("removes the alias instead"));
}

int ModelAliasCommand::run()
{
    const QString reference = positional(0);
    const QString alias = positional(1);
    if (!ModelRegistry::isValidAlias(alias))
        return fail(QStringLiteral("alias \"%1\": expected a letter, then up to 63 letters, digits, '.', '_' or '-'").arg(alias),
                    InvalidInput);
    QString error;
    const std::optional<VersionedReference> parsed = VersionedReference::parse(reference, QStringLiteral("model"), &error);
    if (!parsed)
        return fail(error, InvalidInput);
    const bool remove = isSet(QStringLiteral("remove"));
    if (remove && parsed->version != 0)
        return fail(QStringLiteral("model-alias --remove %1 %2: name the model without a version").arg(reference, alias), InvalidInput);
    if (!remove && parsed->version == 0)
        return fail(QStringLiteral("model-alias %1: expected NAME:VERSION, the version the alias is to name").arg(reference),
                    InvalidInput);
    if (!openWorkspace())
        return openFailure();
    ModelRegistry registry(workspace());
    const auto exitFor = [&error] { return DatabaseError::isStorageFault(error) ? Failure : InvalidInput; };
    if (remove) {
        if (!registry.removeAlias(parsed->name, alias, &error))
            return fail(error, exitFor());
        if (json())
            output().printJson(QJsonObject{{QStringLiteral("name"), parsed->name}, {QStringLiteral("alias"), alias},
                                           {QStringLiteral("removed"), true}});
        else
            output().out() << "Removed alias " << alias << " of model " << parsed->name << "\n";
        return Ok;
    }
    int previous = 0;
    if (!registry.setAlias(parsed->name, parsed->version, alias, &error, &previous))
        return fail(error, exitFor());
    if (json()) {
        QJsonObject result{{QStringLiteral("name"), parsed->name}, {QStringLiteral("alias"), alias},
                           {QStringLiteral("version"), parsed->version}};
        if (previous > 0)
            result.insert(QStringLiteral("previous_version"), previous);
        output().printJson(result);
    } else if (previous > 0 && previous != parsed->version) {
        output().out() << parsed->name << "@" << alias << " moved from version " << previous << " to version "
                       << parsed->version << "\n";
    } else {
        output().out() << parsed->name << "@" << alias << " is version " << parsed->version << "\n";
    }
    return Ok;
}
