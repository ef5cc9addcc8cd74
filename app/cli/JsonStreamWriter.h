// Writes a JSON document piece by piece while the data is read, byte for byte as QJsonDocument::Indented would
// write it (4-space indent, "key": value, numbers as Qt formats them), so that `metrics --json` of millions of
// points needs no document in memory and reads the same as the small outputs built with QJsonDocument.
// The writer keeps the structure (objects, arrays, keys); the caller formats runs of array elements itself
// with writeDouble(), which is where the time goes. Output goes through a fixed buffer to a file descriptor;
// write errors are remembered, not thrown.
#pragma once

#include <QByteArray>
#include <QString>

#include <cstring>
#include <memory>
#include <vector>

class JsonStreamWriter
{
public:
    explicit JsonStreamWriter(int fd);
    ~JsonStreamWriter(); // flushes
    JsonStreamWriter(const JsonStreamWriter&) = delete;
    JsonStreamWriter& operator=(const JsonStreamWriter&) = delete;

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // Inside an object: the member's name; the next call writes its value.
    void key(const QString& name);
    // Inside an array: `count` elements its caller formatted itself, laid out as this writer would at depth()
    // (a ",\n" before each element but the array's first, each one indented by depth() levels).
    void appendElements(const QByteArray& text, qint64 count);
    // How many arrays and objects are open.
    int depth() const { return int(m_levels.size()); }
    // Whether the innermost open array or object has an element yet.
    bool hasElements() const { return !m_levels.empty() && m_levels.back().count > 0; }

    // A double as QJsonDocument writes it, at out (at least 40 bytes free); returns the end. Integral values
    // up to 2^53 as integers, others in the shorter of the decimal and the exponent form of their shortest
    // round-trip digits; NaN and infinity as null.
    static char* writeDouble(char* out, double number);

    // Hands the buffered bytes to the descriptor. False once any write failed (the reader went away).
    bool flush();
    bool failed() const { return m_failed; }

private:
    struct Level
    {
        bool isObject = false;
        qint64 count = 0;
    };

    static constexpr qsizetype kBufferBytes = 1 << 20;

    // The small helpers below run several times per value: inline, they halve the time per point.
    void beforeValue()
    {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (m_levels.empty())
            return;
        if (m_levels.back().count++ > 0)
            append(",\n", 2);
        appendIndent(qsizetype(m_levels.size()));
    }
    // Room for `bytes` more in the buffer, flushing first if needed.
    char* reserve(qsizetype bytes)
    {
        if (m_used + bytes > kBufferBytes)
            flush();
        return m_buffer.get() + m_used;
    }
    void append(const char* data, qsizetype size)
    {
        if (size > kBufferBytes / 2)
            return appendLarge(data, size);
        std::memcpy(reserve(size), data, size_t(size));
        m_used += size;
    }
    void appendIndent(qsizetype levels)
    {
        // Whole 16-byte stores (the buffer keeps room past its end for the overshoot), not a memset call.
        static constexpr char kSpaces[17] = "                ";
        const qsizetype n = 4 * levels;
        char* out = reserve(n);
        for (qsizetype i = 0; i < n; i += 16)
            std::memcpy(out + i, kSpaces, 16);
        m_used += n;
    }
    void appendLarge(const char* data, qsizetype size); // more than the buffer holds: written on its own
    void begin(char open, bool isObject);
    void end(char close);
    void writeAll(const char* data, qsizetype size);

    int m_fd;
    std::unique_ptr<char[]> m_buffer; // a plain array: QByteArray's appends dominated the time per point
    qsizetype m_used = 0;
    std::vector<Level> m_levels;
    bool m_afterKey = false;
    bool m_failed = false;
};
