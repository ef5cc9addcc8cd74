#include <QtTest>

#include "ContainerImages.h"
#include "TestSupport.h"
#include "environments/ContainerCommand.h"

// ContainerCommand: the engine's command line for a job in a container. Variables go by name (their values
// reach the container through the engine's environment, never argv), this host's session variables stay
// out, mounts keep the same path inside; the wrapped command really runs under podman.
class TestContainerCommand : public QObject
{
    Q_OBJECT

private:
    static ContainerRun container(const QString& image = QStringLiteral("sha256:0123456789ab"))
    {
        ContainerRun c;
        c.engine = QStringLiteral("/usr/bin/podman");
        c.image = image;
        c.imageRef = QStringLiteral("localhost/img:1");
        c.name = ContainerCommand::nameForRun(QStringLiteral("20261201-abc"));
        return c;
    }

private slots:
    void wrapsInOrder()
    {
        const QStringList argv{QStringLiteral("python3"), QStringLiteral("train.py"), QStringLiteral("--lr"), QStringLiteral("0.1")};
        const QHash<QString, QString> env{{QStringLiteral("TRAINYARD_RUN_ID"), QStringLiteral("20261201-abc")},
                                          {QStringLiteral("ALPHA"), QStringLiteral("1")}};
        const QStringList wrapped = ContainerCommand::wrap(
            container(), argv, QStringLiteral("/runs/r1/work"), {QStringLiteral("/runs/r1"), QStringLiteral("/data/set")},
            {QStringLiteral("/ws/runtime")}, env, {{QStringLiteral("PYTHONPATH"), QStringLiteral("/ws/runtime/python")}});
        const QStringList expected{
            QStringLiteral("/usr/bin/podman"), QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--name"),
            QStringLiteral("trainyard-20261201-abc"), QStringLiteral("--network"), QStringLiteral("host"),
            QStringLiteral("-v"), QStringLiteral("/runs/r1:/runs/r1"), QStringLiteral("-v"), QStringLiteral("/data/set:/data/set"),
            QStringLiteral("-v"), QStringLiteral("/ws/runtime:/ws/runtime:ro"), QStringLiteral("-w"), QStringLiteral("/runs/r1/work"),
            QStringLiteral("--env"), QStringLiteral("ALPHA"), QStringLiteral("--env"), QStringLiteral("TRAINYARD_RUN_ID"),
            QStringLiteral("--env"), QStringLiteral("PYTHONPATH=/ws/runtime/python"), QStringLiteral("sha256:0123456789ab")};
        QCOMPARE(wrapped, expected + argv);
    }

    // apptainer (and singularity) on a Slurm node: the same mounts as binds, the working folder, an inline
    // PATH by --env, the image from a registry as docker://. The job's other variables are not on argv:
    // apptainer passes the caller's environment. Command lines only: apptainer cannot be installed here.
    void apptainerCommandLine()
    {
        ContainerRun c = container(QStringLiteral("/cluster/envs/images/0123456789abcdef.sif"));
        c.engine = QStringLiteral("/usr/bin/apptainer");
        const QHash<QString, QString> env{{QStringLiteral("SECRET_TOKEN"), QStringLiteral("hunter2")}};
        const QStringList wrapped = ContainerCommand::wrap(
            c, {QStringLiteral("python3"), QStringLiteral("train.py")}, QStringLiteral("/runs/r1/work"),
            {QStringLiteral("/runs/r1")}, {QStringLiteral("/ws/runtime"), QStringLiteral("/data/set")}, env,
            {{QStringLiteral("PATH"), QStringLiteral("/env/bin:/usr/bin")}});
        const QStringList expected{QStringLiteral("/usr/bin/apptainer"), QStringLiteral("exec"),
                                   QStringLiteral("--bind"), QStringLiteral("/runs/r1:/runs/r1"),
                                   QStringLiteral("--bind"), QStringLiteral("/ws/runtime:/ws/runtime:ro"),
                                   QStringLiteral("--bind"), QStringLiteral("/data/set:/data/set:ro"),
                                   QStringLiteral("--pwd"), QStringLiteral("/runs/r1/work"),
                                   QStringLiteral("--env"), QStringLiteral("PATH=/env/bin:/usr/bin"),
                                   QStringLiteral("/cluster/envs/images/0123456789abcdef.sif"),
                                   QStringLiteral("python3"), QStringLiteral("train.py")};
        QCOMPARE(wrapped, expected);
        QVERIFY(!wrapped.join(QLatin1Char(' ')).contains(QLatin1String("hunter2")));
        c.engine = QStringLiteral("singularity");
        QCOMPARE(ContainerCommand::engineKind(c.engine), ContainerCommand::EngineKind::Apptainer);
        QCOMPARE(ContainerCommand::apptainerImage(QStringLiteral("python:3.11")), QStringLiteral("docker://python:3.11"));
        QCOMPARE(ContainerCommand::apptainerImage(QStringLiteral("oras://ghcr.io/lab/img:1")),
                 QStringLiteral("oras://ghcr.io/lab/img:1"));
    }

