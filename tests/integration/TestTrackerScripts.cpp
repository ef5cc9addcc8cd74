// Training scripts written for MLflow and Weights & Biases, shaped like those projects' own quickstarts
// (scikit-learn and PyTorch on the CPU, Debian's /usr/bin/python3), submitted through the real trainyard-cli
// and runner: every metric point is checked against what the script logged (value and step), the params and
// tags are listed, shown and filtered like script params. A "real" mlflow (tests/support/python/real_mlflow,
// which writes MLflow's file store as MLflow does; the real one is not installable here) on the run's
// PYTHONPATH makes the stand-in step aside, and its file store under ./logs/mlruns is read while the run
// runs.
#include <QtTest>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>

#include "SshTestServer.h"
#include "TestSupport.h"

using namespace TestSupport;

namespace {

// What every script records of what it logged, the way the tracker saw it: outputs/expected.json.
const QByteArray kRecorder = R"py(
import json, os
_expected = {"metrics": {}, "params": {}, "tags": {}}
def expect_metric(name, value, step):
    _expected["metrics"].setdefault(name, []).append([step, float(value)])
def expect_param(name, value):
    _expected["params"][name] = str(value)
def expect_tag(name, value):
    _expected["tags"][name] = str(value)
def write_expected():
    os.makedirs("outputs", exist_ok=True)
    with open("outputs/expected.json", "w") as f:
        json.dump(_expected, f)
)py";

} // namespace

