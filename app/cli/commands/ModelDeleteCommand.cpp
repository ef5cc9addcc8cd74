#include "ModelDeleteCommand.h"

#include "registry/ModelRegistry.h"

ModelDeleteCommand::ModelDeleteCommand()
    : Command(QStringLiteral("model-delete"), QStringLiteral("Models"),
              QStringLiteral("Deletes one version of a registered model and its files."))
{
    addPositional(QStringLiteral("NAME:VERSION"), QStringLiteral("the model and the version to delete"));
}

int ModelDeleteCommand::run()
{
    const QString ref = positional(0);
    const int colon = ref.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const int version = colon > 0 ? ref.mid(colon + 1).toInt(&ok) : 0;
    if (!ok)
        return fail(QStringLiteral("model-delete %1: expected NAME:VERSION").arg(ref), InvalidInput);
    if (!openWorkspace())
        return openFailure();
    QString error;
    if (!ModelRegistry(workspace()).remove(ref.left(colon), version, &error))
        return fail(error);
    return Ok;
}
