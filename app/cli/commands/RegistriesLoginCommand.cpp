#include "RegistriesLoginCommand.h"

#include "SecretInput.h"
#include "environments/RegistryLogins.h"
#include "secrets/SecretStore.h"

RegistriesLoginCommand::RegistriesLoginCommand()
    : Command(QStringLiteral("registries login"), QStringLiteral("Environments"),
              QStringLiteral("Stores the login to a private container registry: the user name in the workspace, the "
                             "password or token in the system keychain (and nowhere else), read as one line from "
                             "stdin; from a terminal it is asked for without echo. Runs whose custom_docker_image "
                             "is on that registry pull it with this login, on every target."))
{
    addPositional(QStringLiteral("REGISTRY"), QStringLiteral("the registry's host[:port], e.g. registry.example.com:5000"));
    addOption(QStringLiteral("username"), QStringLiteral("USER"), QStringLiteral("the registry account (required)"));
}

int RegistriesLoginCommand::run()
{
    if (!openWorkspace())
        return openFailure();
    QString error;
    const QString registry = RegistryLogins::normalise(positional(0), &error);
    if (registry.isEmpty())
        return fail(error, InvalidInput);
    const QString username = value(QStringLiteral("username")).trimmed();
    if (username.isEmpty())
        return fail(QStringLiteral("--username is required: the account to log in to %1 with").arg(registry), InvalidInput);

    QByteArray secret;
    if (!SecretInput::read(QStringLiteral("Password of %1 at %2: ").arg(username, registry), output(), &secret, &error))
        return fail(error);
    if (secret.isEmpty())
        return fail(QStringLiteral("no password on stdin: an empty line stores nothing"), InvalidInput);
    const bool stored = RegistryLogins(workspace()).login(registry, username, secret, &error);
    SecretStore::wipe(secret);
    if (!stored)
        return fail(error);
    if (json())
        output().printJson(QJsonObject{{QStringLiteral("registry"), registry}, {QStringLiteral("username"), username}});
    else
        output().out() << "Logged in to " << registry << " as " << username
                       << " (the password is in the system keychain)\n";
    return Ok;
}
