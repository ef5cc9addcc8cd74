// The run folder of a Slurm target reached directly whose `workdir` is on the cluster's shared file system
// (this machine is a cluster client and sees that file system at the same path, the workspace need not be
// on it). The run is built and executes in <workdir>/runs/<run>: the snapshot checked out in work/, the
// runtime files shared by content in <workdir>/runtime/<id>. While it runs, sync() appends what the job added
// to its live files (system logs, helper metrics, rank logs and records, node samples, Slurm's own output,
// ./logs) to the workspace's run folder, so the metric readers and log views work as for any run; finish()
// brings ./outputs and ./logs home and removes the copy of the snapshot there.
#pragma once

#include "run/RunContext.h"

#include <QHash>
#include <QString>
#include <QStringList>

class SlurmRunMirror
{
public:
    explicit SlurmRunMirror(const QString& workdir) : m_workdir(workdir) {}

    bool prepare(RunContext& ctx, QString* error);
    // A later runner: the folders of a run prepared before (the runtime folder from the target handle).
    void attach(RunContext& ctx, const QString& clusterRuntimeDir);

    QString clusterRunDir(const RunContext& ctx) const;
    QString clusterRuntimeDir() const { return m_runtimeDir; }
    // The workspace's run folder or runtime files as the cluster sees them.
    QString pathOnCluster(const RunContext& ctx, const QString& localPath) const;

    // Appends what the job added since the last call. False when a local write failed.
    bool sync(const RunContext& ctx, QString* error);
    // Everything the job wrote comes home: the last appended bytes, ./outputs and ./logs.
    bool finish(const RunContext& ctx, QString* error);

    // The run-relative live files of a cluster run folder, as the SSH agent streams them.
    static QStringList liveFiles(const QString& runDir);

private:
    bool copyAppended(const QString& clusterRun, const QString& localRun, const QString& relative, bool* more,
                      QString* error);

    QString m_workdir;
    QString m_runtimeDir;
    QStringList m_files;
    qint64 m_listedAtMs = 0;
};
