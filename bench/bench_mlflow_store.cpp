// Reading a real MLflow's file store while a run runs (MlflowFileStoreReader), each figure against a baseline
// measured in the same round:
//   catch-up: 1,000,000 points in 200 metric files ("timestamp value step" lines), read from the start, vs
//             HelperMetricReader reading the same points as the helper's JSON lines;
//   idle:     one poll with nothing new over a store of 2,000 metric files (the runner does this once a second),
//             vs TensorBoardReader's poll of the same folder (which lists the same tree for event files).
#include "BenchSupport.h"
#include "metrics/HelperMetricReader.h"
#include "metrics/MlflowFileStoreReader.h"
#include "metrics/TensorBoardReader.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>

namespace {

bool write(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

// One run of experiment 0 with `files` metric files of `points` points each; the helper file of the same points.
bool makeStore(const QString& root, int files, int points, const QString& helperFile)
{
    const QString run = root + QStringLiteral("/0/6f1c2e4b9a7d4c3e8b1a2f3e4d5c6b7a");
    if (!write(run + QStringLiteral("/meta.yaml"),
               "run_id: 6f1c2e4b9a7d4c3e8b1a2f3e4d5c6b7a\nrun_name: bench\nstart_time: 1700000000000\n"))
        return false;
    QByteArray helper;
    for (int f = 0; f < files; ++f) {
        QByteArray lines;
        const QByteArray name = "layer" + QByteArray::number(f) + "/loss";
        for (int i = 0; i < points; ++i) {
            const QByteArray value = QByteArray::number(1.0 / (1 + i), 'g', 17);
            lines += "1700000000" + QByteArray::number(100 + i % 900) + ' ' + value + ' ' + QByteArray::number(i) + '\n';
            if (!helperFile.isEmpty())
                helper += "{\"type\":\"metric\",\"name\":\"" + name + "\",\"value\":" + value
                          + ",\"step\":" + QByteArray::number(i) + ",\"time\":1700000000.1}\n";
        }
        if (!write(run + QStringLiteral("/metrics/") + QString::fromUtf8(name), lines))
            return false;
    }
    return helperFile.isEmpty() || write(helperFile, helper);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    BenchSupport::Options options;
    options.repeats = 5;
    if (!BenchSupport::parseOptions(app.arguments(), &options, false, "usage: bench_mlflow_store [--repeats N]"))
        return 2;
    std::printf("bench_mlflow_store: start; %s\n", qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    QTemporaryDir dir;
    const QString big = dir.filePath(QStringLiteral("big/mlruns"));
    const QString helper = dir.filePath(QStringLiteral("helper-metrics.jsonl"));
    const QString wide = dir.filePath(QStringLiteral("wide/logs"));
    if (!makeStore(big, 200, 5000, helper) || !makeStore(wide + QStringLiteral("/mlruns"), 2000, 10, QString())) {
        std::fprintf(stderr, "cannot write the stores\n");
        return 1;
    }

    BenchSupport::PairedRounds catchUp;
    BenchSupport::PairedRounds idle;
    qint64 points = 0;
    for (int round = 0; round < options.repeats; ++round) {
        QElapsedTimer t;
        t.start();
        HelperMetricReader baseline(helper);
        qint64 baselinePoints = 0;
        do
            baselinePoints += baseline.poll().metrics.size();
        while (baseline.hasMore());
        const double baselineSeconds = t.nsecsElapsed() / 1e9;
        t.restart();
        MlflowFileStoreReader reader(big);
        points = 0;
        do
            points += reader.poll().metrics.size();
        while (reader.hasMore());
        catchUp.add(baselineSeconds, t.nsecsElapsed() / 1e9);
        if (points != baselinePoints || points != 1000000) {
            std::fprintf(stderr, "read %lld points, the helper reader %lld\n", points, baselinePoints);
            return 1;
        }

        MlflowFileStoreReader wideReader(wide + QStringLiteral("/mlruns"));
        wideReader.poll();
        TensorBoardReader tensorBoard(wide);
        tensorBoard.poll();
        t.restart();
        tensorBoard.poll();
        const double tensorBoardSeconds = t.nsecsElapsed() / 1e9;
        t.restart();
        const MlflowFileStoreReader::Batch nothing = wideReader.poll();
        idle.add(tensorBoardSeconds, t.nsecsElapsed() / 1e9);
        if (!nothing.metrics.isEmpty()) {
            std::fprintf(stderr, "an idle poll read points\n");
            return 1;
        }
    }
    std::printf("catch_up: %.2fM points/s, %.2fx the helper reader's time (median of %d rounds: helper %.0f ms, "
                "mlflow %.0f ms; %s)\n",
                points / catchUp.medianSubject() / 1e6, catchUp.medianRatio(), catchUp.count(),
                catchUp.medianBaseline() * 1e3, catchUp.medianSubject() * 1e3, qPrintable(catchUp.ratios()));
    std::printf("idle_poll: %.1f ms over 2,000 metric files, %.2fx TensorBoardReader's poll of the same tree "
                "(%.1f ms; %s)\n",
                idle.medianSubject() * 1e3, idle.medianRatio(), idle.medianBaseline() * 1e3, qPrintable(idle.ratios()));
    std::printf("bench_mlflow_store: end; %s\n", qPrintable(BenchSupport::machineLoad()));
    return 0;
}
