#include "metrics/NodeSampleReader.h"

#include "metrics/SystemMetricName.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

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
    : m_tail(path, kMaxLineBytes, maxBytesPerPoll), m_node(node)
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
    m_tail.poll([&](const char* begin, const char* end) {
        if (end > begin && !parseLine(QByteArray::fromRawData(begin, end - begin), m_node, &points))
            ++m_malformed;
    });
    return points;
}
