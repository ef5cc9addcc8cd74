#include "JsonStreamWriter.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <charconv>
#include <cmath>
#include <cstring>

#include <cerrno>
#include <unistd.h>

namespace {

constexpr qsizetype kBufferBytes = 1 << 20;
constexpr double kLargestExactInteger = 9007199254740992.0; // 2^53

// Qt's escaping of a string value, quotes included.
QByteArray quoted(const QString& text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact); // ["..."]
    return array.mid(1, array.size() - 2);
}

} // namespace

JsonStreamWriter::JsonStreamWriter(int fd) : m_fd(fd)
{
    m_buffer.reserve(kBufferBytes + 4096);
}

JsonStreamWriter::~JsonStreamWriter() { flush(); }

void JsonStreamWriter::append(const char* data, qsizetype size)
{
    m_buffer.append(data, size);
    if (m_buffer.size() >= kBufferBytes)
        flush();
}

void JsonStreamWriter::appendIndent(qsizetype levels)
{
    static const char spaces[] = "                                                                ";
    for (qsizetype n = 4 * levels; n > 0; n -= 64)
        m_buffer.append(spaces, qMin<qsizetype>(n, 64));
}

bool JsonStreamWriter::flush()
{
    const char* data = m_buffer.constData();
    qsizetype left = m_buffer.size();
    while (left > 0 && !m_failed) {
        const ssize_t n = ::write(m_fd, data, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            m_failed = true;
            break;
        }
        data += n;
        left -= n;
    }
    m_buffer.resize(0);
    return !m_failed;
}

void JsonStreamWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_levels.empty())
        return;
    Level& level = m_levels.back();
    if (level.count++ > 0)
        m_buffer.append(",\n", 2);
    appendIndent(qsizetype(m_levels.size()));
}

void JsonStreamWriter::begin(char open, bool isObject)
{
    beforeValue();
    m_buffer.append(open);
    m_buffer.append('\n');
    m_levels.push_back(Level{isObject, 0});
}

void JsonStreamWriter::end(char close)
{
    const bool empty = m_levels.back().count == 0;
    m_levels.pop_back();
    if (!empty)
        m_buffer.append('\n');
    appendIndent(qsizetype(m_levels.size()));
    m_buffer.append(close);
    if (m_levels.empty())
        m_buffer.append('\n'); // the document's last line
    if (m_buffer.size() >= kBufferBytes)
        flush();
}

void JsonStreamWriter::beginObject() { begin('{', true); }
void JsonStreamWriter::endObject() { end('}'); }
void JsonStreamWriter::beginArray() { begin('[', false); }
void JsonStreamWriter::endArray() { end(']'); }

void JsonStreamWriter::key(const QString& name)
{
    beforeValue();
    m_buffer.append(quoted(name));
    m_buffer.append(": ", 2);
    m_afterKey = true;
}

void JsonStreamWriter::plainKey(const char* name)
{
    beforeValue();
    m_buffer.append('"');
    m_buffer.append(name);
    m_buffer.append("\": ", 3);
    m_afterKey = true;
}

void JsonStreamWriter::value(qint64 number)
{
    beforeValue();
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, number);
    append(digits, result.ptr - digits);
}

void JsonStreamWriter::value(double number)
{
    beforeValue();
    char text[40];
    append(text, writeDouble(text, number) - text);
}

void JsonStreamWriter::value(const QString& text)
{
    beforeValue();
    const QByteArray q = quoted(text);
    append(q.constData(), q.size());
}

void JsonStreamWriter::null()
{
    beforeValue();
    append("null", 4);
}

QByteArray JsonStreamWriter::formatDouble(double number)
{
    char text[40];
    return QByteArray(text, writeDouble(text, number) - text);
}

char* JsonStreamWriter::writeDouble(char* out, double number)
{
    if (!std::isfinite(number)) {
        std::memcpy(out, "null", 4); // what QJsonDocument writes for NaN and infinity
        return out + 4;
    }
    if (number == std::floor(number) && std::fabs(number) <= kLargestExactInteger)
        return std::to_chars(out, out + 24, qint64(number)).ptr; // also turns -0 into 0, as Qt does
    // The shortest digits that read back as the same double, then Qt's choice of layout.
    char sci[32];
    const char* sciEnd = std::to_chars(sci, sci + sizeof sci, number, std::chars_format::scientific).ptr;
    const char* p = sci;
    if (*p == '-')
        *out++ = *p++;
    char digits[20];
    int digitCount = 0;
    for (; *p != 'e'; ++p)
        if (*p != '.')
            digits[digitCount++] = *p;
    int exponent = 0;
    std::from_chars(p + 1 + (p[1] == '+'), sciEnd, exponent);
    const int pointAt = exponent + 1; // digits before the decimal point (<= 0: leading zeros after "0.")
    const int exponentDigits = std::abs(exponent) >= 100 ? 3 : 2;
    const int scientificLength = digitCount + (digitCount > 1 ? 1 : 0) + 2 + exponentDigits;
    const int decimalLength = pointAt <= 0 ? 2 - pointAt + digitCount : (pointAt >= digitCount ? pointAt : digitCount + 1);
    if (decimalLength <= scientificLength) {
        if (pointAt <= 0) {
            *out++ = '0';
            *out++ = '.';
            for (int i = 0; i < -pointAt; ++i)
                *out++ = '0';
            std::memcpy(out, digits, size_t(digitCount));
            return out + digitCount;
        }
        if (pointAt >= digitCount) {
            std::memcpy(out, digits, size_t(digitCount));
            out += digitCount;
            for (int i = digitCount; i < pointAt; ++i)
                *out++ = '0';
            return out;
        }
        std::memcpy(out, digits, size_t(pointAt));
        out += pointAt;
        *out++ = '.';
        std::memcpy(out, digits + pointAt, size_t(digitCount - pointAt));
        return out + (digitCount - pointAt);
    }
    *out++ = digits[0];
    if (digitCount > 1) {
        *out++ = '.';
        std::memcpy(out, digits + 1, size_t(digitCount - 1));
        out += digitCount - 1;
    }
    *out++ = 'e';
    *out++ = exponent < 0 ? '-' : '+';
    const int magnitude = std::abs(exponent);
    if (magnitude >= 100)
        *out++ = char('0' + magnitude / 100);
    *out++ = char('0' + magnitude / 10 % 10);
    *out++ = char('0' + magnitude % 10);
    return out;
}
