// Which of ssh's prompts trainyard-askpass answers, and what ssh is given to find it.
#include "TestSupport.h"

#include "secrets/AskpassHelper.h"
#include "secrets/SecretStore.h"

#include <QtTest>

class TestAskpassHelper : public QObject
{
    Q_OBJECT

private slots:
    void classifiesPrompts_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<int>("expected");
        const int password = int(AskpassHelper::Prompt::Password);
        const int passphrase = int(AskpassHelper::Prompt::Passphrase);
        const int refused = int(AskpassHelper::Prompt::Refused);
        QTest::newRow("ssh password") << QStringLiteral("root@127.0.0.1's password: ") << password;
        QTest::newRow("host names with words refused elsewhere")
            << QStringLiteral("pin@codehost-otp.lab's password: ") << password;
        QTest::newRow("keyboard-interactive") << QStringLiteral("Password: ") << password;
        QTest::newRow("keyboard-interactive, OpenSSH 8.7+")
            << QStringLiteral("(ada@gpu.lab) Password: ") << password;
        QTest::newRow("current password") << QStringLiteral("(current) UNIX password: ") << password;
        QTest::newRow("after a banner line")
            << QStringLiteral("Authorized use only\n\nPassword: ") << password;
        QTest::newRow("passphrase") << QStringLiteral(
                                           "Enter passphrase for key '/home/ada/.ssh/id_ed25519': ")
                                    << passphrase;
        QTest::newRow("passphrase, path with spaces")
            << QStringLiteral("Enter passphrase for key '/home/a b/key (1)': ") << passphrase;
        QTest::newRow("host key")
            << QStringLiteral(
                   "The authenticity of host '[127.0.0.1]:2222' can't be established.\nED25519 key "
                   "fingerprint is SHA256:abc.\nAre you sure you want to continue connecting "
                   "(yes/no/[fingerprint])? ")
            << refused;
        QTest::newRow("verification code") << QStringLiteral("Verification code: ") << refused;
        QTest::newRow("one-time password")
            << QStringLiteral("One-time password (OATH) for `ada': ") << refused;
        QTest::newRow("new password") << QStringLiteral("New password: ") << refused;
        QTest::newRow("retype") << QStringLiteral("Retype new password: ") << refused;
        QTest::newRow("PIN") << QStringLiteral("Enter PIN for ED25519-SK key /home/ada/.ssh/id_sk: ")
                             << refused;
        QTest::newRow("confirm") << QStringLiteral("Allow use of key /home/ada/.ssh/id?") << refused;
        QTest::newRow("empty") << QString() << refused;
        QTest::newRow("password in a question") << QStringLiteral("Change your password now?") << refused;
    }

    void classifiesPrompts()
    {
        QFETCH(QString, prompt);
        QFETCH(int, expected);
        QCOMPARE(int(AskpassHelper::classifyPrompt(prompt)), expected);
    }

    void sshEnvironmentNamesTheHelperAndTheKeysOnly()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        qputenv("TRAINYARD_ASKPASS",
                QFile::encodeName(TestSupport::binDir() + QStringLiteral("/trainyard-askpass")));
        QProcessEnvironment base;
        base.insert(QStringLiteral("DISPLAY"), QStringLiteral(":7"));
        base.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/tmp/bus"));
        const QProcessEnvironment env =
            AskpassHelper::sshEnvironment(dir.path(), QStringLiteral("gpu"), base);
        QCOMPARE(env.value(QStringLiteral("SSH_ASKPASS")),
                 TestSupport::binDir() + QStringLiteral("/trainyard-askpass"));
        QCOMPARE(env.value(QStringLiteral("SSH_ASKPASS_REQUIRE")), QStringLiteral("force"));
        QCOMPARE(env.value(QStringLiteral("TRAINYARD_SECRET_KEY")),
                 SecretStore::targetKeyPrefix(dir.path(), QStringLiteral("gpu")));
        QCOMPARE(env.value(QStringLiteral("TRAINYARD_SECRET_TARGET")), QStringLiteral("gpu"));
        QCOMPARE(env.value(QStringLiteral("DISPLAY")), QStringLiteral(":7"));
        QCOMPARE(env.value(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")), QStringLiteral("unix:path=/tmp/bus"));
        QCOMPARE(env.keys().size(), 6);
        qunsetenv("TRAINYARD_ASKPASS");
        QCOMPARE(AskpassHelper::askpassPath(),
                 QCoreApplication::applicationDirPath() + QStringLiteral("/trainyard-askpass"));
    }
};

QTEST_GUILESS_MAIN(TestAskpassHelper)
#include "TestAskpassHelper.moc"
