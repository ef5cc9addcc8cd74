// Times what a user waits for between `trainyard-cli submit` and the first line their script prints, on a
// 20,000-file, 500 MB project: the first submit of the tree (snapshot, working copy, runner start) against
// `cp -r` of the same tree, and the resubmit of the unchanged tree against a plain start of the same Python
// printing its first line. Each round pairs both with their own baselines, measured in the same round; the
// figures are medians over the rounds. Between the first submit and the resubmit the bench waits until the
// first run's runner has made the spare working copy it makes in the background (and says how long that took).
//
//   bench_submit_first_line [--rounds N] [--files N] [--megabytes N] [scratch-folder]
#include "BenchSupport.h"
#include "snapshot/SnapshotStore.h"
#include "snapshot/WorkingCopies.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <time.h>

namespace {

const char kUsage[] = "usage: bench_submit_first_line [--rounds N] [--files N] [--megabytes N] [scratch-folder]\n";
constexpr double kResubmitTargetSeconds = 1.0;
const QString kPython = QStringLiteral("/usr/bin/python3");

using BenchSupport::nextRandom;
using BenchSupport::randomBytes;

// 200 folders of files with sizes spread around the mean, plus the estimator and the script.
bool generateProject(const QString& root, int files, qint64 totalBytes)
{
    const qint64 mean = std::max<qint64>(1, totalBytes / files);
    for (int i = 0; i < files; ++i) {
        const QString dir = root + QStringLiteral("/pkg%1/mod%2").arg(i % 40).arg((i / 40) % 5);
        if (i < 200 && !QDir().mkpath(dir))
            return false;
        QFile file(dir + QStringLiteral("/file%1.bin").arg(i));
        if (!file.open(QIODevice::WriteOnly) || file.write(randomBytes(mean / 2 + qint64(nextRandom() % quint64(mean)))) < 0)
            return false;
    }
    QFile script(root + QStringLiteral("/first_line.py"));
    QFile estimator(root + QStringLiteral("/estimator.yml"));
    return script.open(QIODevice::WriteOnly) && script.write("import time\nprint(time.time_ns(), flush=True)\n") > 0
           && estimator.open(QIODevice::WriteOnly)
           && estimator.write("experiment: first-line\nentry_script: first_line.py\ncompute_target: local\n") > 0;
}

qint64 nowNs()
{
    struct timespec ts;
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

struct Finished
{
    bool ok = false;
    double seconds = -1;
    QByteArray standardOutput;
};

// Like BenchSupport::runTimed, with room for a first submit of 500 MB on a slow, shared disk.
Finished runToEnd(const QString& program, const QStringList& arguments, const char* label)
{
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    Finished result;
    if (!process.waitForFinished(15 * 60 * 1000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", label, process.readAllStandardError().constData());
        process.kill();
        process.waitForFinished(5000);
        return result;
    }
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    result.standardOutput = process.readAllStandardOutput();
    result.ok = true;
    return result;
}

struct Submitted
{
    double seconds = -1; // submit started -> the script's first line
    QString snapshotId;
};

// `submit --wait` prints the run id, then the script's output: its first line is the time it was printed.
Submitted submitToFirstLine(const QString& cli, const QString& workspace, const QString& estimator)
{
    const qint64 start = nowNs();
    const Finished submit = runToEnd(
        cli, {QStringLiteral("--workspace"), workspace, QStringLiteral("submit"), estimator, QStringLiteral("--wait")},
        "submit");
    Submitted result;
    const QList<QByteArray> lines = submit.standardOutput.split('\n');
    if (!submit.ok || lines.size() < 2)
        return result;
    bool ok = false;
    const qint64 firstLine = lines[1].trimmed().toLongLong(&ok);
    if (!ok)
        return result;
    result.seconds = double(firstLine - start) / 1e9;
    const Finished show = runToEnd(cli, {QStringLiteral("--workspace"), workspace, QStringLiteral("show"),
                                         QString::fromUtf8(lines[0].trimmed()), QStringLiteral("--json")},
                                   "show");
    result.snapshotId = QJsonDocument::fromJson(show.standardOutput).object().value(QStringLiteral("snapshot")).toString();
    return result;
}

double pythonFirstLine()
{
    const qint64 start = nowNs();
    const Finished python =
        runToEnd(kPython, {QStringLiteral("-c"), QStringLiteral("import time\nprint(time.time_ns(), flush=True)")},
                 "python baseline");
    bool ok = false;
    const qint64 firstLine = python.standardOutput.trimmed().toLongLong(&ok);
    return python.ok && ok ? double(firstLine - start) / 1e9 : -1;
}

double copyTree(const QString& from, const QString& to)
{
    const Finished cp = runToEnd(QStringLiteral("cp"), {QStringLiteral("-r"), from, to}, "cp -r baseline");
    QDir(to).removeRecursively();
    return cp.ok ? cp.seconds : -1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int rounds = 5;
    int files = 20000;
    qint64 megabytes = 500;
    QString scratchParent;
    const QStringList args = app.arguments().mid(1);
    for (int i = 0; i < args.size(); ++i) {
        const QString& arg = args[i];
        bool ok = true;
        if (arg == QLatin1String("--rounds") && i + 1 < args.size())
            rounds = args[++i].toInt(&ok);
        else if (arg == QLatin1String("--files") && i + 1 < args.size())
            files = args[++i].toInt(&ok);
        else if (arg == QLatin1String("--megabytes") && i + 1 < args.size())
            megabytes = args[++i].toLongLong(&ok);
        else if (!arg.startsWith(QLatin1Char('-')) && scratchParent.isEmpty())
            scratchParent = arg;
        else
            ok = false;
        if (!ok || rounds < 1 || files < 1 || megabytes < 0) {
            std::fputs(kUsage, stderr);
            return 2;
        }
    }
    std::unique_ptr<QTemporaryDir> temp;
    QString scratch;
    if (!scratchParent.isEmpty()) {
        scratch = scratchParent + QStringLiteral("/trainyard-bench-first-line");
        QDir(scratch).removeRecursively();
        QDir().mkpath(scratch);
    } else {
        temp = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/trainyard-bench-XXXXXX"));
        scratch = temp->path();
    }
    const QString cli = QStringLiteral(TRAINYARD_BIN_DIR "/trainyard-cli");
    const QString project = scratch + QStringLiteral("/project");
    std::printf("generating %d files, %lld MB in %s; load %s\n", files, megabytes, qPrintable(project), qPrintable(BenchSupport::loadAverage()));
    std::fflush(stdout);
    if (!generateProject(project, files, megabytes * 1000 * 1000)) {
        std::fprintf(stderr, "!!! cannot generate the project\n");
        return 1;
    }
    QThread::msleep(1100); // past the stat cache's racy window, as a real project's files are

    std::vector<double> firsts, copies, resubmits, pythons;
    bool broken = false;
    for (int round = 1; round <= rounds && !broken; ++round) {
        const QString workspace = scratch + QStringLiteral("/ws%1").arg(round);
        const double copySeconds = copyTree(project, scratch + QStringLiteral("/cp-baseline"));
        const Submitted first = submitToFirstLine(cli, workspace, project + QStringLiteral("/estimator.yml"));
        if (first.seconds < 0 || first.snapshotId.isEmpty() || copySeconds < 0) {
            std::fprintf(stderr, "!!! round %d: the first submit or its baseline failed\n", round);
            broken = true;
            break;
        }
        // The first run's runner makes the next run's working copy in the background; wait for it.
        QElapsedTimer spareTimer;
        spareTimer.start();
        const WorkingCopies workingCopies{SnapshotStore(workspace + QStringLiteral("/store"))};
        while (!workingCopies.hasSpare(first.snapshotId) && spareTimer.elapsed() < 15 * 60 * 1000)
            QThread::msleep(50);
        const double spareSeconds = spareTimer.elapsed() / 1000.0;
        const bool spareReady = workingCopies.hasSpare(first.snapshotId);
        const double pythonSeconds = pythonFirstLine();
        const Submitted again = submitToFirstLine(cli, workspace, project + QStringLiteral("/estimator.yml"));
        if (again.seconds < 0 || again.snapshotId != first.snapshotId || pythonSeconds < 0) {
            std::fprintf(stderr, "!!! round %d: the resubmit or its baseline failed\n", round);
            broken = true;
            break;
        }
        std::printf("round %d: first submit %.2f s (cp -r %.2f s), spare ready %.1f s later%s, resubmit %.3f s "
                    "(python %.3f s); load %s\n",
                    round, first.seconds, copySeconds, spareSeconds,
                    spareReady ? "" : " (never: timed out)", again.seconds, pythonSeconds,
                    qPrintable(BenchSupport::loadAverage()));
        std::fflush(stdout);
        firsts.push_back(first.seconds);
        copies.push_back(copySeconds);
        resubmits.push_back(again.seconds);
        pythons.push_back(pythonSeconds);
        QDir(workspace).removeRecursively();
    }
    QDir(scratch).removeRecursively();
    if (broken)
        return 1;
    const double first = BenchSupport::median(firsts);
    const double copy = BenchSupport::median(copies);
    const double resubmit = BenchSupport::median(resubmits);
    const double python = BenchSupport::median(pythons);
    std::printf("submit_first_line_first: %.2fx (first submit %.2f s, cp -r %.2f s) median of %d rounds\n",
                first / copy, first, copy, rounds);
    const bool missed = resubmit > kResubmitTargetSeconds;
    std::printf("submit_first_line_resubmit: %.3f s (%.1fx a plain python start of %.3f s) target <= %.1f s%s\n",
                resubmit, resubmit / python, python, kResubmitTargetSeconds, missed ? "  MISSED" : "");
    std::printf("load average at the end: %s\n", qPrintable(BenchSupport::loadAverage()));
    return missed ? 1 : 0;
}
