#include "logs/LogIndex.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstring>

namespace {

// Large sequential reads for indexing and searching: few system calls, memchr does the work.
constexpr qint64 kScanChunk = 4 << 20;
// Small reads around the lines a viewer shows.
constexpr qint64 kReadBlock = 64 << 10;
// UTF-8 needs at most 4 bytes a character, so this many bytes always hold kMaxLineChars characters.
constexpr qint64 kMaxLineBytes = qint64(LogIndex::kMaxLineChars) * 4;

// Reads a file through a window, so line scans touch the file in blocks rather than line by line, and never
// past `end` (the indexed part: bytes written after it may be half a line).
class BlockReader
{
public:
    BlockReader(QFile& file, qint64 end) : m_file(file), m_end(end) {}

    // The offset of the first '\n' in [from, limit), or -1.
    qint64 findNewline(qint64 from, qint64 limit)
    {
        limit = std::min(limit, m_end);
        while (from < limit) {
            if (!contains(from) && !load(from))
                return -1;
            const qint64 windowEnd = std::min(limit, m_start + m_size);
            const char* begin = m_buf.data() + (from - m_start);
            const void* hit = std::memchr(begin, '\n', size_t(windowEnd - from));
            if (hit)
                return from + (static_cast<const char*>(hit) - begin);
            from = windowEnd;
        }
        return -1;
    }

    // Newlines in [from, limit).
    qint64 countNewlines(qint64 from, qint64 limit)
    {
        qint64 count = 0;
        for (qint64 nl = findNewline(from, limit); nl >= 0; nl = findNewline(nl + 1, limit))
            ++count;
        return count;
    }

    QByteArray bytes(qint64 from, qint64 length)
    {
        length = std::min(length, m_end - from);
        if (length <= 0)
            return {};
        if (!contains(from) || from + length > m_start + m_size) {
            if (length > kReadBlock) {
                m_file.seek(from);
                return m_file.read(length);
            }
            if (!load(from))
                return {};
        }
        return QByteArray(m_buf.data() + (from - m_start), int(std::min<qint64>(length, m_start + m_size - from)));
    }

private:
    bool contains(qint64 offset) const { return m_start >= 0 && offset >= m_start && offset < m_start + m_size; }
    bool load(qint64 from)
    {
        // One buffer for the reader's life: scanning a long line reads many windows, none allocates.
        m_buf.resize(size_t(kReadBlock));
        m_start = -1;
        m_size = 0;
        if (!m_file.seek(from))
            return false;
        m_size = std::max<qint64>(0, m_file.read(m_buf.data(), std::min(kReadBlock, m_end - from)));
        m_start = from;
        return m_size > 0;
    }

    QFile& m_file;
    const qint64 m_end;
    std::vector<char> m_buf;
    qint64 m_start = -1;
    qint64 m_size = 0;
};

// ASCII upper case to lower case, eight bytes at a time (bytes >= 0x80, UTF-8 sequences, stay as they are):
// case-insensitive search folds every byte it reads, so this loop decides its speed.
void foldAscii(char* data, qint64 length)
{
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highBits = 0x8080808080808080ULL;
    qint64 i = 0;
    for (; i + 8 <= length; i += 8) {
        quint64 w;
        std::memcpy(&w, data + i, 8);
        const quint64 low7 = w & ~highBits;
        const quint64 aboveZ = low7 + (0x7f - 'Z') * ones;    // high bit set where the byte is > 'Z'
        const quint64 fromA = low7 + (0x80 - 'A') * ones;     // high bit set where the byte is >= 'A'
        const quint64 upper = (fromA & ~aboveZ & ~w) & highBits; // ASCII 'A'..'Z'
        w |= upper >> 2;                                       // 0x80 >> 2 is the case bit 0x20
        std::memcpy(data + i, &w, 8);
    }
    for (; i < length; ++i) {
        const char c = data[i];
        data[i] = (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c;
    }
}

const char* findIn(const char* begin, const char* end, const QByteArray& needle)
{
    return static_cast<const char*>(memmem(begin, size_t(end - begin), needle.constData(), size_t(needle.size())));
}

QByteArray searchNeedle(const QString& text, bool caseSensitive)
{
    QByteArray needle = text.toUtf8();
    if (!caseSensitive)
        foldAscii(needle.data(), needle.size());
    return needle;
}

// Reads [offset, offset + length) of the file into buffer, case-folded when asked; the count read.
qint64 readChunk(QFile& file, qint64 offset, qint64 length, std::vector<char>& buffer, bool fold)
{
    buffer.resize(size_t(length));
    if (!file.seek(offset))
        return 0;
    const qint64 got = std::max<qint64>(0, file.read(buffer.data(), length));
    if (fold)
        foldAscii(buffer.data(), got);
    return got;
}

} // namespace

LogIndex::LogIndex(const QString& path, int linesPerCheckpoint)
    : m_path(path), m_linesPerCheckpoint(std::max(1, linesPerCheckpoint))
{
    m_checkpoints.push_back({0, 0});
}

LogIndex::~LogIndex() { delete m_updateFile; }

void LogIndex::reset()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_checkpoints.assign(1, Checkpoint{0, 0});
    m_completeLines = 0;
    m_lastLineStart = 0;
    m_indexedEnd = 0;
    ++m_generation;
}

