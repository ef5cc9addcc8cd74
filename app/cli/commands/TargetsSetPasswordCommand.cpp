#include "TargetsSetPasswordCommand.h"

#include "secrets/SecretStore.h"
#include "targets/TargetRegistry.h"

#include "SecretInput.h"

#include <unistd.h>


TargetsSetPasswordCommand::TargetsSetPasswordCommand()
    : Command(QStringLiteral("targets set-password"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Stores the SSH password of a target in the system keychain (and nowhere else), "
                             "read as one line from stdin; from a terminal it is asked for without echo. "
                             "ssh gets it through trainyard-askpass."))
{
    addPositional(QStringLiteral("NAME"), QStringLiteral("the target's name"));
    addFlag(QStringLiteral("passphrase"),
            QStringLiteral("store the passphrase of the target's identity file instead of its password"));
}

int TargetsSetPasswordCommand::run()
{
    const auto target = openTarget();
    if (!target)
        return openFailure();
    const QString name = target->name;
    QString error;
    const bool passphrase = isSet(QStringLiteral("passphrase"));
    const QString what = passphrase ? SecretStore::passphraseWord() : SecretStore::passwordWord();
    const QString described =
        passphrase ? QStringLiteral("the passphrase of the identity file of target %1").arg(name)
                   : QStringLiteral("the password of target %1").arg(name);

    QByteArray secret;
    const QString prompt = passphrase ? QStringLiteral("Passphrase of the identity file of target %1: ").arg(name)
                                      : QStringLiteral("Password of target %1: ").arg(name);
    if (!SecretInput::read(prompt, output(), &secret, &error))
        return fail(error);
    if (secret.isEmpty())
        return fail(QStringLiteral("no %1 on stdin: an empty line stores nothing").arg(what), InvalidInput);

    SecretFailure failure = SecretFailure::None;
    const bool stored =
        SecretStore::write(SecretStore::targetKey(workspace().root(), name, what), secret, &error, &failure);
    SecretStore::wipe(secret);
    if (!stored)
        return fail(QStringLiteral("cannot store %1: %2").arg(described, error));
    if (json())
        output().printJson(QJsonObject{{QStringLiteral("target"), name}, {QStringLiteral("stored"), what}});
    else
        output().out() << "Stored " << described << " in the system keychain\n";
    return Ok;
}
