// The shared view of one target's Slurm queue: one squeue call for every live run of the target, whichever
// runner process asks. The answer is a small cache file per target in the workspace (<dir>/queue.json),
// refreshed under an flock of <dir>/queue.lock by the first runner that finds it too old for its needs; the
// others read it. Each live job is listed as a file <dir>/jobs/<id> so the one call covers all of them.
// A controller that answers slowly or says "rate limit" makes every runner of the target wait longer.
#pragma once

#include "targets/slurm/SlurmJobState.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>

class SlurmCommands;

struct SlurmQueueAnswer {
    bool answered = false; // squeue answered (listed or not); false: the error says why (state unknown)
    bool listed = false;   // the job is in squeue's answer
    SlurmJobState job;
    qint64 polledAtMs = 0; // when that answer was taken
    QString error;
};

class SlurmQueue
{
public:
    // stateDir: the target's folder for the cache (created as needed).
    SlurmQueue(const QString& stateDir, const SlurmCommands& commands);

    void registerJob(const QString& jobId);
    void unregisterJob(const QString& jobId);
    // The job as squeue said it at notBeforeMs or later: from the cache when that is recent enough, else
    // after one squeue call for every registered job (or after waiting for the runner that is making it).
    SlurmQueueAnswer lookup(const QString& jobId, qint64 notBeforeMs);
    // How long every runner of the target waits between calls at least, after slow or rate-limited answers.
    qint64 penaltyMs() const { return m_penaltyMs; }

    // squeue --noheader --format=%i|%T|%N|%r output → job id → state.
    static QHash<QString, SlurmJobState> parseSqueue(const QByteArray& output);
    static QStringList squeueArguments(const QStringList& jobIds);
    // How many squeue calls this object made (for the benchmark and tests).
    int callsMade() const { return m_calls; }

private:
    struct Cache {
        qint64 polledAtMs = 0;
        qint64 penaltyMs = 0;
        QStringList asked;
        QHash<QString, SlurmJobState> jobs;
        QString error;
    };
    std::optional<Cache> readCache() const;
    bool writeCache(const Cache& cache) const;
    Cache refresh(const Cache& previous);
    QStringList registeredJobs() const;
    SlurmQueueAnswer answerFrom(const Cache& cache, const QString& jobId) const;

    QString m_dir;
    const SlurmCommands& m_commands;
    qint64 m_penaltyMs = 0;
    int m_calls = 0;
};