bool LogIndex::update(qint64 maxBytes, QString* error)
{
    const QFileInfo info(m_path);
    if (!info.exists()) {
        // Not written yet (or removed): an empty log until it appears.
        if (m_updateFile)
            m_updateFile->close();
        if (indexedBytes() > 0)
            reset();
        std::lock_guard<std::mutex> lock(m_mutex);
        m_fileSize = 0;
        return true;
    }
    if (!info.isFile()) {
        if (error)
            *error = QStringLiteral("cannot read the log %1: it is not a regular file").arg(m_path);
        return false;
    }
    const qint64 size = info.size();
    if (size < indexedBytes()) {
        if (m_updateFile)
            m_updateFile->close();
        reset();
    }
    if (!m_updateFile)
        m_updateFile = new QFile(m_path);
    if (!m_updateFile->isOpen() && !m_updateFile->open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        if (error)
            *error = QStringLiteral("cannot read the log %1: %2").arg(m_path, m_updateFile->errorString());
        return false;
    }

    qint64 start = 0;
    qint64 completeLines = 0;
    qint64 lastLineStart = 0;
    Checkpoint last{0, 0};
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_fileSize = size;
        start = m_indexedEnd;
        completeLines = m_completeLines;
        lastLineStart = m_lastLineStart;
        last = m_checkpoints.back();
    }
    const qint64 end = maxBytes < 0 ? size : std::min(size, start + maxBytes);
    std::vector<char> buffer;
    std::vector<Checkpoint> found;
    for (qint64 pos = start; pos < end && !m_cancel.load();) {
        const qint64 got = readChunk(*m_updateFile, pos, std::min(kScanChunk, end - pos), buffer, false);
        if (got <= 0)
            break; // the file shrank under us; the next update notices
        const char* data = buffer.data();
        const char* const stop = data + got;
        found.clear();
        for (const char* p = data; p < stop;) {
            const char* nl = static_cast<const char*>(std::memchr(p, '\n', size_t(stop - p)));
            if (!nl)
                break;
            ++completeLines;
            const qint64 lineStart = pos + (nl - data) + 1;
            lastLineStart = lineStart;
            if (completeLines % m_linesPerCheckpoint == 0 || lineStart - last.offset >= kMaxCheckpointGap) {
                last = {completeLines, lineStart};
                found.push_back(last);
            }
            p = nl + 1;
        }
        pos += got;
        std::lock_guard<std::mutex> lock(m_mutex);
        m_checkpoints.insert(m_checkpoints.end(), found.begin(), found.end());
        m_completeLines = completeLines;
        m_lastLineStart = lastLineStart;
        m_indexedEnd = pos;
    }
    return true;
}

qint64 LogIndex::lineCount() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    // The bytes after the last newline form one more, unfinished line.
    return m_completeLines + (m_indexedEnd > m_lastLineStart ? 1 : 0);
}

qint64 LogIndex::indexedBytes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_indexedEnd;
}

qint64 LogIndex::fileSize() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_fileSize;
}

int LogIndex::generation() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_generation;
}

qint64 LogIndex::indexMemoryBytes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return qint64(m_checkpoints.capacity() * sizeof(Checkpoint));
}

