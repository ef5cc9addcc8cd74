// bench_ssh_live: a live remote run as the user follows it, against a local run beside it, over a real sshd on
// loopback (tests/support/SshTestServer), through trainyard-cli and the detached runners.
//  1. Log latency: a script prints "T <n> <wall-clock time>" every 100 ms; this program polls the local copy of
//     the run's system/stdout.log every 5 ms and takes, for each line, the time it appeared minus the time in
//     it (one machine, one clock). Each round runs one ssh run and one local run of the script at the same
//     time, watched by the same loop. Targets (ssh): median <= 0.5 s, p99 <= 1.5 s.
//  2. Supervisor CPU: 10 ssh runs and 10 local runs at the same time, each printing a line a second. Over a
//     steady window (every run already printing), the CPU time (utime + stime from /proc/PID/stat) of each
//     side's trainyard-runner processes, plus their reaped children (cutime + cstime) and their live ssh
//     processes (the watch streams and the target's master connection), per 10 s slice; reported as CPU
//     seconds per run-hour (slice CPU / slice length x 3600 / 10). The remote agents' CPU is printed beside
//     it (remote side: not the supervisor's).
//
// Usage: bench_ssh_live [--repeats N] [--lines N] [--slices N] [--keep]   (about 3 minutes; needs root)
#include "BenchSupport.h"
#include "SshTestServer.h"

#include "run/RunStatus.h"
#include "run/RunStore.h"
#include "targets/TargetConfig.h"
#include "targets/ssh/SshConnection.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const char kTickScript[] = R"PY(
import argparse, os, time
parser = argparse.ArgumentParser()
parser.add_argument("--interval", type=float, default=0.1)
parser.add_argument("--count", type=int, default=60)
parser.add_argument("--stop", default="")
options = parser.parse_args()
for i in range(options.count):
    if options.stop and os.path.exists(options.stop):
        break
    print("T %d %.6f" % (i, time.time()), flush=True)
    time.sleep(options.interval)
)PY";

double wallNow()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

// Follows one run's local stdout.log as a reader would, recording each "T" line's delay.
struct LogWatch
{
    QString path;
    qint64 offset = 0;
    QByteArray partial;
    std::vector<double> latencies;

    void poll()
    {
        struct stat st {};
        if (::stat(QFile::encodeName(path).constData(), &st) != 0 || st.st_size <= offset)
            return;
        const double seen = wallNow();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
            return;
        const QByteArray bytes = file.readAll();
        offset += bytes.size();
        partial += bytes;
        qsizetype newline;
        while ((newline = partial.indexOf('\n')) >= 0) {
            const QByteArray line = partial.left(newline);
            partial.remove(0, newline + 1);
            const QList<QByteArray> fields = line.split(' ');
            if (fields.size() == 3 && fields.at(0) == "T")
                latencies.push_back(seen - fields.at(2).toDouble());
        }
    }
};

QString submit(const QString& ws, const QString& estimator, const QString& target)
{
    const BenchSupport::ProcessResult submitted =
        BenchSupport::runTimed(QStringLiteral(TRAINYARD_BIN_DIR "/trainyard-cli"),
                               {QStringLiteral("--workspace"), ws, QStringLiteral("submit"), estimator,
                                QStringLiteral("--target"), target},
                               QStringLiteral("submit"));
    return submitted.ok ? QString::fromUtf8(submitted.standardOutput).trimmed() : QString();
}

bool waitTerminal(const Workspace& workspace, const QStringList& runIds, int timeoutMs)
{
    RunStore runs(workspace);
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        bool all = true;
        for (const QString& id : runIds) {
            const auto run = runs.find(id);
            if (!run || !isTerminal(run->status))
                all = false;
            else if (run->status != RunStatus::Completed) {
                std::fprintf(stderr, "!!! run %s ended %s: %s\n", qPrintable(id), qPrintable(runStatusName(run->status)),
                             qPrintable(run->error));
                return false;
            }
        }
        if (all)
            return true;
        QThread::msleep(100);
    }
    std::fprintf(stderr, "!!! runs did not end in time\n");
    return false;
}

// ---------------------------------------------------------------------------------------------- processes

