#include "metrics/JsonLinesTail.h"

#include <QFile>

#include <cstring>

JsonLinesTail::JsonLinesTail(const QString& path, qsizetype maxLineBytes, qint64 maxBytesPerPoll)
    : m_path(path), m_maxLineBytes(maxLineBytes), m_maxBytesPerPoll(qMax<qint64>(maxBytesPerPoll, maxLineBytes + 1))
{
}

void JsonLinesTail::poll(const std::function<void(const char* begin, const char* end)>& onLine)
{
    m_hasMore = false;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return; // nothing written yet
    const qint64 size = file.size();
    if (size < m_offset)
        m_offset = 0; // truncated or replaced: read the new content from its start
    if (size == m_offset || !file.seek(m_offset))
        return;
    const qint64 want = qMin(size - m_offset, m_maxBytesPerPoll);
    const QByteArray chunk = file.read(want);
    const char* p = chunk.constData();
    const char* end = p + chunk.size();
    while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
        if (!nl) {
            // An incomplete last line stays in the file for the next poll, unless it is already too long to
            // ever be kept: then it is dropped as it streams past.
            if (m_skippingLongLine || end - p > m_maxLineBytes) {
                if (!m_skippingLongLine)
                    ++m_overlong;
                m_skippingLongLine = true;
                p = end;
            }
            break;
        }
        if (m_skippingLongLine)
            m_skippingLongLine = false;
        else if (nl - p > m_maxLineBytes)
            ++m_overlong;
        else
            onLine(p, nl);
        p = nl + 1;
    }
    m_offset += p - chunk.constData();
    m_hasMore = want == m_maxBytesPerPoll && m_offset < size;
}
