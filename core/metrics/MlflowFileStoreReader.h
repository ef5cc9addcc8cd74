// Reads, while the run runs, what a real MLflow writes into its file store when the run's
// MLFLOW_TRACKING_URI points under ./logs (logs/mlruns):
//   <experiment id>/<run id>/meta.yaml         run_id, run_name, start_time, … (a flat YAML mapping)
//   <experiment id>/<run id>/metrics/<key>     one line per point: "<timestamp ms> <value> <step>"
//   <experiment id>/<run id>/params/<key>      the value, the whole file
//   <experiment id>/<run id>/tags/<key>        the value, the whole file
// Keys may contain '/' (then they are nested folders). Metric files are followed from saved offsets; a last
// line without its newline waits for the next poll; params and tags are read again when their size or time
// changes. One MLflow run, the first one started (by start_time), is the Trainyard run's own: its keys keep
// their names and its run name becomes the display name; every other MLflow run of the script (nested runs,
// a sweep's runs) has its keys under "<its run name>/". MLflow's own tags (mlflow.*) are left out. One poll
// reads at most kMaxBytesPerPoll, so memory stays bounded whatever the store holds.
#pragma once

#include "metrics/JsonLinesTail.h"

#include <QHash>
#include <QPair>
#include <QString>
#include <QVector>

#include <map>

struct MlflowMetricPoint {
    QString name;
    qint64 step = 0;
    double value = 0;
    double time = 0; // seconds since the epoch
};

class MlflowFileStoreReader
{
public:
    struct Batch {
        QVector<MlflowMetricPoint> metrics;
        QVector<QPair<QString, QString>> params;
        QVector<QPair<QString, QString>> tags;
        QString displayName; // the own run's name when it appeared or changed; empty: no news
    };
    static constexpr qint64 kMaxBytesPerPoll = 8 * 1024 * 1024;
    static constexpr qsizetype kMaxLineBytes = 4096;    // "timestamp value step" is a few dozen bytes
    static constexpr qint64 kMaxValueBytes = 64 * 1024; // MLflow's own limits are 6000 (params), 8000 (tags)

    explicit MlflowFileStoreReader(const QString& root);

    // Lists the store (unless the last poll was cut short by the byte cap) and reads what is new.
    Batch poll();
    bool hasMore() const { return m_hasMore; }
    qint64 malformedLines() const;

    // Where the metric files were read to, and which MLflow run is the own one: to continue in another
    // process where this one stopped.
    QHash<QString, qint64> offsets() const;
    QString ownRun() const { return m_ownRun; }
    void restore(const QHash<QString, qint64>& offsets, const QString& ownRun);

    // One line of a metric file; false when it is not "<timestamp> <value> [<step>]".
    static bool parseMetricLine(const char* begin, const char* end, MlflowMetricPoint& point);

private:
    struct ValueFile {
        qint64 size = -1;
        qint64 modified = -1;
    };
    struct MlflowRun {
        QString id;
        QString folder; // relative to the root: "<experiment id>/<run id>"
        QString prefix; // "" for the own run, else "<run name>/"
        QString name;
        std::map<QString, JsonLinesTail> metrics; // by key
        QHash<QString, ValueFile> params;
        QHash<QString, ValueFile> tags;
    };
    void scan();
    void readRun(MlflowRun& run, Batch& batch, qint64& budget);
    void readValues(const QString& folder, QHash<QString, ValueFile>& seen,
                    QVector<QPair<QString, QString>>& out, const MlflowRun& run, Batch& batch, bool tags);
    QString prefixFor(const QString& name, const QString& id) const;

    QString m_root;
    std::map<QString, MlflowRun> m_runs; // by folder; std::map: the order of reading stays the same
    QHash<QString, qint64> m_restoredOffsets;
    QString m_ownRun;
    QString m_pendingName; // the own run's name from its meta.yaml, for the next batch
    bool m_hasMore = false;
    qint64 m_malformed = 0;
};
