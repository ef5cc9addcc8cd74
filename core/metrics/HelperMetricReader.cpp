#include "metrics/HelperMetricReader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cmath>
#include <cstring>
#include <limits>

HelperMetricReader::HelperMetricReader(const QString& path, qint64 maxBytesPerPoll)
    : m_path(path)
    , m_maxBytesPerPoll(qMax<qint64>(maxBytesPerPoll, kMaxLineBytes + 1))
{
}

HelperMetricReader::Batch HelperMetricReader::poll()
{
    Batch batch;
    m_hasMore = false;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return batch; // the script has not logged anything yet
    const qint64 size = file.size();
    if (size < m_offset)
        m_offset = 0; // truncated or replaced: read the new content from its start
    if (size == m_offset || !file.seek(m_offset))
        return batch;
    const qint64 want = qMin(size - m_offset, m_maxBytesPerPoll);
    const QByteArray chunk = file.read(want);
    const char* p = chunk.constData();
    const char* end = p + chunk.size();
    while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
        if (!nl) {
            // An incomplete last line stays in the file for the next poll, unless it is already too
            // long to ever be kept: then it is dropped as it streams past.
            if (m_skippingLongLine || end - p > kMaxLineBytes) {
                if (!m_skippingLongLine)
                    ++m_malformed;
                m_skippingLongLine = true;
                p = end;
            }
            break;
        }
        if (m_skippingLongLine)
            m_skippingLongLine = false;
        else if (nl - p > kMaxLineBytes)
            ++m_malformed;
        else
            parseLine(p, nl, batch);
        p = nl + 1;
    }
    m_offset += p - chunk.constData();
    // Only a poll cut short by the byte cap leaves complete lines behind.
    m_hasMore = want == m_maxBytesPerPoll && m_offset < size;
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
    const QString name = obj.value(QLatin1String("name")).toString().trimmed();
    if (name.isEmpty()) {
        ++m_malformed;
        return;
    }
    const QJsonValue value = obj.value(QLatin1String("value"));
    if (type == QLatin1String("tag")) {
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
        batch.tags.append(qMakePair(name, text));
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
