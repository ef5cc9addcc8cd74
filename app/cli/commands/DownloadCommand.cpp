#include "DownloadCommand.h"

#include "run/RunFiles.h"

DownloadCommand::DownloadCommand()
    : Command(QStringLiteral("download"), QStringLiteral("Runs"),
              QStringLiteral("Copies a file or folder of a run to DEST (a new path, or an existing folder to copy "
                             "into); never overwrites."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
    addPositional(QStringLiteral("PATH"), QStringLiteral("a path under outputs/, logs/ or system/"));
    addOption(QStringLiteral("to"), QStringLiteral("DEST"), QStringLiteral("where to copy it"), Required);
}

int DownloadCommand::run()
{
    const auto run = openRun();
    if (!run)
        return openFailure();
    QString error;
    if (!RunFiles(workspace(), run->id).download(positional(1), value(QStringLiteral("to")), &error))
        return fail(error);
    return Ok;
}
