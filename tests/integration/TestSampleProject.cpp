// Checks the bundled sample project (resources/sample) end to end: that its training script really trains
// with Debian's Python, and that Trainyard runs it through trainyard-cli and records its metrics and files.
#include <QtTest>

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include "TestSupport.h"

namespace {

// Copies a folder tree so that runs write their outputs/ and logs/ into a throwaway place.
bool copyTree(const QString& from, const QString& to)
{
    QDirIterator it(from, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = to + QLatin1Char('/') + QDir(from).relativeFilePath(source);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(source, target))
            return false;
    }
    return true;
}

struct Finished
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Finished runProgram(const QString& program, const QStringList& arguments, const QString& workingDir,
                    const QProcessEnvironment& environment, int timeoutMs)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setWorkingDirectory(workingDir);
    process.setProcessEnvironment(environment);
    process.start();
    Finished result;
    if (!process.waitForStarted(10000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = "timed out: " + process.readAllStandardError();
        return result;
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

// `name: number` lines of a training log, in order, per metric name.
QHash<QString, QList<double>> stdoutMetrics(const QByteArray& out)
{
    static const QRegularExpression line(QStringLiteral("^(\\w+): ([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?)$"));
    QHash<QString, QList<double>> metrics;
    for (const QByteArray& raw : out.split('\n')) {
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(raw).trimmed());
        if (match.hasMatch())
            metrics[match.captured(1)].append(match.captured(2).toDouble());
    }
    return metrics;
}

// Points of one metric in `trainyard-cli metrics RUN --json`. Accepted shapes: an object keyed by metric
// name whose values are point arrays (or objects with a "points" array), or an array of objects with a
// "name" and either a "points" array or one point each.
int metricPointCount(const QJsonDocument& document, const QString& name)
{
    const auto pointsOf = [](const QJsonValue& value) {
        if (value.isArray())
            return int(value.toArray().size());
        return int(value.toObject().value(QStringLiteral("points")).toArray().size());
    };
    if (document.isObject()) {
        QJsonObject object = document.object();
        if (object.value(QStringLiteral("metrics")).isObject())
            object = object.value(QStringLiteral("metrics")).toObject();
        return pointsOf(object.value(name));
    }
    int count = 0;
    for (const QJsonValue& entry : document.array()) {
        const QJsonObject object = entry.toObject();
        if (object.value(QStringLiteral("name")).toString() != name)
            continue;
        count += object.contains(QStringLiteral("points")) ? pointsOf(object) : 1;
    }
    return count;
}

// Whether `trainyard-cli files RUN --json` lists a path, as a plain string or an object's "path".
bool listsFile(const QJsonDocument& document, const QString& path)
{
    QJsonArray files = document.array();
    if (document.isObject())
        files = document.object().value(QStringLiteral("files")).toArray();
    for (const QJsonValue& entry : files) {
        if (entry.toString() == path || entry.toObject().value(QStringLiteral("path")).toString() == path)
            return true;
    }
    return false;
}

} // namespace

