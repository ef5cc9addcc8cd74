// After an sbatch that did not answer (our time limit, or its own "Socket timed out on send/recv"): the
// controller may have taken the job all the same. The job is looked for by its unique name (trainyard-RUN)
// and working folder and canceled, so that no job of a run that failed to submit stays queued or runs.
#pragma once

#include "targets/slurm/SlurmCommands.h"

#include <QString>

class SlurmOrphanSearch
{
public:
    // Says what was found, for the run's error: the job canceled, ended already, none, or that Slurm could
    // not be asked (with the command to cancel it by hand).
    static QString cancelSubmitted(const SlurmCommands& commands, const QString& jobName,
                                   const QString& workDir);
};
