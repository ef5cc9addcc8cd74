#include "secrets/AskpassHelper.h"

#include "secrets/SecretStore.h"

#include <QCoreApplication>
#include <QRegularExpression>

QString AskpassHelper::askpassPath()
{
    const QString fromEnv = qEnvironmentVariable("TRAINYARD_ASKPASS");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QCoreApplication::applicationDirPath() + QStringLiteral("/trainyard-askpass");
}

QProcessEnvironment AskpassHelper::sshEnvironment(const QString& workspaceRoot, const QString& target,
                                                  const QProcessEnvironment& base)
{
    QProcessEnvironment env = base;
    env.insert(QStringLiteral("SSH_ASKPASS"), askpassPath());
    env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("force"));
    env.insert(keyVariable(), SecretStore::targetKeyPrefix(workspaceRoot, target));
    env.insert(targetVariable(), target);
    return env;
}

AskpassHelper::Prompt AskpassHelper::classifyPrompt(const QString& prompt)
{
    // ssh may put a banner or a reason before the question: the question is the last non-empty line. Only
    // whole known forms count, since a user or host name inside a prompt may hold any word ("code", "pin").
    QString question;
    const QStringList lines = prompt.split(QLatin1Char('\n'));
    for (auto it = lines.crbegin(); it != lines.crend() && question.isEmpty(); ++it)
        question = it->trimmed();
    // OpenSSH 8.7 and later put "(user@host) " before keyboard-interactive prompts.
    static const QRegularExpression password(
        QStringLiteral(
            R"(^(\([^()]*\) )?(\S+@\S+'s password|password|\(current\) (unix )?password|password for \S+):$)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression passphrase(
        QStringLiteral(R"(^(\([^()]*\) )?enter passphrase for key '.*':$)"),
        QRegularExpression::CaseInsensitiveOption);
    if (passphrase.match(question).hasMatch())
        return Prompt::Passphrase;
    if (password.match(question).hasMatch())
        return Prompt::Password;
    return Prompt::Refused;
}
