// Runs side by side: what each of N runs was (name, status, times), ran with (parameters, git state,
// environment, packages) and reached (last/min/max of each metric), row by row in sections, with whether
// the runs differ on each row. Built with one query per table for all runs together, so comparing every
// run of a large experiment stays interactive; safe on any thread (it uses that thread's connection).
#pragma once

#include "workspace/Workspace.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

// One run's value on one row: text for people and, where the value reads as one, its number.
struct ComparisonValue {
    bool missing = true; // the run has no such param, metric, tag, …
    QString text;
    std::optional<double> number;
};

struct ComparisonRow {
    // A RunColumn key where one applies (params.lr, metrics.loss, metrics.loss.min, tags.stage, status, …),
    // else a key of this comparison's own (git.commit, environment.hash, packages.numpy).
    QString key;
    QString label;
    QVector<ComparisonValue> values; // one per run, in the comparison's run order
    // Some run lacks the value others have, or two present values differ: numbers by value ("0.10" equals
    // "0.1"), everything else by text.
    bool differs = false;
};

struct ComparisonSection {
    QString title; // "Run", "Parameters", "Metrics", "Tags", "Git", "Environment"
    QVector<ComparisonRow> rows;
};

// Numeric values of chosen rows for plots: values[axis][run], NaN where a run has no number.
struct ComparisonNumbers {
    QStringList runIds;
    QStringList runLabels;
    QVector<QVector<double>> values;
};

class RunComparison
{
public:
    // Why build() refused: the user's input (a CLI exits 2) or the database (exit 1).
    enum class Failure { None, TooFewRuns, UnknownRuns, Storage };

    // Compares the runs in the given order (a repeated id counts once). nullopt with *error saying why:
    // fewer than two runs, the ids the workspace does not have, or the query that failed.
    static std::optional<RunComparison> build(const Workspace& workspace, const QStringList& runIds,
                                              QString* error, Failure* failure = nullptr);

    const QStringList& runIds() const { return m_runIds; }
    // The run's display name, else its id: what a column header shows.
    const QStringList& runLabels() const { return m_runLabels; }
    int runCount() const { return int(m_runIds.size()); }
    const QVector<ComparisonSection>& sections() const { return m_sections; }
    // The row with this key (RunColumn keys are normalised: metrics.loss.last is metrics.loss); null when
    // none.
    const ComparisonRow* row(const QString& key) const;
    // The run's snapshot id and its uncommitted changes (the patch recorded at submit; empty when clean).
    QString snapshotId(int run) const { return m_snapshotIds.value(run); }
    QByteArray gitDiff(int run) const { return m_gitDiffs.value(run); }
    // The numbers of the rows named by `keys` (NaN for a run without a number there, and for a key with no
    // row).
    ComparisonNumbers numbers(const QStringList& keys) const;

    // What could not be read without hiding the rest: a run's damaged ran-with.json or package list.
    const QStringList& warnings() const { return m_warnings; }

    static QString normalisedKey(const QString& key);

private:
    QStringList m_runIds;
    QStringList m_runLabels;
    QStringList m_snapshotIds;
    QVector<QByteArray> m_gitDiffs;
    QVector<ComparisonSection> m_sections;
    QHash<QString, QPair<int, int>> m_rowIndex; // key → (section, row)
    QStringList m_warnings;
};