    // pyxis: an srun step with --container-image (enroot's REGISTRY#IMAGE), the mounts as one list, the
    // working folder; what must differ inside (PATH) set by env inside the container. Command lines only:
    // pyxis and enroot cannot be installed here.
    void pyxisCommandLine()
    {
        ContainerRun c = container(QStringLiteral("nvcr.io/nvidia/pytorch:24.01-py3"));
        c.engine = QStringLiteral("pyxis");
        const QStringList wrapped = ContainerCommand::wrap(
            c, {QStringLiteral("python3"), QStringLiteral("train.py")}, QStringLiteral("/runs/r1/work"),
            {QStringLiteral("/runs/r1")}, {QStringLiteral("/ws/runtime")}, {{QStringLiteral("A"), QStringLiteral("1")}},
            {{QStringLiteral("PATH"), QStringLiteral("/env/bin:/usr/bin")}});
        const QStringList expected{QStringLiteral("srun"), QStringLiteral("--ntasks=1"),
                                   QStringLiteral("--container-image=nvcr.io#nvidia/pytorch:24.01-py3"),
                                   QStringLiteral("--container-mounts=/runs/r1:/runs/r1,/ws/runtime:/ws/runtime:ro"),
                                   QStringLiteral("--container-workdir=/runs/r1/work"), QStringLiteral("env"),
                                   QStringLiteral("PATH=/env/bin:/usr/bin"), QStringLiteral("python3"),
                                   QStringLiteral("train.py")};
        QCOMPARE(wrapped, expected);
        QCOMPARE(ContainerCommand::pyxisImage(QStringLiteral("ubuntu:22.04")), QStringLiteral("ubuntu:22.04"));
        QCOMPARE(ContainerCommand::pyxisImage(QStringLiteral("lab/tool:1")), QStringLiteral("lab/tool:1"));
        QCOMPARE(ContainerCommand::pyxisImage(QStringLiteral("localhost:5000/tool:1")), QStringLiteral("localhost:5000#tool:1"));
        QCOMPARE(ContainerCommand::pyxisImage(QStringLiteral("/images/tool.sqsh")), QStringLiteral("/images/tool.sqsh"));
        // podman and docker are the engines whose containers outlive the job's processes.
        QCOMPARE(ContainerCommand::engineKind(QStringLiteral("/usr/bin/podman")), ContainerCommand::EngineKind::Docker);
    }

    // Variables set only where the job runs (Slurm's) pass by prefix under podman; docker has no wildcard.
    void prefixesPassUnderPodman()
    {
        ContainerRun c = container();
        c.passedPrefixes = {QStringLiteral("SLURM_")};
        const QStringList podman = ContainerCommand::wrap(c, {QStringLiteral("sh")}, QString(), {}, {}, {}, {});
        QCOMPARE(podman.mid(podman.size() - 4), (QStringList{QStringLiteral("--env"), QStringLiteral("SLURM_*"),
                                                             QStringLiteral("sha256:0123456789ab"), QStringLiteral("sh")}));
        c.engine = QStringLiteral("/usr/bin/docker");
        QVERIFY(!ContainerCommand::wrap(c, {QStringLiteral("sh")}, QString(), {}, {}, {}, {}).contains(QStringLiteral("SLURM_*")));
    }

