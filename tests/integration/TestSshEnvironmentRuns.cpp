// Environments and container images on an SSH target, end to end through trainyard-cli, against a real
// sshd on loopback (tests/support/SshTestServer) and the real podman of this machine: the pip environment is
// built on the remote by the same tool as locally and reused by the next run, pip packages on top of an image
// are built inside that image, and a canceled container run leaves no container behind on the remote.
#include "ContainerImages.h"
#include "LocalWheels.h"
#include "SshTestServer.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <memory>

using namespace TestSupport;

class TestSshEnvironmentRuns : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    std::unique_ptr<SshTestServer> m_server;
    QString m_workspace;
    QString m_wheels;

    QString path(const QString& name) const { return m_root.filePath(name); }

    QString submit(const QString& estimator)
    {
        const CliResult submitted = runCli(m_workspace, {QStringLiteral("submit"), estimator});
        if (submitted.exitCode != 0)
            qWarning("submit failed: %s", submitted.err.constData());
        return QString::fromUtf8(submitted.out.split('\n').value(0)).trimmed();
    }

    QJsonObject waitForEnd(const QString& id, int timeoutMs = 240000)
    {
        return waitForStatus(m_workspace, id, {QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")},
                             timeoutMs);
    }

    QByteArray runFile(const QString& id, const QString& relative) const
    {
        return readFile(m_workspace + QStringLiteral("/runs/") + id + QLatin1Char('/') + relative);
    }

    QJsonObject ranWith(const QString& id) const
    {
        return QJsonDocument::fromJson(runFile(id, QStringLiteral("system/ran-with.json"))).object();
    }

    QByteArray containersOf(const QString& id)
    {
        const CliResult r = runProgram(ContainerImages::podman(), {QStringLiteral("ps"), QStringLiteral("-a"), QStringLiteral("-q"),
                                                                   QStringLiteral("--filter"), QStringLiteral("name=trainyard-") + id});
        return r.exitCode == 0 ? r.out.trimmed() : QByteArray("podman ps failed: ") + r.err;
    }

    static QString text(const QJsonObject& object)
    {
        return object.value(QStringLiteral("error")).toString() + QStringLiteral(" | ")
               + QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)).left(3000);
    }

