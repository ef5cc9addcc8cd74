// The words core/ hands the window in English (core has no translations: the CLI's output and the files it
// writes stay English): run status names, the runs table's field columns and metric aggregates, the
// comparison's sections and fixed rows. The window shows them through here, in its own language; names a
// person gave (parameters, metrics, tags) pass through unchanged.
#pragma once

#include "compare/RunComparison.h"
#include "run/RunColumn.h"
#include "run/RunStatus.h"

#include <QCoreApplication>
#include <QString>

class RunLabels
{
    Q_DECLARE_TR_FUNCTIONS(RunLabels)

public:
    static QString status(RunStatus status);
    // runStatusText() in the window's language: "Queued (Priority)", "Preparing (uploading 12 MB of 500 MB)";
    // the reason in parentheses is the target's own words.
    static QString statusText(RunStatus status, const QString& waitingReason);
    // A run's error as the runner recorded it: its "exit code 1" in the window's language, the rest (the
    // launcher's or target's own words) as it is.
    static QString runError(const QString& error);
    // DurationFormat::text() in the window's language: "42s", "3m 07s", "2h 05m", "1d 04h".
    static QString duration(qint64 ms);
    // "min", "max", "last".
    static QString aggregate(RunColumn::Aggregate aggregate);
    // RunColumn::label(): a field's name, "loss (min)", a parameter's or tag's own name.
    static QString column(const RunColumn& column);
    // A comparison section's title ("Parameters") and a row's label ("Exit code"; a metric's "loss (min)").
    static QString comparisonSection(const ComparisonSection& section);
    static QString comparisonRow(const ComparisonRow& row);
    // A comparison value where the row holds words of core's own: the status, the duration, the yes/no of
    // git.dirty, the size of the uncommitted diff.
    static QString comparisonValue(const ComparisonRow& row, const ComparisonValue& value);
};
