// Tails one node's system samples, the JSON lines that resources/job/trainyard_sample.py appends to
// `system/nodes/<node>.jsonl` while a run lives:
//   {"t": unix_seconds, "cpu_percent": x, "memory_used_mb": y, "memory_total_mb": z,
//    "gpus": [{"index": 0, "utilization_percent": u, "memory_used_mb": m, "power_w": p}, ...]}
// and turns each into points of the series `system/<node>/cpu_percent`, `.../memory_used_mb`,
// `.../memory_total_mb`, `.../gpu<i>/utilization_percent`, `.../gpu<i>/memory_used_mb`, `.../gpu<i>/power_w`.
// A value that is missing or null (nvidia-smi's [N/A]) gives no point. Like HelperMetricReader: each poll()
// continues from the last one's offset, a last line without its newline waits for the next poll, malformed
// lines are skipped and counted, memory stays bounded.
#pragma once

#include "metrics/JsonLinesTail.h"

#include <QString>
#include <QVector>

struct SystemSamplePoint {
    QString name;
    double value = 0;
    double time = 0;
};

class NodeSampleReader
{
public:
    static constexpr qsizetype kMaxLineBytes = 64 * 1024;
    static constexpr int kMaxGpus = 64;

    NodeSampleReader(const QString& path, const QString& node, qint64 maxBytesPerPoll = 4 * 1024 * 1024);

    QVector<SystemSamplePoint> poll();
    bool hasMore() const { return m_tail.hasMore(); }
    qint64 offset() const { return m_tail.offset(); }
    void setOffset(qint64 offset) { m_tail.setOffset(offset); }
    qint64 malformedLines() const { return m_tail.overlongLines() + m_malformed; }
    QString node() const { return m_node; }

    // The points of one line; false (and no points) when it is not a sample.
    static bool parseLine(const QByteArray& line, const QString& node, QVector<SystemSamplePoint>* points);

private:
    JsonLinesTail m_tail;
    QString m_node;
    qint64 m_malformed = 0; // lines that are no sample (over-long ones are counted by m_tail)
};
