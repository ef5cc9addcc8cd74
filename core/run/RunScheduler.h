// Starts queued runs when their target has a free slot, in submission order, and fails runs whose runner
// died. Any Trainyard process calls it: the submitter after a submit, a runner when its run ends, every
// program when it opens a workspace. No long-lived daemon is needed for queued runs to start.
#pragma once

#include "workspace/Workspace.h"

class RunScheduler
{
public:
    explicit RunScheduler(const Workspace& workspace);

    // A run counts as lost when its runner process is gone, or its heartbeat is older than this.
    static constexpr qint64 kHeartbeatTimeoutMs = 15000;
    static constexpr qint64 kHeartbeatIntervalMs = 2000;

    // Marks live runs whose runner died as Failed ("runner lost"); returns how many.
    int reapLostRuns();
    // Claims queued runs for free slots and starts a runner for each; returns how many started.
    int startQueuedRuns();
    // Both, in that order: what every program does when it opens a workspace.
    void recover();

    // The runner program: TRAINYARD_RUNNER, else trainyard-runner next to the running program.
    static QString runnerProgram();
    static QString hostName();

private:
    Workspace m_workspace;
};
