#include "run/RunCsvExport.h"

#include <QDateTime>
#include <QSaveFile>

#include <cmath>

namespace {

QString isoTime(qint64 ms) { return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(Qt::ISODateWithMs) : QString(); }

QString numberText(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(value, 'g', 12);
}

} // namespace

QString RunCsvExport::field(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString RunCsvExport::headerLine(const QVector<RunColumn>& columns)
{
    QStringList cells;
    for (const RunColumn& column : columns)
        cells << field(column.key());
    return cells.join(QLatin1Char(','));
}

QString RunCsvExport::cellText(const RunColumn& column, const RunListRow& row, const QHash<QString, QVariant>& values,
                               qint64 nowMs)
{
    if (column.kind == RunColumn::Kind::Field) {
        const QString& key = column.name;
        if (key == QLatin1String("status"))
            return runStatusName(row.status);
        if (key == QLatin1String("id"))
            return row.id;
        if (key == QLatin1String("experiment"))
            return row.experiment;
        if (key == QLatin1String("target"))
            return row.computeTarget;
        if (key == QLatin1String("submitted"))
            return isoTime(row.submittedAt);
        if (key == QLatin1String("started"))
            return isoTime(row.startedAt);
        if (key == QLatin1String("ended"))
            return isoTime(row.endedAt);
        if (key == QLatin1String("duration")) {
            const qint64 ms = row.durationMs(nowMs);
            return ms < 0 ? QString() : QString::number(ms / 1000.0, 'f', 3);
        }
        // name, note: from the values
    }
    const QVariant value = values.value(column.key());
    if (!value.isValid())
        return {};
    if (value.typeId() == QMetaType::Double)
        return numberText(value.toDouble());
    return value.toString();
}

QString RunCsvExport::rowLine(const QVector<RunColumn>& columns, const RunListRow& row, const QHash<QString, QVariant>& values,
                              qint64 nowMs)
{
    QStringList cells;
    for (const RunColumn& column : columns)
        cells << field(cellText(column, row, values, nowMs));
    return cells.join(QLatin1Char(','));
}

qint64 RunCsvExport::write(const Workspace& workspace, const RunQueryFilter& filter, const RunOrder& requested,
                           const QVector<RunColumn>& columns, const QString& path, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return -1;
    }
    RunOrder order = requested;
    if (order.nowMs == 0)
        order.nowMs = QDateTime::currentMSecsSinceEpoch();
    const RunQuery query(workspace);
    constexpr int kPage = 1000;
    qint64 written = 0;
    const auto put = [&](const QString& line) { return file.write((line + QStringLiteral("\r\n")).toUtf8()) >= 0; };
    if (!put(headerLine(columns))) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return -1;
    }
    std::optional<RunListRow> last;
    for (;;) {
        const QVector<RunListRow> rows = query.page(filter, order, last ? &*last : nullptr, kPage, error);
        if (!error->isEmpty())
            return -1;
        QStringList ids;
        for (const RunListRow& row : rows)
            ids << row.id;
        const auto values = query.columnValues(ids, columns, error);
        if (!error->isEmpty())
            return -1;
        for (const RunListRow& row : rows) {
            if (!put(rowLine(columns, row, values.value(row.id), order.nowMs))) {
                *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
                return -1;
            }
            ++written;
        }
        if (rows.size() < kPage)
            break;
        last = rows.last();
    }
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return -1;
    }
    return written;
}
