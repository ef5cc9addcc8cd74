#include "DeleteCommand.h"

#include "run/RunDeletion.h"

#include <cstdio>
#include <unistd.h>

DeleteCommand::DeleteCommand()
    : Command(QStringLiteral("delete"), QStringLiteral("Runs"),
              QStringLiteral(
                  "Deletes runs: their records and all their files (outputs, logs, metrics). A live run is "
                  "refused (cancel it first); a run a model was registered from may be deleted, because "
                  "the registry keeps its own copy, and this is said. Every run is checked first: when one "
                  "is unknown or refused, none is deleted. Asks before deleting on a terminal; elsewhere "
                  "--yes is required."))
{
    addRepeatedPositional(QStringLiteral("RUN"), QStringLiteral("the runs' ids"));
    addFlag(QStringLiteral("yes"), QStringLiteral("delete without asking"));
}

int DeleteCommand::run()
{
    const auto runs = openRuns(positionals(0));
    if (!runs)
        return openFailure();
    RunDeletion deletion(workspace());
    QStringList refusals;
    for (const RunRecord& run : *runs) {
        const RunDeletionResult check = deletion.check(run.id);
        if (check.outcome == RunDeletionResult::Outcome::Failed)
            return fail(check.error);
        if (!check.deleted())
            refusals << check.error;
    }
    if (!refusals.isEmpty())
        return fail(refusals.join(QStringLiteral("; ")) + QStringLiteral("; nothing was deleted"),
                    InvalidInput);

    const QString what =
        runs->size() == 1 ? QStringLiteral("1 run") : QStringLiteral("%1 runs").arg(runs->size());
    if (!isSet(QStringLiteral("yes"))) {
        if (!::isatty(STDIN_FILENO))
            return fail(QStringLiteral("delete removes %1 and their files for good: add --yes to confirm "
                                       "when not asked on a terminal")
                            .arg(what),
                        InvalidInput);
        output().err() << "Delete " << what << " and their files? [y/N] ";
        output().err().flush();
        char line[64] = {};
        const bool answered = std::fgets(line, sizeof line, stdin) != nullptr;
        const QString answer = QString::fromLocal8Bit(line).trimmed().toLower();
        if (!answered || (answer != QLatin1String("y") && answer != QLatin1String("yes")))
            return fail(QStringLiteral("nothing was deleted"));
    }

    QJsonArray results;
    QStringList failures;
    for (const RunRecord& run : *runs) {
        const RunDeletionResult result = deletion.remove(run.id);
        results.append(QJsonObject{
            {QStringLiteral("run"), run.id},
            {QStringLiteral("deleted"), result.deleted()},
            {QStringLiteral("notes"), QJsonArray::fromStringList(result.notes)},
            {QStringLiteral("error"), result.error.isEmpty() ? QJsonValue() : QJsonValue(result.error)}});
        if (!result.error.isEmpty())
            failures << result.error;
        if (!json() && result.deleted()) {
            output().err() << "Deleted run " << run.id << "\n";
            for (const QString& note : result.notes)
                output().err() << "  " << note << "\n";
        }
    }
    if (json())
        output().printJson(results);
    for (const QString& failure : std::as_const(failures))
        output().error(failure);
    return failures.isEmpty() ? Ok : Failure;
}
