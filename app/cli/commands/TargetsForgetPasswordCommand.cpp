#include "TargetsForgetPasswordCommand.h"

#include "secrets/SecretStore.h"
#include "targets/TargetRegistry.h"

TargetsForgetPasswordCommand::TargetsForgetPasswordCommand()
    : Command(QStringLiteral("targets forget-password"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Removes the password and the identity file's passphrase of a target from the "
                             "system keychain; a secret that was never stored is no error."))
{
    addPositional(QStringLiteral("NAME"), QStringLiteral("the target's name"));
}

int TargetsForgetPasswordCommand::run()
{
    const auto target = openTarget();
    if (!target)
        return openFailure();
    const QString name = target->name;
    QString error;
    if (!SecretStore::forgetTarget(workspace().root(), name, &error))
        return fail(QStringLiteral("cannot forget the secrets of target %1: %2").arg(name, error));
    if (json())
        output().printJson(
            QJsonObject{{QStringLiteral("target"), name}, {QStringLiteral("forgotten"), true}});
    else
        output().out() << "Removed the password and passphrase of target " << name
                       << " from the system keychain\n";
    return Ok;
}