LogIndex::Snapshot LogIndex::snapshotFor(qint64 line) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    Snapshot s;
    s.indexedEnd = m_indexedEnd;
    s.lines = m_completeLines + (m_indexedEnd > m_lastLineStart ? 1 : 0);
    auto it = std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), line,
                               [](qint64 l, const Checkpoint& c) { return l < c.line; });
    s.checkpoint = *(it - 1);
    s.nextCheckpointOffset = it == m_checkpoints.end() ? -1 : it->offset;
    return s;
}

qint64 LogIndex::startOfLine(QFile& file, qint64 line, qint64* indexedEndOut) const
{
    const Snapshot s = snapshotFor(line);
    if (indexedEndOut)
        *indexedEndOut = s.indexedEnd;
    if (line <= 0)
        return 0;
    if (line >= s.lines)
        return s.indexedEnd;
    // Every line start that is not remembered lies within kMaxCheckpointGap of the remembered one before it.
    BlockReader reader(file, s.indexedEnd);
    qint64 offset = s.checkpoint.offset;
    for (qint64 l = s.checkpoint.line; l < line; ++l) {
        const qint64 nl = reader.findNewline(offset, s.indexedEnd);
        if (nl < 0)
            return s.indexedEnd;
        offset = nl + 1;
    }
    return offset;
}

qint64 LogIndex::lineOfOffset(QFile& file, qint64 offset, qint64 indexedEnd) const
{
    Checkpoint cp{0, 0};
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        auto it = std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), offset,
                                   [](qint64 o, const Checkpoint& c) { return o < c.offset; });
        cp = *(it - 1);
    }
    BlockReader reader(file, indexedEnd);
    // Newlines past the gap would have produced a remembered start, so the count never scans further.
    return cp.line + reader.countNewlines(cp.offset, std::min(offset, cp.offset + kMaxCheckpointGap));
}

QStringList LogIndex::readLines(qint64 firstLine, qint64 count) const
{
    QStringList lines;
    firstLine = std::max<qint64>(0, firstLine);
    QFile file(m_path);
    if (count <= 0 || !file.open(QIODevice::ReadOnly))
        return lines;
    qint64 indexedEnd = 0;
    qint64 pos = startOfLine(file, firstLine, &indexedEnd);
    const qint64 total = lineCount();
    count = std::min(count, total - firstLine);
    BlockReader reader(file, indexedEnd);
    for (qint64 i = 0; i < count && pos < indexedEnd; ++i) {
        const qint64 line = firstLine + i;
        const qint64 scanned = pos + kMaxLineBytes + 1;
        const qint64 nl = reader.findNewline(pos, scanned);
        qint64 lineEnd = nl; // exclusive, without the '\n'
        qint64 next = nl + 1;
        if (nl < 0) {
            qint64 far = -1;
            if (scanned < indexedEnd) {
                // A long line: it ends where the next remembered line starts, or within the gap after it.
                const Snapshot s = snapshotFor(line + 1);
                far = s.checkpoint.line == line + 1 && s.checkpoint.offset > pos ? s.checkpoint.offset - 1
                                                                                 : reader.findNewline(scanned, indexedEnd);
            }
            lineEnd = far < 0 ? indexedEnd : far; // no newline: the unfinished last line
            next = far < 0 ? indexedEnd : far + 1;
        }
        const qint64 length = lineEnd - pos;
        QByteArray bytes = reader.bytes(pos, std::min(length, kMaxLineBytes));
        if (length <= kMaxLineBytes && nl >= 0 && bytes.endsWith('\r'))
            bytes.chop(1);
        QString text = QString::fromUtf8(bytes);
        if (length > kMaxLineBytes || text.size() > kMaxLineChars) {
            text.truncate(kMaxLineChars);
            const qint64 shownBytes = text.toUtf8().size();
            text += QStringLiteral(" … [%1 more bytes]").arg(length - shownBytes);
        }
        lines << text;
        pos = next;
    }
    return lines;
}

