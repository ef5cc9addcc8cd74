// Tests for the generated batch script: the target's settings as #SBATCH lines, the setup lines, and the job
// wrapper exec'd with the command. The script is run here by bash itself (to bash the #SBATCH lines are
// comments) with the real job wrapper, so what the program receives is what a shell made of the script.
#include <QtTest>

#include <QHostInfo>

#include "ContainerImages.h"
#include "TestSupport.h"
#include "targets/TargetRegistry.h"
#include "targets/slurm/SlurmBatchScript.h"

using namespace TestSupport;

#include <QProcess>
#include <csignal>

namespace {
SlurmBatchScript scriptIn(const QString& dir, const QStringList& argv, const QJsonObject& settings = {})
{
    SlurmBatchScript script;
    script.jobName = QStringLiteral("trainyard-r1");
    script.workDir = dir + QStringLiteral("/work");
    script.systemDir = dir + QStringLiteral("/system");
    script.stdoutPath = script.systemDir + QStringLiteral("/stdout.log");
    script.stderrPath = script.systemDir + QStringLiteral("/stderr.log");
    script.wrapper = sourceDir() + QStringLiteral("/resources/job/trainyard-job.sh");
    script.argv = argv;
    script.settings = settings;
    QDir().mkpath(script.workDir);
    QDir().mkpath(script.systemDir);
    return script;
}

QStringList sbatchLines(const QString& text)
{
    QStringList lines;
    for (const QString& line : text.split(QLatin1Char('\n')))
        if (line.startsWith(QLatin1String("#SBATCH ")))
            lines << line.mid(8);
    return lines;
}

QStringList validate(const QJsonObject& settings)
{
    return TargetRegistry::validate(
        TargetConfig{QStringLiteral("cluster"), QStringLiteral("slurm"), settings});
}
} // namespace

class TestSlurmBatchScript : public QObject
{
    Q_OBJECT

private slots:
    void settingsBecomeQuotedSbatchLines()
    {
        QTemporaryDir dir;
        const QJsonObject settings{
            {QStringLiteral("partition"), QStringLiteral("gpu")},
            {QStringLiteral("account"), QStringLiteral("lab")},
            {QStringLiteral("qos"), QStringLiteral("high")},
            {QStringLiteral("time_limit"), QStringLiteral("1-02:00:00")},
            {QStringLiteral("cpus_per_task"), 4},
            {QStringLiteral("mem_per_cpu"), QStringLiteral("4G")},
            {QStringLiteral("gpus_per_node"), QStringLiteral("a100:2")},
            {QStringLiteral("sbatch_options"), QJsonArray{QStringLiteral("--constraint=\"fast\"&big")}}};
        QString error;
        const QString text = scriptIn(dir.path(), {QStringLiteral("true")}, settings).text(&error);
        QVERIFY2(!text.isEmpty(), qPrintable(error));
        QVERIFY(text.startsWith(QLatin1String("#!/bin/bash\n")));
        const QStringList lines = sbatchLines(text);
        for (const char* expected :
             {"\"--job-name=trainyard-r1\"", "\"--partition=gpu\"", "\"--account=lab\"", "\"--qos=high\"",
              "\"--time=1-02:00:00\"", "\"--cpus-per-task=4\"", "\"--mem-per-cpu=4G\"",
              "\"--gpus-per-node=a100:2\"", "\"--nodes=1\"", "\"--ntasks-per-node=1\"",
              "\"--constraint=\\\"fast\\\"&big\""})
            QVERIFY2(lines.contains(QLatin1String(expected)), expected);
        QVERIFY(lines.contains(
            SlurmBatchScript::sbatchWord(QStringLiteral("--chdir=") + dir.path() + QStringLiteral("/work"))));
    }

    void aPercentInTheRunFolderIsNotAFileNamePattern()
    {
        SlurmBatchScript script;
        script.systemDir = QStringLiteral("/ws/100%/runs/r1/system");
        QCOMPARE(script.slurmOutputPattern(), QStringLiteral("/ws/100%%/runs/r1/system/slurm-%j.out"));
    }

