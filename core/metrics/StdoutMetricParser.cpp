#include "metrics/StdoutMetricParser.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace {

inline bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

inline bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

inline bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '/' || c == '-';
}

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool equalsIgnoreCase(const char* begin, const char* end, const char* lowerWord)
{
    const size_t len = std::strlen(lowerWord);
    if (size_t(end - begin) != len)
        return false;
    for (size_t i = 0; i < len; ++i) {
        char c = begin[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != lowerWord[i])
            return false;
    }
    return true;
}

} // namespace

StdoutMetricParser::StdoutMetricParser(Callback callback)
    : m_callback(std::move(callback))
{
}

QString StdoutMetricParser::literalMetricName(const QString& regex)
{
    const qsizetype n = regex.size();
    qsizetype i = 0;
    if (i < n && regex[i] == QLatin1Char('^'))
        ++i;
    // Leading blanks a pattern allows before the name.
    for (;;) {
        if (regex.mid(i, 3) == QLatin1String("\\s*") || regex.mid(i, 3) == QLatin1String("\\s+"))
            i += 3;
        else if (regex.mid(i, 2) == QLatin1String(" *") || regex.mid(i, 2) == QLatin1String(" +"))
            i += 2;
        else
            break;
    }
    const auto isQuantifier = [&](qsizetype at) {
        return at < n
               && (regex[at] == QLatin1Char('?') || regex[at] == QLatin1Char('*') || regex[at] == QLatin1Char('+')
                   || regex[at] == QLatin1Char('{'));
    };
    QString name;
    while (i < n && name.size() <= kMaxNameLength) {
        const QChar c = regex[i];
        QChar literal;
        qsizetype width = 1;
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_') || c == QLatin1Char('-')
            || c == QLatin1Char('/')) {
            literal = c;
        } else if (c == QLatin1Char('\\') && i + 1 < n
                   && (regex[i + 1] == QLatin1Char('.') || regex[i + 1] == QLatin1Char('/')
                       || regex[i + 1] == QLatin1Char('-'))) {
            literal = regex[i + 1];
            width = 2;
        } else {
            break;
        }
        // A quantified character (`accs?`) is not part of a fixed name.
        if (isQuantifier(i + width))
            break;
        name.append(literal);
        i += width;
    }
    while (!name.isEmpty()
           && (name.back() == QLatin1Char('.') || name.back() == QLatin1Char('-') || name.back() == QLatin1Char('/')))
        name.chop(1);
    if (name.isEmpty() || name.size() > kMaxNameLength || name[0].isDigit() || name[0] == QLatin1Char('-')
        || name[0] == QLatin1Char('/') || name[0] == QLatin1Char('.'))
        return {};
    return name;
}

std::optional<StdoutMetricParser::Pattern> StdoutMetricParser::compilePattern(const QString& regex, QString* reason)
{
    const auto refuse = [&](const QString& why) -> std::optional<Pattern> {
        if (reason)
            *reason = why;
        return std::nullopt;
    };
    Pattern pattern{QRegularExpression(regex), {}};
    if (!pattern.regex.isValid())
        return refuse(QStringLiteral("is not a valid regular expression: %1 at offset %2")
                          .arg(pattern.regex.errorString())
                          .arg(pattern.regex.patternErrorOffset()));
    const QStringList groups = pattern.regex.namedCaptureGroups();
    const bool hasName = groups.contains(QStringLiteral("name"));
    const bool hasValue = groups.contains(QStringLiteral("value"));
    const bool hasStep = groups.contains(QStringLiteral("step"));
    if (hasName && !hasValue)
        return refuse(QStringLiteral("has a group (?<name>...) but no (?<value>...)"));
    if (!hasValue && !hasStep)
        return refuse(QStringLiteral("has no named group (?<value>...) (or (?<step>...) alone)"));
    if (hasValue && !hasName) {
        pattern.fixedName = literalMetricName(regex);
        if (pattern.fixedName.isEmpty())
            return refuse(QStringLiteral("has no group (?<name>...) and does not start with a literal metric name "
                                         "(as in '^acc=(?<value>\\S+)' or '(?<name>\\w+)=(?<value>\\S+)')"));
    }
    pattern.regex.optimize();
    return pattern;
}

