#include "targets/local/LocalJobRecord.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
std::optional<QJsonObject> readObject(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}
} // namespace

std::optional<LocalJobRecord> LocalJobRecord::read(const QString& recordDir)
{
    const auto o = readObject(jobFile(recordDir));
    if (!o)
        return std::nullopt;
    LocalJobRecord record;
    record.job = ProcessIdentity::fromJson(*o);
    record.wrapper.pid = o->value(QStringLiteral("wrapper_pid")).toInteger();
    record.wrapper.startTime = o->value(QStringLiteral("wrapper_start_time")).toInteger();
    record.wrapper.bootId = record.job.bootId;
    return record;
}

std::optional<int> LocalJobRecord::readExitStatus(const QString& recordDir)
{
    const auto o = readObject(exitFile(recordDir));
    if (!o || !o->value(QStringLiteral("exit_status")).isDouble())
        return std::nullopt;
    return o->value(QStringLiteral("exit_status")).toInt();
}
