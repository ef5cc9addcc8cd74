#include "ModelDownloadCommand.h"

#include "registry/ModelRegistry.h"

ModelDownloadCommand::ModelDownloadCommand()
    : Command(QStringLiteral("model-download"), QStringLiteral("Models"),
              QStringLiteral("Copies a registered model to DEST: the given version or the one the alias names, else "
                             "the newest; never overwrites."))
{
    addPositional(QStringLiteral("NAME[:VERSION|@ALIAS]"), QStringLiteral("the model, and optionally its version or an alias"));
    addOption(QStringLiteral("to"), QStringLiteral("DEST"), QStringLiteral("where to copy it"), Required);
}

int ModelDownloadCommand::run()
{
    if (!openWorkspace())
        return openFailure();
    QString error;
    const ModelRegistry registry(workspace());
    const auto model = registry.resolve(positional(0), &error);
    if (!model || !registry.download(*model, value(QStringLiteral("to")), &error))
        return fail(error);
    return Ok;
}
