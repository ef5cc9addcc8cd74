// System metrics: while a run lives, the job wrapper's sampler (resources/job/trainyard_sample.py) samples
// its node, and the samples arrive as the metrics system/<node>/... of the run, on the local target and
// streamed through the watch of an SSH target (a real sshd, tests/support/SshTestServer). Everything is
// real except one thing: `nvidia-smi` is a stand-in shell script put first on the job's PATH (this machine
// has no NVIDIA GPU) that prints what the real one prints for the sampler's query. That stand-in is the only
// mock of this suite.
#include "SshTestServer.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <functional>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using namespace TestSupport;

namespace {

// Runs long enough for several samples at the tests' cadence (0.3 s).
const QByteArray kBusyScript = R"PY(
import time
end = time.time() + 3.0
n = 0
while time.time() < end:
    n += 1
    if n % 200000 == 0:
        print("loss: %f" % (1.0 / n), flush=True)
print("done", flush=True)
)PY";

// Prints what nvidia-smi prints for --query-gpu=index,utilization.gpu,memory.used,power.draw
// --format=csv,noheader,nounits --loop-ms=N: one line per GPU per round, [N/A] where a GPU cannot tell.
const QByteArray kNvidiaSmiStandIn = R"SH(#!/bin/sh
printf '%s\n' "$*" >>"$0.args"
loop=
for arg in "$@"; do
    case $arg in --loop-ms=*) loop=${arg#--loop-ms=} ;; esac
done
while :; do
    printf '0, 37, 1234, 55.50\n1, 80, 2048, [N/A]\n'
    [ -n "$loop" ] || exit 0
    sleep 0.2
done
)SH";

// The node name the sampler uses: the short host name.
QString nodeName()
{
    QString name = QSysInfo::machineHostName().section(QLatin1Char('.'), 0, 0);
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]")), QStringLiteral("_"));
    return name.isEmpty() ? QStringLiteral("node") : name;
}

QString series(const QString& tail)
{
    return QStringLiteral("system/") + nodeName() + QLatin1Char('/') + tail;
}

QVector<double> valuesOf(const QJsonObject& metrics, const QString& name)
{
    QVector<double> values;
    for (const QJsonValue& point : metrics.value(name).toArray())
        values << point.toObject().value(QStringLiteral("value")).toDouble();
    return values;
}

double memTotalMb()
{
    const QByteArray meminfo = readFile(QStringLiteral("/proc/meminfo"));
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("MemTotal:\\s+(\\d+) kB")).match(QString::fromLatin1(meminfo));
    return m.captured(1).toDouble() / 1024.0;
}

// Live samplers (zombies excluded: a reaped-later child is gone for good) whose command line names
// `recordDir`.
QVector<qint64> samplersOf(const QString& recordDir)
{
    return processesWhere(QStringLiteral("cmdline"), [&](const QList<QByteArray>& args) {
        bool sampler = false;
        for (const QByteArray& a : args)
            sampler = sampler || a.endsWith("trainyard_sample.py");
        return sampler && args.contains(recordDir.toUtf8());
    });
}

// Processes whose command line contains `needle` in one of its arguments.
QVector<qint64> processesNaming(const QByteArray& needle)
{
    return processesWhere(QStringLiteral("cmdline"), [&](const QList<QByteArray>& args) {
        for (const QByteArray& a : args)
            if (a.contains(needle))
                return true;
        return false;
    });
}

// The run folder on the remote, as the job saw it (TRAINYARD_RUN_DIR in the run's environment record).
QString remoteRunDirOf(const QString& localRunDir)
{
    const QByteArray text = readFile(localRunDir + QStringLiteral("/system/environment.json"));
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("\"TRAINYARD_RUN_DIR\"[^\"]*\"value\"\\s*:\\s*\"([^\"]+)\""))
            .match(QString::fromUtf8(text));
    if (m.hasMatch())
        return m.captured(1);
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    for (const QJsonValue& v : doc.array())
        if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("TRAINYARD_RUN_DIR"))
            return v.toObject().value(QStringLiteral("value")).toString();
    return doc.object().value(QStringLiteral("TRAINYARD_RUN_DIR")).toString();
}

