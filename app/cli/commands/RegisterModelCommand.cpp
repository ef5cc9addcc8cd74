#include "RegisterModelCommand.h"

#include "registry/ModelRegistry.h"
#include "workspace/DatabaseError.h"

RegisterModelCommand::RegisterModelCommand()
    : Command(QStringLiteral("register-model"), QStringLiteral("Models"),
              QStringLiteral("Registers a file or folder a run wrote under outputs/ as the next version of a model; "
                             "the registry keeps its own copy."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
    addOption(QStringLiteral("name"), QStringLiteral("N"), QStringLiteral("the model's name"), Required);
    addOption(QStringLiteral("path"), QStringLiteral("outputs/..."), QStringLiteral("the run's file or folder, outputs/..."), Required);
    addOption(QStringLiteral("description"), QStringLiteral("D"), QStringLiteral("what this version is"));
    addOption(QStringLiteral("tag"), QStringLiteral("K=V"), QStringLiteral("a tag of this version"), Repeatable);
}

int RegisterModelCommand::run()
{
    QVector<QPair<QString, QString>> tags;
    for (const QString& item : values(QStringLiteral("tag"))) {
        const int eq = item.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return fail(QStringLiteral("--tag %1: expected KEY=VALUE").arg(item), InvalidInput);
        tags.append({item.left(eq), item.mid(eq + 1)});
    }
    if (!openWorkspace())
        return openFailure();
    QString error;
    const auto model = ModelRegistry(workspace()).registerModel(positional(0), value(QStringLiteral("path")),
                                                                value(QStringLiteral("name")),
                                                                value(QStringLiteral("description")), tags, &error);
    if (!model)
        return fail(error, DatabaseError::isStorageFault(error) ? Failure : InvalidInput);
    if (json())
        output().printJson(QJsonObject{{QStringLiteral("name"), model->name},
                                       {QStringLiteral("version"), model->version},
                                       {QStringLiteral("run_id"), model->runId},
                                       {QStringLiteral("path"), model->sourcePath},
                                       {QStringLiteral("stored_path"), model->storedPath}});
    else
        output().out() << "Registered model " << model->name << " version " << model->version << "\n";
    return Ok;
}