    void theCommandReachesTheProgramWordForWordAndNothingIsEvaluated()
    {
        QTemporaryDir dir;
        const QString marker = dir.path() + QStringLiteral("/pwned");
        const QStringList args{QStringLiteral("$(touch ") + marker + QLatin1Char(')'),
                               QStringLiteral("it's"),
                               QStringLiteral("a \"b\" \\c"),
                               QStringLiteral("*"),
                               QStringLiteral("`touch ") + marker + QLatin1Char('`'),
                               QString()};
        QStringList argv{QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                         QStringLiteral("for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done; exit 7"),
                         QStringLiteral("sh")};
        argv << args;
        const QJsonObject settings{
            {QStringLiteral("setup"),
             QJsonArray{QStringLiteral("echo setup ran >&2"), QStringLiteral("export FROM_SETUP=yes")}}};
        QString error;
        SlurmBatchScript script = scriptIn(dir.path(), argv, settings);
        argv[2] = QStringLiteral(
            "printf '%s\\n' \"$FROM_SETUP\"; for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done; exit 7");
        script.argv = argv;
        const QString text = script.text(&error);
        QVERIFY2(!text.isEmpty(), qPrintable(error));
        QVERIFY(writeFile(dir.path() + QStringLiteral("/job.sbatch"), text.toUtf8()));
        const CliResult result =
            runProgram(QStringLiteral("/bin/bash"), {dir.path() + QStringLiteral("/job.sbatch")});
        QCOMPARE(result.exitCode, 7);
        QVERIFY2(result.err.contains("setup ran"), result.err.constData());
        QStringList expected{QStringLiteral("yes")};
        for (const QString& a : args)
            expected << QLatin1Char('[') + a + QLatin1Char(']');
        QCOMPARE(QString::fromUtf8(readFile(script.stdoutPath)),
                 expected.join(QLatin1Char('\n')) + QLatin1Char('\n'));
        QVERIFY(!QFileInfo::exists(marker));
        // The wrapper recorded the job as on every target.
        QVERIFY(QFileInfo::exists(script.systemDir + QStringLiteral("/job.json")));
        QCOMPARE(QJsonDocument::fromJson(readFile(script.systemDir + QStringLiteral("/exit.json")))
                     .object()
                     .value(QStringLiteral("exit_status"))
                     .toInt(),
                 7);
    }

