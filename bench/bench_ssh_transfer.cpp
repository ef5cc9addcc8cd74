// bench_ssh_transfer: the ssh target's transfers against OpenSSH's own tools over the same sshd (a real one on
// loopback, tests/support/SshTestServer), each round paired with its baseline measured right beside it.
//  1. First upload of the 20,000-file, 500 MB tree: SshUpload::materialise of the (already taken) snapshot
//     into a fresh remote store, through the target's master connection, against `rsync -a` of the tree into
//     a fresh remote folder. Target <= 1.0x.
//  2. Resubmit of the unchanged tree: a second materialise into the same store, once the spare folder the
//     remote makes after an upload is ready. Target <= 0.05x of the first.
//  3. Download of a 1 GiB output: a real run (trainyard-cli submit) whose script writes outputs/big.bin and
//     prints the time it ended; timed from that moment until the run is Completed (the watch stream noticing
//     the end, the listing, the `send` stream, the cleanup and the status), against `scp` of the same remote
//     file into a fresh local file. Target <= 1.1x.
//
// Usage: bench_ssh_transfer [--repeats N] [--download-mib N] [--skip-upload] [--skip-download] [--keep]
// Needs root (the sshd), rsync and scp; about 6 minutes and 5 GB of free disk in /tmp.
#include "BenchSupport.h"
#include "SshTestServer.h"

#include "run/RunStatus.h"
#include "run/RunStore.h"
#include "snapshot/SnapshotStore.h"
#include "targets/TargetConfig.h"
#include "targets/ssh/SshConnection.h"
#include "targets/ssh/SshUpload.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <cstring>
#include <memory>

#include <unistd.h>

