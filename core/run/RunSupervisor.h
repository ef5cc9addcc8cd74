// Owns one run from its claim to its end, inside the detached trainyard-runner process: places it on its
// compute target, starts it, turns its output into metrics while it runs, writes the heartbeat, honours
// cancel requests, records how it ended, and then starts the next queued run.
#pragma once

#include "run/RunContext.h"
#include "workspace/Workspace.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

class ComputeTarget;
class RunMetricIngest;

class RunSupervisor
{
public:
    RunSupervisor(const Workspace& workspace, const QString& runId);
    ~RunSupervisor();

    // Blocks until the run has ended; returns 0 when the run was supervised to an end (whatever its status).
    int exec();

private:
    bool prepare(QString* error);
    void superviseUntilExit();
    void conclude();
    // The heartbeat beats from its own thread, so long preparation steps (copying a 100,000-file snapshot,
    // downloading a dataset) never make a healthy run look lost.
    void startHeartbeat();
    void stopHeartbeat();

    Workspace m_workspace;
    QString m_runId;
    RunContext m_ctx;
    std::unique_ptr<ComputeTarget> m_target;
    std::unique_ptr<RunMetricIngest> m_ingest;
    bool m_canceled = false;
    int m_exitCode = 0;
    int m_signal = 0;
    bool m_exited = false;
    QString m_lostReason;
    std::thread m_heartbeat;
    std::mutex m_heartbeatMutex;
    std::condition_variable m_heartbeatWake;
    bool m_heartbeatStop = false;
};
