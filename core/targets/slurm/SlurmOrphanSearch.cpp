#include "targets/slurm/SlurmOrphanSearch.h"

#include "targets/slurm/SlurmJobState.h"

#include <QDir>
#include <QElapsedTimer>
#include <QStringList>
#include <QThread>

namespace {
constexpr int kCommandTimeoutMs = 30000;
} // namespace

QString SlurmOrphanSearch::cancelSubmitted(const SlurmCommands& commands, const QString& jobName,
                                           const QString& workDir)
{
    // sbatch given up while the controller was busy may have handed the job over all the same: the
    // controller creates it once it reads the request. It is found by its name (and this run's folder, in
    // case another workspace has a run of the same id) and canceled, so that no job of a failed run stays
    // queued. A slow controller may take the request only after a first look, so it is looked for until it
    // has answered a few times without it; every state is asked for, since a short job may have ended
    // between two looks.
    constexpr int kLooksWithoutTheJob = 3;
    constexpr qint64 kSearchMs = 60000;
    QElapsedTimer timer;
    timer.start();
    QStringList canceled;
    QStringList ended;
    QString lastError;
    int emptyAnswers = 0;
    while (emptyAnswers < kLooksWithoutTheJob && timer.elapsed() < kSearchMs) {
        const SlurmCommandResult listed = commands.run(
            {QStringLiteral("squeue"), QStringLiteral("--noheader"), QStringLiteral("--states=all"),
             QStringLiteral("--name=") + jobName, QStringLiteral("--format=%i|%T|%Z")},
            kCommandTimeoutMs);
        if (!listed.ok()) {
            lastError = listed.failure(QStringLiteral("squeue"));
        } else {
            lastError.clear();
            bool found = false;
            for (const QString& line :
                 QString::fromUtf8(listed.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                const QString id = line.section(QLatin1Char('|'), 0, 0).trimmed();
                const QString state = line.section(QLatin1Char('|'), 1, 1).trimmed();
                const QString dir = line.section(QLatin1Char('|'), 2);
                if (id.isEmpty() || QDir::cleanPath(dir) != QDir::cleanPath(workDir))
                    continue;
                found = true;
                if (canceled.contains(id) || ended.contains(id))
                    continue;
                SlurmJobState job;
                job.state = state;
                if (job.isTerminal()) {
                    ended << QStringLiteral("%1 (%2)").arg(id, state);
                    continue;
                }
                const SlurmCommandResult cancel =
                    commands.run({QStringLiteral("scancel"), id}, kCommandTimeoutMs);
                if (!cancel.ok())
                    return QStringLiteral("it had submitted job %1 all the same, which could not be canceled "
                                          "(%2): cancel it with scancel %1")
                        .arg(id, cancel.failure(QStringLiteral("scancel")));
                canceled << id;
            }
            emptyAnswers = found ? 0 : emptyAnswers + 1;
            // Found and dealt with: a second job of the same request is not to be expected.
            if (found)
                break;
        }
        if (emptyAnswers < kLooksWithoutTheJob)
            QThread::msleep(1000);
    }
    if (!canceled.isEmpty())
        return QStringLiteral(
                   "it had submitted job %1 all the same, which was canceled so that it does not run "
                   "without this run")
            .arg(canceled.join(QStringLiteral(", ")));
    if (!ended.isEmpty())
        return QStringLiteral("it had submitted job %1 all the same, which ended before it could be canceled")
            .arg(ended.join(QStringLiteral(", ")));
    if (!lastError.isEmpty())
        return QStringLiteral(
                   "Slurm could not be asked whether it took the job (%1): if a job named %2 appears "
                   "(squeue --name=%2), cancel it with scancel --name=%2")
            .arg(lastError, jobName);
    return QStringLiteral("Slurm has no job named %1: nothing was submitted").arg(jobName);
}
