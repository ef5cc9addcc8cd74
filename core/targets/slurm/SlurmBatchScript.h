// The batch script a run is submitted as (kept as the run file system/job.sbatch). Its #SBATCH lines carry
// the target's settings; the setup lines of the target run next, as written (they are shell lines by intent:
// `module load cuda`); then it execs the job wrapper with the command, so job.json and exit.json are written
// as on every other target. Every other value is quoted: #SBATCH words in sbatch's own double quotes, the
// wrapper's arguments in single quotes, so no run value is ever evaluated by a shell.
// Before the exec, the batch host (the allocation's first node) describes itself with the environment tool's
// `host` command into hostFile, so that what the run ran with names the node, not the submitting machine;
// a distributed run's argv is its launcher (srun …, DistributedLaunch::forSlurm), and a PyTorch one gets
// MASTER_ADDR (the first node) and MASTER_PORT (a free port there) unless the run sets them.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

struct SlurmBatchScript {
    QString jobName;   // trainyard-<run id>
    QString workDir;   // --chdir and the wrapper's working folder
    QString systemDir; // where the wrapper records the job; Slurm's own output goes there too
    QString stdoutPath;
    QString stderrPath;
    QString wrapper;  // trainyard-job.sh as the nodes see it
    QStringList argv; // the command: program (resolved) and arguments
    int nodes = 1;
    int tasksPerNode = 1;
    QString distributed;  // "", "mpi" or "pytorch"
    QString python;       // the target's interpreter as the nodes see it: runs hostTool, picks the free port
    QString hostTool;     // trainyard_env.py; empty: the node does not describe itself
    QString hostFile;     // where the tool's reply goes (system/node-host.out)
    QJsonObject settings; // the target's: partition, account, qos, time_limit, cpus_per_task, mem_per_cpu,
                          // gpus_per_node, sbatch_options, setup
    // A run in a podman or docker image (custom_docker_image): the engine's path on the nodes and the
    // container's name (trainyard-<run id>). The container belongs to the engine's monitor, not to the job's
    // processes, so a cancel that ends the job may leave it: the script stops it itself on the cancel's
    // SIGTERM (engine stop -t containerStopSeconds, before Slurm's KillWait ends the job with SIGKILL) and
    // removes it when the job ends, however it ended. Empty: no container, or one the job's own processes
    // hold (apptainer, pyxis), which Slurm ends with the job.
    QString containerEngine;
    QString containerName;
    int containerStopSeconds = 10;

    // The script's text; empty with *error when a value cannot be carried (a line break in a path).
    QString text(QString* error) const;
    // Where Slurm writes what the batch script itself prints (setup lines, Slurm's own "CANCELLED AT …").
    QString slurmOutputPattern() const; // <systemDir>/slurm-%j.out, any % of the path doubled

    // Quoting: a word for an #SBATCH line ("…" with \ and " escaped) and for sh ('…').
    static QString sbatchWord(const QString& word);
    static QString shellWord(const QString& word);
    // The options Trainyard sets itself and a target's sbatch_options may not change.
    static QStringList reservedOptions();
};
