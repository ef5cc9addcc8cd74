#include "targets/slurm/SlurmClusterImage.h"

#include "environments/ContainerCommand.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

QJsonObject SlurmClusterImage::resolve(const QJsonObject& request, const QString& targetName,
                                       const QString& environmentRoot, const RunProgram& run,
                                       const std::function<void(const QByteArray& line)>& onLine)
{
    // apptainer and pyxis run the image as one of the job's processes; the environment tool (which builds
    // environments in podman and docker images) has no part in it.
    const QJsonObject container = request.value(QStringLiteral("container")).toObject();
    const QString engine = container.value(QStringLiteral("engine")).toString();
    const auto refused = [](const QString& message) {
        return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), message}};
    };
    if (request.value(QStringLiteral("command")).toString() == QLatin1String("describe"))
        return refused(QStringLiteral("what runs in an image under %1 is not described: only the image is "
                                      "recorded")
                           .arg(engine));
    const QString ref = container.value(QStringLiteral("image")).toString();
    const QString manager = request.value(QStringLiteral("definition"))
                                .toObject()
                                .value(QStringLiteral("manager"))
                                .toString(QStringLiteral("none"));
    if (manager != QLatin1String("none"))
        return refused(QStringLiteral("packages in an image (pip_packages, conda_packages, "
                                      "environment_definition) need container_engine podman or docker on "
                                      "target %1; it runs images with %2")
                           .arg(targetName, engine));
    QJsonObject image{{QStringLiteral("ref"), ref},
                      {QStringLiteral("digest"), QString()},
                      {QStringLiteral("init"), QString()}};
    if (ContainerCommand::engineKind(engine) == ContainerCommand::EngineKind::Pyxis) {
        // Pyxis imports the image on each node as the job step starts (enroot's cache); nothing to pull here.
        image.insert(QStringLiteral("engine"), QStringLiteral("pyxis"));
        image.insert(QStringLiteral("id"), ref);
        return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("image"), image}};
    }
    const QString program =
        engine.startsWith(QLatin1Char('/')) ? engine : QStandardPaths::findExecutable(engine);
    if (program.isEmpty() || !QFileInfo(program).isExecutable())
        return refused(QStringLiteral("custom_docker_image needs %1 on target %2 (container_engine %3 %4)")
                           .arg(QFileInfo(engine).fileName(), targetName, engine,
                                engine.startsWith(QLatin1Char('/'))
                                    ? QStringLiteral("is not an executable file")
                                    : QStringLiteral("is not on PATH")));
    image.insert(QStringLiteral("engine"), program);
    if (ref.startsWith(QLatin1Char('/'))) {
        if (!QFileInfo(ref).isFile())
            return refused(QStringLiteral("the image file %1 does not exist").arg(ref));
        image.insert(QStringLiteral("id"), ref);
        return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("image"), image}};
    }
    // Pulled once into a .sif in the target's environments folder, which the nodes share; the runs of that
    // reference use the file.
    const QString sif =
        QStringLiteral("%1/images/%2.sif")
            .arg(environmentRoot,
                 QString::fromLatin1(
                     QCryptographicHash::hash(ref.toUtf8(), QCryptographicHash::Sha256).toHex().left(16)));
    image.insert(QStringLiteral("id"), sif);
    if (QFileInfo(sif).isFile())
        return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("image"), image}};
    QDir().mkpath(QFileInfo(sif).path());
    const QString uri = ContainerCommand::apptainerImage(ref);
    if (onLine)
        onLine(QStringLiteral("pulling image %1").arg(ref).toUtf8());
    QString pullError;
    // Into a temporary name first: a pull that fails halfway leaves no file taken for the image.
    const QString partial = sif + QStringLiteral(".partial-%1").arg(QCoreApplication::applicationPid());
    QFile::remove(partial);
    if (!run({program, QStringLiteral("pull"), partial, uri}, 3600 * 1000, &pullError) ||
        !QFile::rename(partial, sif)) {
        QFile::remove(partial);
        return refused(QStringLiteral("cannot pull image %1: %2").arg(ref, pullError));
    }
    return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("image"), image}};
}
