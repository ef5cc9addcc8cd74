// Azure ML SDK v1 submit code against a Trainyard workspace: the Estimator page's own snippets
// (tests/integration/azureml-sdk/seed_*.py) run as Python programs with Debian's interpreter, through the
// stand-in package (resources/python/azureml), the real trainyard-cli, the detached runner and real runs;
// what each program reports is checked against what trainyard-cli says about the same runs, value by value.
// Also: refused arguments, which workspace config.json names, and `trainyard-cli python-sdk` installing the
// package into a venv made by /usr/bin/python3 -m venv (and refusing an interpreter with a real
// azureml-core).
#include <QtTest>

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "ContainerImages.h"
#include "TestSupport.h"

using namespace TestSupport;

namespace {

bool copyTree(const QString& from, const QString& to)
{
    QDirIterator it(from, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        if (source.contains(QLatin1String("__pycache__")))
            continue;
        const QString target = to + QLatin1Char('/') + QDir(from).relativeFilePath(source);
        if (!QDir().mkpath(QFileInfo(target).absolutePath()) || !QFile::copy(source, target))
            return false;
    }
    return true;
}

// 200 points of two classes split by x1 + x2 = 10 (every 11th label flipped, so the fit is not perfect), in a
// fixed order: the dataset the sklearn script reads.
QByteArray points()
{
    QByteArray csv;
    for (int i = 0; i < 200; ++i) {
        const double x1 = (i * 37 % 100) / 10.0;
        const double x2 = (i * 53 % 100) / 10.0;
        const bool above = (x1 + x2 > 10.0) != (i % 11 == 0);
        csv += QByteArray::number(x1) + ',' + QByteArray::number(x2) + ',' + (above ? "1" : "0") + '\n';
    }
    return csv;
}

} // namespace

