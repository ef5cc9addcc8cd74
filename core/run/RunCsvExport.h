// Run listings as CSV (RFC 4180): the CLI's `runs --format csv` and the runs table's "Export CSV…" write the
// same columns the same way. Cells are what a program reads back: times in ISO 8601, durations in seconds,
// numbers in full, "nan"/"inf" for non-finite metrics, an empty field where the run lacks the value.
#pragma once

#include "run/RunColumn.h"
#include "run/RunQuery.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QString>
#include <QVariant>
#include <QVector>

class RunCsvExport
{
public:
    // A field quoted when it holds a comma, a quote or a line break, its quotes doubled.
    static QString field(const QString& text);
    static QString headerLine(const QVector<RunColumn>& columns);
    // One line (without its CRLF); `values` as RunQuery::columnValues gives them for the row's run.
    static QString rowLine(const QVector<RunColumn>& columns, const RunListRow& row, const QHash<QString, QVariant>& values,
                           qint64 nowMs);
    static QString cellText(const RunColumn& column, const RunListRow& row, const QHash<QString, QVariant>& values, qint64 nowMs);

    // Writes every run matching filter, in order, to path (replaced only once complete, through a temporary
    // file), page by page so memory stays bounded; the number of runs written, or -1 with *error. Reads the
    // workspace from the calling thread's own connection, so it can run off the GUI thread.
    static qint64 write(const Workspace& workspace, const RunQueryFilter& filter, const RunOrder& order,
                        const QVector<RunColumn>& columns, const QString& path, QString* error);
};
