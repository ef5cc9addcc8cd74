#include "RenameCommand.h"

#include "run/RunStore.h"

RenameCommand::RenameCommand()
    : Command(QStringLiteral("rename"), QStringLiteral("Runs"),
              QStringLiteral(
                  "Gives a run a name, shown instead of its id in the runs table, `runs` and charts. The id "
                  "stays what commands take. An empty NAME (\"\") clears the name."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
    addPositional(QStringLiteral("NAME"), QStringLiteral("one line, at most %1 characters; \"\" clears it")
                                              .arg(RunStore::kMaxDisplayNameLength));
}

int RenameCommand::run()
{
    const QString name = positional(1).trimmed();
    QString error;
    if (!RunStore::isValidDisplayName(name, &error))
        return invalidUsage(error);
    const auto runs = openRuns({positional(0)});
    if (!runs)
        return openFailure();
    const QString id = runs->constFirst().id;
    if (!RunStore(workspace()).setDisplayName(id, name, &error))
        return fail(error);
    if (json()) {
        output().printJson(
            QJsonObject{{QStringLiteral("run"), id},
                        {QStringLiteral("name"), name.isEmpty() ? QJsonValue() : QJsonValue(name)}});
        return Ok;
    }
    if (name.isEmpty())
        output().err() << "Run " << id << " has no name now\n";
    else
        output().err() << "Run " << id << " is named \"" << name << "\"\n";
    return Ok;
}
