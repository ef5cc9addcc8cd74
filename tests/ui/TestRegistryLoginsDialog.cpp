// GUI tests for registry logins, with a real keychain (KeyringSession): logging in from the Environments
// page keeps the user in the workspace and the password in the keychain only (the field is cleared at once),
// Log out removes both, and a keychain that cannot be used fails the login with its reason and records
// nothing.
#include <QtTest>

#include "environments/EnvironmentsPage.h"
#include "environments/RegistryLogins.h"
#include "environments/RegistryLoginsDialog.h"
#include "GuiTestSupport.h"
#include "KeyringSession.h"
#include "TestSupport.h"
#include "secrets/SecretStore.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>

class TestRegistryLoginsDialog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<KeyringSession> m_keyring;
    std::optional<Workspace> m_ws;

    static bool finishAction(RegistryLoginsDialog* dialog, bool* ok, QString* message)
    {
        QSignalSpy finished(dialog, &RegistryLoginsDialog::actionFinished);
        dialog->logInButton()->isEnabled() ? QTest::mouseClick(dialog->logInButton(), Qt::LeftButton) : void();
        if (!finished.wait(20000))
            return false;
        *ok = finished.at(0).at(0).toBool();
        *message = finished.at(0).at(1).toString();
        return true;
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        QVERIFY(m_dir.isValid());
        m_keyring = std::make_unique<KeyringSession>();
        QVERIFY2(m_keyring->ready(), qPrintable(m_keyring->error()));
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
    }

    void logInAndOutFromTheEnvironmentsPage()
    {
        EnvironmentsPage page(*m_ws);
        page.show();
        QTest::mouseClick(page.registryLoginsButton(), Qt::LeftButton);
        RegistryLoginsDialog* dialog = page.findChild<RegistryLoginsDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->logInButton()->isEnabled()); // nothing typed yet

        QTest::keyClicks(dialog->registryField(), QStringLiteral("https://Registry.Example.com:5000/"));
        QTest::keyClicks(dialog->userField(), QStringLiteral("alice"));
        QTest::keyClicks(dialog->passwordField(), QStringLiteral("gui-Secret-91"));
        QVERIFY(dialog->logInButton()->isEnabled());
        bool ok = false;
        QString message;
        QVERIFY(finishAction(dialog, &ok, &message));
        QVERIFY2(ok, qPrintable(message));
        QVERIFY(dialog->passwordField()->text().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(dialog->list()->topLevelItemCount(), 1, 5000);
        QCOMPARE(dialog->list()->topLevelItem(0)->text(0), QStringLiteral("registry.example.com:5000"));
        QCOMPARE(dialog->list()->topLevelItem(0)->text(1), QStringLiteral("alice"));

        QString error;
        const auto login = RegistryLogins(*m_ws).find(QStringLiteral("registry.example.com:5000"), &error);
        QVERIFY2(login && login->username == QLatin1String("alice"), qPrintable(error));
        const auto secret = SecretStore::read(SecretStore::registryKey(m_ws->root(), QStringLiteral("registry.example.com:5000")), &error);
        QVERIFY2(secret && *secret == "gui-Secret-91", qPrintable(error));

        dialog->list()->setCurrentItem(dialog->list()->topLevelItem(0));
        QVERIFY(dialog->logOutButton()->isEnabled());
        QSignalSpy finished(dialog, &RegistryLoginsDialog::actionFinished);
        QTest::mouseClick(dialog->logOutButton(), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(dialog->list()->topLevelItemCount(), 0, 5000);
        SecretFailure failure = SecretFailure::None;
        QVERIFY(!SecretStore::read(SecretStore::registryKey(m_ws->root(), QStringLiteral("registry.example.com:5000")), &error, &failure));
        QCOMPARE(failure, SecretFailure::NotFound);
    }

    void aKeychainThatCannotBeUsedRecordsNothing()
    {
        QVERIFY(m_keyring->stopKeyring());
        RegistryLoginsDialog dialog(*m_ws);
        dialog.show();
        QTest::keyClicks(dialog.registryField(), QStringLiteral("ghcr.io"));
        QTest::keyClicks(dialog.userField(), QStringLiteral("bob"));
        QTest::keyClicks(dialog.passwordField(), QStringLiteral("token-x"));
        bool ok = true;
        QString message;
        QVERIFY(finishAction(&dialog, &ok, &message));
        QVERIFY(!ok);
        QVERIFY2(message.contains(QStringLiteral("cannot store the password of registry ghcr.io")), qPrintable(message));
        QCOMPARE(dialog.statusMessage(), message);
        QString error;
        QVERIFY(!RegistryLogins(*m_ws).find(QStringLiteral("ghcr.io"), &error));
        QVERIFY(error.isEmpty());
        QVERIFY(m_keyring->startKeyring());
    }
};

QTEST_MAIN(TestRegistryLoginsDialog)
#include "TestRegistryLoginsDialog.moc"
