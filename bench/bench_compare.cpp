// bench_compare: comparing 1,000 runs (each with 8 params, 6 metrics with last/min/max, 2 tags and its git
// state), from RunComparison::build to the compare page's table model holding every row. Target: <= 300 ms,
// because the user waits for the table after asking to compare.
//
// The baseline, timed right before the subject in each round, is the plainest read of the same runs:
// RunStore::find of each of the 1,000, so the ratio shows what comparing costs on top of reading the runs.
//
// Usage: bench_compare [--runs N] [--repeats N] [--keep]
#include "BenchSupport.h"
#include "compare/ComparisonTableModel.h"
#include "compare/RunComparison.h"
#include "run/RunStatus.h"
#include "run/RunStore.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>

namespace {

constexpr double kTargetMs = 300;
const char* const kParams[] = {"learning_rate", "batch_size", "epochs",  "optimizer",
                               "weight_decay",  "warmup",     "dropout", "seed"};
const char* const kMetrics[] = {"loss", "val_loss", "accuracy", "val_accuracy", "lr", "epoch_time"};

bool populate(const Workspace& workspace, int count, QStringList* ids, QString* error)
{
    QSqlDatabase db = workspace.database();
    QSqlQuery run(db), param(db), metric(db), tag(db);
    run.prepare(QStringLiteral(
        "INSERT INTO runs (id, seq, experiment, status, compute_target, estimator_json, command_json, "
        "snapshot_id, git_json, submitted_at, started_at, ended_at, exit_code) "
        "VALUES (?, ?, 'sweep', ?, 'local', '{}', '[]', '', ?, ?, ?, ?, ?)"));
    param.prepare(QStringLiteral("INSERT INTO run_params (run_id, name, position, value, number, source) "
                                 "VALUES (?, ?, ?, ?, ?, 'script')"));
    metric.prepare(QStringLiteral("INSERT INTO run_metrics (run_id, name, count, last_step, last_value, "
                                  "last_time, min_value, max_value) "
                                  "VALUES (?, ?, 100, 99, ?, 0, ?, ?)"));
    tag.prepare(QStringLiteral("INSERT INTO run_tags (run_id, name, value) VALUES (?, ?, ?)"));
    return BenchSupport::writeRunsInOneTransaction(
        workspace, count,
        [&](int seq, QString* runError) {
            const auto exec = [runError](QSqlQuery& q) {
                if (q.exec())
                    return true;
                *runError = q.lastError().text();
                return false;
            };
            const QString id = QStringLiteral("sweep_%1").arg(seq);
            ids->append(id);
            const bool failed = seq % 9 == 0;
            const qint64 submitted = 1700000000000 + qint64(seq) * 60000;
            run.addBindValue(id);
            run.addBindValue(seq);
            run.addBindValue(runStatusName(failed ? RunStatus::Failed : RunStatus::Completed));
            run.addBindValue(
                QStringLiteral("{\"inRepository\":true,\"repository\":\"git@github.com:lab/"
                               "vision.git\",\"branch\":\"main\","
                               "\"commit\":\"%1\",\"dirty\":%2,\"diff\":\"%3\"}")
                    .arg(QString::number(1000 + seq % 7).repeated(10),
                         seq % 4 == 0 ? QStringLiteral("true") : QStringLiteral("false"),
                         seq % 4 == 0
                             ? QStringLiteral("--- a/train.py\\n+++ b/train.py\\n@@ -1 +1 @@\\n-x\\n+y\\n")
                             : QString()));
            run.addBindValue(submitted);
            run.addBindValue(submitted + 1000);
            run.addBindValue(submitted + 1000 + (seq % 50) * 60000);
            run.addBindValue(failed ? 1 : 0);
            if (!exec(run))
                return false;
            for (int p = 0; p < 8; ++p) {
                const QString value = p == 3 ? QString::fromLatin1(seq % 2 ? "adamw" : "sgd")
                                             : QString::number((seq % (p + 3)) * 0.1);
                param.addBindValue(id);
                param.addBindValue(QLatin1String(kParams[p]));
                param.addBindValue(p);
                param.addBindValue(value);
                bool number = false;
                const double v = value.toDouble(&number);
                param.addBindValue(number ? QVariant(v) : QVariant(QMetaType(QMetaType::Double)));
                if (!exec(param))
                    return false;
            }
            for (int m = 0; m < 6; ++m) {
                const double last = 1.0 / (1 + (seq + m) % 97);
                metric.addBindValue(id);
                metric.addBindValue(QLatin1String(kMetrics[m]));
                metric.addBindValue(last);
                metric.addBindValue(last * 0.9);
                metric.addBindValue(last * 3);
                if (!exec(metric))
                    return false;
            }
            for (const auto& [name, value] :
                 {std::pair{"stage", seq % 3 ? "dev" : "prod"}, std::pair{"owner", "kim"}}) {
                tag.addBindValue(id);
                tag.addBindValue(QLatin1String(name));
                tag.addBindValue(QLatin1String(value));
                if (!exec(tag))
                    return false;
            }
            return true;
        },
        error);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::printf("bench_compare: start; %s\n", qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    BenchSupport::Options options;
    options.runCount = 1000;
    options.repeats = 7;
    if (!BenchSupport::parseOptions(app.arguments(), &options, true,
                                    "usage: bench_compare [--runs N] [--repeats N] [--keep]"))
        return 2;
    if (options.runCount < 2 || options.repeats < 5) {
        std::fprintf(stderr, "bench_compare: --runs must be at least 2 and --repeats at least 5\n");
        return 2;
    }
    QTemporaryDir tmp;
    tmp.setAutoRemove(!options.keep);
    QString error;
    const auto workspace = Workspace::open(tmp.path() + QStringLiteral("/ws"), &error);
    if (!workspace) {
        std::fprintf(stderr, "bench_compare: %s\n", qPrintable(error));
        return 1;
    }
    QStringList ids;
    if (!populate(*workspace, options.runCount, &ids, &error)) {
        std::fprintf(stderr, "bench_compare: cannot populate the workspace: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("bench_compare: %d runs, %d rounds after one warm-up; %s\n", options.runCount,
                options.repeats, qPrintable(tmp.path()));

    BenchSupport::PairedRounds rounds;
    int rows = 0;
    for (int round = 0; round <= options.repeats; ++round) {
        QElapsedTimer timer;
        timer.start();
        RunStore store(*workspace);
        int found = 0;
        for (const QString& id : ids) {
            if (store.find(id, &error))
                ++found;
            else {
                std::fprintf(stderr, "bench_compare: cannot read run %s: %s\n", qPrintable(id),
                             qPrintable(error));
                return 1;
            }
        }
        const double baseline = double(timer.nsecsElapsed()) / 1e6;

        timer.restart();
        auto comparison = RunComparison::build(*workspace, ids, &error);
        if (!comparison) {
            std::fprintf(stderr, "bench_compare: %s\n", qPrintable(error));
            return 1;
        }
        ComparisonTableModel model;
        model.setComparison(std::make_shared<const RunComparison>(std::move(*comparison)));
        rows = 0;
        for (int s = 0; s < model.rowCount(); ++s)
            rows += model.rowCount(model.index(s, 0));
        const double subject = double(timer.nsecsElapsed()) / 1e6;
        if (found != options.runCount || model.columnCount() != options.runCount + 1) {
            std::fprintf(stderr, "bench_compare: read %d runs, the table has %d columns\n", found,
                         model.columnCount());
            return 1;
        }
        if (round > 0) // the first round warms the page cache and the connection
            rounds.add(baseline, subject);
    }
    const bool met = rounds.medianSubject() <= kTargetMs;
    std::printf("bench_compare: compare_%d median %.1f ms (target <= %.0f ms: %s), %d table rows; baseline "
                "RunStore::find x%d "
                "median %.1f ms; ratio %.2f (%s)\n",
                options.runCount, rounds.medianSubject(), kTargetMs, met ? "met" : "NOT met", rows,
                options.runCount, rounds.medianBaseline(), rounds.medianRatio(), qPrintable(rounds.ratios()));
    std::printf("bench_compare: end; %s\n", qPrintable(BenchSupport::machineLoad()));
    return met ? 0 : 1;
}
