#include "metrics/MetricSeriesLoader.h"

#include "metrics/MetricReader.h"

#include <QDir>

#include <cmath>

struct MetricSeriesLoader::SeriesState {
    qint64 scanned = 0; // points already counted for NaN/inf and the time origin
    qint64 nonFinite = 0;
    double firstTime = std::numeric_limits<double>::infinity();
    // What the last answer was computed from; equal inputs give an equal answer.
    bool answered = false;
    qint64 answeredCount = -1;
    MetricXRange answeredRange;
    int answeredBuckets = 0;
    bool answeredByTime = false;
    double answeredOrigin = 0;
};

struct MetricSeriesLoader::RunState {
    std::unique_ptr<MetricReader> reader;
    QHash<QString, SeriesState> series;
    double timeOrigin() const
    {
        double origin = std::numeric_limits<double>::infinity();
        for (const SeriesState& s : series)
            origin = std::min(origin, s.firstTime);
        return std::isfinite(origin) ? origin : 0.0;
    }
};

MetricSeriesLoader::MetricSeriesLoader(const Workspace& workspace) : m_workspace(workspace) {}

MetricSeriesLoader::~MetricSeriesLoader() = default;

QString MetricSeriesLoader::metricsDir(const Workspace& workspace, const QString& runId)
{
    return QDir(workspace.runDir(runId)).filePath(QStringLiteral("metrics"));
}

MetricSeriesLoader::RunState& MetricSeriesLoader::runState(const QString& runId)
{
    std::shared_ptr<RunState>& slot = m_runs[runId];
    if (!slot) {
        slot = std::make_shared<RunState>();
        slot->reader =
            std::make_unique<MetricReader>(metricsDir(m_workspace, runId)); // reads on construction
    }
    return *slot;
}

void MetricSeriesLoader::scanNewPoints(RunState& run, const QString& metric, SeriesState& state)
{
    if (state.scanned >= run.reader->count(metric))
        return;
    // Only the points written since the last scan are copied: a live run adds a few per refresh.
    const QVector<MetricPoint> fresh = run.reader->points(metric, state.scanned);
    for (const MetricPoint& p : fresh) {
        if (!std::isfinite(p.value))
            ++state.nonFinite;
        if (std::isfinite(p.time))
            state.firstTime = std::min(state.firstTime, p.time);
    }
    state.scanned += fresh.size();
}

void MetricSeriesLoader::readRunInfo(const QStringList& runIds, MetricFetchResult& result) const
{
    // Filled from RunStore once runs record display names and parameters.
    Q_UNUSED(runIds);
    result.hasRunInfo = true;
}

MetricFetchResult MetricSeriesLoader::fetch(const MetricFetchRequest& request)
{
    MetricFetchResult result;
    if (request.readRunInfo)
        readRunInfo(request.runIds, result);
    // Runs no longer shown are forgotten (their mappings released).
    for (auto it = m_runs.begin(); it != m_runs.end();) {
        if (request.runIds.contains(it.key()))
            ++it;
        else
            it = m_runs.erase(it);
    }
    for (const QString& runId : request.runIds) {
        RunState& run = runState(runId);
        if (request.refresh)
            run.reader->refresh();
        const QStringList names = run.reader->names();
        for (const QString& name : names) {
            if (!result.metrics.contains(name))
                result.metrics.append(name);
            scanNewPoints(run, name, run.series[name]);
        }
        const double origin = run.timeOrigin();
        for (const QString& name : names) {
            SeriesState& state = run.series[name];
            const MetricXRange range = request.ranges.value(name);
            const int buckets = std::max(1, request.buckets.value(name, request.defaultBuckets));
            MetricSeriesData data;
            data.runId = runId;
            data.metric = name;
            data.timeOrigin = origin;
            data.totalCount = run.reader->count(name);
            data.nonFiniteCount = state.nonFinite;
            if (!request.forceAll && state.answered && state.answeredCount == data.totalCount &&
                state.answeredRange == range && state.answeredBuckets == buckets &&
                state.answeredByTime == request.byTime && state.answeredOrigin == origin) {
                data.unchanged = true;
                result.series.append(data);
                continue;
            }
            const double shift = request.byTime ? origin : 0.0;
            const QVector<MetricPoint> picked =
                run.reader->downsampled(name, buckets, range.min + shift, range.max + shift, request.byTime);
            data.points.reserve(picked.size());
            for (const MetricPoint& p : picked)
                if (std::isfinite(p.value))
                    data.points.append(p);
            state.answered = true;
            state.answeredCount = data.totalCount;
            state.answeredRange = range;
            state.answeredBuckets = buckets;
            state.answeredByTime = request.byTime;
            state.answeredOrigin = origin;
            result.series.append(std::move(data));
        }
    }
    return result;
}
