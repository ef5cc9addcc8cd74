// The one place that decides how trainyard-cli prints: results on stdout as text or, with --json, as JSON
// (indented, one document per command), messages and errors on stderr. Also the value formats every command
// shares (times, sizes, durations, a run's summary), so a run reads the same in `runs`, `show` and `submit`.
#pragma once

#include "run/RunRecord.h"
#include "targets/TargetConfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QTextStream>
#include <QVector>

#include <cstdio>

class OutputFormatter
{
public:
    explicit OutputFormatter(bool json = false) : m_json(json) {}

    bool json() const { return m_json; }
    void setJson(bool json) { m_json = json; }

    QTextStream& out();
    QTextStream& err();
    void flush();

    // "trainyard-cli: MESSAGE" on stderr.
    void error(const QString& message);
    // An indented JSON document on stdout.
    void printJson(const QJsonValue& value);
    // Bytes exactly as they are (log contents); false when the stream is gone (a closed pipe).
    static bool writeRaw(FILE* stream, const QByteArray& data);

    // `records` as a JSON array (--json) or as a table: `header` (none when empty), then one line per record.
    // `toRow` must return a QString, not a QStringBuilder over temporaries that die when it returns.
    template <typename Record, typename ToJson, typename ToRow>
    void printListing(const QVector<Record>& records, ToJson toJson, const QString& header, ToRow toRow)
    {
        if (m_json) {
            QJsonArray array;
            for (const Record& record : records)
                array.append(toJson(record));
            printJson(array);
            return;
        }
        if (!header.isEmpty())
            out() << header << "\n";
        for (const Record& record : records)
            out() << toRow(record) << "\n";
        out().flush();
    }

    static QString isoTime(qint64 ms);
    static QJsonValue timeValue(qint64 ms); // null when unset
    // JSON has no NaN or infinity; they are written as the strings "nan", "inf" and "-inf" so no value is lost.
    static QJsonValue numberValue(double value);
    static QString humanSize(qint64 bytes);
    static QString pad(const QString& text, int width) { return text.leftJustified(width); }
    // "4m05s" or "1h02m" from start to end (or now); empty before the run started.
    static QString duration(const RunRecord& run);
    static QJsonObject runSummary(const RunRecord& run);
    // The well-known settings by name, then any other the target has.
    static QJsonObject targetSummary(const TargetConfig& target);

private:
    bool m_json;
};
