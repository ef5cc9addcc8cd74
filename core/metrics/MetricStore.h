// The writer of one run's metric store: the run's supervisor appends points here and every other process
// (GUI, CLI) reads the same folder live through MetricReader.
//
// On-disk layout of `<run>/metrics/` (all integers little-endian):
//   names.idx   "TYMN" + uint32 version, then one record per series: uint32 byte length + UTF-8 name.
//               The record's ordinal is the series index. Only ever appended, so a reader that meets a
//               partial tail simply stops there and picks it up on its next refresh.
//   <idx>.bin   fixed 24-byte records: int64 step, double value, double time (unix seconds). Append-only.
// There is exactly one writer per folder; readers never lock anything.
#pragma once

#include "metrics/MetricPoint.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QVector>

#include <cmath>
#include <optional>

namespace MetricStoreFormat {
inline constexpr int kRecordSize = 24;
inline constexpr int kMaxNameBytes = 256;
inline constexpr char kIndexMagic[4] = {'T', 'Y', 'M', 'N'};
inline constexpr quint32 kIndexVersion = 1;
inline constexpr int kIndexHeaderSize = 8;
inline QString indexFileName() { return QStringLiteral("names.idx"); }
inline QString seriesFileName(int index) { return QString::number(index) + QStringLiteral(".bin"); }
} // namespace MetricStoreFormat

class MetricStore
{
public:
    // Points buffered in memory before an automatic flush.
    static constexpr int kAutoFlushPoints = 65536;

    // Opens (creating if needed) the folder; an existing store is continued, not replaced.
    explicit MetricStore(const QString& metricsDir);
    ~MetricStore(); // flushes
    MetricStore(const MetricStore&) = delete;
    MetricStore& operator=(const MetricStore&) = delete;

    // False with a reason when the folder could not be opened or its index is not a metric index.
    bool isValid() const { return m_openError.isEmpty(); }
    QString openError() const { return m_openError; }

    // Without a step the series continues at its last step + 1 (0 for a new series).
    // The name is trimmed and must then be 1..256 UTF-8 bytes.
    bool append(const QString& name, std::optional<qint64> step, double value, double time,
                QString* error = nullptr);
    bool flush(QString* error = nullptr);

    // Includes points not flushed yet.
    QVector<MetricSeriesSummary> summaries() const;
    qint64 bufferedPoints() const { return m_bufferedPoints; }

    // Checks a name the way append() does; returns the trimmed name or nullopt with a reason.
    static std::optional<QString> validatedName(const QString& name, QString* error);

private:
    struct Series
    {
        QString name;
        qint64 flushedCount = 0;
        MetricPoint last;
        bool hasLast = false;
        qint64 nextStep = 0;
        QByteArray pending; // encoded records waiting for flush()
        std::optional<double> min; // over finite values
        std::optional<double> max;

        void include(double value)
        {
            if (!std::isfinite(value))
                return;
            if (!min || value < *min)
                min = value;
            if (!max || value > *max)
                max = value;
        }
    };

    void open();
    int seriesIndexFor(const QString& name, QString* error);

    QString m_dir;
    QString m_openError;
    QVector<Series> m_series;
    QHash<QString, int> m_indexByName;
    QByteArray m_pendingIndex; // names.idx records of series created since the last flush
    qint64 m_bufferedPoints = 0;
    int m_lastSeries = -1; // the hot loop often logs the same name repeatedly
};
