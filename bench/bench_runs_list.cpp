// bench_runs_list: `trainyard-cli runs --limit 50` on a workspace of 100,000 runs. Target: <= 100 ms wall time,
// process start included, because that is what a user waits for at the prompt.
//
// The baseline is the same command on a workspace of 10 runs, measured in the same run, so the ratio shows what
// the 100,000 runs cost on top of starting the CLI and opening a workspace.
//
// Usage: bench_runs_list [--runs N] [--repeats N] [--keep]
#include "BenchSupport.h"
#include "run/ProcessIdentity.h"
#include "run/RunScheduler.h"
#include "run/RunStatus.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <unistd.h>
#include <vector>

namespace {

const int kExperimentCount = 40;

using BenchSupport::experimentName;

// About 1 KB, shaped like what Estimator::toJson records for a typical run.
QString estimatorJson(const QString& experiment, int seq)
{
    QJsonArray params;
    const char* keys[] = {"--learning-rate", "--batch-size", "--epochs", "--optimizer", "--weight-decay", "--warmup-steps"};
    const QString values[] = {QString::number(1e-3 * (1 + seq % 7)), QString::number(32 << (seq % 4)), QString::number(10 + seq % 90),
                              QStringLiteral("adamw"), QStringLiteral("0.01"), QString::number(100 * (seq % 5))};
    for (int i = 0; i < 6; ++i)
        params.append(QJsonObject{{QStringLiteral("key"), QLatin1String(keys[i])}, {QStringLiteral("kind"), QStringLiteral("value")},
                                  {QStringLiteral("value"), values[i]}});
    params.append(QJsonObject{{QStringLiteral("key"), QStringLiteral("--data")}, {QStringLiteral("kind"), QStringLiteral("dataset")},
                              {QStringLiteral("dataset"), QStringLiteral("imagenet-subset:3")},
                              {QStringLiteral("datasetMode"), QStringLiteral("mount")}});
    const QJsonObject o{
        {QStringLiteral("filePath"), QStringLiteral("/home/ml/projects/%1/estimator.yml").arg(experiment)},
        {QStringLiteral("experiment"), experiment},
        {QStringLiteral("sourceDirectory"), QStringLiteral("/home/ml/projects/%1").arg(experiment)},
        {QStringLiteral("entryScript"), QStringLiteral("train.py")},
        {QStringLiteral("scriptParams"), params},
        {QStringLiteral("computeTarget"), QStringLiteral("local")},
        {QStringLiteral("pipPackages"), QJsonArray{QStringLiteral("torch==2.1.0"), QStringLiteral("torchvision==0.16.0"),
                                                   QStringLiteral("timm==0.9.7")}},
        {QStringLiteral("condaPackages"), QJsonArray{}},
        {QStringLiteral("environmentDefinition"), QString()},
        {QStringLiteral("customDockerImage"), QString()},
        {QStringLiteral("nodeCount"), 1},
        {QStringLiteral("processCountPerNode"), 1},
        {QStringLiteral("distributedTraining"), QStringLiteral("none")},
        {QStringLiteral("environmentVariables"), QJsonArray{QJsonArray{QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("4")},
                                                            QJsonArray{QStringLiteral("CUDA_VISIBLE_DEVICES"), QStringLiteral("0")}}},
        {QStringLiteral("metricPatterns"), QJsonArray{}},
    };
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Every run is terminal, because a CLI opening the workspace reaps live runs whose runner is gone and starts
// queued ones, which would change what is measured.
bool populate(const Workspace& workspace, int count, QString* error)
{
    QSqlQuery q(workspace.database());
    q.prepare(QStringLiteral("INSERT INTO runs (id, seq, experiment, status, compute_target, estimator_json, command_json, "
                             "snapshot_id, git_json, submitted_at, started_at, ended_at, exit_code, error, runner_pid, "
                             "process_group, runner_host, heartbeat_at, cancel_requested) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    QRandomGenerator random(20240601);
    qint64 submitted = 1600000000000; // September 2020, a run every ~10 minutes since
    return BenchSupport::writeRunsInOneTransaction(workspace, count, [&](int seq, QString* runError) {
        // A few experiments hold most runs, as sweeps do.
        const int e = int(random.bounded(kExperimentCount) * random.bounded(1.0));
        const QString experiment = experimentName(e);
        const quint32 roll = random.bounded(100);
        const RunStatus status = roll < 75 ? RunStatus::Completed : roll < 93 ? RunStatus::Failed : RunStatus::Canceled;
        submitted += 60000 + random.bounded(1200000);
        const qint64 started = submitted + random.bounded(30000);
        const qint64 ended = started + random.bounded(7200000);
        const int exitCode = status == RunStatus::Completed ? 0 : status == RunStatus::Failed ? 1 : -15;
        const QString command = QStringLiteral("[\"/usr/bin/python3\",\"train.py\",\"--learning-rate\",\"0.001\",\"--batch-size\","
                                               "\"64\",\"--epochs\",\"%1\",\"--data\",\"/data/imagenet-subset/3\"]").arg(10 + seq % 90);
        const QString git = QStringLiteral("{\"branch\":\"main\",\"commit\":\"%1\",\"dirty\":%2,\"inRepository\":true,"
                                           "\"repository\":\"git@github.com:lab/vision.git\"}")
                                .arg(QString::number(quint64(random.generate64()), 16).rightJustified(16, QLatin1Char('0')).repeated(2).left(40),
                                     random.bounded(4) == 0 ? QStringLiteral("true") : QStringLiteral("false"));
        q.addBindValue(QStringLiteral("%1_%2").arg(experiment).arg(seq));
        q.addBindValue(seq);
        q.addBindValue(experiment);
        q.addBindValue(runStatusName(status));
        q.addBindValue(QStringLiteral("local"));
        q.addBindValue(estimatorJson(experiment, seq));
        q.addBindValue(command);
        q.addBindValue(QString::number(quint64(random.generate64()), 16));
        q.addBindValue(git);
        q.addBindValue(submitted);
        q.addBindValue(started);
        q.addBindValue(ended);
        q.addBindValue(exitCode);
        q.addBindValue(status == RunStatus::Failed ? QVariant(QStringLiteral("exit code 1"))
                       : status == RunStatus::Canceled ? QVariant(QStringLiteral("canceled"))
                                                       : QVariant(QMetaType(QMetaType::QString)));
        q.addBindValue(100000 + seq % 30000);
        q.addBindValue(100000 + seq % 30000 + 1);
        q.addBindValue(QStringLiteral("workstation"));
        q.addBindValue(ended);
        q.addBindValue(status == RunStatus::Canceled ? 1 : 0);
        if (q.exec())
            return true;
        *runError = q.lastError().text();
        return false;
    }, error);
}

// `count` runs waiting in the queue of the local target behind one Running run, whose runner is this bench
// (alive, with its recorded identity), so no program may start or reap anything: what every command of a
// workspace in the middle of a large sweep meets when it opens the workspace.
bool populateQueue(const Workspace& workspace, int count, QString* error)
{
    const auto self = ProcessIdentity::of(qint64(::getpid()));
    if (!self) {
        *error = QStringLiteral("cannot read this process's identity");
        return false;
    }
    QSqlQuery q(workspace.database());
    q.prepare(QStringLiteral("INSERT INTO runs (id, seq, experiment, status, compute_target, estimator_json, command_json, "
                             "snapshot_id, git_json, submitted_at, started_at, runner_pid, runner_identity, runner_host, "
                             "heartbeat_at, cancel_requested) VALUES (?,?,?,?,?,?,'[]','',?,?,?,?,?,?,?,0)"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return BenchSupport::writeRunsInOneTransaction(workspace, count + 1, [&](int seq, QString* runError) {
        const bool live = seq == 1;
        q.addBindValue(QStringLiteral("sweep_%1").arg(seq));
        q.addBindValue(seq);
        q.addBindValue(QStringLiteral("sweep"));
        q.addBindValue(runStatusName(live ? RunStatus::Running : RunStatus::Queued));
        q.addBindValue(QStringLiteral("local"));
        q.addBindValue(estimatorJson(QStringLiteral("sweep"), seq));
        q.addBindValue(QStringLiteral("{}"));
        q.addBindValue(now - (count + 1 - seq));
        q.addBindValue(live ? now : 0);
        q.addBindValue(live ? qint64(::getpid()) : 0);
        q.addBindValue(live ? self->token() : QString());
        q.addBindValue(live ? RunScheduler::hostName() : QString());
        q.addBindValue(live ? now : 0);
        if (q.exec())
            return true;
        *runError = q.lastError().text();
        return false;
    }, error);
}

struct Timing
{
    double medianMs = 0;
    double minMs = 0;
    int rows = -1;
    bool ok = false;
};

Timing timeCli(const QString& cli, const QStringList& args, int repeats)
{
    Timing t;
    std::vector<double> ms;
    const QString label = QStringLiteral("trainyard-cli ") + args.join(QLatin1Char(' '));
    for (int i = 0; i < repeats + 1; ++i) { // the first call warms the page cache and is not counted
        const BenchSupport::ProcessResult run = BenchSupport::runTimed(cli, args, label);
        if (!run.ok)
            return t;
        const QJsonDocument doc = QJsonDocument::fromJson(run.standardOutput);
        if (!doc.isArray()) {
            std::fprintf(stderr, "%s did not print a JSON array\n", qPrintable(label));
            return t;
        }
        t.rows = int(doc.array().size());
        if (i > 0)
            ms.push_back(run.wallMs);
    }
    t.medianMs = BenchSupport::median(ms);
    t.minMs = *std::min_element(ms.begin(), ms.end());
    t.ok = true;
    return t;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::printf("bench_runs_list: start; %s\n", qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    BenchSupport::Options options;
    options.repeats = 10;
    if (!BenchSupport::parseOptions(app.arguments(), &options, true, "usage: bench_runs_list [--runs N] [--repeats N] [--keep]"))
        return 2;
    const int runCount = options.runCount;
    const int repeats = options.repeats;
    const bool keep = options.keep;
    if (runCount < 10 || repeats < 1) {
        std::fprintf(stderr, "bench_runs_list: --runs must be at least 10 and --repeats positive\n");
        return 2;
    }
    const QString cli = QStringLiteral(TRAINYARD_BIN_DIR) + QStringLiteral("/trainyard-cli");
    if (!QFileInfo(cli).isExecutable()) {
        std::fprintf(stderr, "bench_runs_list: build trainyard-cli first (looked for %s)\n", qPrintable(cli));
        return 2;
    }
    QTemporaryDir tmp;
    tmp.setAutoRemove(!keep);
    QString error;
    const auto big = Workspace::open(tmp.path() + QStringLiteral("/big"), &error);
    const auto small = big ? Workspace::open(tmp.path() + QStringLiteral("/small"), &error) : std::nullopt;
    if (!big || !small) {
        std::fprintf(stderr, "bench_runs_list: %s\n", qPrintable(error));
        return 1;
    }
    QElapsedTimer fill;
    fill.start();
    if (!populate(*big, runCount, &error) || !populate(*small, 10, &error)) {
        std::fprintf(stderr, "bench_runs_list: cannot populate the workspace: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("bench_runs_list: %d runs written in %.1f s (database %.0f MB), %d timed calls each after one warm-up; %s\n",
                runCount, double(fill.elapsed()) / 1000.0, double(QFileInfo(big->databasePath()).size()) / 1e6, repeats,
                qPrintable(tmp.path()));
    std::fflush(stdout);

    struct Case
    {
        const char* label;
        QStringList filter;
        int expectedRows;
    };
    // exp-00 holds the most runs; Failed is ~18% of them. Both leave far more than 50 matches.
    const QList<Case> cases{
        {"runs_list", {}, 50},
        {"runs_list_experiment", {QStringLiteral("--experiment"), experimentName(0)}, 50},
        {"runs_list_status", {QStringLiteral("--status"), QStringLiteral("Failed")}, 50},
    };
    const QString countLabel = runCount % 1000 == 0 ? QStringLiteral("%1k").arg(runCount / 1000) : QString::number(runCount);
    bool allMet = true;
    auto measure = [&](const QString& suffix) {
        for (const Case& c : cases) {
            const QStringList common = QStringList{QStringLiteral("--json"), QStringLiteral("runs")} + c.filter
                                       + QStringList{QStringLiteral("--limit"), QStringLiteral("50")};
            // Baseline and subject back to back per case, so that background load hits both alike.
            const Timing base = timeCli(cli, QStringList{QStringLiteral("--workspace"), small->root()} + common, repeats);
            const Timing t = timeCli(cli, QStringList{QStringLiteral("--workspace"), big->root()} + common, repeats);
            if (!base.ok || !t.ok)
                return false;
            if (t.rows != c.expectedRows) {
                std::printf("  !!! %s printed %d runs, expected %d\n", c.label, t.rows, c.expectedRows);
                allMet = false;
            }
            const bool met = t.medianMs <= 100;
            allMet = allMet && met;
            std::printf("%s_%s%s: %.0f ms (min %.0f; 10-run workspace %.0f ms, %.1fx) target <= 100 ms%s   [runs %s--limit 50]\n",
                        c.label, qPrintable(countLabel), qPrintable(suffix), t.medianMs, t.minMs, base.medianMs,
                        t.medianMs / base.medianMs, met ? "" : "  MISSED",
                        qPrintable(c.filter.isEmpty() ? QString() : c.filter.join(QLatin1Char(' ')) + QLatin1Char(' ')));
            std::fflush(stdout);
        }
        return true;
    };
    if (!measure(QString()))
        return 1;
    // SQLite's documentation recommends `PRAGMA optimize` (which may run ANALYZE) in long-lived programs; once
    // statistics exist, the planner weighs the indexes differently. The same commands again, to show whether
    // the workspace's queries stay fast when that happens.
    for (const Workspace* ws : {&*big, &*small})
        QSqlQuery(ws->database()).exec(QStringLiteral("ANALYZE"));
    if (!measure(QStringLiteral("_after_analyze")))
        return 1;

    // A sweep in progress: every command opens a workspace whose queue holds `runCount` runs.
    const auto queued = Workspace::open(tmp.path() + QStringLiteral("/queued"), &error);
    if (!queued || !populateQueue(*queued, runCount, &error)) {
        std::fprintf(stderr, "bench_runs_list: cannot fill the queue: %s\n", qPrintable(error));
        return 1;
    }
    const QStringList listing{QStringLiteral("--json"), QStringLiteral("runs"), QStringLiteral("--limit"), QStringLiteral("50")};
    const Timing base = timeCli(cli, QStringList{QStringLiteral("--workspace"), small->root()} + listing, repeats);
    const Timing t = timeCli(cli, QStringList{QStringLiteral("--workspace"), queued->root()} + listing, repeats);
    if (!base.ok || !t.ok)
        return 1;
    QSqlQuery still(queued->database());
    const bool untouched = still.exec(QStringLiteral("SELECT COUNT(*) FROM runs WHERE status = 'Queued'")) && still.next()
                           && still.value(0).toInt() == runCount;
    const bool met = t.medianMs <= 100 && untouched;
    allMet = allMet && met;
    std::printf("runs_list_%s_queued: %.0f ms (min %.0f; 10-run workspace %.0f ms, %.1fx) target <= 100 ms%s   [runs --limit 50, "
                "%d queued behind a live run%s]\n",
                qPrintable(countLabel), t.medianMs, t.minMs, base.medianMs, t.medianMs / base.medianMs, met ? "" : "  MISSED",
                runCount, untouched ? "" : "; !!! the queue changed");
    std::printf("bench_runs_list: done; %s\n", qPrintable(BenchSupport::machineLoad()));
    return allMet ? 0 : 1;
}
