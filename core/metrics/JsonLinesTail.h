// Follows a file that a run appends one record per line to (the helper's metrics, a node's samples): each
// poll() hands on the complete lines written since the last one, from a saved offset. A last line without
// its newline waits for the next poll; a line longer than maxLineBytes is dropped as it streams past and
// counted; one poll reads at most maxBytesPerPoll, so memory stays bounded whatever is in the file; a file
// that shrank (replaced) is read again from its start.
#pragma once

#include <QString>

#include <functional>

class JsonLinesTail
{
public:
    JsonLinesTail(const QString& path, qsizetype maxLineBytes, qint64 maxBytesPerPoll);

    // onLine gets each complete line without its newline (it may be empty).
    void poll(const std::function<void(const char* begin, const char* end)>& onLine);
    // Only a poll cut short by the byte cap leaves complete lines behind.
    bool hasMore() const { return m_hasMore; }
    qint64 offset() const { return m_offset; }
    // Continues from a line boundary that an earlier reader of the same file reached.
    void setOffset(qint64 offset) { m_offset = offset; }
    qint64 overlongLines() const { return m_overlong; }

private:
    QString m_path;
    qsizetype m_maxLineBytes;
    qint64 m_maxBytesPerPoll;
    qint64 m_offset = 0;
    bool m_skippingLongLine = false; // inside a line over maxLineBytes: drop it up to its newline
    bool m_hasMore = false;
    qint64 m_overlong = 0;
};
