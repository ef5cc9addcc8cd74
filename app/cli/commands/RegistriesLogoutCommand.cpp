#include "RegistriesLogoutCommand.h"

#include "environments/RegistryLogins.h"

RegistriesLogoutCommand::RegistriesLogoutCommand()
    : Command(QStringLiteral("registries logout"), QStringLiteral("Environments"),
              QStringLiteral("Forgets the login to a container registry and removes its password from the system "
                             "keychain."))
{
    addPositional(QStringLiteral("REGISTRY"), QStringLiteral("the registry's host[:port]"));
}

int RegistriesLogoutCommand::run()
{
    if (!openWorkspace())
        return openFailure();
    QString error;
    const QString registry = RegistryLogins::normalise(positional(0), &error);
    if (registry.isEmpty())
        return fail(error, InvalidInput);
    bool known = false;
    if (!RegistryLogins(workspace()).logout(registry, &known, &error))
        return fail(error);
    if (!known)
        return fail(QStringLiteral("no login to registry %1 (see trainyard-cli registries)").arg(registry), InvalidInput);
    if (json())
        output().printJson(QJsonObject{{QStringLiteral("registry"), registry}, {QStringLiteral("logged_out"), true}});
    else
        output().out() << "Logged out of " << registry << "\n";
    return Ok;
}
