#include <QtTest>

#include "estimator/AzureCommandJobParser.h"
#include "estimator/CommandLineBuilder.h"
#include "estimator/EstimatorParser.h"
#include "estimator/EstimatorWriter.h"
#include "estimator/ShellWords.h"
#include "TestSupport.h"

#include <QRandomGenerator>

// Fuzzes the job file parser (and the estimator parser on the same bytes) with mutations of a corpus of real
// job files, tests/corpus/job-files, and the command splitter with random commands checked against /bin/sh.
// Deterministic (fixed seeds), so a failure repeats; each failing input is printed for the corpus.
// Whatever the input: no crash, a result or at least one message naming the file; an accepted job converts to
// an estimator.yml that parses back to the same estimator and builds a command line.
class TestJobFileFuzz : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_project;
    QVector<QByteArray> m_corpus;

    static QByteArray mutate(const QByteArray& input, const QVector<QByteArray>& corpus, QRandomGenerator& random)
    {
        static const QVector<QByteArray> tokens{
            "${{", "}}", "${{inputs.", "${{outputs.", "inputs.", "'", "\"", "\\", "$", "|", ";", "&&", ">", "`", "#",
            "~", "*", "\n", "\n  ", ": ", "- ", "{", "}", "[", "]", ",", "azureml:", "@latest", ":1", "python ",
            "train.py", "mode: download", "type: uri_file", "path: data", "--x", "0", "-1", "null", "~", "&a", "*a",
            "!!str", "\t", "\r\n", "\xff", "\xe2\x80\xa8", "$schema: commandJob\n", "command: ", "code: src\n",
            "distribution: {type: mpi}\n", "resources: {instance_count: 2}\n", "outputs: {o: }\n"};
        QByteArray out = input;
        const int steps = 1 + int(random.bounded(4));
        for (int step = 0; step < steps; ++step) {
            const int at = out.isEmpty() ? 0 : int(random.bounded(out.size() + 1));
            switch (random.bounded(7)) {
            case 0: // flip a byte
                if (!out.isEmpty())
                    out[qMin(at, int(out.size()) - 1)] = char(random.bounded(256));
                break;
            case 1: // insert a token
                out.insert(at, tokens[int(random.bounded(tokens.size()))]);
                break;
            case 2: { // delete a range
                const int length = int(random.bounded(qMax(1, int(out.size()) - at + 1)));
                out.remove(at, qMin(length, 40));
                break;
            }
            case 3: { // duplicate a range
                const int length = qMin(int(random.bounded(60)), int(out.size()) - at);
                out.insert(at, out.mid(at, length));
                break;
            }
            case 4: { // splice another corpus file in
                const QByteArray& other = corpus[int(random.bounded(corpus.size()))];
                const int from = other.isEmpty() ? 0 : int(random.bounded(other.size()));
                out.insert(at, other.mid(from, int(random.bounded(120))));
                break;
            }
            case 5: // truncate
                out.truncate(at);
                break;
            default: // change a line's indentation
                out.insert(at, QByteArray(int(random.bounded(5)), ' '));
                break;
            }
        }
        return out;
    }

    // The properties every input must have; a failed one names the input.
    void check(const QByteArray& input)
    {
        QStringList errors;
        const auto job = AzureCommandJobParser::parseText(input, m_project, QStringLiteral("job.yml"), &errors);
        const QString shown = QString::fromUtf8(input.toPercentEncoding(" \n:{}[]$'\"-_./@,#|=&;<>()*"));
        if (!job) {
            QVERIFY2(!errors.isEmpty(), qPrintable(QStringLiteral("refused without a message: ") + shown));
            for (const QString& error : std::as_const(errors))
                QVERIFY2(error.startsWith(QStringLiteral("job.yml: ")), qPrintable(error + QStringLiteral(" for ") + shown));
        } else {
            QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n')) + QStringLiteral(" for ") + shown));
            // convert: the estimator.yml written for the job parses back to the same estimator.
            const QByteArray yaml = EstimatorWriter::toYaml(job->estimator, m_project);
            QStringList estimatorErrors;
            const auto back = EstimatorParser::parseText(yaml, m_project, QStringLiteral("estimator.yml"), &estimatorErrors);
            QVERIFY2(back.has_value(), qPrintable(estimatorErrors.join(QLatin1Char('\n')) + QStringLiteral(" for ") + shown));
            QVERIFY2(*back == job->estimator, qPrintable(QString::fromUtf8(yaml) + QStringLiteral(" for ") + shown));
            QHash<QString, QString> datasets;
            for (const ScriptArgument& argument : job->estimator.arguments)
                if (argument.kind == ScriptArgument::Kind::Dataset)
                    datasets.insert(argument.dataset, QStringLiteral("/datasets/") + argument.dataset);
            QString error;
            const auto argv = CommandLineBuilder::build(job->estimator, QStringLiteral("python3"), datasets, &error);
            QVERIFY2(argv.has_value(), qPrintable(error + QStringLiteral(" for ") + shown));
            QCOMPARE(argv->size(), 2 + job->estimator.arguments.size());
        }
        // The same bytes as an estimator file: a result or messages, never a crash.
        QStringList estimatorErrors;
        if (!EstimatorParser::parseText(input, m_project, QStringLiteral("estimator.yml"), &estimatorErrors))
            QVERIFY2(!estimatorErrors.isEmpty(), qPrintable(QStringLiteral("estimator refused without a message: ") + shown));
        AzureCommandJobParser::isJobText(input);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_project = m_dir.path() + QStringLiteral("/project");
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/src/train.py"), "print(1)\n"));
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/src/conda.yaml"), "name: x\n"));
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/environment.yml"), "name: y\n"));
        QVERIFY(TestSupport::writeFile(m_project + QStringLiteral("/data/a.csv"), "1\n"));
        const QDir corpus(QStringLiteral(TRAINYARD_SOURCE_DIR "/tests/corpus/job-files"));
        for (const QString& name : corpus.entryList({QStringLiteral("*.yml")}, QDir::Files, QDir::Name))
            m_corpus << TestSupport::readFile(corpus.filePath(name));
        QVERIFY2(m_corpus.size() >= 5, qPrintable(corpus.path()));
    }

    void corpusFilesParseOrAreRefusedWithTheirKeys()
    {
        int accepted = 0;
        for (const QByteArray& file : std::as_const(m_corpus)) {
            check(file);
            QStringList errors;
            if (AzureCommandJobParser::parseText(file, m_project, QStringLiteral("job.yml"), &errors))
                ++accepted;
        }
        // The refused-*.yml files are the only ones refused.
        QCOMPARE(accepted, int(m_corpus.size()) - 1);
    }

    void mutatedJobFiles()
    {
        QRandomGenerator random(20260630);
        for (int i = 0; i < 4000; ++i) {
            const QByteArray& seed = m_corpus[int(random.bounded(m_corpus.size()))];
            check(mutate(seed, m_corpus, random));
            if (QTest::currentTestFailed())
                return;
        }
    }

    void randomCommandsSplitLikeAShell()
    {
        static const QVector<QString> pieces{
            QStringLiteral("python"), QStringLiteral("train.py"), QStringLiteral(" "), QStringLiteral("  "),
            QStringLiteral("\t"), QStringLiteral("'"), QStringLiteral("\""), QStringLiteral("\\"), QStringLiteral("a"),
            QStringLiteral("--x=1"), QStringLiteral("$"), QStringLiteral("|"), QStringLiteral(";"), QStringLiteral("#"),
            QStringLiteral("~"), QStringLiteral("*"), QStringLiteral("\n"), QStringLiteral("ü"), QStringLiteral("="),
            QStringLiteral("%"), QStringLiteral("b c"), QStringLiteral("`"), QStringLiteral("&")};
        QRandomGenerator random(42);
        int accepted = 0;
        for (int i = 0; i < 400; ++i) {
            QString command;
            const int count = 1 + int(random.bounded(12));
            for (int p = 0; p < count; ++p)
                command += pieces[int(random.bounded(pieces.size()))];
            QString error;
            const auto words = ShellWords::split(command, &error);
            if (!words) {
                QVERIFY2(!error.isEmpty(), qPrintable(command));
                continue;
            }
            if (words->isEmpty())
                continue; // printf would print its format once
            ++accepted;
            // What the splitter accepts, a real shell splits the same way.
            QProcess shell;
            shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("printf '%s\\036' ") + command});
            QVERIFY(shell.waitForFinished(10000));
            QStringList expected = QString::fromUtf8(shell.readAllStandardOutput()).split(QChar(0x1e));
            expected.removeLast();
            QStringList actual;
            for (const ShellWord& word : *words)
                actual << word.literalText();
            QVERIFY2(actual == expected, qPrintable(QStringLiteral("%1: %2 vs the shell's %3")
                                                        .arg(command, actual.join(QLatin1Char('|')), expected.join(QLatin1Char('|')))));
        }
        QVERIFY2(accepted > 50, qPrintable(QString::number(accepted)));
    }
};

QTEST_GUILESS_MAIN(TestJobFileFuzz)
#include "TestJobFileFuzz.moc"