bool StdoutMetricParser::setPatterns(const QStringList& regexes, QString* error)
{
    QVector<Pattern> compiled;
    for (const QString& source : regexes) {
        QString reason;
        std::optional<Pattern> pattern = compilePattern(source, &reason);
        if (!pattern) {
            if (error)
                *error = QStringLiteral("metric pattern \"%1\" %2").arg(source, reason);
            return false;
        }
        compiled.append(std::move(*pattern));
    }
    m_patterns = compiled;
    return true;
}

void StdoutMetricParser::feed(const char* data, qsizetype n)
{
    const char* p = data;
    const char* end = data + n;
    while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
        if (!nl) {
            // No newline in what is left: keep the start of the line unless it is already too long.
            if (!m_skipping) {
                if (m_partial.size() + (end - p) > kMaxLineBytes) {
                    m_partial.clear();
                    m_partial.squeeze();
                    m_skipping = true;
                    ++m_skippedLongLines;
                } else {
                    m_partial.append(p, end - p);
                }
            }
            return;
        }
        if (m_skipping) {
            m_skipping = false;
        } else if (!m_partial.isEmpty()) {
            if (m_partial.size() + (nl - p) <= kMaxLineBytes) {
                m_partial.append(p, nl - p);
                parseLine(m_partial.constData(), m_partial.constData() + m_partial.size());
            } else {
                ++m_skippedLongLines;
            }
            m_partial.clear();
        } else if (nl - p <= kMaxLineBytes) {
            parseLine(p, nl); // the common case: the whole line is in this chunk, no copy
        } else {
            ++m_skippedLongLines;
        }
        p = nl + 1;
    }
}

void StdoutMetricParser::finish()
{
    if (!m_skipping && !m_partial.isEmpty())
        parseLine(m_partial.constData(), m_partial.constData() + m_partial.size());
    m_partial.clear();
    m_skipping = false;
}

void StdoutMetricParser::parseLine(const char* begin, const char* end)
{
    if (m_patterns.isEmpty())
        parseDefault(begin, end);
    else
        parseCustom(begin, end);
}

void StdoutMetricParser::parseDefault(const char* begin, const char* end)
{
    const char* p = begin;
    while (p < end && isBlank(*p))
        ++p;
    // Most log lines fail one of these first checks, which is what keeps the scanner fast.
    if (p == end || !isNameStart(*p))
        return;
    const char* nameBegin = p;
    ++p;
    while (p < end && isNameChar(*p))
        ++p;
    const char* nameEnd = p;
    if (nameEnd - nameBegin > kMaxNameLength)
        return;
    while (p < end && isBlank(*p))
        ++p;
    if (p == end || (*p != ':' && *p != '='))
        return;
    ++p;
    while (p < end && isBlank(*p))
        ++p;
    const char* valueBegin = p;
    while (p < end && !isBlank(*p))
        ++p;
    const char* valueEnd = p;
    while (p < end && isBlank(*p))
        ++p;
    if (p != end)
        return; // something after the number
    const std::optional<double> value = parseNumber(valueBegin, valueEnd);
    if (!value)
        return;
    if (nameEnd - nameBegin == 4 && std::memcmp(nameBegin, "step", 4) == 0) {
        const double v = *value;
        // Steps are integers; 1e3 is accepted as 1000 but 1.5 or nan is not a step.
        if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e18)
            m_step = qint64(v);
        return;
    }
    if (m_callback)
        m_callback(QString::fromLatin1(nameBegin, nameEnd - nameBegin), m_step, *value);
}

bool StdoutMetricParser::parseStepLine(const char* begin, const char* end)
{
    const char* p = begin;
    while (p < end && isBlank(*p))
        ++p;
    if (end - p < 5 || std::memcmp(p, "step", 4) != 0)
        return false;
    p += 4;
    while (p < end && isBlank(*p))
        ++p;
    if (p == end || (*p != ':' && *p != '='))
        return false;
    ++p;
    while (p < end && isBlank(*p))
        ++p;
    const char* valueEnd = end;
    while (valueEnd > p && isBlank(*(valueEnd - 1)))
        --valueEnd;
    const std::optional<double> v = parseNumber(p, valueEnd);
    if (!v || !std::isfinite(*v) || *v != std::floor(*v) || std::fabs(*v) >= 9.0e18)
        return false;
    m_step = qint64(*v);
    return true;
}

