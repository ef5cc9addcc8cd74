#include "RunsCommand.h"

#include "run/DurationFormat.h"
#include "run/RunCsvExport.h"
#include "run/RunFilterExpression.h"
#include "run/RunStatus.h"
#include "run/RunStore.h"

#include <QDateTime>

#include <algorithm>

namespace {

const QString kDefaultColumns = QStringLiteral("id,status,target,submitted,duration");

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
    using F = OutputFormatter;
    if (format == Format::Json) {
        // The whole record for --json's summary (what `runs --json` has always printed).
        RunStore store(workspace());
        QVector<RunRecord> runs;
        runs.reserve(rows.size());
        for (const QString& id : std::as_const(ids)) {
            std::optional<RunRecord> run = store.find(id, &error);
            if (!error.isEmpty())
                return fail(error);
            if (run)
                runs << *run;
        }
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
        // The same lines as the runs table's "Export CSV…".
        output().out() << RunCsvExport::headerLine(*columns) << "\r\n";
        for (const RunListRow& row : rows)
            output().out() << RunCsvExport::rowLine(*columns, row, values.value(row.id), order.nowMs) << "\r\n";
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
    QVector<QStringList> cells(rows.size());
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
        for (int r = 0; r < rows.size(); ++r) {
            cells[r] << tableText(column, rows.at(r), values.value(rows.at(r).id), order.nowMs);
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

QString RunsCommand::tableText(const RunColumn& column, const RunListRow& row, const QHash<QString, QVariant>& values,
                               qint64 nowMs)
{
    const auto time = [](qint64 ms) {
        return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
    };
    if (column.kind == RunColumn::Kind::Field) {
        const QString& key = column.name;
        if (key == QLatin1String("status"))
            return runStatusText(row.status, row.waitingReason);
        if (key == QLatin1String("submitted"))
            return time(row.submittedAt);
        if (key == QLatin1String("started"))
            return time(row.startedAt);
        if (key == QLatin1String("ended"))
            return time(row.endedAt);
        if (key == QLatin1String("duration")) {
            const qint64 ms = row.durationMs(nowMs);
            return ms < 0 ? QString() : DurationFormat::text(ms);
        }
    }
    return RunCsvExport::cellText(column, row, values, nowMs);
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
