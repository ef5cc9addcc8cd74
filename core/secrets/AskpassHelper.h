// How ssh gets a target's password or key passphrase without it passing through a file, a command line or an
// environment variable: ssh runs trainyard-askpass (SSH_ASKPASS, forced even with a terminal or without
// DISPLAY), which reads the secret from the system keychain and writes it to ssh's pipe.
//
// What trainyard-askpass reads from its environment (names only, never a secret):
//   TRAINYARD_SECRET_KEY     the prefix of the target's keys, SecretStore::targetKeyPrefix(); a password
//                            prompt is answered from prefix + "password", a passphrase prompt from
//                            prefix + "passphrase"
//   TRAINYARD_SECRET_TARGET  the target's name, for the messages that say how to store a missing secret
//   DBUS_SESSION_BUS_ADDRESS (and DISPLAY) as the program that starts ssh has them: the keychain is
//                            reached through the session bus
#pragma once

#include <QProcessEnvironment>
#include <QString>

class AskpassHelper
{
public:
    enum class Prompt { Password, Passphrase, Refused };

    // TRAINYARD_ASKPASS when set, else trainyard-askpass next to the running program.
    static QString askpassPath();
    // `base` plus what ssh needs to ask trainyard-askpass for this target's secrets: SSH_ASKPASS,
    // SSH_ASKPASS_REQUIRE=force, TRAINYARD_SECRET_KEY and TRAINYARD_SECRET_TARGET. DISPLAY and the D-Bus
    // variables stay as base has them.
    static QProcessEnvironment
    sshEnvironment(const QString& workspaceRoot, const QString& target,
                   const QProcessEnvironment& base = QProcessEnvironment::systemEnvironment());

    // Which secret a prompt of ssh asks for. Only password prompts (ssh's "user@host's password:", PAM's
    // keyboard-interactive "Password: ", "(current) password:") and key passphrase prompts ("Enter passphrase
    // for key ...") are answered; anything else (a host key's "yes/no", a verification code, a new password
    // to choose) is refused, so that the keychain never answers a question it was not asked.
    static Prompt classifyPrompt(const QString& prompt);

    static QString keyVariable() { return QStringLiteral("TRAINYARD_SECRET_KEY"); }
    static QString targetVariable() { return QStringLiteral("TRAINYARD_SECRET_TARGET"); }
};
