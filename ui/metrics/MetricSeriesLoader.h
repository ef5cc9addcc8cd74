// Reads the metric series of one or more runs for the charts, off the GUI thread: the Metrics tab hands a
// MetricFetchRequest to a worker that calls fetch(), and draws the MetricFetchResult it gets back.
// The loader keeps one MetricReader per run (refreshing them when asked), counts each series' NaN/inf values
// incrementally, and remembers what it last answered per series so that an unchanged series (same point
// count, same visible range, same bucket count) is reported as unchanged instead of being read again.
// Not thread-safe: one fetch() at a time, from any single thread at a time.
#pragma once

#include "metrics/MetricPoint.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

#include <limits>
#include <memory>

// An x interval in the units the chart shows: steps, or seconds since the run's first metric point.
struct MetricXRange {
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool operator==(const MetricXRange& o) const { return min == o.min && max == o.max; }
    bool operator!=(const MetricXRange& o) const { return !(*this == o); }
};

struct MetricFetchRequest {
    QStringList runIds;
    bool refresh = true;   // pick up points written since the last fetch
    bool byTime = false;   // x is time (seconds since the run's first point) instead of step
    bool forceAll = false; // answer every series even when unchanged since the last fetch
    int defaultBuckets = 1000;
    QHash<QString, MetricXRange> ranges; // per metric; missing = everything
    QHash<QString, int> buckets;         // per metric; missing = defaultBuckets
};

struct MetricSeriesData {
    QString runId;
    QString metric;
    bool unchanged = false;      // same answer as last time; `points` is left empty
    QVector<MetricPoint> points; // finite values only, sorted by x, at most 4 × buckets
    double timeOrigin = 0;       // subtract from MetricPoint::time to get the chart's x in time mode
    qint64 totalCount = 0;       // points in the whole series
    qint64 nonFiniteCount = 0;   // NaN/inf values in the whole series (never drawn)
};

struct MetricFetchResult {
    QStringList metrics; // union over the runs, in first-seen order
    QVector<MetricSeriesData> series;
};

class MetricSeriesLoader
{
public:
    explicit MetricSeriesLoader(const Workspace& workspace);
    ~MetricSeriesLoader();
    MetricSeriesLoader(const MetricSeriesLoader&) = delete;
    MetricSeriesLoader& operator=(const MetricSeriesLoader&) = delete;

    MetricFetchResult fetch(const MetricFetchRequest& request);

    static QString metricsDir(const Workspace& workspace, const QString& runId);

private:
    struct SeriesState;
    struct RunState;
    RunState& runState(const QString& runId);
    static void scanNewPoints(RunState& run, const QString& metric, SeriesState& state);

    Workspace m_workspace;
    QHash<QString, std::shared_ptr<RunState>> m_runs;
};
