#include "FilesCommand.h"

#include "run/RunFiles.h"

FilesCommand::FilesCommand()
    : Command(QStringLiteral("files"), QStringLiteral("Runs"),
              QStringLiteral("Lists the files a run exposes: its outputs/ and logs/ folders and system/ (stdout, "
                             "stderr, the git diff, the runner's log)."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
}

int FilesCommand::run()
{
    using F = OutputFormatter;
    const auto run = openRun();
    if (!run)
        return openFailure();
    output().printListing(
        RunFiles(workspace(), run->id).list(),
        [](const RunFileEntry& e) {
            return QJsonObject{{QStringLiteral("path"), e.path},
                               {QStringLiteral("size"), e.size},
                               {QStringLiteral("is_dir"), e.isDir},
                               {QStringLiteral("modified"), F::isoTime(e.modifiedMs)}};
        },
        QString(), // no header
        [](const RunFileEntry& e) -> QString {
            return F::pad(e.isDir ? QStringLiteral("-") : F::humanSize(e.size), 10) + QLatin1Char(' ') + e.path
                   + (e.isDir ? QStringLiteral("/") : QString());
        });
    return Ok;
}
