// Reads the metric series of one or more runs for the charts, off the GUI thread: the Metrics tab hands a
// MetricFetchRequest to a worker that calls fetch(), and draws the MetricFetchResult it gets back.
// The loader keeps one MetricReader per run (refreshing them when asked), counts each series' NaN/inf values
// incrementally, and remembers what it last answered per series so that an unchanged series (same point
// count, same visible range, same bucket count) is reported as unchanged instead of being read again.
// With readRunInfo it also reads each run's display name and parameters from the workspace database (the
// worker's own connection), for the lines' labels and colours.
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
#include <optional>

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
    bool readRunInfo = false; // also read the runs' display names and parameters
    int defaultBuckets = 1000;
    QHash<QString, MetricXRange> ranges; // per metric; missing = everything
    QHash<QString, int> buckets;         // per metric; missing = defaultBuckets
};

struct MetricSeriesData {
    QString runId;
    QString metric;
    bool unchanged = false;      // same answer as last time; `points` is left empty
    QVector<MetricPoint> points; // finite values only, sorted by x, at most 2 × buckets + 2 (min/max per column)
    double timeOrigin = 0;       // subtract from MetricPoint::time to get the chart's x in time mode
    qint64 totalCount = 0;       // points in the whole series
    qint64 nonFiniteCount = 0;   // NaN/inf values in the whole series (never drawn)
};

// One parameter of a run as the charts use it: its text, and its number when it reads as one.
struct MetricRunParam {
    QString name;
    QString value;
    std::optional<double> number;
};

struct MetricRunInfo {
    QString displayName; // empty when the run has none
    QVector<MetricRunParam> params;
};

struct MetricFetchResult {
    QStringList metrics; // union over the runs, in first-seen order
    QVector<MetricSeriesData> series;
    bool hasRunInfo = false;             // the request asked for it and runInfo holds every run's
    QHash<QString, MetricRunInfo> runInfo; // by run id
    QString runInfoError;                // why the runs' names and parameters could not be read
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
    void readRunInfo(const QStringList& runIds, MetricFetchResult& result) const;

    Workspace m_workspace;
    QHash<QString, std::shared_ptr<RunState>> m_runs;
};
