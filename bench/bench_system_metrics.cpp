// bench_system_metrics: what the node sampler (resources/job/trainyard_sample.py) costs a run.
//
// Claim: sampling a node at the default cadence (every 5 s) costs the run less than 1% of a core.
//
// Each round starts two job wrappers (resources/job/trainyard-job.sh, as every target starts a job) with the
// same job, `sleep 600`: one with the sampler at its default cadence, one with TRAINYARD_SAMPLE_SECONDS=0 (a
// run without it). After --seconds (default 60) the CPU time of each wrapper's whole process tree is read
// from /proc (utime + stime, plus cutime + cstime of children already reaped), and the sampler's own as well;
// then the jobs are ended. The rounds run side by side (their costs are read per process, and a sleeping
// sampler does not compete with another), so 5 rounds take one --seconds window.
//
// Figures: the sampler's CPU per run-hour and as % of a core (Python's start included, and the steady rate
// after its first sample), and the tree of a run with the sampler against the tree of a run without it.
// Median of the rounds. No nvidia-smi on this machine: the GPU reading (one long-lived `nvidia-smi
// --loop-ms` per node) is not part of the figure.
#include "BenchSupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <memory>
#include <unistd.h>

namespace {

struct ProcStat {
    qint64 parent = 0;
    double ownSeconds = 0;      // utime + stime
    double childrenSeconds = 0; // cutime + cstime: children it has reaped
};

bool readStat(qint64 pid, ProcStat* out)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray data = file.readAll();
    const qsizetype close = data.lastIndexOf(')');
    if (close < 0)
        return false;
    const QList<QByteArray> fields = data.mid(close + 2).split(' '); // fields[0] is field 3 (state)
    if (fields.size() < 15)
        return false;
    const double tick = double(::sysconf(_SC_CLK_TCK));
    out->parent = fields.at(1).toLongLong();
    out->ownSeconds = (fields.at(11).toLongLong() + fields.at(12).toLongLong()) / tick;
    out->childrenSeconds = (fields.at(13).toLongLong() + fields.at(14).toLongLong()) / tick;
    return true;
}

// CPU seconds of `root` and every live descendant (with what they reaped).
double treeSeconds(qint64 root)
{
    QHash<qint64, ProcStat> all;
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        ProcStat stat;
        if (ok && readStat(pid, &stat))
            all.insert(pid, stat);
    }
    double total = 0;
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        qint64 p = it.key();
        for (int depth = 0; p > 1 && depth < 64 && p != root; ++depth)
            p = all.value(p).parent;
        if (p == root)
            total += it.value().ownSeconds + it.value().childrenSeconds;
    }
    return total;
}

qint64 samplerOf(const QString& recordDir)
{
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> args = cmdline.readAll().split('\0');
        bool sampler = false;
        for (const QByteArray& a : args)
            sampler = sampler || a.endsWith("trainyard_sample.py");
        if (sampler && args.contains(recordDir.toUtf8()))
            return entry.toLongLong();
    }
    return 0;
}

struct Wrapper {
    QString dir;
    std::unique_ptr<QProcess> process;
    qint64 sampler = 0;
    double samplerEarlySeconds = 0; // at its first sample
    double samplerEarlyAt = 0;      // bench seconds then
};

bool startWrapper(Wrapper& w, const QString& dir, bool sampling)
{
    w.dir = dir;
    QDir().mkpath(dir + QStringLiteral("/work"));
    w.process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("TRAINYARD_SAMPLE_SECONDS")); // the default cadence
    if (!sampling)
        env.insert(QStringLiteral("TRAINYARD_SAMPLE_SECONDS"), QStringLiteral("0"));
    if (QFileInfo::exists(QStringLiteral("/usr/bin/python3")))
        env.insert(QStringLiteral("TRAINYARD_SAMPLE_PYTHON"), QStringLiteral("/usr/bin/python3"));
    w.process->setProcessEnvironment(env);
    w.process->start(QStringLiteral("/bin/sh"),
                     {QStringLiteral(TRAINYARD_SOURCE_DIR "/resources/job/trainyard-job.sh"), dir,
                      dir + QStringLiteral("/work"), dir + QStringLiteral("/out"),
                      dir + QStringLiteral("/err"), QStringLiteral("/bin/sleep"), QStringLiteral("600")});
    return w.process->waitForStarted(10000);
}

