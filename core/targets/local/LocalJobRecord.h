// What the job wrapper (resources/job/trainyard-job.sh) recorded in a run's folder on this machine:
// job.json once the job started, exit.json once it ended.
#pragma once

#include "run/ProcessIdentity.h"

#include <QString>
#include <optional>

struct LocalJobRecord
{
    ProcessIdentity job;
    ProcessIdentity wrapper;

    static std::optional<LocalJobRecord> read(const QString& recordDir);
    // The job's exit status as the shell reports it (> 128: killed by signal status - 128).
    static std::optional<int> readExitStatus(const QString& recordDir);
    static QString jobFile(const QString& recordDir) { return recordDir + QStringLiteral("/job.json"); }
    static QString exitFile(const QString& recordDir) { return recordDir + QStringLiteral("/exit.json"); }
};
