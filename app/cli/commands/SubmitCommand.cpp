#include "SubmitCommand.h"

#include "RunFollow.h"

#include "estimator/AzureCommandJobParser.h"
#include "estimator/EstimatorParser.h"
#include "run/RunLink.h"
#include "run/RunStatus.h"
#include "run/RunStore.h"
#include "run/RunTagName.h"
#include "run/Submitter.h"
#include "targets/TargetRegistry.h"
#include "workspace/DatabaseError.h"

#include <QFileInfo>

#include <algorithm>

SubmitCommand::SubmitCommand()
    : Command(QStringLiteral("submit"), QStringLiteral("Runs"),
              QStringLiteral("Submits an estimator as a new run and prints its id; with --wait, streams its stdout and "
                             "stderr until it ends and exits 0 only when it completed."))
{
    addPositional(QStringLiteral("ESTIMATOR.yml"),
                  QStringLiteral("the estimator file, or an Azure ML v2 command job file (job.yml: its $schema is "
                                 "commandJob, or it has command and code)"));
    addOption(QStringLiteral("experiment"), QStringLiteral("N"), QStringLiteral("the experiment, instead of the estimator's"));
    addOption(QStringLiteral("target"), QStringLiteral("T"), QStringLiteral("the compute target, instead of the estimator's"));
    addOption(QStringLiteral("param"), QStringLiteral("KEY=VALUE"), QStringLiteral("overrides one estimator setting"), Repeatable);
    addOption(QStringLiteral("name"), QStringLiteral("NAME"), QStringLiteral("the run's display name, instead of the estimator's"));
    addOption(QStringLiteral("tag"), QStringLiteral("K=V"),
              QStringLiteral("a tag for the run, added to the estimator's (replacing one of the same name)"), Repeatable);
    addFlag(QStringLiteral("wait"), QStringLiteral("follows the run to its end"));
}

int SubmitCommand::run()
{
    QStringList errors;
    std::optional<Estimator> estimator;
    std::optional<AzureCommandJob> job;
    if (AzureCommandJobParser::isJobFile(positional(0))) {
        job = AzureCommandJobParser::parseFile(positional(0), &errors);
        if (job) {
            estimator = job->estimator;
            // Messages about the run's estimator then name the job file.
            estimator->filePath = QFileInfo(positional(0)).absoluteFilePath();
        }
    } else {
        estimator = EstimatorParser::parseFile(positional(0), &errors);
    }
    if (estimator) {
        if (isSet(QStringLiteral("experiment")))
            estimator->experiment = value(QStringLiteral("experiment"));
        if (isSet(QStringLiteral("target")))
            estimator->computeTarget = value(QStringLiteral("target"));
        for (const QString& item : values(QStringLiteral("param"))) {
            QString error;
            if (!EstimatorParser::applyOverride(*estimator, item, &error))
                errors << QStringLiteral("--param %1: %2").arg(item, error);
        }
        if (isSet(QStringLiteral("name")))
            estimator->displayName = value(QStringLiteral("name"));
        for (const QString& item : values(QStringLiteral("tag"))) {
            const qsizetype equals = item.indexOf(QLatin1Char('='));
            if (equals < 0) {
                errors << QStringLiteral("--tag \"%1\": expected NAME=VALUE (NAME= for an empty value)").arg(item);
                continue;
            }
            const QString name = item.left(equals);
            QString error;
            if (!RunTagName::isValid(name, &error)) {
                errors << QStringLiteral("--tag: ") + error;
                continue;
            }
            const auto existing = std::find_if(estimator->tags.begin(), estimator->tags.end(),
                                               [&](const QPair<QString, QString>& tag) { return tag.first == name; });
            if (existing != estimator->tags.end())
                existing->second = item.mid(equals + 1);
            else
                estimator->tags.append({name, item.mid(equals + 1)});
        }
        // --name is checked here so its message names the option, not the estimator file's key.
        QString nameError;
        if (isSet(QStringLiteral("name")) && !RunStore::isValidDisplayName(estimator->displayName, &nameError))
            errors << QStringLiteral("--name: ") + nameError;
    }
    if (!errors.isEmpty()) {
        for (const QString& e : errors)
            output().err() << e << "\n";
        return InvalidInput;
    }
    if (!openWorkspace())
        return openFailure();
    if (job && !job->localInputs.isEmpty()) {
        // A path on this machine reaches the script as it is: only a target running here can open it.
        QString error;
        const auto target = TargetRegistry(workspace()).find(estimator->computeTarget, &error);
        if (!error.isEmpty())
            return fail(error);
        if (target)
            errors << AzureCommandJobParser::localInputProblems(*job, target->name, target->kind,
                                                                QFileInfo(positional(0)).fileName());
        if (!errors.isEmpty()) {
            for (const QString& e : errors)
                output().err() << e << "\n";
            return InvalidInput;
        }
    }
    const auto run = Submitter::run(workspace(), *estimator, &errors);
    if (!run) {
        for (const QString& e : errors)
            output().err() << e << "\n";
        // Problems with the estimator or what it names are invalid input; anything else is a failure.
        // A storage fault (disk full, a damaged database) or an unreadable source tree is a failure; anything
        // else Submitter refuses is the estimator's, so invalid input.
        const QString all = errors.join(QLatin1Char('\n'));
        return all.contains(QLatin1String("snapshot of")) || DatabaseError::isStorageFault(all) ? Failure : InvalidInput;
    }
    if (json())
        output().printJson(OutputFormatter::runSummary(*run));
    else
        output().out() << run->id << "\n";
    output().out().flush();
    output().err() << "Submitted run " << run->id << " (" << runStatusName(run->status) << ") to "
                   << run->computeTarget << ". Open it: " << RunLink::forRun(run->id) << "\n";
    output().err().flush();
    if (!isSet(QStringLiteral("wait")))
        return Ok;
    RunFollow follow(workspace(), run->id,
                     {{QStringLiteral("system/stdout.log"), stdout}, {QStringLiteral("system/stderr.log"), stderr}});
    const auto ended = follow.exec();
    if (!ended)
        return Failure;
    output().err() << "Run " << run->id << " " << runStatusName(ended->status);
    if (ended->exitCode)
        output().err() << " (exit code " << *ended->exitCode << ")";
    if (!ended->error.isEmpty() && ended->status != RunStatus::Completed)
        output().err() << ": " << ended->error;
    output().err() << "\n";
    return ended->status == RunStatus::Completed ? Ok : Failure;
}
