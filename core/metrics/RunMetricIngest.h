// Turns everything a live run writes into metric points in its store: `name: value` lines of stdout, the
// run-side helper's JSON lines, TensorBoard event files under ./logs, and the system samples of each node of
// the run (system/nodes/<node>.jsonl, stored as system/<node>/...). Reads incrementally from offsets,
// so a run printing gigabytes costs bounded memory. The offsets are kept in the run folder
// (system/ingest-state.json) each time the metric store is flushed, so that a runner that adopts the run
// after another one died continues where that one stopped.
// A distributed run with metrics_from_all_ranks also has the helper files of ranks >= 1
// (system/ranks/<r>/helper-metrics.jsonl); their metrics are stored as rank<r>/<name>.
#pragma once

#include "run/RunContext.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QPair>
#include <QStringList>
#include <QVector>
#include <map>
#include <memory>

class MetricStore;
class StdoutMetricParser;
class HelperMetricReader;
class TensorBoardReader;
class MlflowFileStoreReader;
class NodeSampleReader;

class RunMetricIngest
{
public:
    RunMetricIngest(const Workspace& workspace, const RunContext& ctx, const QStringList& patterns);
    ~RunMetricIngest();

    QString patternError() const { return m_patternError; }
    // Reads what is new; `final` drains everything including a last line without its newline.
    void poll(bool final);

private:
    void readStdout(bool final);
    void readHelper(HelperMetricReader& reader, const QString& prefix, bool keepTags);
    void readNodeSamples(bool final);
    void readMlflow();
    // What a script says about its run while it runs: logged params, tags, a display name (empty: none).
    void recordRunFacts(const QVector<QPair<QString, QString>>& params, const QVector<QPair<QString, QString>>& tags,
                        const QString& displayName);
    void publishSummaries();
    void saveState();
    void restoreState();
    QString statePath() const;

    Workspace m_workspace;
    RunContext m_ctx;
    std::unique_ptr<MetricStore> m_store;
    std::unique_ptr<StdoutMetricParser> m_parser;
    std::unique_ptr<HelperMetricReader> m_helper;
    // Ranks 1 … W-1 with metrics_from_all_ranks; the reader of rank r at r - 1.
    QVector<std::shared_ptr<HelperMetricReader>> m_rankHelpers;
    std::unique_ptr<TensorBoardReader> m_tensorBoard;
    std::unique_ptr<MlflowFileStoreReader> m_mlflow;
    std::map<QString, std::unique_ptr<NodeSampleReader>> m_nodes; // by node name
    QHash<QString, qint64> m_restoredNodeOffsets;                 // for nodes whose file is not seen yet
    qint64 m_lastNodeScan = 0;
    QString m_patternError;
    qint64 m_stdoutOffset = 0;
    qint64 m_stdoutLineEnd = 0; // the offset after the last complete line fed to the parser
    qint64 m_lastTensorBoardPoll = 0;
    qint64 m_lastRankPoll = 0;
    qint64 m_lastPublish = 0;
    bool m_dirty = false;
    QByteArray m_savedState;
};
