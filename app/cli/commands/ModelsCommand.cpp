#include "ModelsCommand.h"

#include "registry/ModelRegistry.h"

ModelsCommand::ModelsCommand()
    : Command(QStringLiteral("models"), QStringLiteral("Models"), QStringLiteral("Lists the registered models, every version."))
{
}

int ModelsCommand::run()
{
    using F = OutputFormatter;
    if (!openWorkspace())
        return openFailure();
    QString error;
    const auto models = ModelRegistry(workspace()).list(&error);
    if (!error.isEmpty())
        return fail(error);
    output().printListing(
        models,
        [](const ModelRecord& m) {
            QJsonObject tags;
            for (const auto& t : m.tags)
                tags.insert(t.first, t.second);
            return QJsonObject{{QStringLiteral("name"), m.name}, {QStringLiteral("version"), m.version},
                               {QStringLiteral("description"), m.description}, {QStringLiteral("tags"), tags},
                               {QStringLiteral("run_id"), m.runId}, {QStringLiteral("path"), m.sourcePath},
                               {QStringLiteral("size"), m.size}, {QStringLiteral("files"), m.fileCount},
                               {QStringLiteral("created_at"), F::timeValue(m.createdAt)}};
        },
        F::pad(QStringLiteral("MODEL"), 24) + F::pad(QStringLiteral("VERSION"), 9) + F::pad(QStringLiteral("RUN"), 28)
            + F::pad(QStringLiteral("SIZE"), 10) + QStringLiteral("PATH"),
        [](const ModelRecord& m) -> QString {
            return F::pad(m.name, 24) + F::pad(QString::number(m.version), 9) + F::pad(m.runId, 28)
                   + F::pad(F::humanSize(m.size), 10) + m.sourcePath;
        });
    return Ok;
}
