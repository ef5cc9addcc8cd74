#include <QtTest>

#include "GuiTestSupport.h"
#include "SshTestServer.h"
#include "TestSupport.h"
#include "shell/UserPrompts.h"
#include "targets/HostKeyTrustDialog.h"
#include "targets/TargetDialog.h"
#include "targets/TargetRegistry.h"
#include "targets/TargetSshPage.h"
#include "targets/TargetsPage.h"
#include "targets/ssh/SshConnection.h"
#include "workspace/Workspace.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

// The SSH page of the targets dialog on real widgets offscreen, against a real temporary workspace.
class TestTargetSshPage : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Workspace> m_workspace;

    template <typename T> static T* child(QObject* parent, const QString& name)
    {
        T* widget = parent->findChild<T*>(name);
        if (!widget)
            qFatal("no child %s", qPrintable(name));
        return widget;
    }

    static QJsonObject everySetting()
    {
        return {{QStringLiteral("host"), QStringLiteral("gpu-box.lab")},
                {QStringLiteral("port"), 2222},
                {QStringLiteral("user"), QStringLiteral("ana")},
                {QStringLiteral("identity_file"), QStringLiteral("/home/ana/.ssh/id_ed25519")},
                {QStringLiteral("workdir"), QStringLiteral("/scratch/ana/trainyard")},
                {QStringLiteral("python"), QStringLiteral("/opt/conda/bin/python")},
                {QStringLiteral("max_concurrent_runs"), 4},
                {QStringLiteral("cleanup"), QStringLiteral("success")},
                {QStringLiteral("connection_limit_seconds"), 120},
                {QStringLiteral("cancel_grace_seconds"), 2.5},
                {QStringLiteral("environment"), QJsonArray{QStringLiteral("WANDB_API_KEY"), QStringLiteral("HF_HOME")}},
                {QStringLiteral("extra_hosts"), QJsonArray{QStringLiteral("gpu-box-2.lab"), QStringLiteral("10.0.0.9:2200")}}};
    }

    // A new target's dialog with the ssh kind chosen, the name and host typed.
    static TargetDialog* addSshTarget(TargetsPage& page, const QString& name, const QString& host)
    {
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("addTarget")), Qt::LeftButton);
        TargetDialog* dialog = page.openDialog();
        if (!dialog)
            return nullptr;
        child<QComboBox>(dialog, QStringLiteral("targetKind"))->setCurrentText(QStringLiteral("ssh"));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("targetName")), name);
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("sshHost")), host);
        return dialog;
    }

    static QString errorsOf(TargetDialog* dialog) { return child<QLabel>(dialog, QStringLiteral("targetErrors"))->text(); }

    static void save(TargetDialog* dialog)
    {
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveTarget")), Qt::LeftButton);
    }

    // A real sshd on loopback with a fresh host key nobody trusts yet.
    static std::unique_ptr<SshTestServer> startServer()
    {
        QString error;
        std::unique_ptr<SshTestServer> server = SshTestServer::start({}, &error);
        if (!server)
            qWarning("cannot start sshd: %s", qPrintable(error));
        return server;
    }

    // A new ssh target in the dialog that logs in to the server with its key.
    static void fillForServer(TargetDialog& dialog, const SshTestServer& server)
    {
        child<QComboBox>(&dialog, QStringLiteral("targetKind"))->setCurrentText(QStringLiteral("ssh"));
        child<QLineEdit>(&dialog, QStringLiteral("targetName"))->setText(QStringLiteral("lab"));
        child<QLineEdit>(&dialog, QStringLiteral("sshHost"))->setText(server.host());
        child<QSpinBox>(&dialog, QStringLiteral("sshPort"))->setValue(server.port());
        child<QLineEdit>(&dialog, QStringLiteral("sshUser"))->setText(server.user());
        child<QLineEdit>(&dialog, QStringLiteral("sshIdentityFile"))->setText(server.clientKeyPath());
        child<QLineEdit>(&dialog, QStringLiteral("sshWorkdir"))->setText(server.workRoot() + QStringLiteral("/wd"));
    }

    static QString sshdLog(const SshTestServer& server) { return QString::fromUtf8(TestSupport::readFile(server.logPath())); }

    // The master connection a successful test leaves for later runs, ended before its server goes.
    void closeMaster(const TargetDialog& dialog) const { SshConnection(dialog.target(), m_workspace->root()).closeMaster(); }

