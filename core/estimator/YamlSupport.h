// YamlSupport: what the YAML file readers of core/estimator (EstimatorParser, AzureCommandJobParser) share:
// reading a bounded file, loading it with yaml-cpp's errors turned into "LABEL: line L, column C: …" messages,
// and describing a user's value in a message without quoting ten megabytes of it.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

class YamlSupport
{
public:
    static QString text(const std::string& text);
    // A user value for a message: in double quotes with escapes, cut to 60 characters.
    static QString quoted(const QString& text);
    // "nothing (null)", "a list", "a mapping" or the quoted scalar.
    static QString describe(const YAML::Node& node);
    // " (did you mean "KEY"?)" for the known key closest to key (edit distance under 3), else empty.
    static QString suggestion(const QString& key, const QStringList& known);
    // The file's base name, the prefix of its messages.
    static QString label(const QString& path);
    // The file's bytes, or nullopt + one message: missing, not a regular file, larger than maxSize, unreadable.
    // kind names the file in the size message ("an estimator file").
    static std::optional<QByteArray> readFile(const QString& path, qint64 maxSize, const QString& kind,
                                              QStringList* errors);
    // The parsed document, or nullopt + one message "LABEL: line L, column C: …" (deep nesting included).
    static std::optional<YAML::Node> load(const QByteArray& yaml, const QString& label, QStringList* errors);
};