struct ProcessInfo
{
    qint64 pid = 0;
    qint64 parent = 0;
    QByteArray comm;
    QList<QByteArray> argv;
    qint64 ownTicks = 0;      // utime + stime
    qint64 childrenTicks = 0; // cutime + cstime: children it reaped
};

QHash<qint64, ProcessInfo> processTable()
{
    QHash<qint64, ProcessInfo> table;
    const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!stat.open(QIODevice::ReadOnly) || !cmdline.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const qsizetype open = text.indexOf('('), close = text.lastIndexOf(')');
        if (open < 0 || close < 0)
            continue;
        const QList<QByteArray> fields = text.mid(close + 2).split(' ');
        if (fields.size() < 15)
            continue;
        ProcessInfo p;
        p.pid = pid;
        p.comm = text.mid(open + 1, close - open - 1);
        p.parent = fields.at(1).toLongLong();
        // Fields 14-17 of stat(5), counted from the state (field 3) here.
        p.ownTicks = fields.at(11).toLongLong() + fields.at(12).toLongLong();
        p.childrenTicks = fields.at(13).toLongLong() + fields.at(14).toLongLong();
        p.argv = cmdline.readAll().split('\0');
        table.insert(pid, p);
    }
    return table;
}

bool descendsFrom(const QHash<qint64, ProcessInfo>& table, qint64 pid, const QSet<qint64>& ancestors)
{
    for (int depth = 0; depth < 64 && pid > 1; ++depth) {
        if (ancestors.contains(pid))
            return true;
        pid = table.value(pid).parent;
    }
    return false;
}

// The local supervisor of `runIds`: their runners, and the ssh processes below them or serving the master
// connection at `controlPath`; ticks of each, by pid (runners with their reaped children).
struct SupervisorSample
{
    QHash<qint64, qint64> ticks;
    int runners = 0;
    int sshProcesses = 0;
    qint64 remoteAgentTicks = 0; // the remote agents' `watch` of these runs (the other machine, on loopback)
};

SupervisorSample sampleSupervisor(const QStringList& runIds, const QString& controlPath)
{
    const QHash<qint64, ProcessInfo> table = processTable();
    SupervisorSample sample;
    QSet<qint64> runners;
    for (const ProcessInfo& p : table) {
        if (p.argv.isEmpty() || !p.argv.first().endsWith("trainyard-runner"))
            continue;
        for (const QString& id : runIds)
            if (p.argv.contains(id.toUtf8())) {
                runners.insert(p.pid);
                sample.ticks.insert(p.pid, p.ownTicks + p.childrenTicks);
                ++sample.runners;
            }
    }
    const QByteArray controlOption = "ControlPath=\"" + controlPath.toUtf8() + '"';
    for (const ProcessInfo& p : table) {
        if (p.comm == "ssh" && (descendsFrom(table, p.parent, runners) || (!controlPath.isEmpty() && p.argv.contains(controlOption)))) {
            sample.ticks.insert(p.pid, p.ownTicks);
            ++sample.sshProcesses;
        }
        if (p.comm.startsWith("python") && p.argv.size() > 3 && p.argv.at(1).contains("trainyard_remote")
            && p.argv.at(2) == "watch")
            for (const QString& id : runIds)
                if (p.argv.at(3).endsWith(QByteArray(QByteArray("/") + id.toUtf8())))
                    sample.remoteAgentTicks += p.ownTicks;
    }
    return sample;
}

