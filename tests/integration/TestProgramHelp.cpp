// Every command-line program says what it is: `--help` and `--version` of trainyard-cli, trainyard-runner and
// trainyard-askpass exit 0 with their usage and the project's version, a bad option exits 2; and what is made
// from trainyard-cli's help at build time: its JSON description names every command and option the help has,
// the man page (groff reads it without a warning) documents each of them, and the bash completion completes
// commands, subcommand words and each command's options.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QStandardPaths>

#include "TestSupport.h"

using namespace TestSupport;

namespace {

QString program(const QString& name) { return binDir() + QLatin1Char('/') + name; }
QString generated(const QString& name) { return binDir() + QStringLiteral("/../packaging/") + name; }

QJsonObject description()
{
    const CliResult r = runProgram(program(QStringLiteral("trainyard-cli")), {QStringLiteral("--json"), QStringLiteral("help")});
    return r.exitCode == 0 ? r.json().object() : QJsonObject();
}

// Every command as its JSON object, a group's subcommands in its place.
QVector<QJsonObject> commandsOf(const QJsonObject& description)
{
    QVector<QJsonObject> commands;
    for (const QJsonValue& command : description.value(QStringLiteral("commands")).toArray()) {
        const QJsonArray subcommands = command.toObject().value(QStringLiteral("subcommands")).toArray();
        if (subcommands.isEmpty())
            commands << command.toObject();
        for (const QJsonValue& sub : subcommands)
            commands << sub.toObject();
    }
    return commands;
}

QString roff(QString text)
{
    return text.replace(QLatin1Char('\\'), QStringLiteral("\\e")).replace(QLatin1Char('-'), QStringLiteral("\\-"));
}

// What bash completes for the words typed (the last one being completed), from the generated completion.
QStringList complete(const QStringList& words)
{
    QStringList quoted;
    for (const QString& word : words)
        quoted << QLatin1Char('\'') + word + QLatin1Char('\'');
    const QString script = QStringLiteral("source \"$1\"; COMP_WORDS=(%1); COMP_CWORD=%2; _trainyard_cli; "
                                          "printf '%s\\n' \"${COMPREPLY[@]}\"")
                               .arg(quoted.join(QLatin1Char(' ')))
                               .arg(words.size() - 1);
    const CliResult r = runProgram(QStringLiteral("/bin/bash"),
                                   {QStringLiteral("-c"), script, QStringLiteral("bash"),
                                    generated(QStringLiteral("trainyard-cli.bash-completion"))});
    if (r.exitCode != 0)
        qWarning("bash: %s", r.err.constData());
    return QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestProgramHelp : public QObject
{
    Q_OBJECT

private slots:
    void versionOfEveryProgram()
    {
        QString version;
        for (const QString& name : {QStringLiteral("trainyard-cli"), QStringLiteral("trainyard-runner"),
                                    QStringLiteral("trainyard-askpass")}) {
            const CliResult r = runProgram(program(name), {QStringLiteral("--version")});
            QCOMPARE(r.exitCode, 0);
            const QStringList words = QString::fromUtf8(r.out).trimmed().split(QLatin1Char(' '));
            QCOMPARE(words.size(), 2);
            QCOMPARE(words.constFirst(), name);
            QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+$")).match(words.constLast()).hasMatch(),
                     r.out.constData());
            if (version.isEmpty())
                version = words.constLast();
            QCOMPARE(words.constLast(), version);
        }
        QCOMPARE(description().value(QStringLiteral("version")).toString(), version);
    }

    void helpOfEveryProgram()
    {
        CliResult r = runProgram(program(QStringLiteral("trainyard-cli")), {QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("usage: trainyard-cli ") && r.out.contains("--version"), r.out.constData());
        r = runProgram(program(QStringLiteral("trainyard-runner")), {QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Usage: ") && r.out.contains("--workspace <DIR>") && r.out.contains("--adopt"),
                 r.out.constData());
        r = runProgram(program(QStringLiteral("trainyard-askpass")), {QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("usage: trainyard-askpass PROMPT") && r.out.contains("set-password"), r.out.constData());
        QVERIFY(r.err.isEmpty());
    }

    void badOptionsExitTwo()
    {
        CliResult r = runProgram(program(QStringLiteral("trainyard-runner")), {QStringLiteral("--no-such-option")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no-such-option") && r.err.contains("usage: trainyard-runner"), r.err.constData());
        r = runProgram(program(QStringLiteral("trainyard-runner")), {});
        QCOMPARE(r.exitCode, 2);
        r = runProgram(program(QStringLiteral("trainyard-cli")), {QStringLiteral("--no-such-option")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("usage: trainyard-cli"), r.err.constData());
    }

    void jsonHelpDescribesEveryCommand()
    {
        const QJsonObject json = description();
        QCOMPARE(json.value(QStringLiteral("program")).toString(), QStringLiteral("trainyard-cli"));
        const QVector<QJsonObject> commands = commandsOf(json);
        QVERIFY(commands.size() > 30);
        const CliResult usage = runProgram(program(QStringLiteral("trainyard-cli")), {QStringLiteral("--help")});
        QCOMPARE(QString::fromUtf8(usage.out), json.value(QStringLiteral("usage")).toString());
        for (const QJsonObject& command : commands) {
            const QString synopsis = command.value(QStringLiteral("synopsis")).toString();
            QVERIFY2(usage.out.contains(QByteArray("  " + synopsis.toUtf8() + "\n")), qPrintable(synopsis));
            // Each option the command's own help lists is in its description, and no other.
            // A subcommand by its group's name and its word (`help environments list` for the one named like
            // its group).
            const QString name = command.value(QStringLiteral("name")).toString();
            const QStringList words = command.contains(QStringLiteral("word"))
                                          ? QStringList{name.section(QLatin1Char(' '), 0, 0),
                                                        command.value(QStringLiteral("word")).toString()}
                                          : QStringList{name};
            const CliResult help =
                runProgram(program(QStringLiteral("trainyard-cli")), QStringList{QStringLiteral("help")} + words);
            QVERIFY2(help.exitCode == 0 && help.out.startsWith(QByteArray("usage: trainyard-cli " + synopsis.toUtf8() + "\n")),
                     qPrintable(name));
            const QJsonArray options = command.value(QStringLiteral("options")).toArray();
            QCOMPARE(help.out.count("\n  --"), qsizetype(options.size()));
            for (const QJsonValue& option : options)
                QVERIFY2(help.out.contains(QByteArray("\n  " + option.toObject().value(QStringLiteral("name")).toString().toUtf8())),
                         qPrintable(synopsis));
        }
    }

    void manPageDocumentsEveryCommand()
    {
        const QString page = QString::fromUtf8(readFile(generated(QStringLiteral("trainyard-cli.1"))));
        QVERIFY2(page.startsWith(QLatin1String(".\\\"")) && page.contains(QLatin1String("\n.TH TRAINYARD\\-CLI 1 ")),
                 "no man page header");
        const QJsonObject json = description();
        QVERIFY(page.contains(QStringLiteral("\"Trainyard %1\"").arg(json.value(QStringLiteral("version")).toString())));
        for (const QJsonObject& command : commandsOf(json)) {
            const QString synopsis = command.value(QStringLiteral("synopsis")).toString();
            QVERIFY2(page.contains(QStringLiteral("\\fBtrainyard\\-cli ") + roff(synopsis) + QStringLiteral("\\fR\n")),
                     qPrintable(synopsis));
            for (const QJsonValue& option : command.value(QStringLiteral("options")).toArray())
                QVERIFY2(page.contains(QStringLiteral(".TP\n\\fB")
                                       + roff(option.toObject().value(QStringLiteral("name")).toString())),
                         qPrintable(synopsis));
        }
        const QString groff = QStandardPaths::findExecutable(QStringLiteral("groff"));
        QVERIFY2(!groff.isEmpty(), "groff is not installed: scripts/setup.sh --tests installs it (groff-base)");
        // -k: through preconv, as man reads it (the page is UTF-8).
        const CliResult r = runProgram(groff, {QStringLiteral("-k"), QStringLiteral("-man"), QStringLiteral("-ww"), QStringLiteral("-z"),
                                               QStringLiteral("-Tutf8"), generated(QStringLiteral("trainyard-cli.1"))});
        QVERIFY2(r.exitCode == 0 && r.err.isEmpty(), r.err.constData());
    }

    void bashCompletesCommandsAndOptions()
    {
        QCOMPARE(complete({QStringLiteral("trainyard-cli"), QStringLiteral("subm")}), QStringList{QStringLiteral("submit")});
        const QStringList all = complete({QStringLiteral("trainyard-cli"), QString()});
        for (const QJsonValue& command : description().value(QStringLiteral("commands")).toArray())
            QVERIFY2(all.contains(command.toObject().value(QStringLiteral("name")).toString()), qPrintable(all.join(u' ')));
        QVERIFY(all.contains(QStringLiteral("help")));
        // A global option and its value before the command do not hide it.
        QCOMPARE(complete({QStringLiteral("trainyard-cli"), QStringLiteral("--workspace"), QStringLiteral("/tmp"),
                           QStringLiteral("targets"), QStringLiteral("set-p")}),
                 QStringList{QStringLiteral("set-password")});
        const QStringList targetWords = complete({QStringLiteral("trainyard-cli"), QStringLiteral("targets"), QString()});
        QVERIFY2(targetWords.contains(QStringLiteral("add")) && targetWords.contains(QStringLiteral("list"))
                     && !targetWords.contains(QStringLiteral("submit")),
                 qPrintable(targetWords.join(u' ')));
        const QStringList submitOptions =
            complete({QStringLiteral("trainyard-cli"), QStringLiteral("submit"), QStringLiteral("x.yml"), QStringLiteral("--")});
        QVERIFY2(submitOptions.contains(QStringLiteral("--wait")) && submitOptions.contains(QStringLiteral("--workspace"))
                     && !submitOptions.contains(QStringLiteral("--passphrase")),
                 qPrintable(submitOptions.join(u' ')));
        // A subcommand's own options; the group's default subcommand's for the group alone.
        QVERIFY(complete({QStringLiteral("trainyard-cli"), QStringLiteral("targets"), QStringLiteral("set-password"),
                          QStringLiteral("dev"), QStringLiteral("--pass")})
                    .contains(QStringLiteral("--passphrase")));
        QCOMPARE(complete({QStringLiteral("trainyard-cli"), QStringLiteral("environments"), QStringLiteral("--tar")}),
                 QStringList{QStringLiteral("--target")});
        QVERIFY(complete({QStringLiteral("trainyard-cli"), QStringLiteral("help"), QStringLiteral("targets"), QStringLiteral("a")})
                    .contains(QStringLiteral("add")));
        // Directories after --workspace.
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("ws-folder")));
        QVERIFY(writeFile(dir.path() + QStringLiteral("/ws-file"), "x"));
        QCOMPARE(complete({QStringLiteral("trainyard-cli"), QStringLiteral("--workspace"), dir.path() + QStringLiteral("/ws-")}),
                 QStringList{dir.path() + QStringLiteral("/ws-folder")});
    }
};

QTEST_GUILESS_MAIN(TestProgramHelp)
#include "TestProgramHelp.moc"
