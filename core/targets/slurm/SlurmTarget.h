// Runs on a Slurm cluster. Reached directly, its client commands are on this machine and the cluster shares
// this machine's file system (the run executes in the workspace's run folder, like local: logs are written in
// place). Through a login node (the `login` setting names an SSH target), the client commands run there over
// that target's connection (SlurmLoginCommands) and the run folder is built under the target's `workdir` on
// the cluster's shared file system the way an SSH target builds it (an SshTarget does the upload, the watch
// stream home, the outputs at the end and the environment tool; the agent leaves the job's liveness to
// Slurm). The run is submitted as a generated batch script (system/job.sbatch) with `sbatch --parsable`;
// inside it the job wrapper records the job (job.json, exit.json) as everywhere. The Slurm job id is the
// target handle ({"slurm_job_id": "1234"}). Reached directly with a `workdir` (the cluster's file system as
// this machine sees it), the run executes under it and its live files are mirrored into the workspace's run
// folder while it runs (SlurmRunMirror). The state comes from the target's shared squeue poller
// (SlurmQueue), then from `scontrol show job` and sacct once the job has left squeue; a state it cannot read
// is unknown, never Failed. Environments are built on the cluster side: this machine reached directly, the
// login node otherwise. A run in an image runs in it on its node with the target's container_engine
// (podman/docker: the batch script stops and removes the container; apptainer and pyxis: the container is one
// of the job's processes, ended with it).
#pragma once

#include "targets/ComputeTarget.h"
#include "targets/TargetKind.h"
#include "targets/local/LocalTarget.h"
#include "targets/slurm/SlurmCommands.h"
#include "targets/slurm/SlurmJobState.h"
#include "targets/slurm/SlurmRunMirror.h"

#include <memory>
#include <optional>

class SlurmQueue;
class SshTarget;

class SlurmTarget final : public ComputeTarget
{
public:
    explicit SlurmTarget(const TargetConfig& config);
    ~SlurmTarget() override;
    static TargetKind kind();

    bool prepare(RunContext& ctx, QString* error) override;
    // srun inside the batch script (DistributedLaunch::forSlurm, the target's mpi_plugin), which asks for
    // node_count nodes and process_count_per_node tasks per node.
    bool launchDistributed(RunContext& ctx, const QString& python, QString* error) override;
    bool start(RunContext& ctx, QString* error) override;
    bool adopt(RunContext& ctx, QString* error) override;
    TargetPoll poll(RunContext& ctx) override;
    // The job's own files are looked at this often; Slurm is asked at the backed-off cadence (1 s → 30 s).
    int pollIntervalMs() const override { return 250; }
    // Returns early when job.json or exit.json appear (inotify on the run's system folder).
    void waitForChange(RunContext& ctx, int timeoutMs) override;
    bool sync(RunContext& ctx, QString* error) override;
    // scancel, of a pending job too.
    void cancel(RunContext& ctx) override;
    void terminate(RunContext& ctx) override;
    void kill(RunContext& ctx) override;
    bool finish(RunContext& ctx, QString* error) override;
    // Once the job started on its node, which described itself first (or once it ended).
    bool canDescribeRun(const RunContext& ctx) const override;
    // describe: the host in the reply is the batch host's, as it described itself (system/node-host.out).
    std::optional<QJsonObject> runEnvironmentTool(RunContext& ctx, const QJsonObject& request,
                                                  const std::function<void(const QByteArray& line)>& onLine,
                                                  QString* error) override;
    QString environmentRoot(const RunContext& ctx) const override;
    bool runOnTarget(RunContext& ctx, const QStringList& argv, int timeoutMs, QString* error) override;
    // Through a login node, the run's folder under the workdir there (over the login's connection); reached
    // directly with a workdir, the one under it on the cluster's file system.
    bool removeRunFolder(RunContext& ctx, QString* error) override;
    // Through a login node: the run folder, the runtime files and the datasets as the cluster sees them.
    QString pathOnTarget(const RunContext& ctx, const QString& localPath) const override;

