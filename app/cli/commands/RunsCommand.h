// trainyard-cli runs: Lists runs, newest first, or filtered by an expression, sorted by any column and shown
// with chosen columns, as a table, CSV or JSON.
#pragma once

#include "Command.h"

#include "run/RunColumn.h"
#include "run/RunQuery.h"

#include <QHash>
#include <QVariant>

class RunsCommand : public Command
{
public:
    RunsCommand();

protected:
    int run() override;

private:
    enum class Format { Table, Csv, Json };
    // One cell of the table as people read it: the status with the run's current step, local times and the
    // duration in words; every other cell as the CSV export writes it (RunCsvExport::cellText).
    static QString tableText(const RunColumn& column, const RunListRow& row, const QHash<QString, QVariant>& values,
                             qint64 nowMs);
    static QJsonValue cellJson(const RunColumn& column, const QHash<QString, QVariant>& values);
};
