#include "metrics/NodeSampleReader.h"

#include "metrics/SystemMetricName.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstring>

namespace {

void addIfNumber(const QJsonObject& o, QLatin1String key, const QString& name, double time,
                 QVector<SystemSamplePoint>* points)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble() && std::isfinite(v.toDouble()))
        points->append({name, v.toDouble(), time});
}

} // namespace

NodeSampleReader::NodeSampleReader(const QString& path, const QString& node, qint64 maxBytesPerPoll)
    : m_path(path), m_node(node), m_maxBytesPerPoll(qMax<qint64>(maxBytesPerPoll, kMaxLineBytes + 1))
{
}

bool NodeSampleReader::parseLine(const QByteArray& line, const QString& node,
                                 QVector<SystemSamplePoint>* points)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    const QJsonValue t = o.value(QLatin1String("t"));
    if (!t.isDouble() || !std::isfinite(t.toDouble()) || t.toDouble() <= 0)
        return false;
    const double time = t.toDouble();
    const qsizetype before = points->size();
    for (const QLatin1String key :
         {QLatin1String("cpu_percent"), QLatin1String("memory_used_mb"), QLatin1String("memory_total_mb")})
        addIfNumber(o, key, SystemMetricName::of(node, key), time, points);
    const QJsonArray gpus = o.value(QLatin1String("gpus")).toArray();
    for (const QJsonValue& g : gpus) {
        const QJsonObject gpu = g.toObject();
        const QJsonValue index = gpu.value(QLatin1String("index"));
        const double i = index.toDouble(-1);
        if (!index.isDouble() || i < 0 || i >= kMaxGpus || i != std::floor(i))
            continue;
        const QString prefix = QStringLiteral("gpu%1/").arg(int(i));
        for (const QLatin1String key : {QLatin1String("utilization_percent"), QLatin1String("memory_used_mb"),
                                        QLatin1String("power_w")})
            addIfNumber(gpu, key, SystemMetricName::of(node, prefix + key), time, points);
    }
    if (points->size() == before)
        return false; // a sample with nothing in it is no sample
    return true;
}

QVector<SystemSamplePoint> NodeSampleReader::poll()
{
    QVector<SystemSamplePoint> points;
    m_hasMore = false;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return points;
    const qint64 size = file.size();
    if (size < m_offset)
        m_offset = 0; // replaced: read the new one from its start
    if (size == m_offset || !file.seek(m_offset))
        return points;
    const qint64 want = qMin(size - m_offset, m_maxBytesPerPoll);
    const QByteArray chunk = file.read(want);
    const char* p = chunk.constData();
    const char* end = p + chunk.size();
    while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
        if (!nl) {
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
        else if (nl > p && !parseLine(QByteArray::fromRawData(p, nl - p), m_node, &points))
            ++m_malformed;
        p = nl + 1;
    }
    m_offset += p - chunk.constData();
    m_hasMore = want == m_maxBytesPerPoll && m_offset < size;
    return points;
}