    // The client commands of a target: on this machine, or on its login node. Null with *error when the
    // login is not an existing SSH target.
    static std::unique_ptr<SlurmCommands> commandsFor(const TargetConfig& target,
                                                      const QString& workspaceRoot, QString* error);
    // What is wrong with a target's login (the `login` setting naming no SSH target, no `workdir` with a
    // login), naming the setting; empty when nothing is.
    static QString loginProblem(const TargetConfig& target);
    // The SSH target that does the login node's part: the login's connection settings with this target's
    // workdir, python and environments_dir.
    static TargetConfig loginSide(const TargetConfig& target);

    static QString jobIdOf(const QJsonObject& targetHandle);
    static QString batchScriptPath(const RunContext& ctx)
    {
        return ctx.systemDir() + QStringLiteral("/job.sbatch");
    }
    // Where the batch host's description of itself goes before the job starts.
    static QString nodeHostPath(const RunContext& ctx)
    {
        return ctx.systemDir() + QStringLiteral("/node-host.out");
    }
    // Where the target's shared queue cache lives: <workspace>/slurm/<target name>.
    static QString stateDir(const QString& workspaceRoot, const QString& targetName);

private:
    // A podman or docker container, which outlives the job's processes unless stopped and removed.
    static bool ownsContainer(const RunContext& ctx);
    struct FilesSeen {
        qint64 jobMtime = -1;
        qint64 exitMtime = -1;
        bool operator!=(const FilesSeen& o) const
        {
            return jobMtime != o.jobMtime || exitMtime != o.exitMtime;
        }
    };
    bool viaLogin() const { return !m_config.settings.value(QStringLiteral("login")).toString().isEmpty(); }
    // Where the job wrapper writes its records: the run's system folder as this machine sees it.
    QString recordDir(const RunContext& ctx) const;
    // Through a login node: makes the SSH side and the remote client commands (once).
    bool reach(const RunContext& ctx, QString* error);
    bool submitThroughLogin(RunContext& ctx, const QString& scriptText, QString* error);
    // The job wrapper's records, from the run folder on this machine or, through a login node, from the
    // watch stream (its exit status only once the stream delivered everything).
    std::optional<int> exitStatusOf(const RunContext& ctx) const;
    bool jobStarted(const RunContext& ctx) const;
    SlurmQueue& queue(const RunContext& ctx);
    void describeTheNode(const RunContext& ctx, QJsonObject* reply);
    // What the batch host wrote into system/node-host.out: read here, or through a login node fetched from
    // the cluster when the watch stream has not delivered it whole. nullopt with *error when there is none.
    std::optional<QByteArray> nodeHostOutput(const RunContext& ctx, QString* error);
    void look(RunContext& ctx, qint64 now);
    // When squeue no longer lists the job: scontrol show job, then sacct.
    void lookBeyondQueue(qint64 now);
    TargetPoll current(const RunContext& ctx, qint64 now) const;
    TargetPoll currentThroughLogin(const RunContext& ctx, qint64 now);
    void watchFiles(const RunContext& ctx);
    void scancel(const QStringList& options);

    TargetConfig m_config;
    std::unique_ptr<SlurmCommands> m_commands;
    std::unique_ptr<SshTarget> m_login;       // through a login node: the run folder there, the stream home
    std::unique_ptr<SlurmRunMirror> m_mirror; // reached directly with a workdir
    LocalTarget
        m_local; // prepares the run folder and builds environments: the cluster shares this machine's files
    std::unique_ptr<SlurmQueue> m_queue;
    QString m_jobId;
    std::optional<SlurmJobState> m_slurm; // what Slurm said last
    QString m_unknown;                    // why the last look could not read the state
    bool m_gone = false;                  // neither the controller nor accounting knows the job any more
    qint64 m_goneSinceMs = 0;
    FilesSeen m_files;
    qint64 m_filesChangedAtMs = 0;
    qint64 m_canceledAtMs = 0; // our last scancel
    qint64 m_lastAnswerMs = 0;
    qint64 m_nextLookMs = 0;
    qint64 m_intervalMs = 1000;
    qint64 m_exitSeenAtMs = 0;
    qint64 m_endedAtMs = 0; // Slurm said the job ended (through a login node the stream may still deliver)
    int m_inotifyFd = -1;
};
