// Writes a JSON document piece by piece while the data is read, byte for byte as QJsonDocument::Indented would
// write it (4-space indent, "key": value, numbers as Qt formats them), so that `metrics --json` of millions of
// points needs no document in memory and reads the same as the small outputs built with QJsonDocument.
// Output goes through a fixed buffer to a file descriptor; write errors are remembered, not thrown.
#pragma once

#include <QByteArray>
#include <QString>

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
    // A key known to need no escaping (ASCII letters, digits, '_').
    void plainKey(const char* name);

    void value(qint64 number);
    // As Qt writes a double: integral values up to 2^53 as integers, others in the shorter of the decimal and
    // the exponent form of their shortest round-trip digits; NaN and infinity as null.
    void value(double number);
    void value(const QString& text);
    void null();

    // Hands the buffered bytes to the descriptor. False once any write failed (the reader went away).
    bool flush();
    bool failed() const { return m_failed; }

    // Qt's text for a double in JSON, without the writer (for checks and small outputs).
    static QByteArray formatDouble(double number);

private:
    struct Level
    {
        bool isObject = false;
        qint64 count = 0;
    };

    void beforeValue();
    void begin(char open, bool isObject);
    void end(char close);
    void append(const char* data, qsizetype size);
    void appendIndent(qsizetype levels);
    static char* writeDouble(char* out, double number); // at least 32 bytes free at out

    int m_fd;
    QByteArray m_buffer;
    std::vector<Level> m_levels;
    bool m_afterKey = false;
    bool m_failed = false;
};
