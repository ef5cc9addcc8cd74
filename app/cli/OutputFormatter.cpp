#include "OutputFormatter.h"

#include "run/RunStatus.h"
#include "run/RunStore.h"
#include "run/DurationFormat.h"

#include <QDateTime>
#include <QJsonDocument>

#include <cmath>

QTextStream& OutputFormatter::out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& OutputFormatter::err()
{
    static QTextStream stream(stderr);
    return stream;
}

void OutputFormatter::flush()
{
    out().flush();
    err().flush();
}

void OutputFormatter::error(const QString& message)
{
    out().flush(); // what was printed before the failure comes first
    err() << "trainyard-cli: " << message << "\n";
    err().flush();
}

void OutputFormatter::printJson(const QJsonValue& value)
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    out() << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    out().flush();
}

bool OutputFormatter::writeRaw(FILE* stream, const QByteArray& data)
{
    const bool written = std::fwrite(data.constData(), 1, size_t(data.size()), stream) == size_t(data.size());
    return std::fflush(stream) == 0 && written;
}

QString OutputFormatter::isoTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(Qt::ISODateWithMs) : QString();
}

QJsonValue OutputFormatter::timeValue(qint64 ms) { return ms > 0 ? QJsonValue(isoTime(ms)) : QJsonValue(); }

QJsonValue OutputFormatter::numberValue(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return value;
}

QString OutputFormatter::humanSize(qint64 bytes)
{
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return u == 0 ? QStringLiteral("%1 B").arg(bytes)
                  : QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(units[u]));
}

QString OutputFormatter::duration(const RunRecord& run)
{
    if (run.startedAt <= 0)
        return QString();
    const qint64 end = run.endedAt > 0 ? run.endedAt : RunStore::nowMs();
    return DurationFormat::text(qMax<qint64>(0, end - run.startedAt));
}

QJsonObject OutputFormatter::runSummary(const RunRecord& run)
{
    return QJsonObject{
        {QStringLiteral("id"), run.id},
        {QStringLiteral("experiment"), run.experiment},
        {QStringLiteral("status"), runStatusName(run.status)},
        {QStringLiteral("compute_target"), run.computeTarget},
        {QStringLiteral("submitted_at"), timeValue(run.submittedAt)},
        {QStringLiteral("started_at"), timeValue(run.startedAt)},
        {QStringLiteral("ended_at"), timeValue(run.endedAt)},
        {QStringLiteral("exit_code"), run.exitCode ? QJsonValue(*run.exitCode) : QJsonValue()},
        {QStringLiteral("error"), run.error.isEmpty() ? QJsonValue() : QJsonValue(run.error)},
        {QStringLiteral("waiting_reason"), run.waitingReason.isEmpty() ? QJsonValue() : QJsonValue(run.waitingReason)},
    };
}

QJsonObject OutputFormatter::targetSummary(const TargetConfig& target)
{
    QJsonObject o{{QStringLiteral("name"), target.name},
                  {QStringLiteral("kind"), target.kind},
                  {QStringLiteral("max_concurrent_runs"), target.maxConcurrentRuns()},
                  {QStringLiteral("python"), target.python()},
                  {QStringLiteral("cancel_grace_seconds"), target.cancelGraceSeconds()}};
    for (auto it = target.settings.begin(); it != target.settings.end(); ++it)
        if (!o.contains(it.key()))
            o.insert(it.key(), it.value());
    return o;
}
