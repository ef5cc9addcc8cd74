// The interface every kind of compute target implements. The run supervisor drives a run's whole lifecycle
// through these calls only, so local, SSH and Slurm targets share one lifecycle. All calls are made from the
// supervisor (a detached runner process), never from a GUI thread, so they may block.
#pragma once

#include "run/RunContext.h"

#include <memory>

enum class TargetProcessState { Running, Exited, Signaled, Lost };

struct TargetPoll
{
    TargetProcessState state = TargetProcessState::Running;
    int exitCode = 0;
    int signal = 0;
    QString reason; // why, when Lost ("node failure", "time limit", ...)
};

class ComputeTarget
{
public:
    virtual ~ComputeTarget() = default;

    // Places a fresh copy of the snapshot and the datasets where the run executes; fills workDir, datasetPaths.
    virtual bool prepare(RunContext& ctx, QString* error) = 0;
    // Starts argv detached in its own process group; stdout and stderr go to the run's system logs.
    virtual bool start(RunContext& ctx, QString* error) = 0;
    virtual TargetPoll poll(RunContext& ctx) = 0;
    // Waits up to timeoutMs, returning early when the target knows the process changed state, so the end of
    // a run is noticed at once rather than at the next poll.
    virtual void waitForChange(RunContext& ctx, int timeoutMs);
    // Brings this machine's copies of the live files (system logs, ./logs, helper metrics) up to date by
    // streaming what was appended since the last call.
    virtual bool sync(RunContext& ctx, QString* error) = 0;
    // Asks the process group to stop (SIGTERM); kill() ends it (SIGKILL).
    virtual void terminate(RunContext& ctx) = 0;
    virtual void kill(RunContext& ctx) = 0;
    // After the process ended: brings ./outputs and ./logs home and removes what the run left behind.
    virtual bool finish(RunContext& ctx, QString* error) = 0;

    static std::unique_ptr<ComputeTarget> create(const TargetConfig& config, QString* error);
};
