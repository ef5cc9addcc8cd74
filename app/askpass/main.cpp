// trainyard-askpass: ssh's SSH_ASKPASS for Trainyard's targets, never run by hand. ssh starts it with its
// prompt as the only argument; for a password or key passphrase prompt it writes the secret the system
// keychain holds for the target (TRAINYARD_SECRET_KEY, see core/secrets/AskpassHelper.h) and a newline to
// stdout, which is ssh's pipe, and exits 0. Any other prompt, a missing secret or an unusable keychain:
// exit 1 with a message on stderr. The secret goes nowhere but stdout; the prompt is never echoed there.
// `--help` or `--version` as the only argument (never one of ssh's prompts) says what it is and exits 0.
#include "TrainyardVersion.h"

#include "secrets/AskpassHelper.h"
#include "secrets/SecretStore.h"

#include <QCoreApplication>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace {

int refuse(const QString& message)
{
    std::fprintf(stderr, "trainyard-askpass: %s\n", qPrintable(message));
    return 1;
}

bool writeAll(int fd, const char* data, qsizetype size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size_t(size));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        data += written;
        size -= written;
    }
    return true;
}

const char* const helpText =
    "usage: trainyard-askpass PROMPT\n"
    "\n"
    "ssh's SSH_ASKPASS program for Trainyard's compute targets, started by ssh, not by hand. For a password or\n"
    "key passphrase PROMPT it writes the secret that the system keychain holds for the target Trainyard named in\n"
    "$TRAINYARD_SECRET_KEY and $TRAINYARD_SECRET_TARGET to stdout and exits 0; any other prompt, or no\n"
    "secret, exits 1.\n"
    "Store a target's secret with `trainyard-cli targets set-password NAME [--passphrase]`.\n"
    "\n"
    "Options:\n"
    "  -h, --help     Displays this help.\n"
    "  -v, --version  Displays version information.\n";

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("trainyard-askpass"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRAINYARD_VERSION));
    if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::fputs(helpText, stdout);
        return 0;
    }
    if (argc == 2 && (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "-v") == 0)) {
        std::printf("trainyard-askpass %s\n", TRAINYARD_VERSION);
        return 0;
    }
    const QString prompt = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    const QString prefix = qEnvironmentVariable(qPrintable(AskpassHelper::keyVariable()));
    QString target = qEnvironmentVariable(qPrintable(AskpassHelper::targetVariable()));
    if (target.isEmpty())
        target = QStringLiteral("NAME");
    if (prefix.isEmpty())
        return refuse(
            QStringLiteral("%1 is not set: this program answers ssh's prompts for Trainyard's targets")
                .arg(AskpassHelper::keyVariable()));

    const AskpassHelper::Prompt kind = AskpassHelper::classifyPrompt(prompt);
    if (kind == AskpassHelper::Prompt::Refused)
        return refuse(QStringLiteral("not answering ssh's prompt \"%1\": only password and key passphrase "
                                     "prompts are answered from the system keychain")
                          .arg(prompt.trimmed()));
    const bool passphrase = kind == AskpassHelper::Prompt::Passphrase;
    const QString key = prefix + (passphrase ? SecretStore::passphraseWord() : SecretStore::passwordWord());

    QString error;
    SecretFailure failure = SecretFailure::None;
    std::optional<QByteArray> secret = SecretStore::read(key, &error, &failure);
    // A locked collection reads as empty too (libsecret reports its items as absent when it cannot prompt
    // for the unlock), so the message names both.
    if (!secret && failure == SecretFailure::NotFound)
        return refuse(
            passphrase ? QStringLiteral("no passphrase for the identity file of target %1 in the system "
                                        "keychain, or the keychain is locked; unlock it, or store one with "
                                        "`trainyard-cli targets set-password %1 --passphrase`")
                             .arg(target)
                       : QStringLiteral("no password for target %1 in the system keychain, or the keychain "
                                        "is locked; unlock it, or store one with `trainyard-cli targets "
                                        "set-password %1`")
                             .arg(target));
    if (!secret)
        return refuse(error);
    const bool written =
        writeAll(STDOUT_FILENO, secret->constData(), secret->size()) && writeAll(STDOUT_FILENO, "\n", 1);
    SecretStore::wipe(*secret);
    if (!written)
        return refuse(QStringLiteral("cannot write the answer to ssh: %1")
                          .arg(QString::fromLocal8Bit(std::strerror(errno))));
    return 0;
}
