// bench_app_start: time from starting `trainyard --workspace W` (offscreen platform) to the first paint of its
// main window, on an empty workspace and on one of 100,000 runs. The app reports the moment itself
// (TRAINYARD_EXIT_AFTER_FIRST_PAINT=1 prints "first-paint-ms N" measured from process start, then quits);
// the bench also times the whole process from outside. Target: first paint within 1 s.
//
// Baseline, in the same run: `trainyard-cli --workspace W runs --limit 1`, a process that opens the same
// workspace and prints one run, so the ratio shows what the window (Qt Widgets, the pages) adds.
//
// Usage: bench_app_start [--runs N] [--repeats N]
#include "BenchSupport.h"
#include "run/RunStatus.h"
#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>
#include <vector>

namespace {

bool populate(const Workspace& workspace, int count, QString* error)
{
    QSqlQuery q(workspace.database());
    q.prepare(QStringLiteral("INSERT INTO runs (id, seq, experiment, status, compute_target, estimator_json, submitted_at, "
                             "started_at, ended_at, exit_code) VALUES (?,?,?,?,?,?,?,?,?,?)"));
    return BenchSupport::writeRunsInOneTransaction(workspace, count, [&](int seq, QString* runError) {
        const QString experiment = QStringLiteral("exp-%1").arg(seq % 40);
        q.addBindValue(QStringLiteral("%1_%2").arg(experiment).arg(seq));
        q.addBindValue(seq);
        q.addBindValue(experiment);
        q.addBindValue(runStatusName(seq % 5 ? RunStatus::Completed : RunStatus::Failed));
        q.addBindValue(QStringLiteral("local"));
        q.addBindValue(QStringLiteral("{\"entryScript\":\"train.py\"}"));
        q.addBindValue(1600000000000 + qint64(seq) * 600000);
        q.addBindValue(1600000001000 + qint64(seq) * 600000);
        q.addBindValue(1600000900000 + qint64(seq) * 600000);
        q.addBindValue(seq % 5 ? 0 : 1);
        if (q.exec())
            return true;
        *runError = q.lastError().text();
        return false;
    }, error);
}

struct Sample
{
    double wallMs = -1;
    double paintMs = -1; // as the app measured it from its process start
};

Sample runOnce(const QString& program, const QStringList& args, const QProcessEnvironment& env, bool expectPaint)
{
    const BenchSupport::ProcessResult run = BenchSupport::runTimed(program, args, program, env);
    if (!run.ok)
        return {};
    Sample s;
    s.wallMs = run.wallMs;
    if (expectPaint) {
        const QString out = QString::fromUtf8(run.standardOutput);
        const auto match = QRegularExpression(QStringLiteral("first-paint-ms ([0-9.]+)")).match(out);
        if (!match.hasMatch()) {
            std::fprintf(stderr, "trainyard printed no first-paint-ms line: %s\n", qPrintable(out));
            return {};
        }
        s.paintMs = match.captured(1).toDouble();
    }
    return s;
}

using BenchSupport::median;

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::printf("bench_app_start: start; %s\n", qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    BenchSupport::Options options;
    if (!BenchSupport::parseOptions(app.arguments(), &options, false, "usage: bench_app_start [--runs N] [--repeats N]"))
        return 2;
    const int runCount = options.runCount;
    const int repeats = options.repeats;
    if (runCount < 1 || repeats < 1) {
        std::fprintf(stderr, "bench_app_start: --runs and --repeats must be positive\n");
        return 2;
    }
    const QString gui = QStringLiteral(TRAINYARD_BIN_DIR) + QStringLiteral("/trainyard");
    const QString cli = QStringLiteral(TRAINYARD_BIN_DIR) + QStringLiteral("/trainyard-cli");
    if (!QFileInfo(gui).isExecutable() || !QFileInfo(cli).isExecutable()) {
        std::fprintf(stderr, "bench_app_start: build trainyard and trainyard-cli first (looked in %s)\n", TRAINYARD_BIN_DIR);
        return 2;
    }
    QTemporaryDir tmp;
    QString error;
    const auto empty = Workspace::open(tmp.path() + QStringLiteral("/empty"), &error);
    const auto big = empty ? Workspace::open(tmp.path() + QStringLiteral("/big"), &error) : std::nullopt;
    if (!empty || !big || !populate(*big, runCount, &error)) {
        std::fprintf(stderr, "bench_app_start: %s\n", qPrintable(error));
        return 1;
    }
    // A fresh HOME: no saved window state or settings of the user's own app change what is measured.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("TRAINYARD_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
    env.insert(QStringLiteral("HOME"), tmp.path() + QStringLiteral("/home"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), tmp.path() + QStringLiteral("/home/.config"));
    std::printf("bench_app_start: median of %d starts after one warm-up; workspaces: empty and %d runs\n", repeats, runCount);

    bool allMet = true;
    for (const Workspace* ws : {&*empty, &*big}) {
        std::vector<double> guiWall, paint, cliWall;
        for (int i = 0; i <= repeats; ++i) {
            // Baseline and subject back to back, so background load hits both alike.
            const Sample base = runOnce(cli, {QStringLiteral("--workspace"), ws->root(), QStringLiteral("runs"), QStringLiteral("--limit"), QStringLiteral("1")},
                                        env, false);
            const Sample s = runOnce(gui, {QStringLiteral("--workspace"), ws->root()}, env, true);
            if (base.wallMs < 0 || s.wallMs < 0)
                return 1;
            if (i == 0)
                continue;
            cliWall.push_back(base.wallMs);
            guiWall.push_back(s.wallMs);
            paint.push_back(s.paintMs);
        }
        const double paintMs = median(paint);
        const double baseMs = median(cliWall);
        const bool met = paintMs <= 1000;
        allMet = allMet && met;
        std::printf("app_start_%s: first paint %.0f ms after process start (process wall %.0f ms); trainyard-cli runs --limit 1 "
                    "%.0f ms; ratio %.1fx; target first paint <= 1000 ms%s\n",
                    ws == &*empty ? "empty" : qPrintable(QStringLiteral("%1_runs").arg(runCount)), paintMs, median(guiWall), baseMs,
                    paintMs / baseMs, met ? "" : "  MISSED");
        std::fflush(stdout);
    }
    return allMet ? 0 : 1;
}
