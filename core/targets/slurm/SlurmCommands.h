// Runs the Slurm client programs (sbatch, squeue, scontrol, sacct, scancel, sinfo) for one target: never
// through a shell, with a time limit, with SLURM_CONF from the target's slurm_conf setting (else this
// process's). Reached directly the programs run on this machine; a login node would run them through an SSH
// target's connection instead, which is why every Slurm call of a target goes through this one class.
#pragma once

#include "targets/TargetConfig.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

struct SlurmCommandResult {
    bool started = false; // the program could be run at all
    bool timedOut = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;
    QString startError; // why it could not be run

    bool ok() const { return started && !timedOut && exitCode == 0; }
    // One line for a message: why it failed ("squeue exited with 1: slurm_load_jobs error: …").
    QString failure(const QString& program) const;
};

class SlurmCommands
{
public:
    explicit SlurmCommands(const TargetConfig& target);
    virtual ~SlurmCommands() = default;

    // Runs argv (argv[0] a Slurm client program, found on this process's PATH) and waits at most timeoutMs.
    // environment: exactly the variables the program sees (sbatch passes them on to the job), SLURM_CONF
    // added; empty: this process's environment.
    virtual SlurmCommandResult run(const QStringList& argv, int timeoutMs,
                                   const QHash<QString, QString>& environment = {}) const;

    // The slurm.conf the commands use: the target's setting, else SLURM_CONF of this process (may be empty:
    // the client's compiled-in default).
    virtual QString slurmConf() const;
    // Whether the programs run on this machine (else on a login node, where() names it).
    virtual bool onThisMachine() const { return true; }
    virtual QString where() const { return QStringLiteral("this machine"); }

private:
    TargetConfig m_target;
};
