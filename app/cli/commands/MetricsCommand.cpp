#include "MetricsCommand.h"

#include "JsonStreamWriter.h"

#include "metrics/MetricReader.h"

#include <QDateTime>
#include <QThread>
#include <QtConcurrent>

#include <charconv>
#include <cmath>
#include <cstring>
#include <unistd.h>

namespace {

// Points of one series as elements of its JSON array, laid out as JsonStreamWriter lays out objects at `depth`
// (so the bytes QJsonDocument wrote). Formatting the numbers is nearly all of the command's work, which is why
// it is done here in one pass and spread over threads.
QByteArray formatPoints(const MetricPoint* points, qint64 count, int depth, bool leadingComma)
{
    const int indent = 4 * depth;
    const QByteArray open = QByteArray(indent, ' ') + "{\n" + QByteArray(indent + 4, ' ');
    const QByteArray close = "\n" + QByteArray(indent, ' ') + "}";
    const QByteArray memberBreak = ",\n" + QByteArray(indent + 4, ' ');
    QByteArray text(count * (160 + 3 * indent) + 16, Qt::Uninitialized);
    char* out = text.data();
    const auto put = [&out](const char* bytes, qsizetype size) {
        std::memcpy(out, bytes, size_t(size));
        out += size;
    };
    for (qint64 i = 0; i < count; ++i) {
        const MetricPoint& p = points[i];
        if (leadingComma || i > 0)
            put(",\n", 2);
        put(open.constData(), open.size());
        put("\"step\": ", 8);
        out = std::to_chars(out, out + 24, p.step).ptr;
        put(memberBreak.constData(), memberBreak.size());
        put("\"time\": ", 8);
        out = JsonStreamWriter::writeDouble(out, p.time);
        put(memberBreak.constData(), memberBreak.size());
        put("\"value\": ", 9);
        if (std::isnan(p.value))
            put("\"nan\"", 5);
        else if (std::isinf(p.value))
            p.value > 0 ? put("\"inf\"", 5) : put("\"-inf\"", 6);
        else
            out = JsonStreamWriter::writeDouble(out, p.value);
        put(close.constData(), close.size());
    }
    text.truncate(out - text.constData());
    return text;
}

} // namespace

MetricsCommand::MetricsCommand()
    : Command(QStringLiteral("metrics"), QStringLiteral("Runs"),
              QStringLiteral("Prints every point of a run's metrics: step, value and time. With --json, one object "
                             "{\"NAME\": [{\"step\": …, \"time\": …, \"value\": …}, …], …}, written while it is read, "
                             "so any number of points takes little memory; NaN and infinity are the strings "
                             "\"nan\", \"inf\" and \"-inf\". The samples of each node of the run come with them as "
                             "system/NODE/cpu_percent, system/NODE/memory_used_mb, system/NODE/memory_total_mb and "
                             "system/NODE/gpuN/utilization_percent, .../memory_used_mb, .../power_w."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
    addOption(QStringLiteral("name"), QStringLiteral("NAME"), QStringLiteral("only this metric"));
}

int MetricsCommand::run()
{
    const auto run = openRun();
    if (!run)
        return openFailure();
    const MetricReader reader(workspace().runDir(run->id) + QStringLiteral("/metrics"));
    QStringList names = reader.names();
    if (isSet(QStringLiteral("name"))) {
        if (!names.contains(value(QStringLiteral("name"))))
            return fail(QStringLiteral("run %1 has no metric \"%2\"").arg(run->id, value(QStringLiteral("name"))));
        names = QStringList{value(QStringLiteral("name"))};
    }
    QString error;
    bool written = true;
    if (json()) {
        // The order a QJsonObject keeps its keys in, so the document reads as it always did.
        QJsonObject order;
        for (const QString& name : names)
            order.insert(name, QJsonValue());
        output().out().flush();
        JsonStreamWriter writer(STDOUT_FILENO);
        writer.beginObject();
        for (const QString& name : order.keys()) {
            writer.key(name);
            writer.beginArray();
            const int parts = qBound(1, QThread::idealThreadCount(), 4);
            const bool read = reader.readPoints(name, [&writer, parts](const MetricPoint* points, qint64 count) {
                // The batch in `parts` slices: all but the first formatted by the pool while this thread does
                // the first; then written in order. Memory: one batch's text.
                const qint64 slice = (count + parts - 1) / parts;
                QVector<QFuture<QByteArray>> others;
                for (qint64 from = slice; from < count; from += slice)
                    others.append(QtConcurrent::run(formatPoints, points + from, qMin(slice, count - from),
                                                    writer.depth(), true));
                writer.appendElements(formatPoints(points, qMin(slice, count), writer.depth(), writer.hasElements()),
                                      qMin(slice, count));
                for (qsizetype i = 0; i < others.size(); ++i)
                    writer.appendElements(others[i].result(), qMin(slice, count - slice * (i + 1)));
                return !writer.failed();
            }, &error);
            if (!read)
                return fail(error);
            writer.endArray();
        }
        writer.endObject();
        written = writer.flush();
    } else {
        QTextStream& out = output().out();
        for (const QString& name : names) {
            out << name << "\n";
            const bool read = reader.readPoints(name, [&out](const MetricPoint* points, qint64 count) {
                for (qint64 i = 0; i < count; ++i)
                    out << "  step " << points[i].step << "\t" << QString::number(points[i].value, 'g', 10) << "\t"
                        << QDateTime::fromMSecsSinceEpoch(qint64(points[i].time * 1000)).toString(Qt::ISODateWithMs)
                        << "\n";
                return out.status() == QTextStream::Ok;
            }, &error);
            if (!read)
                return fail(error);
        }
        out.flush();
        written = out.status() == QTextStream::Ok;
    }
    // A reader that went away (`metrics RUN --json | head`) has what it wanted; the exit code says it was cut.
    return written ? Ok : Failure;
}
