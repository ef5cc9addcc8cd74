// What Slurm says about one job, read from squeue, `scontrol show job` or sacct, and what that means for the
// run's lifecycle. PENDING is Queued with Slurm's reason, CONFIGURING Starting, RUNNING and COMPLETING
// Running, COMPLETED Completed, CANCELLED Canceled; FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED,
// BOOT_FAIL and DEADLINE are Failed with their reason. Anything it cannot read is Unknown: never taken for a
// failure.
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

struct SlurmJobState {
    enum class Phase { Unknown, Queued, Starting, Running, Completed, Failed, Canceled };

    QString jobId;
    QString state;  // Slurm's base state word: PENDING, RUNNING, TIMEOUT, ... (sacct's "CANCELLED by 0" →
                    // CANCELLED)
    QString reason; // Slurm's reason: Priority, Resources, TimeLimit, None, ...
    QString nodes;
    std::optional<int> exitCode;   // from "N:S" (scontrol, sacct): the batch script's exit status
    std::optional<int> exitSignal; // the S of "N:S" when not 0

    Phase phase() const;
    bool isTerminal() const;
    // Why a Failed job failed, as the run's error says it ("time limit", "node failure", "out of memory");
    // empty for FAILED, whose reason is the job's own exit code.
    QString failureReason() const;
    // The run's waiting reason while Queued: "queued: Priority" ("queued" alone when Slurm gives none).
    QString queuedReason() const;

    static Phase phaseOf(const QString& state);
    // "0:15" → exit code 0, signal 15.
    static void parseExitCode(const QString& text, SlurmJobState* into);
    // One job from `scontrol -o show job ID` (one line of Key=Value pairs); nullopt when it is not that.
    static std::optional<SlurmJobState> fromScontrol(const QByteArray& output);
    // The job's allocation line from `sacct -j ID -X -n -P -o JobID,State,ExitCode,Reason`.
    static std::optional<SlurmJobState> fromSacct(const QByteArray& output, const QString& jobId);
    // The messages a client prints when the controller has forgotten the job / keeps no accounting.
    static bool saysInvalidJob(const QByteArray& text);
    static bool saysAccountingDisabled(const QByteArray& text);
};
