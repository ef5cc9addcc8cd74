// bench_run_output: a script printing 1 GiB to stdout under Trainyard, against the same script with its
// stdout redirected to a file. Targets: Trainyard's wall time <= 1.15x the redirect, runner peak RSS <= 50 MB.
//
// The Trainyard side is what a user gets from `trainyard-cli submit` (without --wait, because streaming to a
// terminal is not part of the product claim): snapshot, queue, detached runner, the script writing straight
// into runs/<id>/system/stdout.log while the runner parses metric lines from it. Wall time runs from the
// start of the submit to the moment the workspace records the run as terminal, so the runner's last drain of
// the log and its final database writes are counted.
//
// Usage: bench_run_output [--size-mib N] [--repeats N] [--keep] [--env NAME=VALUE]...
// --env goes into the estimator's environment_variables, e.g. TRAINYARD_CAPTURE=0 (the script writes the log
// itself) or TRAINYARD_CAPTURE_SPLICE=0 (the copier reads and writes), to measure those paths the same way.
#include "BenchSupport.h"
#include "run/RunStatus.h"
#include "run/RunStore.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// The script under test: ~100-byte lines of training chatter, a `loss: 0.5` metric line every 10,000 lines,
// written in ~64 KiB blocks the way a buffered print loop reaches the kernel, and at the end one 10 MiB line
// without a newline (a progress bar or a dumped tensor), which the parser must skip with bounded memory.
// Exactly total_bytes are written, so the two sides can be compared byte for byte.
// It reports its own wall time on stderr, so the script's time can be told apart from Trainyard's around it.
const char kScript[] = R"py(import sys, time
began = time.monotonic()