QString firstLine(const QByteArray& out)
{
    return QString::fromUtf8(out.split('\n').first()).trimmed();
}

} // namespace

class TestSystemMetrics : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    int m_count = 0;

    QString project(const QString& name, const QByteArray& extraYaml,
                    const QString& target = QStringLiteral("local"))
    {
        return makeProject(m_root.filePath(name), {{QStringLiteral("busy.py"), kBusyScript}},
                           "experiment: " + name.toUtf8() + "\nentry_script: busy.py\ncompute_target: " +
                               target.toUtf8() + "\n" + extraYaml);
    }

    QString workspace() { return m_root.filePath(QStringLiteral("ws%1").arg(++m_count)); }

    // The run's own checks on every node series: present, several points, sane values.
    void verifyNodeSeries(const QJsonObject& metrics)
    {
        const QVector<double> cpu = valuesOf(metrics, series(QStringLiteral("cpu_percent")));
        const QVector<double> used = valuesOf(metrics, series(QStringLiteral("memory_used_mb")));
        const QVector<double> total = valuesOf(metrics, series(QStringLiteral("memory_total_mb")));
        QVERIFY2(cpu.size() >= 2, qPrintable(QStringLiteral("%1 cpu points; metrics: %2")
                                                 .arg(cpu.size())
                                                 .arg(QStringList(metrics.keys()).join(QLatin1Char(' ')))));
        QCOMPARE(used.size(), cpu.size());
        QCOMPARE(total.size(), cpu.size());
        for (const double v : cpu)
            QVERIFY2(v >= 0 && v <= 100, qPrintable(QString::number(v)));
        const double expectedTotal = memTotalMb();
        for (qsizetype i = 0; i < used.size(); ++i) {
            QVERIFY2(qAbs(total.at(i) - expectedTotal) <= 1.0,
                     qPrintable(QStringLiteral("%1 vs %2").arg(total.at(i)).arg(expectedTotal)));
            QVERIFY2(used.at(i) > 0 && used.at(i) <= total.at(i), qPrintable(QString::number(used.at(i))));
        }
        // The script kept one core busy: the node was never idle while it ran.
        QVERIFY2(*std::max_element(cpu.begin(), cpu.end()) > 0, "CPU never above 0 %");
    }

