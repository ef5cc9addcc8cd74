#include "DatasetsListCommand.h"

#include "registry/DatasetRegistry.h"

DatasetsListCommand::DatasetsListCommand()
    : Command(QStringLiteral("datasets list"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Lists the registered datasets, every version."))
{
}

int DatasetsListCommand::run()
{
    using F = OutputFormatter;
    if (!openWorkspace())
        return openFailure();
    QString error;
    const auto datasets = DatasetRegistry(workspace()).list(&error);
    if (!error.isEmpty())
        return fail(error);
    output().printListing(
        datasets,
        [](const DatasetRecord& d) {
            return QJsonObject{{QStringLiteral("name"), d.name}, {QStringLiteral("version"), d.version},
                               {QStringLiteral("path"), d.path}, {QStringLiteral("is_folder"), d.isFolder},
                               {QStringLiteral("size"), d.size}, {QStringLiteral("files"), d.fileCount},
                               {QStringLiteral("description"), d.description},
                               {QStringLiteral("registered_at"), F::timeValue(d.registeredAt)}};
        },
        F::pad(QStringLiteral("DATASET"), 24) + F::pad(QStringLiteral("VERSION"), 9) + F::pad(QStringLiteral("SIZE"), 10)
            + QStringLiteral("PATH"),
        [](const DatasetRecord& d) -> QString {
            return F::pad(d.name, 24) + F::pad(QString::number(d.version), 9) + F::pad(F::humanSize(d.size), 10) + d.path;
        });
    return Ok;
}