qint64 jobPid(const Wrapper& w)
{
    QFile file(w.dir + QStringLiteral("/job.json"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("pid")).toInteger();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int rounds = 5;
    double seconds = 60;
    bool keep = false;
    const QStringList args = app.arguments().mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--repeats") && i + 1 < args.size())
            rounds = qMax(1, args.at(++i).toInt());
        else if (args.at(i) == QLatin1String("--seconds") && i + 1 < args.size())
            seconds = qMax(10.0, args.at(++i).toDouble());
        else if (args.at(i) == QLatin1String("--keep"))
            keep = true;
        else {
            std::fprintf(stderr, "usage: bench_system_metrics [--repeats N] [--seconds S] [--keep]\n");
            return 2;
        }
    }
    std::printf("machine: %s\n", qPrintable(BenchSupport::machineLoad()));
    QTemporaryDir root;
    root.setAutoRemove(!keep);

    std::vector<Wrapper> with(rounds), without(rounds);
    for (int r = 0; r < rounds; ++r) {
        if (!startWrapper(with[r], root.filePath(QStringLiteral("with%1").arg(r)), true) ||
            !startWrapper(without[r], root.filePath(QStringLiteral("without%1").arg(r)), false)) {
            std::printf("!!! cannot start the job wrapper\n");
            return 1;
        }
    }
    QElapsedTimer clock;
    clock.start();
    // Each sampler's CPU once its first sample is written: Python's start, told apart from the steady rate.
    int early = 0;
    while (early < rounds && clock.elapsed() < 30000) {
        early = 0;
        for (Wrapper& w : with) {
            if (w.sampler == 0)
                w.sampler = samplerOf(w.dir);
            const QDir nodes(w.dir + QStringLiteral("/nodes"));
            if (w.samplerEarlyAt == 0 && w.sampler &&
                !nodes.entryList({QStringLiteral("*.jsonl")}, QDir::Files).isEmpty() &&
                QFileInfo(nodes.entryInfoList({QStringLiteral("*.jsonl")}, QDir::Files).first()).size() > 0) {
                ProcStat stat;
                if (readStat(w.sampler, &stat)) {
                    w.samplerEarlySeconds = stat.ownSeconds + stat.childrenSeconds;
                    w.samplerEarlyAt = clock.elapsed() / 1000.0;
                }
            }
            early += w.samplerEarlyAt > 0 ? 1 : 0;
        }
        QThread::msleep(20);
    }
    if (early < rounds) {
        std::printf("!!! a sampler wrote no sample within 30 s\n");
        return 1;
    }
    while (clock.elapsed() < qint64(seconds * 1000))
        QThread::msleep(200);

    std::vector<double> samplerPercent, steadyPercent, startSeconds, withTree, withoutTree, extraPercent;
    const double window = clock.elapsed() / 1000.0;
    for (int r = 0; r < rounds; ++r) {
        ProcStat sampler;
        if (!readStat(with[r].sampler, &sampler)) {
            std::printf("!!! round %d: the sampler is gone before the job ended\n", r + 1);
            return 1;
        }
        const double samplerTotal = sampler.ownSeconds + sampler.childrenSeconds;
        const double withSeconds = treeSeconds(with[r].process->processId());
        const double withoutSeconds = treeSeconds(without[r].process->processId());
        samplerPercent.push_back(100.0 * samplerTotal / window);
        steadyPercent.push_back(100.0 * (samplerTotal - with[r].samplerEarlySeconds) /
                                (window - with[r].samplerEarlyAt));
        startSeconds.push_back(with[r].samplerEarlySeconds);
        withTree.push_back(withSeconds);
        withoutTree.push_back(withoutSeconds);
        extraPercent.push_back(100.0 * (withSeconds - withoutSeconds) / window);
        std::printf("  round %d: sampler %.3f CPU s in %.0f s (%.3f%% of a core; %.3f s until its first "
                    "sample), run tree "
                    "%.3f s with it, %.3f s without\n",
                    r + 1, samplerTotal, window, samplerPercent.back(), startSeconds.back(), withSeconds,
                    withoutSeconds);
    }
    // The jobs end: each sampler must stop with its job, and no record may tell of it.
    bool clean = true;
    for (std::vector<Wrapper>* side : {&with, &without}) {
        for (Wrapper& w : *side) {
            const qint64 job = jobPid(w);
            if (job > 0)
                ::kill(pid_t(job), SIGTERM);
            if (!w.process->waitForFinished(20000))
                clean = false;
            const QByteArray exitRecord = [&] {
                QFile f(w.dir + QStringLiteral("/exit.json"));
                return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
            }();
            if (exitRecord != "{\"exit_status\":143}") {
                std::printf("!!! %s: exit record %s\n", qPrintable(w.dir), exitRecord.constData());
                clean = false;
            }
        }
    }
    QElapsedTimer settle;
    settle.start();
    for (const Wrapper& w : with)
        while (w.sampler && samplerOf(w.dir) && settle.elapsed() < 10000)
            QThread::msleep(20);
    for (const Wrapper& w : with)
        if (samplerOf(w.dir)) {
            std::printf("!!! %s: the sampler outlived its job\n", qPrintable(w.dir));
            clean = false;
        }

    const double percent = BenchSupport::median(samplerPercent);
    const bool met = percent < 1.0;
    std::printf(
        "system_sampler_cpu: %.3f%% of a core (%.1f CPU s per run-hour) median of %d rounds of %.0f s at the "
        "default 5 s cadence; steady %.3f%% (%.1f s per hour) after Python's start (%.3f s); run tree with "
        "the "
        "sampler %.3f s vs without %.3f s per round (+%.3f%% of a core) target < 1%%%s\n",
        percent, percent * 36.0, rounds, window, BenchSupport::median(steadyPercent),
        BenchSupport::median(steadyPercent) * 36.0, BenchSupport::median(startSeconds),
        BenchSupport::median(withTree), BenchSupport::median(withoutTree), BenchSupport::median(extraPercent),
        met ? "" : "  MISSED");
    std::printf("machine: %s\n", qPrintable(BenchSupport::machineLoad()));
    if (!clean)
        return 1;
    return met ? 0 : 1;
}
