#include <QtTest>

#include "estimator/EstimatorParser.h"
#include "estimator/EstimatorWriter.h"
#include "TestSupport.h"

// EstimatorWriter: parseText(toYaml(e)) == e for hostile values, paths relative to where the file is saved,
// atomic saves, and the JSON round trip of Estimator.
class TestEstimatorWriter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_source; // a source directory with a space in its name

    Estimator baseEstimator() const
    {
        Estimator e;
        e.experiment = QStringLiteral("round-trip");
        e.sourceDirectory = m_source;
        e.entryScript = QStringLiteral("sub dir/tr ain.py");
        return e;
    }

    // Writes e as it would be saved in folder, parses it back from there, and returns the result (or the errors).
    std::optional<Estimator> roundTrip(const Estimator& e, const QString& folder, QStringList* errors)
    {
        const QByteArray yaml = EstimatorWriter::toYaml(e, folder);
        auto parsed = EstimatorParser::parseText(yaml, folder, QStringLiteral("estimator.yml"), errors);
        if (!parsed)
            errors->append(QString::fromUtf8(yaml));
        return parsed;
    }

    static QStringList edgeValues()
    {
        return {QStringLiteral("x y"), QStringLiteral("it's"), QStringLiteral("say \"hi\""), QStringLiteral("a: b"),
                QStringLiteral("a #b"), QStringLiteral("#c"), QStringLiteral("line1\nline2"),
                QStringLiteral("tab\there"), QStringLiteral("ünïcødé ✓ 🎉 日本"), QStringLiteral("--leading-dashes"),
                QStringLiteral("-"), QStringLiteral("--"), QStringLiteral("-5"), QStringLiteral("0.8"),
                QStringLiteral("007"), QStringLiteral("1e-3"), QStringLiteral("yes"), QStringLiteral("no"),
                QStringLiteral("null"), QStringLiteral("Null"), QStringLiteral("NULL"), QStringLiteral("~"),
                QStringLiteral("true"), QStringLiteral(" leading space"), QStringLiteral("trailing space "),
                QStringLiteral("[a]"), QStringLiteral("{a: 1}"), QStringLiteral("*alias"), QStringLiteral("&anchor"),
                QStringLiteral("!tag"), QStringLiteral("%percent"), QStringLiteral("@at"), QStringLiteral("`tick"),
                QStringLiteral("|"), QStringLiteral(">"), QStringLiteral("?"), QStringLiteral(","),
                QStringLiteral("a,b"), QStringLiteral("back\\slash"), QStringLiteral("\r\n"),
                QStringLiteral("\x01\x7f ctrl"), QString(QChar(0x2028)) + QStringLiteral("sep"),
                QString(QChar(0x85)) + QStringLiteral("nel"), QStringLiteral("..."), QStringLiteral("---"),
                QStringLiteral("- item"), QStringLiteral("key:"), QStringLiteral(":x"), QStringLiteral("'"),
                QStringLiteral("\""), QStringLiteral("<<"), QStringLiteral("="), QStringLiteral("\\n literal"),
                QStringLiteral("; rm -rf ~"), QStringLiteral("$(id)"), QStringLiteral("  "), QStringLiteral(".inf"),
                QStringLiteral("0x1F"), QStringLiteral("multi\n\nblank\n"), QStringLiteral("a\\\"b")};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_source = QDir::cleanPath(m_dir.path() + QStringLiteral("/my project"));
        QVERIFY(TestSupport::writeFile(m_source + QStringLiteral("/sub dir/tr ain.py"), "print(1)\n"));
        QVERIFY(TestSupport::writeFile(m_source + QStringLiteral("/train.py"), "print(1)\n"));
        QVERIFY(TestSupport::writeFile(m_source + QStringLiteral("/environment.yml"), "name: x\n"));
        QVERIFY(TestSupport::writeFile(m_dir.path() + QStringLiteral("/shared envs/conda.yaml"), "name: y\n"));
        QVERIFY(QDir().mkpath(m_dir.path() + QStringLiteral("/elsewhere/deeper")));
    }

    void everyFieldIsWritten()
    {
        // What the run is given at submit, and the arguments and output folders, only when set.
        const QStringList whenSet{QStringLiteral("display_name"), QStringLiteral("description"), QStringLiteral("tags"),
                                  QStringLiteral("arguments"), QStringLiteral("output_folders")};
        const QString yaml = QString::fromUtf8(EstimatorWriter::toYaml(baseEstimator(), m_source));
        for (const QString& key : EstimatorParser::knownKeys())
            QVERIFY2(yaml.contains(QLatin1Char('\n') + key + QLatin1Char(':')) != whenSet.contains(key), qPrintable(key));
        QVERIFY(yaml.contains(QStringLiteral("\nsource_directory: .\n")));
        QVERIFY(yaml.contains(QStringLiteral("\nentry_script: 'sub dir/tr ain.py'\n")));

        Estimator full = baseEstimator();
        full.displayName = QStringLiteral("first try");
        full.description = QStringLiteral("why");
        full.tags = {{QStringLiteral("stage"), QStringLiteral("dev")}};
        full.arguments = {ScriptArgument::literal(QStringLiteral("--lr"))};
        full.outputFolders = QStringList{QStringLiteral("model")};
        const QString written = QString::fromUtf8(EstimatorWriter::toYaml(full, m_source));
        qsizetype previous = -1;
        for (const QString& key : EstimatorParser::knownKeys()) {
            const qsizetype at = written.indexOf(QLatin1Char('\n') + key + QLatin1Char(':'));
            QVERIFY2(at > previous, qPrintable(key + QStringLiteral(" missing or out of order:\n") + written));
            previous = at;
        }
    }

    void fullEstimatorRoundTrips()
    {
        Estimator e = baseEstimator();
        e.scriptParams = {
            ScriptParam{QStringLiteral("--data-folder"), ScriptParam::Kind::Dataset, {}, QStringLiteral("mnist:3"),
                        QStringLiteral("download")},
            ScriptParam{QStringLiteral("--other"), ScriptParam::Kind::Dataset, {}, QStringLiteral("cifar"),
                        QStringLiteral("mount")},
            ScriptParam{QStringLiteral("--regularization"), ScriptParam::Kind::Value, QStringLiteral("0.8"), {},
                        QStringLiteral("mount")},
            ScriptParam{QStringLiteral("--verbose"), ScriptParam::Kind::Flag, {}, {}, QStringLiteral("mount")},
        };
        e.computeTarget = QStringLiteral("gpu-box.1");
        e.pipPackages = QStringList{QStringLiteral("joblib"), QStringLiteral("torch>=2.0,<3"), QStringLiteral("a b")};
        e.condaPackages = QStringList{QStringLiteral("scikit-learn=1.2")};
        e.environmentDefinition = QStringLiteral("environment.yml");
        e.customDockerImage = QStringLiteral("continuumio/miniconda:latest");
        e.userManagedDependencies = true;
        e.nodeCount = 3;
        e.processCountPerNode = 4;
        e.distributedTraining = QStringLiteral("mpi");
        e.metricsFromAllRanks = true;
        e.environmentVariables = {{QStringLiteral("Z_LAST"), QStringLiteral("2")},
                                  {QStringLiteral("A_FIRST"), QStringLiteral("yes")},
                                  {QStringLiteral("EMPTY"), QString()}};
        e.metricPatterns = QStringList{QStringLiteral("^acc=(?<value>\\S+)"),
                                       QStringLiteral("loss: (?<value>[0-9.]+) # \"it's\"")};
        e.arguments = {ScriptArgument::literal(QStringLiteral("--epochs")), ScriptArgument::literal(QStringLiteral("10")),
                       ScriptArgument::literal(QStringLiteral("--data")),
                       ScriptArgument::datasetReference(QStringLiteral("mnist:2"), QStringLiteral("download")),
                       ScriptArgument::literal(QString()), ScriptArgument::literal(QStringLiteral("two words"))};
        e.displayName = QStringLiteral("Run #1: baseline");
        e.description = QStringLiteral("A first try.\nSecond line.");
        e.tags = {{QStringLiteral("stage"), QStringLiteral("dev")}, {QStringLiteral("empty"), QString()},
                  {QStringLiteral("author"), QStringLiteral("ada lovelace")}};
        e.outputFolders = QStringList{QStringLiteral("model"), QStringLiteral("metrics.d")};

        // Saved in the source folder, below it, above it and beside it: paths stay right each time.
        const QStringList folders{m_source, m_source + QStringLiteral("/sub dir"), m_dir.path(),
                                  m_dir.path() + QStringLiteral("/elsewhere/deeper")};
        for (const QString& folder : folders) {
            QStringList errors;
            const auto parsed = roundTrip(e, folder, &errors);
            QVERIFY2(parsed.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
            QCOMPARE(*parsed, e);
        }
    }

    void environmentDefinitionOutsideTheSource()
    {
        Estimator e = baseEstimator();
        e.environmentDefinition = QDir::cleanPath(m_dir.path() + QStringLiteral("/shared envs/conda.yaml"));
        const QByteArray yaml = EstimatorWriter::toYaml(e, m_dir.path());
        QVERIFY2(yaml.contains("environment_definition: 'shared envs/conda.yaml'\n"), yaml.constData());
        QStringList errors;
        const auto parsed = roundTrip(e, m_dir.path(), &errors);
        QVERIFY2(parsed.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(parsed->environmentDefinition, e.environmentDefinition);

        // If the same relative name also exists in the source directory, the parser would pick that one, so
        // the writer keeps the absolute path.
        QVERIFY(TestSupport::writeFile(m_source + QStringLiteral("/shared envs/conda.yaml"), "name: shadow\n"));
        const auto shadowed = roundTrip(e, m_dir.path(), &errors);
        QVERIFY(QFile::remove(m_source + QStringLiteral("/shared envs/conda.yaml")));
        QVERIFY2(shadowed.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(shadowed->environmentDefinition, e.environmentDefinition);
    }

    void edgeValuesRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        int index = 0;
        for (const QString& value : edgeValues())
            QTest::addRow("%d", index++) << value;
    }

    void edgeValuesRoundTrip()
    {
        QFETCH(QString, text);
        Estimator e = baseEstimator();
        // The same text as a parameter value, a parameter key (next to a plain one), a package, a variable value
        // and inside a metric pattern.
        e.scriptParams = {ScriptParam{QStringLiteral("--v"), ScriptParam::Kind::Value, text, {}, QStringLiteral("mount")},
                          ScriptParam{text, ScriptParam::Kind::Value, text, {}, QStringLiteral("mount")},
                          ScriptParam{text + QStringLiteral("!"), ScriptParam::Kind::Flag, {}, {}, QStringLiteral("mount")}};
        e.pipPackages = QStringList{text + QStringLiteral("pkg")};
        e.environmentVariables = {{QStringLiteral("VALUE"), text}};
        e.metricPatterns = QStringList{QRegularExpression::escape(text) + QStringLiteral("(?<name>n)(?<value>.)")};
        e.arguments = {ScriptArgument::literal(text), ScriptArgument::literal(QStringLiteral("--x")),
                       ScriptArgument::literal(text)};
        e.tags = {{QStringLiteral("t"), text}};
        e.description = text;
        QStringList errors;
        const auto parsed = roundTrip(e, m_dir.path(), &errors);
        QVERIFY2(parsed.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(parsed->scriptParams, e.scriptParams);
        QCOMPARE(parsed->pipPackages, e.pipPackages);
        QCOMPARE(parsed->environmentVariables, e.environmentVariables);
        QCOMPARE(parsed->metricPatterns, e.metricPatterns);
        QCOMPARE(*parsed, e);
    }

    void yamlScalarQuotesOnlyWhenNeeded()
    {
        QCOMPARE(EstimatorWriter::yamlScalar(QStringLiteral("--lr")), QStringLiteral("--lr"));
        QCOMPARE(EstimatorWriter::yamlScalar(QStringLiteral("0.8")), QStringLiteral("0.8"));
        QCOMPARE(EstimatorWriter::yamlScalar(QStringLiteral("null")), QStringLiteral("'null'"));
        QCOMPARE(EstimatorWriter::yamlScalar(QString()), QStringLiteral("''"));
        QCOMPARE(EstimatorWriter::yamlScalar(QStringLiteral("it's")), QStringLiteral("'it''s'"));
        QCOMPARE(EstimatorWriter::yamlScalar(QStringLiteral("a\nb")), QStringLiteral("\"a\\nb\""));
    }

    void saveIsAtomicAndReadable()
    {
        Estimator e = baseEstimator();
        e.scriptParams = {ScriptParam{QStringLiteral("--lr"), ScriptParam::Kind::Value, QStringLiteral("1e-3"), {},
                                      QStringLiteral("mount")}};
        const QString path = m_dir.path() + QStringLiteral("/saved/estimator.yml");
        QVERIFY(QDir().mkpath(m_dir.path() + QStringLiteral("/saved")));
        QVERIFY(TestSupport::writeFile(path, "old content\n"));
        QString error;
        QVERIFY2(EstimatorWriter::save(e, path, &error), qPrintable(error));
        QStringList errors;
        const auto loaded = EstimatorParser::parseFile(path, &errors);
        QVERIFY2(loaded.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(*loaded, e);
        QCOMPARE(loaded->filePath, QDir::cleanPath(path));
        // No temporary files left next to it.
        QCOMPARE(QDir(m_dir.path() + QStringLiteral("/saved")).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("estimator.yml")});

        QVERIFY(!EstimatorWriter::save(e, m_dir.path() + QStringLiteral("/no such folder/estimator.yml"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot write ")), qPrintable(error));
    }

    void jsonRoundTripIsLossless()
    {
        Estimator e = baseEstimator();
        e.filePath = m_source + QStringLiteral("/estimator.yml");
        e.scriptParams = {
            ScriptParam{QStringLiteral("--d"), ScriptParam::Kind::Dataset, {}, QStringLiteral("mnist:2"), QStringLiteral("download")},
            ScriptParam{QStringLiteral("--f"), ScriptParam::Kind::Flag, {}, {}, QStringLiteral("mount")},
            ScriptParam{QStringLiteral("--v"), ScriptParam::Kind::Value, QStringLiteral("a\nb ✓"), {}, QStringLiteral("mount")},
        };
        e.computeTarget = QStringLiteral("slurm1");
        e.pipPackages = QStringList{QStringLiteral("a"), QStringLiteral("b")};
        e.condaPackages = QStringList{QStringLiteral("c")};
        e.environmentDefinition = QStringLiteral("/abs/env.yml");
        e.customDockerImage = QStringLiteral("img");
        e.userManagedDependencies = true;
        e.nodeCount = 2;
        e.processCountPerNode = 5;
        e.distributedTraining = QStringLiteral("pytorch");
        e.metricsFromAllRanks = true;
        e.environmentVariables = {{QStringLiteral("Z"), QStringLiteral("1")}, {QStringLiteral("A"), QStringLiteral("2")}};
        e.metricPatterns = QStringList{QStringLiteral("(?<value>x)")};
        e.arguments = {ScriptArgument::literal(QStringLiteral("--n")), ScriptArgument::literal(QStringLiteral("")),
                       ScriptArgument::datasetReference(QStringLiteral("cifar:1"), QStringLiteral("download"))};
        e.displayName = QStringLiteral("name");
        e.tags = {{QStringLiteral("z"), QStringLiteral("1")}, {QStringLiteral("a"), QString()}};
        e.description = QStringLiteral("note");
        e.outputFolders = QStringList{QStringLiteral("model")};

        const QByteArray bytes = QJsonDocument(e.toJson()).toJson();
        const Estimator back = Estimator::fromJson(QJsonDocument::fromJson(bytes).object());
        QCOMPARE(back, e);
        QCOMPARE(back.filePath, e.filePath);
        QCOMPARE(back.environmentVariables.first().first, QStringLiteral("Z"));
        QCOMPARE(back.toJson(), e.toJson());

        // Equality sees every field that changes what runs.
        Estimator changed = back;
        changed.scriptParams[2].value += QLatin1Char('x');
        QVERIFY(changed != e);
        changed = back;
        changed.environmentVariables.swapItemsAt(0, 1);
        QVERIFY(changed != e);
        changed = back;
        changed.userManagedDependencies = false;
        QVERIFY(changed != e);
        changed = back;
        changed.arguments[1].value = QStringLiteral("x");
        QVERIFY(changed != e);
        changed = back;
        changed.arguments[2].datasetMode = QStringLiteral("mount");
        QVERIFY(changed != e);
        changed = back;
        changed.tags.swapItemsAt(0, 1);
        QVERIFY(changed != e);
        changed = back;
        changed.displayName.clear();
        QVERIFY(changed != e);
        changed = back;
        changed.description.clear();
        QVERIFY(changed != e);
        changed = back;
        changed.outputFolders.clear();
        QVERIFY(changed != e);
        changed = back;
        changed.metricsFromAllRanks = false;
        QVERIFY(changed != e);
        changed = back;
        changed.filePath.clear();
        QCOMPARE(changed, e); // where the file lives is not part of what runs
    }
};

QTEST_GUILESS_MAIN(TestEstimatorWriter)
#include "TestEstimatorWriter.moc"
