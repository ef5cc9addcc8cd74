// Private container registries end to end: a real registry (docker-registry with htpasswd) on loopback, a
// real keychain (KeyringSession), real podman. `registries login` keeps the password in the keychain only;
// a run whose image is on that registry pulls it with the login, on the local and on the SSH target; without
// the login the run fails in Preparing saying how to log in; the password is in no file of the workspace.
#include <QtTest>

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "ContainerImages.h"
#include "ContainerRegistry.h"
#include "KeyringSession.h"
#include "SshTestServer.h"
#include "TestSupport.h"

using namespace TestSupport;

namespace {
const QByteArray kPassword = "Reg1stry-Pass-7f3a";
const QString kUser = QStringLiteral("alice");
} // namespace

class TestRegistryLogins : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<KeyringSession> m_keyring;
    std::unique_ptr<ContainerRegistry> m_registry;
    std::unique_ptr<SshTestServer> m_server;
    QString m_workspace;
    QString m_image; // on the registry only

    QString path(const QString& name) const { return m_dir.filePath(name); }

    CliResult cli(const QStringList& args, const QByteArray& input = QByteArray())
    {
        return runCliWithInput(m_workspace, args, input, QProcessEnvironment::systemEnvironment(), 120000);
    }

    QString submitShellJob(const QString& name, const QString& target)
    {
        const QString estimator = makeProject(
            path(name), {{QStringLiteral("job.sh"), "echo pulled-and-ran > outputs/proof.txt\n"}},
            QStringLiteral("experiment: registry\nentry_script: job.sh\ncompute_target: %1\ncustom_docker_image: %2\n")
                .arg(target, m_image)
                .toUtf8());
        const CliResult r = cli({QStringLiteral("submit"), estimator});
        if (r.exitCode != 0)
            qWarning() << "submit" << r.exitCode << r.err;
        return QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
    }

    QByteArray buildLog(const QString& id)
    {
        QFile f(m_workspace + QStringLiteral("/runs/") + id + QStringLiteral("/system/environment-build.log"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(no build log)");
    }

    // Every file of the workspace that holds the password, in plain text or base64 (an auth.json's form).
    QStringList filesHoldingPassword()
    {
        QStringList found;
        const QByteArray base64 = QByteArray(kUser.toUtf8() + ':' + kPassword).toBase64();
        QDirIterator it(m_workspace, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray content = f.readAll();
            if (content.contains(kPassword) || content.contains(base64))
                found << f.fileName();
        }
        return found;
    }

    static QStringList leftoverCredentialFolders()
    {
        return QDir(QDir::tempPath()).entryList({QStringLiteral("trainyard-registry-*")}, QDir::Dirs);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(ContainerImages::ensureBusybox(&error), qPrintable(error));
        m_keyring = std::make_unique<KeyringSession>();
        QVERIFY2(m_keyring->ready(), qPrintable(m_keyring->error()));
        m_registry = std::make_unique<ContainerRegistry>(kUser, QString::fromUtf8(kPassword));
        QVERIFY2(m_registry->ready(), qPrintable(m_registry->error()));
        QVERIFY2(m_registry->pushImage(QString::fromLatin1(ContainerImages::kBusybox), QStringLiteral("team/busybox:1"), &error),
                 qPrintable(error));
        m_image = m_registry->host() + QStringLiteral("/team/busybox:1");
        m_workspace = path(QStringLiteral("ws"));
        const CliResult set = cli({QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                   QStringLiteral("--container-insecure-registries"), m_registry->host()});
        QVERIFY2(set.exitCode == 0, set.err.constData());
    }

    void cleanupTestCase()
    {
        if (m_registry)
            ContainerRegistry::removeLocal(m_image);
        m_server.reset();
    }

    void badRegistryNamesAreRefused()
    {
        const CliResult spaced = cli({QStringLiteral("registries"), QStringLiteral("login"), QStringLiteral("my registry"),
                                      QStringLiteral("--username"), kUser}, kPassword + "\n");
        QCOMPARE(spaced.exitCode, 2);
        QVERIFY2(spaced.err.contains("is not a host name"), spaced.err.constData());
        const CliResult noUser = cli({QStringLiteral("registries"), QStringLiteral("login"), m_registry->host()}, kPassword + "\n");
        QCOMPARE(noUser.exitCode, 2);
        QVERIFY2(noUser.err.contains("--username"), noUser.err.constData());
        const CliResult empty = cli({QStringLiteral("registries"), QStringLiteral("login"), m_registry->host(),
                                     QStringLiteral("--username"), kUser}, "\n");
        QCOMPARE(empty.exitCode, 2);
        const CliResult unknown = cli({QStringLiteral("registries"), QStringLiteral("logout"), QStringLiteral("nowhere.example:5000")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("no login to registry nowhere.example:5000"), unknown.err.constData());
    }

    // Without a login the pull is refused by the registry, and the run fails in Preparing saying how to log in.
    void withoutLoginThePullFailsWithTheWayToLogIn()
    {
        ContainerRegistry::removeLocal(m_image);
        const QString id = submitShellJob(QStringLiteral("nologin"), QStringLiteral("local"));
        QVERIFY(!id.isEmpty());
        const QJsonObject end = waitForStatus(m_workspace, id, {QStringLiteral("Completed"), QStringLiteral("Failed")}, 120000);
        QCOMPARE(end.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        const QString error = end.value(QStringLiteral("error")).toString();
        QVERIFY2(error.contains(QStringLiteral("cannot pull image ") + m_image), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("trainyard-cli registries login ") + m_registry->host()), qPrintable(error));
        QVERIFY(end.value(QStringLiteral("started_at")).isNull());
    }

    // The login's password goes to the keychain; a run pulls the private image with it and runs in it.
    void loginPullsThePrivateImageOnTheLocalTarget()
    {
        const CliResult login = cli({QStringLiteral("registries"), QStringLiteral("login"), QStringLiteral("http://") + m_registry->host() + QLatin1Char('/'),
                                     QStringLiteral("--username"), kUser}, kPassword + "\n");
        QVERIFY2(login.exitCode == 0, login.err.constData());
        QVERIFY(!login.out.contains(kPassword) && !login.err.contains(kPassword));
        const QJsonArray listed = cli({QStringLiteral("registries"), QStringLiteral("--json")}).json().array();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("registry")).toString(), m_registry->host());
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("username")).toString(), kUser);

        ContainerRegistry::removeLocal(m_image);
        const QString id = submitShellJob(QStringLiteral("local"), QStringLiteral("local"));
        QVERIFY(!id.isEmpty());
        const QJsonObject end = waitForStatus(m_workspace, id, {QStringLiteral("Completed"), QStringLiteral("Failed")}, 180000);
        QVERIFY2(end.value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 QJsonDocument(end).toJson().constData());
        const QByteArray log = buildLog(id);
        QVERIFY2(log.contains(QByteArray("logging in to " + m_registry->host().toUtf8() + " as alice")), log.constData());
        QVERIFY2(log.contains("Writing manifest"), log.constData());
        QFile proof(m_workspace + QStringLiteral("/runs/") + id + QStringLiteral("/work/outputs/proof.txt"));
        QVERIFY(proof.open(QIODevice::ReadOnly));
        QCOMPARE(proof.readAll().trimmed(), QByteArray("pulled-and-ran"));
        QVERIFY2(leftoverCredentialFolders().isEmpty(), qPrintable(leftoverCredentialFolders().join(QLatin1Char(' '))));
        QVERIFY2(filesHoldingPassword().isEmpty(), qPrintable(filesHoldingPassword().join(QLatin1Char(' '))));
    }

    // The same login serves an SSH target: the password travels on the environment tool's stdin only.
    void loginPullsThePrivateImageOnTheSshTarget()
    {
        QString error;
        m_server = SshTestServer::start({}, &error);
        QVERIFY2(m_server, qPrintable(error));
        const CliResult added = cli({QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"), QStringLiteral("lab"),
                                     QStringLiteral("--host"), m_server->host(), QStringLiteral("--port"), QString::number(m_server->port()),
                                     QStringLiteral("--user"), m_server->user(), QStringLiteral("--identity-file"), m_server->clientKeyPath(),
                                     QStringLiteral("--workdir"), m_server->workRoot() + QStringLiteral("/wd"), QStringLiteral("--python"),
                                     systemPython(), QStringLiteral("--container-insecure-registries"), m_registry->host()});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const CliResult trusted = cli({QStringLiteral("targets"), QStringLiteral("trust"), QStringLiteral("lab"), QStringLiteral("--yes")});
        QVERIFY2(trusted.exitCode == 0, trusted.err.constData());

        ContainerRegistry::removeLocal(m_image);
        const QString id = submitShellJob(QStringLiteral("ssh"), QStringLiteral("lab"));
        QVERIFY(!id.isEmpty());
        const QJsonObject end = waitForStatus(m_workspace, id, {QStringLiteral("Completed"), QStringLiteral("Failed")}, 180000);
        QVERIFY2(end.value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 QJsonDocument(end).toJson().constData());
        QVERIFY2(buildLog(id).contains(QByteArray("logging in to " + m_registry->host().toUtf8())), buildLog(id).constData());
        QFile proof(m_workspace + QStringLiteral("/runs/") + id + QStringLiteral("/work/outputs/proof.txt"));
        QVERIFY2(proof.open(QIODevice::ReadOnly), "the output did not come home from the SSH target");
        QCOMPARE(proof.readAll().trimmed(), QByteArray("pulled-and-ran"));
        QVERIFY2(filesHoldingPassword().isEmpty(), qPrintable(filesHoldingPassword().join(QLatin1Char(' '))));
        QStringList remoteHits;
        QDirIterator it(m_server->workRoot(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(kPassword))
                remoteHits << f.fileName();
        }
        QVERIFY2(remoteHits.isEmpty(), qPrintable(remoteHits.join(QLatin1Char(' '))));
    }

    void logoutForgetsTheLoginAndItsPassword()
    {
        const CliResult out = cli({QStringLiteral("registries"), QStringLiteral("logout"), m_registry->host()});
        QVERIFY2(out.exitCode == 0, out.err.constData());
        QCOMPARE(cli({QStringLiteral("registries"), QStringLiteral("--json")}).json().array().size(), 0);
        ContainerRegistry::removeLocal(m_image);
        const QString id = submitShellJob(QStringLiteral("after-logout"), QStringLiteral("local"));
        const QJsonObject end = waitForStatus(m_workspace, id, {QStringLiteral("Completed"), QStringLiteral("Failed")}, 120000);
        QCOMPARE(end.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
    }
};

QTEST_GUILESS_MAIN(TestRegistryLogins)
#include "TestRegistryLogins.moc"
