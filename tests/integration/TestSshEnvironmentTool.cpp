// The SSH target running the environment tool and other programs on the remote, against a real sshd on
// loopback (tests/support/SshTestServer): the "remote" shares this machine's file system, so the wheel folder
// the test writes here is there too. No index is reachable: pip gets an empty local index and the wheels as
// --find-links.
#include "LocalWheels.h"
#include "SshTestServer.h"
#include "TestSupport.h"

#include "snapshot/SnapshotStore.h"
#include "targets/TargetRegistry.h"
#include "targets/ssh/SshTarget.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QtTest>

using namespace TestSupport;

namespace {

struct ToolLines
{
    QList<QByteArray> lines;
    QList<qint64> arrivedMs; // when each line reached onLine, from the call's start
    qint64 msOf(const QByteArray& part) const
    {
        for (int i = 0; i < lines.size(); ++i)
            if (lines.at(i).contains(part))
                return arrivedMs.at(i);
        return -1;
    }
    QString text() const { return QString::fromUtf8(lines.join('\n')); }
};

} // namespace

class TestSshEnvironmentTool : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    std::unique_ptr<SshTestServer> m_server;
    std::optional<Workspace> m_workspace;
    QString m_wheels;
    QString m_emptyIndex;
    QString m_snapshotId;
    QString m_remoteWorkDir;

    std::optional<TargetConfig> target() const
    {
        QString error;
        auto config = TargetRegistry(*m_workspace).find(QStringLiteral("remote"), &error);
        if (!config)
            qWarning("cannot read the target: %s", qPrintable(error));
        return config;
    }

    RunContext context(const TargetConfig& config, const QString& runId) const
    {
        RunContext ctx;
        ctx.runId = runId;
        ctx.experiment = QStringLiteral("environments");
        ctx.runDir = m_workspace->runDir(runId);
        ctx.storeDir = m_workspace->storeDir();
        ctx.runtimeDir = m_workspace->runtimeDir();
        ctx.snapshotId = m_snapshotId;
        ctx.target = config;
        return ctx;
    }

    QJsonObject ensureRequest(const QString& root,
                              const QJsonArray& packages = {QStringLiteral("tyalpha==1.0"), QStringLiteral("tybeta")}) const
    {
        const QJsonObject definition{{QStringLiteral("manager"), QStringLiteral("pip")},
                                     {QStringLiteral("pip"), packages},
                                     {QStringLiteral("conda"), QJsonArray()},
                                     {QStringLiteral("file"), QJsonValue::Null},
                                     {QStringLiteral("options"), QJsonObject()},
                                     {QStringLiteral("user_managed"), false}};
        const QJsonObject pipOptions{{QStringLiteral("index_url"), QUrl::fromLocalFile(m_emptyIndex).toString()},
                                     {QStringLiteral("find_links"), QJsonArray{m_wheels}}};
        return QJsonObject{{QStringLiteral("command"), QStringLiteral("ensure")},
                           {QStringLiteral("root"), root},
                           {QStringLiteral("python"), systemPython()},
                           {QStringLiteral("target_kind"), QStringLiteral("ssh")},
                           {QStringLiteral("target_name"), QStringLiteral("remote")},
                           {QStringLiteral("definition"), definition},
                           {QStringLiteral("pip_options"), pipOptions},
                           {QStringLiteral("conda_tool"), QStringLiteral("auto")},
                           {QStringLiteral("container"), QJsonValue::Null}};
    }

    std::optional<QJsonObject> runTool(SshTarget& ssh, RunContext& ctx, const QJsonObject& request, ToolLines* seen,
                                       QString* error)
    {
        QElapsedTimer timer;
        timer.start();
        return ssh.runEnvironmentTool(ctx, request, [&](const QByteArray& line) {
            seen->lines << line;
            seen->arrivedMs << timer.elapsed();
        }, error);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QString error;
        m_server = SshTestServer::start({}, &error);
        QVERIFY2(m_server, qPrintable(error));
        m_wheels = m_root.filePath(QStringLiteral("wheels"));
        m_emptyIndex = m_root.filePath(QStringLiteral("empty-index"));
        QVERIFY(QDir().mkpath(m_emptyIndex));
        QVERIFY2(LocalWheels::write(m_wheels, QStringLiteral("tyalpha"), QStringLiteral("1.0"), &error), qPrintable(error));
        QVERIFY2(LocalWheels::write(m_wheels, QStringLiteral("tybeta"), QStringLiteral("1.0"), &error), qPrintable(error));
        QVERIFY2(LocalWheels::writeUninstallable(m_wheels, QStringLiteral("tybroken"), QStringLiteral("1.0"), &error),
                 qPrintable(error));

        const QString ws = m_root.filePath(QStringLiteral("ws"));
        m_remoteWorkDir = m_server->workRoot() + QStringLiteral("/wd");
        const CliResult added = runCli(ws, {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"),
                                            QStringLiteral("remote"), QStringLiteral("--host"), m_server->host(),
                                            QStringLiteral("--port"), QString::number(m_server->port()),
                                            QStringLiteral("--user"), m_server->user(), QStringLiteral("--identity-file"),
                                            m_server->clientKeyPath(), QStringLiteral("--workdir"), m_remoteWorkDir,
                                            QStringLiteral("--python"), systemPython()});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const CliResult trusted =
            runCli(ws, {QStringLiteral("targets"), QStringLiteral("trust"), QStringLiteral("remote"), QStringLiteral("--yes")});
        QVERIFY2(trusted.exitCode == 0, trusted.err.constData());
        m_workspace = Workspace::open(ws, &error);
        QVERIFY2(m_workspace, qPrintable(error));
        const QString project = m_root.filePath(QStringLiteral("project"));
        QVERIFY(writeFile(project + QStringLiteral("/train.py"), "print('hi')\n"));
        const auto snapshot = SnapshotStore(m_workspace->storeDir()).create(project, &error);
        QVERIFY2(snapshot, qPrintable(error));
        m_snapshotId = snapshot->id;
    }

    void cleanupTestCase() { m_server.reset(); }

    void environmentRootFollowsTheWorkdir()
    {
        const auto config = target();
        QVERIFY(config);
        const RunContext ctx = context(*config, QStringLiteral("root-check"));
        QCOMPARE(SshTarget(*config).environmentRoot(ctx), m_remoteWorkDir + QStringLiteral("/environments"));
        TargetConfig home = *config;
        home.settings.remove(QStringLiteral("workdir"));
        QCOMPARE(SshTarget(home).environmentRoot(ctx), QStringLiteral("~/.trainyard/environments"));
        home.settings.insert(QStringLiteral("environments_dir"), QStringLiteral("/scratch/envs"));
        QCOMPARE(SshTarget(home).environmentRoot(ctx), QStringLiteral("/scratch/envs"));
    }

    void buildsOnTheRemoteAfterPrepareAndReuses()
    {
        const auto config = target();
        QVERIFY(config);
        RunContext ctx = context(*config, QStringLiteral("env-build"));
        SshTarget ssh(*config);
        QString error;
        QVERIFY2(ssh.prepare(ctx, &error), qPrintable(error));
        const QString root = ssh.environmentRoot(ctx);

        ToolLines built;
        const auto reply = runTool(ssh, ctx, ensureRequest(root), &built, &error);
        QVERIFY2(reply, qPrintable(error));
        QVERIFY2(reply->value(QStringLiteral("ok")).toBool(), qPrintable(QJsonDocument(*reply).toJson() + built.text()));
        QVERIFY(reply->value(QStringLiteral("built")).toBool());
        const QString prefix = reply->value(QStringLiteral("prefix")).toString();
        QVERIFY2(prefix.startsWith(m_remoteWorkDir + QStringLiteral("/environments/")), qPrintable(prefix));
        QVERIFY(QFile::exists(prefix + QStringLiteral("/.trainyard-ready")));
        // pip's own lines came through onLine, one by one as they were printed: the venv is made between the
        // first line and pip's last, and the reply line is not among them.
        const qint64 first = built.msOf("building environment " + reply->value(QStringLiteral("short")).toString().toUtf8());
        const qint64 installed = built.msOf("Successfully installed");
        QVERIFY2(first >= 0 && installed >= 0, qPrintable(built.text()));
        QVERIFY2(installed - first > 300, qPrintable(QStringLiteral("%1 .. %2").arg(first).arg(installed)));
        QVERIFY(built.msOf("@@trainyard-env") < 0);
        const CliResult imported = runProgram(prefix + QStringLiteral("/bin/python"),
                                              {QStringLiteral("-c"), QStringLiteral("import tyalpha; print(tyalpha.__version__)")});
        QCOMPARE(imported.out.trimmed(), QByteArray("1.0"));

        ToolLines reused;
        const auto again = runTool(ssh, ctx, ensureRequest(root), &reused, &error);
        QVERIFY2(again, qPrintable(error));
        QVERIFY(again->value(QStringLiteral("ok")).toBool());
        QVERIFY(!again->value(QStringLiteral("built")).toBool());
        QCOMPARE(again->value(QStringLiteral("hash")), reply->value(QStringLiteral("hash")));
        QVERIFY2(reused.msOf("Successfully installed") < 0 && reused.msOf("reusing environment") >= 0, qPrintable(reused.text()));
    }

    // The run's Summary shows pip's own error: it comes back through the connection in the reply.
    void failedBuildRepliesWithPipsError()
    {
        const auto config = target();
        QVERIFY(config);
        RunContext ctx = context(*config, QStringLiteral("env-broken"));
        SshTarget ssh(*config);
        QString error;
        QVERIFY2(ssh.prepare(ctx, &error), qPrintable(error));
        ToolLines seen;
        const auto reply =
            runTool(ssh, ctx, ensureRequest(ssh.environmentRoot(ctx), QJsonArray{QStringLiteral("tybroken")}), &seen, &error);
        QVERIFY2(reply, qPrintable(error));
        QCOMPARE(reply->value(QStringLiteral("ok")), QJsonValue(false));
        QCOMPARE(reply->value(QStringLiteral("error")).toString(), QStringLiteral("pip install failed (exit 1)"));
        const QString detail = reply->value(QStringLiteral("error_detail")).toString();
        QVERIFY2(detail.contains(QStringLiteral("Could not find a version that satisfies the requirement ") +
                                 LocalWheels::missingRequirement()),
                 qPrintable(detail));
        // Nothing half-built stays: every environment folder there is a ready one.
        const QStringList left = QDir(m_remoteWorkDir + QStringLiteral("/environments"))
                                     .entryList({QStringLiteral("*")}, QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString& name : left)
            QVERIFY2(QFile::exists(m_remoteWorkDir + QStringLiteral("/environments/") + name + QStringLiteral("/.trainyard-ready")),
                     qPrintable(name));
    }

    // A later supervisor adopts the run from its handle; one outside any run (environment removal) has only the
    // target: both can run the tool.
    void runsAfterAdoptAndWithoutPrepare()
    {
        const auto config = target();
        QVERIFY(config);
        QString error;
        RunContext prepared = context(*config, QStringLiteral("env-adopt"));
        {
            SshTarget first(*config);
            QVERIFY2(first.prepare(prepared, &error), qPrintable(error));
        }
        RunContext adopted = context(*config, QStringLiteral("env-adopt"));
        // What start() leaves in the handle; the job itself does not matter to the tool.
        adopted.targetHandle = QJsonObject{{QStringLiteral("kind"), QStringLiteral("ssh")},
                                           {QStringLiteral("remote_run_dir"), QString(m_remoteWorkDir + QStringLiteral("/runs/env-adopt"))},
                                           {QStringLiteral("remote_runtime_dir"), QString()}};
        // Never prepared: the target ships the runtime files itself.
        SshTarget fresh(*config);
        ToolLines seen;
        const auto ensured = runTool(fresh, prepared, ensureRequest(fresh.environmentRoot(prepared)), &seen, &error);
        QVERIFY2(ensured, qPrintable(error));
        QVERIFY2(ensured->value(QStringLiteral("ok")).toBool(), qPrintable(QJsonDocument(*ensured).toJson() + seen.text()));

        const QStringList runtimes =
            QDir(m_remoteWorkDir + QStringLiteral("/runtime")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(runtimes.size(), 1);
        adopted.targetHandle.insert(QStringLiteral("remote_runtime_dir"),
                                    QString(m_remoteWorkDir + QStringLiteral("/runtime/") + runtimes.first()));
        SshTarget adopter(*config);
        QVERIFY2(adopter.adopt(adopted, &error), qPrintable(error));
        ToolLines reused;
        const auto reply = runTool(adopter, adopted, ensureRequest(adopter.environmentRoot(adopted)), &reused, &error);
        QVERIFY2(reply, qPrintable(error));
        QVERIFY2(reply->value(QStringLiteral("ok")).toBool(), qPrintable(QJsonDocument(*reply).toJson() + reused.text()));
        QVERIFY(!reply->value(QStringLiteral("built")).toBool());

        // A root the remote account writes as "~/..." reaches the tool as an absolute path.
        ToolLines home;
        const auto homeList =
            runTool(adopter, adopted,
                    QJsonObject{{QStringLiteral("command"), QStringLiteral("list")},
                                {QStringLiteral("root"), QStringLiteral("~/.trainyard-test-never-made-%1").arg(QCoreApplication::applicationPid())}},
                    &home, &error);
        QVERIFY2(homeList, qPrintable(error));
        QVERIFY2(homeList->value(QStringLiteral("ok")).toBool(), qPrintable(QJsonDocument(*homeList).toJson()));
    }

    void runsProgramsOnTheTarget()
    {
        const auto config = target();
        QVERIFY(config);
        RunContext ctx = context(*config, QStringLiteral("env-programs"));
        SshTarget ssh(*config);
        QString error;
        const QString written = m_root.filePath(QStringLiteral("with space/it's $(here).txt"));
        QVERIFY(QDir().mkpath(QFileInfo(written).path()));
        const QString value = QStringLiteral("a  b; echo $HOME `id` \"q\" 'r'");
        QVERIFY2(ssh.runOnTarget(ctx,
                                 {systemPython(), QStringLiteral("-c"),
                                  QStringLiteral("import sys; open(sys.argv[2], 'w').write(sys.argv[1])"), value, written},
                                 30000, &error),
                 qPrintable(error));
        QCOMPARE(QString::fromUtf8(readFile(written)), value);

        QVERIFY(!ssh.runOnTarget(ctx,
                                 {systemPython(), QStringLiteral("-c"),
                                  QStringLiteral("import sys; sys.stderr.write('no such container\\n'); sys.exit(3)")},
                                 30000, &error));
        QVERIFY2(error.contains(QStringLiteral("exited with code 3")) && error.contains(QStringLiteral("no such container")),
                 qPrintable(error));

        QElapsedTimer timer;
        timer.start();
        QVERIFY(!ssh.runOnTarget(ctx, {QStringLiteral("/bin/sleep"), QStringLiteral("30")}, 1500, &error));
        QVERIFY2(error.contains(QStringLiteral("did not finish")), qPrintable(error));
        QVERIFY(timer.elapsed() < 20000);
    }
};

QTEST_GUILESS_MAIN(TestSshEnvironmentTool)
#include "TestSshEnvironmentTool.moc"
