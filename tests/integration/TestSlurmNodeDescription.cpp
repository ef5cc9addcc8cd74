// What a Slurm run reached through a login node ran with names the compute node it ran on, also when the
// watch stream has not brought the node's description (system/node-host.out) home when the record is written:
// the Slurm target then reads it on the cluster over the login's connection. A real OpenSSH server on
// loopback (tests/support/SshTestServer) is the login node; no cluster is needed, because the batch host's
// description is a file the test writes in the run's folder there, as the batch script would have.
#include <QtTest>

#include "SshTestServer.h"
#include "TestSupport.h"

#include "environments/EnvironmentSetup.h"
#include "targets/TargetRegistry.h"
#include "targets/slurm/SlurmTarget.h"

#include <QJsonObject>

using namespace TestSupport;

namespace {
// What `trainyard_env.py host` prints on a compute node: its log lines, then the reply line.
const QByteArray kNodeHost =
    "describing the host\n@@trainyard-env {\"ok\": true, \"host\": {\"name\": \"n7\", \"cpu_count\": 2}}\n";
} // namespace

class TestSlurmNodeDescription : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    std::unique_ptr<SshTestServer> m_login;
    std::optional<Workspace> m_workspace;
    int m_runs = 0;

    QString workdir() const { return m_login->workRoot() + QStringLiteral("/cluster-work"); }

    // A run of the target "cluster" that was submitted through the login node: its handle names its folder
    // there, as SlurmTarget::start leaves it.
    RunContext submittedRun(const TargetConfig& config)
    {
        RunContext ctx;
        ctx.runId = QStringLiteral("nodes_%1").arg(++m_runs);
        ctx.experiment = QStringLiteral("nodes");
        ctx.runDir = m_workspace->runDir(ctx.runId);
        ctx.storeDir = m_workspace->storeDir();
        ctx.runtimeDir = m_workspace->runtimeDir();
        ctx.target = config;
        ctx.targetHandle = QJsonObject{{QStringLiteral("kind"), QStringLiteral("slurm")},
                                       {QStringLiteral("slurm_job_id"), QStringLiteral("17")},
                                       {QStringLiteral("login"), QStringLiteral("login")},
                                       {QStringLiteral("remote_run_dir"), remoteRunDir(ctx)}};
        QDir().mkpath(ctx.systemDir());
        return ctx;
    }

    QString remoteRunDir(const RunContext& ctx) const
    {
        return workdir() + QStringLiteral("/runs/") + ctx.runId;
    }

    // system/ran-with.json's description of the host, written the way the runner writes it at Finalizing.
    QJsonObject describedHost(const TargetConfig& config, RunContext& ctx)
    {
        SlurmTarget target(config);
        EnvironmentSetup::describe(target, ctx, QJsonObject());
        return QJsonDocument::fromJson(readFile(ctx.systemDir() + QStringLiteral("/ran-with.json")))
            .object()
            .value(QStringLiteral("description"))
            .toObject()
            .value(QStringLiteral("host"))
            .toObject();
    }

    std::optional<TargetConfig> cluster() const
    {
        QString error;
        auto config = TargetRegistry(*m_workspace).find(QStringLiteral("cluster"), &error);
        if (!config)
            qWarning("cannot read the target: %s", qPrintable(error));
        return config;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QString error;
        m_login = SshTestServer::start({}, &error);
        QVERIFY2(m_login, qPrintable(error));
        const QString ws = m_root.filePath(QStringLiteral("ws"));
        const CliResult login =
            runCli(ws, {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"),
                        QStringLiteral("login"), QStringLiteral("--host"), m_login->host(),
                        QStringLiteral("--port"), QString::number(m_login->port()), QStringLiteral("--user"),
                        m_login->user(), QStringLiteral("--identity-file"), m_login->clientKeyPath(),
                        QStringLiteral("--python"), systemPython()});
        QVERIFY2(login.exitCode == 0, login.err.constData());
        const CliResult trusted = runCli(ws, {QStringLiteral("targets"), QStringLiteral("trust"),
                                              QStringLiteral("login"), QStringLiteral("--yes")});
        QVERIFY2(trusted.exitCode == 0, trusted.err.constData());
        const CliResult added =
            runCli(ws, {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm"),
                        QStringLiteral("cluster"), QStringLiteral("--login"), QStringLiteral("login"),
                        QStringLiteral("--workdir"), workdir(), QStringLiteral("--partition"),
                        QStringLiteral("debug"), QStringLiteral("--python"), systemPython()});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        m_workspace = Workspace::open(ws, &error);
        QVERIFY2(m_workspace, qPrintable(error));
    }

    void theNodesDescriptionIsFetchedWhenTheStreamHasNotBroughtIt()
    {
        const auto config = cluster();
        QVERIFY(config);
        RunContext ctx = submittedRun(*config);
        QVERIFY(writeFile(remoteRunDir(ctx) + QStringLiteral("/system/node-host.out"), kNodeHost));
        QVERIFY(!QFileInfo::exists(ctx.systemDir() + QStringLiteral("/node-host.out")));
        const QJsonObject host = describedHost(*config, ctx);
        QVERIFY2(host.value(QStringLiteral("name")).toString() == QLatin1String("n7"),
                 qPrintable(compactJson(host)));
        QCOMPARE(host.value(QStringLiteral("cpu_count")).toInt(), 2);
        // The run's own copy is complete too.
        QCOMPARE(readFile(ctx.systemDir() + QStringLiteral("/node-host.out")), kNodeHost);
    }

    void aPartOfTheDescriptionIsCompletedFromTheCluster()
    {
        const auto config = cluster();
        QVERIFY(config);
        RunContext ctx = submittedRun(*config);
        QVERIFY(writeFile(remoteRunDir(ctx) + QStringLiteral("/system/node-host.out"), kNodeHost));
        // The stream delivered the first frame only.
        QVERIFY(writeFile(ctx.systemDir() + QStringLiteral("/node-host.out"), kNodeHost.left(30)));
        const QJsonObject host = describedHost(*config, ctx);
        QVERIFY2(host.value(QStringLiteral("name")).toString() == QLatin1String("n7"),
                 qPrintable(compactJson(host)));
    }

    void aJobThatNeverReachedItsNodeIsSaidSo()
    {
        const auto config = cluster();
        QVERIFY(config);
        RunContext ctx = submittedRun(*config);
        QVERIFY(QDir().mkpath(remoteRunDir(ctx) + QStringLiteral("/system")));
        const QJsonObject host = describedHost(*config, ctx);
        QVERIFY2(host.value(QStringLiteral("name")).isUndefined(), qPrintable(compactJson(host)));
        QCOMPARE(host.value(QStringLiteral("error")).toString(),
                 QStringLiteral("the job never started on a compute node"));
    }
};

QTEST_GUILESS_MAIN(TestSlurmNodeDescription)
#include "TestSlurmNodeDescription.moc"
