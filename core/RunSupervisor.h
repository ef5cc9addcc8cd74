// Owns one run from its claim to its end, inside the detached trainyard-runner process: places it on its
// compute target, starts it, turns its output into metrics while it runs, writes the heartbeat, honours
// cancel requests, records how it ended, and then starts the next queued run.
#pragma once

#include "RunContext.h"
#include "Workspace.h"

#include <memory>

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
};
