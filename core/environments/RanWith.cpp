#include "environments/RanWith.h"

#include "run/RunFiles.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QStringList>

std::optional<RanWith> RanWith::read(const Workspace& workspace, const QString& runId, QString* error)
{
    RanWith ranWith;
    const QString path = RunFiles(workspace, runId).absolutePath(QLatin1String(kPath));
    if (path.isEmpty() || !QFileInfo::exists(path))
        return ranWith;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    // The supervisor writes a few kilobytes; anything far larger is not its file.
    const QByteArray data = file.read(4 << 20);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (!document.isObject()) {
        *error = QStringLiteral("%1 is not a JSON object: %2")
                     .arg(path, parseError.error == QJsonParseError::NoError ? QStringLiteral("not an object") : parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    const QJsonObject description = root.value(QStringLiteral("description")).toObject();
    ranWith.present = true;
    ranWith.host = description.value(QStringLiteral("host")).toObject();
    ranWith.interpreter = description.value(QStringLiteral("interpreter")).toObject();
    ranWith.environment = root.value(QStringLiteral("environment")).toObject();
    ranWith.image = root.value(QStringLiteral("image")).toObject();
    if (ranWith.image.isEmpty())
        ranWith.image = description.value(QStringLiteral("image")).toObject();
    ranWith.describeError = root.value(QStringLiteral("error")).toString();
    return ranWith;
}

QString RanWith::hostSummary() const
{
    const QString name = host.value(QStringLiteral("name")).toString();
    if (name.isEmpty())
        return {};
    QStringList facts;
    const QString os = host.value(QStringLiteral("os")).toString();
    if (!os.isEmpty())
        facts << os;
    const int cpus = host.value(QStringLiteral("cpu_count")).toInt();
    const QString cpuModel = host.value(QStringLiteral("cpu_model")).toString();
    if (cpus > 0 || !cpuModel.isEmpty())
        facts << (cpus > 0 ? QStringLiteral("%1 × ").arg(cpus) : QString()) + (cpuModel.isEmpty() ? QStringLiteral("CPU") : cpuModel);
    const qint64 memory = qint64(host.value(QStringLiteral("memory_bytes")).toDouble());
    if (memory > 0)
        facts << QLocale::c().formattedDataSize(memory, 1, QLocale::DataSizeIecFormat);
    const QJsonArray gpus = host.value(QStringLiteral("gpus")).toArray();
    if (!gpus.isEmpty()) {
        QStringList names;
        for (const QJsonValue& gpu : gpus)
            names << gpu.toObject().value(QStringLiteral("name")).toString();
        names.removeDuplicates();
        facts << QStringLiteral("%1 GPU%2: %3").arg(gpus.size()).arg(gpus.size() == 1 ? "" : "s").arg(names.join(QStringLiteral(", ")));
    }
    return facts.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, facts.join(QStringLiteral(", ")));
}
