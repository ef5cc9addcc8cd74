// Incremental reader of TensorBoard event files (`events.out.tfevents.*`) under a run's logs folder, so
// scalars written with TensorBoard become metric charts while the run is live.
//
// Event files are TFRecord streams: uint64 length, uint32 masked CRC32C of the length, the data, uint32
// masked CRC32C of the data. Each record's data is an Event protobuf, decoded here by hand (no protobuf
// library): scalar summaries (simple_value) and float/double tensors that hold one value and are scalars by
// shape (rank 0) or by plugin ("scalars"): TF2 `tf.summary.scalar`, PyTorch's add_scalar. Histograms (a [k,3]
// tensor of the "histograms" plugin, or a HistogramProto), images, audio and text are never read as scalars.
// Each file's read offset is remembered; a record still being written is left for the next poll().
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

struct TensorBoardScalar
{
    QString tag;
    qint64 step = 0;
    double value = 0;
    double wallTime = 0;
};

class TensorBoardReader
{
public:
    // Records above this size are skipped unread (images, histograms): a scalar event is tiny.
    static constexpr quint64 kMaxRecordBytes = 16 * 1024 * 1024;

    explicit TensorBoardReader(const QString& logsDir);

    // Scans the folder recursively and returns the scalars of records completed since the last poll.
    QVector<TensorBoardScalar> poll();

    // Records whose data CRC did not match (skipped), and files abandoned because a length CRC did not
    // match (the framing is lost from there on).
    qint64 corruptRecords() const { return m_corruptRecords; }
    QStringList brokenFiles() const;

    // Read offsets per event file, to continue in another process where this one stopped.
    QHash<QString, qint64> offsets() const;
    void restoreOffsets(const QHash<QString, qint64>& offsets);

    static quint32 crc32c(const char* data, qsizetype n);
    static quint32 maskedCrc32c(const char* data, qsizetype n);
    // Decodes one Event message; appends its scalars. False when the bytes are not a valid Event.
    static bool decodeEvent(const char* data, qsizetype n, QVector<TensorBoardScalar>& out);

private:
    struct FileState
    {
        qint64 offset = 0;
        bool broken = false;
    };
    void readFile(const QString& path, FileState& state, QVector<TensorBoardScalar>& out);

    QString m_dir;
    QHash<QString, FileState> m_files;
    qint64 m_corruptRecords = 0;
};