class TestAzureMlSdk : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_pythonPath;

    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }
    // Where the programs run: the projects' folder, two levels below the folder whose .azureml/config.json
    // names the workspace, so Workspace.from_config() walks up to it as the SDK does.
    QString projects() const { return m_dir.path() + QStringLiteral("/notebooks/azureml-sdk/projects"); }
    QString dataFolder() const { return m_dir.path() + QStringLiteral("/points"); }
    QString calls() const { return m_dir.path() + QStringLiteral("/micromamba-calls.txt"); }

    // A private HOME and data folder (python-sdk installs under it), no inherited workspace, one BLAS thread.
    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir.path() + QStringLiteral("/home"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.path() + QStringLiteral("/data"));
        env.insert(QStringLiteral("TRAINYARD_CLI"), binDir() + QStringLiteral("/trainyard-cli"));
        env.insert(QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("1"));
        // The stand-in micromamba first on PATH: runs on this machine find it there (conda_tool auto), runs
        // in the MPI image find the image's.
        env.insert(QStringLiteral("PATH"),
                   m_dir.path() + QStringLiteral("/bin:") + env.value(QStringLiteral("PATH")));
        env.remove(QStringLiteral("TRAINYARD_WORKSPACE"));
        if (m_pythonPath.isEmpty())
            env.remove(QStringLiteral("PYTHONPATH"));
        else
            env.insert(QStringLiteral("PYTHONPATH"), m_pythonPath);
        return env;
    }

    CliResult cli(const QStringList& args) const { return runCli(workspace(), args, 120000, environment()); }
    QJsonObject show(const QString& id) const
    {
        return cli({QStringLiteral("--json"), QStringLiteral("show"), id}).json().object();
    }

    CliResult program(const QString& script, const QStringList& args, const QString& cwd,
                      const QProcessEnvironment& env, const QString& python = systemPython(),
                      int timeoutMs = 300000) const
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(cwd);
        p.start(python, QStringList{script} + args);
        CliResult r;
        if (!p.waitForStarted(10000))
            return r;
        p.closeWriteChannel();
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished(5000);
        } else if (p.exitStatus() == QProcess::NormalExit) {
            r.exitCode = p.exitCode();
        }
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    CliResult seed(const QString& name, const QStringList& args = {}) const
    {
        return program(projects() + QLatin1Char('/') + name, args, projects(), environment());
    }

    // The object on the program's `RESULT {...}` line.
    static QJsonObject result(const CliResult& r)
    {
        for (const QByteArray& line : r.out.split('\n'))
            if (line.startsWith("RESULT "))
                return QJsonDocument::fromJson(line.mid(7)).object();
        return {};
    }

    static QByteArray describe(const CliResult& r)
    {
        return "exit " + QByteArray::number(r.exitCode) + "\nstdout: " + r.out.right(4000) +
               "\nstderr: " + r.err.right(4000);
    }

    // The stand-in micromamba's calls so far, one JSON array of arguments each.
    QList<QJsonArray> micromambaCalls() const
    {
        QList<QJsonArray> all;
        for (const QByteArray& line : readFile(calls()).split('\n'))
            if (!line.trimmed().isEmpty())
                all << QJsonDocument::fromJson(line).array();
        return all;
    }

    int runCount() const
    {
        return cli({QStringLiteral("--json"), QStringLiteral("runs"), QStringLiteral("--limit"),
                    QStringLiteral("1000")})
            .json()
            .array()
            .size();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(copyTree(sourceDir() + QStringLiteral("/tests/integration/azureml-sdk"), projects()));
        QVERIFY(writeFile(m_dir.path() + QStringLiteral("/notebooks/.azureml/config.json"),
                          "{\"subscription_id\": \"unused\", \"resource_group\": \"unused\", "
                          "\"workspace_name\": \"mnist-ws\",\n"
                          " \"trainyard_workspace\": \"../../ws\"}\n"));
        QVERIFY(writeFile(dataFolder() + QStringLiteral("/points.csv"), points()));
        // conda cannot be installed here: a stand-in micromamba records how it is called and makes a prefix
        // whose interpreter is Debian's (which has scikit-learn and mpi4py), as in TestEnvironmentTool.
        const QString standIn = m_dir.path() + QStringLiteral("/bin/micromamba");
        QVERIFY(writeFile(
            standIn,
            QStringLiteral(R"(#!/usr/bin/python3
import json, os, sys
with open(%1, "a") as f:
    f.write(json.dumps(sys.argv[1:]) + "\n")
args = sys.argv[1:]
prefix = args[args.index("-p") + 1]
if args[0] == "create":
    os.makedirs(os.path.join(prefix, "bin"))
    os.symlink("/usr/bin/python3", os.path.join(prefix, "bin", "python"))
)")
                .arg(QString::fromUtf8(QJsonDocument(QJsonArray{calls()}).toJson(QJsonDocument::Compact))
                         .mid(1)
                         .chopped(1))
                .toUtf8()));
        QVERIFY(QFile::setPermissions(standIn, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const CliResult set = cli({QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                   QStringLiteral("--cancel-grace-seconds"), QStringLiteral("2")});
        QVERIFY2(set.exitCode == 0, set.err.constData());
        // The package as `python-sdk --print-path` gives it: copied out of this build's trainyard-cli.
        const CliResult path = cli({QStringLiteral("python-sdk"), QStringLiteral("--print-path")});
        QVERIFY2(path.exitCode == 0, path.err.constData());
        m_pythonPath = QString::fromUtf8(path.out).trimmed();
        QVERIFY2(m_pythonPath.startsWith(m_dir.path() + QStringLiteral("/data/trainyard/python-sdk/")),
                 qPrintable(m_pythonPath));
    }

    // The page's single-node Estimator (script_params with a mounted registered dataset and
    // --regularization 0.8, conda_packages scikit-learn), submitted, followed with its log shown, then
    // download_file and register_model.
    void singleNodeEstimatorSnippet()
    {
        const CliResult r = seed(QStringLiteral("seed_single_node.py"), {dataFolder()});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const QJsonObject got = result(r);
        const QString id = got.value(QStringLiteral("run_id")).toString();
        QVERIFY2(!id.isEmpty(), describe(r).constData());

        // get_portal_url() is printed first; the log streams between the header and the summary, like
        // Azure's.
        QVERIFY2(r.out.startsWith(QByteArray(QByteArray("trainyard://run/") + id.toUtf8() + "\n")),
                 r.out.constData());
        const qsizetype streaming = r.out.indexOf("Streaming system/stdout.log");
        const qsizetype trained = r.out.indexOf("Accuracy is ");
        const qsizetype summary = r.out.indexOf("Execution Summary");
        QVERIFY2(streaming > 0 && trained > streaming && summary > trained, r.out.constData());
        QVERIFY(r.out.contains("Regularization rate: 0.8\n"));

        // What was submitted: the estimator as the SDK arguments say.
        const QJsonObject run = show(id);
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QCOMPARE(run.value(QStringLiteral("experiment")).toString(), QStringLiteral("sklearn-mnist"));
        const QJsonObject estimator = run.value(QStringLiteral("estimator")).toObject();
        QCOMPARE(estimator.value(QStringLiteral("entry_script")).toString(), QStringLiteral("train.py"));
        QCOMPARE(estimator.value(QStringLiteral("source_directory")).toString(),
                 projects() + QStringLiteral("/my-sklearn-proj"));
        QCOMPARE(estimator.value(QStringLiteral("conda_packages")).toArray(),
                 QJsonArray{QStringLiteral("scikit-learn")});
        const QStringList command = run.value(QStringLiteral("command")).toVariant().toStringList();
        const int regularization = int(command.indexOf(QStringLiteral("--regularization")));
        QVERIFY2(regularization > 0 && command.value(regularization + 1) == QLatin1String("0.8"),
                 qPrintable(command.join(QLatin1Char(' '))));
        const int data = int(command.indexOf(QStringLiteral("--data-folder")));
        QCOMPARE(command.value(data + 1),
                 QFileInfo(dataFolder()).canonicalFilePath()); // mounted: read in place
        QCOMPARE(run.value(QStringLiteral("tags")).toObject().value(QStringLiteral("stage")).toString(),
                 QStringLiteral("dev"));
        QCOMPARE(run.value(QStringLiteral("tags")).toObject().value(QStringLiteral("solver")).toString(),
                 QStringLiteral("liblinear"));
        QVERIFY(QJsonDocument(estimator).toJson().contains("mnist:1"));
        bool builtWithScikitLearn = false;
        for (const QJsonArray& call : micromambaCalls())
            builtWithScikitLearn = builtWithScikitLearn || (call.at(0) == QLatin1String("create") &&
                                                            call.contains(QStringLiteral("scikit-learn")));
        QVERIFY2(builtWithScikitLearn, readFile(calls()).constData());

        // get_metrics() is what the script logged, and what trainyard-cli metrics has, value by value.
        const QJsonObject metrics = got.value(QStringLiteral("metrics")).toObject();
        const QJsonObject logged = got.value(QStringLiteral("logged")).toObject();
        const QJsonObject series =
            cli({QStringLiteral("--json"), QStringLiteral("metrics"), id}).json().object();
        QCOMPARE(metrics.value(QStringLiteral("regularization")).toDouble(), 0.8);
        QCOMPARE(series.value(QStringLiteral("regularization")).toArray().size(), 1);
        QCOMPARE(series.value(QStringLiteral("regularization"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("value"))
                     .toDouble(),
                 0.8);
        const double accuracy = logged.value(QStringLiteral("accuracy")).toDouble();
        QVERIFY2(accuracy > 0.75 && accuracy < 1.0, qPrintable(QString::number(accuracy)));
        QCOMPARE(metrics.value(QStringLiteral("accuracy")).toDouble(), accuracy);
        QCOMPARE(series.value(QStringLiteral("accuracy"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("value"))
                     .toDouble(),
                 accuracy);
        const QJsonArray coefficients = logged.value(QStringLiteral("coefficients")).toArray();
        QCOMPARE(coefficients.size(), 2);
        QCOMPARE(metrics.value(QStringLiteral("coefficients")).toArray(), coefficients);
        const QJsonArray points = series.value(QStringLiteral("coefficients")).toArray();
        QCOMPARE(points.size(), coefficients.size());
        for (int i = 0; i < points.size(); ++i) {
            QCOMPARE(points.at(i).toObject().value(QStringLiteral("value")).toDouble(),
                     coefficients.at(i).toDouble());
            QCOMPARE(points.at(i).toObject().value(QStringLiteral("step")).toInt(), i);
        }

        // download_file wrote the run's file where the page says.
        QCOMPARE(readFile(projects() + QStringLiteral("/my_destination_path")),
                 readFile(workspace() + QStringLiteral("/runs/") + id +
                          QStringLiteral("/work/outputs/my_output_file")));
        QVERIFY(QFileInfo(projects() + QStringLiteral("/all/outputs/sklearn-sample")).size() > 0);

        // register_model(model_path=None) registered outputs/<model_name> as version 1.
        QCOMPARE(got.value(QStringLiteral("model")).toArray(),
                 (QJsonArray{QStringLiteral("sklearn-sample"), 1}));
        const QJsonArray models = cli({QStringLiteral("--json"), QStringLiteral("models")}).json().array();
        QCOMPARE(models.size(), 2);
        const QJsonObject first = models.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("run_id")).toString(), id);
        QCOMPARE(first.value(QStringLiteral("path")).toString(), QStringLiteral("outputs/sklearn-sample"));
        QCOMPARE(first.value(QStringLiteral("stored_path")).toString(),
                 got.value(QStringLiteral("model_path")).toString());
        QCOMPARE(models.at(1)
                     .toObject()
                     .value(QStringLiteral("tags"))
                     .toObject()
                     .value(QStringLiteral("area"))
                     .toString(),
                 QStringLiteral("mnist"));
    }

    // The page's distributed Estimator: node_count 2 × process_count_per_node 1 with MpiConfiguration(),
    // conda_packages and a custom image, on local; every rank takes part in the image, rank 0's metrics are
    // the run's.
    void distributedMpiEstimatorSnippet()
    {
        QString error;
        QVERIFY2(ContainerImages::ensureMpi(&error), qPrintable(error));
        const CliResult r =
            seed(QStringLiteral("seed_distributed_mpi.py"), {QString::fromLatin1(ContainerImages::kMpi)});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const QString id = result(r).value(QStringLiteral("run_id")).toString();
        QVERIFY(r.out.contains("rank 0 of 2: sum of ranks+1 = 3"));
        const QJsonObject estimator = show(id).value(QStringLiteral("estimator")).toObject();
        QCOMPARE(estimator.value(QStringLiteral("distributed_training")).toString(), QStringLiteral("mpi"));
        QCOMPARE(estimator.value(QStringLiteral("node_count")).toInt(), 2);
        QCOMPARE(estimator.value(QStringLiteral("process_count_per_node")).toInt(), 1);
        QCOMPARE(readFile(workspace() + QStringLiteral("/runs/") + id +
                          QStringLiteral("/system/ranks/1/stdout.log")),
                 QByteArray("rank 1 of 2: sum of ranks+1 = 3\n"));
        const QJsonObject series =
            cli({QStringLiteral("--json"), QStringLiteral("metrics"), id}).json().object();
        QCOMPARE(series.value(QStringLiteral("world_size"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("value"))
                     .toDouble(),
                 2.0);
        QCOMPARE(series.value(QStringLiteral("rank_sum"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("value"))
                     .toDouble(),
                 3.0);
        QCOMPARE(estimator.value(QStringLiteral("custom_docker_image")).toString(),
                 QString::fromLatin1(ContainerImages::kMpi));
        const QJsonObject ranWith =
            QJsonDocument::fromJson(readFile(workspace() + QStringLiteral("/runs/") + id +
                                             QStringLiteral("/system/ran-with.json")))
                .object();
        QCOMPARE(ranWith.value(QStringLiteral("image")).toObject().value(QStringLiteral("ref")).toString(),
                 QString::fromLatin1(ContainerImages::kMpi));
        // The conda packages were built inside the image, by the image's micromamba.
        const QString envPython = show(id)
                                      .value(QStringLiteral("environment"))
                                      .toObject()
                                      .value(QStringLiteral("python"))
                                      .toString();
        const QString prefix = QFileInfo(QFileInfo(envPython).absolutePath()).absolutePath();
        const QJsonArray create =
            QJsonDocument::fromJson(
                readFile(prefix + QStringLiteral("/.micromamba-calls.jsonl")).split('\n').value(0))
                .array();
        QVERIFY2(create.at(0) == QLatin1String("create") && create.contains(QStringLiteral("tensorflow")) &&
                     create.contains(QStringLiteral("keras")),
                 qPrintable(envPython));
    }

    // ScriptRunConfig: an argument list (numbers as text, a downloaded dataset as its path), an Environment
    // with CondaDependencies and a variable, tags; a second run canceled while it waits.
    void scriptRunConfigWithArguments()
    {
        const CliResult r = seed(QStringLiteral("script_run_config.py"));
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const QJsonObject got = result(r);
        const QString id = got.value(QStringLiteral("run_id")).toString();
        const QJsonObject run = show(id);
        const QStringList command = run.value(QStringLiteral("command")).toVariant().toStringList();
        const int script = int(command.indexOf(QRegularExpression(QStringLiteral(".*train\\.py$"))));
        QVERIFY2(script >= 0, qPrintable(command.join(QLatin1Char(' '))));
        const QStringList arguments = command.mid(script + 1);
        QCOMPARE(arguments.size(), 8);
        QCOMPARE(arguments.at(0), QStringLiteral("--data"));
        QVERIFY2(arguments.at(1).startsWith(workspace()),
                 qPrintable(arguments.at(1))); // downloaded: a copy in the run
        QCOMPARE(arguments.mid(2),
                 (QStringList{QStringLiteral("--lr"), QStringLiteral("0.5"), QStringLiteral("--epochs"),
                              QStringLiteral("3"), QStringLiteral("--verbose"), QStringLiteral("first")}));
        QVERIFY2(cli({QStringLiteral("logs"), id})
                     .out.contains("label first rows 200 lr 0.5 verbose True env yes"),
                 describe(r).constData());
        QCOMPARE(run.value(QStringLiteral("name")).toString(), QStringLiteral("first try"));
        QCOMPARE(run.value(QStringLiteral("tags")).toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("script"));
        const QJsonObject estimator = run.value(QStringLiteral("estimator")).toObject();
        QCOMPARE(estimator.value(QStringLiteral("conda_packages")).toArray(),
                 QJsonArray{QStringLiteral("numpy")});
        const QJsonArray series = cli({QStringLiteral("--json"), QStringLiteral("metrics"), id})
                                      .json()
                                      .object()
                                      .value(QStringLiteral("lr_scaled"))
                                      .toArray();
        QCOMPARE(series.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(series.at(i).toObject().value(QStringLiteral("value")).toDouble(), 0.5 * (i + 1));
        QCOMPARE(
            show(got.value(QStringLiteral("slow_id")).toString()).value(QStringLiteral("status")).toString(),
            QStringLiteral("Canceled"));
    }

    // azureml.train.dnn.PyTorch with PyTorchConfiguration: ranks that meet through torch.distributed.
    void pytorchEstimatorRunsDistributed()
    {
        QVERIFY2(
            runProgram(systemPython(), {QStringLiteral("-c"), QStringLiteral("import torch")}).exitCode == 0,
            "needs python3-torch (scripts/setup.sh --tests)");
        const CliResult r = seed(QStringLiteral("pytorch_estimator.py"));
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const QString id = result(r).value(QStringLiteral("run_id")).toString();
        QVERIFY2(r.out.contains("rank 0 of 2: all_reduce 3.0"), r.out.constData());
        QCOMPARE(readFile(workspace() + QStringLiteral("/runs/") + id +
                          QStringLiteral("/system/ranks/1/stdout.log")),
                 QByteArray("rank 1 of 2: all_reduce 3.0\n"));
        const QJsonObject estimator = show(id).value(QStringLiteral("estimator")).toObject();
        QCOMPARE(estimator.value(QStringLiteral("distributed_training")).toString(),
                 QStringLiteral("pytorch"));
        QCOMPARE(estimator.value(QStringLiteral("node_count")).toInt(), 2);
    }

    // Arguments with no Trainyard meaning raise naming each of them, and nothing is submitted.
    void unsupportedArgumentsAreRefused()
    {
        const int before = runCount();
        const CliResult r = seed(QStringLiteral("unsupported_arguments.py"));
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        const QJsonObject messages = result(r);
        QCOMPARE(messages.value(QStringLiteral("estimator")).toString().section(QLatin1Char('\n'), 0, 0),
                 QStringLiteral("Estimator: not supported by Trainyard: vm_size, shm_size, resume_from, "
                                "max_run_duration_seconds, use_gpu"));
        QVERIFY2(messages.value(QStringLiteral("estimator"))
                     .toString()
                     .contains(QStringLiteral("\n  use_gpu: runs see the target's GPUs")),
                 qPrintable(messages.value(QStringLiteral("estimator")).toString()));
        QVERIFY2(messages.value(QStringLiteral("unknown-target"))
                     .toString()
                     .startsWith(QStringLiteral("trainyard-cli submit: ")),
                 qPrintable(messages.value(QStringLiteral("unknown-target")).toString()));
        QCOMPARE(messages.size(), 15);
        QCOMPARE(runCount(), before);
    }

    // config.json: trainyard_workspace relative to the file; else an existing workspace named by
    // workspace_name; else $TRAINYARD_WORKSPACE; none found is an error that says where it looked.
    void workspaceFromConfig()
    {
        const QString base = m_dir.path() + QStringLiteral("/configs");
        QVERIFY(writeFile(base + QStringLiteral("/a/aml_config/config.json"),
                          "{\"trainyard_workspace\": \"~/ws-a\"}"));
        QVERIFY(QDir().mkpath(base + QStringLiteral("/a/deep/er")));
        QVERIFY(writeFile(base + QStringLiteral("/b/config.json"), "{\"workspace_name\": \"../named-ws\"}"));
        QVERIFY(
            writeFile(base + QStringLiteral("/b/other.json"), "{\"workspace_name\": \"not-a-workspace\"}"));
        QVERIFY(runCli(base + QStringLiteral("/named-ws"),
                       {QStringLiteral("targets"), QStringLiteral("list")}, 60000, environment())
                    .exitCode == 0);
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("TRAINYARD_WORKSPACE"), base + QStringLiteral("/from-env"));
        const QString script = projects() + QStringLiteral("/workspace_config.py");

        CliResult r = program(script, {base + QStringLiteral("/a/deep/er")}, base, env);
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QJsonObject got = result(r);
        QCOMPARE(got.value(QStringLiteral("from_config")).toArray().at(0).toString(),
                 m_dir.path() + QStringLiteral("/home/ws-a"));
        QCOMPARE(got.value(QStringLiteral("get")).toString(), base + QStringLiteral("/a/deep/named-ws"));
        QCOMPARE(got.value(QStringLiteral("written")).toString(), base + QStringLiteral("/a/deep/named-ws"));

        r = program(script, {base + QStringLiteral("/b"), QStringLiteral("other.json")}, base, env);
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        got = result(r);
        QCOMPARE(got.value(QStringLiteral("from_config")).toArray(),
                 (QJsonArray{QString(base + QStringLiteral("/named-ws")), QStringLiteral("../named-ws")}));
        QCOMPARE(
            got.value(QStringLiteral("file:other.json")).toArray(),
            (QJsonArray{QString(base + QStringLiteral("/from-env")), QStringLiteral("not-a-workspace")}));

        r = program(script, {QStringLiteral("/")}, base, env);
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY2(result(r)
                     .value(QStringLiteral("from_config_error"))
                     .toString()
                     .startsWith(QStringLiteral("We could not find config.json in: /")),
                 describe(r).constData());
    }

    // custom_docker_image: the job runs inside the image (one the container tests build) with the stand-in.
    void estimatorInCustomImage()
    {
        QString error;
        QVERIFY2(ContainerImages::ensurePython(&error), qPrintable(error));
        const CliResult r =
            seed(QStringLiteral("custom_image.py"), {QString::fromLatin1(ContainerImages::kPython)});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY2(r.out.contains("inside container"), r.out.constData());
        const QString id = result(r).value(QStringLiteral("run_id")).toString();
        const QJsonObject ranWith =
            QJsonDocument::fromJson(readFile(workspace() + QStringLiteral("/runs/") + id +
                                             QStringLiteral("/system/ran-with.json")))
                .object();
        QCOMPARE(ranWith.value(QStringLiteral("image")).toObject().value(QStringLiteral("ref")).toString(),
                 QString::fromLatin1(ContainerImages::kPython));
    }

    // python-sdk --install into a venv of Debian's interpreter: the venv imports the package with no
    // PYTHONPATH and drives the trainyard-cli that installed it; --user is refused there; an interpreter that
    // can import a real azureml-core is refused; --uninstall takes it out.
    void pythonSdkInstallsIntoAVenv()
    {
        const QString venv = m_dir.path() + QStringLiteral("/venv");
        QCOMPARE(runProgram(systemPython(), {QStringLiteral("-m"), QStringLiteral("venv"), venv}).exitCode,
                 0);
        const QString python = venv + QStringLiteral("/bin/python");
        QProcessEnvironment env = environment();
        env.remove(QStringLiteral("PYTHONPATH"));
        env.remove(QStringLiteral("TRAINYARD_CLI"));
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin")); // no trainyard-cli there
        const auto sdk = [&](const QStringList& args) {
            return runProgram(binDir() + QStringLiteral("/trainyard-cli"),
                              QStringList{QStringLiteral("python-sdk")} + args, QByteArray(), env);
        };
        const QString probe =
            QStringLiteral(
                "import json, azureml._trainyard as t\n"
                "from azureml.core import Workspace\n"
                "ws = Workspace.get(%1)\n"
                "print(json.dumps({'cli': t.cli_path(), 'targets': sorted(ws.compute_targets)}))\n")
                .arg(QString::fromUtf8(QJsonDocument(QJsonArray{workspace()}).toJson(QJsonDocument::Compact))
                         .mid(1)
                         .chopped(1));

        QCOMPARE(runProgram(python, {QStringLiteral("-c"), QStringLiteral("import azureml.core")},
                            QByteArray(), env)
                     .exitCode,
                 1);
        CliResult r = sdk({QStringLiteral("--install"), QStringLiteral("--python"), python});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QVERIFY2(r.out.startsWith(
                     QByteArray("Installed Trainyard's Azure ML SDK stand-in for " + python.toUtf8())),
                 r.out.constData());
        const QString pth = venv + QStringLiteral("/lib/python3.11/site-packages/trainyard-azureml-sdk.pth");
        QVERIFY2(QFileInfo::exists(pth), r.out.constData());
        QCOMPARE(readFile(pth), (m_pythonPath.section(QLatin1Char(':'), 0, 0) + QLatin1Char('\n') +
                                 m_pythonPath.section(QLatin1Char(':'), 1, 1) + QLatin1Char('\n'))
                                    .toUtf8());
        r = runProgram(python, {QStringLiteral("-c"), probe}, QByteArray(), env);
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object(),
                 (QJsonObject{{QStringLiteral("cli"), QString(binDir() + QStringLiteral("/trainyard-cli"))},
                              {QStringLiteral("targets"), QJsonArray{QStringLiteral("local")}}}));

        r = sdk({QStringLiteral("--install"), QStringLiteral("--python"), python, QStringLiteral("--user")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QByteArray("--user: " + python.toUtf8() +
                                           " has no user site-packages (it is a virtual environment)")),
                 r.err.constData());
        r = sdk({QStringLiteral("--install"), QStringLiteral("--python"),
                 m_dir.path() + QStringLiteral("/nope")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(sdk({QStringLiteral("--install"), QStringLiteral("--uninstall")}).exitCode, 2);

        // A real azureml-core in the venv: refused, and said why.
        const QString real = venv + QStringLiteral("/lib/python3.11/site-packages/azureml");
        QVERIFY(writeFile(real + QStringLiteral("/core/__init__.py"), "REAL = True\n"));
        // The installed stand-in steps aside for it...
        r = runProgram(python,
                       {QStringLiteral("-c"),
                        QStringLiteral("import azureml.core; print(getattr(azureml.core, 'REAL', False))")},
                       QByteArray(), env);
        QCOMPARE(r.out, QByteArray("True\n"));
        // ...and is not installed over it.
        r = sdk({QStringLiteral("--install"), QStringLiteral("--python"), python});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QByteArray("can import a real Azure ML SDK (azureml in " + real.toUtf8() +
                                           "); refusing to install")),
                 r.err.constData());
        QVERIFY(QDir(real).removeRecursively());

        r = sdk(
            {QStringLiteral("--json"), QStringLiteral("--uninstall"), QStringLiteral("--python"), python});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(r.json().object().value(QStringLiteral("removed")).toArray(), QJsonArray{pth});
        QVERIFY(!QFileInfo::exists(pth));
        QCOMPARE(runProgram(python, {QStringLiteral("-c"), QStringLiteral("import azureml.core")},
                            QByteArray(), env)
                     .exitCode,
                 1);
        r = sdk({QStringLiteral("--uninstall"), QStringLiteral("--python"), python});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QByteArray("is not installed for " + python.toUtf8())), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestAzureMlSdk)
#include "TestAzureMlSdk.moc"
