// LocalTarget with a job in a container (real podman, the busybox test image): kill reaches the container
// through its engine, finish removes a container its client left behind, an adopting target finds the
// container from the stored handle, and runOnTarget reports how a program ended.
#include <QtTest>

#include "ContainerImages.h"
#include "TestSupport.h"
#include "environments/ContainerCommand.h"
#include "targets/local/LocalTarget.h"

#include <csignal>

using namespace TestSupport;

class TestLocalTargetContainers : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_runs = 0;
    QStringList m_names; // removed at the end whatever a failed check left

    // A run whose job sleeps in a busybox container. No TRAINYARD_RUN_DIR is passed in, so the container's
    // processes are not found by that marker: only the engine reaches them.
    RunContext sleeperRun()
    {
        RunContext ctx;
        ctx.runId = QStringLiteral("ltc%1-%2").arg(QCoreApplication::applicationPid()).arg(++m_runs);
        ctx.runDir = m_dir.path() + QStringLiteral("/runs/") + ctx.runId;
        ctx.runtimeDir = sourceDir() + QStringLiteral("/resources");
        ctx.workDir = ctx.localWorkDir();
        QDir().mkpath(ctx.systemDir());
        QDir().mkpath(ctx.workDir);
        ctx.environment = {{QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin")}, {QStringLiteral("JOB_NOTE"), QStringLiteral("z")}};
        ctx.container.engine = ContainerImages::podman();
        ctx.container.image = QString::fromLatin1(ContainerImages::kBusybox);
        ctx.container.imageRef = ctx.container.image;
        ctx.container.name = ContainerCommand::nameForRun(ctx.runId);
        m_names << ctx.container.name;
        ctx.argv = ContainerCommand::wrap(ctx.container, {QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo up; exec sleep 300")},
                                          ctx.workDir, {ctx.runDir}, {}, ctx.environment, {});
        return ctx;
    }

    static QByteArray containers(const ContainerRun& c, bool includeStopped)
    {
        QStringList args{QStringLiteral("ps"), QStringLiteral("-q"), QStringLiteral("--filter"), QStringLiteral("name=^") + c.name + QLatin1Char('$')};
        if (includeStopped)
            args.insert(1, QStringLiteral("-a"));
        const CliResult r = runProgram(c.engine, args);
        return r.exitCode == 0 ? r.out.trimmed() : QByteArray("podman ps failed");
    }

    static TargetPoll waitForEnd(LocalTarget& target, RunContext& ctx, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        TargetPoll polled = target.poll(ctx);
        while ((polled.state == TargetProcessState::Running || polled.state == TargetProcessState::Waiting) && timer.elapsed() < timeoutMs) {
            target.waitForChange(ctx, 100);
            polled = target.poll(ctx);
        }
        return polled;
    }

    static bool startAndWaitUp(LocalTarget& target, RunContext& ctx)
    {
        QString error;
        if (!target.start(ctx, &error)) {
            qWarning() << "start:" << error;
            return false;
        }
        QElapsedTimer timer;
        timer.start();
        while (!readFile(ctx.stdoutPath()).contains("up") && timer.elapsed() < 60000)
            QThread::msleep(50);
        return readFile(ctx.stdoutPath()).contains("up") && !containers(ctx.container, false).isEmpty();
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(ContainerImages::ensureBusybox(&error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        for (const QString& name : m_names)
            runProgram(ContainerImages::podman(), {QStringLiteral("rm"), QStringLiteral("-f"), name});
    }

    // The handle names the container; a target that adopts the run kills the container through the engine
    // (its PID 1 ignores the SIGTERM the client passes on), and finish leaves nothing.
    void adoptedTargetKillsTheContainer()
    {
        RunContext ctx = sleeperRun();
        LocalTarget starter;
        QVERIFY(startAndWaitUp(starter, ctx));
        QCOMPARE(ContainerRun::fromJson(ctx.targetHandle.value(QStringLiteral("container")).toObject()).name, ctx.container.name);

        RunContext adopted;
        adopted.runId = ctx.runId;
        adopted.runDir = ctx.runDir;
        adopted.runtimeDir = ctx.runtimeDir;
        adopted.workDir = ctx.workDir;
        adopted.targetHandle = ctx.targetHandle;
        LocalTarget adopter;
        QString error;
        QVERIFY2(adopter.adopt(adopted, &error), qPrintable(error));
        QCOMPARE(adopted.container.name, ctx.container.name);
        QCOMPARE(adopted.container.engine, ctx.container.engine);

        adopter.kill(adopted);
        QTRY_VERIFY_WITH_TIMEOUT(containers(ctx.container, false).isEmpty(), 30000);
        // The client ended with its container, and the wrapper recorded it.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(ctx.systemDir() + QStringLiteral("/exit.json")), 30000);
        const TargetPoll polled = waitForEnd(starter, ctx, 30000);
        QVERIFY(polled.state != TargetProcessState::Running);
        QVERIFY2(adopter.finish(adopted, &error), qPrintable(error));
        QCOMPARE(containers(ctx.container, true), QByteArray());
    }

    // The engine's client dies before the container ends (so --rm never runs): finish removes the container.
    void finishRemovesWhatTheClientLeft()
    {
        RunContext ctx = sleeperRun();
        LocalTarget target;
        QVERIFY(startAndWaitUp(target, ctx));
        const QByteArray job = readFile(ctx.systemDir() + QStringLiteral("/job.json"));
        const qint64 clientPid = QJsonDocument::fromJson(job).object().value(QStringLiteral("pid")).toInteger();
        QVERIFY2(clientPid > 0, job.constData());
        QCOMPARE(::kill(pid_t(clientPid), SIGKILL), 0);
        const TargetPoll polled = waitForEnd(target, ctx, 30000);
        QCOMPARE(int(polled.state), int(TargetProcessState::Signaled));
        QVERIFY(!containers(ctx.container, false).isEmpty()); // still running without its client
        QString error;
        QVERIFY2(target.finish(ctx, &error), qPrintable(error));
        QCOMPARE(containers(ctx.container, true), QByteArray());
    }

    void runOnTargetSaysHowItEnded()
    {
        RunContext ctx;
        LocalTarget target;
        QString error;
        QVERIFY2(target.runOnTarget(ctx, {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("exit 0")}, 10000, &error), qPrintable(error));
        QVERIFY(!target.runOnTarget(ctx, {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("echo no such container >&2; exit 3")}, 10000, &error));
        QVERIFY2(error.contains(QStringLiteral("exited with 3: no such container")), qPrintable(error));
        QVERIFY(!target.runOnTarget(ctx, {QStringLiteral("/nonexistent/podman"), QStringLiteral("kill")}, 10000, &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot run /nonexistent/podman")), qPrintable(error));
        QVERIFY(!target.runOnTarget(ctx, {QStringLiteral("/bin/sleep"), QStringLiteral("30")}, 300, &error));
        QVERIFY2(error.contains(QStringLiteral("did not finish within")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestLocalTargetContainers)
#include "TestLocalTargetContainers.moc"
