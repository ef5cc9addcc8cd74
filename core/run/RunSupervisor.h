// Watches one run inside the detached trainyard-runner process: places it on its compute target and starts
// its job (or adopts the job a runner that died left behind), turns its output into metrics while it runs,
// writes the heartbeat, routes cancel requests to the target, records how the job ended, and keeps the
// rest of the workspace moving: orphaned sibling runs get a new runner and queued runs start.
// The job does not depend on this process: the job wrapper records its exit status, so a runner can be
// replaced at any time and the next one records the real end.
#pragma once

#include "run/RankExits.h"
#include "run/RunContext.h"
#include "workspace/Workspace.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

class ComputeTarget;
class RunMetricIngest;
struct RunRecord;

class RunSupervisor
{
public:
    enum class Mode {
        Start, // a claimed (Preparing) or, by hand, a Queued run
        Adopt  // a live run whose runner is gone
    };
    RunSupervisor(const Workspace& workspace, const QString& runId, Mode mode = Mode::Start);
    ~RunSupervisor();

    // Blocks until the run has ended; returns 0 when the run was supervised to an end (whatever its status),
    // 3 when the run was not this runner's to take.
    int exec();

private:
    bool claim();
    bool setUp(const RunRecord& run, QString* error);
    bool prepare(QString* error);
    bool adopt(QString* error);
    void superviseUntilExit();
    void conclude();
    // Records what the job runs with (system/ran-with.json), once per run.
    void describeOnce();
    void endWithError(const QString& error);
    // The rank that made a distributed run fail (the first non-zero exit record), if the run did fail.
    std::optional<RankExit> failedRank() const;
    // A distributed run that failed with no rank to blame: the exit code and the launcher's last words.
    QString launcherFailure() const;
    // The heartbeat beats from its own thread, so long preparation steps (copying a 100,000-file snapshot,
    // downloading a dataset) never make a hand-over look abandoned.
    void startHeartbeat();
    void stopHeartbeat();

    Workspace m_workspace;
    QString m_runId;
    Mode m_mode;
    RunContext m_ctx;
    std::unique_ptr<ComputeTarget> m_target;
    std::unique_ptr<RunMetricIngest> m_ingest;
    QStringList m_metricPatterns;
    bool m_canceled = false;
    bool m_running = false;
    int m_exitCode = 0;
    int m_signal = 0;
    bool m_exited = false;
    QString m_lostReason;
    QString m_targetFailure; // the target ended the job: "time limit"
    bool m_canceledByTarget = false;
    QJsonObject m_environmentHandle; // targetHandle["environment"]: the built environment the job uses
    bool m_described = false;
    std::thread m_heartbeat;
    std::mutex m_heartbeatMutex;
    std::condition_variable m_heartbeatWake;
    bool m_heartbeatStop = false;
};
