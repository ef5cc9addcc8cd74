// bench_follow: `trainyard-cli logs RUN --follow` against the standard tools on the same file.
//  1. Latency: while a real run is Running (its script waits on a gate), lines are appended to its
//     system/stdout.log one at a time; the time from the write to the line arriving on the follower's stdout
//     (a pipe) is measured for the CLI and, in the same round, for `tail -F`. Target: median <= 5 ms.
//  2. Throughput: the run then ends with a 1 GiB log; `logs RUN --follow > /dev/null` is timed against
//     `cat LOG > /dev/null` in the same round. Target: <= 1.5x cat.
// Medians over the rounds, each round paired with its own baseline; the machine's load is printed before and
// after (a shared, loaded machine moves the throughput figures much more than the latency ones).
//
// Usage: bench_follow [--repeats N] [--lines N] [--size-mib N]
#include "BenchSupport.h"

#include "run/RunStatus.h"
#include "run/RunStore.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

struct Spawned
{
    pid_t pid = -1;
    int stdoutFd = -1; // read end of the child's stdout
};

Spawned spawn(const QStringList& arguments)
{
    Spawned s;
    s.pid = BenchSupport::spawnWithStdoutPipe(arguments, &s.stdoutFd);
    return s;
}

void stop(Spawned& s)
{
    if (s.pid > 0) {
        ::kill(s.pid, SIGTERM);
        ::waitpid(s.pid, nullptr, 0);
    }
    if (s.stdoutFd >= 0)
        ::close(s.stdoutFd);
    s = {};
}

// Reads from fd into `seen` until it contains `text` or timeoutMs passes.
bool readUntil(int fd, QByteArray& seen, const QByteArray& text, int timeoutMs)
{
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    char buffer[65536];
    while (!seen.contains(text)) {
        const int left = int(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
        if (left <= 0)
            return false;
        struct pollfd p = {fd, POLLIN, 0};
        if (::poll(&p, 1, left) <= 0)
            continue;
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0)
            return false;
        seen.append(buffer, n);
    }
    return true;
}

bool appendLine(const QString& path, const QByteArray& line)
{
    const int fd = ::open(path.toLocal8Bit().constData(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, line.constData(), size_t(line.size())) == line.size();
    ::close(fd);
    return ok;
}

// Median latency in ms of `lines` lines written to `log` and read back from the follower's pipe.
double followLatency(const QStringList& follower, const QString& log, int lines, const char* tag)
{
    Spawned s = spawn(follower);
    if (s.pid <= 0)
        return -1;
    // Both followers are ready when a marker written now comes out (tail -F opens the file at its end, so a
    // marker written before it watched is lost: write it again until one is seen).
    QByteArray seen;
    bool ready = false;
    for (int attempt = 0; attempt < 100 && !ready; ++attempt) {
        const QByteArray marker = QByteArray("ready ") + tag + ' ' + QByteArray::number(attempt) + '\n';
        appendLine(log, marker);
        ready = readUntil(s.stdoutFd, seen, marker, 100);
    }
    std::vector<double> samples;
    for (int i = 0; i < lines && ready; ++i) {
        QThread::usleep(2000); // the follower is idle again before each line: every line is a fresh wake-up
        const QByteArray line = QByteArray(tag) + " line " + QByteArray::number(i) + " of the latency bench\n";
        seen.clear();
        const auto written = Clock::now();
        if (!appendLine(log, line) || !readUntil(s.stdoutFd, seen, line, 5000)) {
            ready = false;
            break;
        }
        samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - written).count());
    }
    stop(s);
    return ready ? BenchSupport::median(samples) : -1;
}