    void aFailingSetupLineStopsTheJobBeforeItStarts()
    {
        QTemporaryDir dir;
        const QJsonObject settings{{QStringLiteral("setup"), QJsonArray{QStringLiteral("false")}}};
        QString error;
        const SlurmBatchScript script = scriptIn(dir.path(), {QStringLiteral("true")}, settings);
        QVERIFY(writeFile(dir.path() + QStringLiteral("/job.sbatch"), script.text(&error).toUtf8()));
        const CliResult result =
            runProgram(QStringLiteral("/bin/bash"), {dir.path() + QStringLiteral("/job.sbatch")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(!QFileInfo::exists(script.systemDir + QStringLiteral("/job.json")));
    }

    // A run in a podman image, with real podman and a busybox container whose sleep (PID 1, no init) ignores
    // SIGTERM: the cancel's SIGTERM to the batch script has the script stop the container (engine stop, then
    // the engine's kill), the wrapper records the end, and nothing of the container is left.
    void aContainerIsStoppedOnSigtermAndRemoved()
    {
        QString error;
        QVERIFY2(ContainerImages::ensureBusybox(&error), qPrintable(error));
        QTemporaryDir dir;
        const QString name = QStringLiteral("trainyard-batch-script-test-%1").arg(::getpid());
        const QString podman = ContainerImages::podman();
        SlurmBatchScript script = scriptIn(dir.path(), {podman, QStringLiteral("run"), QStringLiteral("--rm"),
                                                        QStringLiteral("--name"), name,
                                                        QString::fromLatin1(ContainerImages::kBusybox),
                                                        QStringLiteral("sleep"), QStringLiteral("600")});
        script.containerEngine = podman;
        script.containerName = name;
        script.containerStopSeconds = 1;
        const QString text = script.text(&error);
        QVERIFY2(!text.isEmpty(), qPrintable(error));
        QVERIFY(writeFile(dir.path() + QStringLiteral("/job.sbatch"), text.toUtf8()));
        const auto containers = [&] {
            return runProgram(podman, {QStringLiteral("ps"), QStringLiteral("-a"), QStringLiteral("-q"),
                                       QStringLiteral("--filter"),
                                       QStringLiteral("name=^") + name + QLatin1Char('$')})
                .out.trimmed();
        };
        QProcess batch;
        batch.start(QStringLiteral("/bin/bash"), {dir.path() + QStringLiteral("/job.sbatch")});
        QVERIFY(batch.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(!containers().isEmpty(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(runProgram(podman, {QStringLiteral("inspect"), QStringLiteral("-f"),
                                                     QStringLiteral("{{.State.Running}}"), name})
                                         .out.trimmed() == "true",
                                 30000);
        ::kill(pid_t(batch.processId()), SIGTERM);
        QVERIFY2(batch.waitForFinished(30000), "the batch script ended after stopping its container");
        QCOMPARE(containers(), QByteArray());
        // Killed by the engine (SIGKILL after the stop's grace): the wrapper saw the client end with 137.
        QCOMPARE(QJsonDocument::fromJson(readFile(script.systemDir + QStringLiteral("/exit.json")))
                     .object()
                     .value(QStringLiteral("exit_status"))
                     .toInt(),
                 137);
        QCOMPARE(batch.exitCode(), 137);
    }

    // A container that ended but was not removed (the engine's client did not get to --rm it) is removed by
    // the batch script when the job ends; the job's exit status stays the script's.
    void aContainerLeftAfterTheJobIsRemoved()
    {
        QString error;
        QVERIFY2(ContainerImages::ensureBusybox(&error), qPrintable(error));
        QTemporaryDir dir;
        const QString name = QStringLiteral("trainyard-batch-script-left-%1").arg(::getpid());
        const QString podman = ContainerImages::podman();
        SlurmBatchScript script =
            scriptIn(dir.path(), {podman, QStringLiteral("run"), QStringLiteral("--name"), name,
                                  QString::fromLatin1(ContainerImages::kBusybox), QStringLiteral("sh"),
                                  QStringLiteral("-c"), QStringLiteral("exit 3")});
        script.containerEngine = podman;
        script.containerName = name;
        QVERIFY(writeFile(dir.path() + QStringLiteral("/job.sbatch"), script.text(&error).toUtf8()));
        const CliResult result =
            runProgram(QStringLiteral("/bin/bash"), {dir.path() + QStringLiteral("/job.sbatch")});
        QCOMPARE(result.exitCode, 3);
        QCOMPARE(runProgram(podman,
                            {QStringLiteral("ps"), QStringLiteral("-a"), QStringLiteral("-q"),
                             QStringLiteral("--filter"), QStringLiteral("name=^") + name + QLatin1Char('$')})
                     .out.trimmed(),
                 QByteArray());
    }

    // Before the job, the batch host describes itself with the environment tool (ran-with.json names the
    // node); a PyTorch run gets its master (given here, kept) and a free port of this node; a distributed
    // run asks for its nodes and tasks per node. The interpreter's path is quoted like every other value.
    void theBatchHostDescribesItselfAndAPytorchRunGetsAFreePort()
    {
        QTemporaryDir dir;
        const QString python = dir.path() + QStringLiteral("/it's python");
        QVERIFY(QFile::link(systemPython(), python));
        SlurmBatchScript script =
            scriptIn(dir.path(), {QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                                  QStringLiteral("printf '%s %s\\n' \"$MASTER_ADDR\" \"$MASTER_PORT\"")});
        script.nodes = 2;
        script.tasksPerNode = 3;
        script.distributed = QStringLiteral("pytorch");
        script.python = python;
        script.hostTool = sourceDir() + QStringLiteral("/resources/env/trainyard_env.py");
        script.hostFile = script.systemDir + QStringLiteral("/node-host.out");
        QString error;
        const QString text = script.text(&error);
        QVERIFY2(!text.isEmpty(), qPrintable(error));
        const QStringList lines = sbatchLines(text);
        QVERIFY(lines.contains(QStringLiteral("\"--nodes=2\"")));
        QVERIFY(lines.contains(QStringLiteral("\"--ntasks-per-node=3\"")));
        QVERIFY(writeFile(dir.path() + QStringLiteral("/job.sbatch"), text.toUtf8()));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("first-node"));
        env.remove(QStringLiteral("MASTER_PORT"));
        const CliResult result = runProgram(QStringLiteral("/bin/bash"),
                                            {dir.path() + QStringLiteral("/job.sbatch")}, QByteArray(), env);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QStringList master =
            QString::fromUtf8(readFile(script.stdoutPath)).trimmed().split(QLatin1Char(' '));
        QCOMPARE(master.value(0), QStringLiteral("first-node"));
        const int port = master.value(1).toInt();
        QVERIFY2(port >= 1024 && port <= 65535, qPrintable(master.join(QLatin1Char(' '))));

        const QByteArray described = readFile(script.hostFile);
        const qsizetype at = described.lastIndexOf("@@trainyard-env ");
        QVERIFY2(at >= 0, described.constData());
        const QJsonObject host =
            QJsonDocument::fromJson(described.mid(at + 16)).object().value(QStringLiteral("host")).toObject();
        QCOMPARE(host.value(QStringLiteral("name")).toString(), QHostInfo::localHostName());
        QVERIFY(host.value(QStringLiteral("cpu_count")).toInt() > 0);

        // An MPI run gets no rendezvous of PyTorch's.
        script.distributed = QStringLiteral("mpi");
        QVERIFY(!script.text(&error).contains(QLatin1String("MASTER_PORT=")));
    }

    void aLineBreakInAValueIsRefused()
    {
        QTemporaryDir dir;
        QString error;
        const QString text =
            scriptIn(dir.path(), {QStringLiteral("echo"), QStringLiteral("a\nb")}).text(&error);
        QVERIFY(text.isEmpty());
        QVERIFY2(error.contains(QLatin1String("line break")), qPrintable(error));
    }

    void invalidSettingsAreNamed()
    {
        QVERIFY(validate({{QStringLiteral("partition"), QStringLiteral("debug")},
                          {QStringLiteral("time_limit"), QStringLiteral("30")},
                          {QStringLiteral("sbatch_options"), QJsonArray{QStringLiteral("--exclusive")}},
                          {QStringLiteral("setup"), QJsonArray{QStringLiteral("module load cuda")}}})
                    .isEmpty());
        const auto expectError = [](const QJsonObject& settings, const char* needle) {
            const QString errors = validate(settings).join(QLatin1Char('\n'));
            QVERIFY2(errors.contains(QLatin1String(needle)), qPrintable(errors));
        };
        expectError({{QStringLiteral("partition"), QStringLiteral("a b")}}, "partition: expected no spaces");
        expectError({{QStringLiteral("time_limit"), QStringLiteral("soon")}},
                    "time_limit: expected a Slurm time limit");
        expectError({{QStringLiteral("cpus_per_task"), 0}}, "cpus_per_task: expected a positive integer");
        expectError({{QStringLiteral("mem_per_cpu"), QStringLiteral("lots")}},
                    "mem_per_cpu: expected a size");
        expectError({{QStringLiteral("gpus_per_node"), QStringLiteral("two")}},
                    "gpus_per_node: expected a number of GPUs");
        expectError({{QStringLiteral("sbatch_options"), QJsonArray{QStringLiteral("--chdir=/x")}}},
                    "the sbatch option --chdir is set by Trainyard");
        expectError({{QStringLiteral("sbatch_options"), QJsonArray{QStringLiteral("-o/tmp/x")}}},
                    "the sbatch option -o/tmp/x is set");
        expectError({{QStringLiteral("sbatch_options"), QJsonArray{QStringLiteral("exclusive")}}},
                    "starting with -");
        expectError({{QStringLiteral("setup"), QJsonArray{QStringLiteral("a\nb")}}}, "line break");
        expectError({{QStringLiteral("slurm_conf"), QStringLiteral("etc/slurm.conf")}},
                    "slurm_conf: expected an absolute path");
        QVERIFY(validate({{QStringLiteral("mpi_plugin"), QStringLiteral("pmi2")}}).isEmpty());
        expectError({{QStringLiteral("mpi_plugin"), QStringLiteral("pmix --x")}},
                    "mpi_plugin: expected the name of srun's MPI plugin");
    }
};

QTEST_GUILESS_MAIN(TestSlurmBatchScript)
#include "TestSlurmBatchScript.moc"
