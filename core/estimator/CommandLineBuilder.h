// CommandLineBuilder: the exact argument vector a run executes (interpreter, entry script, script_params in
// order), and a shell-quoted preview of it for humans and for remote shells.
#pragma once

#include "estimator/Estimator.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>

// A dataset referenced from script_params, resolved to where it is on the target.
struct ResolvedDataset {
    QString name; // NAME or NAME:VERSION, as written in script_params
    QString path; // absolute path on the target
};

class CommandLineBuilder {
public:
    // The argument vector that the target executes, run from the working dir (a fresh copy of the snapshot):
    // .py → [python, entry_script, params..., arguments...]; .sh → ["bash", entry_script, params..., arguments...].
    // Params in order: Value → key, value; Flag → key; Dataset → key, datasetPaths[dataset] (looked up by the
    // dataset text exactly as written, NAME or NAME:VERSION). Arguments after them: each Value as one element,
    // each Dataset as its datasetPaths entry. Returns nullopt + error if a dataset has no
    // resolution or the entry script is neither .py nor .sh.
    static std::optional<QStringList> build(const Estimator& e, const QString& python,
                                            const QHash<QString, QString>& datasetPaths, QString* error);
    // Convenience over build() for callers holding a list of resolutions.
    static QHash<QString, QString> datasetPathMap(const QVector<ResolvedDataset>& datasets);
    // A copy-pasteable preview for humans: shellQuote of each argument, joined by spaces.
    static QString preview(const QStringList& argv);
    // POSIX shell quoting: plain when only safe characters, else single quotes with ' written as '\''.
    static QString shellQuote(const QString& arg);
};
