#include "logs/CombinedLog.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace {
constexpr qint64 kReadChunk = 1 << 20;
constexpr qint64 kMaxOrderBytesPerUpdate = 4 << 20;
constexpr qint64 kFlushBytes = 1 << 20;

QByteArray prefixOf(int stream, qint64 timeMs)
{
    QByteArray prefix;
    if (timeMs >= 0)
        prefix = QDateTime::fromMSecsSinceEpoch(timeMs).toString(QStringLiteral("HH:mm:ss ")).toLatin1();
    prefix += stream == 0 ? QByteArrayLiteral("out | ") : QByteArrayLiteral("err | ");
    return prefix;
}
} // namespace

CombinedLog::CombinedLog(const QString& systemDir, const QString& outputPath)
    : m_systemDir(systemDir), m_outputPath(outputPath), m_output(new QFile(outputPath))
{
}

CombinedLog::~CombinedLog()
{
    delete m_output;
}

QString CombinedLog::logPath(Stream stream) const
{
    return m_systemDir + (stream == Out ? QStringLiteral("/stdout.log") : QStringLiteral("/stderr.log"));
}

bool CombinedLog::update(bool runEnded, qint64 maxBytes, QString* error)
{
    QString localError;
    QString* err = error ? error : &localError;
    m_backlog = false;
    if (m_complete)
        return true;
    if (!m_outputOpened) {
        if (!m_output->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            *err = QStringLiteral("cannot write %1: %2").arg(m_outputPath, m_output->errorString());
            return false;
        }
        m_outputOpened = true;
    }
    // Whether the record exists is only decided once: a run that has one keeps its order; one without is
    // combined after it ended (its capture may merely not have started yet while it is live).
    if (m_order != Order::Approximate && !readRecords(err))
        return false;
    if (m_order == Order::Unknown) {
        if (!runEnded)
            return true;
        m_order = Order::Approximate;
    }
    m_runEnded = runEnded;
    qint64 budget = maxBytes;
    bool reachedAll = true;
    if (m_order == Order::Recorded) {
        while (!m_intervals.empty()) {
            const Interval interval = m_intervals.front();
            if (!appendStream(interval.stream, interval.to, interval.timeMs, &budget, err)) {
                reachedAll = false;
                break;
            }
            m_intervals.pop_front();
        }
        if (!err->isEmpty())
            return false;
    }
    // Once the run is over, what no closed interval covers (the capture was stopped before its last record,
    // or the run never had one) follows: stdout's rest, then stderr's.
    if (reachedAll && runEnded) {
        const qint64 time = m_order == Order::Recorded ? m_previousTime : -1;
        reachedAll = appendStream(Out, QFileInfo(logPath(Out)).size(), time, &budget, err) &&
                     appendStream(Err, QFileInfo(logPath(Err)).size(), time, &budget, err);
        if (!err->isEmpty())
            return false;
        if (reachedAll) {
            if (!m_atLineStart)
                m_pending += '\n';
            m_atLineStart = true;
            m_complete = true;
        }
    }
    return flush(err);
}

