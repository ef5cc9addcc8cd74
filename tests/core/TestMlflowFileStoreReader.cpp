// MlflowFileStoreReader against a store in MLflow's file-store layout. The real mlflow cannot be installed
// on the test machines: the store is written by tests/support/python/real_mlflow, which writes what MLflow's
// FileStore writes (meta.yaml, metrics/<key> lines "timestamp value step", params/<key>, tags/<key>, nested
// folders for keys with '/'), run by the system interpreter; the rest is appended here the way a live
// script's writes arrive (a line in two pieces, a rewritten tag, a huge metric file).
#include <QtTest>

#include "TestSupport.h"
#include "metrics/MlflowFileStoreReader.h"

#include <cmath>

using namespace TestSupport;

class TestMlflowFileStoreReader : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_count = 0;

    // Runs `script` with the test's real-mlflow package and MLFLOW_TRACKING_URI at `root`.
    static bool writeStore(const QString& root, const QByteArray& script)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PYTHONPATH"),
                   sourceDir() + QStringLiteral("/tests/support/python/real_mlflow"));
        env.insert(QStringLiteral("MLFLOW_TRACKING_URI"), QStringLiteral("file://") + root);
        const CliResult r =
            runProgram(systemPython(), {QStringLiteral("-c"), QString::fromUtf8(script)}, {}, env);
        if (r.exitCode != 0)
            qWarning("store script: %s", r.err.constData());
        return r.exitCode == 0;
    }

    QString freshRoot() { return m_dir.filePath(QStringLiteral("store%1/mlruns").arg(++m_count)); }

    // The one run folder of `root` whose tags/mlflow.runName is `name`.
    static QString runFolder(const QString& root, const QString& name)
    {
        QDirIterator it(root, {QStringLiteral("mlflow.runName")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (readFile(path) == name.toUtf8())
                return QFileInfo(path).dir().absolutePath().chopped(QStringLiteral("/tags").size());
        }
        return QString();
    }

    static bool append(const QString& path, const QByteArray& data)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly | QIODevice::Append) && f.write(data) == data.size();
    }

    static QVector<MlflowMetricPoint> named(const QVector<MlflowMetricPoint>& points, const QString& name)
    {
        QVector<MlflowMetricPoint> result;
        for (const MlflowMetricPoint& p : points)
            if (p.name == name)
                result << p;
        return result;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readsMetricsParamsAndTagsOfEveryRun()
    {
        const QString root = freshRoot();
        QVERIFY(writeStore(root, R"py(import mlflow
with mlflow.start_run(run_name="quickstart"):
    mlflow.log_params({"lr": 0.01, "solver": "lbfgs", "data/split": "0.2"})
    for step, loss in enumerate([0.9, 0.5, 0.25]):
        mlflow.log_metric("loss", loss, step=step, timestamp=1700000000000 + step)
    mlflow.log_metric("train/acc", 0.75, step=7)
    mlflow.log_metric("odd", float("nan"))
    mlflow.log_metric("odd", float("inf"), step=1)
    mlflow.log_metric("odd", float("-inf"), step=2)
    mlflow.set_tag("stage", "dev")
    with mlflow.start_run(run_name="fold-1", nested=True):
        mlflow.log_metric("loss", 0.7, step=0)
        mlflow.log_param("fold", 1)
        mlflow.set_tag("kind", "cv")
)py"));
        MlflowFileStoreReader reader(root);
        const MlflowFileStoreReader::Batch b = reader.poll();
        QVERIFY(!reader.hasMore());
        QCOMPARE(reader.malformedLines(), 0);

        const QVector<MlflowMetricPoint> loss = named(b.metrics, QStringLiteral("loss"));
        QCOMPARE(loss.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(loss[i].step, qint64(i));
            QCOMPARE(loss[i].value, (QVector<double>{0.9, 0.5, 0.25}[i]));
            QCOMPARE(loss[i].time, 1700000000.0 + i / 1000.0);
        }
        const QVector<MlflowMetricPoint> acc = named(b.metrics, QStringLiteral("train/acc"));
        QCOMPARE(acc.size(), 1);
        QCOMPARE(acc[0].step, qint64(7));
        QCOMPARE(acc[0].value, 0.75);
        const QVector<MlflowMetricPoint> odd = named(b.metrics, QStringLiteral("odd"));
        QCOMPARE(odd.size(), 3);
        QVERIFY(std::isnan(odd[0].value));
        QCOMPARE(odd[0].step, qint64(0)); // MLflow records a point without a step at step 0
        QVERIFY(std::isinf(odd[1].value) && odd[1].value > 0);
        QVERIFY(std::isinf(odd[2].value) && odd[2].value < 0);
        // The nested run's keys are kept apart under its name.
        const QVector<MlflowMetricPoint> foldLoss = named(b.metrics, QStringLiteral("fold-1/loss"));
        QCOMPARE(foldLoss.size(), 1);
        QCOMPARE(foldLoss[0].value, 0.7);
        QCOMPARE(b.metrics.size(), 3 + 1 + 3 + 1);

        QCOMPARE(lastValueOf(b.params, QStringLiteral("lr")), QStringLiteral("0.01"));
        QCOMPARE(lastValueOf(b.params, QStringLiteral("solver")), QStringLiteral("lbfgs"));
        QCOMPARE(lastValueOf(b.params, QStringLiteral("data/split")), QStringLiteral("0.2"));
        QCOMPARE(lastValueOf(b.params, QStringLiteral("fold-1/fold")), QStringLiteral("1"));
        QCOMPARE(b.params.size(), 4);
        QCOMPARE(lastValueOf(b.tags, QStringLiteral("stage")), QStringLiteral("dev"));
        QCOMPARE(lastValueOf(b.tags, QStringLiteral("fold-1/kind")), QStringLiteral("cv"));
        QCOMPARE(b.tags.size(),
                 2); // mlflow.user, mlflow.source.*, mlflow.runName, mlflow.parentRunId: not tags
        QCOMPARE(b.displayName, QStringLiteral("quickstart"));

        // Nothing new, nothing read again.
        const MlflowFileStoreReader::Batch again = reader.poll();
        QVERIFY(again.metrics.isEmpty() && again.params.isEmpty() && again.tags.isEmpty() &&
                again.displayName.isEmpty());
    }

    void followsLiveWritesFromSavedOffsets()
    {
        const QString root = freshRoot();
        QVERIFY(writeStore(root, R"py(import mlflow
mlflow.start_run(run_name="live")
mlflow.log_metric("loss", 1.0, step=0)
mlflow.set_tag("stage", "dev")
)py"));
        const QString run = runFolder(root, QStringLiteral("live"));
        QVERIFY(!run.isEmpty());
        MlflowFileStoreReader reader(root);
        QCOMPARE(reader.poll().metrics.size(), 1);

        // A line arrives in two pieces: nothing until its newline.
        QVERIFY(append(run + QStringLiteral("/metrics/loss"), "1700000001000 0.125"));
        QVERIFY(reader.poll().metrics.isEmpty());
        QVERIFY(append(run + QStringLiteral("/metrics/loss"), " 3\n"));
        MlflowFileStoreReader::Batch b = reader.poll();
        QCOMPARE(b.metrics.size(), 1);
        QCOMPARE(b.metrics[0].value, 0.125);
        QCOMPARE(b.metrics[0].step, qint64(3));

        // The first file-store format had no step; a broken line is skipped and counted.
        QVERIFY(append(run + QStringLiteral("/metrics/loss"),
                       "1700000002000 2.5\nnot a point\n1700000003000 0.5 4\n"));
        b = reader.poll();
        QCOMPARE(b.metrics.size(), 2);
        QCOMPARE(b.metrics[0].step, qint64(0));
        QCOMPARE(b.metrics[0].value, 2.5);
        QCOMPARE(b.metrics[1].step, qint64(4));
        QCOMPARE(reader.malformedLines(), 1);

        // A tag set again is read again; a metric that appears later is found.
        QVERIFY(writeFile(run + QStringLiteral("/tags/stage"), "production"));
        QVERIFY(writeFile(run + QStringLiteral("/metrics/acc"), "1700000004000 0.5 0\n"));
        b = reader.poll();
        QCOMPARE(lastValueOf(b.tags, QStringLiteral("stage")), QStringLiteral("production"));
        QCOMPARE(named(b.metrics, QStringLiteral("acc")).size(), 1);

        // Another reader (an adopting runner) continues where this one stopped: no point twice.
        MlflowFileStoreReader next(root);
        next.restore(reader.offsets(), reader.ownRun());
        QVERIFY(append(run + QStringLiteral("/metrics/loss"), "1700000005000 0.25 5\n"));
        b = next.poll();
        QCOMPARE(b.metrics.size(), 1);
        QCOMPARE(b.metrics[0].step, qint64(5));
        QCOMPARE(b.displayName, QStringLiteral("live"));
    }

    void laterRunsAreKeptApartAndHalfWrittenOnesWait()
    {
        const QString root = freshRoot();
        QVERIFY(writeStore(root, R"py(import mlflow
with mlflow.start_run(run_name="first"):
    mlflow.log_metric("loss", 1.0)
)py"));
        MlflowFileStoreReader reader(root);
        QCOMPARE(reader.poll().metrics.value(0).name, QStringLiteral("loss"));
        // A run folder whose meta.yaml is not written yet is not a run yet.
        QVERIFY(QDir().mkpath(root + QStringLiteral("/0/0123456789abcdef0123456789abcdef/metrics")));
        QVERIFY(writeFile(root + QStringLiteral("/0/0123456789abcdef0123456789abcdef/metrics/loss"),
                          "1700000000000 5 0\n"));
        QVERIFY(reader.poll().metrics.isEmpty());
        QVERIFY(writeFile(root + QStringLiteral("/0/0123456789abcdef0123456789abcdef/meta.yaml"),
                          "experiment_id: '0'\nrun_id: 0123456789abcdef0123456789abcdef\nrun_name: second\n"
                          "start_time: 1900000000000\nstatus: 1\n"));
        const MlflowFileStoreReader::Batch b = reader.poll();
        QCOMPARE(b.metrics.size(), 1);
        QCOMPARE(b.metrics[0].name, QStringLiteral("second/loss"));
        QVERIFY(b.displayName.isEmpty());
        // A second script run with the same name stays apart by its id.
        QVERIFY(writeStore(root, R"py(import mlflow
with mlflow.start_run(run_name="second"):
    mlflow.log_metric("loss", 2.0)
)py"));
        const QVector<MlflowMetricPoint> points = reader.poll().metrics;
        QCOMPARE(points.size(), 1);
        QVERIFY2(points[0].name.startsWith(QLatin1String("second-")) &&
                     points[0].name.endsWith(QLatin1String("/loss")),
                 qPrintable(points[0].name));
    }

    void oneBatchStaysBoundedOnAHugeMetricFile()
    {
        const QString root = freshRoot();
        QVERIFY(writeStore(root, R"py(import mlflow
mlflow.start_run(run_name="huge")
mlflow.log_metric("loss", 0.0, step=0)
)py"));
        const QString file = runFolder(root, QStringLiteral("huge")) + QStringLiteral("/metrics/loss");
        constexpr int kPoints = 500000; // ~13 MB: more than one poll's share
        QByteArray data;
        for (int i = 1; i < kPoints; ++i)
            data += "1700000000000 " + QByteArray::number(i * 0.5, 'g', 17) + ' ' + QByteArray::number(i) + '\n';
        QVERIFY(data.size() > MlflowFileStoreReader::kMaxBytesPerPoll);
        QVERIFY(append(file, data));
        MlflowFileStoreReader reader(root);
        qint64 count = 0;
        qint64 expectedStep = 0;
        int polls = 0;
        bool inOrder = true;
        do {
            const MlflowFileStoreReader::Batch b = reader.poll();
            ++polls;
            // At most one poll's share (and one file chunk) of 20-byte lines.
            QVERIFY(b.metrics.size() * 20 <= MlflowFileStoreReader::kMaxBytesPerPoll + 1024 * 1024);
            for (const MlflowMetricPoint& p : b.metrics) {
                inOrder = inOrder && p.step == expectedStep && p.value == expectedStep * 0.5;
                ++expectedStep;
            }
            count += b.metrics.size();
        } while (reader.hasMore());
        QVERIFY(inOrder);
        QCOMPARE(count, qint64(kPoints));
        QVERIFY(polls >= 2);
    }
};

QTEST_GUILESS_MAIN(TestMlflowFileStoreReader)
#include "TestMlflowFileStoreReader.moc"
