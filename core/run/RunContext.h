// Everything a compute target needs to place, start, watch and collect one run.
#pragma once

#include "run/ContainerRun.h"
#include "run/DistributedLayout.h"
#include "targets/TargetConfig.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>

struct DatasetMount
{
    QString name;       // as written in script_params
    QString sourcePath; // the registered file or folder on this machine
    bool download = false; // copy into the run instead of using it in place
};

struct RunContext
{
    QString runId;
    QString experiment;
    QString runDir;    // this machine: <workspace>/runs/<id>
    QString storeDir;  // snapshot store of the workspace
    QString runtimeDir; // this machine: the workspace's runtime files (Python helper, job wrapper)
    QString snapshotId;
    TargetConfig target;
    QVector<DatasetMount> datasets;
    QStringList argv;                 // the command, relative to the working directory
    QHash<QString, QString> environment; // exactly what the job sees: decided at submit, plus Trainyard's own
    DistributedLayout distributed;       // from the estimator: how many ranks, started how

    // Filled by the target.
    QString workDir;                      // where the command runs
    QHash<QString, QString> datasetPaths; // dataset name -> path as the command sees it
    qint64 pid = 0;
    qint64 processGroup = 0;
    QJsonObject targetHandle; // stored with the run; lets a later supervisor adopt the job
    ContainerRun container;   // set at Preparing for custom_docker_image; kept in targetHandle["container"]
    // Set by the supervisor: what a long step is doing now ("uploading 12 MB of 500 MB"), shown with the
    // run's status; an empty text clears it.
    std::function<void(const QString&)> report;

    // Also where the job wrapper records the job (job.json, exit.json) on this machine.
    QString systemDir() const { return runDir + QStringLiteral("/system"); }
    QString stdoutPath() const { return systemDir() + QStringLiteral("/stdout.log"); }
    QString stderrPath() const { return systemDir() + QStringLiteral("/stderr.log"); }
    // A distributed run's launcher (mpirun, srun, trainyard_launch.py) writes here; rank 0 writes stdout.log.
    QString launcherLogPath() const { return systemDir() + QStringLiteral("/launcher.log"); }
    // What the job wrapper's own stdout and stderr are: the launcher's log for a distributed run.
    QString jobStdoutPath() const { return distributed.isDistributed() ? launcherLogPath() : stdoutPath(); }
    QString jobStderrPath() const { return distributed.isDistributed() ? launcherLogPath() : stderrPath(); }
    // Rank r >= 1 writes its logs, and every rank its exit.json, here.
    QString rankDir(int rank) const { return systemDir() + QStringLiteral("/ranks/") + QString::number(rank); }
    // Where the run-side helper appends its JSON lines (trainyard.log, azureml Run.log).
    QString helperMetricsPath() const { return systemDir() + QStringLiteral("/helper-metrics.jsonl"); }
    QString metricsDir() const { return runDir + QStringLiteral("/metrics"); }
    QString localWorkDir() const { return runDir + QStringLiteral("/work"); }
    QString outputsDir() const { return localWorkDir() + QStringLiteral("/outputs"); }
    QString logsDir() const { return localWorkDir() + QStringLiteral("/logs"); }
};
