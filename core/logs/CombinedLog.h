// A run's stdout and stderr as one text in the order they were written, for the log viewer's combined view.
// The job wrapper's capture (resources/job/trainyard_capture.py) records in system/output-order.txt how many
// bytes each log held at each switch between the streams (and about once a second while one flows); the
// intervals between two records each belong to one stream, so the logs can be cut and interleaved exactly as
// the capture saw them. Each line of the result starts with the time of its interval and its stream:
//   "12:00:01 out | epoch 1 loss 0.9"      "12:00:02 err | Traceback (most recent call last):"
// A run without the record (from before it existed, or whose host had no Python for the capture) gets its
// stdout and then its stderr, once it has ended, with order() saying that the order is approximate.
//
// The text is appended to an output file step by step as the logs grow, so a LogIndex and LogTextView show it
// like any log, with bounded memory whatever the logs' size. One thread at a time may call update().
#pragma once

#include <QString>

#include <deque>

class QFile;

class CombinedLog
{
public:
    enum class Order { Unknown, Recorded, Approximate };

    // `systemDir`: the run's system/ folder (stdout.log, stderr.log, output-order.txt); `outputPath`: the
    // file the combined text goes to (created, and emptied first).
    CombinedLog(const QString& systemDir, const QString& outputPath);
    ~CombinedLog();
    CombinedLog(const CombinedLog&) = delete;
    CombinedLog& operator=(const CombinedLog&) = delete;

    // Appends what the logs and the record say since the last call, at most about maxBytes of log text.
    // `runEnded`: the run is over, so its logs are final and whatever no record covers is appended too (a
    // run without a record is only combined then). False with *error when a file cannot be read or written.
    bool update(bool runEnded, qint64 maxBytes = 16 << 20, QString* error = nullptr);
    // Whether a later update() has more to append from what is already on disk.
    bool hasBacklog() const { return m_backlog; }
    // Whether everything has been appended for good (the run ended and all was written).
    bool isComplete() const { return m_complete; }
    Order order() const { return m_order; }
    QString outputPath() const { return m_outputPath; }

    static QString orderFileName() { return QStringLiteral("output-order.txt"); }

private:
    enum Stream { Out = 0, Err = 1 };
    struct Interval {
        Stream stream;
        qint64 to; // the stream's bytes at the interval's end
        qint64 timeMs;
    };

    bool readRecords(QString* error);
    // Appends [m_emitted[stream], to) of the stream, as far as the log already has it; true when it got to
    // `to`.
    bool appendStream(Stream stream, qint64 to, qint64 timeMs, qint64* budget, QString* error);
    void appendText(Stream stream, const QByteArray& prefix, const QByteArray& bytes);
    bool flush(QString* error);
    QString logPath(Stream stream) const;

    const QString m_systemDir;
    const QString m_outputPath;
    QFile* m_output = nullptr;
    bool m_outputOpened = false;
    bool m_runEnded = false;
    Order m_order = Order::Unknown;
    qint64 m_orderRead = 0;
    bool m_havePrevious = false;
    qint64 m_previousTime = 0;
    qint64 m_previousBytes[2] = {0, 0};
    bool m_recordEnded = false;
    std::deque<Interval> m_intervals;
    qint64 m_emitted[2] = {0, 0};
    bool m_atLineStart = true;
    Stream m_lineStream = Out;
    QByteArray m_pending; // text not yet written to the output
    bool m_backlog = false;
    bool m_complete = false;
};
