#include "metrics/HelperMetricReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>
#include <limits>

HelperMetricReader::HelperMetricReader(const QString& path, qint64 maxBytesPerPoll)
    : m_tail(path, kMaxLineBytes, maxBytesPerPoll)
{
}

HelperMetricReader::Batch HelperMetricReader::poll()
{
    Batch batch;
    m_tail.poll([&](const char* begin, const char* end) { parseLine(begin, end, batch); });
    return batch;
}

void HelperMetricReader::parseLine(const char* begin, const char* end, Batch& batch)
{
    while (begin < end && (end[-1] == '\r' || end[-1] == ' '))
        --end;
    if (begin == end)
        return; // blank lines are harmless
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(begin, end - begin), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        ++m_malformed;
        return;
    }
    const QJsonObject obj = doc.object();
    const QString type = obj.value(QLatin1String("type")).toString();
    if (type == QLatin1String("name")) {
        const QString displayName = obj.value(QLatin1String("value")).toString().simplified();
        if (displayName.isEmpty())
            ++m_malformed;
        else
            batch.displayName = displayName;
        return;
    }
    const QString name = obj.value(QLatin1String("name")).toString().trimmed();
    if (name.isEmpty()) {
        ++m_malformed;
        return;
    }
    const QJsonValue value = obj.value(QLatin1String("value"));
    if (type == QLatin1String("tag") || type == QLatin1String("param")) {
        QString text;
        if (value.isString())
            text = value.toString();
        else if (value.isDouble())
            text = QString::number(value.toDouble(), 'g', 17);
        else if (value.isBool())
            text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (value.isNull() || value.isUndefined())
            text = QString();
        else
            text = QString::fromUtf8((value.isArray() ? QJsonDocument(value.toArray())
                                                      : QJsonDocument(value.toObject()))
                                         .toJson(QJsonDocument::Compact));
        (type == QLatin1String("tag") ? batch.tags : batch.params).append(qMakePair(name, text));
        return;
    }
    if (type != QLatin1String("metric")) {
        ++m_malformed;
        return;
    }
    HelperMetric metric;
    metric.name = name;
    if (value.isDouble()) {
        metric.value = value.toDouble();
    } else if (value.isString()) {
        const QString s = value.toString().toLower();
        if (s == QLatin1String("nan"))
            metric.value = std::numeric_limits<double>::quiet_NaN();
        else if (s == QLatin1String("inf") || s == QLatin1String("+inf") || s == QLatin1String("infinity"))
            metric.value = std::numeric_limits<double>::infinity();
        else if (s == QLatin1String("-inf") || s == QLatin1String("-infinity"))
            metric.value = -std::numeric_limits<double>::infinity();
        else {
            ++m_malformed;
            return;
        }
    } else {
        ++m_malformed;
        return;
    }
    const QJsonValue step = obj.value(QLatin1String("step"));
    if (step.isDouble()) {
        const double s = step.toDouble();
        if (!std::isfinite(s) || s != std::floor(s) || std::fabs(s) > 9.0e15) {
            ++m_malformed;
            return;
        }
        metric.step = qint64(s);
    } else if (!step.isNull() && !step.isUndefined()) {
        ++m_malformed;
        return;
    }
    metric.time = obj.value(QLatin1String("time")).toDouble(0.0);
    batch.metrics.append(metric);
}
