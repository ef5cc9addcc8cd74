#include "TargetsRemoveCommand.h"

#include "secrets/SecretStore.h"
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
    // Its password and passphrase go with it. A keychain that cannot be reached holds nothing to remove now;
    // any other failure is said, and the removal stands.
    SecretFailure failure = SecretFailure::None;
    if (!SecretStore::forgetTarget(workspace().root(), name, &error, &failure) && failure != SecretFailure::Unavailable)
        output().err() << "trainyard-cli: " << name << " removed, but its secrets could not be removed: " << error << "\n";
    return Ok;
}
