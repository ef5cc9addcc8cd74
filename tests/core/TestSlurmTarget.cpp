// SlurmTarget's part in an image run under the engines of clusters (apptainer, pyxis), which cannot be
// installed here: what Preparing answers for the image (the environment tool has no part in it), and the
// refusals. The podman path runs for real in tests/integration/TestSlurmImages.cpp.
#include <QtTest>

#include "TestSupport.h"
#include "targets/TargetRegistry.h"
#include "targets/slurm/SlurmTarget.h"

#include <QJsonObject>
#include <QTemporaryDir>

namespace {
QJsonObject ensureRequest(const QString& engine, const QString& image,
                          const QString& manager = QStringLiteral("none"))
{
    return {{QStringLiteral("command"), QStringLiteral("ensure")},
            {QStringLiteral("definition"), QJsonObject{{QStringLiteral("manager"), manager}}},
            {QStringLiteral("container"),
             QJsonObject{{QStringLiteral("engine"), engine}, {QStringLiteral("image"), image}}}};
}

TargetConfig cluster(const QString& engine)
{
    return {QStringLiteral("cluster"), QStringLiteral("slurm"),
            QJsonObject{{QStringLiteral("partition"), QStringLiteral("debug")},
                        {QStringLiteral("container_engine"), engine}}};
}
} // namespace

class TestSlurmTarget : public QObject
{
    Q_OBJECT

private slots:
    void clusterEnginesAreSettingsOfTheSlurmKindOnly()
    {
        for (const char* engine :
             {"pyxis", "apptainer", "singularity", "podman", "auto", "/opt/bin/apptainer"})
            QVERIFY2(TargetRegistry::validate(cluster(QLatin1String(engine))).isEmpty(), engine);
        const QString wrong =
            TargetRegistry::validate(cluster(QStringLiteral("enroot"))).join(QLatin1Char('\n'));
        QVERIFY2(wrong.contains(QLatin1String(
                     "container_engine: expected auto, podman, docker, apptainer, singularity, pyxis")),
                 qPrintable(wrong));
        const QString local =
            TargetRegistry::validate(
                TargetConfig{QStringLiteral("here"),
                             QStringLiteral("local"),
                             {{QStringLiteral("container_engine"), QStringLiteral("pyxis")}}})
                .join(QLatin1Char('\n'));
        QVERIFY2(local.contains(QLatin1String("container_engine")), qPrintable(local));
    }

    // Slurm says RUNNING while the batch script still runs the setup lines and has the node describe itself:
    // what the run ran with is described once the job wrapper started, which comes after that description.
    void theRunIsDescribedOnceTheJobStartedOnItsNode()
    {
        QTemporaryDir dir;
        SlurmTarget target(cluster(QStringLiteral("auto")));
        RunContext ctx;
        ctx.runDir = dir.path() + QStringLiteral("/run");
        QVERIFY(QDir().mkpath(ctx.systemDir()));
        QVERIFY(!target.canDescribeRun(ctx));
        QVERIFY(TestSupport::writeFile(ctx.systemDir() + QStringLiteral("/job.json"), "{\"pid\": 1}\n"));
        QVERIFY(target.canDescribeRun(ctx));
    }

    // Pyxis imports the image on the node: Preparing names it as it is.
    void pyxisImageIsNamedAsItIs()
    {
        SlurmTarget target(cluster(QStringLiteral("pyxis")));
        RunContext ctx;
        QString error;
        const auto reply = target.runEnvironmentTool(
            ctx, ensureRequest(QStringLiteral("pyxis"), QStringLiteral("nvcr.io/nvidia/pytorch:24.01-py3")),
            {}, &error);
        QVERIFY2(reply, qPrintable(error));
        QVERIFY(reply->value(QStringLiteral("ok")).toBool());
        const QJsonObject image = reply->value(QStringLiteral("image")).toObject();
        QCOMPARE(image.value(QStringLiteral("engine")).toString(), QStringLiteral("pyxis"));
        QCOMPARE(image.value(QStringLiteral("id")).toString(),
                 QStringLiteral("nvcr.io/nvidia/pytorch:24.01-py3"));
    }

    void packagesInAClusterEnginesImageAreRefused()
    {
        SlurmTarget target(cluster(QStringLiteral("pyxis")));
        RunContext ctx;
        QString error;
        const auto reply = target.runEnvironmentTool(
            ctx, ensureRequest(QStringLiteral("pyxis"), QStringLiteral("python:3.11"), QStringLiteral("pip")),
            {}, &error);
        QVERIFY(reply);
        QVERIFY(!reply->value(QStringLiteral("ok")).toBool());
        QVERIFY2(
            reply->value(QStringLiteral("error"))
                .toString()
                .contains(QLatin1String(
                    "need container_engine podman or docker on target cluster; it runs images with pyxis")),
            qPrintable(reply->value(QStringLiteral("error")).toString()));
    }

    void aMissingApptainerIsNamed()
    {
        SlurmTarget target(cluster(QStringLiteral("apptainer")));
        RunContext ctx;
        QString error;
        const auto reply = target.runEnvironmentTool(
            ctx, ensureRequest(QStringLiteral("/nonexistent/apptainer"), QStringLiteral("python:3.11")), {},
            &error);
        QVERIFY(reply);
        QVERIFY(!reply->value(QStringLiteral("ok")).toBool());
        QCOMPARE(reply->value(QStringLiteral("error")).toString(),
                 QStringLiteral("custom_docker_image needs apptainer on target cluster (container_engine "
                                "/nonexistent/apptainer is not an executable file)"));
    }

    // A .sif the estimator names is used as it is (apptainer here is a stand-in: a link to /bin/true named
    // apptainer, the only one of this suite; it is never run for a file image).
    void anApptainerImageFileIsUsedAsItIs()
    {
        QTemporaryDir dir;
        const QString engine = dir.path() + QStringLiteral("/apptainer");
        QVERIFY(QFile::link(QStringLiteral("/bin/true"), engine));
        const QString sif = dir.path() + QStringLiteral("/tool.sif");
        QVERIFY(TestSupport::writeFile(sif, "SIF"));
        SlurmTarget target(cluster(engine));
        RunContext ctx;
        QString error;
        auto reply = target.runEnvironmentTool(ctx, ensureRequest(engine, sif), {}, &error);
        QVERIFY(reply && reply->value(QStringLiteral("ok")).toBool());
        QCOMPARE(reply->value(QStringLiteral("image")).toObject().value(QStringLiteral("id")).toString(),
                 sif);
        QCOMPARE(reply->value(QStringLiteral("image")).toObject().value(QStringLiteral("engine")).toString(),
                 engine);
        reply = target.runEnvironmentTool(
            ctx, ensureRequest(engine, dir.path() + QStringLiteral("/missing.sif")), {}, &error);
        QVERIFY(reply && !reply->value(QStringLiteral("ok")).toBool());
        QVERIFY(reply->value(QStringLiteral("error"))
                    .toString()
                    .contains(QLatin1String("missing.sif does not exist")));
        // What ran inside is not described under these engines; the run's record says so instead of guessing.
        QJsonObject describe{{QStringLiteral("command"), QStringLiteral("describe")},
                             {QStringLiteral("container"), QJsonObject{{QStringLiteral("engine"), engine}}}};
        reply = target.runEnvironmentTool(ctx, describe, {}, &error);
        QVERIFY(reply && !reply->value(QStringLiteral("ok")).toBool());
    }
};

QTEST_GUILESS_MAIN(TestSlurmTarget)
#include "TestSlurmTarget.moc"