class TestSampleProject : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    // A clean environment: a throwaway HOME, no inherited workspace, one BLAS thread (2 shared cores).
    QProcessEnvironment isolatedEnvironment() const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOME"), m_home.path());
        environment.insert(QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("1"));
        environment.remove(QStringLiteral("TRAINYARD_WORKSPACE"));
        environment.remove(QStringLiteral("PYTHONPATH"));
        return environment;
    }

    QString sampleDir() const { return TestSupport::sourceDir() + QStringLiteral("/resources/sample"); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(QFileInfo::exists(sampleDir() + QStringLiteral("/train.py")), qPrintable(sampleDir()));
    }

    void trainsDirectlyWithSystemPython()
    {
        QTemporaryDir project;
        QVERIFY(project.isValid());
        QVERIFY(copyTree(sampleDir(), project.path()));

        const Finished run = runProgram(TestSupport::systemPython(),
                                        {QStringLiteral("train.py"), QStringLiteral("--epochs"),
                                         QStringLiteral("3"), QStringLiteral("--verbose")},
                                        project.path(), isolatedEnvironment(), 60000);
        QVERIFY2(run.exitCode == 0, run.err.constData());

        const QHash<QString, QList<double>> metrics = stdoutMetrics(run.out);
        QCOMPARE(metrics.value(QStringLiteral("step")), (QList<double>{1, 2, 3}));
        const QList<double> loss = metrics.value(QStringLiteral("loss"));
        QCOMPARE(loss.size(), 3);
        QVERIFY2(loss.last() < loss.first(), "loss should fall while training");
        const QList<double> accuracy = metrics.value(QStringLiteral("accuracy"));
        QCOMPARE(accuracy.size(), 3);
        for (double value : accuracy)
            QVERIFY(value > 0.5 && value <= 1.0);
        // Without Trainyard's azureml helper, Run.log values fall back to stdout.
        QCOMPARE(metrics.value(QStringLiteral("val_accuracy")).size(), 3);

        QVERIFY(QFileInfo(project.filePath(QStringLiteral("outputs/model.pkl"))).size() > 0);
        const QJsonObject summary =
            QJsonDocument::fromJson(TestSupport::readFile(project.filePath(QStringLiteral("outputs/metrics.json"))))
                .object();
        QCOMPARE(summary.value(QStringLiteral("epochs")).toInt(), 3);
        // stdout rounds to 6 decimals; the summary keeps full precision.
        const double finalLoss =
            summary.value(QStringLiteral("final")).toObject().value(QStringLiteral("loss")).toDouble();
        QVERIFY(qAbs(finalLoss - loss.last()) < 1e-5);
        QVERIFY(TestSupport::readFile(project.filePath(QStringLiteral("logs/train.log"))).contains("epoch 3"));
    }

    void rejectsBadArguments()
    {
        QTemporaryDir project;
        QVERIFY(project.isValid());
        QVERIFY(copyTree(sampleDir(), project.path()));

        const Finished zeroEpochs = runProgram(TestSupport::systemPython(),
                                               {QStringLiteral("train.py"), QStringLiteral("--epochs"),
                                                QStringLiteral("0")},
                                               project.path(), isolatedEnvironment(), 30000);
        QVERIFY(zeroEpochs.exitCode != 0);
        QVERIFY2(zeroEpochs.err.contains("--epochs"), zeroEpochs.err.constData());

        const Finished noData = runProgram(TestSupport::systemPython(),
                                           {QStringLiteral("train.py"), QStringLiteral("--data-folder"),
                                            project.filePath(QStringLiteral("missing"))},
                                           project.path(), isolatedEnvironment(), 30000);
        QVERIFY(noData.exitCode != 0);
        QVERIFY2(noData.err.contains("data.npz"), noData.err.constData());
        QVERIFY(!QFileInfo::exists(project.filePath(QStringLiteral("outputs/model.pkl"))));
    }

    void submitThroughCli()
    {
        QTemporaryDir project;
        QTemporaryDir workspace;
        QVERIFY(project.isValid() && workspace.isValid());
        QVERIFY(copyTree(sampleDir(), project.path()));

        const QString cli = TestSupport::binDir() + QStringLiteral("/trainyard-cli");
        const QStringList inWorkspace{QStringLiteral("--workspace"), workspace.path()};
        const auto runCli = [&](const QStringList& arguments, int timeoutMs = 30000) {
            return runProgram(cli, inWorkspace + arguments, project.path(), isolatedEnvironment(), timeoutMs);
        };

        const Finished submit = runCli({QStringLiteral("submit"), project.filePath(QStringLiteral("estimator.yml")),
                                        QStringLiteral("--wait")},
                                       120000);
        if (submit.exitCode != 0) {
            // Why the run ended, first: the streamed log can be long enough to hide it.
            const Finished runs = runCli({QStringLiteral("runs"), QStringLiteral("--json")});
            QFAIL(qPrintable(QStringLiteral("submit --wait exited %1\nstderr: %2\nruns: %3\nend of stdout: %4")
                                 .arg(submit.exitCode)
                                 .arg(QString::fromUtf8(submit.err), QString::fromUtf8(runs.out),
                                      QString::fromUtf8(submit.out.right(1500)))));
        }
        // The log is streamed while waiting.
        QVERIFY2(submit.out.contains("loss: "), submit.out.constData());

        const Finished runs = runCli({QStringLiteral("runs"), QStringLiteral("--json")});
        QVERIFY2(runs.exitCode == 0, runs.err.constData());
        const QJsonArray runList = QJsonDocument::fromJson(runs.out).array();
        QVERIFY2(!runList.isEmpty(), runs.out.constData());
        const QJsonObject run = runList.first().toObject();
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        const QString runId = run.value(QStringLiteral("id")).toString();
        QVERIFY(!runId.isEmpty());

        const Finished metrics = runCli({QStringLiteral("metrics"), runId, QStringLiteral("--json")});
        QVERIFY2(metrics.exitCode == 0, metrics.err.constData());
        const QJsonDocument metricsDocument = QJsonDocument::fromJson(metrics.out);
        QVERIFY2(metricPointCount(metricsDocument, QStringLiteral("loss")) >= 5, metrics.out.constData());
        QVERIFY2(metricPointCount(metricsDocument, QStringLiteral("val_accuracy")) >= 5, metrics.out.constData());

        const Finished files = runCli({QStringLiteral("files"), runId, QStringLiteral("--json")});
        QVERIFY2(files.exitCode == 0, files.err.constData());
        QVERIFY2(listsFile(QJsonDocument::fromJson(files.out), QStringLiteral("outputs/model.pkl")),
                 files.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestSampleProject)
#include "TestSampleProject.moc"
