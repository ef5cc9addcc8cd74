#include <QtTest>

#include "estimator/EstimatorParser.h"
#include "metrics/StdoutMetricParser.h"
#include "TestSupport.h"

// EstimatorParser: the brief's example, every rejection with its exact message, all errors at once, hostile
// inputs (huge scalars, deep nesting) and --param overrides.
class TestEstimatorParser : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project; // the folder holding estimator.yml and the source files

    QStringList errorsFor(const QByteArray& yaml)
    {
        QStringList errors;
        const auto estimator = EstimatorParser::parseText(yaml, m_project, QStringLiteral("estimator.yml"), &errors);
        if (estimator)
            return {};
        if (errors.isEmpty())
            return {QStringLiteral("parse failed without a message")};
        return errors;
    }

    Estimator parseOk(const QByteArray& yaml)
    {
        QStringList errors;
        const auto estimator = EstimatorParser::parseText(yaml, m_project, QStringLiteral("estimator.yml"), &errors);
        if (!estimator) {
            qWarning() << errors;
            return Estimator();
        }
        return *estimator;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_project = m_dir.path() + QStringLiteral("/proj");
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/train.py"), "print('hi')\n"));
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/run.sh"), "echo hi\n"));
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/notes.txt"), "x\n"));
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/environment.yml"), "name: x\n"));
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/sub/train.py"), "print('sub')\n"));
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/sub/requirements.txt"), "numpy\n"));
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/only-next-to-file.yml"), "name: y\n"));
        QVERIFY(QDir().mkpath(m_project + QStringLiteral("/folder.py")));
        QVERIFY(TestSupport::writeFile(m_dir.path() + QStringLiteral("/x.py"), "print('outside')\n"));
        QVERIFY(QFile::link(m_dir.path() + QStringLiteral("/x.py"), m_project + QStringLiteral("/escape.py")));
    }

    void exampleFromProductBrief()
    {
        const QByteArray yaml = R"(# estimator.yml — paths are relative to this file
experiment: mnist-sklearn
source_directory: .
entry_script: train.py
script_params:
  --data-folder: {dataset: mnist, mode: mount}   # a registered dataset (mode: mount | download)
  --regularization: 0.8
  --verbose: ""                                   # a bare flag
compute_target: local
pip_packages: [joblib]
conda_packages: [scikit-learn]
environment_definition: environment.yml          # or requirements.txt; optional
custom_docker_image: continuumio/miniconda        # optional
node_count: 1
process_count_per_node: 1
distributed_training: none                        # none | mpi | pytorch
environment_variables: {OMP_NUM_THREADS: "2"}
metric_patterns: ['^acc=(?<value>\S+)']           # optional, Trainyard extension: stdout metric regexes
)";
        const QString path = m_project + QStringLiteral("/estimator.yml");
        QVERIFY(TestSupport::writeFile(path, yaml));
        QStringList errors;
        const auto e = EstimatorParser::parseFile(path, &errors);
        QVERIFY2(e.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(errors.isEmpty());
        QCOMPARE(e->filePath, QDir::cleanPath(path));
        QCOMPARE(e->experiment, QStringLiteral("mnist-sklearn"));
        QCOMPARE(e->sourceDirectory, QDir::cleanPath(m_project));
        QCOMPARE(e->entryScript, QStringLiteral("train.py"));
        QCOMPARE(e->scriptParams.size(), 3);
        QCOMPARE(e->scriptParams[0].key, QStringLiteral("--data-folder"));
        QCOMPARE(e->scriptParams[0].kind, ScriptParam::Kind::Dataset);
        QCOMPARE(e->scriptParams[0].dataset, QStringLiteral("mnist"));
        QCOMPARE(e->scriptParams[0].datasetMode, QStringLiteral("mount"));
        QCOMPARE(e->scriptParams[1].key, QStringLiteral("--regularization"));
        QCOMPARE(e->scriptParams[1].kind, ScriptParam::Kind::Value);
        QCOMPARE(e->scriptParams[1].value, QStringLiteral("0.8"));
        QCOMPARE(e->scriptParams[2].key, QStringLiteral("--verbose"));
        QCOMPARE(e->scriptParams[2].kind, ScriptParam::Kind::Flag);
        QCOMPARE(e->computeTarget, QStringLiteral("local"));
        QCOMPARE(e->pipPackages, QStringList{QStringLiteral("joblib")});
        QCOMPARE(e->condaPackages, QStringList{QStringLiteral("scikit-learn")});
        QCOMPARE(e->environmentDefinition, QStringLiteral("environment.yml"));
        QCOMPARE(e->customDockerImage, QStringLiteral("continuumio/miniconda"));
        QCOMPARE(e->nodeCount, 1);
        QCOMPARE(e->processCountPerNode, 1);
        QCOMPARE(e->distributedTraining, QStringLiteral("none"));
        QCOMPARE(e->environmentVariables.size(), 1);
        QCOMPARE(e->environmentVariables[0].first, QStringLiteral("OMP_NUM_THREADS"));
        QCOMPARE(e->environmentVariables[0].second, QStringLiteral("2"));
        QCOMPARE(e->metricPatterns, QStringList{QStringLiteral("^acc=(?<value>\\S+)")});
    }

    void defaultsAndRelativePaths()
    {
        // source_directory defaults to the file's folder; relative paths are relative to the file, not the cwd.
        const QString path = m_project + QStringLiteral("/sub/estimator.yml");
        QVERIFY(TestSupport::writeFile(path, "entry_script: train.py\n"));
        QStringList errors;
        auto e = EstimatorParser::parseFile(path, &errors);
        QVERIFY2(e.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(e->sourceDirectory, QDir::cleanPath(m_project + QStringLiteral("/sub")));
        QCOMPARE(e->experiment, QStringLiteral("sub"));
        QCOMPARE(e->computeTarget, QStringLiteral("local"));
        QCOMPARE(e->distributedTraining, QStringLiteral("none"));
        QCOMPARE(e->nodeCount, 1);

        QVERIFY(TestSupport::writeFile(path, "source_directory: ..\nentry_script: sub/./train.py\n"));
        e = EstimatorParser::parseFile(path, &errors);
        QVERIFY2(e.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(e->sourceDirectory, QDir::cleanPath(m_project));
        QCOMPARE(e->entryScript, QStringLiteral("sub/train.py"));

        // An absolute entry script inside the source directory becomes relative.
        const Estimator absolute =
            parseOk("entry_script: " + (m_project + QStringLiteral("/sub/train.py")).toUtf8() + "\n");
        QCOMPARE(absolute.entryScript, QStringLiteral("sub/train.py"));
    }

    void defaultExperimentIsSanitised()
    {
        const QString odd = m_dir.path() + QStringLiteral("/My Project (v2)");
        QVERIFY(TestSupport::writeFile(odd + QStringLiteral("/train.py"), "\n"));
        QStringList errors;
        const auto e = EstimatorParser::parseText("entry_script: train.py\n", odd, QStringLiteral("e.yml"), &errors);
        QVERIFY2(e.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(e->experiment, QStringLiteral("My-Project--v2-"));
        QCOMPARE(Estimator::defaultExperimentName(QString(100, QLatin1Char('a'))).size(), 64);
    }

    void scalarsKeepTheirLiteralText()
    {
        const Estimator e = parseOk(R"(entry_script: train.py
script_params:
  --a: 0.8
  --b: 1e-3
  --c: "x y"
  --d: 010
  --e: true
  --f: 1.50
  --g: ''
  --h: "null"
  --i: 'it''s'
  --j: "~"
  -k: -5
)");
        const QStringList expected{QStringLiteral("0.8"),  QStringLiteral("1e-3"), QStringLiteral("x y"),
                                   QStringLiteral("010"),  QStringLiteral("true"), QStringLiteral("1.50"),
                                   QString(),              QStringLiteral("null"), QStringLiteral("it's"),
                                   QStringLiteral("~"),    QStringLiteral("-5")};
        QCOMPARE(e.scriptParams.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(e.scriptParams[i].value, expected[i]);
        QCOMPARE(e.scriptParams[6].kind, ScriptParam::Kind::Flag);
        QCOMPARE(e.scriptParams[7].kind, ScriptParam::Kind::Value);
        QCOMPARE(e.scriptParams[10].key, QStringLiteral("-k"));
    }

    void twentyParamsKeepTheirOrder()
    {
        // Keys chosen so that any sorting (alphabetical, by hash) would change the order.
        QStringList keys;
        QByteArray yaml = "entry_script: train.py\nscript_params:\n";
        for (int i = 0; i < 20; ++i) {
            const QString key = QStringLiteral("--p%1-%2").arg((i * 7) % 20).arg(QChar(QLatin1Char('z' - i)));
            keys << key;
            yaml += "  " + key.toUtf8() + ": " + QByteArray::number(i) + "\n";
        }
        const Estimator e = parseOk(yaml);
        QCOMPARE(e.scriptParams.size(), 20);
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(e.scriptParams[i].key, keys[i]);
            QCOMPARE(e.scriptParams[i].value, QString::number(i));
        }
    }

    void datasetParams()
    {
        const Estimator e = parseOk(R"(entry_script: train.py
script_params:
  --a: {dataset: mnist}
  --b: {dataset: "mnist:3", mode: download}
)");
        QCOMPARE(e.scriptParams.size(), 2);
        QCOMPARE(e.scriptParams[0].kind, ScriptParam::Kind::Dataset);
        QCOMPARE(e.scriptParams[0].datasetMode, QStringLiteral("mount"));
        QCOMPARE(e.scriptParams[1].dataset, QStringLiteral("mnist:3"));
        QCOMPARE(e.scriptParams[1].datasetMode, QStringLiteral("download"));
    }

    void argumentsDisplayNameTagsAndOutputs()
    {
        const Estimator e = parseOk(R"(entry_script: train.py
display_name: "baseline: lr 0.1"
description: |
  First try.
  With two lines.
tags: {stage: dev, owner: ada, empty: "", nothing: ~, version: 2}
script_params:
  --a: 1
arguments:
  - --lr
  - 0.10
  - --data
  - {dataset: mnist, mode: download}
  - --verbose
  - yes
  - ""
  - two words
  - {dataset: "cifar:2"}
output_folders: [model, metrics.d]
)");
        QCOMPARE(e.displayName, QStringLiteral("baseline: lr 0.1"));
        QCOMPARE(e.description, QStringLiteral("First try.\nWith two lines.\n"));
        QCOMPARE(e.tags, (QVector<QPair<QString, QString>>{{QStringLiteral("stage"), QStringLiteral("dev")},
                                                           {QStringLiteral("owner"), QStringLiteral("ada")},
                                                           {QStringLiteral("empty"), QString()},
                                                           {QStringLiteral("nothing"), QString()},
                                                           {QStringLiteral("version"), QStringLiteral("2")}}));
        QCOMPARE(e.scriptParams.size(), 1);
        QCOMPARE(e.arguments,
                 (QVector<ScriptArgument>{ScriptArgument::literal(QStringLiteral("--lr")),
                                          ScriptArgument::literal(QStringLiteral("0.10")),
                                          ScriptArgument::literal(QStringLiteral("--data")),
                                          ScriptArgument::datasetReference(QStringLiteral("mnist"), QStringLiteral("download")),
                                          ScriptArgument::literal(QStringLiteral("--verbose")),
                                          ScriptArgument::literal(QStringLiteral("yes")), ScriptArgument::literal(QString()),
                                          ScriptArgument::literal(QStringLiteral("two words")),
                                          ScriptArgument::datasetReference(QStringLiteral("cifar:2"), QStringLiteral("mount"))}));
        QCOMPARE(e.outputFolders, (QStringList{QStringLiteral("model"), QStringLiteral("metrics.d")}));
        QCOMPARE(Estimator::fromJson(e.toJson()), e);

        // As JSON (YAML's subset), the way the SDK writes it, with an absolute source_directory.
        const QByteArray json = "{\"source_directory\": \"" + m_project.toUtf8() + "/sub\", \"entry_script\": \"train.py\", "
                                "\"arguments\": [\"--n\", 3, true, {\"dataset\": \"mnist\", \"mode\": \"mount\"}], "
                                "\"display_name\": \"x\", \"tags\": {\"k\": \"v\"}}";
        const Estimator fromJson = parseOk(json);
        QCOMPARE(fromJson.sourceDirectory, QDir::cleanPath(m_project + QStringLiteral("/sub")));
        QCOMPARE(fromJson.entryScript, QStringLiteral("train.py"));
        QCOMPARE(fromJson.arguments.size(), 4);
        QCOMPARE(fromJson.arguments[1].value, QStringLiteral("3"));
        QCOMPARE(fromJson.arguments[2].value, QStringLiteral("true"));
        QCOMPARE(fromJson.arguments[3].kind, ScriptArgument::Kind::Dataset);
        QCOMPARE(fromJson.tags.value(0).second, QStringLiteral("v"));

        // Null means none.
        const Estimator empty = parseOk("entry_script: train.py\narguments:\ntags:\ndisplay_name:\noutput_folders:\n");
        QVERIFY(empty.arguments.isEmpty());
        QVERIFY(empty.tags.isEmpty());
        QVERIFY(empty.displayName.isEmpty());
        QVERIFY(empty.outputFolders.isEmpty());
    }

    void environmentDefinitionLookup()
    {
        // Relative to the source directory first...
        Estimator e = parseOk("source_directory: sub\nentry_script: train.py\nenvironment_definition: requirements.txt\n");
        QCOMPARE(e.environmentDefinition, QStringLiteral("requirements.txt"));
        // ...then to the estimator file's folder, stored as an absolute path.
        e = parseOk("source_directory: sub\nentry_script: train.py\nenvironment_definition: only-next-to-file.yml\n");
        QCOMPARE(e.environmentDefinition, QDir::cleanPath(m_project + QStringLiteral("/only-next-to-file.yml")));
        // Empty means none.
        e = parseOk("entry_script: train.py\nenvironment_definition:\ncustom_docker_image: ''\n");
        QVERIFY(e.environmentDefinition.isEmpty());
        QVERIFY(e.customDockerImage.isEmpty());
    }

    void nullCollectionsMeanEmpty()
    {
        const Estimator e =
            parseOk("entry_script: train.py\nscript_params:\npip_packages:\nenvironment_variables:\nmetric_patterns:\n");
        QVERIFY(e.scriptParams.isEmpty());
        QVERIFY(e.pipPackages.isEmpty());
        QVERIFY(e.environmentVariables.isEmpty());
        QVERIFY(e.metricPatterns.isEmpty());
    }

    void metricsFromAllRanks()
    {
        QVERIFY(!parseOk("entry_script: train.py\n").metricsFromAllRanks);
        QVERIFY(parseOk("entry_script: train.py\ndistributed_training: mpi\nprocess_count_per_node: 2\n"
                        "metrics_from_all_ranks: true\n").metricsFromAllRanks);
        QVERIFY(!parseOk("entry_script: train.py\nmetrics_from_all_ranks: false\n").metricsFromAllRanks);
    }

    void userManagedDependencies()
    {
        QVERIFY(!parseOk("entry_script: train.py\n").userManagedDependencies);
        QVERIFY(parseOk("entry_script: train.py\nuser_managed_dependencies: true\n").userManagedDependencies);
        QVERIFY(parseOk("entry_script: train.py\nuser_managed_dependencies: Yes\n").userManagedDependencies);
        QVERIFY(!parseOk("entry_script: train.py\nuser_managed_dependencies: false\n").userManagedDependencies);
        QVERIFY(!parseOk("entry_script: train.py\nuser_managed_dependencies:\n").userManagedDependencies);
        Estimator a = parseOk("entry_script: train.py\n");
        Estimator b = a;
        b.userManagedDependencies = true;
        QVERIFY(a != b);
        QCOMPARE(Estimator::fromJson(b.toJson()), b);
        QVERIFY(Estimator::fromJson(b.toJson()).userManagedDependencies);
    }

    void distributedCombinationsThatWork()
    {
        const Estimator e = parseOk("entry_script: run.sh\nnode_count: 4\nprocess_count_per_node: 8\n"
                                    "distributed_training: mpi\n");
        QCOMPARE(e.nodeCount, 4);
        QCOMPARE(e.processCountPerNode, 8);
        QCOMPARE(e.entryScript, QStringLiteral("run.sh"));
        QVERIFY(!parseOk("entry_script: train.py\nnode_count: 10000\ndistributed_training: pytorch\n")
                     .sourceDirectory.isEmpty());
    }

    // One YAML document per problem, and the exact message it must produce (after "estimator.yml: ").
    void rejections_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        const QByteArray entry = "entry_script: train.py\n";
        const QString src = QDir::cleanPath(m_dir.path() + QStringLiteral("/proj"));

        QTest::newRow("param list") << entry + "script_params:\n  --lr: [1, 2]\n"
                                    << "script_params.--lr: expected a scalar, a flag (\"\") or {dataset: NAME}";
        QTest::newRow("param null") << entry + "script_params:\n  --lr:\n"
                                    << "script_params.--lr: expected a scalar, a flag (\"\") or {dataset: NAME}";
        QTest::newRow("param tilde") << entry + "script_params:\n  --lr: ~\n"
                                     << "script_params.--lr: expected a scalar, a flag (\"\") or {dataset: NAME}";
        QTest::newRow("param other map") << entry + "script_params:\n  --lr: {a: 1}\n"
                                         << "script_params.--lr: expected a scalar, a flag (\"\") or {dataset: NAME}";
        QTest::newRow("param empty key") << entry + "script_params:\n  \"\": 1\n"
                                         << "script_params[0]: expected a non-empty parameter name as key, got \"\"";
        QTest::newRow("param null key") << entry + "script_params:\n  ~: 1\n"
                                        << "script_params[0]: expected a non-empty parameter name as key, got nothing (null)";
        QTest::newRow("param duplicate") << entry + "script_params:\n  --a: 1\n  --a: 2\n"
                                         << "script_params.--a: duplicate key";
        QTest::newRow("params not a map") << entry + "script_params: [--a, 1]\n"
                                          << "script_params: expected a mapping of parameter: value (in order), got a list";
        QTest::newRow("dataset subkey") << entry + "script_params:\n  --d: {dataset: m, mde: mount}\n"
                                        << "script_params.--d: unknown key \"mde\" (expected dataset, mode)";
        QTest::newRow("dataset mode") << entry + "script_params:\n  --d: {dataset: m, mode: copy}\n"
                                      << "script_params.--d.mode: expected mount or download, got \"copy\"";
        QTest::newRow("dataset name") << entry + "script_params:\n  --d: {dataset: \"a b\"}\n"
                                      << "script_params.--d.dataset: expected NAME or NAME:VERSION, got \"a b\"";
        QTest::newRow("node_count word") << entry + "node_count: two\n"
                                         << "node_count: expected a positive integer, got \"two\"";
        QTest::newRow("node_count zero") << entry + "node_count: 0\n"
                                         << "node_count: expected a positive integer, got \"0\"";
        QTest::newRow("node_count negative") << entry + "node_count: -3\n"
                                             << "node_count: expected a positive integer, got \"-3\"";
        QTest::newRow("node_count fraction") << entry + "node_count: 1.5\n"
                                             << "node_count: expected a positive integer, got \"1.5\"";
        QTest::newRow("node_count huge") << entry + "node_count: 99999999999999999999\n"
                                         << "node_count: expected a positive integer, got \"99999999999999999999\"";
        QTest::newRow("node_count too many") << entry + "node_count: 10001\ndistributed_training: mpi\n"
                                             << "node_count: expected at most 10000, got 10001";
        QTest::newRow("processes list") << entry + "process_count_per_node: [2]\n"
                                        << "process_count_per_node: expected a positive integer, got a list";
        QTest::newRow("unknown key") << QByteArray("entry_scrpt: train.py\nentry_script: train.py\n")
                                     << "unknown key \"entry_scrpt\" (did you mean \"entry_script\"?)";
        QTest::newRow("unknown key far") << entry + "gpu: 1\n" << "unknown key \"gpu\"";
        QTest::newRow("duplicate key") << entry + "node_count: 1\nnode_count: 2\n" << "node_count: appears more than once";
        QTest::newRow("outside") << QByteArray("entry_script: ../x.py\n")
                                 << "entry_script: ../x.py lies outside source_directory " + src;
        QTest::newRow("absolute outside") << "entry_script: " + (m_dir.path() + QStringLiteral("/x.py")).toUtf8() + "\n"
                                          << "entry_script: " + m_dir.path() + "/x.py lies outside source_directory " + src;
        QTest::newRow("symlink outside") << QByteArray("entry_script: escape.py\n")
                                         << "entry_script: escape.py lies outside source_directory " + src
                + " (through a symbolic link)";
        QTest::newRow("missing entry") << QByteArray("experiment: x\n")
                                       << "entry_script: required key missing (the .py or .sh script to run)";
        QTest::newRow("entry not found") << QByteArray("entry_script: nope.py\n")
                                         << "entry_script: nope.py does not exist in source_directory " + src;
        QTest::newRow("entry kind") << QByteArray("entry_script: notes.txt\n") << "entry_script: notes.txt: expected a .py or .sh script";
        QTest::newRow("entry folder") << QByteArray("entry_script: folder.py\n") << "entry_script: folder.py is not a regular file";
        QTest::newRow("entry map") << QByteArray("entry_script: {a: 1}\n") << "entry_script: expected a string, got a mapping";
        QTest::newRow("source missing") << QByteArray("source_directory: nowhere\nentry_script: train.py\n")
                                        << "source_directory: " + src + "/nowhere does not exist";
        QTest::newRow("source is file") << QByteArray("source_directory: train.py\nentry_script: train.py\n")
                                        << "source_directory: " + src + "/train.py is not a directory";
        QTest::newRow("compute target") << entry + "compute_target: \"my target\"\n"
                                        << "compute_target: expected a target name from A-Z a-z 0-9 . _ -, got \"my target\"";
        QTest::newRow("compute target empty") << entry + "compute_target: ''\n"
                                              << "compute_target: expected a target name from A-Z a-z 0-9 . _ -, got \"\"";
        QTest::newRow("experiment chars") << entry + "experiment: a/b\n"
                                          << "experiment: expected 1 to 64 characters from A-Z a-z 0-9 . _ -, got \"a/b\"";
        QTest::newRow("experiment long") << entry + "experiment: " + QByteArray(65, 'e') + "\n"
                                         << "experiment: expected 1 to 64 characters from A-Z a-z 0-9 . _ -, got \""
                + QString(60, QLatin1Char('e')) + "…\"";
        QTest::newRow("distributed value") << entry + "distributed_training: horovod\n"
                                           << "distributed_training: expected none, mpi or pytorch, got \"horovod\"";
        QTest::newRow("impossible combination")
            << entry + "node_count: 2\n"
            << "distributed_training: none cannot run 2 node(s) × 1 process(es) per node; choose mpi or pytorch, or set "
               "node_count and process_count_per_node to 1";
        QTest::newRow("pip scalar") << entry + "pip_packages: joblib\n"
                                    << "pip_packages: expected a list of strings, got \"joblib\"";
        QTest::newRow("pip empty item") << entry + "pip_packages: [joblib, '']\n"
                                        << "pip_packages[1]: expected a package name, got \"\"";
        QTest::newRow("conda map item") << entry + "conda_packages: [{a: 1}]\n"
                                        << "conda_packages[0]: expected a string, got a mapping";
        QTest::newRow("env def missing") << entry + "environment_definition: conda.yml\n"
                                         << "environment_definition: conda.yml not found in source_directory " + src;
        QTest::newRow("env def kind") << entry + "environment_definition: train.py\n"
                                      << "environment_definition: train.py: expected a conda file (.yml, .yaml) or a pip "
                                         "requirements file (.txt)";
        QTest::newRow("env var name") << entry + "environment_variables: {1BAD: x}\n"
                                      << "environment_variables: expected a variable name matching "
                                         "[A-Za-z_][A-Za-z0-9_]*, got \"1BAD\"";
        QTest::newRow("env var value") << entry + "environment_variables: {A: [1]}\n"
                                       << "environment_variables.A: expected a string value, got a list";
        QTest::newRow("env var null") << entry + "environment_variables: {A: }\n"
                                      << "environment_variables.A: expected a string value, got nothing (null)";
        QTest::newRow("env vars list") << entry + "environment_variables: [A]\n"
                                       << "environment_variables: expected a mapping of NAME: value, got a list";
        QTest::newRow("metric invalid") << entry + "metric_patterns: ['(?<value>']\n"
                                        << "metric_patterns[0]: \"(?<value>\" is not a valid regular expression: "
                                           "missing closing parenthesis at offset 9";
        QTest::newRow("metric no group") << entry + "metric_patterns: ['acc=(\\S+)']\n"
                                         << "metric_patterns[0]: \"acc=(\\\\S+)\" has no named group (?<value>...) "
                                            "(or (?<step>...) alone)";
        QTest::newRow("metric no name") << entry + "metric_patterns: ['(?<value>\\d+)']\n"
                                        << "metric_patterns[0]: \"(?<value>\\\\d+)\" has no group (?<name>...) and does "
                                           "not start with a literal metric name (as in '^acc=(?<value>\\S+)' or "
                                           "'(?<name>\\w+)=(?<value>\\S+)')";
        QTest::newRow("metric name only") << entry + "metric_patterns: ['(?<name>\\w+)=']\n"
                                          << "metric_patterns[0]: \"(?<name>\\\\w+)=\" has a group (?<name>...) but no "
                                             "(?<value>...)";
        QTest::newRow("user managed not a flag") << entry + "user_managed_dependencies: maybe\n"
                                                 << "user_managed_dependencies: expected true or false, got \"maybe\"";
        QTest::newRow("all ranks not a flag") << entry + "metrics_from_all_ranks: some\n"
                                              << "metrics_from_all_ranks: expected true or false, got \"some\"";
        QTest::newRow("metric scalar") << entry + "metric_patterns: 'x'\n"
                                       << "metric_patterns: expected a list of strings, got \"x\"";
        QTest::newRow("arguments map") << entry + "arguments: {a: 1}\n"
                                       << "arguments: expected a list of arguments (each a scalar or {dataset: NAME}), got a mapping";
        QTest::newRow("arguments scalar") << entry + "arguments: --lr 0.1\n"
                                          << "arguments: expected a list of arguments (each a scalar or {dataset: NAME}), got \"--lr 0.1\"";
        QTest::newRow("argument list") << entry + "arguments: [--a, [1, 2]]\n"
                                       << "arguments[1]: expected a scalar or {dataset: NAME, mode: mount|download}, got a list";
        QTest::newRow("argument null") << entry + "arguments: [--a, ~]\n"
                                       << "arguments[1]: expected a scalar or {dataset: NAME, mode: mount|download}, got nothing (null)";
        QTest::newRow("argument other map") << entry + "arguments: [{path: x}]\n"
                                            << "arguments[0]: expected a scalar or {dataset: NAME, mode: mount|download}, got a mapping";
        QTest::newRow("argument dataset subkey") << entry + "arguments: [{dataset: m, mod: mount}]\n"
                                                 << "arguments[0]: unknown key \"mod\" (expected dataset, mode)";
        QTest::newRow("argument dataset list") << entry + "arguments: [{dataset: [m]}]\n"
                                               << "arguments[0].dataset: expected a string, got a list";
        QTest::newRow("argument dataset mode") << entry + "arguments: [x, {dataset: m, mode: copy}]\n"
                                               << "arguments[1].mode: expected mount or download, got \"copy\"";
        QTest::newRow("argument dataset name") << entry + "arguments: [{dataset: \"m:0\"}]\n"
                                               << "arguments[0].dataset: expected NAME or NAME:VERSION, got \"m:0\"";
        QTest::newRow("display name list") << entry + "display_name: [a]\n"
                                           << "display_name: expected a string, got a list";
        QTest::newRow("display name two lines") << entry + "display_name: \"a\\nb\"\n"
                                                << "display_name: a run's name is one line: \"a\nb\" has a line break";
        QTest::newRow("display name long") << entry + "display_name: " + QByteArray(201, 'n') + "\n"
                                           << "display_name: a run's name has at most 200 characters (this one has 201)";
        QTest::newRow("tags list") << entry + "tags: [a, b]\n" << "tags: expected a mapping of NAME: value, got a list";
        QTest::newRow("tag value map") << entry + "tags: {a: {b: c}}\n" << "tags.a: expected a string value, got a mapping";
        QTest::newRow("tag name space") << entry + "tags: {\"a b\": c}\n"
                                        << "tags.a b: tag name \"a b\": no spaces or control characters allowed";
        QTest::newRow("tag name empty") << entry + "tags: {\"\": c}\n" << "tags.: a tag needs a name";
        QTest::newRow("description list") << entry + "description: [a]\n" << "description: expected a string, got a list";
        QTest::newRow("output folder path") << entry + "output_folders: [a/b]\n"
                                            << "output_folders[0]: expected a folder name of 1 to 128 characters from "
                                               "A-Z a-z 0-9 . _ - (not starting with . or -), got \"a/b\"";
        QTest::newRow("output folder dots") << entry + "output_folders: [..]\n"
                                            << "output_folders[0]: expected a folder name of 1 to 128 characters from "
                                               "A-Z a-z 0-9 . _ - (not starting with . or -), got \"..\"";
        QTest::newRow("output folder twice") << entry + "output_folders: [m, m]\n"
                                             << "output_folders[1]: duplicate folder \"m\"";
        QTest::newRow("output folders map") << entry + "output_folders: {a: 1}\n"
                                            << "output_folders: expected a list of strings, got a mapping";
        QTest::newRow("not a mapping") << QByteArray("- a\n- b\n")
                                       << "expected a mapping of keys such as entry_script: train.py, got a list";
        QTest::newRow("scalar document") << QByteArray("hello\n")
                                         << "expected a mapping of keys such as entry_script: train.py, got \"hello\"";
        QTest::newRow("empty") << QByteArray("") << "the file is empty; at least entry_script is required";
        QTest::newRow("only comments") << QByteArray("# nothing\n\n")
                                       << "the file is empty; at least entry_script is required";
    }

    void rejections()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const QStringList errors = errorsFor(yaml);
        QVERIFY2(errors.size() == 1, qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(errors.first(), QStringLiteral("estimator.yml: ") + expected);
    }

    // What validation accepts, a run's metric parser accepts, and the other way round: the README's example
    // used to pass here and then fail every run at start.
    void metricPatternValidationAgreesWithTheParser()
    {
        const QStringList patterns = {
            QStringLiteral("^acc=(?<value>\\S+)"),          // the README's
            QStringLiteral("(?P<name>\\w+)=(?P<value>\\S+)"), // Python's spelling
            QStringLiteral("^Iteration (?<step>\\d+)$"),     // step only
            QStringLiteral("^\\s*val_loss: (?<value>\\S+) at (?<step>\\d+)"),
            QStringLiteral("(?<value>\\d+)"),
            QStringLiteral("(?<name>\\w+)="),
            QStringLiteral("acc=(\\S+)"),
            QStringLiteral("(?<value>"),
            QStringLiteral("accs?=(?<value>\\S+)"),
        };
        int accepted = 0;
        for (const QString& pattern : patterns) {
            const QByteArray yaml = "entry_script: train.py\nmetric_patterns: ['" + pattern.toUtf8() + "']\n";
            const bool validates = errorsFor(yaml).isEmpty();
            StdoutMetricParser parser(nullptr);
            QCOMPARE(validates, parser.setPatterns({pattern}));
            accepted += validates ? 1 : 0;
        }
        QCOMPARE(accepted, 5);
    }

    void syntaxErrorNamesLineAndColumn()
    {
        const QStringList errors = errorsFor("entry_script: train.py\nscript_params:\n  --a: [1, 2\n");
        QCOMPARE(errors.size(), 1);
        QVERIFY2(QRegularExpression(QStringLiteral("^estimator\\.yml: line \\d+, column \\d+: \\S")).match(errors[0]).hasMatch(),
                 qPrintable(errors[0]));
        const QStringList tabs = errorsFor("entry_script: train.py\n\tnode_count: 1\n");
        QCOMPARE(tabs.size(), 1);
        QVERIFY2(tabs[0].startsWith(QStringLiteral("estimator.yml: line 2, column ")), qPrintable(tabs[0]));
    }

    void allProblemsAtOnce()
    {
        const QStringList errors = errorsFor(R"(entry_scrpt: train.py
node_count: two
script_params:
  --lr: [1]
  --ok: 1
  --d: {dataset: m, mode: copy}
compute_target: "a b"
metric_patterns: ['(']
)");
        const QStringList expected{
            QStringLiteral("estimator.yml: unknown key \"entry_scrpt\" (did you mean \"entry_script\"?)"),
            QStringLiteral("estimator.yml: entry_script: required key missing (the .py or .sh script to run)"),
            QStringLiteral("estimator.yml: script_params.--lr: expected a scalar, a flag (\"\") or {dataset: NAME}"),
            QStringLiteral("estimator.yml: node_count: expected a positive integer, got \"two\""),
        };
        for (const QString& message : expected)
            QVERIFY2(errors.contains(message), qPrintable(message + QStringLiteral("\n not in:\n") + errors.join(QLatin1Char('\n'))));
        QVERIFY2(errors.contains(QStringLiteral("estimator.yml: compute_target: expected a target name from A-Z a-z 0-9 . _ -, got \"a b\"")),
                 qPrintable(errors.join(QLatin1Char('\n'))));
        // The bad metric pattern is reported as well; malformed script_params suppress their own later checks,
        // so the dataset mode problem does not come twice but the count stays one per problem.
        QVERIFY(std::any_of(errors.begin(), errors.end(),
                            [](const QString& m) { return m.startsWith(QStringLiteral("estimator.yml: metric_patterns[0]: ")); }));
        QCOMPARE(errors.size(), 6);
        for (const QString& message : errors)
            QVERIFY(message.startsWith(QStringLiteral("estimator.yml: ")));
    }

    void fileProblems()
    {
        QStringList errors;
        QVERIFY(!EstimatorParser::parseFile(m_project + QStringLiteral("/missing.yml"), &errors));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].startsWith(QStringLiteral("missing.yml: file not found: ")), qPrintable(errors[0]));

        errors.clear();
        QVERIFY(!EstimatorParser::parseFile(m_project + QStringLiteral("/folder.py"), &errors));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].startsWith(QStringLiteral("folder.py: not a regular file")), qPrintable(errors[0]));

        const QString unreadable = m_project + QStringLiteral("/unreadable.yml");
        QVERIFY(TestSupport::writeFile(unreadable, "entry_script: train.py\n"));
        QVERIFY(QFile::setPermissions(unreadable, QFileDevice::WriteOwner));
        errors.clear();
        const bool runningAsRoot = QFile(unreadable).open(QIODevice::ReadOnly);
        if (!runningAsRoot) {
            QVERIFY(!EstimatorParser::parseFile(unreadable, &errors));
            QCOMPARE(errors.size(), 1);
            QVERIFY2(errors[0].startsWith(QStringLiteral("unreadable.yml: cannot read ")), qPrintable(errors[0]));
        }
        QFile::setPermissions(unreadable, QFileDevice::WriteOwner | QFileDevice::ReadOwner);

        const QString empty = m_project + QStringLiteral("/empty.yml");
        QVERIFY(TestSupport::writeFile(empty, ""));
        errors.clear();
        QVERIFY(!EstimatorParser::parseFile(empty, &errors));
        QCOMPARE(errors, QStringList{QStringLiteral("empty.yml: the file is empty; at least entry_script is required")});
    }

    void hugeScalarDoesNotCrash()
    {
        const QByteArray big(10 * 1024 * 1024, 'a');
        const Estimator e = parseOk("entry_script: train.py\nscript_params:\n  --blob: " + big + "\n");
        QCOMPARE(e.scriptParams.size(), 1);
        QCOMPARE(e.scriptParams[0].value.size(), big.size());

        // As a wrong value, the message shows a cut-down copy instead of ten megabytes.
        const QStringList errors = errorsFor("entry_script: train.py\nnode_count: " + big + "\n");
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors[0].startsWith(QStringLiteral("estimator.yml: node_count: expected a positive integer, got \"aaa")));
        QVERIFY(errors[0].size() < 200);
    }

    void deepNestingDoesNotCrash()
    {
        const QStringList flow = errorsFor("entry_script: train.py\nscript_params: " + QByteArray(100000, '[') + "\n");
        QCOMPARE(flow.size(), 1);
        QVERIFY2(QRegularExpression(QStringLiteral("^estimator\\.yml: line \\d+, column \\d+: nested too deeply"))
                     .match(flow[0])
                     .hasMatch(),
                 qPrintable(flow[0]));

        QByteArray block = "entry_script: train.py\nscript_params:\n";
        for (int depth = 1; depth < 3000; ++depth)
            block += QByteArray(depth, ' ') + "k" + QByteArray::number(depth) + ":\n";
        const QStringList nested = errorsFor(block);
        QVERIFY(!nested.isEmpty());
        QVERIFY(nested[0].startsWith(QStringLiteral("estimator.yml: ")));

        QByteArray closed = "entry_script: train.py\nscript_params:\n  --x: ";
        closed += QByteArray(300, '[') + QByteArray(300, ']') + "\n";
        QCOMPARE(errorsFor(closed),
                 QStringList{QStringLiteral("estimator.yml: script_params.--x: expected a scalar, a flag (\"\") or {dataset: NAME}")});
    }

    void overrides()
    {
        Estimator e = parseOk("entry_script: train.py\nscript_params:\n  --a: 1\n  --d: {dataset: mnist}\n  --b: 2\n");
        QString error;
        QVERIFY(EstimatorParser::applyOverride(e, QStringLiteral("--a=0.5"), &error));
        QVERIFY(EstimatorParser::applyOverride(e, QStringLiteral("--d=/tmp/local data"), &error));
        QVERIFY(EstimatorParser::applyOverride(e, QStringLiteral("--new=x=y"), &error));
        QVERIFY(EstimatorParser::applyOverride(e, QStringLiteral("--b="), &error));
        QCOMPARE(e.scriptParams.size(), 4);
        QCOMPARE(e.scriptParams[0].key, QStringLiteral("--a"));
        QCOMPARE(e.scriptParams[0].value, QStringLiteral("0.5"));
        QCOMPARE(e.scriptParams[1].key, QStringLiteral("--d"));
        QCOMPARE(e.scriptParams[1].kind, ScriptParam::Kind::Value);
        QCOMPARE(e.scriptParams[1].value, QStringLiteral("/tmp/local data"));
        QCOMPARE(e.scriptParams[2].key, QStringLiteral("--b"));
        QCOMPARE(e.scriptParams[2].kind, ScriptParam::Kind::Flag);
        QCOMPARE(e.scriptParams[3].key, QStringLiteral("--new"));
        QCOMPARE(e.scriptParams[3].value, QStringLiteral("x=y"));

        const Estimator before = e;
        QVERIFY(!EstimatorParser::applyOverride(e, QStringLiteral("--lr"), &error));
        QCOMPARE(error, QStringLiteral("--param \"--lr\": expected KEY=VALUE (or KEY= for a bare flag)"));
        QVERIFY(!EstimatorParser::applyOverride(e, QStringLiteral("=3"), &error));
        QCOMPARE(error, QStringLiteral("--param \"=3\": the key before '=' is empty"));
        QCOMPARE(e, before);
    }

    void validateForTheForm()
    {
        Estimator e;
        e.experiment = QStringLiteral("exp");
        e.sourceDirectory = QDir::cleanPath(m_project);
        e.entryScript = QStringLiteral("train.py");
        QCOMPARE(EstimatorParser::validate(e, QStringLiteral("form")), QStringList());

        e.nodeCount = 0;
        e.processCountPerNode = 3;
        e.entryScript.clear();
        e.scriptParams.append(ScriptParam{QString(), ScriptParam::Kind::Value, QStringLiteral("1"), {}, {}});
        const QStringList errors = EstimatorParser::validate(e, QStringLiteral("form"));
        QCOMPARE(errors,
                 (QStringList{QStringLiteral("form: entry_script: required, names the .py or .sh script to run"),
                              QStringLiteral("form: script_params[0]: the key is empty"),
                              QStringLiteral("form: node_count: expected a positive integer, got 0"),
                              QStringLiteral("form: distributed_training: none cannot run 0 node(s) × 3 process(es) "
                                             "per node; choose mpi or pytorch, or set node_count and "
                                             "process_count_per_node to 1")}));
    }
};

QTEST_GUILESS_MAIN(TestEstimatorParser)
#include "TestEstimatorParser.moc"