private slots:
    void initTestCase()
    {
        QString error;
        m_server = SshTestServer::start({}, &error);
        QVERIFY2(m_server, qPrintable(error));
        QVERIFY2(ContainerImages::ensurePython(&error), qPrintable(error));
        m_wheels = path(QStringLiteral("wheels"));
        QVERIFY(QDir().mkpath(m_wheels));
        QVERIFY(QDir().mkpath(path(QStringLiteral("empty-index"))));
        QVERIFY2(LocalWheels::write(m_wheels, QStringLiteral("tyalpha"), QStringLiteral("1.0"), &error), qPrintable(error));
        QVERIFY2(LocalWheels::write(m_wheels, QStringLiteral("tyalpha"), QStringLiteral("2.0"), &error), qPrintable(error));

        m_workspace = path(QStringLiteral("ws"));
        // The remote sees none of this machine's PIP_* variables: the target names an empty local index, so
        // pip never reaches for the network, and the wheel folder (the loopback remote shares the files).
        const CliResult added = runCli(
            m_workspace,
            {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"), QStringLiteral("lab"), QStringLiteral("--host"),
             m_server->host(), QStringLiteral("--port"), QString::number(m_server->port()), QStringLiteral("--user"),
             m_server->user(), QStringLiteral("--identity-file"), m_server->clientKeyPath(), QStringLiteral("--workdir"),
             m_server->workRoot() + QStringLiteral("/wd"), QStringLiteral("--python"), systemPython(),
             QStringLiteral("--cancel-grace-seconds"), QStringLiteral("2"), QStringLiteral("--pip-index-url"),
             QUrl::fromLocalFile(path(QStringLiteral("empty-index"))).toString(), QStringLiteral("--pip-find-links"), m_wheels});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const CliResult trusted = runCli(m_workspace, {QStringLiteral("targets"), QStringLiteral("trust"), QStringLiteral("lab"),
                                                       QStringLiteral("--yes")});
        QVERIFY2(trusted.exitCode == 0, trusted.err.constData());
    }

    void cleanupTestCase() { m_server.reset(); }

    // Built on the remote (under its workdir), used by the job, reused by the next run.
    void pipEnvironmentIsBuiltOnTheRemoteAndReused()
    {
        const QString estimator = makeProject(path(QStringLiteral("pip")),
                                              {{QStringLiteral("train.py"),
                                                "import shutil, sys, tyalpha\nprint('tyalpha', tyalpha.__version__, 'in', sys.prefix, flush=True)\n"
                                                "print('pip on path:', shutil.which('pip'), flush=True)\n"}},
                                              "experiment: sshenv\nentry_script: train.py\ncompute_target: lab\n"
                                              "pip_packages: [tyalpha==2.0]\n");
        const QString first = submit(estimator);
        QVERIFY(!first.isEmpty());
        const QJsonObject firstShow = waitForEnd(first);
        QVERIFY2(firstShow.value(QStringLiteral("status")).toString() == QLatin1String("Completed"), qPrintable(text(firstShow)));
        const QByteArray out = runFile(first, QStringLiteral("system/stdout.log"));
        const QString environments = m_server->workRoot() + QStringLiteral("/wd/environments/");
        QVERIFY2(out.contains(QByteArray(QByteArray("tyalpha 2.0 in ") + environments.toUtf8())), out.constData());
        // The venv's folder comes first on the PATH the remote gives the job.
        QVERIFY2(out.contains(QByteArray(QByteArray("pip on path: ") + environments.toUtf8())), out.constData());
        QVERIFY2(runFile(first, QStringLiteral("system/environment-build.log")).contains("Successfully installed tyalpha-2.0"),
                 runFile(first, QStringLiteral("system/environment-build.log")).constData());
        const QString hash = ranWith(first).value(QStringLiteral("environment")).toObject().value(QStringLiteral("hash")).toString();
        QCOMPARE(hash.size(), 64);
        QVERIFY2(runFile(first, QStringLiteral("system/pip-freeze.txt")).contains("tyalpha==2.0"),
                 runFile(first, QStringLiteral("system/pip-freeze.txt")).constData());

        const QString second = submit(estimator);
        const QJsonObject secondShow = waitForEnd(second);
        QVERIFY2(secondShow.value(QStringLiteral("status")).toString() == QLatin1String("Completed"), qPrintable(text(secondShow)));
        const QByteArray reuseLog = runFile(second, QStringLiteral("system/environment-build.log"));
        QVERIFY2(!reuseLog.contains("Successfully installed"), reuseLog.constData());
        QCOMPARE(ranWith(second).value(QStringLiteral("environment")).toObject().value(QStringLiteral("hash")).toString(), hash);

        const CliResult listed = runCli(m_workspace, {QStringLiteral("--json"), QStringLiteral("environments"),
                                                      QStringLiteral("--target"), QStringLiteral("lab")});
        QVERIFY2(listed.exitCode == 0 && listed.out.contains(hash.toUtf8()), listed.out.constData());

        // Removed on the remote through the environment tool there, and from the workspace's records; a
        // dry-run prune first names it and leaves it.
        const QString prefix = environments + hash;
        QVERIFY(QFileInfo(prefix).isDir());
        const CliResult dryRun = runCli(m_workspace, {QStringLiteral("environments"), QStringLiteral("prune"), QStringLiteral("--unused-for"),
                                                      QStringLiteral("0"), QStringLiteral("--target"), QStringLiteral("lab"),
                                                      QStringLiteral("--dry-run")});
        QVERIFY2(dryRun.exitCode == 0 && dryRun.out.contains(hash.left(12).toUtf8()), QByteArray(dryRun.out + dryRun.err).constData());
        QVERIFY(QFileInfo(prefix).isDir());
        const CliResult removed = runCli(m_workspace, {QStringLiteral("environments"), QStringLiteral("remove"), hash.left(12),
                                                       QStringLiteral("--target"), QStringLiteral("lab")});
        QVERIFY2(removed.exitCode == 0, QByteArray(removed.out + removed.err).constData());
        QVERIFY2(!QFileInfo::exists(prefix), qPrintable(prefix));
        const CliResult after = runCli(m_workspace, {QStringLiteral("--json"), QStringLiteral("environments"),
                                                     QStringLiteral("--target"), QStringLiteral("lab")});
        QVERIFY2(after.exitCode == 0 && !after.out.contains(hash.toUtf8()), after.out.constData());
    }

    // pip packages on top of an image, built inside it on the remote; the job runs in the container there and
    // its output comes home; nothing of the container is left.
    void imageWithPackagesRunsInAContainerOnTheRemote()
    {
        const QString estimator = makeProject(
            path(QStringLiteral("image")),
            {{QStringLiteral("train.py"),
              "import os, sys, tyalpha\n"
              "inside = not os.path.exists('/usr/bin/apt-get')\n"
              "open('outputs/where.txt', 'w').write('inside=%s tyalpha=%s' % (inside, tyalpha.__version__))\n"}},
            QByteArray("experiment: sshenv\nentry_script: train.py\ncompute_target: lab\npip_packages: [tyalpha==1.0]\n"
                       "custom_docker_image: ")
                + ContainerImages::kPython + "\n");
        const QString id = submit(estimator);
        QVERIFY(!id.isEmpty());
        const QJsonObject show = waitForEnd(id);
        QVERIFY2(show.value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 qPrintable(QString::fromUtf8(runFile(id, QStringLiteral("system/stderr.log")).right(2000)) + text(show)));
        QCOMPARE(runFile(id, QStringLiteral("work/outputs/where.txt")), QByteArray("inside=True tyalpha=1.0"));
        const QJsonObject image = ranWith(id).value(QStringLiteral("image")).toObject();
        QVERIFY2(image.value(QStringLiteral("id")).toString().size() >= 12, qPrintable(text(ranWith(id))));
        QCOMPARE(containersOf(id), QByteArray());
    }

    void cancelStopsTheContainerOnTheRemote()
    {
        const QString estimator = makeProject(path(QStringLiteral("hold")),
                                              {{QStringLiteral("hold.py"), "import time\nprint('holding', flush=True)\ntime.sleep(600)\n"}},
                                              QByteArray("experiment: sshenv\nentry_script: hold.py\ncompute_target: lab\n"
                                                         "custom_docker_image: ")
                                                  + ContainerImages::kPython + "\n");
        const QString id = submit(estimator);
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(runFile(id, QStringLiteral("system/stdout.log")).contains("holding"), 120000);
        QVERIFY(!containersOf(id).isEmpty());
        QCOMPARE(runCli(m_workspace, {QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject show = waitForEnd(id, 90000);
        QVERIFY2(show.value(QStringLiteral("status")).toString() == QLatin1String("Canceled"), qPrintable(text(show)));
        QCOMPARE(containersOf(id), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestSshEnvironmentRuns)
#include "TestSshEnvironmentRuns.moc"
