// A target's password through the real programs and a real gnome-keyring: `targets set-password` stores what
// it reads on stdin in the keychain, trainyard-askpass (started the way the SSH target starts ssh) hands it
// to a password prompt and to nothing else, and the secret shows up nowhere but in the keychain and in
// askpass's answer: not in the workspace (database included), not in any message.
#include "KeyringSession.h"
#include "TestSupport.h"

#include "secrets/AskpassHelper.h"
#include "secrets/SecretStore.h"

#include <QDirIterator>
#include <QtTest>

#include <memory>

using namespace TestSupport;

namespace {

const QByteArray password = "pä$$ wörd `id` $(reboot);'\"\\ end";
const QByteArray passphrase = "an identity file's passphrase";
const QByteArray withoutKeychainPassword = "typed-while-no-keychain-0b6e";

} // namespace

class TestTargetSecrets : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<KeyringSession> m_keyring;
    QTemporaryDir m_dir;
    QString m_workspace;
    QByteArray m_messages; // every stderr and every stdout but askpass's answers, for the final search

    CliResult cli(const QStringList& args, const QByteArray& input = QByteArray(),
                  const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        const CliResult r = runCliWithInput(m_workspace, args, input, env, 60000);
        m_messages += r.out + r.err;
        return r;
    }

    // trainyard-askpass as ssh runs it for target `target`: the prompt as its argument, the environment
    // AskpassHelper gives ssh. Its stdout is ssh's pipe; only its stderr is a message.
    CliResult askpass(const QString& prompt, const QString& target = QStringLiteral("lab"),
                      const QProcessEnvironment& base = QProcessEnvironment::systemEnvironment())
    {
        const QProcessEnvironment env = AskpassHelper::sshEnvironment(m_workspace, target, base);
        const CliResult r =
            runProgram(env.value(QStringLiteral("SSH_ASKPASS")), {prompt}, QByteArray(), env, 60000);
        m_messages += r.err;
        return r;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_keyring = std::make_unique<KeyringSession>();
        QVERIFY2(m_keyring->ready(), qPrintable(m_keyring->error()));
        qputenv("TRAINYARD_ASKPASS", QFile::encodeName(binDir() + QStringLiteral("/trainyard-askpass")));
        m_workspace = m_dir.filePath(QStringLiteral("workspace"));
        const CliResult r = cli({QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("lab"),
                                 QStringLiteral("--kind"), QStringLiteral("local")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void storedPasswordAnswersPasswordPrompts()
    {
        const CliResult set =
            cli({QStringLiteral("targets"), QStringLiteral("set-password"), QStringLiteral("lab")},
                password + "\n");
        QVERIFY2(set.exitCode == 0, set.err.constData());
        for (const QString& prompt :
             {QStringLiteral("ada@127.0.0.1's password: "), QStringLiteral("(ada@127.0.0.1) Password: ")}) {
            const CliResult r = askpass(prompt);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QCOMPARE(r.out, password + "\n");
            QVERIFY2(r.err.isEmpty(), r.err.constData());
        }
    }

    void otherPromptsAreRefused()
    {
        const QString hostKey =
            QStringLiteral("The authenticity of host '[127.0.0.1]:2222' can't be established.\n"
                           "Are you sure you want to continue connecting (yes/no/[fingerprint])? ");
        for (const QString& prompt :
             {hostKey, QStringLiteral("Verification code: "), QStringLiteral("New password: ")}) {
            const CliResult r = askpass(prompt);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.out.isEmpty(), r.out.constData());
            QVERIFY2(r.err.startsWith("trainyard-askpass: not answering ssh's prompt"), r.err.constData());
        }
    }

    void passphraseIsASecretOfItsOwn()
    {
        const QString prompt = QStringLiteral("Enter passphrase for key '/home/ada/.ssh/id_ed25519': ");
        CliResult r = askpass(prompt);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(
            r.err.contains("no passphrase for the identity file of target lab in the system keychain, or the "
                           "keychain is locked") &&
                r.err.contains("`trainyard-cli targets set-password lab --passphrase`"),
            r.err.constData());
        const CliResult set = cli({QStringLiteral("targets"), QStringLiteral("set-password"),
                                   QStringLiteral("lab"), QStringLiteral("--passphrase")},
                                  passphrase + "\n");
        QVERIFY2(set.exitCode == 0, set.err.constData());
        r = askpass(prompt);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, passphrase + "\n");
        r = askpass(QStringLiteral("Password: "));
        QCOMPARE(r.out, password + "\n"); // the password is untouched
    }

    // From a terminal: the prompt goes to it, the typed password is not echoed. A pseudo-terminal made by
    // Debian's Python stands in for the user's terminal; everything the terminal showed comes back.
    void fromATerminalThePasswordIsNotEchoed()
    {
        const QByteArray typed = "typed on a terminal 4e1c";
        const CliResult r = runOnTerminal({binDir() + QStringLiteral("/trainyard-cli"), QStringLiteral("--workspace"), m_workspace,
                                           QStringLiteral("targets"), QStringLiteral("set-password"), QStringLiteral("lab")},
                                          "Password of target lab: ", typed + "\n");
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        QVERIFY2(r.out.contains("Password of target lab: "), r.out.constData());
        QVERIFY2(!r.out.contains(typed), "the terminal showed the password as it was typed");
        QCOMPARE(askpass(QStringLiteral("Password: ")).out, typed + "\n");
        // Back to the password the other cases expect.
        const CliResult set =
            cli({QStringLiteral("targets"), QStringLiteral("set-password"), QStringLiteral("lab")},
                password + "\n");
        QVERIFY2(set.exitCode == 0, set.err.constData());
        m_messages += r.out + r.err;
    }

    void unknownTargetIsInvalidInput()
    {
        const CliResult r =
            cli({QStringLiteral("targets"), QStringLiteral("set-password"), QStringLiteral("nowhere")},
                "irrelevant\n");
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown target nowhere"), r.err.constData());
        const CliResult forget =
            cli({QStringLiteral("targets"), QStringLiteral("forget-password"), QStringLiteral("nowhere")});
        QCOMPARE(forget.exitCode, 2);
    }

    void emptyInputStoresNothing()
    {
        const CliResult r =
            cli({QStringLiteral("targets"), QStringLiteral("set-password"), QStringLiteral("lab")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no password on stdin"), r.err.constData());
        QCOMPARE(askpass(QStringLiteral("Password: ")).out, password + "\n");
    }

    void withoutKeychainNothingIsStoredAnywhere()
    {
        const QProcessEnvironment none = KeyringSession::withoutKeychain();
        const CliResult set =
            cli({QStringLiteral("targets"), QStringLiteral("set-password"), QStringLiteral("lab")},
                withoutKeychainPassword + "\n", none);
        QCOMPARE(set.exitCode, 1);
        QVERIFY2(set.err.contains("the system keychain is unavailable: ") &&
                     set.err.contains("Trainyard keeps passwords nowhere else"),
                 set.err.constData());
        const CliResult r = askpass(QStringLiteral("Password: "), QStringLiteral("lab"), none);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.startsWith("trainyard-askpass: the system keychain is unavailable: "),
                 r.err.constData());
        // With the keychain back, what it holds is the earlier password, not the one typed without it.
        QCOMPARE(askpass(QStringLiteral("Password: ")).out, password + "\n");
    }

    void forgetPasswordRemovesBoth()
    {
        const CliResult forget =
            cli({QStringLiteral("targets"), QStringLiteral("forget-password"), QStringLiteral("lab")});
        QVERIFY2(forget.exitCode == 0, forget.err.constData());
        CliResult r = askpass(QStringLiteral("Password: "));
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(
            r.err.contains("no password for target lab in the system keychain, or the keychain is locked; "
                           "unlock it, or store one with `trainyard-cli targets set-password lab`"),
            r.err.constData());
        r = askpass(QStringLiteral("Enter passphrase for key '/k': "));
        QCOMPARE(r.exitCode, 1);
        // Forgetting what is already gone is no error.
        QCOMPARE(cli({QStringLiteral("targets"), QStringLiteral("forget-password"), QStringLiteral("lab")})
                     .exitCode,
                 0);
    }

    // A locked collection (nothing here can prompt to unlock it): the stored password is not handed out,
    // askpass says the keychain may be locked, and nothing new is stored.
    void lockedKeychain()
    {
        const CliResult before =
            cli({QStringLiteral("targets"), QStringLiteral("set-password"), QStringLiteral("lab")},
                password + "\n");
        QVERIFY2(before.exitCode == 0, before.err.constData());
        QVERIFY2(m_keyring->lockCollection(), qPrintable(m_keyring->error()));
        const CliResult set =
            cli({QStringLiteral("targets"), QStringLiteral("set-password"), QStringLiteral("lab")},
                withoutKeychainPassword + "\n");
        QCOMPARE(set.exitCode, 1);
        QVERIFY2(set.err.contains("the system keychain is unavailable: "), set.err.constData());
        const CliResult r = askpass(QStringLiteral("Password: "));
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("or the keychain is locked"), r.err.constData());
    }

    // Last: no secret in any file of the workspace (the database, its WAL and journal included) nor in any
    // message any program printed.
    void noSecretAnywhere()
    {
        QDirIterator it(m_workspace, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            ++files;
            const QByteArray content = readFile(path);
            for (const QByteArray& secret : {password, passphrase, withoutKeychainPassword})
                QVERIFY2(!content.contains(secret) && !content.contains(secret.toBase64()),
                         qPrintable(QStringLiteral("%1 holds a secret").arg(path)));
        }
        QVERIFY2(files > 0, "the workspace has no files: nothing was searched");
        QVERIFY(!m_messages.isEmpty());
        for (const QByteArray& secret : {password, passphrase, withoutKeychainPassword})
            QVERIFY2(!m_messages.contains(secret), "a program's message holds a secret");
    }
};

QTEST_GUILESS_MAIN(TestTargetSecrets)
#include "TestTargetSecrets.moc"