void StdoutMetricParser::parseCustom(const char* begin, const char* end)
{
    // `step: N` lines keep setting the step with custom patterns too: the convention is independent of how
    // a project prints its metrics.
    if (parseStepLine(begin, end))
        return;
    // Custom patterns are the slow, flexible path; stdout is decoded leniently (bad bytes become U+FFFD).
    const QString line = QString::fromUtf8(begin, end - begin);
    for (const Pattern& pattern : m_patterns) {
        QRegularExpressionMatchIterator it = pattern.regex.globalMatch(line);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            std::optional<qint64> step = m_step;
            const QString stepText = m.captured(QStringLiteral("step"));
            if (!stepText.isEmpty()) {
                const QByteArray s = stepText.trimmed().toLatin1();
                const std::optional<double> v = parseNumber(s.constData(), s.constData() + s.size());
                if (v && std::isfinite(*v) && *v == std::floor(*v) && std::fabs(*v) < 9.0e18)
                    step = qint64(*v);
            }
            const QString name =
                pattern.fixedName.isEmpty() ? m.captured(QStringLiteral("name")).trimmed() : pattern.fixedName;
            const QString valueText = m.captured(QStringLiteral("value")).trimmed();
            if (name.isEmpty() || valueText.isEmpty()) {
                if (!stepText.isEmpty() && valueText.isEmpty())
                    m_step = step; // a step-only pattern moves the step for the lines that follow
                continue;
            }
            if (name.size() > kMaxNameLength)
                continue;
            const QByteArray v = valueText.toLatin1();
            const std::optional<double> value = parseNumber(v.constData(), v.constData() + v.size());
            if (value && m_callback)
                m_callback(name, step, *value);
        }
    }
}

std::optional<double> StdoutMetricParser::parseNumber(const char* begin, const char* end)
{
    if (begin == end)
        return std::nullopt;
    const char* p = begin;
    bool negative = false;
    if (*p == '+' || *p == '-') {
        negative = *p == '-';
        ++p;
    }
    if (p == end)
        return std::nullopt;
    if (!isDigit(*p) && *p != '.') {
        if (equalsIgnoreCase(p, end, "nan"))
            return std::numeric_limits<double>::quiet_NaN();
        if (equalsIgnoreCase(p, end, "inf") || equalsIgnoreCase(p, end, "infinity"))
            return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        return std::nullopt;
    }
    // Check the grammar ourselves: from_chars accepts forms (hex, inf prefixes) we do not want here.
    const char* q = p;
    bool digits = false;
    while (q < end && isDigit(*q)) {
        ++q;
        digits = true;
    }
    if (q < end && *q == '.') {
        ++q;
        while (q < end && isDigit(*q)) {
            ++q;
            digits = true;
        }
    }
    if (!digits)
        return std::nullopt;
    if (q < end && (*q == 'e' || *q == 'E')) {
        ++q;
        if (q < end && (*q == '+' || *q == '-'))
            ++q;
        if (q == end || !isDigit(*q))
            return std::nullopt;
        while (q < end && isDigit(*q))
            ++q;
    }
    if (q != end)
        return std::nullopt;
    double value = 0;
    // from_chars is locale-independent (strtod would read "0,5" in a German locale).
    const std::from_chars_result r = std::from_chars(p, end, value);
    if (r.ec == std::errc::result_out_of_range) {
        // Overflow saturates to infinity and underflow to zero, as Python's float() does.
        bool nonZeroMantissa = false;
        for (const char* c = p; c < end && *c != 'e' && *c != 'E'; ++c)
            if (*c >= '1' && *c <= '9')
                nonZeroMantissa = true;
        const char* e = p;
        while (e < end && *e != 'e' && *e != 'E')
            ++e;
        const bool negativeExponent = e + 1 < end && e[1] == '-';
        value = (nonZeroMantissa && !negativeExponent) ? std::numeric_limits<double>::infinity() : 0.0;
    } else if (r.ec != std::errc() || r.ptr != end) {
        return std::nullopt;
    }
    return negative ? -value : value;
}
