// Runs on another machine over SSH. The run's folder is built there from the snapshot (SshUpload), the job
// starts detached through the same job wrapper as a local run (so it survives the connection, the runner
// and this machine), and its state lives there: the wrapper's records and the remote agent's handle. This
// side only watches, through one `watch` stream per run that delivers every appended byte of the live files
// with its offset and the job's status. A dropped connection is retried with backoff and resumed from the
// local copies' sizes; a later runner adopts the run from the stored handle the same way.
#pragma once

#include "targets/ComputeTarget.h"
#include "targets/TargetKind.h"
#include "targets/ssh/SshFrameReader.h"

#include <QJsonObject>
#include <QString>

#include <memory>
#include <vector>

class QProcess;
class SshConnection;

class SshTarget final : public ComputeTarget
{
public:
    explicit SshTarget(const TargetConfig& config);
    ~SshTarget() override;
    static TargetKind kind();

    bool prepare(RunContext& ctx, QString* error) override;
    // mpi over node_count > 1 hosts: mpirun on the main host with --host NODE0:P,NODE1:P (ranks on the other
    // hosts started by mpirun over ssh from the main host, the run's variables passed on by name with -x);
    // pytorch over several hosts: the same mpirun start, each rank a PyTorch process with MASTER_ADDR the main
    // host. One host: as on local (DistributedLaunch::forLocal). First checks that every host of the run sees
    // the run folder the main host built (a token written there, read back on each host over its own
    // connection), refusing with the name of a host that does not.
    bool launchDistributed(RunContext& ctx, const QString& python, QString* error) override;
    bool start(RunContext& ctx, QString* error) override;
    bool adopt(RunContext& ctx, QString* error) override;
    TargetPoll poll(RunContext& ctx) override;
    int pollIntervalMs() const override { return 1000; }
    void waitForChange(RunContext& ctx, int timeoutMs) override;
    bool sync(RunContext& ctx, QString* error) override;
    QString pathOnTarget(const RunContext& ctx, const QString& localPath) const override;
    void terminate(RunContext& ctx) override;
    void kill(RunContext& ctx) override;
    bool finish(RunContext& ctx, QString* error) override;
    // The shipped environment tool, run by the agent (`env-tool`) with the target's python over the master
    // connection; works after prepare(), after adopt() and on a fresh object (it then ships the runtime files).
    std::optional<QJsonObject> runEnvironmentTool(RunContext& ctx, const QJsonObject& request,
                                                  const std::function<void(const QByteArray& line)>& onLine,
                                                  QString* error) override;
    // The environments_dir setting, by default <workdir>/environments; "~/" stays for the remote side, where
    // the agent makes it absolute before the tool sees it.
    QString environmentRoot(const RunContext& ctx) const override;
    bool runOnTarget(RunContext& ctx, const QStringList& argv, int timeoutMs, QString* error) override;
    // The run's folder on the remote (remote_run_dir of the handle), over the master connection.
    bool removeRunFolder(RunContext& ctx, QString* error) override;

    // Seconds a run may stay disconnected before it is given up as Failed.
    int connectionLimitSeconds() const;

    // For a kind that starts the job on the remote in its own way and uses this class for the rest (the
    // Slurm target through a login node: upload, watch stream, outputs home, environment tool). The job
    // then runs on other machines, so the agent's watch leaves its liveness to that kind and ends only once
    // the job's exit record is written; adopt() watches that way too.
    void setJobRunsElsewhere(bool elsewhere) { m_jobRunsElsewhere = elsewhere; }
    // After prepare() or adopt(): the connection (agent installed) and the remote folders.
    SshConnection* connection() const { return m_connection.get(); }
    QString remoteRunDir() const { return m_remoteRunDir; }
    QString remoteRuntimeDir() const { return m_remoteRuntimeDir; }
    // A small file of the run's folder on the remote (RUN_DIR/relative, from the handle when neither prepare()
    // nor adopt() ran), whole, over the master connection: for one the watch stream may not have delivered.
    // nullopt with *error when it is not there or cannot be read.
    std::optional<QByteArray> readRemoteRunFile(const RunContext& ctx, const QString& relative, QString* error);
    // Opens the watch stream of a job started by other means in remoteRunDir().
    bool watchStartedJob(RunContext& ctx, QString* error);
    // Reads what the stream delivered and reconnects when due: what poll() does before it judges.
    void keepWatching(RunContext& ctx);
    // The job's status as the agent streams it ({"job": ..., "exit_status": N}); empty before the first.
    QJsonObject watchedStatus() const;
    // The stream delivered everything the job wrote and the exit status.
    bool watchEnded() const;
    // When the last frame arrived (the agent beats every second): what is known of the job is from then.
    qint64 watchLastFrameMs() const;
    // While the stream is down: why, and whether that lasted past the connection limit.
    QString watchProblem() const { return m_connected ? QString() : m_disconnectReason; }
    bool watchLostForGood() const;

private:
    bool connect(const RunContext& ctx, QString* error);
    // Ships the workspace's runtime files (once per version, shared by runs); sets m_remoteRuntimeDir.
    bool uploadRuntime(RunContext& ctx, QString* error);
    bool openWatch(RunContext& ctx, QString* error);
    void readWatch();
    void dropWatch(const QString& reason);
    void tryReconnect(RunContext& ctx);
    bool signalRemote(const QString& signal, const QString& who);
    bool fetchHome(RunContext& ctx, QString* error);
    bool uploadDatasets(RunContext& ctx, QString* error);
    void report(const RunContext& ctx, const QString& message) const;
    void reapStrayMasters();
    // The main host's answer for a distributed launch; see launchDistributed.
    bool checkSharedRunFolder(RunContext& ctx, const QString& token, int nodeCount, QString* error);
    // Ends what a distributed run left on its other hosts (ranks whose mpirun died with its connection).
    void endLeftoversOnOtherHosts(RunContext& ctx);

    TargetConfig m_config;
    std::unique_ptr<SshConnection> m_connection;
    std::unique_ptr<QProcess> m_watch;
    std::unique_ptr<SshFrameReader> m_frames;
    // Connections to the other hosts of a distributed run (node 1 on), made while launching.
    std::vector<std::unique_ptr<SshConnection>> m_otherHosts;
    QString m_remoteRunDir;
    QString m_remoteRuntimeDir;
    QJsonObject m_uploadRecord;
    QString m_pendingSignal; // a cancel asked for while the connection was down
    // Reconnection after a dropped stream.
    bool m_connected = false;
    qint64 m_disconnectedAtMs = 0;
    qint64 m_nextAttemptMs = 0;
    int m_backoffMs = 1000;
    QString m_disconnectReason;
    qint64 m_watchStartedMs = 0;
    bool m_jobRunsElsewhere = false;
};
