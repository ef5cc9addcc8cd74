// One run as the workspace database records it.
#pragma once

#include "run/RunStatus.h"

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
};
