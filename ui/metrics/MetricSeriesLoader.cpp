#include "metrics/MetricSeriesLoader.h"

#include "metrics/MetricReader.h"
#include "run/RunStore.h"

#include <QDir>

#include <cmath>

namespace {

// The reader answers up to four points per pixel column (its first, lowest, highest and last). A line through
// a column's lowest and highest point already covers every pixel the column's points would light, so only
// those two are kept (in x order), plus the range's very first and last point, where the line starts and
// ends: half the points for Qt Charts to map, stroke and paint, and no spike lost. The columns are the
// reader's buckets: `columns` equal parts of the x extent of the points.
QVector<MetricPoint> minMaxPerColumn(QVector<MetricPoint> points, int columns, bool byTime)
{
    if (points.size() <= 2 * qsizetype(columns) + 2)
        return points;
    const auto xOf = [byTime](const MetricPoint& p) { return byTime ? p.time : double(p.step); };
    const double lo = xOf(points.constFirst());
    const double hi = xOf(points.constLast());
    if (!(hi > lo))
        return points;
    const double scale = double(columns) / (hi - lo);
    const auto columnOf = [&](const MetricPoint& p) { return std::min(columns - 1, int((xOf(p) - lo) * scale)); };
    const qsizetype n = points.size();
    qsizetype kept = 0;
    const auto keep = [&](qsizetype index) { points[kept++] = points[index]; };
    qsizetype start = 0;
    while (start < n) {
        const int column = columnOf(points[start]);
        qsizetype end = start + 1;
        qsizetype low = start;
        qsizetype high = start;
        while (end < n && columnOf(points[end]) == column) {
            if (points[end].value < points[low].value)
                low = end;
            if (points[end].value > points[high].value)
                high = end;
            ++end;
        }
        // Written in place: every index read is at or after the next write position.
        const qsizetype first = std::min(low, high);
        const qsizetype second = std::max(low, high);
        if (start == 0 && first != 0)
            keep(0);
        keep(first);
        if (second != first)
            keep(second);
        if (end == n && second != n - 1)
            keep(n - 1);
        start = end;
    }
    points.resize(kept);
    return points;
}

} // namespace

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
    // On the worker: the workspace hands this thread a database connection of its own.
    const RunStore store(m_workspace);
    for (const QString& runId : runIds) {
        QString error;
        const std::optional<RunRecord> run = store.find(runId, &error);
        if (!error.isEmpty()) {
            result.runInfoError = error;
            return; // hasRunInfo stays false: the labels shown are kept rather than replaced by ids
        }
        MetricRunInfo info;
        if (run)
            info.displayName = run->displayName.trimmed();
        const QVector<RunParam> params = store.params(runId, &error);
        if (!error.isEmpty()) {
            result.runInfoError = error;
            return;
        }
        info.params.reserve(params.size());
        for (const RunParam& param : params)
            info.params.append(MetricRunParam{param.name, param.value, param.number});
        result.runInfo.insert(runId, info);
    }
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
            data.points = minMaxPerColumn(std::move(data.points), buckets, request.byTime);
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
