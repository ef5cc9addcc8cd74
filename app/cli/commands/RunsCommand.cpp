#include "RunsCommand.h"

#include "run/RunCsvExport.h"
#include "run/RunFilterExpression.h"
#include "run/RunQuery.h"
#include "run/RunStatus.h"
#include "run/RunStore.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace {

const QString kDefaultColumns = QStringLiteral("id,status,target,submitted,duration");

QString numberText(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(value, 'g', 12);
}

} // namespace

RunsCommand::RunsCommand()
    : Command(QStringLiteral("runs"), QStringLiteral("Runs"), QStringLiteral("Lists runs, newest first."))
{
    addOption(QStringLiteral("experiment"), QStringLiteral("N"), QStringLiteral("only the runs of this experiment"));
    addOption(QStringLiteral("status"), QStringLiteral("S"), QStringLiteral("only runs in this status (Queued, Running, Completed, ...)"));
    addOption(QStringLiteral("limit"), QStringLiteral("N"), QStringLiteral("at most this many runs"), Optional, QStringLiteral("50"));
    addOption(QStringLiteral("filter"), QStringLiteral("EXPR"),
              QStringLiteral("only runs matching EXPR, e.g. 'params.lr > 0.01 and metrics.acc.max >= 0.9 and tags.stage = dev' "
                             "(fields: params.NAME, metrics.NAME[.last|.min|.max], tags.NAME, status, id, name, note, "
                             "experiment, target, submitted, started, ended, duration, archived; operators = != < <= > >= "
                             "~ in and or not)"));
    addOption(QStringLiteral("sort"), QStringLiteral("KEY[:asc|:desc]"),
              QStringLiteral("order by a column (descending unless :asc); runs without the value come last"));
    addOption(QStringLiteral("columns"), QStringLiteral("LIST"),
              QStringLiteral("the columns to show, comma-separated, e.g. id,status,params.lr,metrics.loss.min (default %1)")
                  .arg(kDefaultColumns));
    addOption(QStringLiteral("format"), QStringLiteral("F"), QStringLiteral("table, csv or json"), Optional, QStringLiteral("table"));
    addFlag(QStringLiteral("archived"), QStringLiteral("include archived runs"));
}

