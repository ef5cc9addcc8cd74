// Turns a run's raw stdout into metric points while the script is still writing it.
//
// Default format (Guild AI's): a line `name: number` or `name=number`, the name matching
// [A-Za-z_][A-Za-z0-9_./-]* (at most 256 characters), the number an int, decimal, exponent form, nan, inf,
// -inf or infinity (any case), surrounding whitespace allowed; anything else on the line means the line is
// not a metric. A line `step: N` sets the step of the metric lines that follow.
//
// The default path is a hand-written scanner (memchr for newlines, no regex, no allocation for lines
// that are not metrics) because the supervisor parses multi-gigabyte logs as they grow. Lines longer than
// 64 KiB are skipped without being buffered, so memory stays bounded whatever the script prints.
#pragma once

#include <QByteArray>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <optional>

class StdoutMetricParser
{
public:
    using Callback = std::function<void(const QString& name, std::optional<qint64> step, double value)>;
    static constexpr qsizetype kMaxLineBytes = 64 * 1024;
    static constexpr int kMaxNameLength = 256;

    explicit StdoutMetricParser(Callback callback);

    // One custom pattern, compiled. The metric is named by the pattern's `name` group, or, when the pattern
    // has none, by `fixedName`: the literal metric name the pattern starts with (`^acc=(?<value>\S+)` is
    // metric `acc`).
    struct Pattern {
        QRegularExpression regex;
        QString fixedName;
    };

    // Compiles one custom pattern, or says why it cannot be used (the reason follows the quoted pattern in a
    // message: `"acc=(\S+)" has no named group …`). The estimator's validation and the parser both use this,
    // so a pattern that validates always parses.
    static std::optional<Pattern> compilePattern(const QString& regex, QString* reason = nullptr);
    // The literal metric name at the start of a regular expression: after an optional `^` and leading
    // `\s*`/` *`, the longest run of unquantified literal characters [A-Za-z0-9_-] (and escaped `\.`, `/`),
    // starting with a letter or `_`, without trailing `.`, `-` or `/`. Empty when there is none.
    static QString literalMetricName(const QString& regex);

    // Custom patterns replace the default format. Each is a regular expression (Python's (?P<name>…) works)
    // with named groups `value` and `name` (or a literal metric name at its start, see literalMetricName),
    // optionally `step`; a pattern with only `step` sets the step of the lines that follow. A line may match
    // several times. An empty list restores the default.
    bool setPatterns(const QStringList& regexes, QString* error = nullptr);

    void feed(const char* data, qsizetype n);
    void feed(const QByteArray& data) { feed(data.constData(), data.size()); }
    // Parses a last line that has no newline.
    void finish();

    std::optional<qint64> currentStep() const { return m_step; }
    qint64 skippedLongLines() const { return m_skippedLongLines; }

    // The number grammar of the default format, exposed for other line formats (and tests).
    static std::optional<double> parseNumber(const char* begin, const char* end);

private:
    void parseLine(const char* begin, const char* end);
    void parseDefault(const char* begin, const char* end);
    void parseCustom(const char* begin, const char* end);
    bool parseStepLine(const char* begin, const char* end);

    Callback m_callback;
    QVector<Pattern> m_patterns;
    QByteArray m_partial;   // the start of a line whose newline has not arrived yet
    bool m_skipping = false; // inside a line longer than kMaxLineBytes: drop bytes until its newline
    std::optional<qint64> m_step;
    qint64 m_skippedLongLines = 0;
};
