#include "JsonStreamWriter.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <charconv>
#include <cmath>
#include <cstring>

#include <cerrno>
#include <unistd.h>

namespace {

constexpr double kLargestExactInteger = 9007199254740992.0; // 2^53

// Qt's escaping of a string value, quotes included.
QByteArray quoted(const QString& text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact); // ["..."]
    return array.mid(1, array.size() - 2);
}

} // namespace

JsonStreamWriter::JsonStreamWriter(int fd) : m_fd(fd), m_buffer(new char[kBufferBytes + 64]) {}

JsonStreamWriter::~JsonStreamWriter() { flush(); }

bool JsonStreamWriter::flush()
{
    writeAll(m_buffer.get(), m_used);
    m_used = 0;
    return !m_failed;
}

void JsonStreamWriter::appendLarge(const char* data, qsizetype size)
{
    flush();
    writeAll(data, size);
}

void JsonStreamWriter::writeAll(const char* data, qsizetype left)
{
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
}

void JsonStreamWriter::begin(char open, bool isObject)
{
    beforeValue();
    const char text[2] = {open, '\n'};
    append(text, 2);
    m_levels.push_back(Level{isObject, 0});
}

void JsonStreamWriter::end(char close)
{
    const bool empty = m_levels.back().count == 0;
    m_levels.pop_back();
    if (!empty)
        append("\n", 1);
    appendIndent(qsizetype(m_levels.size()));
    append(&close, 1);
    if (m_levels.empty())
        append("\n", 1); // the document's last line
}

void JsonStreamWriter::beginObject() { begin('{', true); }
void JsonStreamWriter::endObject() { end('}'); }
void JsonStreamWriter::beginArray() { begin('[', false); }
void JsonStreamWriter::endArray() { end(']'); }

void JsonStreamWriter::key(const QString& name)
{
    beforeValue();
    const QByteArray text = quoted(name);
    append(text.constData(), text.size());
    append(": ", 2);
    m_afterKey = true;
}

void JsonStreamWriter::appendElements(const QByteArray& text, qint64 count)
{
    append(text.constData(), text.size());
    m_levels.back().count += count;
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
    const bool negativeExponent = p[1] == '-';
    int exponent = 0;
    for (p += 2; p < sciEnd; ++p)
        exponent = exponent * 10 + (*p - '0');
    if (negativeExponent)
        exponent = -exponent;
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
