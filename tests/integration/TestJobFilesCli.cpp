// Estimator arguments, display names and tags, and Azure ML v2 command job files, through the real trainyard-cli
// and trainyard-runner: a real Python script checks the argv it was given and writes into its output folders,
// the run completes, and its name, tags, note and parameters are what `show` and `runs` read back.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "TestSupport.h"

using namespace TestSupport;

namespace {

// Fails (exit 3, the reason on stderr) unless sys.argv[1:] is exactly what argv.json next to it says.
const QByteArray kArgvCheck = "import json, os, sys\n"
                              "expected = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'argv.json')))\n"
                              "if sys.argv[1:] != expected:\n"
                              "    sys.stderr.write('argv %r, expected %r\\n' % (sys.argv[1:], expected))\n"
                              "    sys.exit(3)\n"
                              "print('argv ok')\n";

QJsonObject tagsOf(const QJsonObject& shown) { return shown.value(QStringLiteral("tags")).toObject(); }

} // namespace

class TestJobFilesCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }
    CliResult cli(const QStringList& args) { return runCli(workspace(), args); }
    QJsonObject show(const QString& id) { return cli({QStringLiteral("--json"), QStringLiteral("show"), id}).json().object(); }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void estimatorArgumentsNameAndTags()
    {
        const QString dataFolder = m_dir.path() + QStringLiteral("/mnist-data");
        QVERIFY(writeFile(dataFolder + QStringLiteral("/train.csv"), "1,2\n"));
        CliResult r = cli({QStringLiteral("datasets"), QStringLiteral("add"), QStringLiteral("mnist"), dataFolder});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        const QByteArray argv = QJsonDocument(QJsonArray{QStringLiteral("--lr"), QStringLiteral("0.5"),
                                                         QStringLiteral("--epochs"), QStringLiteral("3"),
                                                         QStringLiteral("--data"), QFileInfo(dataFolder).canonicalFilePath(),
                                                         QStringLiteral("two words"), QString(), QStringLiteral("$(id)"),
                                                         QStringLiteral("--verbose")})
                                    .toJson(QJsonDocument::Compact);
        const QString estimator = makeProject(
            m_dir.path() + QStringLiteral("/args"),
            {{QStringLiteral("train.py"), kArgvCheck + "assert 'TRAINYARD_OUTPUT_FOLDERS' not in os.environ\n"
                                                 "open('outputs/model/ok.txt', 'w').write('ok')\n"},
             {QStringLiteral("argv.json"), argv}},
            "entry_script: train.py\n"
            "display_name: from the file\n"
            "description: a first try\n"
            "tags: {stage: dev, owner: ada}\n"
            "script_params:\n  --lr: 0.5\n"
            "arguments: [--epochs, 3, --data, {dataset: mnist, mode: mount}, two words, '', $(id), --verbose]\n"
            "environment_variables: {PYTHONDONTWRITEBYTECODE: '1'}\n"
            "output_folders: [model]\n");
        r = cli({QStringLiteral("submit"), estimator, QStringLiteral("--wait"), QStringLiteral("--tag"),
                 QStringLiteral("owner=grace"), QStringLiteral("--tag"), QStringLiteral("formula=a=b")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
        const QJsonObject shown = show(id);
        QCOMPARE(shown.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        // The output folder was there before the script started, and the job never saw the wrapper's variable.
        QCOMPARE(readFile(shown.value(QStringLiteral("outputs_dir")).toString() + QStringLiteral("/model/ok.txt")),
                 QByteArray("ok"));
        QCOMPARE(shown.value(QStringLiteral("name")).toString(), QStringLiteral("from the file"));
        QCOMPARE(shown.value(QStringLiteral("note")).toString(), QStringLiteral("a first try"));
        QCOMPARE(tagsOf(shown), (QJsonObject{{QStringLiteral("stage"), QStringLiteral("dev")},
                                             {QStringLiteral("owner"), QStringLiteral("grace")},
                                             {QStringLiteral("formula"), QStringLiteral("a=b")}}));
        // The arguments' options are parameters like script params: they filter runs.
        r = cli({QStringLiteral("--json"), QStringLiteral("runs"), QStringLiteral("--filter"),
                 QStringLiteral("params.epochs = 3 and params.verbose = \"true\" and params.data = \"mnist:1\"")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains(id.toUtf8()), r.out.constData());

        // --name replaces the file's name.
        r = cli({QStringLiteral("submit"), estimator, QStringLiteral("--name"), QStringLiteral("  from the option ")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString second = QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
        QCOMPARE(show(second).value(QStringLiteral("name")).toString(), QStringLiteral("from the option"));
        waitForStatus(workspace(), second, {QStringLiteral("Completed"), QStringLiteral("Failed")});
    }

    void badNamesAndTagsExit2()
    {
        const QString estimator = makeProject(m_dir.path() + QStringLiteral("/bad"), {{QStringLiteral("train.py"), "print(1)\n"}},
                                              "entry_script: train.py\n");
        const QList<QPair<QStringList, QByteArray>> cases{
            {{QStringLiteral("--tag"), QStringLiteral("novalue")}, "--tag \"novalue\": expected NAME=VALUE"},
            {{QStringLiteral("--tag"), QStringLiteral("a b=c")}, "--tag: tag name \"a b\": no spaces"},
            {{QStringLiteral("--name"), QStringLiteral("two\nlines")}, "--name: a run's name is one line"},
        };
        for (const auto& item : cases) {
            const CliResult r = cli(QStringList{QStringLiteral("submit"), estimator} + item.first);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(item.second), r.err.constData());
        }
        QString file = makeProject(m_dir.path() + QStringLiteral("/bad2"), {{QStringLiteral("train.py"), "print(1)\n"}},
                                   "entry_script: train.py\ntags: {\"a b\": c}\n");
        CliResult r = cli({QStringLiteral("submit"), file});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("estimator.yml: tags.a b: tag name \"a b\": no spaces"), r.err.constData());
        file = makeProject(m_dir.path() + QStringLiteral("/bad3"), {{QStringLiteral("train.py"), "print(1)\n"}},
                           "entry_script: train.py\narguments: [--data, {dataset: nope}]\n");
        r = cli({QStringLiteral("submit"), file});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("estimator.yml: arguments[1]: "), r.err.constData());
        QVERIFY2(r.err.contains("nope"), r.err.constData());
    }

    // A real job file with a literal, a registered dataset, a local folder and two outputs, through the real CLI
    // and runner: the script sees exactly the argv the job means and writes into its output folders.
    void jobFileRunsToCompleted()
    {
        const QString data = m_dir.path() + QStringLiteral("/digits-v1");
        QVERIFY(writeFile(data + QStringLiteral("/digits.csv"), "0,1\n"));
        CliResult r = cli({QStringLiteral("datasets"), QStringLiteral("add"), QStringLiteral("digits"), data});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString project = m_dir.path() + QStringLiteral("/azure");
        const QString local = project + QStringLiteral("/local-data");
        QVERIFY(writeFile(local + QStringLiteral("/x.txt"), "x\n"));
        const QByteArray argv = QJsonDocument(QJsonArray{QStringLiteral("--lr"), QStringLiteral("0.010"),
                                                         QStringLiteral("--title"), QStringLiteral("two words; $HOME"),
                                                         QStringLiteral("--data"), QFileInfo(data).canonicalFilePath(),
                                                         QStringLiteral("--local"), local,
                                                         QStringLiteral("--model"), QStringLiteral("outputs/model"),
                                                         QStringLiteral("--report=outputs/report/summary.json"),
                                                         QStringLiteral("it's")})
                                    .toJson(QJsonDocument::Compact);
        QVERIFY(writeFile(project + QStringLiteral("/src/argv.json"), argv));
        QVERIFY(writeFile(project + QStringLiteral("/src/train.py"),
                          kArgvCheck + "import sys\n"
                                       "model = sys.argv[sys.argv.index('--model') + 1]\n"
                                       "open(model + '/weights.txt', 'w').write('w')\n"
                                       "open('outputs/report/summary.json', 'w').write('{}')\n"
                                       "assert os.listdir(sys.argv[sys.argv.index('--data') + 1]) == ['digits.csv']\n"));
        const QString job = project + QStringLiteral("/job.yml");
        const QByteArray jobText = "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\n"
                                   "code: src\n"
                                   "command: >-\n"
                                   "  python train.py --lr ${{inputs.lr}} --title \"${{inputs.title}}\" --data ${{inputs.digits}}\n"
                                   "  --local ${{inputs.local}} --model ${{outputs.model}} --report=${{outputs.report}}/summary.json \"it's\"\n"
                                   "inputs:\n"
                                   "  lr: 0.010\n"
                                   "  title: two words; $HOME\n"
                                   "  digits: {type: uri_folder, path: \"azureml:digits@latest\", mode: ro_mount}\n"
                                   "  local: {type: uri_folder, path: local-data}\n"
                                   "outputs:\n"
                                   "  model: {type: custom_model}\n"
                                   "  report: {type: uri_folder}\n"
                                   "compute: local\n"
                                   "experiment_name: azure-job\n"
                                   "display_name: digits from a job file\n"
                                   "description: Submitted from an Azure ML job file.\n"
                                   "tags: {origin: azureml}\n"
                                   "environment_variables: {PYTHONDONTWRITEBYTECODE: \"1\"}\n";
        QVERIFY(writeFile(job, jobText));
        r = cli({QStringLiteral("submit"), job, QStringLiteral("--wait"), QStringLiteral("--tag"), QStringLiteral("try=1")});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        const QString id = QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
        QVERIFY2(id.startsWith(QStringLiteral("azure-job_")), qPrintable(id));
        const QJsonObject shown = show(id);
        QCOMPARE(shown.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QCOMPARE(shown.value(QStringLiteral("name")).toString(), QStringLiteral("digits from a job file"));
        QCOMPARE(shown.value(QStringLiteral("note")).toString(), QStringLiteral("Submitted from an Azure ML job file."));
        QCOMPARE(tagsOf(shown), (QJsonObject{{QStringLiteral("origin"), QStringLiteral("azureml")}, {QStringLiteral("try"), QStringLiteral("1")}}));
        const QString outputs = shown.value(QStringLiteral("outputs_dir")).toString();
        QCOMPARE(readFile(outputs + QStringLiteral("/model/weights.txt")), QByteArray("w"));
        QCOMPARE(readFile(outputs + QStringLiteral("/report/summary.json")), QByteArray("{}"));
        // The dataset was pinned to the version current at submit.
        const QJsonArray arguments = shown.value(QStringLiteral("estimator")).toObject().value(QStringLiteral("arguments")).toArray();
        QCOMPARE(arguments.at(5).toObject().value(QStringLiteral("dataset")).toString(), QStringLiteral("digits:1"));

        // convert writes the same estimator: submitted, it runs the same command to Completed.
        const QString estimator = project + QStringLiteral("/estimator.yml");
        r = cli({QStringLiteral("convert"), job, QStringLiteral("--to"), QStringLiteral("estimator"), QStringLiteral("-o"), estimator});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("job.yml: inputs.local.path: written as an absolute path"), r.err.constData());
        const QByteArray written = readFile(estimator);
        QVERIFY2(written.contains("display_name: 'digits from a job file'"), written.constData());
        r = cli({QStringLiteral("convert"), job, QStringLiteral("--to"), QStringLiteral("estimator"), QStringLiteral("-o"), estimator});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("exists; add --force"), r.err.constData());
        r = cli({QStringLiteral("convert"), job, QStringLiteral("--to"), QStringLiteral("estimator")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, written);
        r = cli({QStringLiteral("submit"), estimator, QStringLiteral("--wait")});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        const QJsonObject again = show(QString::fromUtf8(r.out.split('\n').value(0)).trimmed());
        QCOMPARE(again.value(QStringLiteral("command")).toArray(), shown.value(QStringLiteral("command")).toArray());
    }

    void jobFileRefusalsExit2()
    {
        const QString project = m_dir.path() + QStringLiteral("/refused");
        QVERIFY(writeFile(project + QStringLiteral("/train.py"), "print(1)\n"));
        QVERIFY(writeFile(project + QStringLiteral("/data/a.txt"), "a\n"));
        const QString job = project + QStringLiteral("/job.yml");
        QVERIFY(writeFile(job, "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncode: .\n"
                               "command: python train.py > log.txt\nresources: {instance_type: Standard_NC6}\n"));
        CliResult r = cli({QStringLiteral("submit"), job});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("job.yml: command: \">\" at column 17 is a redirection"), r.err.constData());
        QVERIFY2(r.err.contains("job.yml: resources.instance_type: not supported"), r.err.constData());
        r = cli({QStringLiteral("convert"), job, QStringLiteral("--to"), QStringLiteral("estimator")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("job.yml: resources.instance_type: not supported"), r.err.constData());
        r = cli({QStringLiteral("convert"), job, QStringLiteral("--to"), QStringLiteral("pipeline")});
        QCOMPARE(r.exitCode, 2);
        r = cli({QStringLiteral("convert"), project + QStringLiteral("/train.py"), QStringLiteral("--to"), QStringLiteral("estimator")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("is not an Azure ML command job file"), r.err.constData());

        // A local input path is refused for a target that does not run on this machine.
        r = cli({QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"), QStringLiteral("far"), QStringLiteral("--host"),
                 QStringLiteral("127.0.0.1"), QStringLiteral("--user"), QStringLiteral("nobody")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(writeFile(job, "code: .\ncommand: python train.py ${{inputs.d}}\ninputs: {d: {path: data}}\ncompute: azureml:far\n"));
        r = cli({QStringLiteral("submit"), job});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("job.yml: inputs.d.path: a path on this machine, which compute target far (kind ssh) does not see"),
                 r.err.constData());
        r = cli({QStringLiteral("--json"), QStringLiteral("runs"), QStringLiteral("--experiment"), QStringLiteral("refused")});
        QVERIFY2(!r.out.contains("refused_"), r.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestJobFilesCli)
#include "TestJobFilesCli.moc"