private slots:
    void initTestCase() { GuiTestSupport::enterTestMode(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QString error;
        m_workspace = Workspace::open(m_dir->path() + QStringLiteral("/ws"), &error);
        QVERIFY2(m_workspace, qPrintable(error));
        UserPrompts::clearRecordedMessages();
    }

    void cleanup()
    {
        // Connection tests may still run on the pool with the workspace's paths: let them end first.
        QThreadPool::globalInstance()->waitForDone();
        m_workspace.reset();
        m_dir.reset();
    }

    void roundTripsEverySetting()
    {
        TargetSshPage page;
        page.load(everySetting());
        QCOMPARE(child<QLineEdit>(&page, QStringLiteral("sshHost"))->text(), QStringLiteral("gpu-box.lab"));
        QCOMPARE(child<QSpinBox>(&page, QStringLiteral("sshPort"))->value(), 2222);
        QCOMPARE(child<QLineEdit>(&page, QStringLiteral("sshUser"))->text(), QStringLiteral("ana"));
        QCOMPARE(child<QLineEdit>(&page, QStringLiteral("sshIdentityFile"))->text(), QStringLiteral("/home/ana/.ssh/id_ed25519"));
        QCOMPARE(child<QLineEdit>(&page, QStringLiteral("sshWorkdir"))->text(), QStringLiteral("/scratch/ana/trainyard"));
        QCOMPARE(child<QLineEdit>(&page, QStringLiteral("sshPython"))->text(), QStringLiteral("/opt/conda/bin/python"));
        QCOMPARE(child<QSpinBox>(&page, QStringLiteral("sshMaxConcurrentRuns"))->value(), 4);
        QCOMPARE(child<QComboBox>(&page, QStringLiteral("sshCleanup"))->currentText(), QStringLiteral("delete on success"));
        QCOMPARE(child<QSpinBox>(&page, QStringLiteral("sshConnectionLimit"))->value(), 120);
        QCOMPARE(child<QDoubleSpinBox>(&page, QStringLiteral("sshCancelGraceSeconds"))->value(), 2.5);
        QCOMPARE(child<QLineEdit>(&page, QStringLiteral("sshEnvironment"))->text(), QStringLiteral("WANDB_API_KEY,HF_HOME"));
        QCOMPARE(child<QLineEdit>(&page, QStringLiteral("sshExtraHosts"))->text(), QStringLiteral("gpu-box-2.lab, 10.0.0.9:2200"));
        QCOMPARE(page.settings({}), everySetting());

        // Fields typed by hand come out as the same JSON, and a second page shows them again.
        TargetSshPage typed;
        child<QLineEdit>(&typed, QStringLiteral("sshHost"))->setText(QStringLiteral(" gpu-box.lab "));
        child<QSpinBox>(&typed, QStringLiteral("sshPort"))->setValue(2222);
        child<QLineEdit>(&typed, QStringLiteral("sshUser"))->setText(QStringLiteral("ana"));
        child<QLineEdit>(&typed, QStringLiteral("sshIdentityFile"))->setText(QStringLiteral("/home/ana/.ssh/id_ed25519"));
        child<QLineEdit>(&typed, QStringLiteral("sshWorkdir"))->setText(QStringLiteral("/scratch/ana/trainyard"));
        child<QLineEdit>(&typed, QStringLiteral("sshPython"))->setText(QStringLiteral("/opt/conda/bin/python"));
        child<QSpinBox>(&typed, QStringLiteral("sshMaxConcurrentRuns"))->setValue(4);
        child<QComboBox>(&typed, QStringLiteral("sshCleanup"))->setCurrentIndex(1);
        child<QSpinBox>(&typed, QStringLiteral("sshConnectionLimit"))->setValue(120);
        child<QDoubleSpinBox>(&typed, QStringLiteral("sshCancelGraceSeconds"))->setValue(2.5);
        QTest::keyClicks(child<QLineEdit>(&typed, QStringLiteral("sshEnvironment")), QStringLiteral("WANDB_API_KEY, HF_HOME"));
        QTest::keyClicks(child<QLineEdit>(&typed, QStringLiteral("sshExtraHosts")), QStringLiteral("gpu-box-2.lab,10.0.0.9:2200"));
        QCOMPARE(typed.settings({}), everySetting());

        // Settings the page does not know survive an edit; emptied fields go back to the defaults.
        QJsonObject base = everySetting();
        base.insert(QStringLiteral("future_setting"), QStringLiteral("kept"));
        child<QSpinBox>(&typed, QStringLiteral("sshPort"))->setValue(0);
        child<QLineEdit>(&typed, QStringLiteral("sshUser"))->clear();
        child<QLineEdit>(&typed, QStringLiteral("sshEnvironment"))->clear();
        child<QLineEdit>(&typed, QStringLiteral("sshExtraHosts"))->clear();
        const QJsonObject edited = typed.settings(base);
        QCOMPARE(edited.value(QStringLiteral("future_setting")).toString(), QStringLiteral("kept"));
        QVERIFY(!edited.contains(QStringLiteral("port")));
        QVERIFY(!edited.contains(QStringLiteral("user")));
        QVERIFY(!edited.contains(QStringLiteral("environment")));
        QVERIFY(!edited.contains(QStringLiteral("extra_hosts")));
        QCOMPARE(child<QSpinBox>(&typed, QStringLiteral("sshPort"))->text(), QStringLiteral("default"));
    }

    void defaultsShowWhereTheyComeFrom()
    {
        TargetSshPage page;
        QCOMPARE(child<QLineEdit>(&page, QStringLiteral("sshWorkdir"))->placeholderText(), QStringLiteral("~/.trainyard"));
        QCOMPARE(child<QLineEdit>(&page, QStringLiteral("sshPython"))->placeholderText(), QStringLiteral("python3"));
        QCOMPARE(child<QSpinBox>(&page, QStringLiteral("sshPort"))->text(), QStringLiteral("default"));
        QCOMPARE(child<QComboBox>(&page, QStringLiteral("sshCleanup"))->currentData().toString(), QStringLiteral("keep"));
        const QJsonObject settings = page.settings({});
        QCOMPARE(settings.value(QStringLiteral("connection_limit_seconds")).toInt(), 900);
        for (const QString& unset : {QStringLiteral("port"), QStringLiteral("user"), QStringLiteral("identity_file"),
                                     QStringLiteral("workdir"), QStringLiteral("python"), QStringLiteral("environment")})
            QVERIFY2(!settings.contains(unset), qPrintable(unset));

        // A stored policy this version does not know is kept as it is (and Save names it), not made "keep".
        page.load({{QStringLiteral("host"), QStringLiteral("h")}, {QStringLiteral("cleanup"), QStringLiteral("weekly")}});
        QCOMPARE(page.settings({}).value(QStringLiteral("cleanup")).toString(), QStringLiteral("weekly"));
        page.load({{QStringLiteral("host"), QStringLiteral("h")}});
        QCOMPARE(child<QComboBox>(&page, QStringLiteral("sshCleanup"))->count(), 3);
    }

    void theDialogHasAnSshPage()
    {
        QVERIFY(qobject_cast<TargetSshPage*>(std::unique_ptr<TargetKindPage>(TargetDialog::createPage(QStringLiteral("ssh"))).get()));

        TargetsPage page(*m_workspace);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        TargetDialog* dialog = addSshTarget(page, QStringLiteral("lab"), QStringLiteral("lab.example.org"));
        QVERIFY(dialog);
        QVERIFY(qobject_cast<TargetSshPage*>(dialog->currentPage()));
        QCOMPARE(child<QStackedWidget>(dialog, QStringLiteral("targetPages"))->currentWidget(), dialog->currentPage());
        QVERIFY(child<QLineEdit>(dialog, QStringLiteral("sshHost"))->isVisible());
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("sshUser")), QStringLiteral("ana"));
        auto* port = child<QSpinBox>(dialog, QStringLiteral("sshPort"));
        port->setFocus();
        port->selectAll();
        QTest::keyClicks(port, QStringLiteral("2222"));
        child<QComboBox>(dialog, QStringLiteral("sshCleanup"))->setCurrentIndex(2);
        QSignalSpy saved(dialog, &TargetDialog::saved);
        save(dialog);
        QVERIFY2(saved.count() == 1, qPrintable(errorsOf(dialog)));
        QTRY_VERIFY(!page.openDialog());

        const auto stored = TargetRegistry(*m_workspace).find(QStringLiteral("lab"));
        QVERIFY(stored);
        QCOMPARE(stored->kind, QStringLiteral("ssh"));
        QCOMPARE(stored->settings.value(QStringLiteral("host")).toString(), QStringLiteral("lab.example.org"));
        QCOMPARE(stored->settings.value(QStringLiteral("port")).toInt(), 2222);
        QCOMPARE(stored->settings.value(QStringLiteral("user")).toString(), QStringLiteral("ana"));
        QCOMPARE(stored->settings.value(QStringLiteral("cleanup")).toString(), QStringLiteral("always"));
        auto* table = child<QTableWidget>(&page, QStringLiteral("targetsTable"));
        QString summary;
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, TargetsPage::NameColumn)->text() == QLatin1String("lab"))
                summary = table->item(row, TargetsPage::SummaryColumn)->text();
        QCOMPARE(summary, QStringLiteral("ana@lab.example.org:2222, max 1 concurrent, ~/.trainyard, cleanup always"));

        // Editing shows the stored values on the ssh page.
        page.selectTarget(QStringLiteral("lab"));
        QTest::mouseClick(child<QPushButton>(&page, QStringLiteral("editTarget")), Qt::LeftButton);
        dialog = page.openDialog();
        QVERIFY(dialog);
        QVERIFY(qobject_cast<TargetSshPage*>(dialog->currentPage()));
        QCOMPARE(child<QLineEdit>(dialog, QStringLiteral("sshHost"))->text(), QStringLiteral("lab.example.org"));
        QCOMPARE(child<QSpinBox>(dialog, QStringLiteral("sshPort"))->value(), 2222);
        QCOMPARE(child<QComboBox>(dialog, QStringLiteral("sshCleanup"))->currentData().toString(), QStringLiteral("always"));
        dialog->reject();
    }

    void invalidFieldsAreNamed()
    {
        TargetsPage page(*m_workspace);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        TargetDialog* dialog = addSshTarget(page, QStringLiteral("lab"), QStringLiteral("lab.example.org"));
        QVERIFY(dialog);
        QSignalSpy saved(dialog, &TargetDialog::saved);

        auto* port = child<QSpinBox>(dialog, QStringLiteral("sshPort"));
        port->setFocus();
        port->selectAll();
        QTest::keyClicks(port, QStringLiteral("70000"));
        QCOMPARE(port->value(), 70000);
        save(dialog);
        QCOMPARE(saved.count(), 0);
        QVERIFY(dialog->isVisible());
        QVERIFY(child<QLabel>(dialog, QStringLiteral("targetErrors"))->isVisible());
        QVERIFY2(errorsOf(dialog).contains(QStringLiteral("port: expected a port number from 1 to 65535")),
                 qPrintable(errorsOf(dialog)));
        // Test connection names it too, instead of handing it to ssh.
        QSignalSpy tested(dialog, &TargetDialog::connectionTested);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("testConnection")), Qt::LeftButton);
        QTRY_COMPARE(tested.count(), 1);
        QVERIFY(!tested.at(0).at(0).toBool());
        QCOMPARE(child<QLabel>(dialog, QStringLiteral("connectionResult"))->text(),
                 QStringLiteral("port: expected a port number from 1 to 65535"));
        port->setValue(22);
        QVERIFY(child<QLabel>(dialog, QStringLiteral("targetErrors"))->isHidden()); // editing clears stale errors
        QVERIFY(child<QLabel>(dialog, QStringLiteral("connectionResult"))->text().isEmpty());

        // No host, a bad variable name and a key file that is not there: each named.
        child<QLineEdit>(dialog, QStringLiteral("sshHost"))->clear();
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("sshEnvironment")), QStringLiteral("OK_NAME,1BAD"));
        const QString missingKey = m_dir->path() + QStringLiteral("/no/id_ed25519");
        child<QLineEdit>(dialog, QStringLiteral("sshIdentityFile"))->setText(missingKey);
        save(dialog);
        QCOMPARE(saved.count(), 0);
        const QString errors = errorsOf(dialog);
        QVERIFY2(errors.contains(QStringLiteral("host: expected a non-empty text")), qPrintable(errors));
        QVERIFY2(errors.contains(QStringLiteral("environment: expected a list of environment variable names, got \"1BAD\"")),
                 qPrintable(errors));
        QVERIFY2(errors.contains(QStringLiteral("identity_file: %1 does not exist").arg(missingKey)), qPrintable(errors));
        QVERIFY(!TargetRegistry(*m_workspace).find(QStringLiteral("lab")));

        // Fixed, it saves; the key file chosen with the file chooser.
        child<QLineEdit>(dialog, QStringLiteral("sshHost"))->setText(QStringLiteral("lab.example.org"));
        child<QLineEdit>(dialog, QStringLiteral("sshEnvironment"))->setText(QStringLiteral("OK_NAME"));
        const QString key = m_dir->path() + QStringLiteral("/id_ed25519");
        QVERIFY(TestSupport::writeFile(key, "not really a key\n"));
        UserPrompts::setNextPath(key);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("browseIdentityFile")), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(dialog, QStringLiteral("sshIdentityFile"))->text(), key);
        save(dialog);
        QVERIFY2(saved.count() == 1, qPrintable(errorsOf(dialog)));
        const auto stored = TargetRegistry(*m_workspace).find(QStringLiteral("lab"));
        QVERIFY(stored);
        QCOMPARE(stored->settings.value(QStringLiteral("identity_file")).toString(), key);
        QCOMPARE(stored->settings.value(QStringLiteral("environment")).toArray(), QJsonArray{QStringLiteral("OK_NAME")});
    }

    void everyControlHasAnAccessibleName()
    {
        TargetDialog dialog(*m_workspace, std::nullopt);
        child<QComboBox>(&dialog, QStringLiteral("targetKind"))->setCurrentText(QStringLiteral("ssh"));
        HostKeyTrustDialog trust(QStringLiteral("h"), {}, QStringLiteral("/k"));
        QStringList unnamed;
        for (QWidget* root : {static_cast<QWidget*>(dialog.currentPage()), static_cast<QWidget*>(&trust)})
            for (QWidget* widget : root->findChildren<QWidget*>()) {
                const bool control = qobject_cast<QAbstractButton*>(widget) || qobject_cast<QComboBox*>(widget)
                                     || qobject_cast<QAbstractSpinBox*>(widget) || qobject_cast<QAbstractItemView*>(widget)
                                     || (qobject_cast<QLineEdit*>(widget) && !qobject_cast<QAbstractSpinBox*>(widget->parentWidget()));
                if (control && !GuiTestSupport::isQtInternalPart(widget) && widget->accessibleName().isEmpty())
                    unnamed << QString::fromLatin1(widget->metaObject()->className()) + QLatin1Char(' ') + widget->objectName();
            }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
    }

    void theTrustDialogShowsEveryFingerprint()
    {
        const QVector<SshHostKey> keys{
            {QStringLiteral("[127.0.0.1]:2222"), QStringLiteral("ssh-ed25519"), QStringLiteral("[127.0.0.1]:2222 ssh-ed25519 AAAA"),
             QStringLiteral("SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")},
            {QStringLiteral("[127.0.0.1]:2222"), QStringLiteral("ecdsa-sha2-nistp256"),
             QStringLiteral("[127.0.0.1]:2222 ecdsa-sha2-nistp256 AAAA"), QStringLiteral("SHA256:ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut")}};
        HostKeyTrustDialog dialog(QStringLiteral("ana@127.0.0.1:2222"), keys, QStringLiteral("/ws/ssh/known_hosts"));
        QVERIFY(dialog.windowTitle().contains(QStringLiteral("ana@127.0.0.1:2222")));
        auto* table = child<QTableWidget>(&dialog, QStringLiteral("hostKeys"));
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 2)->text(), keys.at(0).fingerprint);
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("ecdsa-sha2-nistp256"));
        QCOMPARE(table->item(1, 2)->text(), keys.at(1).fingerprint);
        QVERIFY(child<QLabel>(&dialog, QStringLiteral("hostKeyAdvice"))->text().contains(QStringLiteral("/ws/ssh/known_hosts")));
        QVERIFY(dialog.summary().contains(keys.at(0).fingerprint));
        QVERIFY(dialog.summary().contains(keys.at(1).fingerprint));
        // The safe answer is the default one: Enter does not trust.
        QVERIFY(child<QPushButton>(&dialog, QStringLiteral("rejectHostKey"))->isDefault());
        QVERIFY(!child<QPushButton>(&dialog, QStringLiteral("trustHostKey"))->isDefault());

        // Through UserPrompts: declined unless the answer is yes.
        QVERIFY(!HostKeyTrustDialog::ask(nullptr, QStringLiteral("h"), keys, QStringLiteral("/k")));
        UserPrompts::setNextAnswer(QMessageBox::No);
        QVERIFY(!HostKeyTrustDialog::ask(nullptr, QStringLiteral("h"), keys, QStringLiteral("/k")));
        UserPrompts::setNextAnswer(QMessageBox::Yes);
        QVERIFY(HostKeyTrustDialog::ask(nullptr, QStringLiteral("h"), keys, QStringLiteral("/k")));
        QCOMPARE(UserPrompts::recordedMessages().size(), 3);
        QVERIFY(UserPrompts::recordedMessages().last().contains(keys.at(1).fingerprint));
    }

    void testingAnUnreachableHostSaysWhy()
    {
        // A loopback port nobody listens on: refused at once, the failure is the result, no question asked.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        TargetDialog dialog(*m_workspace, std::nullopt);
        child<QComboBox>(&dialog, QStringLiteral("targetKind"))->setCurrentText(QStringLiteral("ssh"));
        child<QLineEdit>(&dialog, QStringLiteral("targetName"))->setText(QStringLiteral("nowhere"));
        child<QLineEdit>(&dialog, QStringLiteral("sshHost"))->setText(QStringLiteral("127.0.0.1"));
        child<QSpinBox>(&dialog, QStringLiteral("sshPort"))->setValue(port);
        QSignalSpy tested(&dialog, &TargetDialog::connectionTested);
        auto* button = child<QPushButton>(&dialog, QStringLiteral("testConnection"));
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 30000);
        QVERIFY(!tested.at(0).at(0).toBool());
        const QString result = child<QLabel>(&dialog, QStringLiteral("connectionResult"))->text();
        QVERIFY2(result.contains(QStringLiteral("127.0.0.1")), qPrintable(result));
        QVERIFY2(result.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(result));
        QVERIFY(button->isEnabled());
        QVERIFY(UserPrompts::recordedMessages().isEmpty());
        QVERIFY(!QFileInfo::exists(SshConnection::knownHostsPath(m_workspace->root())));
    }

    void theWindowStaysResponsiveWhileConnecting()
    {
        // A "host" that accepts the connection and never answers: the test takes as long as this test lets it,
        // and the GUI thread keeps serving events (this server's own accept) all the while.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        TargetDialog dialog(*m_workspace, std::nullopt);
        child<QComboBox>(&dialog, QStringLiteral("targetKind"))->setCurrentText(QStringLiteral("ssh"));
        child<QLineEdit>(&dialog, QStringLiteral("targetName"))->setText(QStringLiteral("silent"));
        child<QLineEdit>(&dialog, QStringLiteral("sshHost"))->setText(QStringLiteral("127.0.0.1"));
        child<QSpinBox>(&dialog, QStringLiteral("sshPort"))->setValue(silent.serverPort());
        QSignalSpy tested(&dialog, &TargetDialog::connectionTested);
        auto* button = child<QPushButton>(&dialog, QStringLiteral("testConnection"));
        auto* result = child<QLabel>(&dialog, QStringLiteral("connectionResult"));
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 10000);
        QCOMPARE(tested.count(), 0);
        QVERIFY(!button->isEnabled());
        QCOMPARE(result->text(), QStringLiteral("Testing…"));

        // The host hangs up: the failure is the result.
        std::unique_ptr<QTcpSocket> connection(silent.nextPendingConnection());
        connection->abort();
        silent.close();
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 30000);
        QVERIFY(!tested.at(0).at(0).toBool());
        QVERIFY2(result->text().contains(QStringLiteral("127.0.0.1")), qPrintable(result->text()));
        QVERIFY(button->isEnabled());
    }

    void trustingAnUnknownHostThenTestsAgain()
    {
        std::unique_ptr<SshTestServer> server = startServer();
        QVERIFY(server);
        TargetDialog dialog(*m_workspace, std::nullopt);
        fillForServer(dialog, *server);
        QSignalSpy tested(&dialog, &TargetDialog::connectionTested);
        UserPrompts::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("testConnection")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 90000);
        const QString result = child<QLabel>(&dialog, QStringLiteral("connectionResult"))->text();
        QVERIFY2(tested.at(0).at(0).toBool(), qPrintable(result + QStringLiteral("\nsshd: ") + sshdLog(*server)));
        // The question named the host and its fingerprint; the report is the machine's.
        QCOMPARE(UserPrompts::recordedMessages().size(), 1);
        QVERIFY2(UserPrompts::recordedMessages().first().contains(server->hostKeyFingerprint()),
                 qPrintable(UserPrompts::recordedMessages().first()));
        QVERIFY(UserPrompts::recordedMessages().first().contains(QString::number(server->port())));
        QVERIFY2(result.contains(QStringLiteral("\nCPUs: ")), qPrintable(result));
        QVERIFY2(result.contains(QStringLiteral("\nPython: 3.")), qPrintable(result));
        QCOMPARE(result, tested.at(0).at(1).toString());
        // The accepted key is in the workspace's known_hosts, and the next test needs no question.
        const QByteArray knownHosts = TestSupport::readFile(SshConnection::knownHostsPath(m_workspace->root()));
        QVERIFY2(knownHosts.contains(server->knownHostsLine().section(QLatin1Char(' '), 1).toUtf8()), knownHosts.constData());
        QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("testConnection")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 2, 90000);
        QVERIFY(tested.at(1).at(0).toBool());
        QCOMPARE(UserPrompts::recordedMessages().size(), 1);
        closeMaster(dialog);
    }

    void decliningTheHostKeyWritesNothing()
    {
        std::unique_ptr<SshTestServer> server = startServer();
        QVERIFY(server);
        TargetDialog dialog(*m_workspace, std::nullopt);
        fillForServer(dialog, *server);
        QSignalSpy tested(&dialog, &TargetDialog::connectionTested);
        UserPrompts::setNextAnswer(QMessageBox::No);
        QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("testConnection")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 90000);
        QVERIFY(!tested.at(0).at(0).toBool());
        QCOMPARE(UserPrompts::recordedMessages().size(), 1);
        QVERIFY(UserPrompts::recordedMessages().first().contains(server->hostKeyFingerprint()));
        const QString result = child<QLabel>(&dialog, QStringLiteral("connectionResult"))->text();
        QVERIFY2(result.contains(QStringLiteral("not accepted")), qPrintable(result));
        QVERIFY(!result.contains(QStringLiteral("CPUs:")));
        QVERIFY(!QFileInfo::exists(SshConnection::knownHostsPath(m_workspace->root())));
        QVERIFY(child<QPushButton>(&dialog, QStringLiteral("testConnection"))->isEnabled());
    }

    void aChangedHostKeyIsRefusedWithoutAQuestion()
    {
        std::unique_ptr<SshTestServer> server = startServer();
        QVERIFY(server);
        const QString oldFingerprint = server->hostKeyFingerprint();
        const QString knownHostsPath = SshConnection::knownHostsPath(m_workspace->root());
        const QByteArray trustedBefore = server->knownHostsLine().toUtf8() + '\n';
        QVERIFY(TestSupport::writeFile(knownHostsPath, trustedBefore));
        QString error;
        QVERIFY2(server->replaceHostKey(&error), qPrintable(error));
        QVERIFY(server->hostKeyFingerprint() != oldFingerprint);

        TargetDialog dialog(*m_workspace, std::nullopt);
        fillForServer(dialog, *server);
        QSignalSpy tested(&dialog, &TargetDialog::connectionTested);
        UserPrompts::setNextAnswer(QMessageBox::Yes); // would trust, were it asked
        QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("testConnection")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(tested.count(), 1, 90000);
        QVERIFY(!tested.at(0).at(0).toBool());
        const QString result = child<QLabel>(&dialog, QStringLiteral("connectionResult"))->text();
        QVERIFY2(result.contains(QStringLiteral("changed")), qPrintable(result));
        QVERIFY2(result.contains(oldFingerprint), qPrintable(result));
        QVERIFY2(result.contains(server->hostKeyFingerprint()), qPrintable(result));
        QVERIFY(UserPrompts::recordedMessages().isEmpty());
        QCOMPARE(TestSupport::readFile(knownHostsPath), trustedBefore);
    }
};

QTEST_MAIN(TestTargetSshPage)
#include "TestTargetSshPage.moc"
