#include "metrics/RunMetricIngest.h"

#include "metrics/HelperMetricReader.h"
#include "metrics/MetricStore.h"
#include "metrics/MlflowFileStoreReader.h"
#include "metrics/NodeSampleReader.h"
#include "metrics/SystemMetricName.h"
#include "run/RunStore.h"
#include "metrics/StdoutMetricParser.h"
#include "metrics/TensorBoardReader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

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
    if (ctx.distributed.metricsFromAllRanks)
        for (int rank = 1; rank < ctx.distributed.worldSize(); ++rank)
            m_rankHelpers << std::make_shared<HelperMetricReader>(ctx.rankDir(rank) + QStringLiteral("/helper-metrics.jsonl"));
    m_tensorBoard = std::make_unique<TensorBoardReader>(ctx.logsDir());
    m_mlflow = std::make_unique<MlflowFileStoreReader>(ctx.logsDir() + QStringLiteral("/mlruns"));
    restoreState();
}

QString RunMetricIngest::statePath() const { return m_ctx.systemDir() + QStringLiteral("/ingest-state.json"); }

void RunMetricIngest::restoreState()
{
    QFile file(statePath());
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    m_stdoutOffset = m_stdoutLineEnd = o.value(QStringLiteral("stdout")).toInteger();
    m_helper->setOffset(o.value(QStringLiteral("helper")).toInteger());
    QHash<QString, qint64> offsets;
    const QJsonObject tb = o.value(QStringLiteral("tensorboard")).toObject();
    for (auto it = tb.begin(); it != tb.end(); ++it)
        offsets.insert(it.key(), it.value().toInteger());
    m_tensorBoard->restoreOffsets(offsets);
    const QJsonObject mlflow = o.value(QStringLiteral("mlflow")).toObject();
    QHash<QString, qint64> mlflowOffsets;
    const QJsonObject mlflowFiles = mlflow.value(QStringLiteral("metrics")).toObject();
    for (auto it = mlflowFiles.begin(); it != mlflowFiles.end(); ++it)
        mlflowOffsets.insert(it.key(), it.value().toInteger());
    m_mlflow->restore(mlflowOffsets, mlflow.value(QStringLiteral("own_run")).toString());
    const QJsonObject ranks = o.value(QStringLiteral("ranks")).toObject();
    for (int i = 0; i < m_rankHelpers.size(); ++i)
        m_rankHelpers[i]->setOffset(ranks.value(QString::number(i + 1)).toInteger());
    const QJsonObject nodes = o.value(QStringLiteral("nodes")).toObject();
    for (auto it = nodes.begin(); it != nodes.end(); ++it)
        m_restoredNodeOffsets.insert(it.key(), it.value().toInteger());
}

void RunMetricIngest::saveState()
{
    QJsonObject tb;
    const QHash<QString, qint64> offsets = m_tensorBoard->offsets();
    for (auto it = offsets.constBegin(); it != offsets.constEnd(); ++it)
        tb.insert(it.key(), it.value());
    QJsonObject nodes;
    for (auto it = m_restoredNodeOffsets.constBegin(); it != m_restoredNodeOffsets.constEnd(); ++it)
        nodes.insert(it.key(), it.value());
    for (const auto& [node, reader] : m_nodes)
        nodes.insert(node, reader->offset());
    // A partial last line of stdout is read again by whoever continues: the parser's state is not saved.
    QJsonObject o{{QStringLiteral("stdout"), m_stdoutLineEnd},
                  {QStringLiteral("helper"), m_helper->offset()},
                  {QStringLiteral("tensorboard"), tb}};
    if (!m_rankHelpers.isEmpty()) {
        QJsonObject ranks;
        for (int i = 0; i < m_rankHelpers.size(); ++i)
            ranks.insert(QString::number(i + 1), m_rankHelpers[i]->offset());
        o.insert(QStringLiteral("ranks"), ranks);
    }
    if (!nodes.isEmpty())
        o.insert(QStringLiteral("nodes"), nodes);
    if (!m_mlflow->ownRun().isEmpty()) {
        QJsonObject files;
        const QHash<QString, qint64> mlflowOffsets = m_mlflow->offsets();
        for (auto it = mlflowOffsets.constBegin(); it != mlflowOffsets.constEnd(); ++it)
            files.insert(it.key(), it.value());
        o.insert(QStringLiteral("mlflow"), QJsonObject{{QStringLiteral("own_run"), m_mlflow->ownRun()},
                                                       {QStringLiteral("metrics"), files}});
    }
    const QByteArray data = QJsonDocument(o).toJson(QJsonDocument::Compact);
    if (data == m_savedState)
        return;
    QSaveFile file(statePath());
    if (file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit())
        m_savedState = data;
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
        const qsizetype lastNewline = QByteArrayView(chunk.constData(), n).lastIndexOf('\n');
        if (lastNewline >= 0)
            m_stdoutLineEnd = m_stdoutOffset + lastNewline + 1;
        m_stdoutOffset += n;
        if (!final && n < chunk.size())
            break;
    }
    if (final) {
        m_parser->finish();
        m_stdoutLineEnd = m_stdoutOffset;
    }
}

