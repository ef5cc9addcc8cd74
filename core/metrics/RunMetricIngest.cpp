#include "metrics/RunMetricIngest.h"

#include "metrics/HelperMetricReader.h"
#include "metrics/MetricStore.h"
#include "run/RunStore.h"
#include "metrics/StdoutMetricParser.h"
#include "metrics/TensorBoardReader.h"

#include <QDateTime>
#include <QFile>

namespace {
double nowSeconds() { return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0; }
} // namespace

RunMetricIngest::RunMetricIngest(const Workspace& workspace, const RunContext& ctx, const QStringList& patterns)
    : m_workspace(workspace), m_ctx(ctx)
{
    m_store = std::make_unique<MetricStore>(ctx.metricsDir());
    m_parser = std::make_unique<StdoutMetricParser>([this](const QString& name, std::optional<qint64> step, double value) {
        m_store->append(name, step, value, nowSeconds());
        m_dirty = true;
    });
    if (!patterns.isEmpty())
        m_parser->setPatterns(patterns, &m_patternError);
    m_helper = std::make_unique<HelperMetricReader>(ctx.helperMetricsPath());
    m_tensorBoard = std::make_unique<TensorBoardReader>(ctx.logsDir());
}

RunMetricIngest::~RunMetricIngest() = default;

void RunMetricIngest::readStdout(bool final)
{
    QFile file(m_ctx.stdoutPath());
    if (!file.open(QIODevice::ReadOnly))
        return;
    if (!file.seek(m_stdoutOffset))
        return;
    // Bounded chunks: the parser keeps at most one line (itself capped) between calls.
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(chunk.data(), chunk.size());
        if (n <= 0)
            break;
        m_parser->feed(chunk.constData(), n);
        m_stdoutOffset += n;
        if (!final && n < chunk.size())
            break;
    }
    if (final)
        m_parser->finish();
}

void RunMetricIngest::poll(bool final)
{
    readStdout(final);
    do {
        const HelperMetricReader::Batch batch = m_helper->poll();
        for (const HelperMetric& m : batch.metrics) {
            m_store->append(m.name, m.step, m.value, m.time);
            m_dirty = true;
        }
        if (!batch.tags.isEmpty()) {
            RunStore runs(m_workspace);
            for (const auto& tag : batch.tags)
                runs.setTag(m_ctx.runId, tag.first, tag.second);
        }
    } while (m_helper->hasMore());
    const qint64 now = RunStore::nowMs();
    if (final || now - m_lastTensorBoardPoll >= 1000) {
        m_lastTensorBoardPoll = now;
        for (const TensorBoardScalar& s : m_tensorBoard->poll()) {
            m_store->append(s.tag, s.step, s.value, s.wallTime);
            m_dirty = true;
        }
    }
    if (final || now - m_lastPublish >= 500) {
        m_lastPublish = now;
        m_store->flush();
        if (m_dirty)
            publishSummaries();
    }
}

void RunMetricIngest::publishSummaries()
{
    m_dirty = false;
    QVector<RunMetricSummary> summaries;
    for (const MetricSeriesSummary& s : m_store->summaries()) {
        RunMetricSummary r;
        r.name = s.name;
        r.count = s.count;
        r.lastStep = s.last.step;
        r.lastValue = s.last.value;
        r.lastTime = s.last.time;
        summaries << r;
    }
    RunStore(m_workspace).storeMetricSummaries(m_ctx.runId, summaries);
}
