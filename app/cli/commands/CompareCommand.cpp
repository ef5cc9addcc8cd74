#include "CompareCommand.h"

#include "compare/RunComparison.h"

#include <unistd.h>

namespace {

// A cell wider than this is cut (with "…"), so a long commit or failure keeps the table readable.
constexpr int kMaxCellWidth = 40;
const QString kMissing = QStringLiteral("—");

QString cell(const ComparisonValue& value)
{
    if (value.missing)
        return kMissing;
    QString text = value.text;
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text.size() > kMaxCellWidth ? text.left(kMaxCellWidth - 1) + QStringLiteral("…") : text;
}

QString cut(const QString& text)
{
    return text.size() > kMaxCellWidth ? text.left(kMaxCellWidth - 1) + QStringLiteral("…") : text;
}

} // namespace

CompareCommand::CompareCommand()
    : Command(QStringLiteral("compare"), QStringLiteral("Runs"),
              QStringLiteral(
                  "Shows runs side by side, one column per run: name, status, times, parameters, last, "
                  "minimum and maximum of each metric, tags, git state and environment (with the packages "
                  "whose versions differ). Rows where the runs differ start with *."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("a run's id"));
    addRepeatedPositional(QStringLiteral("RUN"), QStringLiteral("the ids of the runs to compare it with"));
    addFlag(QStringLiteral("only-differences"), QStringLiteral("only the rows where the runs differ"));
}

int CompareCommand::run()
{
    if (!openWorkspace())
        return openFailure();
    QString error;
    RunComparison::Failure failure = RunComparison::Failure::None;
    const auto comparison = RunComparison::build(workspace(), positionals(0), &error, &failure);
    if (!comparison)
        return fail(error, failure == RunComparison::Failure::Storage ? Failure : InvalidInput);
    for (const QString& warning : comparison->warnings())
        output().error(warning); // the rest of the comparison is still shown
    const bool onlyDifferences = isSet(QStringLiteral("only-differences"));

    if (json()) {
        QJsonArray runs;
        for (int i = 0; i < comparison->runCount(); ++i)
            runs.append(QJsonObject{{QStringLiteral("id"), comparison->runIds().at(i)},
                                    {QStringLiteral("label"), comparison->runLabels().at(i)}});
        QJsonArray sections;
        for (const ComparisonSection& section : comparison->sections()) {
            QJsonArray rows;
            for (const ComparisonRow& row : section.rows) {
                if (onlyDifferences && !row.differs)
                    continue;
                QJsonArray values;
                QJsonArray numbers;
                bool anyNumber = false;
                for (const ComparisonValue& v : row.values) {
                    values.append(v.missing ? QJsonValue() : QJsonValue(v.text));
                    numbers.append(v.missing || !v.number ? QJsonValue()
                                                          : OutputFormatter::numberValue(*v.number));
                    anyNumber = anyNumber || (!v.missing && v.number);
                }
                QJsonObject o{{QStringLiteral("key"), row.key},
                              {QStringLiteral("label"), row.label},
                              {QStringLiteral("differs"), row.differs},
                              {QStringLiteral("values"), values}};
                if (anyNumber)
                    o.insert(QStringLiteral("numbers"), numbers);
                rows.append(o);
            }
            if (onlyDifferences && rows.isEmpty())
                continue;
            sections.append(
                QJsonObject{{QStringLiteral("title"), section.title}, {QStringLiteral("rows"), rows}});
        }
        output().printJson(
            QJsonObject{{QStringLiteral("runs"), runs}, {QStringLiteral("sections"), sections}});
        return Ok;
    }

    // Widths first: the label column fits every label shown, each run's column its header and cells.
    const int runs = comparison->runCount();
    int labelWidth = 0;
    QVector<int> widths(runs, 0);
    for (int i = 0; i < runs; ++i)
        widths[i] = int(cut(comparison->runLabels().at(i)).size());
    for (const ComparisonSection& section : comparison->sections()) {
        labelWidth = qMax(labelWidth, int(section.title.size()));
        for (const ComparisonRow& row : section.rows) {
            if (onlyDifferences && !row.differs)
                continue;
            labelWidth = qMax(labelWidth, int(cut(row.label).size()) + 2);
            for (int i = 0; i < runs; ++i)
                widths[i] = qMax(widths[i], int(cell(row.values.at(i)).size()));
        }
    }
    const bool terminal = ::isatty(STDOUT_FILENO) == 1;
    QTextStream& out = output().out();
    const auto line = [&](const QString& marker, const QString& label, const QStringList& cells, bool bold) {
        QString text = marker + OutputFormatter::pad(label, labelWidth);
        for (int i = 0; i < cells.size(); ++i)
            text += QStringLiteral("  ") +
                    (i + 1 < cells.size() ? OutputFormatter::pad(cells.at(i), widths[i]) : cells.at(i));
        out << (bold ? QStringLiteral("\x1b[1m") + text + QStringLiteral("\x1b[0m") : text) << "\n";
    };
    QStringList headers;
    for (const QString& label : comparison->runLabels())
        headers << cut(label);
    line(QStringLiteral("  "), QString(), headers, false);
    for (const ComparisonSection& section : comparison->sections()) {
        QVector<const ComparisonRow*> shown;
        for (const ComparisonRow& row : section.rows)
            if (!onlyDifferences || row.differs)
                shown << &row;
        if (shown.isEmpty())
            continue;
        out << "  " << section.title << "\n";
        for (const ComparisonRow* row : shown) {
            QStringList cells;
            for (const ComparisonValue& v : row->values)
                cells << cell(v);
            line(row->differs ? QStringLiteral("* ") : QStringLiteral("  "),
                 QStringLiteral("  ") + cut(row->label), cells, row->differs && terminal);
        }
    }
    out.flush();
    return Ok;
}
