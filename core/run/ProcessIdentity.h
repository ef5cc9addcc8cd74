// Who a process id belongs to on this machine. A pid alone is never enough to signal a process: after a
// crash or a reboot the number is handed to an unrelated program. The start time (field 22 of
// /proc/PID/stat, in clock ticks since boot) together with the boot id names one process for good.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QVector>
#include <optional>

struct ProcessIdentity
{
    qint64 pid = 0;
    qint64 startTime = 0; // clock ticks after boot
    QString bootId;

    // The identity of the process that has this pid now; nullopt when there is none.
    static std::optional<ProcessIdentity> of(qint64 pid);
    static QString currentBootId();

    // True when the very process this identity names is still there (a zombie counts as gone).
    bool isAlive() const;
    bool isValid() const { return pid > 0 && startTime > 0 && !bootId.isEmpty(); }

    // "bootid:starttime", the form stored beside a pid in the database.
    QString token() const;
    static ProcessIdentity fromToken(qint64 pid, const QString& token);

    QJsonObject toJson() const;
    static ProcessIdentity fromJson(const QJsonObject& json);

    // The parent pid, or 0 when the process is gone.
    static qint64 parentOf(qint64 pid);
    // Whether /proc/PID/environ holds exactly this NAME=VALUE entry (false when it cannot be read).
    static bool environmentContains(qint64 pid, const QByteArray& entry);
    // Every process id visible in /proc.
    static QVector<qint64> allPids();
};
