// bench_slurm: the Slurm target against the real two-node test cluster (tests/support/SlurmCluster).
//  1. Submit → Running of a trivial job on the idle cluster: `trainyard-cli submit` until the run's
//  started_at
//     (the runner's transition to Running), against a bare `sbatch --wrap` polled with squeue every 0.2 s
//     until it says RUNNING. Both are submitted at the same moment in each round: Slurm starts batch jobs on
//     its scheduler's ticks (seconds apart), and two jobs submitted apart would measure the tick's phase, not
//     the submit paths. The median of the per-round ratios. Target <= 1.3.
//  2. Controller calls per minute while 50 runs are live on one target (4 running on the cluster's 4 CPUs, 46
//     pending): squeue, scontrol and sacct on PATH are wrappers that log each call and exec the real program;
//     counted over a 60 s window after the runs settled. Target <= 6, against a poller per run at 1 s
//     (50 x 60 = 3000).
//  3. CPU of the supervisors over that window (utime + stime of every trainyard-runner from /proc, and the
//     children they reaped), as CPU seconds per live run-hour.
//
// Usage: bench_slurm [--repeats N] [--runs N]   (about 5 minutes; needs root)
#include "BenchSupport.h"
#include "SlurmCluster.h"
#include "TestSupport.h"

#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QThread>

