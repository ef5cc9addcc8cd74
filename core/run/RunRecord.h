// One run as the workspace database records it.
#pragma once

#include "run/RunStatus.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

struct RunRecord
{
    QString id;
    qint64 seq = 0; // submission order across the workspace
    QString experiment;
    RunStatus status = RunStatus::Queued;
    QString computeTarget;
    QJsonObject estimator;
    QStringList command;
    QString snapshotId;
    QJsonObject git;
    qint64 submittedAt = 0; // milliseconds since the epoch; 0 = not yet
    qint64 startedAt = 0;
    qint64 endedAt = 0;
    std::optional<int> exitCode;
    QString error;
    qint64 runnerPid = 0;
    qint64 processGroup = 0;
    QString runnerHost;
    qint64 heartbeatAt = 0;
    bool cancelRequested = false;
    // "bootid:starttime" of runnerPid: a pid alone may since belong to another program.
    QString runnerIdentity;
    // What the compute target needs to find the job again (pid and start time for local; host and remote
    // folder, a Slurm job id for others). Opaque to everything but the target.
    QJsonObject targetHandle;
    // Set while the target holds a started run back ("waiting for resources"): shown as Queued.
    QString waitingReason;
    // The environment decided at submit: [{"name","value"}] with {"name","secret":true} for secrets.
    QJsonArray environment;
    // What the user gave the run to tell it from the others: a name shown instead of its id, a free-text
    // note, and whether it is archived (hidden from listings unless asked for).
    QString displayName;
    QString note;
    bool archived = false;
};

// The status as a person reads it: a run its target holds back reads "Queued (waiting for resources)".
inline QString runStatusText(RunStatus status, const QString& waitingReason)
{
    if (!waitingReason.isEmpty() && status == RunStatus::Starting) {
        // A job waiting in its target's own queue: "queued: Priority" reads "Queued (Priority)".
        if (waitingReason == QLatin1String("queued"))
            return runStatusName(RunStatus::Queued);
        const QString reason = waitingReason.startsWith(QLatin1String("queued: ")) ? waitingReason.mid(8) : waitingReason;
        return runStatusName(RunStatus::Queued) + QStringLiteral(" (") + reason + QLatin1Char(')');
    }
    // A live run's current step: "Preparing (uploading 12 MB of 500 MB)", "Running (reconnecting: …)".
    if (!waitingReason.isEmpty() && isLive(status))
        return runStatusName(status) + QStringLiteral(" (") + waitingReason + QLatin1Char(')');
    return runStatusName(status);
}

inline QString runStatusText(const RunRecord& run) { return runStatusText(run.status, run.waitingReason); }
