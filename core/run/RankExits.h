// How the ranks of a distributed run ended, from the exit records the rank wrapper
// (resources/job/trainyard-rank.sh) leaves in the run's system folder: ranks/<r>/exit.json
// {"rank":r,"exit_status":N,"node":"host"}, N > 128 meaning killed by signal N - 128.
// The rank that failed first is the one the run's error names: the others were usually stopped because of it.
#pragma once

#include <QString>
#include <QVector>

#include <optional>

struct RankExit {
    int rank = 0;
    int exitStatus = 0;
    QString node;
    qint64 recordedNs = 0; // when the record was written (its modification time)

    bool killedBySignal() const { return exitStatus > 128 && exitStatus < 128 + 65; }
    // "rank 1 exited with code 3", "rank 2 killed by signal 9 (Killed)".
    QString describe() const;
};

class RankExits
{
public:
    // Every readable record, by rank; unreadable or half-written ones are left out.
    static QVector<RankExit> read(const QString& systemDir);
    // The earliest non-zero exit; at the same time a rank that exited by itself goes before one killed by a
    // signal, then the lower rank.
    static std::optional<RankExit> firstFailure(const QVector<RankExit>& exits);
};
