#include "run/RankExits.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstring>
#include <sys/stat.h>

QString RankExit::describe() const
{
    if (killedBySignal()) {
        const int signal = exitStatus - 128;
        return QStringLiteral("rank %1 killed by signal %2 (%3)")
            .arg(rank)
            .arg(signal)
            .arg(QString::fromLocal8Bit(strsignal(signal)));
    }
    return QStringLiteral("rank %1 exited with code %2").arg(rank).arg(exitStatus);
}

QVector<RankExit> RankExits::read(const QString& systemDir)
{
    QVector<RankExit> result;
    const QDir ranks(systemDir + QStringLiteral("/ranks"));
    for (const QString& name : ranks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool isNumber = false;
        const int rank = name.toInt(&isNumber);
        if (!isNumber || rank < 0)
            continue;
        const QString path = ranks.filePath(name) + QStringLiteral("/exit.json");
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(file.read(4096)).object();
        if (!o.value(QStringLiteral("exit_status")).isDouble())
            continue;
        RankExit exit;
        exit.rank = o.value(QStringLiteral("rank")).toInt(rank);
        exit.exitStatus = o.value(QStringLiteral("exit_status")).toInt();
        exit.node = o.value(QStringLiteral("node")).toString();
        struct stat st;
        if (::stat(QFile::encodeName(path).constData(), &st) == 0)
            exit.recordedNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        result << exit;
    }
    std::sort(result.begin(), result.end(),
              [](const RankExit& a, const RankExit& b) { return a.rank < b.rank; });
    return result;
}

std::optional<RankExit> RankExits::firstFailure(const QVector<RankExit>& exits)
{
    std::optional<RankExit> first;
    for (const RankExit& exit : exits) {
        if (exit.exitStatus == 0)
            continue;
        const auto before = [](const RankExit& a, const RankExit& b) {
            if (a.recordedNs != b.recordedNs)
                return a.recordedNs < b.recordedNs;
            if (a.killedBySignal() != b.killedBySignal())
                return !a.killedBySignal();
            return a.rank < b.rank;
        };
        if (!first || before(exit, *first))
            first = exit;
    }
    return first;
}
