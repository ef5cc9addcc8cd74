// Metric ingest and chart-read throughput, each printed against a baseline measured in the same run:
//   ingest: parse 1,000,000 `name: value` stdout lines + MetricStore append + flush, vs fwrite of the same
//           points as raw binary;
//   read:   MetricReader::downsampled(2000) of the 1M-point series, vs a plain linear scan summing values.
#include "BenchSupport.h"
#include "metrics/MetricReader.h"
#include "metrics/MetricStore.h"
#include "metrics/StdoutMetricParser.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using BenchSupport::median;

namespace {

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::printf("bench_metrics: start; %s\n", qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    constexpr int kPoints = 1000000;
    QTemporaryDir dir;

    // One metric per step, as a training loop prints it: "step: N" then "loss: value".
    QByteArray log;
    log.reserve(kPoints * 32);
    for (int i = 0; i < kPoints; ++i) {
        log += "step: " + QByteArray::number(i) + "\nloss: " + QByteArray::number(1.0 / (1 + i % 1000), 'g', 9)
            + "\n";
    }

    // Baseline: the same points written raw with fwrite.
    double baselineSeconds = 0;
    {
        const QByteArray path = dir.filePath(QStringLiteral("baseline.bin")).toLocal8Bit();
        QElapsedTimer t;
        t.start();
        FILE* f = std::fopen(path.constData(), "wb");
        for (int i = 0; i < kPoints; ++i) {
            const struct { qint64 step; double value; double time; } rec{i, 1.0 / (1 + i % 1000), 1.7e9 + i};
            std::fwrite(&rec, sizeof rec, 1, f);
        }
        std::fclose(f);
        baselineSeconds = t.nsecsElapsed() / 1e9;
    }

    const QString metricsDir = dir.filePath(QStringLiteral("metrics"));
    double ingestSeconds = 0;
    qint64 ingested = 0;
    {
        QElapsedTimer t;
        t.start();
        MetricStore store(metricsDir);
        const double now = QDateTime::currentMSecsSinceEpoch() / 1000.0;
        StdoutMetricParser parser([&](const QString& name, std::optional<qint64> step, double value) {
            store.append(name, step, value, now);
            ++ingested;
        });
        constexpr qsizetype kChunk = 64 * 1024; // the supervisor reads the log in pipe-sized chunks
        for (qsizetype at = 0; at < log.size(); at += kChunk)
            parser.feed(log.constData() + at, std::min(kChunk, log.size() - at));
        parser.finish();
        store.flush();
        ingestSeconds = t.nsecsElapsed() / 1e9;
    }
    const double pointsPerSecond = ingested / ingestSeconds;
    std::printf("metric_ingest: %.2fM points/s (%.1fx the fwrite baseline time; baseline %.1f ms, ingest %.1f ms, "
                "%.0f MB/s of stdout) target >= 500k points/s\n",
                pointsPerSecond / 1e6, ingestSeconds / baselineSeconds, baselineSeconds * 1e3, ingestSeconds * 1e3,
                log.size() / ingestSeconds / 1e6);

    MetricReader reader(metricsDir);
    const QString name = QStringLiteral("loss");
    if (reader.count(name) != kPoints) {
        std::printf("metric_read: expected %d points, found %lld\n", kPoints, reader.count(name));
        return 1;
    }
    std::vector<double> scanTimes, downsampleTimes;
    double sink = 0;
    for (int run = 0; run < 9; ++run) {
        QElapsedTimer t;
        t.start();
        const QVector<MetricPoint> all = reader.points(name);
        double sum = 0;
        for (const MetricPoint& p : all)
            sum += p.value;
        sink += sum;
        scanTimes.push_back(t.nsecsElapsed() / 1e6);

        t.restart();
        const QVector<MetricPoint> ds = reader.downsampled(name, 2000);
        downsampleTimes.push_back(t.nsecsElapsed() / 1e6);
        sink += ds.size();
    }
    const double ds = median(downsampleTimes);
    const double scan = median(scanTimes);
    std::printf("metric_downsample: %.2f ms for 2000 buckets over 1M points (%.2fx the linear-scan baseline of "
                "%.2f ms) target <= 20 ms\n",
                ds, ds / scan, scan);
    return sink == 42 ? 2 : 0; // keeps the sums from being optimised away
}
