#include "MetricsCommand.h"

#include "JsonStreamWriter.h"

#include "metrics/MetricReader.h"

#include <QDateTime>

#include <cmath>
#include <unistd.h>

MetricsCommand::MetricsCommand()
    : Command(QStringLiteral("metrics"), QStringLiteral("Runs"),
              QStringLiteral("Prints every point of a run's metrics: step, value and time. With --json, one object "
                             "{\"NAME\": [{\"step\": …, \"time\": …, \"value\": …}, …], …}, written while it is read, "
                             "so any number of points takes little memory; NaN and infinity are the strings "
                             "\"nan\", \"inf\" and \"-inf\"."))
{
    addPositional(QStringLiteral("RUN"), QStringLiteral("the run's id"));
    addOption(QStringLiteral("name"), QStringLiteral("NAME"), QStringLiteral("only this metric"));
}

int MetricsCommand::run()
{
    const auto run = openRun();
    if (!run)
        return Failure;
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
            const bool read = reader.readPoints(name, [&writer](const MetricPoint* points, qint64 count) {
                for (qint64 i = 0; i < count; ++i) {
                    const MetricPoint& p = points[i];
                    writer.beginObject();
                    writer.plainKey("step");
                    writer.value(p.step);
                    writer.plainKey("time");
                    writer.value(p.time);
                    writer.plainKey("value");
                    if (std::isfinite(p.value))
                        writer.value(p.value);
                    else
                        writer.value(OutputFormatter::numberValue(p.value).toString());
                    writer.endObject();
                }
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