class TestTrackerScripts : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }
    QString runFile(const QString& id, const QString& relative) const
    {
        return workspace() + QStringLiteral("/runs/") + id + QLatin1Char('/') + relative;
    }

    QString project(const QString& name, const QByteArray& script, const QByteArray& extraYaml = QByteArray(),
                    const QByteArray& environment = "{OMP_NUM_THREADS: \"1\"}")
    {
        return makeProject(m_dir.path() + QLatin1Char('/') + name,
                           {{QStringLiteral("train.py"), script}, {QStringLiteral("recorder.py"), kRecorder}},
                           "experiment: " + name.toUtf8() +
                               "\nentry_script: train.py\nenvironment_variables: " + environment + "\n" +
                               extraYaml);
    }

    QString submitAndWait(const QString& estimator)
    {
        const CliResult r =
            runCli(workspace(), {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 300000);
        const QString id = QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
        if (r.exitCode != 0)
            qWarning() << "submit exit" << r.exitCode << r.err.left(2000)
                       << readFile(runFile(id, QStringLiteral("system/stderr.log"))).right(3000);
        return r.exitCode == 0 ? id : QString();
    }

    QJsonObject show(const QString& id) const
    {
        return runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
    }

    QJsonObject expected(const QString& id) const
    {
        return QJsonDocument::fromJson(readFile(runFile(id, QStringLiteral("work/outputs/expected.json"))))
            .object();
    }

    // Every metric of the run (system samples left out) equals, point by point, what the script logged.
    void compareMetrics(const QString& id, const QJsonObject& expectedMetrics)
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject metrics = r.json().object();
        QStringList names;
        for (const QString& name : metrics.keys())
            if (!name.startsWith(QLatin1String("system/")))
                names << name;
        QCOMPARE(names, expectedMetrics.keys());
        for (const QString& name : names) {
            const QJsonArray got = metrics.value(name).toArray();
            const QJsonArray want = expectedMetrics.value(name).toArray();
            QVERIFY2(
                got.size() == want.size(),
                qPrintable(
                    QStringLiteral("%1: %2 points, logged %3").arg(name).arg(got.size()).arg(want.size())));
            for (qsizetype i = 0; i < got.size(); ++i) {
                const QJsonObject point = got[i].toObject();
                const QJsonArray logged = want[i].toArray();
                QVERIFY2(point.value(QStringLiteral("step")).toInteger() == logged[0].toInteger() &&
                             point.value(QStringLiteral("value")).toDouble() == logged[1].toDouble(),
                         qPrintable(QStringLiteral("%1[%2]: step %3 value %4, logged step %5 value %6")
                                        .arg(name)
                                        .arg(i)
                                        .arg(point.value(QStringLiteral("step")).toInteger())
                                        .arg(point.value(QStringLiteral("value")).toDouble(), 0, 'g', 17)
                                        .arg(logged[0].toInteger())
                                        .arg(logged[1].toDouble(), 0, 'g', 17)));
            }
        }
    }

    // The params as `runs --columns` lists them, and each one filterable.
    void compareParams(const QString& id, const QString& experiment, const QJsonObject& expectedParams)
    {
        QStringList columns{QStringLiteral("id")};
        for (const QString& name : expectedParams.keys())
            columns << QStringLiteral("params.") + name;
        const CliResult r =
            runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--experiment"), experiment,
                                 QStringLiteral("--columns"), columns.join(QLatin1Char(',')),
                                 QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject row = r.json().array().at(0).toObject().value(QStringLiteral("columns")).toObject();
        QCOMPARE(row.value(QStringLiteral("id")).toString(), id);
        for (const QString& name : expectedParams.keys()) {
            const QJsonValue listed = row.value(QStringLiteral("params.") + name);
            const QString text =
                listed.isDouble() ? QString::number(listed.toDouble(), 'g', 17) : listed.toString();
            const QString want = expectedParams.value(name).toString();
            bool numeric = false;
            const double wantNumber = want.toDouble(&numeric);
            QVERIFY2(numeric ? listed.toDouble() == wantNumber || text == want : text == want,
                     qPrintable(QStringLiteral("params.%1: listed %2, logged %3").arg(name, text, want)));
            const QString filter = numeric ? QStringLiteral("params.%1 = %2").arg(name, want)
                                           : QStringLiteral("params.%1 = \"%2\"").arg(name, want);
            const CliResult filtered =
                runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--filter"), filter,
                                     QStringLiteral("--columns"), QStringLiteral("id"),
                                     QStringLiteral("--format"), QStringLiteral("csv")});
            QVERIFY2(filtered.exitCode == 0, filtered.err.constData());
            QVERIFY2(QByteArray(filtered.out).replace('\r', "").split('\n').contains(id.toUtf8()),
                     qPrintable(filter + QStringLiteral(": ") + QString::fromUtf8(filtered.out)));
        }
    }

    void compareTags(const QString& id, const QJsonObject& expectedTags)
    {
        const QJsonObject tags = show(id).value(QStringLiteral("tags")).toObject();
        QCOMPARE(tags, expectedTags);
    }

    void checkRun(const QString& id, const QString& experiment)
    {
        const QJsonObject want = expected(id);
        QVERIFY2(!want.isEmpty(), "the script wrote no outputs/expected.json");
        compareMetrics(id, want.value(QStringLiteral("metrics")).toObject());
        compareParams(id, experiment, want.value(QStringLiteral("params")).toObject());
        compareTags(id, want.value(QStringLiteral("tags")).toObject());
    }

    static bool have(const char* module)
    {
        return runProgram(systemPython(),
                          {QStringLiteral("-c"), QStringLiteral("import ") + QLatin1String(module)})
                   .exitCode == 0;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(have("sklearn") && have("torch"),
                 "needs python3-sklearn and python3-torch (scripts/setup.sh --tests)");
    }

    // MLflow's tracking quickstart: iris, logistic regression, params, one metric, a tag, the model.
    // (The scripts write "http:/" "/…": moc reads a double slash in a raw string as a comment's start.)
    void mlflowScikitLearnQuickstart()
    {
        const QString id = submitAndWait(project(QStringLiteral("mlflow-sklearn"), R"py(import mlflow
from mlflow.models import infer_signature
from sklearn import datasets
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, precision_score
from sklearn.model_selection import train_test_split
from recorder import expect_metric, expect_param, expect_tag, write_expected

X, y = datasets.load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
params = {"solver": "lbfgs", "max_iter": 1000, "multi_class": "auto", "random_state": 8888}
lr = LogisticRegression(**params)
lr.fit(X_train, y_train)
y_pred = lr.predict(X_test)
accuracy = accuracy_score(y_test, y_pred)
precision = precision_score(y_test, y_pred, average="macro")

mlflow.set_tracking_uri(uri="http:/" "/127.0.0.1:8080")
mlflow.set_experiment("MLflow Quickstart")
with mlflow.start_run(run_name="iris-lr"):
    mlflow.log_params(params)
    mlflow.log_metric("accuracy", accuracy)
    mlflow.log_metric("precision", precision)
    mlflow.set_tag("Training Info", "Basic LR model for iris data")
    signature = infer_signature(X_train, lr.predict(X_train))
    model_info = mlflow.sklearn.log_model(sk_model=lr, artifact_path="iris_model", signature=signature,
                                          input_example=X_train, registered_model_name="tracking-quickstart")
loaded = mlflow.sklearn.load_model(model_info.model_uri)
assert (loaded.predict(X_test) == y_pred).all()
for name, value in params.items():
    expect_param(name, value)
expect_metric("accuracy", accuracy, 0)
expect_metric("precision", precision, 0)
expect_tag("Training Info", "Basic LR model for iris data")
write_expected()
)py"));
        QVERIFY(!id.isEmpty());
        checkRun(id, QStringLiteral("mlflow-sklearn"));
        QCOMPARE(show(id).value(QStringLiteral("name")).toString(), QStringLiteral("iris-lr"));
        QVERIFY(QFileInfo::exists(runFile(id, QStringLiteral("work/outputs/iris_model/model.pkl"))));
    }

    // MLflow's deep-learning tutorial on the CPU: a small network, a loss every few batches (logged as
    // formatted text, as the tutorial does), evaluation per epoch, the model summary and the model.
    void mlflowPytorchQuickstart()
    {
        const QString id = submitAndWait(project(QStringLiteral("mlflow-torch"), R"py(import mlflow
import torch
from torch import nn
from recorder import expect_metric, expect_param, write_expected

torch.manual_seed(0)
X = torch.randn(512, 8)
y = (X.sum(dim=1) > 0).long()
train = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X[:384], y[:384]), batch_size=32)
test_X, test_y = X[384:], y[384:]

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stack = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
    def forward(self, x):
        return self.stack(x)

model = Net()
epochs = 3
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
with mlflow.start_run() as run:
    params = {"epochs": epochs, "learning_rate": 0.1, "batch_size": 32, "loss_function": loss_fn.__class__.__name__,
              "optimizer": "SGD"}
    mlflow.log_params(params)
    for name, value in params.items():
        expect_param(name, value)
    with open("model_summary.txt", "w") as f:
        f.write(str(model))
    mlflow.log_artifact("model_summary.txt")
    step = 0
    for epoch in range(epochs):
        model.train()
        for batch, (xb, yb) in enumerate(train):
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            if batch % 4 == 0:
                text = f"{loss.item():3f}"
                mlflow.log_metric("loss", text, step=step)
                expect_metric("loss", float(text), step)
                step += 1
        model.eval()
        with torch.no_grad():
            out = model(test_X)
            eval_loss = loss_fn(out, test_y).item()
            accuracy = (out.argmax(1) == test_y).float().mean().item()
        mlflow.log_metric("eval_loss", eval_loss, step=epoch)
        mlflow.log_metric("eval_accuracy", accuracy, step=epoch)
        expect_metric("eval_loss", eval_loss, epoch)
        expect_metric("eval_accuracy", accuracy, epoch)
    mlflow.pytorch.log_model(model, "model")
write_expected()
)py"));
        QVERIFY(!id.isEmpty());
        checkRun(id, QStringLiteral("mlflow-torch"));
        QVERIFY(readFile(runFile(id, QStringLiteral("work/outputs/model_summary.txt"))).startsWith("Net("));
        QVERIFY(QFileInfo::exists(runFile(id, QStringLiteral("work/outputs/model/model.pth"))));
        // No run name given: the run keeps having none.
        QVERIFY(show(id).value(QStringLiteral("name")).isNull());
    }

    // W&B's quickstart with a scikit-learn model trained epoch by epoch: config, a metric per epoch at W&B's
    // own step, the summary, the model saved with wandb.save.
    void wandbScikitLearnQuickstart()
    {
        const QString id = submitAndWait(project(QStringLiteral("wandb-sklearn"), R"py(import pickle
import wandb
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import train_test_split
from recorder import expect_metric, expect_param, expect_tag, write_expected

config = {"learning_rate": 0.01, "architecture": "SGD", "dataset": "digits", "epochs": 5,
          "model": {"loss": "log_loss", "alpha": 0.0001}}
run = wandb.init(project="my-awesome-project", name="digits-sgd", tags=["baseline"], config=config)
X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
clf = SGDClassifier(loss=wandb.config.model["loss"], alpha=wandb.config.model["alpha"],
                    learning_rate="constant", eta0=wandb.config.learning_rate, random_state=0)
best = 0.0
for epoch in range(wandb.config.epochs):
    clf.partial_fit(X_train, y_train, classes=np.unique(y))
    acc = clf.score(X_test, y_test)
    loss = float(np.mean(clf.predict(X_test) != y_test))
    wandb.log({"acc": acc, "loss": loss})
    expect_metric("acc", acc, epoch)
    expect_metric("loss", loss, epoch)
    best = max(best, acc)
run.summary["best_acc"] = best
expect_metric("best_acc", best, 0)
with open("model.pkl", "wb") as f:
    pickle.dump(clf, f)
wandb.save("model.pkl")
wandb.finish()
for name in ("learning_rate", "architecture", "dataset", "epochs"):
    expect_param(name, config[name])
expect_param("model.loss", "log_loss")
expect_param("model.alpha", 0.0001)
expect_tag("baseline", "")
expect_tag("wandb.project", "my-awesome-project")
write_expected()
)py"));
        QVERIFY(!id.isEmpty());
        checkRun(id, QStringLiteral("wandb-sklearn"));
        QCOMPARE(show(id).value(QStringLiteral("name")).toString(), QStringLiteral("digits-sgd"));
        QVERIFY(QFileInfo::exists(runFile(id, QStringLiteral("work/outputs/model.pkl"))));
    }

    // W&B's PyTorch guide: wandb.config from a dict, wandb.watch, the loss at step = examples seen, the test
    // accuracy logged once at the current step, the weights saved with wandb.save.
    void wandbPytorchQuickstart()
    {
        const QString id = submitAndWait(project(QStringLiteral("wandb-torch"), R"py(import torch
import wandb
from torch import nn
from recorder import expect_metric, expect_param, expect_tag, write_expected

hyperparameters = dict(epochs=2, classes=2, kernels=[16, 32], batch_size=64, learning_rate=0.05,
                       dataset="synthetic", architecture="MLP")
with wandb.init(project="pytorch-demo", config=hyperparameters, tags=["cpu"]):
    config = wandb.config
    torch.manual_seed(0)
    X = torch.randn(640, 4)
    y = (X[:, 0] > 0).long()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X[:512], y[:512]),
                                         batch_size=config.batch_size)
    model = nn.Sequential(nn.Linear(4, config.kernels[0]), nn.ReLU(), nn.Linear(config.kernels[0], config.classes))
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=config.learning_rate)
    wandb.watch(model, criterion, log="all", log_freq=10)
    example_ct = 0
    for epoch in range(config.epochs):
        for images, labels in loader:
            loss = criterion(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            example_ct += len(images)
            wandb.log({"epoch": epoch, "loss": loss}, step=example_ct)
            expect_metric("epoch", epoch, example_ct)
            expect_metric("loss", loss.item(), example_ct)
    with torch.no_grad():
        accuracy = (model(X[512:]).argmax(1) == y[512:]).float().mean().item()
    wandb.log({"test_accuracy": accuracy})
    expect_metric("test_accuracy", accuracy, example_ct)
    torch.save(model.state_dict(), "model.pt")
    wandb.save("model.pt")
for name, value in hyperparameters.items():
    expect_param(name, value if name != "kernels" else "[16, 32]")
expect_tag("cpu", "")
expect_tag("wandb.project", "pytorch-demo")
write_expected()
)py"));
        QVERIFY(!id.isEmpty());
        checkRun(id, QStringLiteral("wandb-torch"));
        QVERIFY(QFileInfo::exists(runFile(id, QStringLiteral("work/outputs/model.pt"))));
    }

    // With the real mlflow importable, the stand-in steps aside; the run's MLFLOW_TRACKING_URI is a file
    // store under ./logs as the job sees it, and what the script logs there shows up while the run is still
    // running. `target`: local, or an SSH target (the store is on the remote and streamed home).
    void realMlflowRun(const QString& experiment, const QString& target)
    {
        const QString go = m_dir.filePath(experiment + QStringLiteral("-go"));
        const QString est = project(experiment, R"py(import os, sys, time
import mlflow
from recorder import expect_metric, expect_param, expect_tag, write_expected
assert getattr(mlflow, "IS_TEST_REAL_MLFLOW", False), "the stand-in did not step aside"
uri = os.environ["MLFLOW_TRACKING_URI"]
assert uri == "file:/" "/" + os.path.join(os.getcwd(), "logs", "mlruns"), uri
assert os.environ["WANDB_MODE"] == "offline"
assert os.environ["WANDB_DIR"] == os.path.join(os.getcwd(), "logs"), os.environ["WANDB_DIR"]
with mlflow.start_run(run_name="live-run"):
    mlflow.log_param("lr", 0.5)
    mlflow.set_tag("stage", "dev")
    mlflow.log_metric("loss", 1.0, step=0)
    expect_metric("loss", 1.0, 0)
    deadline = time.time() + 120
    while not os.path.exists(sys.argv[1]):  # the test has seen the first point
        assert time.time() < deadline, "no go"
        time.sleep(0.05)
    for step in range(1, 4):
        mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
        expect_metric("loss", 1.0 / (step + 1), step)
    with mlflow.start_run(run_name="fold", nested=True):
        mlflow.log_metric("acc", 0.75, step=2)
        expect_metric("fold/acc", 0.75, 2)
expect_param("lr", 0.5)
expect_tag("stage", "dev")
write_expected()
)py",
                                    "compute_target: " + target.toUtf8() + "\nscript_params: {\"" +
                                        go.toUtf8() + "\": \"\"}\n",
                                    "{OMP_NUM_THREADS: \"1\", PYTHONPATH: \"" + sourceDir().toUtf8() +
                                        "/tests/support/python/real_mlflow\"}");
        const CliResult submitted = runCli(workspace(), {QStringLiteral("submit"), est});
        QVERIFY2(submitted.exitCode == 0, submitted.err.constData());
        const QString id = QString::fromUtf8(submitted.out.split('\n').value(0)).trimmed();
        // The first point, the param, the tag and the name arrive while the script waits.
        QElapsedTimer timer;
        timer.start();
        QJsonObject shown;
        while (timer.elapsed() < 120000) {
            shown = show(id);
            if (shown.value(QStringLiteral("metrics")).toObject().contains(QStringLiteral("loss")) &&
                shown.value(QStringLiteral("tags")).toObject().contains(QStringLiteral("stage")) &&
                !shown.value(QStringLiteral("name")).isNull())
                break;
            QVERIFY2(shown.value(QStringLiteral("status")).toString() != QLatin1String("Failed"),
                     readFile(runFile(id, QStringLiteral("system/stderr.log"))).constData());
            QThread::msleep(100);
        }
        QCOMPARE(shown.value(QStringLiteral("status")).toString(), QStringLiteral("Running"));
        QCOMPARE(shown.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("loss")).toDouble(),
                 1.0);
        QCOMPARE(shown.value(QStringLiteral("name")).toString(), QStringLiteral("live-run"));
        QVERIFY(writeFile(go, "go"));
        const QJsonObject done =
            waitForStatus(workspace(), id, {QStringLiteral("Completed"), QStringLiteral("Failed")}, 120000);
        QVERIFY2(done.value(QStringLiteral("status")).toString() == QLatin1String("Completed"),
                 readFile(runFile(id, QStringLiteral("system/stderr.log"))).constData());
        QVERIFY(readFile(runFile(id, QStringLiteral("system/stderr.log"))).contains("real mlflow imported"));
        checkRun(id, experiment);
    }

    void aRealMlflowsFileStoreIsReadWhileTheRunRuns()
    {
        realMlflowRun(QStringLiteral("real-mlflow"), QStringLiteral("local"));
    }

    // The same on an SSH target (a real sshd on loopback): the URI names the remote job folder, the store's
    // files come home through the watch stream.
    void aRealMlflowsFileStoreOnAnSshTargetIsReadWhileTheRunRuns()
    {
        QString error;
        const auto server = SshTestServer::start({}, &error);
        QVERIFY2(server, qPrintable(error));
        const CliResult added = runCli(
            workspace(),
            {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"),
             QStringLiteral("remote"), QStringLiteral("--host"), server->host(), QStringLiteral("--port"),
             QString::number(server->port()), QStringLiteral("--user"), server->user(),
             QStringLiteral("--identity-file"), server->clientKeyPath(), QStringLiteral("--workdir"),
             server->workRoot() + QStringLiteral("/trackers"), QStringLiteral("--python"), systemPython()});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        const CliResult trusted = runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("trust"),
                                                       QStringLiteral("remote"), QStringLiteral("--yes")});
        QVERIFY2(trusted.exitCode == 0, trusted.err.constData());
        realMlflowRun(QStringLiteral("real-mlflow-ssh"), QStringLiteral("remote"));
    }

    // The run's own MLFLOW_TRACKING_URI and WANDB_MODE win over Trainyard's.
    void theRunsOwnTrackerSettingsWin()
    {
        const QString id = submitAndWait(project(
            QStringLiteral("own-settings"), R"py(import os
print(os.environ["MLFLOW_TRACKING_URI"], os.environ["WANDB_MODE"])
)py",
            QByteArray(), "{MLFLOW_TRACKING_URI: \"http://mlflow.example:5000\", WANDB_MODE: online}"));
        QVERIFY(!id.isEmpty());
        QCOMPARE(readFile(runFile(id, QStringLiteral("system/stdout.log"))),
                 QByteArray("http://mlflow.example:5000 online\n"));
    }
};

QTEST_GUILESS_MAIN(TestTrackerScripts)
#include "TestTrackerScripts.moc"