LogMatch LogIndex::find(const QString& text, qint64 fromLine, bool forward, bool caseSensitive,
                       const std::atomic_bool* cancelled) const
{
    const QByteArray needle = searchNeedle(text, caseSensitive);
    QFile file(m_path);
    if (needle.isEmpty() || !file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    const qint64 lines = lineCount();
    if (lines == 0 || (forward && fromLine >= lines) || (!forward && fromLine < 0))
        return {};
    fromLine = std::clamp<qint64>(fromLine, 0, lines - 1);
    qint64 indexedEnd = 0;
    const qint64 n = needle.size();
    std::vector<char> buffer;

    if (forward) {
        for (qint64 pos = startOfLine(file, fromLine, &indexedEnd); pos < indexedEnd;) {
            if (isCancelled(cancelled))
                return {};
            const qint64 got = readChunk(file, pos, std::min(kScanChunk, indexedEnd - pos), buffer, !caseSensitive);
            if (got < n)
                break;
            const char* begin = buffer.data();
            const char* hit = findIn(begin, begin + got, needle);
            if (hit) {
                const qint64 offset = pos + (hit - begin);
                return {lineOfOffset(file, offset, indexedEnd), offset};
            }
            if (pos + got >= indexedEnd)
                break;
            pos += got - (n - 1); // a match may straddle two chunks
        }
        return {};
    }

    // Up to the start of the next line (the end of the indexed bytes after the last line).
    const qint64 end = startOfLine(file, fromLine + 1, &indexedEnd);
    for (qint64 chunkEnd = end; chunkEnd >= n;) {
        if (isCancelled(cancelled))
            return {};
        const qint64 chunkStart = std::max<qint64>(0, chunkEnd - kScanChunk);
        const qint64 got = readChunk(file, chunkStart, chunkEnd - chunkStart, buffer, !caseSensitive);
        const char* begin = buffer.data();
        const char* last = nullptr;
        for (const char* from = begin;;) {
            const char* hit = findIn(from, begin + got, needle);
            if (!hit)
                break;
            last = hit;
            from = hit + 1;
        }
        if (last) {
            const qint64 offset = chunkStart + (last - begin);
            return {lineOfOffset(file, offset, indexedEnd), offset};
        }
        if (chunkStart == 0)
            break;
        chunkEnd = chunkStart + n - 1;
    }
    return {};
}

qint64 LogIndex::countMatchingLines(const QString& text, bool caseSensitive, const std::atomic_bool* cancelled) const
{
    const QByteArray needle = searchNeedle(text, caseSensitive);
    QFile file(m_path);
    if (needle.isEmpty() || !file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return 0;
    const qint64 end = indexedBytes();
    const qint64 n = needle.size();
    std::vector<char> buffer;
    qint64 count = 0;
    bool skipToNewline = false; // the current line already matched
    for (qint64 pos = 0; pos < end;) {
        if (isCancelled(cancelled))
            return -1;
        const qint64 got = readChunk(file, pos, std::min(kScanChunk, end - pos), buffer, !caseSensitive);
        if (got <= 0)
            break;
        const char* const begin = buffer.data();
        const char* const stop = begin + got;
        const char* from = begin;
        if (skipToNewline) {
            const char* nl = static_cast<const char*>(std::memchr(from, '\n', size_t(stop - from)));
            if (!nl) {
                pos += got;
                continue;
            }
            skipToNewline = false;
            from = nl + 1;
        }
        // Search only up to the last newline of the chunk, so no line is split, unless the chunk is one
        // piece of a long line: then chunks overlap by the needle's length.
        const bool atEnd = pos + got >= end;
        const char* lastNl = static_cast<const char*>(memrchr(from, '\n', size_t(stop - from)));
        const char* searchEnd = atEnd ? stop : (lastNl ? lastNl + 1 : stop);
        while (from < searchEnd) {
            const char* hit = findIn(from, searchEnd, needle);
            if (!hit)
                break;
            ++count;
            const char* nl = static_cast<const char*>(std::memchr(hit, '\n', size_t(stop - hit)));
            if (!nl) {
                skipToNewline = true;
                break;
            }
            from = nl + 1;
        }
        if (atEnd)
            break;
        if (skipToNewline)
            pos += got;
        else if (lastNl)
            pos += (lastNl + 1) - begin;
        else
            pos += std::max<qint64>(1, got - (n - 1)); // one piece of a long line: overlap the next piece
    }
    return count;
}
