// The password of an SSH target typed on the targets dialog, against a real gnome-keyring (KeyringSession,
// one per process: libsecret keeps its bus connection) and a real sshd whose user logs in with a password
// only: Save puts it in the keychain and nowhere else, the dialog shows that it is stored without showing it,
// Test connection logs in with it, and with the keyring gone Save says so and keeps the dialog open.
#include <QtTest>

#include "GuiTestSupport.h"
#include "KeyringSession.h"
#include "SshTestServer.h"
#include "TestSupport.h"
#include "secrets/SecretStore.h"
#include "shell/UserPrompts.h"
#include "targets/TargetDialog.h"
#include "targets/TargetRegistry.h"
#include "targets/TargetsPage.h"
#include "targets/ssh/SshConnection.h"
#include "workspace/Workspace.h"

#include <QComboBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>

class TestTargetSshPassword : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<KeyringSession> m_keyring;
    std::unique_ptr<SshTestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Workspace> m_workspace;
    std::unique_ptr<TargetsPage> m_page;
    QByteArray m_password;
    const QByteArray m_passphrase = "pass phrase ä `x` $(y); 71c3";

    template <typename T> static T* child(QObject* parent, const QString& name)
    {
        T* widget = parent->findChild<T*>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }

    QString keyOf(const QString& target, const QString& word) const
    {
        return SecretStore::targetKey(m_workspace->root(), target, word);
    }

    // What the keychain holds under key; "(failure: …)" when it holds nothing or failed.
    static QByteArray stored(const QString& key)
    {
        QString error;
        const std::optional<QByteArray> secret = SecretStore::read(key, &error);
        return secret ? *secret : "(failure: " + error.toUtf8() + ")";
    }

    // The add dialog, filled in to log in to the server as its password user; no identity file.
    TargetDialog* addTarget(const QString& name)
    {
        QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("addTarget")), Qt::LeftButton);
        TargetDialog* dialog = m_page->openDialog();
        if (!dialog)
            return nullptr;
        child<QComboBox>(dialog, QStringLiteral("targetKind"))->setCurrentText(QStringLiteral("ssh"));
        child<QLineEdit>(dialog, QStringLiteral("targetName"))->setText(name);
        child<QLineEdit>(dialog, QStringLiteral("sshHost"))->setText(m_server->host());
        child<QSpinBox>(dialog, QStringLiteral("sshPort"))->setValue(m_server->port());
        child<QLineEdit>(dialog, QStringLiteral("sshUser"))->setText(m_server->user());
        child<QLineEdit>(dialog, QStringLiteral("sshWorkdir"))
            ->setText(m_server->workRoot() + QStringLiteral("/wd"));
        return dialog;
    }

    TargetDialog* editTarget(const QString& name)
    {
        m_page->selectTarget(name);
        QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("editTarget")), Qt::LeftButton);
        return m_page->openDialog();
    }

    void typePassword(TargetDialog* dialog, const QByteArray& password)
    {
        auto* field = child<QLineEdit>(dialog, QStringLiteral("sshPassword"));
        field->setFocus();
        QTest::keyClicks(field, QString::fromUtf8(password));
    }

    static QString errorsOf(TargetDialog* dialog)
    {
        return child<QLabel>(dialog, QStringLiteral("targetErrors"))->text();
    }
    // The dialog's errors while it is open (it deletes itself once saved).
    static QString errorsOf(const QPointer<TargetDialog>& dialog)
    {
        return dialog ? errorsOf(dialog.data()) : QString();
    }
    static QString resultOf(TargetDialog* dialog)
    {
        return child<QLabel>(dialog, QStringLiteral("connectionResult"))->text();
    }
    static QString passwordStatus(TargetDialog* dialog)
    {
        return child<QLabel>(dialog, QStringLiteral("sshPasswordStatus"))->text();
    }

    static void save(TargetDialog* dialog)
    {
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveTarget")), Qt::LeftButton);
    }
    static void test(TargetDialog* dialog)
    {
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("testConnection")), Qt::LeftButton);
    }

    QString sshdLog() const { return QString::fromUtf8(TestSupport::readFile(m_server->logPath())); }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        m_keyring = std::make_unique<KeyringSession>();
        QVERIFY2(m_keyring->ready(), qPrintable(m_keyring->error()));
        qputenv("TRAINYARD_ASKPASS",
                QFile::encodeName(TestSupport::binDir() + QStringLiteral("/trainyard-askpass")));
        QString error;
        SshTestServerOptions options;
        options.passwordLogin = true;
        m_server = SshTestServer::start(options, &error);
        QVERIFY2(m_server, qPrintable(error));
        m_password = m_server->password().toUtf8();
        QVERIFY(m_password.size() >= 8);
        // One workspace for the whole suite: the last case searches all of it for the password.
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_workspace = Workspace::open(m_dir->path() + QStringLiteral("/ws"), &error);
        QVERIFY2(m_workspace, qPrintable(error));
        m_page = std::make_unique<TargetsPage>(*m_workspace);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    }

    void cleanup()
    {
        if (TargetDialog* dialog = m_page->openDialog())
            dialog->reject();
        QTRY_VERIFY(!m_page->openDialog());
        QThreadPool::globalInstance()->waitForDone();
    }

    void cleanupTestCase()
    {
        QThreadPool::globalInstance()->waitForDone();
        // The master connections successful tests leave, ended before their server goes.
        if (m_workspace)
            for (const TargetConfig& target : TargetRegistry(*m_workspace).list())
                if (target.kind == QLatin1String("ssh"))
                    SshConnection(target, m_workspace->root()).closeMaster();
        m_page.reset();
        m_server.reset();
    }

    void saveStoresThePasswordInTheKeychain()
    {
        TargetDialog* dialog = addTarget(QStringLiteral("lab"));
        QVERIFY(dialog);
        auto* field = child<QLineEdit>(dialog, QStringLiteral("sshPassword"));
        QCOMPARE(field->echoMode(), QLineEdit::Password);
        QCOMPARE(child<QLineEdit>(dialog, QStringLiteral("sshPassphrase"))->echoMode(), QLineEdit::Password);
        QCOMPARE(passwordStatus(dialog), QStringLiteral("none stored"));
        typePassword(dialog, m_password);
        QSignalSpy saved(dialog, &TargetDialog::saved);
        const QPointer<TargetDialog> open(dialog);
        save(dialog);
        QTRY_VERIFY2_WITH_TIMEOUT(!m_page->openDialog(), qPrintable(errorsOf(open)), 30000);
        QCOMPARE(saved.count(), 1);

        QCOMPARE(stored(keyOf(QStringLiteral("lab"), SecretStore::passwordWord())), m_password);
        // Only what was typed is stored: no passphrase, and the settings hold no secret.
        QVERIFY(stored(keyOf(QStringLiteral("lab"), SecretStore::passphraseWord())).startsWith("(failure: "));
        const auto target = TargetRegistry(*m_workspace).find(QStringLiteral("lab"));
        QVERIFY(target);
        const QByteArray settings = QJsonDocument(target->settings).toJson();
        QVERIFY2(!settings.contains(m_password) && !settings.contains("password"), settings.constData());
    }

    void reopenedItSaysStoredAndTestsWithIt()
    {
        TargetDialog* dialog = editTarget(QStringLiteral("lab"));
        QVERIFY(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(passwordStatus(dialog), QStringLiteral("stored in the system keychain"),
                                  30000);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(dialog, QStringLiteral("sshPassphraseStatus"))->text(),
                                  QStringLiteral("none stored"), 30000);
        QVERIFY(child<QLineEdit>(dialog, QStringLiteral("sshPassword"))->text().isEmpty());
        QVERIFY(child<QPushButton>(dialog, QStringLiteral("forgetSshPassword"))->isEnabled());
        QVERIFY(!child<QPushButton>(dialog, QStringLiteral("forgetSshPassphrase"))->isEnabled());

        // The host is new: its key is trusted through the prompt, then the login uses the stored password.
        QSignalSpy tested(dialog, &TargetDialog::connectionTested);
        UserPrompts::setNextAnswer(QMessageBox::Yes);
        test(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 90000);
        QVERIFY2(tested.at(0).at(0).toBool(),
                 qPrintable(resultOf(dialog) + QStringLiteral("\nsshd: ") + sshdLog()));
        QVERIFY2(resultOf(dialog).contains(QStringLiteral("\nCPUs: ")), qPrintable(resultOf(dialog)));
        QVERIFY(UserPrompts::recordedMessages().last().contains(m_server->hostKeyFingerprint()));
        QVERIFY(child<QLabel>(dialog, QStringLiteral("secretsNote"))
                    ->isHidden()); // nothing typed, nothing stored
    }

    void thePassphraseIsASecretOfItsOwn()
    {
        TargetDialog* dialog = editTarget(QStringLiteral("lab"));
        QVERIFY(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(passwordStatus(dialog), QStringLiteral("stored in the system keychain"),
                                  30000);
        auto* field = child<QLineEdit>(dialog, QStringLiteral("sshPassphrase"));
        field->setFocus();
        field->insert(QString::fromUtf8(m_passphrase)); // pasted: QTest types ASCII only
        const QPointer<TargetDialog> open(dialog);
        save(dialog);
        QTRY_VERIFY2_WITH_TIMEOUT(!m_page->openDialog(), qPrintable(errorsOf(open)), 30000);
        QCOMPARE(stored(keyOf(QStringLiteral("lab"), SecretStore::passphraseWord())), m_passphrase);
        QCOMPARE(stored(keyOf(QStringLiteral("lab"), SecretStore::passwordWord())), m_password); // untouched

        dialog = editTarget(QStringLiteral("lab"));
        QVERIFY(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(dialog, QStringLiteral("sshPassphraseStatus"))->text(),
                                  QStringLiteral("stored in the system keychain"), 30000);
        QVERIFY(field = child<QLineEdit>(dialog, QStringLiteral("sshPassphrase")));
        QVERIFY(field->text().isEmpty());
    }

    void testConnectionStoresATypedPasswordFirst()
    {
        TargetDialog* dialog = addTarget(QStringLiteral("lab2"));
        QVERIFY(dialog);
        typePassword(dialog, m_password);
        QSignalSpy tested(dialog, &TargetDialog::connectionTested);
        UserPrompts::setNextAnswer(QMessageBox::Yes); // when this case runs alone, the host is new to it
        test(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 90000);
        QVERIFY2(tested.at(0).at(0).toBool(),
                 qPrintable(resultOf(dialog) + QStringLiteral("\nsshd: ") + sshdLog()));
        QVERIFY2(resultOf(dialog).contains(QStringLiteral("\nCPUs: ")), qPrintable(resultOf(dialog)));
        const QString note = child<QLabel>(dialog, QStringLiteral("secretsNote"))->text();
        QVERIFY2(note.contains(QStringLiteral("Stored in the system keychain: the password, before testing")),
                 qPrintable(note));
        QCOMPARE(passwordStatus(dialog), QStringLiteral("stored in the system keychain"));
        QVERIFY(child<QLineEdit>(dialog, QStringLiteral("sshPassword"))->text().isEmpty());
        QCOMPARE(stored(keyOf(QStringLiteral("lab2"), SecretStore::passwordWord())), m_password);
        // Save then has nothing left to store and saves the target.
        QSignalSpy saved(dialog, &TargetDialog::saved);
        const QPointer<TargetDialog> open(dialog);
        save(dialog);
        QTRY_VERIFY2_WITH_TIMEOUT(!m_page->openDialog(), qPrintable(errorsOf(open)), 30000);
        QCOMPARE(saved.count(), 1);
    }

    void forgetRemovesIt()
    {
        TargetDialog* dialog = editTarget(QStringLiteral("lab2"));
        QVERIFY(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(passwordStatus(dialog), QStringLiteral("stored in the system keychain"),
                                  30000);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("forgetSshPassword")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(passwordStatus(dialog), QStringLiteral("none stored"), 30000);
        QVERIFY(!child<QPushButton>(dialog, QStringLiteral("forgetSshPassword"))->isEnabled());
        QVERIFY(stored(keyOf(QStringLiteral("lab2"), SecretStore::passwordWord())).startsWith("(failure: "));
        QCOMPARE(stored(keyOf(QStringLiteral("lab"), SecretStore::passwordWord())),
                 m_password); // the other target's stays
    }

    void noByteOfThePasswordInTheWorkspace()
    {
        QDirIterator it(m_workspace->root(), QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        int files = 0;
        bool database = false;
        while (it.hasNext()) {
            const QString path = it.next();
            QVERIFY2(!TestSupport::readFile(path).contains(m_password), qPrintable(path));
            QVERIFY2(!TestSupport::readFile(path).contains(m_passphrase), qPrintable(path));
            database =
                database || path.endsWith(QLatin1String(".db")) || path.endsWith(QLatin1String(".sqlite"));
            ++files;
        }
        QVERIFY2(database, "no database file searched");
        QVERIFY(files > 1);
        for (const QString& message : UserPrompts::recordedMessages())
            QVERIFY(!message.toUtf8().contains(m_password));
    }

    // Last: the keyring stopped for good in this process.
    void withoutTheKeyringSaveSaysSoAndStaysOpen()
    {
        QVERIFY2(m_keyring->stopKeyring(), qPrintable(m_keyring->error()));
        const QByteArray typed = "typed-while-no-keyring-5d2a";

        // An existing target: its status says the keychain cannot be asked.
        TargetDialog* dialog = editTarget(QStringLiteral("lab"));
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(
            passwordStatus(dialog).startsWith(QStringLiteral("the system keychain is unavailable: ")), 30000);
        dialog->reject();
        QTRY_VERIFY(!m_page->openDialog());

        dialog = addTarget(QStringLiteral("lab3"));
        QVERIFY(dialog);
        typePassword(dialog, typed);
        QSignalSpy saved(dialog, &TargetDialog::saved);
        const QPointer<TargetDialog> open(dialog);
        save(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(
            !open || errorsOf(open).contains(QStringLiteral("Trainyard keeps passwords nowhere else")),
            30000);
        QVERIFY2(open, "the dialog closed");
        QVERIFY2(errorsOf(dialog).startsWith(QStringLiteral("the system keychain is unavailable: ")),
                 qPrintable(errorsOf(dialog)));
        QVERIFY(dialog->isVisible());
        QCOMPARE(m_page->openDialog(), dialog);
        QCOMPARE(saved.count(), 0);
        QVERIFY(!TargetRegistry(*m_workspace).find(QStringLiteral("lab3")));
        QCOMPARE(child<QLineEdit>(dialog, QStringLiteral("sshPassword"))->text(),
                 QString::fromUtf8(typed)); // to try again
        QVERIFY(child<QPushButton>(dialog, QStringLiteral("saveTarget"))->isEnabled());

        // Test connection cannot store it either, and says why instead of connecting.
        QSignalSpy tested(dialog, &TargetDialog::connectionTested);
        test(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 30000);
        QVERIFY(!tested.at(0).at(0).toBool());
        QVERIFY2(resultOf(dialog).startsWith(QStringLiteral("the system keychain is unavailable: ")),
                 qPrintable(resultOf(dialog)));

        QDirIterator it(m_workspace->root(), QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QVERIFY2(!TestSupport::readFile(path).contains(typed), qPrintable(path));
        }
    }
};

QTEST_MAIN(TestTargetSshPassword)
#include "TestTargetSshPassword.moc"
