// Applies the frames of the remote agent's `watch` and `send` streams to this machine's copies of a run's
// files. A data frame carries its byte offset, so a stream resumed after a dropped connection continues
// exactly where the local copy ends: no byte is written twice or skipped. Only the run's live files
// (system/stdout.log, stderr.log, helper-metrics.jsonl, work/logs/**, and work/outputs/** when fetching)
// may be written: a path leaving them is refused.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <memory>

class QFile;

class SshFrameReader
{
public:
    explicit SshFrameReader(const QString& localRunDir);
    ~SshFrameReader();

    // Appends what the stream delivered and applies every complete frame. False with an error when the
    // stream is malformed or a local write failed.
    bool feed(const QByteArray& bytes, QString* error);
    void reset(); // a new stream: drop a partial frame of the old one

    bool hasStatus() const { return m_hasStatus; }
    QJsonObject status() const { return m_status; }
    bool ended() const { return m_ended; }
    qint64 lastFrameMs() const { return m_lastFrameMs; }
    qint64 bytesWritten() const { return m_bytesWritten; }
    void closeFiles();

    // Whether a run-relative path is one a stream may write.
    static bool isStreamedPath(const QString& relative);

private:
    bool applyData(const QString& relative, qint64 offset, const QByteArray& data, QString* error);

    QString m_runDir;
    QByteArray m_buffer;
    QHash<QString, std::shared_ptr<QFile>> m_files;
    QJsonObject m_status;
    bool m_hasStatus = false;
    bool m_ended = false;
    qint64 m_lastFrameMs = 0;
    qint64 m_bytesWritten = 0;
};