std::optional<RunStatus> statusOf(const Workspace& workspace, const QString& runId)
{
    const auto run = RunStore(workspace).find(runId);
    return run ? std::optional<RunStatus>(run->status) : std::nullopt;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int repeats = 5;
    int lines = 200;
    qint64 sizeMib = 1024;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--repeats") && i + 1 < args.size())
            repeats = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--lines") && i + 1 < args.size())
            lines = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--size-mib") && i + 1 < args.size())
            sizeMib = args.at(++i).toLongLong();
        else {
            std::fprintf(stderr, "usage: bench_follow [--repeats N] [--lines N] [--size-mib N]\n");
            return 2;
        }
    }
    std::printf("load before: %s (%d cores)\n", qPrintable(BenchSupport::loadAverage()), int(sysconf(_SC_NPROCESSORS_ONLN)));

    QTemporaryDir dir;
    const QString ws = dir.path() + QStringLiteral("/ws");
    const QString gate = dir.path() + QStringLiteral("/gate");
    const QString cli = QStringLiteral(TRAINYARD_BIN_DIR "/trainyard-cli");
    const QString runId = BenchSupport::submitScript(
        ws, dir.path(),
        "import os, time\nprint('started', flush=True)\nwhile not os.path.exists(os.environ['GATE']):\n    time.sleep(0.05)\n",
        "environment_variables: {GATE: \"" + gate.toUtf8() + "\"}\n", false);
    if (runId.isEmpty())
        return 1;
    QString error;
    const auto workspace = Workspace::open(ws, &error);
    if (!workspace)
        return 1;
    const QString log = workspace->runDir(runId) + QStringLiteral("/system/stdout.log");
    for (int i = 0; i < 600 && statusOf(*workspace, runId) != RunStatus::Running; ++i)
        QThread::msleep(100);
    if (statusOf(*workspace, runId) != RunStatus::Running) {
        std::fprintf(stderr, "the run did not start\n");
        return 1;
    }

    std::printf("1. latency, a line appended to a running run's log until it is on the follower's stdout "
                "(median of %d lines per round)\n", lines);
    const QStringList ours{cli, QStringLiteral("--workspace"), ws, QStringLiteral("logs"), runId, QStringLiteral("--follow")};
    const QStringList tail{QStringLiteral("/usr/bin/tail"), QStringLiteral("-n"), QStringLiteral("0"), QStringLiteral("-F"), log};
    std::vector<double> oursMs, tailMs;
    for (int round = 0; round < repeats; ++round) {
        const double a = followLatency(ours, log, lines, "trainyard");
        const double b = followLatency(tail, log, lines, "tail");
        if (a < 0 || b < 0) {
            std::printf("!!! latency round %d failed\n", round + 1);
            return 1;
        }
        oursMs.push_back(a);
        tailMs.push_back(b);
        std::printf("  round %d: logs --follow %.3f ms | tail -F %.3f ms\n", round + 1, a, b);
    }
    const double latency = BenchSupport::median(oursMs);
    std::printf("follow_latency: %.3f ms (tail -F %.3f ms) target <= 5 ms%s\n", latency,
                BenchSupport::median(tailMs), latency <= 5 ? "" : "  MISSED");

    // End the run, then make its log 1 GiB (written here, in 1 MiB blocks of log-like lines).
    QFile(gate).open(QIODevice::WriteOnly);
    for (int i = 0; i < 600 && !isTerminal(statusOf(*workspace, runId).value_or(RunStatus::Running)); ++i)
        QThread::msleep(100);
    {
        QFile f(log);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
            return 1;
        QByteArray block;
        for (int i = 0; block.size() < (1 << 20); ++i)
            block += "epoch 3 step " + QByteArray::number(i) + " | loss 0.4321 | lr 1.0e-03 | 1234.5 samples/s\n";
        block.truncate(1 << 20);
        for (qint64 i = 0; i < sizeMib; ++i)
            if (f.write(block) != block.size())
                return 1;
    }
    std::printf("2. throughput, following an ended run's %lld MiB log to /dev/null\n", sizeMib);
    BenchSupport::runToFile({QStringLiteral("/bin/cat"), log}, QStringLiteral("/dev/null")); // into the page cache
    std::vector<double> oursS, catS, ratios;
    for (int round = 0; round < repeats; ++round) {
        const BenchSupport::ChildUsage follow = BenchSupport::runToFile(ours, QStringLiteral("/dev/null"));
        const BenchSupport::ChildUsage cat = BenchSupport::runToFile({QStringLiteral("/bin/cat"), log}, QStringLiteral("/dev/null"));
        const double a = follow.wallSeconds, b = cat.wallSeconds;
        if (!follow.ok || !cat.ok) {
            std::printf("!!! throughput round %d failed\n", round + 1);
            return 1;
        }
        oursS.push_back(a);
        catS.push_back(b);
        ratios.push_back(a / b);
        std::printf("  round %d: logs --follow %.3f s | cat %.3f s | %.2fx\n", round + 1, a, b, a / b);
    }
    const double ratio = BenchSupport::median(ratios);
    std::printf("follow_%lldMiB: %.2fx (logs --follow %.3f s, cat %.3f s) target <= 1.5x%s\n", sizeMib, ratio,
                BenchSupport::median(oursS), BenchSupport::median(catS), ratio <= 1.5 ? "" : "  MISSED");
    std::printf("load after: %s\n", qPrintable(BenchSupport::loadAverage()));
    return latency <= 5 && ratio <= 1.5 ? 0 : 1;
}
