// bench_metrics_json: `trainyard-cli metrics RUN --json` of a run with 5 series × 1M points, to /dev/null,
// against writing the same bytes (`cat` of the CLI's own output, saved once) in the same round.
// Targets: >= 5M points/s, peak RSS <= 50 MB, whatever the size.
//
// The run is a real one (a submit that waits for its end); its metric store is then filled through MetricStore,
// as a runner would. Each round times the CLI (wall, user+system CPU, peak RSS from wait4) and then the
// baseline; the figures are the medians over the rounds. The machine's load is printed before and after: on a
// shared machine the wall time follows the load, the CPU time much less.
//
// Usage: bench_metrics_json [--points N] [--series N] [--repeats N]
#include "BenchSupport.h"

#include "metrics/MetricStore.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <cmath>
#include <cstdio>
#include <vector>

#include <unistd.h>

namespace {

// The points a long training run logs: steps in order, values of every magnitude, wall-clock times.
bool fillStore(const QString& metricsDir, qint64 points, int series)
{
    MetricStore store(metricsDir);
    QString error;
    const char* names[] = {"loss", "accuracy", "lr", "grad_norm", "val/loss", "val/accuracy", "throughput", "epoch"};
    for (int s = 0; s < series; ++s) {
        const QString name = QString::fromLatin1(names[s % 8]) + (s >= 8 ? QString::number(s) : QString());
        for (qint64 i = 0; i < points; ++i) {
            const double value = std::exp(-double(i) / double(points)) * (1.0 + 0.01 * double(i % 97)) * std::pow(10.0, s - 2);
            if (!store.append(name, i, value, 1.7e9 + double(i) * 0.0173, &error)) {
                std::fprintf(stderr, "%s\n", qPrintable(error));
                return false;
            }
        }
    }
    if (!store.flush(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    qint64 points = 1000000;
    int series = 5;
    int repeats = 5;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--points") && i + 1 < args.size())
            points = args.at(++i).toLongLong();
        else if (args.at(i) == QLatin1String("--series") && i + 1 < args.size())
            series = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--repeats") && i + 1 < args.size())
            repeats = args.at(++i).toInt();
        else {
            std::fprintf(stderr, "usage: bench_metrics_json [--points N] [--series N] [--repeats N]\n");
            return 2;
        }
    }
    std::printf("load before: %s (%d cores)\n", qPrintable(BenchSupport::loadAverage()), int(sysconf(_SC_NPROCESSORS_ONLN)));

    QTemporaryDir dir;
    const QString ws = dir.path() + QStringLiteral("/ws");
    const QString cli = QStringLiteral(TRAINYARD_BIN_DIR "/trainyard-cli");
    const QString runId = BenchSupport::submitScript(ws, dir.path(), "print('done')\n", QByteArray(), true);
    if (runId.isEmpty())
        return 1;
    QString error;
    const auto workspace = Workspace::open(ws, &error);
    if (!workspace || !fillStore(workspace->runDir(runId) + QStringLiteral("/metrics"), points, series)) {
        std::fprintf(stderr, "cannot fill the metric store: %s\n", qPrintable(error));
        return 1;
    }
    const qint64 total = points * series;
    const QStringList command{cli, QStringLiteral("--workspace"), ws, QStringLiteral("metrics"), runId, QStringLiteral("--json")};
    const QString saved = dir.path() + QStringLiteral("/metrics.json");
    if (!BenchSupport::runToFile(command, saved).ok) { // also warms the page cache for both sides
        std::fprintf(stderr, "metrics --json failed\n");
        return 1;
    }
    const double megabytes = double(QFile(saved).size()) / (1 << 20);
    std::printf("%lld points in %d series, %.0f MiB of JSON\n", total, series, megabytes);

    std::vector<double> wall, cpu, rss, baseline, ratio, rate;
    for (int round = 0; round < repeats; ++round) {
        const BenchSupport::ChildUsage c = BenchSupport::runToFile(command, QStringLiteral("/dev/null"));
        const BenchSupport::ChildUsage b = BenchSupport::runToFile({QStringLiteral("/bin/cat"), saved}, QStringLiteral("/dev/null"));
        if (!c.ok || !b.ok) {
            std::printf("!!! round %d failed\n", round + 1);
            return 1;
        }
        wall.push_back(c.wallSeconds);
        cpu.push_back(c.cpuSeconds);
        rss.push_back(c.peakRssMb);
        baseline.push_back(b.wallSeconds);
        ratio.push_back(c.wallSeconds / b.wallSeconds);
        rate.push_back(double(total) / c.wallSeconds);
        std::printf("round %d: cli %.3f s (cpu %.3f s, %.1f M points/s, peak RSS %.1f MB) | cat %.3f s | %.1fx\n", round + 1,
                    c.wallSeconds, c.cpuSeconds, double(total) / c.wallSeconds / 1e6, c.peakRssMb, b.wallSeconds,
                    c.wallSeconds / b.wallSeconds);
    }
    using BenchSupport::median;
    std::printf("median of %d rounds: cli %.3f s = %.1f M points/s (%.1f M points per CPU second), peak RSS %.1f MB; "
                "cat of the same bytes %.3f s; ratio %.1fx\n",
                repeats, median(wall), median(rate) / 1e6, double(total) / median(cpu) / 1e6, median(rss), median(baseline),
                median(ratio));
    const bool fastEnough = median(rate) >= 5e6, smallEnough = median(rss) <= 50;
    std::printf("metrics_json_rate: %.1f M points/s target >= 5%s\n", median(rate) / 1e6, fastEnough ? "" : "  MISSED");
    std::printf("metrics_json_peak_rss: %.1f MB target <= 50 MB%s\n", median(rss), smallEnough ? "" : "  MISSED");
    std::printf("load after: %s\n", qPrintable(BenchSupport::loadAverage()));
    return fastEnough && smallEnough ? 0 : 1;
}
