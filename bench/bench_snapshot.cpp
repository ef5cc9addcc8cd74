// Measures SnapshotStore against `tar -c DIR | zstd -1 > file` on the same 20,000-file, 500 MB tree, and a
// resubmit of the unchanged tree against the first snapshot. Usage: bench_snapshot [scratch-folder]
#include "BenchSupport.h"
#include "snapshot/SnapshotStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <unistd.h>
#include <memory>

namespace {

constexpr int kFileCount = BenchSupport::kProjectTreeFiles;
constexpr qint64 kTotalBytes = BenchSupport::kProjectTreeBytes;

// Reads every file once so both contenders start from a warm page cache.
qint64 warmUp(const QString& root)
{
    QProcess tar;
    tar.setStandardOutputFile(QStringLiteral("/dev/null"));
    tar.start(QStringLiteral("tar"), {QStringLiteral("-C"), root, QStringLiteral("-cf"), QStringLiteral("-"), QStringLiteral(".")});
    tar.waitForFinished(-1);
    return tar.exitCode();
}

double timeTarZstd(const QString& root, const QString& output)
{
    QProcess tar;
    QProcess zstd;
    tar.setStandardOutputProcess(&zstd);
    zstd.setStandardOutputFile(output);
    QElapsedTimer timer;
    timer.start();
    zstd.start(QStringLiteral("zstd"), {QStringLiteral("-1"), QStringLiteral("-q"), QStringLiteral("-c")});
    tar.start(QStringLiteral("tar"), {QStringLiteral("-C"), root, QStringLiteral("-cf"), QStringLiteral("-"), QStringLiteral(".")});
    tar.waitForFinished(-1);
    zstd.waitForFinished(-1);
    const double seconds = timer.nsecsElapsed() / 1e9;
    if (tar.exitCode() != 0 || zstd.exitCode() != 0)
        std::fprintf(stderr, "baseline failed: tar %d zstd %d\n", tar.exitCode(), zstd.exitCode());
    QFile::remove(output);
    return seconds;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::unique_ptr<QTemporaryDir> temp;
    QString scratch;
    if (argc > 1) {
        scratch = QFile::decodeName(argv[1]) + QStringLiteral("/trainyard-bench-snapshot");
        QDir(scratch).removeRecursively();
        QDir().mkpath(scratch);
    } else {
        temp = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/trainyard-bench-XXXXXX"));
        scratch = temp->path();
    }
    const QString tree = scratch + QStringLiteral("/tree");
    std::printf("generating %d files, %lld MB in %s\n", kFileCount, kTotalBytes / 1000000, qPrintable(tree));
    std::fflush(stdout);
    if (!BenchSupport::generateProjectTree(tree)) {
        std::fprintf(stderr, "cannot generate the tree\n");
        return 1;
    }
    QThread::msleep(1100); // lets every file age past the stat cache's racy window
    warmUp(tree);

    // Each round times the baseline and then the snapshot, after a sync() so that neither waits behind the
    // other's writeback; the figures are medians of the per-round ratios.
    constexpr int kRounds = 5;
    std::printf("bench_snapshot: %d rounds, each paired with its own baseline; %s\n", kRounds,
                qPrintable(BenchSupport::machineLoad()));
    BenchSupport::PairedRounds firstVsTar;
    BenchSupport::PairedRounds resubmitVsFirst;
    qint64 hashedOnResubmit = -1;
    for (int round = 0; round < kRounds; ++round) {
        ::sync();
        const double baseline = timeTarZstd(tree, scratch + QStringLiteral("/baseline.tar.zst"));
        ::sync();
        const QString storeDir = scratch + QStringLiteral("/store%1").arg(round);
        SnapshotStore store(storeDir);
        QString error;
        QElapsedTimer timer;
        timer.start();
        const auto summary = store.create(tree, &error);
        const double seconds = timer.nsecsElapsed() / 1e9;
        if (!summary) {
            std::fprintf(stderr, "snapshot failed: %s\n", qPrintable(error));
            return 1;
        }
        timer.restart();
        const auto again = store.create(tree, &error);
        const double resubmit = timer.nsecsElapsed() / 1e9;
        if (!again || again->id != summary->id) {
            std::fprintf(stderr, "resubmit failed: %s\n", qPrintable(error));
            return 1;
        }
        hashedOnResubmit = again->hashedFiles;
        firstVsTar.add(baseline, seconds);
        resubmitVsFirst.add(seconds, resubmit);
        std::printf("round %d: baseline %.3f s, snapshot %.3f s (%lld files, %lld bytes stored), resubmit %.3f s\n",
                    round + 1, baseline, seconds, summary->fileCount, summary->storedBytes, resubmit);
        std::fflush(stdout);
        QDir(storeDir).removeRecursively();
    }
    std::printf("snapshot_first_vs_tar_zstd: %.2fx median (snapshot %.2f s, baseline %.2f s; %s) target <= 1.2x\n",
                firstVsTar.medianRatio(), firstVsTar.medianSubject(), firstVsTar.medianBaseline(),
                qPrintable(firstVsTar.ratios()));
    std::printf("snapshot_resubmit_vs_first: %.3fx median (resubmit %.3f s, first %.2f s, %lld files re-hashed) target <= 0.1x\n",
                resubmitVsFirst.medianRatio(), resubmitVsFirst.medianSubject(), resubmitVsFirst.medianBaseline(),
                hashedOnResubmit);
    std::printf("bench_snapshot: done; %s\n", qPrintable(BenchSupport::machineLoad()));
    QDir(scratch).removeRecursively();
    return 0;
}
