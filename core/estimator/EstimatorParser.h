// EstimatorParser: reads estimator.yml into an Estimator and checks it, reporting every problem at once with the
// file name and the field path, so a user fixes the file in one pass instead of one error per submit.
#pragma once

#include "estimator/Estimator.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

class EstimatorParser {
public:
    // An estimator file larger than this is refused before parsing; real ones are a few hundred bytes.
    static constexpr qint64 MaxFileSize = 16 * 1024 * 1024;

    // Parse + validate. On failure returns nullopt and fills errors: one message per problem, all problems at
    // once, each starting with the file's base name and the field path, e.g.
    //   estimator.yml: node_count: expected a positive integer, got "two"
    // Relative paths are relative to the file's folder; filePath of the result is the file's absolute path.
    static std::optional<Estimator> parseFile(const QString& path, QStringList* errors);
    // baseDir is the folder relative paths are resolved against (the folder of the would-be file); label
    // prefixes every message (usually the file's base name).
    static std::optional<Estimator> parseText(const QByteArray& yaml, const QString& baseDir, const QString& label,
                                              QStringList* errors);
    // Checks shared with the GUI form: names, ranges, combinations, and that files exist where they should.
    // Returns one message per problem, each prefixed by label.
    static QStringList validate(const Estimator& e, const QString& label);
    // Applies a --param KEY=VALUE override from the command line: replaces the value of an existing key in
    // place, or appends. "KEY=" (empty value) makes a flag. Returns false + error for a malformed item.
    static bool applyOverride(Estimator& e, const QString& keyEqualsValue, QString* error);

    // The top-level keys an estimator file may hold, in the order the writer emits them.
    static QStringList knownKeys();
};