#include <cstdio>
#include <unistd.h>

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void say(const QString& line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

QString squeueState(const SlurmCluster& cluster, const QString& jobId)
{
    const auto r =
        cluster.run(QStringLiteral("squeue"), {QStringLiteral("--noheader"), QStringLiteral("--format=%T"),
                                               QStringLiteral("--jobs=") + jobId});
    return QString::fromUtf8(r.out).trimmed();
}

qint64 startedAt(const QString& workspace, const QString& id)
{
    const QString connection = QStringLiteral("bench-slurm");
    QSqlDatabase db = QSqlDatabase::contains(connection)
                          ? QSqlDatabase::database(connection)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    if (!db.isOpen()) {
        db.setDatabaseName(workspace + QStringLiteral("/workspace.db"));
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
        db.open();
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT started_at FROM runs WHERE id = ?"));
    q.addBindValue(id);
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

QStringList liveRunners(const QString& workspace)
{
    QStringList pids;
    for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        if (pid.toLongLong() <= 0)
            continue;
        if (QFileInfo(QStringLiteral("/proc/%1/exe").arg(pid))
                .symLinkTarget()
                .endsWith(QLatin1String("/trainyard-runner")))
            pids << pid;
    }
    return pids;
}

// utime + stime + cutime + cstime of a process, in seconds.
double cpuSeconds(const QString& pid)
{
    const QByteArray stat = TestSupport::readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const int close = stat.lastIndexOf(')');
    if (close < 0)
        return 0;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    if (fields.size() < 15)
        return 0;
    const double ticks = double(::sysconf(_SC_CLK_TCK));
    return (fields.at(11).toDouble() + fields.at(12).toDouble() + fields.at(13).toDouble() +
            fields.at(14).toDouble()) /
           ticks;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    BenchSupport::Options options;
    options.repeats = 5;
    options.runCount = 50;
    if (!BenchSupport::parseOptions(app.arguments(), &options, false,
                                    "usage: bench_slurm [--repeats N] [--runs N]\n"))
        return 2;
    say(QStringLiteral("machine: %1").arg(BenchSupport::machineLoad()));
    QString error;
    const auto cluster = SlurmCluster::start(SlurmClusterOptions{}, &error);
    if (!cluster) {
        std::fprintf(stderr, "cannot start the test cluster: %s\n", qPrintable(error));
        return 1;
    }
    const QString root = cluster->sharedDir() + QStringLiteral("/bench");
    const QString workspace = root + QStringLiteral("/ws");
    QDir().mkpath(root);

    // squeue, scontrol, sacct and scancel log every call, then are the real ones.
    const QString bin = root + QStringLiteral("/bin");
    const QString log = root + QStringLiteral("/controller-calls.log");
    QDir().mkpath(bin);
    for (const char* program : {"squeue", "scontrol", "sacct", "sbatch", "scancel"}) {
        const QString path = bin + QLatin1Char('/') + QLatin1String(program);
        TestSupport::writeFile(path, QByteArray("#!/bin/sh\necho \"$(date +%s.%N) ") + program +
                                         " $*\" >> '" + log.toUtf8() + "'\nexec /usr/bin/" + program +
                                         " \"$@\"\n");
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"), bin + QLatin1Char(':') + env.value(QStringLiteral("PATH")));

    const auto cli = [&](const QStringList& args) {
        return TestSupport::runCli(workspace, args, 120000, env);
    };
    if (cli({QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("slurm"),
             QStringLiteral("cluster"), QStringLiteral("--partition"), cluster->partition(),
             QStringLiteral("--slurm-conf"), cluster->slurmConf(), QStringLiteral("--python"),
             TestSupport::systemPython(), QStringLiteral("--max-concurrent-runs"),
             QString::number(options.runCount + 10), QStringLiteral("--cancel-grace-seconds"),
             QStringLiteral("2")})
            .exitCode != 0) {
        std::fprintf(stderr, "targets add failed\n");
        return 1;
    }
    const QString trivial = TestSupport::makeProject(
        root + QStringLiteral("/trivial"), {{QStringLiteral("job.py"), "import time\ntime.sleep(3)\n"}},
        "entry_script: job.py\ncompute_target: cluster\n");
    const QString sleeper = TestSupport::makeProject(
        root + QStringLiteral("/sleeper"), {{QStringLiteral("job.py"), "import time\ntime.sleep(900)\n"}},
        "entry_script: job.py\ncompute_target: cluster\n");

    // 1. Submit → Running, both submitted together.
    BenchSupport::PairedRounds rounds;
    for (int round = 0; round < options.repeats; ++round) {
        QProcess submit;
        submit.setProcessEnvironment(env);
        const qint64 t0 = nowMs();
        submit.start(TestSupport::binDir() + QStringLiteral("/trainyard-cli"),
                     {QStringLiteral("--workspace"), workspace, QStringLiteral("submit"), trivial});
        const auto sbatched =
            cluster->run(QStringLiteral("sbatch"),
                         {QStringLiteral("--parsable"), QStringLiteral("--wrap"), QStringLiteral("sleep 3")});
        const QString jobId = QString::fromUtf8(sbatched.out).trimmed();
        double bare = -1;
        qint64 nextSqueue = 0;
        QString id;
        qint64 started = 0;
        while ((bare < 0 || started == 0) && nowMs() - t0 < 60000) {
            if (bare < 0 && nowMs() >= nextSqueue) {
                nextSqueue = nowMs() + 200;
                const QString state = squeueState(*cluster, jobId);
                if (state == QLatin1String("RUNNING") || state == QLatin1String("COMPLETING") ||
                    state == QLatin1String("COMPLETED"))
                    bare = double(nowMs() - t0);
            }
            // No event loop here: QProcess notices its child's end inside its waitFor calls.
            if (id.isEmpty() && submit.state() != QProcess::NotRunning)
                submit.waitForFinished(10);
            if (id.isEmpty() && submit.state() == QProcess::NotRunning)
                id = QString::fromUtf8(submit.readAllStandardOutput()).trimmed();
            if (!id.isEmpty() && started == 0)
                started = startedAt(workspace, id);
            QThread::msleep(10);
        }
        if (bare < 0 || started == 0) {
            std::fprintf(stderr, "round %d failed (bare %.0f ms, run %s)\n", round, bare, qPrintable(id));
            return 1;
        }
        rounds.add(bare, double(started - t0));
        // Both jobs end before the next round starts on an idle cluster.
        while (!TestSupport::runCli(workspace, {QStringLiteral("show"), id, QStringLiteral("--json")}, 60000,
                                    env)
                    .json()
                    .object()
                    .value(QStringLiteral("ended_at"))
                    .isString() &&
               nowMs() - t0 < 60000)
            QThread::msleep(200);
        QThread::msleep(1500);
    }
    bool missed = false;
    const bool submitMissed = rounds.medianRatio() > 1.3;
    missed = missed || submitMissed;
    say(QStringLiteral(
            "submit_to_running: %1x (trainyard-cli submit median %2 ms, bare sbatch + squeue every 0.2 s "
            "median %3 ms; %4) target <= 1.3x%5")
            .arg(rounds.medianRatio(), 0, 'f', 2)
            .arg(rounds.medianSubject(), 0, 'f', 0)
            .arg(rounds.medianBaseline(), 0, 'f', 0)
            .arg(rounds.ratios())
            .arg(submitMissed ? QStringLiteral("  MISSED") : QString()));

    // 2 and 3. Controller calls and supervisor CPU with N live runs.
    QStringList ids;
    for (int i = 0; i < options.runCount; ++i)
        ids << QString::fromUtf8(cli({QStringLiteral("submit"), sleeper}).out).trimmed();
    const qint64 settleUntil = nowMs() + 30000;
    while (nowMs() < settleUntil)
        QThread::msleep(500);
    const int runners = int(liveRunners(workspace).size());
    QFile::remove(log);
    QHash<QString, double> cpuBefore;
    for (const QString& pid : liveRunners(workspace))
        cpuBefore.insert(pid, cpuSeconds(pid));
    QElapsedTimer window;
    window.start();
    while (window.elapsed() < 60000)
        QThread::msleep(500);
    const double minutes = double(window.elapsed()) / 60000.0;
    double cpu = 0;
    for (const QString& pid : liveRunners(workspace))
        cpu += cpuSeconds(pid) - cpuBefore.value(pid, cpuSeconds(pid));
    QHash<QString, int> calls;
    for (const QByteArray& line : TestSupport::readFile(log).split('\n'))
        if (!line.isEmpty())
            ++calls[QString::fromUtf8(line.split(' ').value(1))];
    const int queries = calls.value(QStringLiteral("squeue")) + calls.value(QStringLiteral("scontrol")) +
                        calls.value(QStringLiteral("sacct"));
    const double perMinute = double(queries) / minutes;
    const bool callsMissed = perMinute > 6;
    missed = missed || callsMissed;
    say(QStringLiteral(
            "controller_calls_per_minute: %3 with %1 live runs (%2 runners; squeue %4, scontrol %5, sacct "
            "%6, sbatch %7, scancel %8 in %9 min; a poller per run at 1 s: %10) target <= 6%11")
            .arg(options.runCount)
            .arg(runners)
            .arg(perMinute, 0, 'f', 1)
            .arg(calls.value(QStringLiteral("squeue")))
            .arg(calls.value(QStringLiteral("scontrol")))
            .arg(calls.value(QStringLiteral("sacct")))
            .arg(calls.value(QStringLiteral("sbatch")))
            .arg(calls.value(QStringLiteral("scancel")))
            .arg(minutes, 0, 'f', 2)
            .arg(options.runCount * 60)
            .arg(callsMissed ? QStringLiteral("  MISSED") : QString()));
    say(QStringLiteral("supervisor CPU: %1 s over %2 min for %3 runners = %4 CPU s per live run-hour")
            .arg(cpu, 0, 'f', 2)
            .arg(minutes, 0, 'f', 2)
            .arg(runners)
            .arg(runners > 0 ? cpu / minutes * 60.0 / runners : 0.0, 0, 'f', 1));
    for (const QString& id : ids)
        cli({QStringLiteral("cancel"), id});
    const qint64 cancelDeadline = nowMs() + 120000;
    while (!liveRunners(workspace).isEmpty() && nowMs() < cancelDeadline)
        QThread::msleep(500);
    say(QStringLiteral("machine: %1").arg(BenchSupport::machineLoad()));
    return missed ? 1 : 0;
}
