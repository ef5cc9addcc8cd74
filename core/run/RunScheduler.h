// Keeps the runs of a workspace moving without a daemon: starts queued runs when their target has a free
// slot, in submission order, and gives every live run whose runner is gone a new runner that adopts its
// job. Any Trainyard process calls it: the submitter after a submit, every program when it opens a
// workspace, and every runner while it watches its run (so runners watch each other) and when its run
// ends. The check is cheap and read-only; it writes, briefly, only when there is something to do.
#pragma once

#include "run/RunRecord.h"
#include "workspace/Workspace.h"

class RunScheduler
{
public:
    explicit RunScheduler(const Workspace& workspace);

    // A run claimed for a new runner (runner pid 0) may wait this long for it to take over.
    static constexpr qint64 kHandOverTimeoutMs = 15000;
    static constexpr qint64 kHeartbeatIntervalMs = 2000;
    // How often a runner looks at the rest of the workspace (orphaned siblings, queued runs).
    static constexpr qint64 kWatchIntervalMs = 2000;
    // Waiting for the database write lock: briefly when someone else will retry soon, patiently otherwise.
    static constexpr int kBriefLockMs = 1000;
    static constexpr int kPatientLockMs = 30000;

    // Starts a supervisor (trainyard-runner --adopt) for each live run of this host whose runner is gone;
    // returns how many. A runner that is alive is never replaced, however old its heartbeat.
    int adoptOrphanedRuns();
    // Claims the next queued runs for the free slots of each target (an indexed read of at most that many)
    // and starts a runner for each; returns how many started.
    int startQueuedRuns(int lockTimeoutMs = kPatientLockMs);
    // Both, waiting briefly for the write lock: what every program does when it opens a workspace.
    void recover();

    // Whether the runner recorded for a run is alive: its pid with the recorded start time and boot id.
    // False for a runner of another host (it cannot be checked from here).
    static bool runnerAlive(const RunRecord& run);

    // The runner program: TRAINYARD_RUNNER, else trainyard-runner next to the running program.
    static QString runnerProgram();
    static QString hostName();

private:
    bool spawnRunner(const QString& runId, bool adopt);

    Workspace m_workspace;
};
