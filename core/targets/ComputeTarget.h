// The interface every kind of compute target implements. The run supervisor drives a run's whole lifecycle
// through these calls only, so local, SSH and Slurm targets share one lifecycle. All calls are made from the
// supervisor (a detached runner process), never from a GUI thread, so they may block.
//
// A run is owned by its job, not by the supervisor: start() leaves a handle (ctx.targetHandle, stored with
// the run) from which any later supervisor can adopt() the job, and the job records its own exit status
// on the target, so a supervisor may die and be replaced at any time.
#pragma once

#include "run/RunContext.h"

#include <QJsonObject>

#include <functional>
#include <memory>
#include <optional>

enum class TargetProcessState {
    Waiting,  // started but held back by the target (reason: "waiting for resources"), or not yet running
    Running,  // the target says the job runs
    Exited,   // exitCode
    Signaled, // signal
    Lost      // the job is gone and left no exit status; reason says so
};

struct TargetPoll
{
    TargetProcessState state = TargetProcessState::Running;
    int exitCode = 0;
    int signal = 0;
    QString reason; // why, when Waiting or Lost ("waiting for resources", "node failure", ...)
    QString note;   // while Running: what the watcher is going through ("reconnecting: …"), shown with the status
    // With Exited or Signaled: the target itself ended the job ("time limit", "node failure"); the run fails
    // with this as its error, whatever the exit status.
    QString failure;
    // The target canceled the job (a scancel from outside, or of a queued job): the run ends Canceled.
    bool canceled = false;

    // How a job ended from the status the job wrapper recorded: the shell reports a job killed by signal N
    // as 128 + N.
    static TargetPoll fromShellStatus(int status);
};

class ComputeTarget
{
public:
    virtual ~ComputeTarget() = default;

    // Places a fresh copy of the snapshot and the datasets where the run executes; fills workDir, datasetPaths.
    virtual bool prepare(RunContext& ctx, QString* error) = 0;
    // For a distributed run (ctx.distributed), after prepare: turns ctx.argv into the command that starts
    // every rank (core/run/DistributedLaunch) and adds the variables the ranks need to ctx.environment.
    // `python` is the run's interpreter. A kind that starts ranks in its own way (Slurm: srun inside the
    // batch script, through DistributedLaunch::forSlurm) may leave ctx.argv as it is and do it in start().
    // The default refuses: submit lets only kinds that support distributed_training get here.
    virtual bool launchDistributed(RunContext& ctx, const QString& python, QString* error);
    // Starts argv through the job wrapper with exactly ctx.environment; stdout and stderr go to the run's
    // system logs. Fills ctx.targetHandle, which the supervisor stores with the run.
    virtual bool start(RunContext& ctx, QString* error) = 0;
    // Re-attaches to the job that ctx.targetHandle names, started by an earlier supervisor. False (with the
    // reason) only when the handle is unusable; a job that is gone is reported by poll() as Exited or Lost.
    virtual bool adopt(RunContext& ctx, QString* error) = 0;
    virtual TargetPoll poll(RunContext& ctx) = 0;
    // How often the supervisor polls this target while nothing signals a change (a remote target must
    // not be asked every 100 ms).
    virtual int pollIntervalMs() const { return 100; }
    // Waits up to timeoutMs, returning early when the target knows the process changed state, so the end of
    // a run is noticed at once rather than at the next poll.
    virtual void waitForChange(RunContext& ctx, int timeoutMs);
    // Brings this machine's copies of the live files (system logs, ./logs, helper metrics) up to date by
    // streaming what was appended since the last call.
    virtual bool sync(RunContext& ctx, QString* error) = 0;
    // The run-relative log files the job writes, one per stream (one per rank later).
    virtual QStringList logStreams(const RunContext& ctx) const;
    // A path on this machine (the run folder, the workspace's runtime files) as the job sees it.
    virtual QString pathOnTarget(const RunContext& ctx, const QString& localPath) const;
    // Cancel, routed through the target (scancel for Slurm): asks the job to stop (SIGTERM for local).
    virtual void cancel(RunContext& ctx) { terminate(ctx); }
    // Asks the job to stop; kill() ends it, after the cancel grace period.
    virtual void terminate(RunContext& ctx) = 0;
    virtual void kill(RunContext& ctx) = 0;
    // After the job ended (or was lost): ends every process the run left behind, brings ./outputs and
    // ./logs home and removes what the run left behind.
    virtual bool finish(RunContext& ctx, QString* error) = 0;

    // Runs the environment tool (resources/env/trainyard_env.py, shipped with the runtime files) on the
    // target with the target's interpreter: the request goes as JSON on stdin, every line the tool prints is
    // passed to onLine as it arrives, and its reply (the last line, "@@trainyard-env {...}") is returned.
    // nullopt, with the reason, only when the tool could not be run or gave no reply; a build that failed is
    // a reply with "ok": false. Blocks until the tool has ended.
    virtual std::optional<QJsonObject> runEnvironmentTool(RunContext& ctx, const QJsonObject& request,
                                                          const std::function<void(const QByteArray& line)>& onLine,
                                                          QString* error);
    // Whether what the run ran with can be described yet, once the job is seen running. A kind whose job is
    // seen running before it started where it runs says no until then (Slurm: Slurm says RUNNING while the
    // batch script runs its setup and has its node describe itself). The run's end describes it in any case.
    virtual bool canDescribeRun(const RunContext& ctx) const;
    // Where this target keeps built environments, as the target sees it (the tool's "root").
    virtual QString environmentRoot(const RunContext& ctx) const;
    // Runs a program on the target and waits (at most timeoutMs): used for the container engine's own
    // stop, kill and rm. False with the reason when it could not run or exited non-zero.
    virtual bool runOnTarget(RunContext& ctx, const QStringList& argv, int timeoutMs, QString* error);

    // After the run was deleted from the workspace: removes the folder the run has on the target, where it has
    // one of its own there (named by ctx.targetHandle). True when there is none or it is gone; false with
    // *error saying which folder was left (HOST:PATH) and why. The default: the run's only folder is the
    // workspace's.
    virtual bool removeRunFolder(RunContext& ctx, QString* error);
    static std::unique_ptr<ComputeTarget> create(const TargetConfig& config, QString* error);
};