bool CombinedLog::readRecords(QString* error)
{
    QFile file(m_systemDir + QLatin1Char('/') + orderFileName());
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    m_order = Order::Recorded;
    if (!file.seek(m_orderRead)) {
        *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    const QByteArray data = file.read(kMaxOrderBytesPerUpdate);
    qint64 consumed = 0;
    for (;;) {
        const qint64 newline = data.indexOf('\n', consumed);
        if (newline < 0)
            break; // a record still being written is read next time
        const QByteArray line = data.mid(consumed, newline - consumed).trimmed();
        consumed = newline + 1;
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> fields = line.split(' ');
        bool okTime = false, okOut = false, okErr = false;
        const qint64 time = fields.size() >= 3 ? fields.at(0).toLongLong(&okTime) : 0;
        const qint64 out = fields.size() >= 3 ? fields.at(1).toLongLong(&okOut) : 0;
        const qint64 err = fields.size() >= 3 ? fields.at(2).toLongLong(&okErr) : 0;
        if (!okTime || !okOut || !okErr || out < 0 || err < 0) {
            *error = QStringLiteral("%1 has a line that is not a record at byte %2: %3")
                         .arg(file.fileName())
                         .arg(m_orderRead + consumed - line.size() - 1)
                         .arg(QString::fromUtf8(line.left(80)));
            return false;
        }
        if (m_havePrevious) {
            // Between two records one stream grew; both only if a record was lost, then stdout goes first.
            if (out > m_previousBytes[Out])
                m_intervals.push_back({Out, out, m_previousTime});
            if (err > m_previousBytes[Err])
                m_intervals.push_back({Err, err, m_previousTime});
        }
        m_havePrevious = true;
        m_previousTime = time;
        m_previousBytes[Out] = std::max(out, m_previousBytes[Out]);
        m_previousBytes[Err] = std::max(err, m_previousBytes[Err]);
        if (fields.size() > 3 && fields.at(3) == "end")
            m_recordEnded = true;
    }
    m_orderRead += consumed;
    if (consumed < data.size() && data.size() == kMaxOrderBytesPerUpdate)
        m_backlog = true;
    return true;
}

bool CombinedLog::appendStream(Stream stream, qint64 to, qint64 timeMs, qint64* budget, QString* error)
{
    if (m_emitted[stream] >= to)
        return true;
    QFile file(logPath(stream));
    const qint64 available = std::min(to, file.exists() ? QFileInfo(file).size() : qint64(0));
    if (available > m_emitted[stream]) {
        if (!file.open(QIODevice::ReadOnly) || !file.seek(m_emitted[stream])) {
            *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
            return false;
        }
        const QByteArray prefix = prefixOf(stream, timeMs);
        while (m_emitted[stream] < available) {
            if (*budget <= 0) {
                m_backlog = true;
                return false;
            }
            const qint64 wanted =
                std::min({kReadChunk, available - m_emitted[stream], std::max<qint64>(*budget, 4096)});
            const QByteArray chunk = file.read(wanted);
            if (chunk.isEmpty()) {
                if (file.error() != QFileDevice::NoError) {
                    *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
                    return false;
                }
                break; // the file shrank under us; what is left is taken as it comes
            }
            appendText(stream, prefix, chunk);
            m_emitted[stream] += chunk.size();
            *budget -= chunk.size();
            if (m_pending.size() >= kFlushBytes && !flush(error))
                return false;
        }
    }
    // A log that ends short of what the record counted (its write failed during the run) is final once the
    // run is over: nothing more will come.
    return m_emitted[stream] >= to || (m_runEnded && m_emitted[stream] >= QFileInfo(file).size());
}

void CombinedLog::appendText(Stream stream, const QByteArray& prefix, const QByteArray& bytes)
{
    qsizetype position = 0;
    while (position < bytes.size()) {
        // A line the other stream left unfinished ends where this stream takes over.
        if (!m_atLineStart && m_lineStream != stream) {
            m_pending += '\n';
            m_atLineStart = true;
        }
        if (m_atLineStart) {
            m_pending += prefix;
            m_atLineStart = false;
            m_lineStream = stream;
        }
        const qsizetype newline = bytes.indexOf('\n', position);
        if (newline < 0) {
            m_pending += QByteArrayView(bytes).sliced(position);
            return;
        }
        m_pending += QByteArrayView(bytes).sliced(position, newline + 1 - position);
        m_atLineStart = true;
        position = newline + 1;
    }
}

bool CombinedLog::flush(QString* error)
{
    if (m_pending.isEmpty())
        return true;
    if (m_output->write(m_pending) != m_pending.size() || !m_output->flush()) {
        *error = QStringLiteral("cannot write %1: %2").arg(m_outputPath, m_output->errorString());
        return false;
    }
    m_pending.clear();
    return true;
}