total = int(sys.argv[sys.argv.index("--bytes") + 1])
tail_len = min(10 * 1024 * 1024, total // 4)
out = sys.stdout.buffer

period = [b"loss: 0.5\n"]
for i in range(1, 10000):
    text = ("epoch %3d step %8d | lr 1.0e-03 | grad_norm %.4f | throughput %7.1f samples/s | data %5.1f ms"
            % (i // 400, i, (i % 97) / 97.0, 1000.0 + i % 313, (i % 41) / 4.0))
    period.append(text.ljust(99).encode()[:99] + b"\n")
blocks = []
current = []
size = 0
for line in period:
    current.append(line)
    size += len(line)
    if size >= 64 * 1024:
        blocks.append(b"".join(current))
        current, size = [], 0
if current:
    blocks.append(b"".join(current))
period_bytes = sum(len(b) for b in blocks)

body = total - tail_len
written = 0
while written + period_bytes <= body:
    for b in blocks:
        out.write(b)
    written += period_bytes
# The rest of the body: plain lines without a metric, then one filler line to land on the exact size.
plain = period[1]
while written + len(plain) <= body:
    out.write(plain)
    written += len(plain)
if written < body:
    out.write(b"#" * (body - written - 1) + b"\n")
out.write(b"x" * tail_len)
out.flush()
sys.stderr.write("emit.py seconds: %.4f\nemit.py ended at ms: %d\n" % (time.monotonic() - began, time.time() * 1000))
)py";

struct Sample
{
    double seconds = 0;
    qint64 outputBytes = 0;
    qint64 peakRssKb = 0; // VmHWM, the kernel's own peak
    qint64 maxSampledRssKb = 0;
    qint64 lossCount = -1;
    bool ok = false;
    // Where Trainyard's time goes, from the run's own timestamps: the submit command, submit end to Running
    // (runner start, preparation), Running to the recorded end (the script plus the runner's last drain),
    // and the recorded end to when this program saw it.
    double scriptSeconds = -1; // the script's own wall time, as it reported it
    double afterScriptSeconds = -1; // from the script's last write to the run's recorded end
    double runnerCpuSeconds = 0; // user + system time of the runner, read just before it exits
    double submitSeconds = 0, toRunningSeconds = 0, runningSeconds = 0, observeSeconds = 0;
};

bool writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

// Counts lines that are exactly "loss: 0.5" in a file, streaming, so the expected metric count comes from the
// bytes the script really wrote rather than from a formula copied from the script.
qint64 countLossLines(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    static const QByteArray needle("loss: 0.5\n");
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    QByteArray carry; // the bytes after the last newline of the previous chunk, up to needle's length
    bool atLineStart = true;
    qint64 count = 0;
    for (;;) {
        const qint64 n = f.read(chunk.data(), chunk.size());
        if (n <= 0)
            break;
        QByteArray data = carry + QByteArray::fromRawData(chunk.constData(), n);
        carry.clear();
        qsizetype pos = 0;
        const qsizetype size = data.size();
        while (pos < size) {
            const char* nl = static_cast<const char*>(std::memchr(data.constData() + pos, '\n', size_t(size - pos)));
            if (!nl) {
                // An unfinished line: keep its start only if it could still become the needle.
                if (atLineStart && size - pos < needle.size())
                    carry = data.mid(pos);
                else
                    atLineStart = false;
                break;
            }
            const qsizetype end = nl - data.constData() + 1;
            if (atLineStart && end - pos == needle.size() && std::memcmp(data.constData() + pos, needle.constData(), size_t(needle.size())) == 0)
                ++count;
            atLineStart = true;
            pos = end;
        }
    }
    return count;
}

bool sameBytes(const QString& a, const QString& b)
{
    QFile fa(a), fb(b);
    if (!fa.open(QIODevice::ReadOnly) || !fb.open(QIODevice::ReadOnly) || fa.size() != fb.size())
        return false;
    QByteArray ca(1 << 20, Qt::Uninitialized), cb(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 na = fa.read(ca.data(), ca.size());
        const qint64 nb = fb.read(cb.data(), cb.size());
        if (na != nb)
            return false;
        if (na <= 0)
            return true;
        if (std::memcmp(ca.constData(), cb.constData(), size_t(na)) != 0)
            return false;
    }
}

// Reads "Key:   123 kB" from /proc/<pid>/status; nullopt when the process is gone.
std::optional<QPair<qint64, qint64>> readRss(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = f.readAll();
    auto field = [&text](const char* key) -> qint64 {
        const qsizetype at = text.indexOf(key);
        if (at < 0)
            return -1;
        const qsizetype end = text.indexOf('\n', at);
        return text.mid(at + qsizetype(std::strlen(key)), end - at - qsizetype(std::strlen(key))).trimmed().split(' ').value(0).toLongLong();
    };
    const qint64 hwm = field("VmHWM:");
    const qint64 rss = field("VmRSS:");
    if (hwm < 0 && rss < 0)
        return std::nullopt; // a zombie has no memory lines
    return qMakePair(hwm, rss);
}

// The state letter and own utime + stime in seconds (children excluded) from /proc/<pid>/stat.
std::optional<QPair<char, double>> readStat(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = f.readAll();
    // The command name in parentheses may hold spaces; the fields after it are fixed.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13 || fields.at(0).isEmpty())
        return std::nullopt;
    const double ticks = double(::sysconf(_SC_CLK_TCK));
    return qMakePair(fields.at(0).at(0), double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / ticks);
}

// A "key: number" line the script wrote on stderr; -1 when missing.
double scriptReport(const QString& stderrPath, const QByteArray& key)
{
    QFile f(stderrPath);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = f.read(4096);
    const QByteArray prefix = key + QByteArray(": ");
    const qsizetype at = text.indexOf(prefix);
    return at < 0 ? -1 : text.mid(at + prefix.size()).split('\n').value(0).toDouble();
}

Sample runBaseline(const QString& python, const QString& projectDir, const QString& outputPath, qint64 size)
{
    Sample s;
    QFile::remove(outputPath);
    QProcess p;
    p.setWorkingDirectory(projectDir);
    p.setStandardOutputFile(outputPath, QIODevice::Truncate);
    p.setStandardErrorFile(outputPath + QStringLiteral(".stderr"), QIODevice::Truncate);
    QElapsedTimer timer;
    timer.start();
    p.start(python, {QStringLiteral("emit.py"), QStringLiteral("--bytes"), QString::number(size)});
    const bool finished = p.waitForFinished(600000);
    s.seconds = double(timer.nsecsElapsed()) / 1e9;
    s.outputBytes = QFileInfo(outputPath).size();
    s.scriptSeconds = scriptReport(outputPath + QStringLiteral(".stderr"), "emit.py seconds");
    s.ok = finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (!s.ok)
        std::fprintf(stderr, "baseline script failed: %s\n", qPrintable(QString::fromUtf8(p.readAllStandardError())));
    return s;
}

Sample runTrainyard(const QString& cli, const Workspace& workspace, const QString& estimatorPath, QString* runId)
{
    Sample s;
    QProcess submit;
    QElapsedTimer timer;
    timer.start();
    submit.start(cli, {QStringLiteral("--workspace"), workspace.root(), QStringLiteral("submit"), estimatorPath});
    if (!submit.waitForFinished(120000) || submit.exitCode() != 0) {
        std::fprintf(stderr, "submit failed (exit %d): %s\n", submit.exitCode(),
                     qPrintable(QString::fromUtf8(submit.readAllStandardError())));
        return s;
    }
    *runId = QString::fromUtf8(submit.readAllStandardOutput()).trimmed();
    const qint64 submitMs = timer.elapsed();
    const qint64 submitEndEpochMs = RunStore::nowMs();
    RunStore store(workspace);
    qint64 runnerPid = 0;
    qint64 lastRssSample = -1000;
    std::optional<RunRecord> run;
    bool terminal = false;
    while (timer.elapsed() < 600000) {
        run = store.find(*runId);
        if (!run) {
            std::fprintf(stderr, "run %s is not in the workspace\n", qPrintable(*runId));
            return s;
        }
        if (runnerPid == 0)
            runnerPid = run->runnerPid;
        if (isTerminal(run->status)) {
            s.seconds = double(timer.nsecsElapsed()) / 1e9;
            const qint64 observedEpochMs = RunStore::nowMs();
            s.submitSeconds = double(submitMs) / 1000.0;
            if (run->startedAt > 0) {
                s.toRunningSeconds = double(run->startedAt - submitEndEpochMs) / 1000.0;
                s.runningSeconds = double(run->endedAt - run->startedAt) / 1000.0;
            }
            s.observeSeconds = double(observedEpochMs - run->endedAt) / 1000.0;
            terminal = true;
            break;
        }
        if (runnerPid > 0 && timer.elapsed() - lastRssSample >= 100) {
            lastRssSample = timer.elapsed();
            if (const auto rss = readRss(runnerPid)) {
                s.peakRssKb = qMax(s.peakRssKb, rss->first);
                s.maxSampledRssKb = qMax(s.maxSampledRssKb, rss->second);
            }
        }
        QThread::msleep(20); // this polling delay is counted in Trainyard's time, so keep it short
    }
    if (!terminal) {
        std::fprintf(stderr, "run %s did not end within 10 minutes\n", qPrintable(*runId));
        return s;
    }
    // The runner is detached, so it was orphaned into this process (a child subreaper): when it exits it stays
    // a zombie until waited for, and a zombie's /proc/<pid>/stat still holds its own final CPU time. VmHWM
    // only grows, so the last reading before it exits is its peak over the whole run.
    if (runnerPid > 0) {
        QElapsedTimer exitWait;
        exitWait.start();
        while (exitWait.elapsed() < 10000) {
            if (const auto rss = readRss(runnerPid)) {
                s.peakRssKb = qMax(s.peakRssKb, rss->first);
                s.maxSampledRssKb = qMax(s.maxSampledRssKb, rss->second);
            }
            const auto stat = readStat(runnerPid);
            if (!stat)
                break; // gone: not our child after all; keep the sampled figures
            s.runnerCpuSeconds = stat->second;
            if (stat->first == 'Z') {
                ::waitpid(pid_t(runnerPid), nullptr, WNOHANG);
                break;
            }
            QThread::msleep(5);
        }
    }
    if (run->status != RunStatus::Completed) {
        std::fprintf(stderr, "run %s ended %s: %s\n", qPrintable(*runId), qPrintable(runStatusName(run->status)),
                     qPrintable(run->error));
        return s;
    }
    s.lossCount = 0; // no summary at all means no loss line was parsed
    for (const RunMetricSummary& m : store.metricSummaries(*runId))
        if (m.name == QLatin1String("loss"))
            s.lossCount = m.count;
    s.outputBytes = QFileInfo(workspace.runDir(*runId) + QStringLiteral("/system/stdout.log")).size();
    const QString stderrLog = workspace.runDir(*runId) + QStringLiteral("/system/stderr.log");
    s.scriptSeconds = scriptReport(stderrLog, "emit.py seconds");
    const double scriptEndMs = scriptReport(stderrLog, "emit.py ended at ms");
    s.afterScriptSeconds = scriptEndMs > 0 ? (double(run->endedAt) - scriptEndMs) / 1000.0 : -1;
    s.ok = true;
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // Detached runners are orphaned into this process instead of init, so that it can wait for them.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    qint64 sizeMiB = 1024;
    int repeats = 5;
    bool keep = false;
    QStringList environment; // "NAME: VALUE" entries of the estimator's environment_variables
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--size-mib") && i + 1 < args.size())
            sizeMiB = args.at(++i).toLongLong();
        else if (args.at(i) == QLatin1String("--repeats") && i + 1 < args.size())
            repeats = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--keep"))
            keep = true;
        else if (args.at(i) == QLatin1String("--env") && i + 1 < args.size() &&
                 args.at(i + 1).contains(QLatin1Char('='))) {
            const QString pair = args.at(++i);
            environment << QStringLiteral("%1: \"%2\"")
                               .arg(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
        }
        else {
            std::fprintf(stderr, "usage: bench_run_output [--size-mib N] [--repeats N] [--keep] [--env NAME=VALUE]...\n");
            return 2;
        }
    }
    if (sizeMiB < 1 || repeats < 1) {
        std::fprintf(stderr, "bench_run_output: --size-mib and --repeats must be positive\n");
        return 2;
    }
    const qint64 size = sizeMiB * 1024 * 1024;
    const QString binDir = QStringLiteral(TRAINYARD_BIN_DIR);
    const QString cli = binDir + QStringLiteral("/trainyard-cli");
    if (!QFileInfo(cli).isExecutable() || !QFileInfo(binDir + QStringLiteral("/trainyard-runner")).isExecutable()) {
        std::fprintf(stderr, "bench_run_output: build trainyard-cli and trainyard-runner first (looked in %s)\n", qPrintable(binDir));
        return 2;
    }
    // The interpreter a local target uses, so both sides run the same Python.
    const QString python = QFileInfo::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3") : QStringLiteral("python3");

    QTemporaryDir tmp;
    tmp.setAutoRemove(!keep);
    const QString projectDir = tmp.path() + QStringLiteral("/project");
    const QString baselineDir = tmp.path() + QStringLiteral("/baseline"); // outside the project: not snapshotted
    QDir().mkpath(projectDir);
    QDir().mkpath(baselineDir);
    const QString estimatorPath = projectDir + QStringLiteral("/estimator.yml");
    if (!writeFile(projectDir + QStringLiteral("/emit.py"), QByteArray(kScript))
        || !writeFile(estimatorPath, QStringLiteral("experiment: bench-output\nsource_directory: .\nentry_script: emit.py\n"
                                                    "script_params:\n  --bytes: %1\ncompute_target: local\n"
                                                    "environment_variables: {%2}\n")
                                         .arg(size)
                                         .arg(environment.join(QStringLiteral(", ")))
                                         .toUtf8())) {
        std::fprintf(stderr, "bench_run_output: cannot write the project in %s\n", qPrintable(tmp.path()));
        return 1;
    }
    QString error;
    const auto workspace = Workspace::open(tmp.path() + QStringLiteral("/workspace"), &error);
    if (!workspace) {
        std::fprintf(stderr, "bench_run_output: %s\n", qPrintable(error));
        return 1;
    }
    const QString baselineOut = baselineDir + QStringLiteral("/stdout.txt");

    std::printf("bench_run_output: %lld MiB to stdout, %d paired round(s); workspace %s; environment {%s}; %s\n",
                sizeMiB, repeats, qPrintable(workspace->root()), qPrintable(environment.join(QStringLiteral(", "))),
                qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    BenchSupport::PairedRounds rounds;
    qint64 peakRssKb = 0, maxSampledRssKb = 0;
    bool allCorrect = true;
    for (int i = 0; i < repeats; ++i) {
        // Each side starts with no dirty pages from the previous one: otherwise the gigabyte the other side just
        // wrote is being flushed while this side runs, and any fsync (SQLite's, in the submit) waits behind it.
        ::sync();
        const Sample base = runBaseline(python, projectDir, baselineOut, size);
        if (!base.ok)
            return 1;
        const qint64 expectedLoss = countLossLines(baselineOut);
        QString runId;
        ::sync();
        const Sample ty = runTrainyard(cli, *workspace, estimatorPath, &runId);
        if (!ty.ok)
            return 1;
        const QString runLog = workspace->runDir(runId) + QStringLiteral("/system/stdout.log");
        const bool sizeMatches = ty.outputBytes == base.outputBytes && base.outputBytes == size;
        const bool bytesMatch = sizeMatches && sameBytes(runLog, baselineOut);
        const bool lossMatches = ty.lossCount == expectedLoss;
        std::printf("  repeat %d: redirect %.2f s (script %.2f), trainyard %.2f s (script %.2f; run %s: submit %.2f, to Running %.2f, "
                    "Running to end %.2f of which after the script %.2f, end seen after %.2f; runner CPU %.2f s), runner VmHWM %.1f MB, max VmRSS %.1f MB, "
                    "loss points %lld/%lld\n",
                    i + 1, base.seconds, base.scriptSeconds, ty.seconds, ty.scriptSeconds, qPrintable(runId), ty.submitSeconds, ty.toRunningSeconds,
                    ty.runningSeconds, ty.afterScriptSeconds, ty.observeSeconds, ty.runnerCpuSeconds, double(ty.peakRssKb) / 1024.0,
                    double(ty.maxSampledRssKb) / 1024.0, ty.lossCount, expectedLoss);
        if (!bytesMatch) {
            std::printf("  !!! MISMATCH: stdout.log is %lld bytes, the redirected file %lld bytes (expected %lld)%s\n",
                        ty.outputBytes, base.outputBytes, size, sizeMatches ? ", same size but different content" : "");
            allCorrect = false;
        }
        if (!lossMatches) {
            std::printf("  !!! MISMATCH: the run recorded %lld loss points, the output holds %lld loss lines\n", ty.lossCount,
                        expectedLoss);
            allCorrect = false;
        }
        std::fflush(stdout);
        rounds.add(base.seconds, ty.seconds);
        peakRssKb = qMax(peakRssKb, ty.peakRssKb);
        maxSampledRssKb = qMax(maxSampledRssKb, ty.maxSampledRssKb);
        // Gigabytes of finished runs would only push the next repeats into disk writeback.
        if (!keep) {
            QDir(workspace->runDir(runId)).removeRecursively();
            QFile::remove(baselineOut);
        }
    }
    const double t = rounds.medianSubject();
    const double b = rounds.medianBaseline();
    const double ratio = rounds.medianRatio();
    const double rssMb = double(peakRssKb) / 1024.0;
    const QString sizeLabel = sizeMiB % 1024 == 0 ? QStringLiteral("%1GiB").arg(sizeMiB / 1024) : QStringLiteral("%1MiB").arg(sizeMiB);
    std::printf("run_output_%s: %.2fx median of %d paired rounds (trainyard %.2f s, redirect baseline %.2f s; %s; %s) "
                "target <= 1.15x%s\n", qPrintable(sizeLabel), ratio, rounds.count(), t, b, qPrintable(rounds.ratios()),
                qPrintable(BenchSupport::machineLoad()), ratio <= 1.15 ? "" : "  MISSED");
    std::printf("runner_peak_rss: %.1f MB (max sampled VmRSS %.1f MB) target <= 50 MB%s\n", rssMb,
                double(maxSampledRssKb) / 1024.0, rssMb <= 50 ? "" : "  MISSED");
    std::printf("output_integrity: %s\n", allCorrect ? "stdout.log identical to the redirected file, loss count correct"
                                                     : "MISMATCH (see above)");
    return allCorrect && ratio <= 1.15 && rssMb <= 50 ? 0 : 1;
}
