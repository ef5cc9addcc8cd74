// trainyard-cli runs: Lists runs, newest first, or filtered by an expression, sorted by any column and shown
// with chosen columns, as a table, CSV or JSON.
#pragma once

#include "Command.h"

#include "run/RunColumn.h"

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
    // One cell as text: for the table as people read it, for CSV in a form programs read back.
    static QString cellText(const RunColumn& column, const RunRecord& run, const QHash<QString, QVariant>& values, Format format);
    static QJsonValue cellJson(const RunColumn& column, const QHash<QString, QVariant>& values);
};
