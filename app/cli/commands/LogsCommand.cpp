#include "LogsCommand.h"

#include "RunFollow.h"

#include "run/RunFiles.h"
#include "run/RunStatus.h"

#include <QFile>
#include <QFileInfo>

LogsCommand::LogsCommand()
    : Command(QStringLiteral("logs"), QStringLiteral("Runs"),
              QStringLiteral("Prints a run's stdout, its stderr or another of its files as it is; with --follow, "
                             "streams it until the run ends and exits 0 only when the run completed."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
    addFlag(QStringLiteral("follow"), QStringLiteral("streams new output until the run ends"));
    addFlag(QStringLiteral("stderr"), QStringLiteral("the run's stderr instead of its stdout"));
    addOption(QStringLiteral("file"), QStringLiteral("PATH"), QStringLiteral("a file under outputs/, logs/ or system/ instead"));
}

int LogsCommand::run()
{
    const auto run = openRun();
    if (!run)
        return openFailure();
    QString file = QStringLiteral("system/stdout.log");
    if (isSet(QStringLiteral("stderr")))
        file = QStringLiteral("system/stderr.log");
    if (isSet(QStringLiteral("file")))
        file = value(QStringLiteral("file"));
    QString containmentError;
    const QString path = RunFiles(workspace(), run->id).resolve(file, &containmentError);
    if (path.isEmpty())
        return fail(containmentError.isEmpty()
                        ? QStringLiteral("--file %1: expected a path under outputs/, logs/ or system/").arg(file)
                        : QStringLiteral("--file: %1").arg(containmentError),
                    InvalidInput);
    if (isSet(QStringLiteral("follow"))) {
        RunFollow follow(workspace(), run->id, {{file, stdout}});
        const auto ended = follow.exec();
        return ended && ended->status == RunStatus::Completed ? Ok : Failure;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (!QFileInfo::exists(path))
            return Ok; // nothing written yet
        return fail(QStringLiteral("cannot read %1").arg(path));
    }
    QByteArray chunk;
    while (!(chunk = f.read(1 << 20)).isEmpty())
        if (!OutputFormatter::writeRaw(stdout, chunk))
            break; // `logs RUN | head`: the reader has what it wanted
    return Ok;
}