    // An init found on the target becomes the container's PID 1; docker's own needs no path.
    void initGoesBeforeTheMounts()
    {
        ContainerRun withInit = container();
        withInit.init = QStringLiteral("/usr/bin/catatonit");
        const QStringList podman = ContainerCommand::wrap(withInit, {QStringLiteral("sh")}, QString(), {}, {}, {}, {});
        QCOMPARE(podman.mid(7, 3), (QStringList{QStringLiteral("--init"), QStringLiteral("--init-path"), QStringLiteral("/usr/bin/catatonit")}));
        withInit.engine = QStringLiteral("/usr/bin/docker");
        withInit.init = QStringLiteral("builtin");
        const QStringList docker = ContainerCommand::wrap(withInit, {QStringLiteral("sh")}, QString(), {}, {}, {}, {});
        QCOMPARE(docker.at(7), QStringLiteral("--init"));
        QVERIFY(!docker.contains(QStringLiteral("--init-path")));
        QVERIFY(!ContainerCommand::wrap(container(), {QStringLiteral("sh")}, QString(), {}, {}, {}, {}).contains(QStringLiteral("--init")));
    }

    void valuesNeverOnArgv()
    {
        const QHash<QString, QString> env{{QStringLiteral("API_TOKEN"), QStringLiteral("s3cr3t-value-1")},
                                          {QStringLiteral("DB_PASSWORD"), QStringLiteral("hunter2-xyz")},
                                          {QStringLiteral("PLAIN"), QStringLiteral("not-secret-but-still-by-name")},
                                          {QStringLiteral("LIST"), QStringLiteral("a b;$(id)")}};
        const QStringList wrapped = ContainerCommand::wrap(container(), {QStringLiteral("sh")}, QStringLiteral("/w"), {}, {}, env,
                                                           {{QStringLiteral("PATH"), QStringLiteral("/env/bin:/usr/bin:/bin")}});
        for (const QString& value : env)
            for (const QString& arg : wrapped)
                QVERIFY2(!arg.contains(value), qPrintable(QStringLiteral("value of a variable on argv: ") + arg));
        for (const QString& name : env.keys()) {
            const qsizetype at = wrapped.indexOf(name);
            QVERIFY2(at > 0 && wrapped.at(at - 1) == QLatin1String("--env"), qPrintable(name));
        }
        // Only the inline ones carry their value, and a passed name given inline is not passed twice.
        QVERIFY(wrapped.contains(QStringLiteral("PATH=/env/bin:/usr/bin:/bin")));
        const QHash<QString, QString> both{{QStringLiteral("PYTHONPATH"), QStringLiteral("/host/only")}};
        const QStringList overridden = ContainerCommand::wrap(container(), {QStringLiteral("sh")}, QString(), {}, {}, both,
                                                              {{QStringLiteral("PYTHONPATH"), QStringLiteral("/inside")}});
        QVERIFY(!overridden.contains(QStringLiteral("PYTHONPATH")));
        QVERIFY(overridden.contains(QStringLiteral("PYTHONPATH=/inside")));
        QVERIFY(!overridden.contains(QStringLiteral("-w")));
    }

    void hostSessionVariablesLeftOut()
    {
        QHash<QString, QString> env;
        const QStringList host{QStringLiteral("PATH"), QStringLiteral("HOME"), QStringLiteral("HOSTNAME"), QStringLiteral("PWD"),
                               QStringLiteral("SHELL"), QStringLiteral("USER"), QStringLiteral("LOGNAME"), QStringLiteral("TMPDIR"),
                               QStringLiteral("LD_LIBRARY_PATH"), QStringLiteral("LD_PRELOAD"), QStringLiteral("XDG_RUNTIME_DIR"),
                               QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("SSH_AUTH_SOCK"), QStringLiteral("DISPLAY")};
        const QStringList job{QStringLiteral("TRAINYARD_RUN_ID"), QStringLiteral("TRAINYARD_METRICS_FILE"),
                              QStringLiteral("CUDA_VISIBLE_DEVICES"), QStringLiteral("LANG"), QStringLiteral("MY_SETTING"),
                              QStringLiteral("PYTHONPATH")};
        for (const QString& name : host + job)
            env.insert(name, QStringLiteral("v"));
        QStringList sortedJob = job;
        sortedJob.sort();
        QCOMPARE(ContainerCommand::passedVariables(env), sortedJob);
    }