namespace {

struct Options
{
    int repeats = 5;
    qint64 downloadMiB = 1024;
    bool upload = true;
    bool download = true;
    bool keep = false;
};

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// Runs a baseline tool to its end; its wall time in seconds, or -1 after printing its stderr.
double timeTool(const QString& program, const QStringList& arguments)
{
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    p.start(program, arguments);
    if (!p.waitForFinished(600000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "!!! %s failed: %s\n", qPrintable(program), qPrintable(QString::fromUtf8(p.readAllStandardError())));
        return -1;
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

// Number of regular files and their total size under `root`.
QPair<qint64, qint64> treeSize(const QString& root)
{
    qint64 files = 0, bytes = 0;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++files;
        bytes += it.fileInfo().size();
    }
    return {files, bytes};
}

bool sameBytes(const QString& a, const QString& b)
{
    QFile fa(a), fb(b);
    if (!fa.open(QIODevice::ReadOnly) || !fb.open(QIODevice::ReadOnly) || fa.size() != fb.size())
        return false;
    while (!fa.atEnd()) {
        const QByteArray x = fa.read(16 << 20);
        if (x != fb.read(x.size()))
            return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------- upload

bool benchUpload(const Options& options, const QString& scratch, const SshTestServer& server, bool* met)
{
    const QString tree = scratch + QStringLiteral("/tree");
    std::printf("generating %d files, %lld MB in %s\n", BenchSupport::kProjectTreeFiles,
                BenchSupport::kProjectTreeBytes / 1000000, qPrintable(tree));
    std::fflush(stdout);
    if (!BenchSupport::generateProjectTree(tree)) {
        std::fprintf(stderr, "!!! cannot generate the tree\n");
        return false;
    }
    QThread::msleep(1100); // every file older than the stat cache's racy window
    // The snapshot is taken once, as a submit takes it before it uploads; only the upload is measured.
    SnapshotStore store(scratch + QStringLiteral("/store"));
    QString error;
    const auto snapshot = store.create(tree, &error);
    if (!snapshot) {
        std::fprintf(stderr, "!!! snapshot failed: %s\n", qPrintable(error));
        return false;
    }
    const auto [treeFiles, treeBytes] = treeSize(tree);

    // SshConnection reads the trusted host key from <workspace>/ssh/known_hosts, as after `targets trust`.
    const QString connectionRoot = scratch + QStringLiteral("/connection");
    QDir().mkpath(connectionRoot + QStringLiteral("/ssh"));
    if (!writeFile(SshConnection::knownHostsPath(connectionRoot), server.knownHostsLine().toUtf8() + '\n')) {
        std::fprintf(stderr, "!!! cannot write known_hosts\n");
        return false;
    }
    const QString agent = QStringLiteral(TRAINYARD_SOURCE_DIR "/resources/remote/trainyard_remote.py");
    const QString rsyncShell = (QStringList{QStringLiteral("ssh"), QStringLiteral("-p"), QString::number(server.port())}
                                + BenchSupport::baselineSshOptions(server))
                                   .join(QLatin1Char(' '));

    std::printf("upload: %d rounds, each a fresh remote store and a fresh rsync folder, the two sides alternating "
                "which goes first; %s\n",
                options.repeats, qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    BenchSupport::PairedRounds firstVsRsync;
    BenchSupport::PairedRounds resubmitVsFirst;
    bool correct = true;
    QStringList roundDirs;
    for (int round = 0; round < options.repeats; ++round) {
        const QString roundDir = server.workRoot() + QStringLiteral("/upload-round%1").arg(round + 1);
        TargetConfig config;
        config.name = QStringLiteral("bench");
        config.kind = QStringLiteral("ssh");
        config.settings = QJsonObject{{QStringLiteral("host"), server.host()},
                           {QStringLiteral("port"), server.port()},
                           {QStringLiteral("user"), server.user()},
                           {QStringLiteral("identity_file"), server.clientKeyPath()},
                           {QStringLiteral("workdir"), QString(roundDir + QStringLiteral("/trainyard"))},
                           {QStringLiteral("python"), QStringLiteral("/usr/bin/python3")}};
        SshConnection connection(config, connectionRoot);
        // Connecting and installing the agent happen before the upload in a submit too; not timed.
        if (!connection.ensureMaster(&error) || !connection.installAgent(agent, &error)) {
            std::fprintf(stderr, "!!! cannot connect: %s\n", qPrintable(error));
            return false;
        }
        SshUpload upload(connection, store);
        const QString firstDest = connection.remoteWorkDir() + QStringLiteral("/runs/first/work");
        const QString secondDest = connection.remoteWorkDir() + QStringLiteral("/runs/second/work");

        double rsyncSeconds = -1, uploadSeconds = -1;
        SshUploadStats firstStats;
        const auto runRsync = [&] {
            ::sync();
            rsyncSeconds = timeTool(QStringLiteral("rsync"),
                                    {QStringLiteral("-a"), QStringLiteral("-e"), rsyncShell, tree + QLatin1Char('/'),
                                     QStringLiteral("%1@%2:%3/rsync/").arg(server.user(), server.host(), roundDir)});
        };
        const auto runUpload = [&] {
            ::sync();
            QElapsedTimer timer;
            timer.start();
            if (upload.materialise(snapshot->id, firstDest, false, &error, {}, &firstStats))
                uploadSeconds = double(timer.nsecsElapsed()) / 1e9;
            else
                std::fprintf(stderr, "!!! upload failed: %s\n", qPrintable(error));
            // The remote then makes the next run's folder ready in the background (lowest priority); nothing
            // else is timed until it is done, so it weighs on neither side.
            const QString ready = connection.remoteWorkDir() + QStringLiteral("/spares/") + snapshot->id + QStringLiteral("/ready");
            QElapsedTimer spare;
            spare.start();
            while (!QFileInfo::exists(ready) && spare.elapsed() < 120000)
                QThread::msleep(20);
            std::printf("  spare ready %.2f s after the upload\n", double(spare.elapsed()) / 1000.0);
        };
        if (round % 2 == 0) {
            runRsync();
            runUpload();
        } else {
            runUpload();
            runRsync();
        }
        if (rsyncSeconds < 0 || uploadSeconds < 0)
            return false;

        ::sync();
        SshUploadStats secondStats;
        QElapsedTimer timer;
        timer.start();
        if (!upload.materialise(snapshot->id, secondDest, false, &error, {}, &secondStats)) {
            std::fprintf(stderr, "!!! resubmit failed: %s\n", qPrintable(error));
            return false;
        }
        const double resubmitSeconds = double(timer.nsecsElapsed()) / 1e9;
        if (!secondStats.fromSpare)
            std::printf("  (the resubmit found no spare and linked the tree itself)\n");

        // The remote is this machine: both copies can be checked in place.
        const auto [firstFiles, firstBytes] = treeSize(firstDest);
        const auto [rsyncFiles, rsyncBytes] = treeSize(roundDir + QStringLiteral("/rsync"));
        const auto [secondFiles, secondBytes] = treeSize(secondDest);
        if (firstFiles != treeFiles || firstBytes != treeBytes || secondFiles != treeFiles || secondBytes != treeBytes
            || rsyncFiles != treeFiles || rsyncBytes != treeBytes || secondStats.sentObjects != 0) {
            std::printf("  !!! MISMATCH: tree %lld files %lld bytes; upload %lld/%lld, resubmit %lld/%lld (%lld objects sent), "
                        "rsync %lld/%lld\n",
                        treeFiles, treeBytes, firstFiles, firstBytes, secondFiles, secondBytes, secondStats.sentObjects,
                        rsyncFiles, rsyncBytes);
            correct = false;
        }
        if (round == 0) {
            QDirIterator it(tree, {QStringLiteral("*.bin")}, QDir::Files, QDirIterator::Subdirectories);
            int checked = 0;
            while (it.hasNext() && checked < 50) {
                it.next();
                const QString relative = QDir(tree).relativeFilePath(it.filePath());
                if (!sameBytes(it.filePath(), firstDest + QLatin1Char('/') + relative)) {
                    std::printf("  !!! MISMATCH: %s differs on the remote\n", qPrintable(relative));
                    correct = false;
                }
                ++checked;
            }
        }
        firstVsRsync.add(rsyncSeconds, uploadSeconds);
        resubmitVsFirst.add(uploadSeconds, resubmitSeconds);
        std::printf("  round %d: rsync %.2f s, upload %.2f s (%.2fx; %lld of %lld objects, %lld bytes sent), resubmit %.3f s "
                    "(%lld objects sent, %.3fx); load %s\n",
                    round + 1, rsyncSeconds, uploadSeconds, uploadSeconds / rsyncSeconds, firstStats.sentObjects,
                    firstStats.objects, firstStats.sentBytes, resubmitSeconds, secondStats.sentObjects,
                    resubmitSeconds / uploadSeconds, qPrintable(BenchSupport::loadAverage().section(QLatin1Char(' '), 0, 0)));
        std::fflush(stdout);
        roundDirs << roundDir;
    }
    // Removed only now: ext4 skips recently deleted inodes when it allocates new ones, so a round right after
    // 40,000 deletions would pay for the previous one's cleanup (seen: the same receive 3 s or 13 s).
    if (!options.keep)
        for (const QString& dir : roundDirs)
            QDir(dir).removeRecursively();
    const bool firstMet = firstVsRsync.medianRatio() <= 1.0;
    const bool resubmitMet = resubmitVsFirst.medianRatio() <= 0.05;
    std::printf("ssh_upload_first_vs_rsync: %.2fx median of %d paired rounds (upload %.2f s, rsync -a %.2f s; %s) "
                "target <= 1.0x%s\n",
                firstVsRsync.medianRatio(), firstVsRsync.count(), firstVsRsync.medianSubject(),
                firstVsRsync.medianBaseline(), qPrintable(firstVsRsync.ratios()), firstMet ? "" : "  MISSED");
    std::printf("ssh_upload_resubmit_vs_first: %.3fx median (resubmit %.3f s, first upload %.2f s; %s) target <= 0.05x%s\n",
                resubmitVsFirst.medianRatio(), resubmitVsFirst.medianSubject(), resubmitVsFirst.medianBaseline(),
                qPrintable(resubmitVsFirst.ratios()), resubmitMet ? "" : "  MISSED");
    std::fflush(stdout);
    *met = firstMet && resubmitMet;
    if (!options.keep) {
        QDir(tree).removeRecursively();
        QDir(scratch + QStringLiteral("/store")).removeRecursively();
    }
    return correct;
}

// ---------------------------------------------------------------------------------------------- download

const char kWriteScript[] = R"PY(
import argparse, os, shutil, time
parser = argparse.ArgumentParser()
parser.add_argument("--source")
options = parser.parse_args()
os.makedirs("outputs", exist_ok=True)
shutil.copyfile(options.source, "outputs/big.bin")
print("END %.6f" % time.time(), flush=True)
)PY";

double endOfScript(const QString& stdoutLog)
{
    QFile file(stdoutLog);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith("END "))
            return line.mid(4).toDouble();
    return -1;
}

bool benchDownload(const Options& options, const QString& scratch, const SshTestServer& server, bool* met)
{
    const qint64 size = options.downloadMiB * 1024 * 1024;
    const QString source = scratch + QStringLiteral("/big-source.bin");
    {
        QFile file(source);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        for (qint64 written = 0; written < size;) {
            const QByteArray chunk = BenchSupport::randomBytes(qMin<qint64>(64 << 20, size - written));
            if (file.write(chunk) != chunk.size())
                return false;
            written += chunk.size();
        }
    }
    const QString wsRoot = scratch + QStringLiteral("/ws-download");
    const QString remoteWorkDir = server.workRoot() + QStringLiteral("/download");
    if (!BenchSupport::addSshTarget(wsRoot, QStringLiteral("lab"), server, remoteWorkDir))
        return false;
    QString error;
    const auto workspace = Workspace::open(wsRoot, &error);
    if (!workspace) {
        std::fprintf(stderr, "!!! %s\n", qPrintable(error));
        return false;
    }
    const QString project = scratch + QStringLiteral("/download-project");
    QDir().mkpath(project);
    const QString estimator = project + QStringLiteral("/estimator.yml");
    if (!writeFile(project + QStringLiteral("/write.py"), kWriteScript)
        || !writeFile(estimator, QStringLiteral("experiment: bench-download\nentry_script: write.py\ncompute_target: lab\n"
                                                "script_params:\n  --source: %1\n")
                                     .arg(source)
                                     .toUtf8())) {
        std::fprintf(stderr, "!!! cannot write the project\n");
        return false;
    }
    const QString cli = QStringLiteral(TRAINYARD_BIN_DIR "/trainyard-cli");
    const QStringList scpOptions = QStringList{QStringLiteral("-q"), QStringLiteral("-P"), QString::number(server.port())}
                                   + BenchSupport::baselineSshOptions(server);

    std::printf("download: %lld MiB, %d rounds: a run writes outputs/big.bin (end of its script -> Completed), then scp "
                "of the same remote file; %s\n",
                options.downloadMiB, options.repeats, qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    BenchSupport::PairedRounds downloadVsScp;
    bool correct = true;
    for (int round = 0; round < options.repeats; ++round) {
        ::sync();
        const BenchSupport::ProcessResult submitted =
            BenchSupport::runTimed(cli, {QStringLiteral("--workspace"), wsRoot, QStringLiteral("submit"), estimator},
                                   QStringLiteral("submit"));
        if (!submitted.ok)
            return false;
        const QString runId = QString::fromUtf8(submitted.standardOutput).trimmed();
        RunStore runs(*workspace);
        std::optional<RunRecord> run;
        qint64 observedMs = 0;
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 600000) {
            run = runs.find(runId);
            if (run && isTerminal(run->status)) {
                observedMs = QDateTime::currentMSecsSinceEpoch();
                break;
            }
            QThread::msleep(20); // counted in Trainyard's time: kept short
        }
        if (!run || run->status != RunStatus::Completed) {
            std::fprintf(stderr, "!!! run %s did not complete: %s\n", qPrintable(runId),
                         run ? qPrintable(run->error) : "not found");
            return false;
        }
        const QString runDir = workspace->runDir(runId);
        const double endSeconds = endOfScript(runDir + QStringLiteral("/system/stdout.log"));
        if (endSeconds <= 0) {
            std::fprintf(stderr, "!!! the run's log has no END line\n");
            return false;
        }
        const double trainyard = double(observedMs) / 1000.0 - endSeconds;
        const double recorded = double(run->endedAt) / 1000.0 - endSeconds;
        const QString local = runDir + QStringLiteral("/work/outputs/big.bin");
        const QString remoteRunDir = QFileInfo(remoteWorkDir).canonicalFilePath() + QStringLiteral("/runs/") + runId;
        const QString remote = remoteRunDir + QStringLiteral("/work/outputs/big.bin");

        ::sync();
        const QString scpCopy = scratch + QStringLiteral("/scp-big.bin");
        const double scp = timeTool(QStringLiteral("scp"), scpOptions + QStringList{QStringLiteral("%1@%2:%3").arg(server.user(), server.host(), remote), scpCopy});
        if (scp < 0)
            return false;
        const bool sizesOk = QFileInfo(local).size() == size && QFileInfo(scpCopy).size() == size;
        if (!sizesOk || (round == 0 && !sameBytes(local, source))) {
            std::printf("  !!! MISMATCH: fetched %lld bytes, scp %lld, expected %lld%s\n", QFileInfo(local).size(),
                        QFileInfo(scpCopy).size(), size, sizesOk ? " (same size, other bytes)" : "");
            correct = false;
        }
        downloadVsScp.add(scp, trainyard);
        std::printf("  round %d: script end -> Completed %.2f s (end recorded after %.2f s, seen %.2f s later), scp %.2f s, "
                    "%.2fx; load %s\n",
                    round + 1, trainyard, recorded, trainyard - recorded, scp, trainyard / scp,
                    qPrintable(BenchSupport::loadAverage().section(QLatin1Char(' '), 0, 0)));
        std::fflush(stdout);
        QFile::remove(scpCopy);
        if (!options.keep) {
            QDir(runDir).removeRecursively();
            QDir(remoteRunDir).removeRecursively();
        }
    }
    *met = downloadVsScp.medianRatio() <= 1.1;
    std::printf("ssh_download_%lldMiB_vs_scp: %.2fx median of %d paired rounds (script end -> Completed %.2f s, scp %.2f s; "
                "%s) target <= 1.1x%s\n",
                options.downloadMiB, downloadVsScp.medianRatio(), downloadVsScp.count(), downloadVsScp.medianSubject(),
                downloadVsScp.medianBaseline(), qPrintable(downloadVsScp.ratios()), *met ? "" : "  MISSED");
    std::fflush(stdout);
    QFile::remove(source);
    return correct;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    Options options;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--repeats") && i + 1 < args.size())
            options.repeats = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--download-mib") && i + 1 < args.size())
            options.downloadMiB = args.at(++i).toLongLong();
        else if (args.at(i) == QLatin1String("--skip-upload"))
            options.upload = false;
        else if (args.at(i) == QLatin1String("--skip-download"))
            options.download = false;
        else if (args.at(i) == QLatin1String("--keep"))
            options.keep = true;
        else {
            std::fprintf(stderr, "usage: bench_ssh_transfer [--repeats N] [--download-mib N] [--skip-upload] "
                                 "[--skip-download] [--keep]\n");
            return 2;
        }
    }
    if (options.repeats < 1 || options.downloadMiB < 1) {
        std::fprintf(stderr, "bench_ssh_transfer: --repeats and --download-mib must be positive\n");
        return 2;
    }
    QTemporaryDir scratchDir(QStringLiteral("/tmp/trainyard-bench-ssh-XXXXXX"));
    scratchDir.setAutoRemove(!options.keep);
    const QString scratch = scratchDir.path();
    QString error;
    const auto server = SshTestServer::start({}, &error);
    if (!server) {
        std::fprintf(stderr, "bench_ssh_transfer: cannot start sshd: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("bench_ssh_transfer: sshd %s:%d (loopback, the same machine's disk and CPUs); scratch %s; %s\n",
                qPrintable(server->host()), server->port(), qPrintable(scratch), qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    bool correct = true, uploadMet = true, downloadMet = true;
    if (options.upload)
        correct = benchUpload(options, scratch, *server, &uploadMet) && correct;
    if (correct && options.download)
        correct = benchDownload(options, scratch, *server, &downloadMet) && correct;
    std::printf("bench_ssh_transfer: %s; %s\n", correct ? "done" : "!!! FAILED", qPrintable(BenchSupport::machineLoad()));
    return correct && uploadMet && downloadMet ? 0 : 1;
}
