#include "run/ProcessIdentity.h"

#include <QDir>
#include <QFile>

#include <unistd.h>

namespace {

QByteArray readProcFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll(); // /proc files report size 0: read to the end
}

// The fields after "(comm)": the command name may itself contain spaces and parentheses.
QList<QByteArray> statFields(qint64 pid)
{
    const QByteArray stat = readProcFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const int close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    return stat.mid(close + 2).simplified().split(' ');
}

} // namespace

std::optional<ProcessIdentity> ProcessIdentity::of(qint64 pid)
{
    if (pid <= 0)
        return std::nullopt;
    const QList<QByteArray> fields = statFields(pid);
    // fields[0] is field 3 (state); the start time is field 22.
    if (fields.size() < 20 || fields.at(0) == "Z" || fields.at(0) == "X")
        return std::nullopt;
    ProcessIdentity identity;
    identity.pid = pid;
    identity.startTime = fields.at(19).toLongLong();
    identity.bootId = currentBootId();
    return identity;
}

QString ProcessIdentity::currentBootId()
{
    static const QString bootId = QString::fromLatin1(readProcFile(QStringLiteral("/proc/sys/kernel/random/boot_id")).trimmed());
    return bootId;
}

bool ProcessIdentity::isAlive() const
{
    if (!isValid() || bootId != currentBootId())
        return false;
    const auto now = of(pid);
    return now && now->startTime == startTime;
}

QString ProcessIdentity::token() const { return bootId + QLatin1Char(':') + QString::number(startTime); }

ProcessIdentity ProcessIdentity::fromToken(qint64 pid, const QString& token)
{
    ProcessIdentity identity;
    identity.pid = pid;
    const int colon = token.lastIndexOf(QLatin1Char(':'));
    if (colon > 0) {
        identity.bootId = token.left(colon);
        identity.startTime = token.mid(colon + 1).toLongLong();
    }
    return identity;
}

QJsonObject ProcessIdentity::toJson() const
{
    return {{QStringLiteral("pid"), pid}, {QStringLiteral("start_time"), startTime}, {QStringLiteral("boot_id"), bootId}};
}

ProcessIdentity ProcessIdentity::fromJson(const QJsonObject& json)
{
    ProcessIdentity identity;
    identity.pid = json.value(QStringLiteral("pid")).toInteger();
    identity.startTime = json.value(QStringLiteral("start_time")).toInteger();
    identity.bootId = json.value(QStringLiteral("boot_id")).toString();
    return identity;
}

qint64 ProcessIdentity::parentOf(qint64 pid)
{
    const QList<QByteArray> fields = statFields(pid);
    return fields.size() > 1 ? fields.at(1).toLongLong() : 0;
}

bool ProcessIdentity::environmentContains(qint64 pid, const QByteArray& entry)
{
    const QByteArray environ = readProcFile(QStringLiteral("/proc/%1/environ").arg(pid));
    for (const QByteArray& item : environ.split('\0'))
        if (item == entry)
            return true;
    return false;
}

QVector<qint64> ProcessIdentity::allPids()
{
    QVector<qint64> pids;
    const QStringList names = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& name : names) {
        bool ok = false;
        const qint64 pid = name.toLongLong(&ok);
        if (ok)
            pids << pid;
    }
    return pids;
}