private slots:
    void initTestCase() { QVERIFY(m_root.isValid()); }

    void localRunHasNodeSeriesAndTheSamplerEndsWithIt()
    {
        const QString ws = workspace();
        const QString estimator = project(QStringLiteral("local-sys"),
                                          "environment_variables: {TRAINYARD_SAMPLE_SECONDS: \"0.3\"}\n");
        const CliResult run =
            runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 180000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString runId = firstLine(run.out);
        const QString runDir = ws + QStringLiteral("/runs/") + runId;
        verifyNodeSeries(
            runCli(ws, {QStringLiteral("--json"), QStringLiteral("metrics"), runId}).json().object());
        if (QTest::currentTestFailed())
            return;
        // Listed like any metric, beside the script's own.
        const CliResult listed = runCli(ws, {QStringLiteral("metrics"), runId});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.out.contains(QByteArray(series(QStringLiteral("cpu_percent")).toUtf8() + "\n")) &&
                     listed.out.contains("loss\n"),
                 listed.out.left(2000).constData());
        // `show RUN` lists their last values, each name apart from its value however long it is.
        const QString shown = QString::fromUtf8(runCli(ws, {QStringLiteral("show"), runId}).out);
        QVERIFY2(QRegularExpression(QStringLiteral("\n  ") +
                                    QRegularExpression::escape(series(QStringLiteral("memory_total_mb"))) +
                                    QStringLiteral(" +\\d"))
                     .match(shown)
                     .hasMatch(),
                 qPrintable(shown));
        // The job's own record is the job's: its exit status, nothing of the sampler.
        QCOMPARE(readFile(runDir + QStringLiteral("/system/exit.json")).trimmed(),
                 QByteArray("{\"exit_status\":0}"));
        QVERIFY(samplersOf(runDir + QStringLiteral("/system")).isEmpty());
    }

    void sshRunStreamsTheNodeSeries()
    {
        QString error;
        const auto server = SshTestServer::start({}, &error);
        QVERIFY2(server, qPrintable(error));
        const QString ws = workspace();
        const QString remoteWorkdir = server->workRoot() + QStringLiteral("/wd");
        const CliResult added =
            runCli(ws, {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"),
                        QStringLiteral("lab"), QStringLiteral("--host"), server->host(),
                        QStringLiteral("--port"), QString::number(server->port()), QStringLiteral("--user"),
                        server->user(), QStringLiteral("--identity-file"), server->clientKeyPath(),
                        QStringLiteral("--workdir"), remoteWorkdir, QStringLiteral("--python"),
                        systemPython(), QStringLiteral("--cleanup"), QStringLiteral("keep")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const CliResult trusted = runCli(ws, {QStringLiteral("targets"), QStringLiteral("trust"),
                                              QStringLiteral("lab"), QStringLiteral("--yes")});
        QVERIFY2(trusted.exitCode == 0, trusted.err.constData());

        const QString estimator =
            project(QStringLiteral("ssh-sys"), "environment_variables: {TRAINYARD_SAMPLE_SECONDS: \"0.3\"}\n",
                    QStringLiteral("lab"));
        const CliResult run =
            runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 300000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString runId = firstLine(run.out);
        verifyNodeSeries(
            runCli(ws, {QStringLiteral("--json"), QStringLiteral("metrics"), runId}).json().object());
        if (QTest::currentTestFailed())
            return;

        // What the remote sampler wrote came home whole through the watch stream (nothing is collected
        // after).
        const QString remoteRunDir = remoteRunDirOf(ws + QStringLiteral("/runs/") + runId);
        QVERIFY2(remoteRunDir.startsWith(remoteWorkdir), qPrintable(remoteRunDir));
        const QString relative = QStringLiteral("/system/nodes/") + nodeName() + QStringLiteral(".jsonl");
        const QByteArray remoteSamples = readFile(remoteRunDir + relative);
        QVERIFY(remoteSamples.count('\n') >= 2);
        QCOMPARE(readFile(ws + QStringLiteral("/runs/") + runId + relative), remoteSamples);
        QVERIFY(samplersOf(remoteRunDir + QStringLiteral("/system")).isEmpty());
    }

    void aStandInNvidiaSmiYieldsGpuSeries()
    {
        const QString bin = m_root.filePath(QStringLiteral("fake-gpu-bin"));
        QVERIFY(writeFile(bin + QStringLiteral("/nvidia-smi"), kNvidiaSmiStandIn));
        QVERIFY(QFile::setPermissions(bin + QStringLiteral("/nvidia-smi"),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QByteArray path = bin.toUtf8() + ':' + qgetenv("PATH");
        const QString ws = workspace();
        const QString estimator =
            project(QStringLiteral("gpu-sys"),
                    "environment_variables: {TRAINYARD_SAMPLE_SECONDS: \"0.3\", PATH: \"" + path + "\"}\n");
        const CliResult run =
            runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 180000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString runId = firstLine(run.out);
        const QJsonObject metrics =
            runCli(ws, {QStringLiteral("--json"), QStringLiteral("metrics"), runId}).json().object();
        verifyNodeSeries(metrics);
        if (QTest::currentTestFailed())
            return;
        const QVector<double> utilization =
            valuesOf(metrics, series(QStringLiteral("gpu0/utilization_percent")));
        QVERIFY2(utilization.size() >= 2, qPrintable(QStringList(metrics.keys()).join(QLatin1Char(' '))));
        QCOMPARE(utilization.first(), 37.0);
        QCOMPARE(valuesOf(metrics, series(QStringLiteral("gpu0/memory_used_mb"))).first(), 1234.0);
        QCOMPARE(valuesOf(metrics, series(QStringLiteral("gpu0/power_w"))).first(), 55.5);
        QCOMPARE(valuesOf(metrics, series(QStringLiteral("gpu1/utilization_percent"))).first(), 80.0);
        QCOMPARE(valuesOf(metrics, series(QStringLiteral("gpu1/memory_used_mb"))).first(), 2048.0);
        QVERIFY(!metrics.contains(series(QStringLiteral("gpu1/power_w")))); // [N/A]: no made-up value
        // One long-lived nvidia-smi for the whole run, asked exactly the documented query (the run's
        // description, system/ran-with.json, asks its own once).
        QStringList loops;
        for (const QByteArray& line : readFile(bin + QStringLiteral("/nvidia-smi.args")).split('\n'))
            if (line.contains("--loop-ms"))
                loops << QString::fromUtf8(line);
        QCOMPARE(loops, QStringList{QStringLiteral("--query-gpu=index,utilization.gpu,memory.used,power.draw "
                                                   "--format=csv,noheader,nounits --loop-ms=300")});
        QTRY_VERIFY_WITH_TIMEOUT(processesNaming(QByteArray(bin.toUtf8() + "/nvidia-smi")).isEmpty(), 10000);
    }

    // The job wrapper run directly, as every target runs it: the sampler never changes the job's status or
    // records, ends by itself when the job ends, and a node without Python runs the job all the same.
    void theSamplerNeverChangesTheJobAndEndsWithIt()
    {
        const QString dir = m_root.filePath(QStringLiteral("wrapper"));
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/work")));
        QProcess wrapper;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TRAINYARD_SAMPLE_SECONDS"), QStringLiteral("0.3"));
        env.insert(QStringLiteral("TRAINYARD_SAMPLE_PYTHON"), systemPython());
        wrapper.setProcessEnvironment(env);
        wrapper.setChildProcessModifier([] { ::setpgid(0, 0); });
        const QString gate = dir + QStringLiteral("/gate");
        wrapper.start(QStringLiteral("/bin/sh"),
                      {sourceDir() + QStringLiteral("/resources/job/trainyard-job.sh"), dir,
                       dir + QStringLiteral("/work"), dir + QStringLiteral("/out"),
                       dir + QStringLiteral("/err"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                       QStringLiteral("while [ ! -e \"$1\" ]; do sleep 0.05; done; exit 3"),
                       QStringLiteral("job"), gate});
        QVERIFY(wrapper.waitForStarted());
        const QString samples = dir + QStringLiteral("/nodes/") + nodeName() + QStringLiteral(".jsonl");
        QTRY_VERIFY_WITH_TIMEOUT(readFile(samples).count('\n') >= 2, 30000);
        const QVector<qint64> samplers = samplersOf(dir);
        QCOMPARE(samplers.size(), 1);
        const QByteArray job = readFile(dir + QStringLiteral("/job.json"));
        QVERIFY(writeFile(gate, "go"));
        QVERIFY(wrapper.waitForFinished(30000));
        QCOMPARE(wrapper.exitCode(), 3);
        QCOMPARE(readFile(dir + QStringLiteral("/exit.json")).trimmed(), QByteArray("{\"exit_status\":3}"));
        QCOMPARE(readFile(dir + QStringLiteral("/job.json")), job);
        // Gone with the job, with no run end to kill it (the wrapper was started here, not by a runner).
        QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(samplers.first()), 0) != 0 || samplersOf(dir).isEmpty(), 10000);
        // Nothing sampled after the job's end was recorded.
        const QList<QByteArray> lines = readFile(samples).trimmed().split('\n');
        const double lastSample =
            QJsonDocument::fromJson(lines.last()).object().value(QStringLiteral("t")).toDouble();
        struct stat exitRecord {
        };
        QCOMPARE(::stat(QFile::encodeName(dir + QStringLiteral("/exit.json")).constData(), &exitRecord), 0);
        QVERIFY2(lastSample <= double(exitRecord.st_mtim.tv_sec) + exitRecord.st_mtim.tv_nsec / 1e9 + 0.001,
                 lines.last().constData());

        // No interpreter anywhere: no samples, and the job runs and is recorded as ever. The PATH has what
        // the wrapper itself needs (mv) and nothing else.
        const QString bare = m_root.filePath(QStringLiteral("no-python"));
        QVERIFY(QDir().mkpath(bare + QStringLiteral("/work")));
        QVERIFY(QDir().mkpath(bare + QStringLiteral("/bin")));
        QVERIFY(QFile::link(QStringLiteral("/bin/mv"), bare + QStringLiteral("/bin/mv")));
        QProcess without;
        QProcessEnvironment noPython;
        noPython.insert(QStringLiteral("PATH"), bare + QStringLiteral("/bin"));
        noPython.insert(QStringLiteral("TRAINYARD_SAMPLE_PYTHON"), bare + QStringLiteral("/missing/python3"));
        without.setProcessEnvironment(noPython);
        without.start(QStringLiteral("/bin/sh"),
                      {sourceDir() + QStringLiteral("/resources/job/trainyard-job.sh"), bare,
                       bare + QStringLiteral("/work"), bare + QStringLiteral("/out"),
                       bare + QStringLiteral("/err"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                       QStringLiteral("echo ran; exit 5")});
        QVERIFY(without.waitForFinished(30000));
        QCOMPARE(without.exitCode(), 5);
        QCOMPARE(readFile(bare + QStringLiteral("/exit.json")).trimmed(), QByteArray("{\"exit_status\":5}"));
        QCOMPARE(readFile(bare + QStringLiteral("/out")), QByteArray("ran\n"));
        QVERIFY(!QFileInfo::exists(bare + QStringLiteral("/nodes")));
    }

    // Started by hand, as a rank wrapper on another node starts it: it samples while the given process lives,
    // stops by itself when that process ends, and a second sampler of the same node steps aside.
    void aSamplerStartedByHandFollowsItsProcess()
    {
        const QString dir = m_root.filePath(QStringLiteral("by-hand"));
        QVERIFY(QDir().mkpath(dir));
        QProcess program;
        program.start(QStringLiteral("/bin/sleep"), {QStringLiteral("600")});
        QVERIFY(program.waitForStarted());
        const QStringList args{sourceDir() + QStringLiteral("/resources/job/trainyard_sample.py"),
                               QStringLiteral("--record-dir"),
                               dir,
                               QStringLiteral("--pid"),
                               QString::number(program.processId()),
                               QStringLiteral("--node"),
                               QStringLiteral("rank-node"),
                               QStringLiteral("--seconds"),
                               QStringLiteral("0.3")};
        QProcess sampler;
        sampler.start(systemPython(), args);
        QVERIFY(sampler.waitForStarted());
        const QString samples = dir + QStringLiteral("/nodes/rank-node.jsonl");
        QTRY_VERIFY_WITH_TIMEOUT(readFile(samples).count('\n') >= 1, 30000);
        QProcess second;
        second.start(systemPython(), args);
        QVERIFY(second.waitForFinished(30000));
        QCOMPARE(second.exitCode(), 0);
        QCOMPARE(sampler.state(), QProcess::Running);
        program.kill();
        QVERIFY(program.waitForFinished(10000));
        QVERIFY2(sampler.waitForFinished(10000), "the sampler outlived its process");
        QCOMPARE(sampler.exitCode(), 0);
        QCOMPARE(sampler.readAllStandardError(), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TestSystemMetrics)
#include "TestSystemMetrics.moc"
