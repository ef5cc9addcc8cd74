// Runs on this machine: the snapshot is copied into the run's own folder and the command runs there under
// the job wrapper, which records the job in the run's system folder. The wrapper is a child of the runner
// (a child subreaper) in a process group of its own; a later runner adopts the job from what the wrapper
// recorded. Before any signal, a process is checked to be the run's: the wrapper by pid and start time,
// everything else by TRAINYARD_RUN_DIR=<run folder> in its environment or by descending from the wrapper.
#pragma once

#include "run/ProcessIdentity.h"
#include "targets/ComputeTarget.h"
#include "targets/TargetKind.h"


class LocalTarget final : public ComputeTarget
{
public:
    ~LocalTarget() override;
    static TargetKind kind();
    // The tool runs with the target's interpreter and the run's environment (ctx.environment, what the job
    // sees, so PIP_* variables passed to runs reach pip), or this process's when that is not decided yet.
    std::optional<QJsonObject> runEnvironmentTool(RunContext& ctx, const QJsonObject& request,
                                                  const std::function<void(const QByteArray& line)>& onLine,
                                                  QString* error) override;
    // The target's environments_dir setting, else <workspace>/environments/<target name>.
    QString environmentRoot(const RunContext& ctx) const override;

    bool prepare(RunContext& ctx, QString* error) override;
    // Every rank on this machine: mpirun, or trainyard_launch.py for pytorch (DistributedLaunch::forLocal).
    bool launchDistributed(RunContext& ctx, const QString& python, QString* error) override;
    bool start(RunContext& ctx, QString* error) override;
    bool adopt(RunContext& ctx, QString* error) override;
    TargetPoll poll(RunContext& ctx) override;
    void waitForChange(RunContext& ctx, int timeoutMs) override;
    bool sync(RunContext& ctx, QString* error) override;
    void terminate(RunContext& ctx) override;
    void kill(RunContext& ctx) override;
    bool finish(RunContext& ctx, QString* error) override;
    bool runOnTarget(RunContext& ctx, const QStringList& argv, int timeoutMs, QString* error) override;

    // The path of the wrapper inside the workspace's runtime folder.
    static QString wrapperPath(const QString& runtimeDir);

private:
    // The run's processes now, the wrapper left out unless asked for.
    QVector<qint64> runProcesses(const RunContext& ctx, bool includeWrapper) const;
    void signalRun(const RunContext& ctx, int signal, bool includeWrapper);
    void reapChildren();
    void watchWrapper();

    ProcessIdentity m_wrapper;
    bool m_isParent = false;     // started here (the wrapper is our child) rather than adopted
    bool m_wrapperReaped = false;
    int m_wrapperStatus = 0;     // waitpid status, once reaped
    int m_pidFd = -1;            // readable once the wrapper has exited
};
