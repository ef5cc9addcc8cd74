// The MLflow and W&B stand-ins (resources/python/mlflow, resources/python/wandb), run by the system
// interpreter with the PYTHONPATH the supervisor gives a run: what each call writes to the helper metrics
// file (read back by the real HelperMetricReader), what lands in ./outputs, the errors for what they do not
// provide, and that each loads the real package instead when one is on sys.path.
#include <QtTest>

#include "TestSupport.h"
#include "metrics/HelperMetricReader.h"

#include <cmath>

using namespace TestSupport;

class TestTrackerStandIns : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_count = 0;

    struct Result {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        HelperMetricReader::Batch batch;
        QString workDir;
    };

    static QString resources() { return sourceDir() + QStringLiteral("/resources/python/"); }

    // Runs `script` in a fresh working folder as the supervisor would (the stand-ins' folders first on
    // PYTHONPATH, then `extraPath`), and reads the helper file it wrote.
    Result run(const QByteArray& script, const QString& extraPath = QString())
    {
        Result r;
        const QString runDir = m_dir.filePath(QStringLiteral("run%1").arg(++m_count));
        r.workDir = runDir + QStringLiteral("/work");
        QDir().mkpath(r.workDir);
        const QString metrics = runDir + QStringLiteral("/helper-metrics.jsonl");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QStringList path{resources() + QStringLiteral("trainyard"), resources() + QStringLiteral("azureml"),
                         resources() + QStringLiteral("mlflow"), resources() + QStringLiteral("wandb")};
        if (!extraPath.isEmpty())
            path << extraPath;
        env.insert(QStringLiteral("PYTHONPATH"), path.join(QLatin1Char(':')));
        env.insert(QStringLiteral("TRAINYARD_METRICS_FILE"), metrics);
        env.insert(QStringLiteral("TRAINYARD_RUN_DIR"), runDir);
        env.insert(QStringLiteral("TRAINYARD_RUN_ID"), QStringLiteral("run-7"));
        env.insert(QStringLiteral("TRAINYARD_EXPERIMENT"), QStringLiteral("trackers"));
        env.insert(QStringLiteral("MLFLOW_TRACKING_URI"),
                   QStringLiteral("file://") + r.workDir + QStringLiteral("/logs/mlruns"));
        env.insert(QStringLiteral("WANDB_MODE"), QStringLiteral("offline"));
        writeFile(r.workDir + QStringLiteral("/train.py"), script);
        QProcess p;
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(r.workDir);
        p.start(systemPython(), {QStringLiteral("train.py")});
        if (!p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        HelperMetricReader reader(metrics);
        r.batch = reader.poll();
        if (reader.malformedLines() != 0)
            r.exitCode = 100;
        return r;
    }

    static QVector<QPair<QString, double>> points(const HelperMetricReader::Batch& b, const QString& name,
                                                  QVector<std::optional<qint64>>* steps = nullptr)
    {
        QVector<QPair<QString, double>> result;
        for (const HelperMetric& m : b.metrics)
            if (m.name == name) {
                result.append({m.name, m.value});
                if (steps)
                    steps->append(m.step);
            }
        return result;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void mlflowRunsMapOntoTheTrainyardRun()
    {
        // (Python's "http:/" "/…" and "ckpt/" "*.pt" below: moc reads a double slash or slash-star in a raw
        // string as the start of a comment.)
        const Result r = run(R"py(import mlflow, os, sys
assert mlflow.__file__.endswith(os.path.join("resources", "python", "mlflow", "mlflow", "__init__.py")), mlflow.__file__
mlflow.set_tracking_uri("http:/" "/127.0.0.1:8080")
mlflow.set_experiment("MLflow Quickstart")
assert mlflow.get_tracking_uri() == "http:/" "/127.0.0.1:8080"
mlflow.autolog()
mlflow.autolog()
with mlflow.start_run(run_name="quickstart", tags={"team": "vision"}) as run:
    assert mlflow.active_run() is run and run.info.run_name == "quickstart"
    mlflow.log_params({"solver": "lbfgs", "max_iter": 1000})
    mlflow.log_param("lr", 0.01)
    for step, loss in enumerate([0.9, 0.5, 0.25]):
        mlflow.log_metric("loss", loss, step=step)
    mlflow.log_metrics({"accuracy": 0.96, "f1": 0.95})
    mlflow.log_metric("late", 2.5, timestamp=1700000000000)
    mlflow.set_tag("Training Info", "Basic LR model for iris data")
    mlflow.set_tags({"stage": "dev"})
    mlflow.set_tag("mlflow.source.name", "ignored")
    try:
        mlflow.log_param("lr", 0.02)
        raise SystemExit("changing a param must fail")
    except mlflow.MlflowException as e:
        assert "Changing param values is not allowed" in str(e)
    try:
        mlflow.start_run()
        raise SystemExit("a second active run must fail")
    except mlflow.MlflowException as e:
        assert "nested=True" in str(e)
    with mlflow.start_run(run_name="fold-1", nested=True):
        mlflow.log_metric("loss", 0.7, step=0)
        mlflow.log_param("fold", 1)
        mlflow.log_text("child notes", "notes.txt")
    assert mlflow.active_run() is run
    os.makedirs("plots"); open("plots/a.txt", "w").write("a"); open("plots/b.txt", "w").write("b")
    open("model.bin", "w").write("weights")
    mlflow.log_artifact("model.bin")
    mlflow.log_artifact("model.bin", artifact_path="models/final")
    mlflow.log_artifacts("plots", artifact_path="plots")
    mlflow.log_dict({"layers": [4, 2]}, "config/model.json")
    mlflow.log_text("hello", "readme.txt")
    info = mlflow.sklearn.log_model({"coef": [1, 2]}, name="iris_model")
    assert mlflow.sklearn.load_model(info.model_uri) == {"coef": [1, 2]}
assert mlflow.active_run() is None and mlflow.last_active_run().info.status == "FINISHED"
try:
    mlflow.log_image
    raise SystemExit("log_image must be missing")
except AttributeError as e:
    print(e)
)py");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // autolog says so once, on stderr.
        QCOMPARE(r.err.count("autolog() records nothing"), 1);
        QVERIFY2(r.out.contains("mlflow.log_image is not provided by Trainyard's mlflow stand-in"),
                 r.out.constData());

        QVector<std::optional<qint64>> steps;
        QCOMPARE(points(r.batch, QStringLiteral("loss"), &steps),
                 (QVector<QPair<QString, double>>{{QStringLiteral("loss"), 0.9},
                                                  {QStringLiteral("loss"), 0.5},
                                                  {QStringLiteral("loss"), 0.25}}));
        QCOMPARE(steps, (QVector<std::optional<qint64>>{0, 1, 2}));
        steps.clear();
        QCOMPARE(points(r.batch, QStringLiteral("accuracy"), &steps).value(0).second, 0.96);
        QCOMPARE(steps, QVector<std::optional<qint64>>{std::nullopt});
        QCOMPARE(points(r.batch, QStringLiteral("fold-1/loss")).value(0).second, 0.7);
        for (const HelperMetric& m : r.batch.metrics)
            if (m.name == QLatin1String("late"))
                QCOMPARE(m.time, 1700000000.0);
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("solver")), QStringLiteral("lbfgs"));
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("max_iter")), QStringLiteral("1000"));
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("lr")), QStringLiteral("0.01"));
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("fold-1/fold")), QStringLiteral("1"));
        QCOMPARE(lastValueOf(r.batch.tags, QStringLiteral("team")), QStringLiteral("vision"));
        QCOMPARE(lastValueOf(r.batch.tags, QStringLiteral("stage")), QStringLiteral("dev"));
        QCOMPARE(lastValueOf(r.batch.tags, QStringLiteral("Training Info")),
                 QStringLiteral("Basic LR model for iris data"));
        QCOMPARE(lastValueOf(r.batch.tags, QStringLiteral("mlflow.source.name")), QStringLiteral("<missing>"));
        QCOMPARE(r.batch.displayName, QStringLiteral("quickstart"));

        const QString outputs = r.workDir + QStringLiteral("/outputs/");
        QCOMPARE(readFile(outputs + QStringLiteral("model.bin")), QByteArray("weights"));
        QCOMPARE(readFile(outputs + QStringLiteral("models/final/model.bin")), QByteArray("weights"));
        QCOMPARE(readFile(outputs + QStringLiteral("plots/a.txt")), QByteArray("a"));
        QCOMPARE(readFile(outputs + QStringLiteral("plots/b.txt")), QByteArray("b"));
        QCOMPARE(QJsonDocument::fromJson(readFile(outputs + QStringLiteral("config/model.json"))).object(),
                 (QJsonObject{{QStringLiteral("layers"), QJsonArray{4, 2}}}));
        QCOMPARE(readFile(outputs + QStringLiteral("readme.txt")), QByteArray("hello"));
        QCOMPARE(readFile(outputs + QStringLiteral("fold-1/notes.txt")), QByteArray("child notes"));
        QVERIFY(QFileInfo::exists(outputs + QStringLiteral("iris_model/model.pkl")));
    }

    void mlflowLogsWithoutAStartedRunAndRefusesBadValues()
    {
        const Result r = run(R"py(import mlflow
mlflow.log_metric("x", 1.5)
assert mlflow.active_run() is not None
for bad in ("abc", None):
    try:
        mlflow.log_metric("x", bad)
        raise SystemExit("a non-number must fail")
    except mlflow.MlflowException as e:
        assert "invalid value" in str(e)
try:
    mlflow.MlflowClient
    raise SystemExit("MlflowClient must be missing")
except AttributeError as e:
    assert "stand-in" in str(e)
mlflow.log_artifact("no-such-file")
)py");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("FileNotFoundError: no such file or folder"), r.err.constData());
        QCOMPARE(points(r.batch, QStringLiteral("x")).size(), 1);
        QVERIFY(r.batch.displayName.isEmpty());
    }

    void wandbRunsMapOntoTheTrainyardRun()
    {
        const Result r = run(R"py(import wandb, argparse, os
assert wandb.run is None
run = wandb.init(project="mnist", name="baseline", tags=["cnn", "small"], notes="first try",
                 config={"lr": 0.01, "model": {"layers": 2, "act": "relu"}, "sizes": [32, 64]})
assert wandb.run is run and run.name == "baseline"
wandb.config.update({"batch_size": 64})
wandb.config.epochs = 3
wandb.config["seed"] = 7
wandb.config.update(argparse.Namespace(dropout=0.5))
assert wandb.config.lr == 0.01 and wandb.config["model"]["layers"] == 2 and wandb.config.get("missing") is None
for epoch in range(3):
    wandb.log({"loss": 1.0 / (epoch + 1), "acc": 0.5 + epoch * 0.1})
wandb.log({"val": {"loss": 0.4}}, step=5)
wandb.log({"lr_now": 0.001}, commit=False)
wandb.log({"lr_now": 0.002})
wandb.log({"ignored": 1.0}, step=2)
assert run.step == 6
assert run.summary["loss"] == 1.0 / 3
run.summary["best_acc"] = 0.7
run.summary.update({"verdict": "good"})
open("model.pt", "w").write("early")
os.makedirs("ckpt"); open("ckpt/a.pt", "w").write("a")
wandb.save("model.pt")
wandb.save("ckpt/" "*.pt", base_path=".")
open("model.pt", "w").write("final")
wandb.watch(object())
wandb.define_metric("acc", summary="max")
wandb.finish()
assert wandb.run is None
with wandb.init(name="second") as second:
    wandb.log({"loss": 9.0})
try:
    wandb.Image
    raise SystemExit("wandb.Image must be missing")
except AttributeError as e:
    print(e)
try:
    wandb.init(projct="typo")
    raise SystemExit("an unknown init argument must fail")
except TypeError as e:
    print(e)
try:
    wandb.log({"x": 1})
    raise SystemExit("log after finish must fail")
except wandb.Error as e:
    print(e)
)py");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("wandb.Image is not provided by Trainyard's wandb stand-in"),
                 r.out.constData());
        QVERIFY2(r.out.contains("unexpected keyword argument(s): projct"), r.out.constData());
        QVERIFY2(r.err.contains("tried to log to step 2 that is less than the current step 6"),
                 r.err.constData());
        QCOMPARE(r.err.count("watch() records nothing"), 1);

        QVector<std::optional<qint64>> steps;
        QCOMPARE(points(r.batch, QStringLiteral("loss"), &steps),
                 (QVector<QPair<QString, double>>{{QStringLiteral("loss"), 1.0},
                                                  {QStringLiteral("loss"), 0.5},
                                                  {QStringLiteral("loss"), 1.0 / 3}}));
        QCOMPARE(steps, (QVector<std::optional<qint64>>{0, 1, 2}));
        steps.clear();
        QCOMPARE(points(r.batch, QStringLiteral("val.loss"), &steps).value(0).second, 0.4);
        QCOMPARE(steps, QVector<std::optional<qint64>>{5});
        steps.clear();
        // commit=False stays on the step: both values of lr_now are at step 5, the next log at 6.
        QCOMPARE(points(r.batch, QStringLiteral("lr_now"), &steps).size(), 2);
        QCOMPARE(steps, (QVector<std::optional<qint64>>{5, 5}));
        QVERIFY(points(r.batch, QStringLiteral("ignored")).isEmpty());
        steps.clear();
        QCOMPARE(points(r.batch, QStringLiteral("best_acc"), &steps).value(0).second, 0.7);
        QCOMPARE(steps, QVector<std::optional<qint64>>{std::nullopt});
        QCOMPARE(points(r.batch, QStringLiteral("second/loss")).value(0).second, 9.0);

        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("lr")), QStringLiteral("0.01"));
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("model.layers")), QStringLiteral("2"));
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("model.act")), QStringLiteral("relu"));
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("sizes")), QStringLiteral("[32, 64]"));
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("batch_size")), QStringLiteral("64"));
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("epochs")), QStringLiteral("3"));
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("seed")), QStringLiteral("7"));
        QCOMPARE(lastValueOf(r.batch.params, QStringLiteral("dropout")), QStringLiteral("0.5"));
        QCOMPARE(lastValueOf(r.batch.tags, QStringLiteral("cnn")), QString());
        QCOMPARE(lastValueOf(r.batch.tags, QStringLiteral("small")), QString());
        QCOMPARE(lastValueOf(r.batch.tags, QStringLiteral("wandb.project")), QStringLiteral("mnist"));
        QCOMPARE(lastValueOf(r.batch.tags, QStringLiteral("wandb.notes")), QStringLiteral("first try"));
        QCOMPARE(lastValueOf(r.batch.tags, QStringLiteral("verdict")), QStringLiteral("good"));
        QCOMPARE(r.batch.displayName, QStringLiteral("baseline"));

        // Saved files are copied at once and again at finish (the later content wins).
        QCOMPARE(readFile(r.workDir + QStringLiteral("/outputs/model.pt")), QByteArray("final"));
        QCOMPARE(readFile(r.workDir + QStringLiteral("/outputs/ckpt/a.pt")), QByteArray("a"));
    }

    // With a real package on sys.path (after the stand-ins' folders, as site-packages are), importing it
    // loads the real one; its submodules come from it too.
    void standInsStepAsideForTheRealPackages()
    {
        const QString real = sourceDir() + QStringLiteral("/tests/support/python/");
        const Result r = run(R"py(import mlflow, wandb
assert getattr(mlflow, "IS_TEST_REAL_MLFLOW", False), mlflow.__file__
assert getattr(wandb, "IS_TEST_REAL_WANDB", False), wandb.__file__
import sys
assert sys.modules["mlflow"] is mlflow and sys.modules["wandb"] is wandb
with mlflow.start_run(run_name="real"):
    mlflow.log_metric("loss", 0.5, step=3)
print("ok")
)py",
                             real + QStringLiteral("real_mlflow:") + real + QStringLiteral("real_wandb"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("ok\n"));
        QVERIFY2(r.err.contains("real mlflow imported\n"), r.err.constData());
        QVERIFY2(r.err.contains("real wandb imported (WANDB_MODE=offline)\n"), r.err.constData());
        // Nothing went through the helper: the real mlflow wrote its file store under ./logs.
        QVERIFY(r.batch.metrics.isEmpty());
        const QStringList experiments =
            QDir(r.workDir + QStringLiteral("/logs/mlruns/0")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(experiments.size(), 1);
        QCOMPARE(readFile(r.workDir + QStringLiteral("/logs/mlruns/0/") + experiments[0] +
                          QStringLiteral("/metrics/loss"))
                     .split(' ')
                     .value(1),
                 QByteArray("0.5"));
    }
};

QTEST_GUILESS_MAIN(TestTrackerStandIns)
#include "TestTrackerStandIns.moc"
