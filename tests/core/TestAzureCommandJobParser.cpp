#include <QtTest>

#include "estimator/AzureCommandJobParser.h"
#include "TestSupport.h"

// AzureCommandJobParser: every key of an Azure ML v2 command job maps to the estimator field it means, every
// refusal names its key's path and what was found, detection tells job files from estimator files, and
// hostile input gives messages, not crashes.
class TestAzureCommandJobParser : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_jobDir;  // the folder of the job file
    QString m_code;    // its code folder, src/

    std::optional<AzureCommandJob> parse(const QByteArray& yaml, QStringList* errors)
    {
        return AzureCommandJobParser::parseText(yaml, m_jobDir, QStringLiteral("job.yml"), errors);
    }

    AzureCommandJob parseOk(const QByteArray& yaml)
    {
        QStringList errors;
        const auto job = parse(yaml, &errors);
        if (!job) {
            qWarning() << errors;
            return AzureCommandJob();
        }
        return *job;
    }

    QStringList errorsFor(const QByteArray& yaml)
    {
        QStringList errors;
        if (parse(yaml, &errors))
            return {};
        if (errors.isEmpty())
            return {QStringLiteral("parse failed without a message")};
        return errors;
    }

    static QVector<ScriptArgument> words(const QStringList& texts)
    {
        QVector<ScriptArgument> arguments;
        for (const QString& text : texts)
            arguments << ScriptArgument::literal(text);
        return arguments;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_jobDir = QDir::cleanPath(m_dir.path() + QStringLiteral("/project"));
        m_code = m_jobDir + QStringLiteral("/src");
        QVERIFY(TestSupport::writeFile(m_code + QStringLiteral("/train.py"), "print(1)\n"));
        QVERIFY(TestSupport::writeFile(m_code + QStringLiteral("/sub/eval.py"), "print(2)\n"));
        QVERIFY(TestSupport::writeFile(m_jobDir + QStringLiteral("/environment.yml"), "name: x\n"));
        QVERIFY(TestSupport::writeFile(m_code + QStringLiteral("/conda.yaml"), "name: y\n"));
        QVERIFY(TestSupport::writeFile(m_jobDir + QStringLiteral("/data/train.csv"), "1,2\n"));
        QVERIFY(TestSupport::writeFile(m_jobDir + QStringLiteral("/labels.txt"), "a\n"));
    }

    void everyKeyMaps()
    {
        const AzureCommandJob job = parseOk(R"($schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
type: command
code: src
command: >-
  python train.py --data ${{inputs.mnist}} --labels=${{inputs.labels}} --lr ${{inputs.learning_rate}}
  --name "${{inputs.title}}" --local ${{inputs.local_data}} --model-dir ${{outputs.model}}
  --metrics=${{outputs.scores}}/all.json 'quoted arg' --latest ${{inputs.latest}}
inputs:
  mnist: {type: uri_folder, path: "azureml:mnist:3", mode: ro_mount}
  latest: {path: "azureml:cifar@latest", mode: download}
  labels: {type: uri_file, path: ../project/labels.txt}
  local_data: {type: uri_folder, path: data, description: the training set}
  learning_rate: 0.010
  title: two words $HOME
outputs:
  model: {type: mlflow_model}
  scores: {type: uri_file, mode: upload}
  plain:
environment:
  image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04
  conda_file: environment.yml
compute: azureml:gpu-box
distribution: {type: mpi, process_count_per_instance: 2}
resources: {instance_count: 3}
environment_variables: {OMP_NUM_THREADS: 4, EMPTY: ~}
experiment_name: mnist-v2
display_name: first job
description: Trains on MNIST.
tags: {stage: dev, owner: ada}
)");
        const Estimator& e = job.estimator;
        QCOMPARE(e.sourceDirectory, m_code);
        QCOMPARE(e.entryScript, QStringLiteral("train.py"));
        QVERIFY(e.scriptParams.isEmpty());
        QVector<ScriptArgument> expected = words({QStringLiteral("--data")});
        expected << ScriptArgument::datasetReference(QStringLiteral("mnist:3"), QStringLiteral("mount"));
        expected << words({QStringLiteral("--labels=") + m_jobDir + QStringLiteral("/labels.txt"), QStringLiteral("--lr"),
                           QStringLiteral("0.010"), QStringLiteral("--name"), QStringLiteral("two words $HOME"),
                           QStringLiteral("--local"), m_jobDir + QStringLiteral("/data"), QStringLiteral("--model-dir"),
                           QStringLiteral("outputs/model"), QStringLiteral("--metrics=outputs/scores/all.json"),
                           QStringLiteral("quoted arg"), QStringLiteral("--latest")});
        expected << ScriptArgument::datasetReference(QStringLiteral("cifar"), QStringLiteral("download"));
        QCOMPARE(e.arguments, expected);
        // Folder outputs are made for the script; a file output is only a name in outputs/.
        QCOMPARE(e.outputFolders, (QStringList{QStringLiteral("model"), QStringLiteral("plain")}));
        QCOMPARE(e.customDockerImage, QStringLiteral("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04"));
        QCOMPARE(e.environmentDefinition, m_jobDir + QStringLiteral("/environment.yml"));
        QCOMPARE(e.computeTarget, QStringLiteral("gpu-box"));
        QCOMPARE(e.distributedTraining, QStringLiteral("mpi"));
        QCOMPARE(e.processCountPerNode, 2);
        QCOMPARE(e.nodeCount, 3);
        QCOMPARE(e.environmentVariables, (QVector<QPair<QString, QString>>{{QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("4")},
                                                                           {QStringLiteral("EMPTY"), QString()}}));
        QCOMPARE(e.experiment, QStringLiteral("mnist-v2"));
        QCOMPARE(e.displayName, QStringLiteral("first job"));
        QCOMPARE(e.description, QStringLiteral("Trains on MNIST."));
        QCOMPARE(e.tags, (QVector<QPair<QString, QString>>{{QStringLiteral("stage"), QStringLiteral("dev")},
                                                           {QStringLiteral("owner"), QStringLiteral("ada")}}));
        QVERIFY(e.filePath.isEmpty());
        QCOMPARE(job.localInputs, (QStringList{QStringLiteral("inputs.labels"), QStringLiteral("inputs.local_data")}));
    }

    void smallestJobAndDefaults()
    {
        // No $schema: command and code say it is a job. No compute: local. No experiment: the code folder's name.
        const AzureCommandJob job = parseOk("code: ./src\ncommand: python3 -u sub/eval.py\n");
        QCOMPARE(job.estimator.sourceDirectory, m_code);
        QCOMPARE(job.estimator.entryScript, QStringLiteral("sub/eval.py"));
        QVERIFY(job.estimator.arguments.isEmpty());
        QCOMPARE(job.estimator.computeTarget, QStringLiteral("local"));
        QCOMPARE(job.estimator.experiment, QStringLiteral("src"));
        QCOMPARE(job.estimator.distributedTraining, QStringLiteral("none"));
        QVERIFY(job.localInputs.isEmpty());

        const AzureCommandJob other = parseOk("$schema: commandJob\ncode: src\ncommand: python ./train.py ''\n"
                                              "compute: local\nenvironment: {conda_file: src/conda.yaml}\n"
                                              "distribution: {type: pytorch}\ninputs:\noutputs:\n");
        QCOMPARE(other.estimator.entryScript, QStringLiteral("train.py"));
        QCOMPARE(other.estimator.arguments, words({QString()}));
        // Inside the code folder, the environment file is named relative to it, as in an estimator file.
        QCOMPARE(other.estimator.environmentDefinition, QStringLiteral("conda.yaml"));
        QCOMPARE(other.estimator.distributedTraining, QStringLiteral("pytorch"));
        QCOMPARE(other.estimator.processCountPerNode, 1);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        const QByteArray code = "code: src\n";
        const QByteArray job = code + "command: python train.py\n";
        const QString src = QDir::cleanPath(m_dir.path() + QStringLiteral("/project/src"));
        const QString project = QDir::cleanPath(m_dir.path() + QStringLiteral("/project"));

        QTest::newRow("unknown key") << job + "limits: {timeout: 60}\n" << "limits: not supported: Trainyard sets no time limit on a run";
        QTest::newRow("misspelt key") << job + "comand: x\n" << "comand: not supported by Trainyard (did you mean \"command\"?)";
        QTest::newRow("name") << job + "name: my-job-1\n" << "name: not supported: Trainyard gives each run its own id; display_name names it";
        QTest::newRow("schema") << job + "$schema: https://x/sweepJob.schema.json\n"
                                << "$schema: \"https://x/sweepJob.schema.json\" is not a command job; Trainyard reads command jobs "
                                   "(…/commandJob.schema.json)";
        QTest::newRow("type") << job + "type: pipeline\n"
                              << "type: expected command, got \"pipeline\" (Trainyard reads command jobs)";
        QTest::newRow("code registered") << QByteArray("code: azureml:my-code:1\ncommand: python train.py\n")
                                         << "code: \"azureml:my-code:1\": only a folder on this machine can be the code";
        QTest::newRow("code url") << QByteArray("code: https://github.com/x/y\ncommand: python train.py\n")
                                  << "code: \"https://github.com/x/y\": only a folder on this machine can be the code";
        QTest::newRow("code missing") << QByteArray("code: nowhere\ncommand: python train.py\n")
                                      << "code: " + project + "/nowhere does not exist";
        QTest::newRow("command missing") << code << "command: required: python SCRIPT.py ARGUMENTS…";
        QTest::newRow("command list") << code + "command: [python, train.py]\n" << "command: expected a string, got a list";
        QTest::newRow("command pipe") << code + "command: python train.py | tee x\n"
                                      << "command: \"|\" at column 17 is a pipe to a shell; Trainyard runs the command "
                                         "without one, so write only the program and its arguments (quote the character "
                                         "to pass it literally)";
        QTest::newRow("command and") << code + "command: pip install x && python train.py\n"
                                     << "command: \"&&\" at column 15 is \"and\" between commands to a shell; Trainyard runs "
                                        "the command without one, so write only the program and its arguments (quote the "
                                        "character to pass it literally)";
        QTest::newRow("command variable") << code + "command: python train.py --out $OUT\n"
                                          << "command: \"$OUT\" at column 23 is a variable or expansion to a shell; Trainyard "
                                             "runs the command without one, so write only the program and its arguments "
                                             "(quote the character to pass it literally)";
        QTest::newRow("not python") << code + "command: bash run.sh\n"
                                    << "command: expected python or python3 SCRIPT.py ARGUMENTS…, found \"bash\" as the program";
        QTest::newRow("placeholder program") << code + "command: ${{inputs.p}} train.py\ninputs: {p: python}\n"
                                             << "command: expected python or python3 SCRIPT.py ARGUMENTS…, found "
                                                "\"${{inputs.p}}\" as the program";
        QTest::newRow("python module") << code + "command: python -m torch.distributed.run train.py\n"
                                       << "command: expected a .py script after python, found \"-m\"";
        QTest::newRow("no script") << code + "command: python\n" << "command: expected a .py script after python, found nothing";
        QTest::newRow("script missing") << code + "command: python nope.py\n"
                                        << "command: nope.py does not exist in code " + src;
        QTest::newRow("optional brackets") << code + "command: python train.py $[[--x ${{inputs.x}}]]\n"
                                           << "command: optional arguments ($[[…]]) are not supported; write the argument itself";
        QTest::newRow("unknown input") << job.left(job.size() - 1) + " ${{inputs.nope}}\n"
                                       << "command: ${{inputs.nope}}: no input nope under inputs";
        QTest::newRow("unknown output") << job.left(job.size() - 1) + " ${{outputs.nope}}\n"
                                        << "command: ${{outputs.nope}}: no output nope under outputs";
        QTest::newRow("other expression") << job.left(job.size() - 1) + " ${{search_space.lr}}\n"
                                          << "command: ${{search_space.lr}}: only ${{inputs.NAME}} and ${{outputs.NAME}} are supported";
        QTest::newRow("dataset inside a word")
            << code + "command: python train.py --data=${{inputs.d}}\ninputs: {d: {path: 'azureml:d:1'}}\n"
            << "command: \"--data=${{inputs.d}}\": a registered dataset input must be an argument of its own (write "
               "\"--name ${{inputs.d}}\" instead of \"--name=${{inputs.d}}\")";
        QTest::newRow("input type") << job + "inputs: {t: {type: mltable, path: 'azureml:t:1'}}\n"
                                    << "inputs.t.type: \"mltable\" not supported (uri_folder or uri_file; a literal value is "
                                       "written as NAME: VALUE)";
        QTest::newRow("input mode") << job + "inputs: {t: {path: 'azureml:t:1', mode: rw_mount}}\n"
                                    << "inputs.t.mode: \"rw_mount\" not supported (ro_mount or download)";
        QTest::newRow("input eval mode") << job + "inputs: {t: {path: 'azureml:t:1', mode: eval_mount}}\n"
                                         << "inputs.t.mode: \"eval_mount\" not supported (ro_mount or download)";
        QTest::newRow("input datastore") << job + "inputs: {t: {path: 'azureml://datastores/x/paths/y'}}\n"
                                         << "inputs.t.path: \"azureml://datastores/x/paths/y\" not supported "
                                            "(azureml:NAME:VERSION or azureml:NAME@latest for a registered dataset, or a path on "
                                            "this machine)";
        QTest::newRow("input no version") << job + "inputs: {t: {path: 'azureml:t'}}\n"
                                          << "inputs.t.path: \"azureml:t\" not supported (azureml:NAME:VERSION or "
                                             "azureml:NAME@latest for a registered dataset, or a path on this machine)";
        QTest::newRow("input https") << job + "inputs: {t: {type: uri_file, path: 'https://x/y.csv'}}\n"
                                     << "inputs.t.path: \"https://x/y.csv\" not supported (azureml:NAME:VERSION or "
                                        "azureml:NAME@latest for a registered dataset, or a path on this machine)";
        QTest::newRow("input path missing") << job + "inputs: {t: {type: uri_folder}}\n"
                                            << "inputs.t.path: required: azureml:NAME:VERSION, azureml:NAME@latest or a path "
                                               "on this machine";
        QTest::newRow("input local missing") << job + "inputs: {t: {path: gone}}\n"
                                             << "inputs.t.path: " + project + "/gone does not exist";
        QTest::newRow("input file is a folder") << job + "inputs: {t: {type: uri_file, path: data}}\n"
                                                << "inputs.t.path: " + project + "/data is not a file, but type is uri_file";
        QTest::newRow("input folder is a file") << job + "inputs: {t: {path: labels.txt}}\n"
                                                << "inputs.t.path: " + project + "/labels.txt is not a folder, but type is uri_folder";
        QTest::newRow("input extra key") << job + "inputs: {t: {path: data, optional: true}}\n"
                                         << "inputs.t.optional: not supported (expected type, path, mode, description)";
        QTest::newRow("input list") << job + "inputs: {t: [1, 2]}\n" << "inputs.t: expected a value or {type, path, mode}, got a list";
        QTest::newRow("input null") << job + "inputs: {t: ~}\n"
                                    << "inputs.t: expected a value or {type, path, mode}, got nothing (null)";
        QTest::newRow("input name") << job + "inputs: {\"a-b\": 1}\n"
                                    << "inputs.a-b: an input's name is letters, digits and _, not starting with a digit";
        QTest::newRow("inputs list") << job + "inputs: [a]\n"
                                     << "inputs: expected a mapping of NAME: value or {type, path, mode}, got a list";
        QTest::newRow("output path") << job + "outputs: {m: {path: 'azureml://datastores/x'}}\n"
                                     << "outputs.m.path: not supported: an output is the run's outputs/m, kept with the run";
        QTest::newRow("output type") << job + "outputs: {m: {type: mltable}}\n"
                                     << "outputs.m.type: \"mltable\" not supported (uri_folder, uri_file, custom_model or mlflow_model)";
        QTest::newRow("output mode") << job + "outputs: {m: {mode: direct}}\n"
                                     << "outputs.m.mode: \"direct\" not supported (rw_mount or upload)";
        QTest::newRow("output scalar") << job + "outputs: {m: x}\n" << "outputs.m: expected a mapping, got \"x\"";
        QTest::newRow("registered environment") << job + "environment: azureml:AzureML-sklearn-1.0:5\n"
                                                << "environment: \"azureml:AzureML-sklearn-1.0:5\": a registered environment is not "
                                                   "supported; write it inline as image and conda_file";
        QTest::newRow("environment build") << job + "environment: {build: {path: docker}}\n"
                                           << "environment.build: not supported (expected image, conda_file)";
        QTest::newRow("conda file missing") << job + "environment: {conda_file: nope.yml}\n"
                                            << "environment.conda_file: " + project + "/nope.yml does not exist";
        QTest::newRow("image with space") << job + "environment: {image: 'a b'}\n"
                                          << "environment.image: an image name has no spaces or control characters, got \"a b\"";
        QTest::newRow("distribution type") << job + "distribution: {type: tensorflow, worker_count: 2}\n"
                                           << "distribution.worker_count: not supported (expected type, process_count_per_instance)";
        QTest::newRow("distribution tensorflow") << job + "distribution: {type: tensorflow}\n"
                                                 << "distribution.type: \"tensorflow\" not supported (mpi or pytorch)";
        QTest::newRow("distribution no type") << job + "distribution: {process_count_per_instance: 2}\n"
                                              << "distribution.type: required: mpi or pytorch";
        QTest::newRow("process count") << job + "distribution: {type: mpi, process_count_per_instance: two}\n"
                                       << "distribution.process_count_per_instance: expected a positive integer, got \"two\"";
        QTest::newRow("instance type") << job + "resources: {instance_count: 2, instance_type: Standard_NC6}\n"
                                       << "resources.instance_type: not supported: the compute target (compute) decides the machine";
        QTest::newRow("shm size") << job + "resources: {shm_size: 2g}\n" << "resources.shm_size: not supported (expected instance_count)";
        QTest::newRow("instance count zero") << job + "resources: {instance_count: 0}\n"
                                             << "resources.instance_count: expected a positive integer, got \"0\"";
        QTest::newRow("instances without distribution") << job + "resources: {instance_count: 2}\n"
                                                        << "resources.instance_count: 2 instances need a distribution (type: mpi or pytorch)";
        QTest::newRow("process count too large")
            << job + "distribution: {type: mpi, process_count_per_instance: 20000}\n"
            << "distribution.process_count_per_instance: expected at most 10000, got 20000";
        QTest::newRow("compute name") << job + "compute: azureml:my cluster\n"
                                      << "compute: expected a target name from A-Z a-z 0-9 . _ -, got \"my cluster\"";
        QTest::newRow("experiment name") << job + "experiment_name: a/b\n"
                                         << "experiment_name: expected 1 to 64 characters from A-Z a-z 0-9 . _ -, got \"a/b\"";
        QTest::newRow("tag name") << job + "tags: {\"a b\": c}\n"
                                  << "tags.a b: tag name \"a b\": no spaces or control characters allowed";
        QTest::newRow("tag value") << job + "tags: {a: [1]}\n" << "tags.a: expected a string value, got a list";
        QTest::newRow("display name") << job + "display_name: {a: 1}\n" << "display_name: expected a string, got a mapping";
        QTest::newRow("variables") << job + "environment_variables: [A]\n"
                                   << "environment_variables: expected a mapping of NAME: value, got a list";
        QTest::newRow("variable name") << job + "environment_variables: {\"1X\": a}\n"
                                       << "environment_variables: expected a variable name matching [A-Za-z_][A-Za-z0-9_]*, got \"1X\"";
        QTest::newRow("duplicate key") << job + "compute: a\ncompute: b\n" << "compute: appears more than once";
        QTest::newRow("not a mapping") << QByteArray("- python train.py\n")
                                       << "expected a command job (a mapping with $schema, command, code, …), got a list";
    }

    void refusals()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const QStringList errors = errorsFor(yaml);
        QVERIFY2(errors.size() == 1, qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(errors.first(), QStringLiteral("job.yml: ") + expected);
    }

    void allProblemsAtOnce()
    {
        const QStringList errors = errorsFor("code: src\ncommand: python train.py ${{inputs.x}}\nlimits: {}\n"
                                             "resources: {instance_type: big}\ninputs: {x: {path: 'azureml:x:0'}}\n");
        QCOMPARE(errors.size(), 4);
        QVERIFY(errors[0].startsWith(QStringLiteral("job.yml: limits: ")));
        QVERIFY2(errors.join(QLatin1Char('\n')).contains(QStringLiteral("job.yml: resources.instance_type: ")), qPrintable(errors.join('\n')));
        QVERIFY(errors.join(QLatin1Char('\n')).contains(QStringLiteral("job.yml: inputs.x.path: ")));
        QVERIFY(errors.join(QLatin1Char('\n')).contains(QStringLiteral("job.yml: command: ${{inputs.x}}: no input x")));
    }

    void detection()
    {
        QVERIFY(AzureCommandJobParser::isJobText("$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\n"));
        QVERIFY(AzureCommandJobParser::isJobText("$schema: https://x/sweepJob.schema.json\n")); // refused when parsed
        QVERIFY(AzureCommandJobParser::isJobText("code: .\ncommand: python train.py\n"));
        QVERIFY(AzureCommandJobParser::isJobText("type: command\ncommand: python train.py\n"));
        QVERIFY(!AzureCommandJobParser::isJobText("entry_script: train.py\nsource_directory: .\n"));
        QVERIFY(!AzureCommandJobParser::isJobText("command: python train.py\n"));
        QVERIFY(!AzureCommandJobParser::isJobText("[unclosed\n"));
        QVERIFY(!AzureCommandJobParser::isJobText("- a\n"));
        QVERIFY(!AzureCommandJobParser::isJobText(""));
        QVERIFY(TestSupport::writeFile(m_jobDir + QStringLiteral("/job.yml"), "code: src\ncommand: python train.py\n"));
        QVERIFY(AzureCommandJobParser::isJobFile(m_jobDir + QStringLiteral("/job.yml")));
        QVERIFY(!AzureCommandJobParser::isJobFile(m_jobDir + QStringLiteral("/no-such.yml")));

        QStringList errors;
        const auto job = AzureCommandJobParser::parseFile(m_jobDir + QStringLiteral("/job.yml"), &errors);
        QVERIFY2(job.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(job->estimator.sourceDirectory, m_code);
        QVERIFY(!AzureCommandJobParser::parseFile(m_jobDir + QStringLiteral("/no-such.yml"), &errors));
        QCOMPARE(errors.last(), QStringLiteral("no-such.yml: file not found: ") + m_jobDir + QStringLiteral("/no-such.yml"));
    }

    void localInputsOnlyOnLocalTargets()
    {
        const AzureCommandJob job = parseOk("code: src\ncommand: python train.py ${{inputs.d}}\ninputs: {d: {path: data}}\n");
        QVERIFY(AzureCommandJobParser::localInputProblems(job, QStringLiteral("local"), QStringLiteral("local"),
                                                          QStringLiteral("job.yml"))
                    .isEmpty());
        QCOMPARE(AzureCommandJobParser::localInputProblems(job, QStringLiteral("gpu"), QStringLiteral("ssh"), QStringLiteral("job.yml")),
                 QStringList{QStringLiteral("job.yml: inputs.d.path: a path on this machine, which compute target gpu (kind "
                                            "ssh) does not see; register it (trainyard-cli datasets add NAME PATH) and write "
                                            "path: azureml:NAME@latest")});
    }

    void hostileInputGivesMessages()
    {
        QStringList errors = errorsFor("code: src\ncommand: " + QByteArray(100000, '[') + "\n");
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].contains(QStringLiteral("nested too deeply")), qPrintable(errors[0]));
        const QByteArray big(4 * 1024 * 1024, 'a');
        const AzureCommandJob job = parseOk("code: src\ncommand: python train.py " + big + "\n");
        QCOMPARE(job.estimator.arguments.value(0).value.size(), big.size());
        errors = errorsFor("code: src\ncommand: python train.py\nexperiment_name: " + big + "\n");
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors[0].size() < 200);
    }
};

QTEST_GUILESS_MAIN(TestAzureCommandJobParser)
#include "TestAzureCommandJobParser.moc"
