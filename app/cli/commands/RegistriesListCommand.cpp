#include "RegistriesListCommand.h"

#include "environments/RegistryLogins.h"

RegistriesListCommand::RegistriesListCommand()
    : Command(QStringLiteral("registries"), QStringLiteral("Environments"),
              QStringLiteral("Lists the logins to private container registries that runs pull custom_docker_image "
                             "with; the passwords are in the system keychain."))
{
}

int RegistriesListCommand::run()
{
    using F = OutputFormatter;
    if (!openWorkspace())
        return openFailure();
    QString error;
    const auto logins = RegistryLogins(workspace()).list(&error);
    if (!logins)
        return fail(error);
    output().printListing(
        *logins,
        [](const RegistryLogin& l) {
            return QJsonObject{{QStringLiteral("registry"), l.registry},
                               {QStringLiteral("username"), l.username},
                               {QStringLiteral("logged_in_at"), F::timeValue(l.createdMs)}};
        },
        F::pad(QStringLiteral("REGISTRY"), 36) + F::pad(QStringLiteral("USER"), 24) + QStringLiteral("SINCE"),
        [](const RegistryLogin& l) -> QString {
            return F::pad(l.registry, 35) + QLatin1Char(' ') + F::pad(l.username, 23) + QLatin1Char(' ')
                   + F::isoTime(l.createdMs).left(16).replace(QLatin1Char('T'), QLatin1Char(' '));
        });
    return Ok;
}
