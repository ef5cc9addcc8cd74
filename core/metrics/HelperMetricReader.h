// Tails the JSON-lines file that the run-side Python helper (resources/python: `trainyard.log`, the
// Azure ML `Run.log` shim) appends to, named by TRAINYARD_METRICS_FILE inside the run. Lines are
//   {"type":"metric","name":…,"value":<number or "nan"/"inf"/"-inf">,"step":<int or null>,"time":<float>}
//   {"type":"tag","name":…,"value":…}     (`trainyard.set_tag`)
//   {"type":"param","name":…,"value":…}   (`trainyard.log_param`: a parameter the run chose while it ran)
//   {"type":"name","value":…}             (`trainyard.set_name`: the run's display name, the last one wins)
// Each poll() reads from where the last one stopped; a last line without its newline is left for the
// next poll, malformed lines are skipped and counted, and memory stays bounded whatever is in the file.
#pragma once

#include "metrics/JsonLinesTail.h"

#include <QPair>
#include <QString>
#include <QVector>

#include <optional>

struct HelperMetric
{
    QString name;
    std::optional<qint64> step;
    double value = 0;
    double time = 0;
};

class HelperMetricReader
{
public:
    struct Batch
    {
        QVector<HelperMetric> metrics;
        QVector<QPair<QString, QString>> tags;
        QVector<QPair<QString, QString>> params; // name, value as text
        QString displayName;                     // the last name the batch gave the run; empty: none
    };
    static constexpr qsizetype kMaxLineBytes = 1024 * 1024;

    // maxBytesPerPoll bounds one poll's work; call poll() again while hasMore() to catch up.
    explicit HelperMetricReader(const QString& path, qint64 maxBytesPerPoll = 8 * 1024 * 1024);

    Batch poll();
    bool hasMore() const { return m_tail.hasMore(); }
    qint64 offset() const { return m_tail.offset(); }
    // Continues from a line boundary that an earlier reader of the same file reached.
    void setOffset(qint64 offset) { m_tail.setOffset(offset); }
    qint64 malformedLines() const { return m_tail.overlongLines() + m_malformed; }

private:
    void parseLine(const char* begin, const char* end, Batch& batch);

    JsonLinesTail m_tail;
    qint64 m_malformed = 0; // lines that are no metric or tag (over-long ones are counted by m_tail)
};