int RunsCommand::run()
{
    RunQueryFilter filter;
    filter.experiment = value(QStringLiteral("experiment"));
    bool ok = false;
    const int limit = value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit < 1)
        return fail(QStringLiteral("--limit: expected a positive number, got \"%1\"").arg(value(QStringLiteral("limit"))),
                    InvalidInput);
    if (isSet(QStringLiteral("status"))) {
        filter.status = runStatusFromName(value(QStringLiteral("status")));
        if (!filter.status)
            return fail(QStringLiteral("--status: unknown status \"%1\"").arg(value(QStringLiteral("status"))), InvalidInput);
    }
    Format format = Format::Table;
    const QString formatName = value(QStringLiteral("format")).trimmed().toLower();
    if (formatName == QLatin1String("csv"))
        format = Format::Csv;
    else if (formatName == QLatin1String("json"))
        format = Format::Json;
    else if (formatName != QLatin1String("table"))
        return fail(QStringLiteral("--format: expected table, csv or json, got \"%1\"").arg(value(QStringLiteral("format"))),
                    InvalidInput);
    if (json()) {
        if (isSet(QStringLiteral("format")) && format != Format::Json)
            return fail(QStringLiteral("--json and --format %1 contradict each other").arg(formatName), InvalidInput);
        format = Format::Json;
    }
    QString error;
    const bool columnsChosen = isSet(QStringLiteral("columns"));
    const std::optional<QVector<RunColumn>> columns =
        RunColumn::parseList(columnsChosen ? value(QStringLiteral("columns")) : kDefaultColumns, &error);
    if (!columns)
        return fail(QStringLiteral("--columns: %1").arg(error), InvalidInput);
    RunOrder order;
    if (isSet(QStringLiteral("sort"))) {
        const std::optional<RunOrder> parsed = RunOrder::parse(value(QStringLiteral("sort")), &error);
        if (!parsed)
            return fail(QStringLiteral("--sort: %1").arg(error), InvalidInput);
        order = *parsed;
    }
    order.nowMs = QDateTime::currentMSecsSinceEpoch();
    filter.expression = value(QStringLiteral("filter"));
    if (isSet(QStringLiteral("filter"))) {
        RunFilterError parseError;
        if (!RunFilterExpression::parse(filter.expression, &parseError, order.nowMs))
            return fail(QStringLiteral("--filter: ") + RunFilterExpression::describe(filter.expression, parseError), InvalidInput);
    }
    filter.includeArchived = isSet(QStringLiteral("archived"));
    if (!openWorkspace())
        return openFailure();

    const RunQuery query(workspace());
    const QVector<RunListRow> rows = query.page(filter, order, nullptr, limit, &error);
    if (!error.isEmpty())
        return fail(error);
    QStringList ids;
    for (const RunListRow& row : rows)
        ids << row.id;
    const auto values = query.columnValues(ids, *columns, &error);
    if (!error.isEmpty())
        return fail(error);
    // The whole record for the status text and --json's summary (what `runs --json` has always printed).
    RunStore store(workspace());
    QVector<RunRecord> runs;
    runs.reserve(rows.size());
    for (const QString& id : ids) {
        std::optional<RunRecord> run = store.find(id, &error);
        if (!error.isEmpty())
            return fail(error);
        if (run)
            runs << *run;
    }

    using F = OutputFormatter;
    if (format == Format::Json) {
        output().setJson(true); // --format json without the global --json
        output().printListing(runs, [&](const RunRecord& run) {
            QJsonObject summary = F::runSummary(run);
            if (columnsChosen) {
                QJsonObject cells;
                for (const RunColumn& column : *columns)
                    cells.insert(column.key(), cellJson(column, values.value(run.id)));
                summary.insert(QStringLiteral("columns"), cells);
            }
            return summary;
        }, QString(), [](const RunRecord&) { return QString(); });
        return Ok;
    }
    if (format == Format::Csv) {
        QStringList header;
        for (const RunColumn& column : *columns)
            header << RunCsvExport::field(column.key());
        output().out() << header.join(QLatin1Char(',')) << "\r\n";
        for (const RunRecord& run : runs) {
            QStringList cells;
            for (const RunColumn& column : *columns)
                cells << RunCsvExport::field(cellText(column, run, values.value(run.id), format));
            output().out() << cells.join(QLatin1Char(',')) << "\r\n";
        }
        output().out().flush();
        return Ok;
    }
    // A table: each column as wide as its widest cell (the status at most 60, anything else 40), cut with an
    // ellipsis beyond; the last column is not padded.
    QStringList header;
    for (const RunColumn& column : *columns)
        header << (column.kind == RunColumn::Kind::Field ? (column.name == QLatin1String("id") ? QStringLiteral("RUN") : column.name.toUpper())
                                                         : column.key());
    QVector<int> widths;
    QVector<QStringList> cells(runs.size());
    for (int c = 0; c < columns->size(); ++c) {
        const RunColumn& column = columns->at(c);
        const bool isStatus = column == RunColumn::field(QStringLiteral("status"));
        int width = std::max(isStatus ? 10 : 0, int(header.at(c).size()));
        if (column == RunColumn::field(QStringLiteral("id")))
            width = std::max(width, 27);
        else if (column == RunColumn::field(QStringLiteral("target")))
            width = std::max(width, 9);
        else if (column.kind == RunColumn::Kind::Field && column.name.endsWith(QLatin1String("ed")) && column.name != QLatin1String("name"))
            width = std::max(width, 20);
        for (int r = 0; r < runs.size(); ++r) {
            cells[r] << cellText(column, runs.at(r), values.value(runs.at(r).id), format);
            width = std::max(width, int(cells[r].last().size()));
        }
        widths << std::min(width, isStatus ? 59 : 40);
    }
    const auto line = [&](const QStringList& texts) {
        QString text;
        for (int c = 0; c < texts.size(); ++c) {
            QString cell = texts.at(c);
            if (cell.size() > widths.at(c))
                cell = cell.left(widths.at(c) - 1) + QChar(0x2026);
            text += c + 1 < texts.size() ? F::pad(cell, widths.at(c) + 1) : cell;
        }
        return text;
    };
    output().out() << line(header) << "\n";
    for (const QStringList& row : cells)
        output().out() << line(row) << "\n";
    output().out().flush();
    return Ok;
}

QString RunsCommand::cellText(const RunColumn& column, const RunRecord& run, const QHash<QString, QVariant>& values, Format format)
{
    const bool csv = format == Format::Csv;
    const auto time = [csv](qint64 ms) {
        if (ms <= 0)
            return QString();
        return csv ? OutputFormatter::isoTime(ms) : QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    };
    if (column.kind == RunColumn::Kind::Field) {
        const QString& key = column.name;
        if (key == QLatin1String("status"))
            return csv ? runStatusName(run.status) : runStatusText(run);
        if (key == QLatin1String("id"))
            return run.id;
        if (key == QLatin1String("name"))
            return run.displayName;
        if (key == QLatin1String("experiment"))
            return run.experiment;
        if (key == QLatin1String("target"))
            return run.computeTarget;
        if (key == QLatin1String("submitted"))
            return time(run.submittedAt);
        if (key == QLatin1String("started"))
            return time(run.startedAt);
        if (key == QLatin1String("ended"))
            return time(run.endedAt);
        if (key == QLatin1String("note"))
            return run.note;
        if (key == QLatin1String("duration")) {
            if (!csv)
                return OutputFormatter::duration(run);
            const QVariant ms = values.value(key);
            return ms.isValid() ? QString::number(ms.toLongLong() / 1000.0, 'f', 3) : QString();
        }
        return {};
    }
    const QVariant value = values.value(column.key());
    if (!value.isValid())
        return {};
    if (value.typeId() == QMetaType::Double)
        return numberText(value.toDouble());
    return value.toString();
}

QJsonValue RunsCommand::cellJson(const RunColumn& column, const QHash<QString, QVariant>& values)
{
    const QVariant value = values.value(column.key());
    if (!value.isValid())
        return QJsonValue();
    switch (value.typeId()) {
    case QMetaType::Double:
        return OutputFormatter::numberValue(value.toDouble());
    case QMetaType::LongLong:
    case QMetaType::Int:
        if (column.kind == RunColumn::Kind::Field && column.name != QLatin1String("duration"))
            return OutputFormatter::timeValue(value.toLongLong());
        return QJsonValue(value.toLongLong());
    default:
        break;
    }
    return value.toString();
}
