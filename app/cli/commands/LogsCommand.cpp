#include "LogsCommand.h"

#include "RunFollow.h"

#include "estimator/Estimator.h"
#include "run/DistributedLayout.h"
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
    addOption(QStringLiteral("rank"), QStringLiteral("N"),
              QStringLiteral("of a distributed run: rank N's stdout (or stderr); rank 0's is the run's own"));
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
    if (isSet(QStringLiteral("rank"))) {
        if (isSet(QStringLiteral("file")))
            return fail(QStringLiteral("--rank and --file name different logs; give one of them"), InvalidInput);
        bool isNumber = false;
        const QString text = value(QStringLiteral("rank"));
        const int rank = text.toInt(&isNumber);
        if (!isNumber || rank < 0)
            return fail(QStringLiteral("--rank: expected a rank number (0, 1, …), got \"%1\"").arg(text), InvalidInput);
        const DistributedLayout layout = DistributedLayout::of(Estimator::fromJson(run->estimator));
        if (rank >= layout.worldSize())
            return fail(layout.isDistributed()
                            ? QStringLiteral("--rank %1: run %2 has ranks 0 to %3").arg(rank).arg(run->id).arg(layout.worldSize() - 1)
                            : QStringLiteral("--rank %1: run %2 is not distributed; its only rank is 0").arg(rank).arg(run->id),
                        InvalidInput);
        const QString stream = isSet(QStringLiteral("stderr")) ? QStringLiteral("stderr.log") : QStringLiteral("stdout.log");
        file = rank == 0 ? QStringLiteral("system/") + stream : QStringLiteral("system/ranks/%1/%2").arg(rank).arg(stream);
    }
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