void RunMetricIngest::readNodeSamples(bool final)
{
    const qint64 now = RunStore::nowMs();
    // A node's file appears once, at the start of the run: the folder is listed once a second at most.
    if (final || now - m_lastNodeScan >= 1000) {
        m_lastNodeScan = now;
        const QString folder = m_ctx.systemDir() + QStringLiteral("/nodes");
        const QStringList files = QDir(folder).entryList({QStringLiteral("*.jsonl")}, QDir::Files);
        for (const QString& file : files) {
            const QString node = file.chopped(6);
            if (!SystemMetricName::isValidNode(node) || m_nodes.count(node))
                continue;
            auto reader = std::make_unique<NodeSampleReader>(folder + QLatin1Char('/') + file, node);
            reader->setOffset(m_restoredNodeOffsets.take(node));
            m_nodes.emplace(node, std::move(reader));
        }
    }
    for (auto& [node, reader] : m_nodes) {
        do {
            for (const SystemSamplePoint& point : reader->poll()) {
                m_store->append(point.name, std::nullopt, point.value, point.time);
                m_dirty = true;
            }
        } while (reader->hasMore());
    }
}

void RunMetricIngest::poll(bool final)
{
    readStdout(final);
    readHelper(*m_helper, QString(), true);
    readNodeSamples(final);
    const qint64 now = RunStore::nowMs();
    // Once a second: a run of hundreds of ranks must not cost hundreds of file opens per poll.
    if (!m_rankHelpers.isEmpty() && (final || now - m_lastRankPoll >= 1000)) {
        m_lastRankPoll = now;
        for (int i = 0; i < m_rankHelpers.size(); ++i)
            readHelper(*m_rankHelpers[i], QStringLiteral("rank%1/").arg(i + 1), false);
    }
    if (final || now - m_lastTensorBoardPoll >= 1000) {
        m_lastTensorBoardPoll = now;
        for (const TensorBoardScalar& s : m_tensorBoard->poll()) {
            m_store->append(s.tag, s.step, s.value, s.wallTime);
            m_dirty = true;
        }
        readMlflow();
    }
    if (final || now - m_lastPublish >= 500) {
        m_lastPublish = now;
        m_store->flush();
        saveState();
        if (m_dirty)
            publishSummaries();
    }
}

void RunMetricIngest::readHelper(HelperMetricReader& reader, const QString& prefix, bool keepTags)
{
    do {
        const HelperMetricReader::Batch batch = reader.poll();
        for (const HelperMetric& m : batch.metrics) {
            m_store->append(prefix + m.name, m.step, m.value, m.time);
            m_dirty = true;
        }
        // Tags, params and the name describe the run: rank 0's only, so that ranks cannot overwrite each
        // other's (every rank runs the same script with the same choices).
        if (keepTags)
            recordRunFacts(batch.params, batch.tags, batch.displayName);
    } while (reader.hasMore());
}

void RunMetricIngest::readMlflow()
{
    do {
        const MlflowFileStoreReader::Batch batch = m_mlflow->poll();
        for (const MlflowMetricPoint& point : batch.metrics) {
            m_store->append(point.name, point.step, point.value, point.time);
            m_dirty = true;
        }
        recordRunFacts(batch.params, batch.tags, batch.displayName);
    } while (m_mlflow->hasMore());
}

void RunMetricIngest::recordRunFacts(const QVector<QPair<QString, QString>>& params,
                                     const QVector<QPair<QString, QString>>& tags, const QString& displayName)
{
    if (params.isEmpty() && tags.isEmpty() && displayName.isEmpty())
        return;
    RunStore runs(m_workspace);
    for (const auto& tag : tags)
        runs.setTag(m_ctx.runId, tag.first, tag.second);
    for (const auto& param : params)
        runs.setLoggedParam(m_ctx.runId, param.first, param.second);
    // A name the script chose fills an empty display name only: one given at submit or by a person stays.
    if (!displayName.isEmpty()) {
        const auto run = runs.find(m_ctx.runId);
        if (run && run->displayName.isEmpty())
            runs.setDisplayName(m_ctx.runId, displayName.left(RunStore::kMaxDisplayNameLength));
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
        r.minValue = s.min;
        r.maxValue = s.max;
        summaries << r;
    }
    RunStore(m_workspace).storeMetricSummaries(m_ctx.runId, summaries);
}