// CPU seconds between two samples, counting only processes seen in both (a process started in between
// counts from zero, one that ended is in its runner's children time).
double cpuSecondsBetween(const SupervisorSample& a, const SupervisorSample& b)
{
    qint64 ticks = 0;
    for (auto it = b.ticks.cbegin(); it != b.ticks.cend(); ++it)
        ticks += it.value() - a.ticks.value(it.key(), 0);
    return double(ticks) / double(::sysconf(_SC_CLK_TCK));
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // Detached runners and the master connection are orphaned into this process rather than into init.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    int repeats = 5, lines = 60, slices = 6;
    bool keep = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--repeats") && i + 1 < args.size())
            repeats = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--lines") && i + 1 < args.size())
            lines = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--slices") && i + 1 < args.size())
            slices = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--keep"))
            keep = true;
        else {
            std::fprintf(stderr, "usage: bench_ssh_live [--repeats N] [--lines N] [--slices N] [--keep]\n");
            return 2;
        }
    }
    if (repeats < 1 || lines < 1 || slices < 1) {
        std::fprintf(stderr, "bench_ssh_live: --repeats, --lines and --slices must be positive\n");
        return 2;
    }
    constexpr int kRunsPerSide = 10;
    constexpr int kSliceSeconds = 10;

    QTemporaryDir scratchDir(QStringLiteral("/tmp/trainyard-bench-live-XXXXXX"));
    scratchDir.setAutoRemove(!keep);
    const QString scratch = scratchDir.path();
    QString error;
    const auto server = SshTestServer::start({}, &error);
    if (!server) {
        std::fprintf(stderr, "bench_ssh_live: cannot start sshd: %s\n", qPrintable(error));
        return 1;
    }
    const QString wsRoot = scratch + QStringLiteral("/ws");
    const QString cli = QStringLiteral(TRAINYARD_BIN_DIR "/trainyard-cli");
    if (!BenchSupport::addSshTarget(wsRoot, QStringLiteral("lab"), *server, server->workRoot() + QStringLiteral("/live"),
                                    {QStringLiteral("--max-concurrent-runs"), QString::number(kRunsPerSide)})
        || !BenchSupport::runTimed(cli, {QStringLiteral("--workspace"), wsRoot, QStringLiteral("targets"), QStringLiteral("set"),
                                         QStringLiteral("local"), QStringLiteral("--max-concurrent-runs"),
                                         QString::number(kRunsPerSide)},
                                   QStringLiteral("targets set local"))
                .ok)
        return 1;
    const auto workspace = Workspace::open(wsRoot, &error);
    if (!workspace) {
        std::fprintf(stderr, "bench_ssh_live: %s\n", qPrintable(error));
        return 1;
    }
    // The master connection's socket, as the runners compute it for this workspace and target.
    TargetConfig lab;
    lab.name = QStringLiteral("lab");
    lab.kind = QStringLiteral("ssh");
    lab.settings = QJsonObject{{QStringLiteral("host"), server->host()},
                               {QStringLiteral("port"), server->port()},
                               {QStringLiteral("user"), server->user()},
                               {QStringLiteral("identity_file"), server->clientKeyPath()}};
    const QString controlPath = SshConnection(lab, workspace->root()).controlPath();

    const QString project = scratch + QStringLiteral("/project");
    QDir().mkpath(project);
    const QString latencyEstimator = project + QStringLiteral("/latency.yml");
    const QString cpuEstimator = project + QStringLiteral("/cpu.yml");
    const QString stopFile = scratch + QStringLiteral("/stop"); // the remote is this machine: it sees the file
    if (!writeFile(project + QStringLiteral("/tick.py"), kTickScript)
        || !writeFile(latencyEstimator, QStringLiteral("experiment: bench-latency\nentry_script: tick.py\nscript_params:\n"
                                                       "  --interval: 0.1\n  --count: %1\n")
                                            .arg(lines)
                                            .toUtf8())
        || !writeFile(cpuEstimator, QStringLiteral("experiment: bench-cpu\nentry_script: tick.py\nscript_params:\n"
                                                   "  --interval: 1.0\n  --count: 3600\n  --stop: %1\n")
                                        .arg(stopFile)
                                        .toUtf8())) {
        std::fprintf(stderr, "bench_ssh_live: cannot write the project\n");
        return 1;
    }
    std::printf("bench_ssh_live: sshd %s:%d (loopback: remote and local share this machine's 2 cores); %s\n",
                qPrintable(server->host()), server->port(), qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    bool correct = true;

    // ------------------------------------------------------------------------------------------ latency
    std::printf("latency: %d rounds, each one ssh run and one local run side by side, %d lines 100 ms apart each, "
                "polled every 5 ms\n", repeats, lines);
    std::fflush(stdout);
    BenchSupport::PairedRounds medianVsLocal;
    std::vector<double> allSsh, allLocal;
    for (int round = 0; round < repeats; ++round) {
        const QString sshRun = submit(wsRoot, latencyEstimator, QStringLiteral("lab"));
        const QString localRun = submit(wsRoot, latencyEstimator, QStringLiteral("local"));
        if (sshRun.isEmpty() || localRun.isEmpty())
            return 1;
        LogWatch sshLog;
        sshLog.path = workspace->runDir(sshRun) + QStringLiteral("/system/stdout.log");
        LogWatch localLog;
        localLog.path = workspace->runDir(localRun) + QStringLiteral("/system/stdout.log");
        QElapsedTimer timer;
        timer.start();
        while ((int(sshLog.latencies.size()) < lines || int(localLog.latencies.size()) < lines) && timer.elapsed() < 120000) {
            sshLog.poll();
            localLog.poll();
            QThread::usleep(5000);
        }
        if (int(sshLog.latencies.size()) != lines || int(localLog.latencies.size()) != lines) {
            std::printf("  !!! round %d: %zu ssh lines, %zu local lines of %d\n", round + 1, sshLog.latencies.size(),
                        localLog.latencies.size(), lines);
            correct = false;
        }
        if (!waitTerminal(*workspace, {sshRun, localRun}, 120000))
            return 1;
        if (sshLog.latencies.empty() || localLog.latencies.empty())
            return 1;
        const double sshMedian = BenchSupport::median(sshLog.latencies);
        const double localMedian = BenchSupport::median(localLog.latencies);
        medianVsLocal.add(localMedian, sshMedian);
        allSsh.insert(allSsh.end(), sshLog.latencies.begin(), sshLog.latencies.end());
        allLocal.insert(allLocal.end(), localLog.latencies.begin(), localLog.latencies.end());
        std::printf("  round %d: ssh median %.1f ms, max %.1f ms; local median %.1f ms, max %.1f ms; load %s\n", round + 1,
                    sshMedian * 1000, *std::max_element(sshLog.latencies.begin(), sshLog.latencies.end()) * 1000,
                    localMedian * 1000, *std::max_element(localLog.latencies.begin(), localLog.latencies.end()) * 1000,
                    qPrintable(BenchSupport::loadAverage().section(QLatin1Char(' '), 0, 0)));
        std::fflush(stdout);
    }
    const double sshMedian = medianVsLocal.medianSubject();
    const double sshP99 = percentile(allSsh, 0.99);
    const bool latencyMet = sshMedian <= 0.5 && sshP99 <= 1.5;
    std::printf("ssh_log_latency: median %.1f ms (median of %d per-round medians), p99 %.1f ms over %zu lines; local "
                "target beside it: median %.1f ms, p99 %.1f ms; ssh/local %.1fx (%s) target median <= 500 ms, "
                "p99 <= 1500 ms%s\n",
                sshMedian * 1000, medianVsLocal.count(), sshP99 * 1000, allSsh.size(), medianVsLocal.medianBaseline() * 1000,
                percentile(allLocal, 0.99) * 1000, medianVsLocal.medianRatio(), qPrintable(medianVsLocal.ratios()),
                latencyMet ? "" : "  MISSED");
    std::fflush(stdout);

    // ------------------------------------------------------------------------------------------ CPU
    std::printf("supervisor CPU: %d ssh runs and %d local runs at the same time, a line a second each; %d slices of "
                "%d s once all print; %s\n",
                kRunsPerSide, kRunsPerSide, slices, kSliceSeconds, qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    QFile::remove(stopFile);
    QStringList sshRuns, localRuns;
    for (int i = 0; i < kRunsPerSide; ++i) {
        sshRuns << submit(wsRoot, cpuEstimator, QStringLiteral("lab"));
        localRuns << submit(wsRoot, cpuEstimator, QStringLiteral("local"));
        if (sshRuns.last().isEmpty() || localRuns.last().isEmpty())
            return 1;
    }
    // Steady once every run's log has its second line.
    QElapsedTimer steady;
    steady.start();
    for (;;) {
        int printing = 0;
        for (const QString& id : sshRuns + localRuns) {
            QFile log(workspace->runDir(id) + QStringLiteral("/system/stdout.log"));
            if (log.open(QIODevice::ReadOnly) && log.readAll().count('\n') >= 2)
                ++printing;
        }
        if (printing == 2 * kRunsPerSide)
            break;
        if (steady.elapsed() > 180000) {
            std::fprintf(stderr, "!!! only %d of %d runs printing after 3 minutes\n", printing, 2 * kRunsPerSide);
            return 1;
        }
        QThread::msleep(200);
    }
    std::printf("  all %d runs printing after %.1f s\n", 2 * kRunsPerSide, double(steady.elapsed()) / 1000.0);
    std::fflush(stdout);
    BenchSupport::PairedRounds cpuVsLocal;
    std::vector<double> agentRates;
    SupervisorSample sshStart = sampleSupervisor(sshRuns, controlPath);
    SupervisorSample localStart = sampleSupervisor(localRuns, QString());
    const SupervisorSample sshFirst = sshStart, localFirst = localStart;
    QElapsedTimer window;
    window.start();
    double sliceStart = 0;
    for (int slice = 0; slice < slices; ++slice) {
        QThread::msleep(kSliceSeconds * 1000);
        const SupervisorSample sshEnd = sampleSupervisor(sshRuns, controlPath);
        const SupervisorSample localEnd = sampleSupervisor(localRuns, QString());
        const double elapsed = double(window.nsecsElapsed()) / 1e9;
        const double seconds = elapsed - sliceStart;
        sliceStart = elapsed;
        const double perRunHour = 3600.0 / seconds / kRunsPerSide;
        const double ssh = cpuSecondsBetween(sshStart, sshEnd) * perRunHour;
        const double local = cpuSecondsBetween(localStart, localEnd) * perRunHour;
        const double agents = double(sshEnd.remoteAgentTicks - sshStart.remoteAgentTicks) / double(::sysconf(_SC_CLK_TCK)) * perRunHour;
        cpuVsLocal.add(local, ssh);
        agentRates.push_back(agents);
        std::printf("  slice %d (%.1f s): ssh %.1f CPU s/run-hour (%d runners, %d ssh processes), local %.1f CPU s/run-hour "
                    "(%d runners); remote agents %.1f CPU s/run-hour; load %s\n",
                    slice + 1, seconds, ssh, sshEnd.runners, sshEnd.sshProcesses, local, localEnd.runners, agents,
                    qPrintable(BenchSupport::loadAverage().section(QLatin1Char(' '), 0, 0)));
        std::fflush(stdout);
        if (sshEnd.runners != kRunsPerSide || localEnd.runners != kRunsPerSide) {
            std::printf("  !!! a runner is missing: %d ssh, %d local\n", sshEnd.runners, localEnd.runners);
            correct = false;
        }
        sshStart = sshEnd;
        localStart = localEnd;
    }
    const double windowSeconds = double(window.nsecsElapsed()) / 1e9;
    const double perRunHour = 3600.0 / windowSeconds / kRunsPerSide;
    const double sshWhole = cpuSecondsBetween(sshFirst, sshStart) * perRunHour;
    const double localWhole = cpuSecondsBetween(localFirst, localStart) * perRunHour;
    std::printf("ssh_supervisor_cpu: %.1f CPU s per run-hour median of %d slices (whole %.0f s window: %.1f), local "
                "runs beside them %.1f (whole window %.1f); ssh/local %.2fx (%s); remote agents (not the "
                "supervisor) %.1f CPU s per run-hour; extrapolated from %.0f s x %d runs a side\n",
                cpuVsLocal.medianSubject(), cpuVsLocal.count(), windowSeconds, sshWhole, cpuVsLocal.medianBaseline(),
                localWhole, cpuVsLocal.medianRatio(), qPrintable(cpuVsLocal.ratios()), BenchSupport::median(agentRates),
                windowSeconds, kRunsPerSide);
    std::fflush(stdout);
    writeFile(stopFile, "stop\n");
    if (!waitTerminal(*workspace, sshRuns + localRuns, 180000))
        correct = false;
    std::printf("bench_ssh_live: %s; %s\n", correct ? "done" : "!!! FAILED", qPrintable(BenchSupport::machineLoad()));
    return correct && latencyMet ? 0 : 1;
}
