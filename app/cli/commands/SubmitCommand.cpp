#include "SubmitCommand.h"

#include "RunFollow.h"

#include "estimator/EstimatorParser.h"
#include "run/RunStatus.h"
#include "run/Submitter.h"
#include "workspace/DatabaseError.h"

SubmitCommand::SubmitCommand()
    : Command(QStringLiteral("submit"), QStringLiteral("Runs"),
              QStringLiteral("Submits an estimator as a new run and prints its id; with --wait, streams its stdout and "
                             "stderr until it ends and exits 0 only when it completed."))
{
    addPositional(QStringLiteral("ESTIMATOR.yml"), QStringLiteral("the estimator file"));
    addOption(QStringLiteral("experiment"), QStringLiteral("N"), QStringLiteral("the experiment, instead of the estimator's"));
    addOption(QStringLiteral("target"), QStringLiteral("T"), QStringLiteral("the compute target, instead of the estimator's"));
    addOption(QStringLiteral("param"), QStringLiteral("KEY=VALUE"), QStringLiteral("overrides one estimator setting"), Repeatable);
    addFlag(QStringLiteral("wait"), QStringLiteral("follows the run to its end"));
}

int SubmitCommand::run()
{
    QStringList errors;
    auto estimator = EstimatorParser::parseFile(positional(0), &errors);
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
    }
    if (!errors.isEmpty()) {
        for (const QString& e : errors)
            output().err() << e << "\n";
        return InvalidInput;
    }
    if (!openWorkspace())
        return openFailure();
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
    output().err() << "Submitted run " << run->id << " (" << runStatusName(run->status) << ") to " << run->computeTarget
                   << ". Open it: trainyard://run/" << run->id << "\n";
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
