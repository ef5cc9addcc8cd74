// Read-only view of a run's metric store (see MetricStore.h for the layout), safe to use from any process
// while the run's supervisor is still writing. refresh() picks up new series and new points; everything
// else answers from the state of the last refresh(). Series files are memory-mapped, so reading a
// million-point series costs a scan of its mapping, not a copy.
#pragma once

#include "metrics/MetricPoint.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <limits>
#include <memory>
#include <vector>

class QFile;

class MetricReader
{
public:
    explicit MetricReader(const QString& metricsDir); // reads the current state
    ~MetricReader();
    MetricReader(const MetricReader&) = delete;
    MetricReader& operator=(const MetricReader&) = delete;

    void refresh();

    QStringList names() const;
    QVector<MetricSeriesSummary> summaries() const;
    // Points from the fromIndex-th record on, in the order they were written.
    QVector<MetricPoint> points(const QString& name, qint64 fromIndex = 0) const;
    qint64 count(const QString& name) const;

    static constexpr qint64 kReadBatchPoints = 16384;
    // Hands the points from the fromIndex-th record on (up to the count of the last refresh()) to `consume`
    // in order, in batches of at most kReadBatchPoints, and stops early when it returns false. Reads the
    // series file rather than its mapping, so memory stays bounded whatever the series' size (the mapping's
    // pages would stay resident once touched). False with a reason when the file could not be read.
    bool readPoints(const QString& name, const std::function<bool(const MetricPoint* points, qint64 count)>& consume,
                    QString* error = nullptr, qint64 fromIndex = 0) const;

    // Min/max-preserving reduction for charts: the x range (step, or time when byTime) is split into
    // `buckets` equal buckets and each non-empty bucket contributes its first, min, max and last points
    // (in x order, without duplicates), so spikes survive. Returns at most 4 × buckets points sorted by x;
    // when the range holds no more than that, returns the real points. NaN values never win min/max.
    QVector<MetricPoint> downsampled(const QString& name, int buckets,
                                     double xMin = -std::numeric_limits<double>::infinity(),
                                     double xMax = std::numeric_limits<double>::infinity(),
                                     bool byTime = false) const;

private:
    struct Series
    {
        QString name;
        std::unique_ptr<QFile> file;
        const uchar* data = nullptr; // mapping of the first `count` records
        qint64 count = 0;
        // Whether x only grows (by step, by time) over the first `orderChecked` records, and the last x seen:
        // downsampled() then finds ranges and buckets by binary search instead of scanning every point.
        // Checked lazily by downsampled() (so only it touches every page of the mapping), extended as the
        // series grows; a const reader is therefore not to be downsampled from two threads at once.
        mutable qint64 orderChecked = 0;
        mutable bool stepsAscending = true;
        mutable bool timesAscending = true;
        mutable double lastStep = -std::numeric_limits<double>::infinity();
        mutable double lastTime = -std::numeric_limits<double>::infinity();
    };
    // Brings the order flags of `series` up to its current count.
    static void checkOrder(const Series& series);

    void readNewNames();
    void remap(Series& series, int index);
    const Series* find(const QString& name) const;

    QString m_dir;
    qint64 m_indexOffset = 0; // bytes of names.idx already parsed
    std::vector<Series> m_series;
    QHash<QString, int> m_indexByName;
};
