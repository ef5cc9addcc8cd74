#include <QtTest>

#include "estimator/CommandLineBuilder.h"
#include "TestSupport.h"

// CommandLineBuilder: the argv of a run keeps every parameter literal and in order; the preview, fed to a real
// POSIX shell, gives back exactly the same arguments.
class TestCommandLineBuilder : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static ScriptParam value(const QString& key, const QString& text)
    {
        return ScriptParam{key, ScriptParam::Kind::Value, text, {}, QStringLiteral("mount")};
    }
    static ScriptParam flag(const QString& key)
    {
        return ScriptParam{key, ScriptParam::Kind::Flag, {}, {}, QStringLiteral("mount")};
    }
    static ScriptParam dataset(const QString& key, const QString& name)
    {
        return ScriptParam{key, ScriptParam::Kind::Dataset, {}, name, QStringLiteral("mount")};
    }

    static QStringList hostileValues()
    {
        return {QStringLiteral("; rm -rf ~"), QStringLiteral("$(id)"), QStringLiteral("`id`"),
                QStringLiteral("it's \"quoted\""), QStringLiteral("line1\nline2"), QStringLiteral("~"),
                QStringLiteral("*.py"), QStringLiteral("a b\tc"), QStringLiteral("$HOME"), QStringLiteral("a=b"),
                QStringLiteral("'"), QStringLiteral("''"), QStringLiteral("\\"), QStringLiteral("!event"),
                QStringLiteral("ünïcødé ✓"), QStringLiteral("-n"), QStringLiteral("> /dev/null"), QStringLiteral("&"),
                QStringLiteral("{a,b}"), QStringLiteral("#comment"), QStringLiteral("--lr=0.1"), QString()};
    }

    // Runs /bin/sh -c 'printf "%s\n" ARGS' with ARGS the preview of argv; returns what it printed.
    static QByteArray shellEcho(const QStringList& argv)
    {
        QProcess shell;
        shell.start(QStringLiteral("/bin/sh"),
                    {QStringLiteral("-c"), QStringLiteral("printf '%s\\n' ") + CommandLineBuilder::preview(argv)});
        if (!shell.waitForFinished(10000) || shell.exitStatus() != QProcess::NormalExit || shell.exitCode() != 0)
            return "shell failed: " + shell.readAllStandardError();
        return shell.readAllStandardOutput();
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void pythonScript()
    {
        Estimator e;
        e.entryScript = QStringLiteral("src/train.py");
        e.scriptParams = {dataset(QStringLiteral("--data-folder"), QStringLiteral("mnist")),
                          value(QStringLiteral("--regularization"), QStringLiteral("0.8")),
                          flag(QStringLiteral("--verbose")),
                          dataset(QStringLiteral("--v2"), QStringLiteral("mnist:2"))};
        const QHash<QString, QString> datasets{{QStringLiteral("mnist"), QStringLiteral("/data/mnist/1")},
                                               {QStringLiteral("mnist:2"), QStringLiteral("/data/mnist/2")}};
        QString error;
        const auto argv = CommandLineBuilder::build(e, QStringLiteral("/usr/bin/python3"), datasets, &error);
        QVERIFY2(argv.has_value(), qPrintable(error));
        QCOMPARE(*argv, (QStringList{QStringLiteral("/usr/bin/python3"), QStringLiteral("src/train.py"),
                                     QStringLiteral("--data-folder"), QStringLiteral("/data/mnist/1"),
                                     QStringLiteral("--regularization"), QStringLiteral("0.8"),
                                     QStringLiteral("--verbose"), QStringLiteral("--v2"), QStringLiteral("/data/mnist/2")}));
        QCOMPARE(CommandLineBuilder::preview(*argv),
                 QStringLiteral("/usr/bin/python3 src/train.py --data-folder /data/mnist/1 --regularization 0.8 "
                                "--verbose --v2 /data/mnist/2"));
    }

    void shellScript()
    {
        Estimator e;
        e.entryScript = QStringLiteral("run.sh");
        e.scriptParams = {value(QStringLiteral("-n"), QStringLiteral("3"))};
        QString error;
        const auto argv = CommandLineBuilder::build(e, QStringLiteral("python3"), {}, &error);
        QVERIFY2(argv.has_value(), qPrintable(error));
        QCOMPARE(*argv, (QStringList{QStringLiteral("bash"), QStringLiteral("run.sh"), QStringLiteral("-n"),
                                     QStringLiteral("3")}));
    }

    void refusals()
    {
        Estimator e;
        e.entryScript = QStringLiteral("train.py");
        e.scriptParams = {dataset(QStringLiteral("--data"), QStringLiteral("imagenet:4"))};
        QString error;
        QVERIFY(!CommandLineBuilder::build(e, QStringLiteral("python3"),
                                           {{QStringLiteral("imagenet"), QStringLiteral("/d")}}, &error));
        QCOMPARE(error, QStringLiteral("script_params.--data: dataset \"imagenet:4\" has no resolved path on the target"));

        e.scriptParams.clear();
        e.entryScript = QStringLiteral("train.rb");
        QVERIFY(!CommandLineBuilder::build(e, QStringLiteral("python3"), {}, &error));
        QCOMPARE(error, QStringLiteral("entry_script: train.rb: expected a .py or .sh script"));
    }

    void argumentsFollowTheParams()
    {
        Estimator e;
        e.entryScript = QStringLiteral("train.py");
        e.scriptParams = {value(QStringLiteral("--lr"), QStringLiteral("0.1"))};
        e.arguments = {ScriptArgument::literal(QStringLiteral("--data")),
                       ScriptArgument::datasetReference(QStringLiteral("mnist:2"), QStringLiteral("download")),
                       ScriptArgument::literal(QStringLiteral("two words")), ScriptArgument::literal(QString()),
                       ScriptArgument::literal(QStringLiteral("$(id)"))};
        QString error;
        const auto argv = CommandLineBuilder::build(e, QStringLiteral("python3"),
                                                    {{QStringLiteral("mnist:2"), QStringLiteral("/d/mnist 2")}}, &error);
        QVERIFY2(argv.has_value(), qPrintable(error));
        const QStringList expected{QStringLiteral("python3"),   QStringLiteral("train.py"),  QStringLiteral("--lr"),
                                   QStringLiteral("0.1"),       QStringLiteral("--data"),    QStringLiteral("/d/mnist 2"),
                                   QStringLiteral("two words"), QString(),                   QStringLiteral("$(id)")};
        QCOMPARE(*argv, expected);
        QCOMPARE(shellEcho(*argv), expected.join(QLatin1Char('\n')).toUtf8() + "\n");

        QVERIFY(!CommandLineBuilder::build(e, QStringLiteral("python3"), {}, &error));
        QCOMPARE(error, QStringLiteral("arguments[1]: dataset \"mnist:2\" has no resolved path on the target"));
    }

    void twentyParamsKeepTheirOrder()
    {
        Estimator e;
        e.entryScript = QStringLiteral("train.py");
        QStringList expected{QStringLiteral("py"), QStringLiteral("train.py")};
        for (int i = 0; i < 20; ++i) {
            const QString key = QStringLiteral("--k%1").arg((i * 13) % 20);
            if (i % 3 == 0) {
                e.scriptParams.append(flag(key));
                expected << key;
            } else {
                e.scriptParams.append(value(key, QString::number(100 - i)));
                expected << key << QString::number(100 - i);
            }
        }
        QString error;
        const auto argv = CommandLineBuilder::build(e, QStringLiteral("py"), {}, &error);
        QVERIFY2(argv.has_value(), qPrintable(error));
        QCOMPARE(*argv, expected);
    }

    void hostileValuesStayLiteral()
    {
        // The argv goes to QProcess without a shell; a real script proves each value arrives byte for byte.
        const QString source = m_dir.path() + QStringLiteral("/src");
        QVERIFY(TestSupport::writeFile(source + QStringLiteral("/echo.sh"), "printf '%s\\0' \"$@\"\n"));
        Estimator e;
        e.entryScript = QStringLiteral("echo.sh");
        QStringList expectedArgs;
        int index = 0;
        for (const QString& text : hostileValues()) {
            const QString key = QStringLiteral("--p%1").arg(index++);
            e.scriptParams.append(value(key, text));
            expectedArgs << key;
            if (!text.isEmpty()) // an empty value is a flag
                expectedArgs << text;
        }
        QString error;
        const auto argv = CommandLineBuilder::build(e, QStringLiteral("python3"), {}, &error);
        QVERIFY2(argv.has_value(), qPrintable(error));
        QCOMPARE(argv->mid(2), expectedArgs);

        QProcess run;
        run.setWorkingDirectory(source);
        run.start(argv->first(), argv->mid(1));
        QVERIFY(run.waitForFinished(10000));
        QCOMPARE(run.exitCode(), 0);
        QByteArray expectedOutput;
        for (const QString& arg : expectedArgs)
            expectedOutput += arg.toUtf8() + '\0';
        QCOMPARE(run.readAllStandardOutput(), expectedOutput);
    }

    void shellQuoteRules()
    {
        QCOMPARE(CommandLineBuilder::shellQuote(QString()), QStringLiteral("''"));
        QCOMPARE(CommandLineBuilder::shellQuote(QStringLiteral("--lr")), QStringLiteral("--lr"));
        QCOMPARE(CommandLineBuilder::shellQuote(QStringLiteral("/a/b.py")), QStringLiteral("/a/b.py"));
        QCOMPARE(CommandLineBuilder::shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
        QCOMPARE(CommandLineBuilder::shellQuote(QStringLiteral("~")), QStringLiteral("'~'"));
        QCOMPARE(CommandLineBuilder::shellQuote(QStringLiteral("a=b")), QStringLiteral("'a=b'"));
        QCOMPARE(CommandLineBuilder::shellQuote(QStringLiteral("$(id)")), QStringLiteral("'$(id)'"));
    }

    void previewSurvivesARealShell()
    {
        QStringList argv{QStringLiteral("/usr/bin/python3"), QStringLiteral("train.py")};
        for (const QString& text : hostileValues())
            argv << QStringLiteral("--x") << text;
        argv << QStringLiteral("'\\''") << QStringLiteral("end'") << QStringLiteral("'start");
        QByteArray expected;
        for (const QString& arg : argv)
            expected += arg.toUtf8() + '\n';
        QCOMPARE(shellEcho(argv), expected);

        for (const QString& text : hostileValues())
            QCOMPARE(shellEcho({text}), text.toUtf8() + '\n');
    }
};

QTEST_GUILESS_MAIN(TestCommandLineBuilder)
#include "TestCommandLineBuilder.moc"