    void engineCommands()
    {
        const ContainerRun c = container();
        QCOMPARE(ContainerCommand::stop(c, 7), (QStringList{QStringLiteral("/usr/bin/podman"), QStringLiteral("stop"), QStringLiteral("-t"),
                                                            QStringLiteral("7"), QStringLiteral("trainyard-20261201-abc")}));
        QCOMPARE(ContainerCommand::kill(c), (QStringList{QStringLiteral("/usr/bin/podman"), QStringLiteral("kill"),
                                                         QStringLiteral("trainyard-20261201-abc")}));
        QCOMPARE(ContainerCommand::remove(c), (QStringList{QStringLiteral("/usr/bin/podman"), QStringLiteral("rm"), QStringLiteral("-f"),
                                                           QStringLiteral("--ignore"), QStringLiteral("trainyard-20261201-abc")}));
        ContainerRun docker = c;
        docker.engine = QStringLiteral("/usr/bin/docker");
        QCOMPARE(ContainerCommand::remove(docker), (QStringList{QStringLiteral("/usr/bin/docker"), QStringLiteral("rm"), QStringLiteral("-f"),
                                                                QStringLiteral("trainyard-20261201-abc")}));
    }

    // The wrapped command under real podman: a variable's value arrives by name, the mount is at the same
    // path and writable, the working directory and an inline PATH apply, the exit status comes through and
    // --rm leaves no container.
    void runsUnderPodman()
    {
        QString error;
        QVERIFY2(ContainerImages::ensureBusybox(&error), qPrintable(error));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString runDir = QDir(dir.path()).canonicalPath();
        QVERIFY(QDir().mkpath(runDir + QStringLiteral("/work")));
        ContainerRun c = container(QString::fromLatin1(ContainerImages::kBusybox));
        c.engine = ContainerImages::podman();
        c.name = ContainerCommand::nameForRun(QStringLiteral("test-%1").arg(QCoreApplication::applicationPid()));
        const QString hostile = QStringLiteral("it's \"$(id)\"; a b");
        const QHash<QString, QString> env{{QStringLiteral("JOB_VALUE"), hostile}, {QStringLiteral("HOME"), QStringLiteral("/nowhere/host")}};
        const QStringList argv{QStringLiteral("sh"), QStringLiteral("-c"),
                               QStringLiteral("printf '%s' \"$JOB_VALUE\" > out.txt; printf '%s|%s|%s' \"$PWD\" \"$PATH\" \"${HOME:-unset}\" > where.txt; exit 5")};
        const QStringList wrapped = ContainerCommand::wrap(c, argv, runDir + QStringLiteral("/work"), {runDir}, {}, env,
                                                           {{QStringLiteral("PATH"), QStringLiteral("/bin")}});
        QProcessEnvironment processEnv = QProcessEnvironment::systemEnvironment();
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            processEnv.insert(it.key(), it.value());
        const TestSupport::CliResult r = TestSupport::runProgram(wrapped.first(), wrapped.mid(1), {}, processEnv, 60000);
        QCOMPARE(r.exitCode, 5);
        QCOMPARE(QString::fromUtf8(TestSupport::readFile(runDir + QStringLiteral("/work/out.txt"))), hostile);
        const QString where = QString::fromUtf8(TestSupport::readFile(runDir + QStringLiteral("/work/where.txt")));
        QVERIFY2(where.startsWith(runDir + QStringLiteral("/work|/bin|")), qPrintable(where));
        QVERIFY2(!where.endsWith(QStringLiteral("/nowhere/host")), qPrintable(where));
        const TestSupport::CliResult left = TestSupport::runProgram(
            c.engine, {QStringLiteral("ps"), QStringLiteral("-a"), QStringLiteral("-q"), QStringLiteral("--filter"), QStringLiteral("name=") + c.name});
        QCOMPARE(left.exitCode, 0);
        QCOMPARE(left.out.trimmed(), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestContainerCommand)
#include "TestContainerCommand.moc"
