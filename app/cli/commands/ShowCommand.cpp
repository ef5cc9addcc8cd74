#include "ShowCommand.h"

#include "environments/EnvironmentStore.h"
#include "environments/RanWith.h"
#include "estimator/CommandLineBuilder.h"
#include "logs/FailureCause.h"
#include "run/RunFiles.h"
#include "run/RunLink.h"
#include "run/RunStatus.h"
#include "run/RunStore.h"

ShowCommand::ShowCommand()
    : Command(QStringLiteral("show"), QStringLiteral("Runs"),
              QStringLiteral(
                  "Shows one run: its link (trainyard://run/ID), name, status, times, command, git state, "
                  "last metric values, tags, note and where its files are."))
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
    o.insert(QStringLiteral("name"), run->displayName.isEmpty() ? QJsonValue() : QJsonValue(run->displayName));
    o.insert(QStringLiteral("note"), run->note.isEmpty() ? QJsonValue() : QJsonValue(run->note));
    o.insert(QStringLiteral("archived"), run->archived);
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
    // "link" is the name the docs use; "url" stays for scripts written before it.
    o.insert(QStringLiteral("link"), RunLink::forRun(id));
    o.insert(QStringLiteral("url"), RunLink::forRun(id));
    // A failed run says why in its own words: the exception that ended it, from the tail of its stderr.
    FailureCause cause;
    if (run->status == RunStatus::Failed) {
        QString causeError;
        if (!FailureCause::fromFile(workspace().runDir(id) + QStringLiteral("/system/stderr.log"), &cause, &causeError))
            output().error(causeError); // the rest of the run is still shown
    }
    o.insert(QStringLiteral("failure"), cause.isEmpty() ? QJsonValue() : QJsonValue(cause.toJson()));
    const QString slurmJobId = run->targetHandle.value(QStringLiteral("slurm_job_id")).toString();
    if (!slurmJobId.isEmpty())
        o.insert(QStringLiteral("slurm_job_id"), slurmJobId);

    // What it ran with: the environment's record, and what the supervisor saw on the target (ran-with.json).
    bool usedEnvironment = false;
    const auto environment = EnvironmentStore(workspace()).forRun(id, &usedEnvironment, &error);
    if (!environment && !error.isEmpty())
        return fail(error);
    QString ranWithError;
    const std::optional<RanWith> ranWith = RanWith::read(workspace(), id, &ranWithError);
    // A damaged run file does not hide the rest of the run.
    if (!ranWith)
        output().error(ranWithError);
    const QJsonObject image = ranWith ? ranWith->image : QJsonObject();
    QJsonValue environmentValue;
    if (environment) {
        environmentValue = QJsonObject{
            {QStringLiteral("target"), environment->target},
            {QStringLiteral("hash"), environment->hash},
            {QStringLiteral("manager"), environment->manager},
            {QStringLiteral("python"), environment->python},
            {QStringLiteral("python_version"), environment->pythonVersion},
            {QStringLiteral("image"), environment->image.isEmpty() ? QJsonValue() : QJsonValue(environment->image)},
            {QStringLiteral("image_id"), environment->imageId.isEmpty() ? QJsonValue() : QJsonValue(environment->imageId)},
            {QStringLiteral("image_digest"), image.value(QStringLiteral("digest")).toString().isEmpty()
                                                 ? QJsonValue()
                                                 : image.value(QStringLiteral("digest"))}};
    }
    o.insert(QStringLiteral("environment"), environmentValue);
    o.insert(QStringLiteral("host"), ranWith && !ranWith->host.isEmpty() ? QJsonValue(ranWith->host) : QJsonValue());
    o.insert(QStringLiteral("interpreter"),
             ranWith && !ranWith->interpreter.isEmpty() ? QJsonValue(ranWith->interpreter) : QJsonValue());
    if (json()) {
        output().printJson(o);
        return Ok;
    }
    QTextStream& out = output().out();
    out << "Run         " << run->id << "\n"
        << "Link        " << RunLink::forRun(run->id) << "\n"
        << "Experiment  " << run->experiment << "\n";
    if (!run->displayName.isEmpty())
        out << "Name        " << run->displayName << "\n";
    if (run->archived)
        out << "Archived    yes\n";
    out << "Status      " << runStatusText(*run);
    if (run->exitCode)
        out << "  exit code " << *run->exitCode;
    if (!run->error.isEmpty())
        out << "  " << run->error;
    if (!cause.isEmpty())
        out << "\nCause       " << cause.headline();
    out << "\nTarget      " << run->computeTarget << "\n";
    if (!slurmJobId.isEmpty())
        out << "Slurm job   " << slurmJobId << "\n";
    out << "Submitted   " << F::isoTime(run->submittedAt) << "\n"
        << "Started     " << F::isoTime(run->startedAt) << "\n"
        << "Ended       " << F::isoTime(run->endedAt) << "  " << F::duration(*run) << "\n";
    if (!git.isEmpty())
        out << "Git         " << git.value(QStringLiteral("repository")).toString() << " "
            << git.value(QStringLiteral("branch")).toString() << " "
            << git.value(QStringLiteral("commit")).toString().left(12)
            << (git.value(QStringLiteral("dirty")).toBool() ? "  (dirty: see system/git.diff)" : "") << "\n";
    if (!run->command.isEmpty())
        out << "Command     " << CommandLineBuilder::preview(run->command) << "\n";
    out << "Environment ";
    if (environment) {
        out << environment->shortHash();
        QStringList details;
        if (!environment->manager.isEmpty())
            details << environment->manager;
        if (!environment->pythonVersion.isEmpty())
            details << QStringLiteral("python ") + environment->pythonVersion;
        if (!environment->image.isEmpty())
            details << QStringLiteral("image ") + environment->image;
        if (!details.isEmpty())
            out << "  (" << details.join(QStringLiteral(", ")) << ")";
    } else if (ranWith && ranWith->present) {
        const QString interpreter = ranWith->interpreter.value(QStringLiteral("path")).toString();
        out << "none, the target's interpreter" << (interpreter.isEmpty() ? QString() : QStringLiteral(" ") + interpreter);
        if (!image.isEmpty())
            out << "  (image " << image.value(QStringLiteral("ref")).toString() << ")";
    } else {
        out << "—";
    }
    out << "\n";
    if (ranWith && !ranWith->hostSummary().isEmpty())
        out << "Host        " << ranWith->hostSummary() << "\n";
    out << "Outputs     " << files.absolutePath(QStringLiteral("outputs")) << "\n";
    if (!metrics.isEmpty()) {
        out << "Metrics\n";
        // Long names (system/<node>/gpu0/utilization_percent) widen the column rather than run into the value.
        int width = 24;
        for (const RunMetricSummary& m : metricSummaries)
            width = qMax(width, int(m.name.size()) + 2);
        for (const RunMetricSummary& m : metricSummaries)
            out << "  " << F::pad(m.name, width) << QString::number(m.lastValue, 'g', 8) << "  (step " << m.lastStep
                << ", " << m.count << " points)\n";
    }
    if (!tags.isEmpty()) {
        out << "Tags\n";
        for (const auto& t : tagList)
            out << "  " << t.first << " = " << t.second << "\n";
    }
    if (!run->note.isEmpty()) {
        out << "Note\n";
        for (const QString& line : run->note.split(QLatin1Char('\n')))
            out << "  " << line << "\n";
    }
    out.flush();
    return Ok;
}
