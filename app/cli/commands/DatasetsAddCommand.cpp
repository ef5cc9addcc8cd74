#include "DatasetsAddCommand.h"

#include "registry/DatasetRegistry.h"

DatasetsAddCommand::DatasetsAddCommand()
    : Command(QStringLiteral("datasets add"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Registers a file or folder as the next version of a dataset; estimators name it as "
                             "{dataset: NAME}."))
{
    addPositional(QStringLiteral("NAME"), QStringLiteral("the dataset's name"));
    addPositional(QStringLiteral("PATH"), QStringLiteral("the file or folder"));
    addOption(QStringLiteral("description"), QStringLiteral("D"), QStringLiteral("what this version is"));
}

int DatasetsAddCommand::run()
{
    if (!openWorkspace())
        return openFailure();
    QString error;
    const auto d = DatasetRegistry(workspace()).add(positional(0), positional(1), value(QStringLiteral("description")), &error);
    if (!d)
        return fail(error, InvalidInput);
    if (json())
        output().printJson(QJsonObject{{QStringLiteral("name"), d->name}, {QStringLiteral("version"), d->version},
                                       {QStringLiteral("path"), d->path}, {QStringLiteral("is_folder"), d->isFolder},
                                       {QStringLiteral("size"), d->size}, {QStringLiteral("files"), d->fileCount},
                                       {QStringLiteral("description"), d->description}});
    else
        output().out() << "Registered dataset " << d->name << " version " << d->version << " (" << d->path << ")\n";
    return Ok;
}
