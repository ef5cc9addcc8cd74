#include "targets/ssh/SshFrameReader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

SshFrameReader::SshFrameReader(const QString& localRunDir) : m_runDir(localRunDir) {}

SshFrameReader::~SshFrameReader() = default;

void SshFrameReader::reset()
{
    m_buffer.clear();
    m_ended = false;
}

void SshFrameReader::closeFiles() { m_files.clear(); }

namespace {
// Slurm's own output of a batch job run through a login node (system/slurm-<job id>.out).
bool isSlurmOutput(const QString& relative)
{
    static const QRegularExpression pattern(QStringLiteral("^system/slurm-\\d+\\.out$"));
    return pattern.match(relative).hasMatch();
}
} // namespace

bool SshFrameReader::isStreamedPath(const QString& relative)
{
    if (relative.isEmpty() || relative.startsWith(QLatin1Char('/')) || relative.contains(QLatin1Char('\0')))
        return false;
    for (const QString& part : relative.split(QLatin1Char('/')))
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            return false;
    return relative == QLatin1String("system/stdout.log") || relative == QLatin1String("system/stderr.log") ||
           relative == QLatin1String("system/output-order.txt") || // the order of the two, see CombinedLog
           relative == QLatin1String("system/helper-metrics.jsonl") ||
           relative.startsWith(QLatin1String("work/logs/")) ||
           relative == QLatin1String("system/launcher.log") ||
           relative == QLatin1String("system/node-host.out") || // a Slurm batch host's description of itself
           relative.startsWith(QLatin1String("system/ranks/")) ||
           relative.startsWith(QLatin1String("work/outputs/")) || isSlurmOutput(relative) ||
           (relative.startsWith(QLatin1String("system/nodes/")) && relative.count(QLatin1Char('/')) == 2 &&
            relative.endsWith(QLatin1String(".jsonl")));
}

bool SshFrameReader::feed(const QByteArray& bytes, QString* error)
{
    m_buffer += bytes;
    qsizetype pos = 0;
    bool ok = true;
    while (ok) {
        const qsizetype newline = m_buffer.indexOf('\n', pos);
        if (newline < 0)
            break;
        const QByteArray header = m_buffer.mid(pos, newline - pos);
        if (header.startsWith("D ")) {
            const QList<QByteArray> fields = header.split(' ');
            if (fields.size() != 4) {
                *error = QStringLiteral("malformed stream from the remote agent");
                return false;
            }
            const qint64 length = fields.at(1).toLongLong();
            const qint64 offset = fields.at(2).toLongLong();
            if (m_buffer.size() - (newline + 1) < length)
                break; // the frame's bytes are still on their way
            const QString relative = QUrl::fromPercentEncoding(fields.at(3));
            ok = applyData(relative, offset, m_buffer.mid(newline + 1, length), error);
            pos = newline + 1 + length;
        } else if (header.startsWith("S ")) {
            m_status = QJsonDocument::fromJson(header.mid(2)).object();
            m_hasStatus = true;
            pos = newline + 1;
        } else if (header == "E") {
            m_ended = true;
            pos = newline + 1;
        } else if (header == "H" || header.isEmpty()) {
            pos = newline + 1;
        } else {
            *error = QStringLiteral("malformed stream from the remote agent: %1").arg(QString::fromUtf8(header.left(80)));
            return false;
        }
        m_lastFrameMs = QDateTime::currentMSecsSinceEpoch();
    }
    m_buffer.remove(0, pos);
    return ok;
}

bool SshFrameReader::applyData(const QString& relative, qint64 offset, const QByteArray& data, QString* error)
{
    if (!isStreamedPath(relative)) {
        *error = QStringLiteral("the remote agent sent a file outside the run's streams: %1").arg(relative);
        return false;
    }
    std::shared_ptr<QFile>& file = m_files[relative];
    if (!file) {
        const QString path = m_runDir + QLatin1Char('/') + relative;
        QDir().mkpath(QFileInfo(path).path());
        file = std::make_shared<QFile>(path);
        if (!file->open(QIODevice::ReadWrite)) {
            *error = QStringLiteral("cannot write %1: %2").arg(path, file->errorString());
            m_files.remove(relative);
            return false;
        }
    }
    const qint64 size = file->size();
    // Bytes this copy already has are skipped: a resumed stream may repeat the end of what it sent.
    qint64 skip = 0;
    if (offset < size)
        skip = qMin<qint64>(size - offset, data.size());
    else if (offset > size) {
        *error = QStringLiteral("the stream of %1 skipped bytes (%2 here, %3 sent)").arg(relative).arg(size).arg(offset);
        return false;
    }
    if (skip == data.size())
        return true;
    if (!file->seek(offset + skip) || file->write(data.constData() + skip, data.size() - skip) != data.size() - skip
        || !file->flush()) {
        *error = QStringLiteral("cannot write %1: %2").arg(file->fileName(), file->errorString());
        return false;
    }
    m_bytesWritten += data.size() - skip;
    return true;
}
