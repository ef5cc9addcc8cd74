#include "runs/RunLabels.h"

#include "run/RunRecord.h"

#include <QRegularExpression>

namespace {
QString fieldLabel(const QString& key)
{
    if (key == QLatin1String("status"))
        return RunLabels::tr("Status");
    if (key == QLatin1String("id"))
        return RunLabels::tr("Run");
    if (key == QLatin1String("name"))
        return RunLabels::tr("Name");
    if (key == QLatin1String("experiment"))
        return RunLabels::tr("Experiment");
    if (key == QLatin1String("target"))
        return RunLabels::tr("Target");
    if (key == QLatin1String("submitted"))
        return RunLabels::tr("Submitted");
    if (key == QLatin1String("started"))
        return RunLabels::tr("Started");
    if (key == QLatin1String("ended"))
        return RunLabels::tr("Ended");
    if (key == QLatin1String("duration"))
        return RunLabels::tr("Duration");
    if (key == QLatin1String("note"))
        return RunLabels::tr("Note");
    return QString();
}
} // namespace

QString RunLabels::status(RunStatus status)
{
    switch (status) {
    case RunStatus::Queued:
        return tr("Queued");
    case RunStatus::Preparing:
        return tr("Preparing");
    case RunStatus::Starting:
        return tr("Starting");
    case RunStatus::Running:
        return tr("Running");
    case RunStatus::Finalizing:
        return tr("Finalizing");
    case RunStatus::Completed:
        return tr("Completed");
    case RunStatus::Failed:
        return tr("Failed");
    case RunStatus::Canceled:
        return tr("Canceled");
    }
    return runStatusName(status);
}

QString RunLabels::statusText(RunStatus status, const QString& waitingReason)
{
    // The same reading as runStatusText(), with the status in the window's language.
    if (!waitingReason.isEmpty() && status == RunStatus::Starting) {
        if (waitingReason == QLatin1String("queued"))
            return RunLabels::status(RunStatus::Queued);
        const QString reason = waitingReason.startsWith(QLatin1String("queued: ")) ? waitingReason.mid(8) : waitingReason;
        return tr("%1 (%2)", "a status and why").arg(RunLabels::status(RunStatus::Queued), reason);
    }
    if (!waitingReason.isEmpty() && isLive(status))
        return tr("%1 (%2)", "a status and why").arg(RunLabels::status(status), waitingReason);
    return RunLabels::status(status);
}

QString RunLabels::runError(const QString& error)
{
    static const QRegularExpression exitCode(QStringLiteral("^exit code (-?\\d+)"));
    const QRegularExpressionMatch match = exitCode.match(error);
    if (!match.hasMatch())
        return error;
    return tr("exit code %1").arg(match.captured(1)) + error.mid(match.capturedLength());
}

QString RunLabels::duration(qint64 ms)
{
    if (ms < 0)
        return QString();
    const qint64 seconds = ms / 1000;
    const auto twoDigits = [](qint64 value) { return QStringLiteral("%1").arg(value, 2, 10, QLatin1Char('0')); };
    if (seconds < 60)
        return tr("%1s", "a duration: seconds").arg(seconds);
    if (seconds < 3600)
        return tr("%1m %2s", "a duration: minutes, seconds").arg(seconds / 60).arg(twoDigits(seconds % 60));
    if (seconds < 86400)
        return tr("%1h %2m", "a duration: hours, minutes").arg(seconds / 3600).arg(twoDigits((seconds % 3600) / 60));
    return tr("%1d %2h", "a duration: days, hours").arg(seconds / 86400).arg(twoDigits((seconds % 86400) / 3600));
}

QString RunLabels::aggregate(RunColumn::Aggregate aggregate)
{
    switch (aggregate) {
    case RunColumn::Aggregate::Min:
        return tr("min");
    case RunColumn::Aggregate::Max:
        return tr("max");
    case RunColumn::Aggregate::Last:
        break;
    }
    return tr("last");
}

QString RunLabels::column(const RunColumn& column)
{
    switch (column.kind) {
    case RunColumn::Kind::Param:
    case RunColumn::Kind::Tag:
        return column.name;
    case RunColumn::Kind::Metric:
        return column.aggregate == RunColumn::Aggregate::Last
            ? column.name
            : tr("%1 (%2)", "a metric and its aggregate").arg(column.name, aggregate(column.aggregate));
    case RunColumn::Kind::Field:
        break;
    }
    const QString label = fieldLabel(column.name);
    return label.isEmpty() ? column.label() : label;
}

QString RunLabels::comparisonSection(const ComparisonSection& section)
{
    const QString& title = section.title;
    if (title == QLatin1String("Run"))
        return tr("Run");
    if (title == QLatin1String("Parameters"))
        return tr("Parameters");
    if (title == QLatin1String("Metrics"))
        return tr("Metrics");
    if (title == QLatin1String("Tags"))
        return tr("Tags");
    if (title == QLatin1String("Git"))
        return tr("Git");
    if (title == QLatin1String("Environment"))
        return tr("Environment");
    return title;
}

QString RunLabels::comparisonRow(const ComparisonRow& row)
{
    const QString& key = row.key;
    const std::optional<RunColumn> column = RunColumn::parse(key, nullptr);
    if (column && column->kind == RunColumn::Kind::Field)
        return RunLabels::column(*column);
    // Every metric row names its aggregate, the last value's too.
    if (column && column->kind == RunColumn::Kind::Metric)
        return tr("%1 (%2)", "a metric and its aggregate").arg(column->name, aggregate(column->aggregate));
    static const struct { const char* key; const char* label; } kRows[] = {
        {"exit_code", QT_TR_NOOP("Exit code")},
        {"failure", QT_TR_NOOP("Failure")},
        {"git.repository", QT_TR_NOOP("Repository")},
        {"git.commit", QT_TR_NOOP("Commit")},
        {"git.branch", QT_TR_NOOP("Branch")},
        {"git.dirty", QT_TR_NOOP("Dirty")},
        {"git.diff", QT_TR_NOOP("Uncommitted diff")},
        {"environment.hash", QT_TR_NOOP("Environment")},
        {"environment.image", QT_TR_NOOP("Image")},
        {"environment.host", QT_TR_NOOP("Host")},
        {"environment.python", QT_TR_NOOP("Python")},
    };
    for (const auto& fixed : kRows)
        if (key == QLatin1String(fixed.key))
            return tr(fixed.label);
    return row.label;
}

QString RunLabels::comparisonValue(const ComparisonRow& row, const ComparisonValue& value)
{
    const QString& text = value.text;
    if (row.key == QLatin1String("duration") && value.number) // in seconds
        return duration(qint64(*value.number * 1000.0));
    if (row.key == QLatin1String("git.diff")) {
        // RunComparison's "none" or "12 lines, 1a2b3c4d" (the diff's hash).
        static const QRegularExpression lines(QStringLiteral("^(\\d+) lines, (\\w+)$"));
        if (text == QLatin1String("none"))
            return tr("none", "no uncommitted diff");
        if (const QRegularExpressionMatch match = lines.match(text); match.hasMatch())
            return tr("%n line(s), %1", "an uncommitted diff's size and hash", match.captured(1).toInt()).arg(match.captured(2));
        return text;
    }
    if (row.key == QLatin1String("status")) {
        if (const std::optional<RunStatus> status = runStatusFromName(text))
            return RunLabels::status(*status);
    } else if (row.key == QLatin1String("git.dirty")) {
        if (text == QLatin1String("yes"))
            return tr("yes");
        if (text == QLatin1String("no"))
            return tr("no");
    }
    return text;
}
