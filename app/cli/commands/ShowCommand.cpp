#include "ShowCommand.h"

#include "estimator/CommandLineBuilder.h"
#include "run/RunFiles.h"
#include "run/RunStatus.h"
#include "run/RunStore.h"

ShowCommand::ShowCommand()
    : Command(QStringLiteral("show"), QStringLiteral("Runs"),
              QStringLiteral("Shows one run: status, times, command, git state, last metric values, tags and where "
                             "its files are."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
}

int ShowCommand::run()
{
    using F = OutputFormatter;
    const auto run = openRun();
    if (!run)
        return openFailure();
    const QString id = run->id;
    RunStore store(workspace());
    QJsonObject o = F::runSummary(*run);
    o.insert(QStringLiteral("estimator"), run->estimator);
    o.insert(QStringLiteral("command"), QJsonArray::fromStringList(run->command));
    o.insert(QStringLiteral("snapshot"), run->snapshotId);
    QJsonObject git{{QStringLiteral("repository"), run->git.value(QStringLiteral("repository"))},
                    {QStringLiteral("branch"), run->git.value(QStringLiteral("branch"))},
                    {QStringLiteral("commit"), run->git.value(QStringLiteral("commit"))},
                    {QStringLiteral("dirty"), run->git.value(QStringLiteral("dirty"))}};
    if (!run->git.value(QStringLiteral("inRepository")).toBool(true) || run->git.value(QStringLiteral("commit")).isUndefined())
        git = QJsonObject{};
    o.insert(QStringLiteral("git"), git.isEmpty() ? QJsonValue() : QJsonValue(git));
    QString error;
    const QVector<RunMetricSummary> metricSummaries = store.metricSummaries(id, &error);
    if (!error.isEmpty())
        return fail(error);
    QJsonObject metrics;
    for (const RunMetricSummary& m : metricSummaries)
        metrics.insert(m.name, F::numberValue(m.lastValue));
    o.insert(QStringLiteral("metrics"), metrics);
    const auto tagList = store.tags(id, &error);
    if (!error.isEmpty())
        return fail(error);
    QJsonObject tags;
    for (const auto& t : tagList)
        tags.insert(t.first, t.second);
    o.insert(QStringLiteral("tags"), tags);
    const RunFiles files(workspace(), id);
    o.insert(QStringLiteral("workspace"), workspace().root());
    o.insert(QStringLiteral("run_dir"), workspace().runDir(id));
    o.insert(QStringLiteral("outputs_dir"), files.absolutePath(QStringLiteral("outputs")));
    o.insert(QStringLiteral("logs_dir"), files.absolutePath(QStringLiteral("logs")));
    o.insert(QStringLiteral("url"), QString(QStringLiteral("trainyard://run/") + id));
    if (json()) {
        output().printJson(o);
        return Ok;
    }
    QTextStream& out = output().out();
    out << "Run         " << run->id << "  (trainyard://run/" << run->id << ")\n"
        << "Experiment  " << run->experiment << "\n"
        << "Status      " << runStatusText(*run);
    if (run->exitCode)
        out << "  exit code " << *run->exitCode;
    if (!run->error.isEmpty())
        out << "  " << run->error;
    out << "\nTarget      " << run->computeTarget << "\n"
        << "Submitted   " << F::isoTime(run->submittedAt) << "\n"
        << "Started     " << F::isoTime(run->startedAt) << "\n"
        << "Ended       " << F::isoTime(run->endedAt) << "  " << F::duration(*run) << "\n";
    if (!git.isEmpty())
        out << "Git         " << git.value(QStringLiteral("repository")).toString() << " "
            << git.value(QStringLiteral("branch")).toString() << " "
            << git.value(QStringLiteral("commit")).toString().left(12)
            << (git.value(QStringLiteral("dirty")).toBool() ? "  (dirty: see system/git.diff)" : "") << "\n";
    if (!run->command.isEmpty())
        out << "Command     " << CommandLineBuilder::preview(run->command) << "\n";
    out << "Outputs     " << files.absolutePath(QStringLiteral("outputs")) << "\n";
    if (!metrics.isEmpty()) {
        out << "Metrics\n";
        for (const RunMetricSummary& m : metricSummaries)
            out << "  " << F::pad(m.name, 24) << QString::number(m.lastValue, 'g', 8) << "  (step " << m.lastStep
                << ", " << m.count << " points)\n";
    }
    if (!tags.isEmpty()) {
        out << "Tags\n";
        for (const auto& t : tagList)
            out << "  " << t.first << " = " << t.second << "\n";
    }
    out.flush();
    return Ok;
}
