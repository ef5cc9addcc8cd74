#include <QtTest>

#include "estimator/ShellWords.h"
#include "TestSupport.h"

// ShellWords: the words of a command are what a real POSIX shell would pass (checked against /bin/sh for the
// accepted commands), placeholders stay placeholders, and whatever a shell would expand or interpret is refused
// with what was found and where.
class TestShellWords : public QObject
{
    Q_OBJECT

    static QStringList texts(const QVector<ShellWord>& words)
    {
        QStringList list;
        for (const ShellWord& word : words) {
            QString text;
            for (const ShellWordPart& part : word.parts)
                text += part.placeholder ? QStringLiteral("<") + part.text + QStringLiteral(">") : part.text;
            list << text;
        }
        return list;
    }

    // What /bin/sh makes of the command's arguments: each word printed with a terminator.
    static QStringList shellWords(const QString& command)
    {
        QProcess shell;
        shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("printf '%s\\036' ") + command});
        if (!shell.waitForFinished(10000) || shell.exitCode() != 0)
            return {QStringLiteral("shell failed")};
        QStringList words = QString::fromUtf8(shell.readAllStandardOutput()).split(QChar(0x1e));
        words.removeLast();
        return words;
    }

private slots:
    void agreesWithARealShell_data()
    {
        QTest::addColumn<QString>("command");
        QTest::newRow("plain") << QStringLiteral("python train.py --lr 0.1");
        QTest::newRow("spaces and tabs") << QStringLiteral("  python\t train.py   --a\t\tb  ");
        QTest::newRow("single quotes") << QStringLiteral("python t.py 'a b' 'it''s' '$HOME' '`id`' '|;&<>'");
        QTest::newRow("double quotes") << QStringLiteral("python t.py \"a b\" \"say \\\"hi\\\"\" \"back\\\\slash\" \"\\a\" \"it's\"");
        QTest::newRow("escaped dollar in double quotes") << QStringLiteral("python t.py \"\\$HOME\" \"\\`x\\`\"");
        QTest::newRow("backslashes") << QStringLiteral("python t.py a\\ b \\$HOME \\| \\; \\\\ \\'q\\'");
        QTest::newRow("empty words") << QStringLiteral("python t.py '' \"\" x''y");
        QTest::newRow("adjacent quoting") << QStringLiteral("python t.py --name='a b'\"c d\"e");
        QTest::newRow("continued line") << QStringLiteral("python t.py --a 1 \\\n  --b 2");
        QTest::newRow("unicode") << QStringLiteral("python t.py ünï 'cødé ✓' 日本");
        QTest::newRow("hash inside a word") << QStringLiteral("python t.py a#b --x=~y");
        QTest::newRow("equals and colons") << QStringLiteral("python t.py --k=v a:b @c %d +e ,f");
        QTest::newRow("final line break") << QStringLiteral("python t.py --a \\\n  b\n\n  ");
        QTest::newRow("newline in single quotes") << QStringLiteral("python t.py 'line1\nline2'");
    }

    void agreesWithARealShell()
    {
        QFETCH(QString, command);
        QString error;
        const auto words = ShellWords::split(command, &error);
        QVERIFY2(words.has_value(), qPrintable(error));
        QCOMPARE(texts(*words), shellWords(command));
    }

    void placeholdersAreKeptWhole()
    {
        QString error;
        const auto words = ShellWords::split(
            QStringLiteral("python t.py --data ${{inputs.data}} --out=${{ outputs.model }}/x '${{inputs.a b}}' "
                           "\"pre ${{inputs.n}} post\" ${{inputs.x}}${{inputs.y}}"),
            &error);
        QVERIFY2(words.has_value(), qPrintable(error));
        QCOMPARE(texts(*words), (QStringList{QStringLiteral("python"), QStringLiteral("t.py"), QStringLiteral("--data"),
                                             QStringLiteral("<inputs.data>"), QStringLiteral("--out=<outputs.model>/x"),
                                             QStringLiteral("<inputs.a b>"), QStringLiteral("pre <inputs.n> post"),
                                             QStringLiteral("<inputs.x><inputs.y>")}));
        QVERIFY(words->at(3).hasPlaceholder());
        QCOMPARE(words->at(3).parts.size(), 1);
        QVERIFY(!words->at(2).hasPlaceholder());
        QCOMPARE(words->at(2).literalText(), QStringLiteral("--data"));
        QCOMPARE(words->at(4).parts.size(), 3);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("expected");
        const QString tail = QStringLiteral(" to a shell; Trainyard runs the command without one, so write only the program "
                                            "and its arguments (quote the character to pass it literally)");
        QTest::newRow("variable") << QStringLiteral("python t.py $HOME") << "\"$HOME\" at column 13 is a variable or expansion" + tail;
        QTest::newRow("braced variable") << QStringLiteral("python t.py ${X}") << "\"${X}\" at column 13 is a variable or expansion" + tail;
        QTest::newRow("command substitution") << QStringLiteral("python t.py $(id)")
                                              << "\"$(id)\" at column 13 is a variable or expansion" + tail;
        QTest::newRow("variable in double quotes")
            << QStringLiteral("python t.py \"a $B\"")
            << "\"$B\"\" at column 16 is a variable or expansion (also inside double quotes)" + tail;
        QTest::newRow("backtick") << QStringLiteral("python t.py `id`") << "\"`id`\" at column 13 is a command substitution" + tail;
        QTest::newRow("backtick in double quotes")
            << QStringLiteral("python t.py \"`id`\"")
            << "\"`id`\"\" at column 14 is a command substitution (also inside double quotes)" + tail;
        QTest::newRow("pipe") << QStringLiteral("python t.py | tee log") << "\"|\" at column 13 is a pipe" + tail;
        QTest::newRow("or") << QStringLiteral("python t.py || true") << "\"||\" at column 13 is \"or\" between commands" + tail;
        QTest::newRow("semicolon") << QStringLiteral("cd src; python t.py") << "\";\" at column 7 is a second command" + tail;
        QTest::newRow("and") << QStringLiteral("pip install x && python t.py")
                             << "\"&&\" at column 15 is \"and\" between commands" + tail;
        QTest::newRow("background") << QStringLiteral("python t.py &") << "\"&\" at column 13 is a background job" + tail;
        QTest::newRow("redirect out") << QStringLiteral("python t.py >out.txt") << "\">out.txt\" at column 13 is a redirection" + tail;
        QTest::newRow("redirect in") << QStringLiteral("python t.py 2<in") << "\"<in\" at column 14 is a redirection" + tail;
        QTest::newRow("subshell") << QStringLiteral("(python t.py)") << "\"(python\" at column 1 is a subshell" + tail;
        QTest::newRow("glob") << QStringLiteral("python t.py *.csv") << "\"*.csv\" at column 13 is a file name pattern" + tail;
        QTest::newRow("question glob") << QStringLiteral("python t.py a?") << "\"?\" at column 14 is a file name pattern" + tail;
        QTest::newRow("bracket glob") << QStringLiteral("python t.py [ab]") << "\"[ab]\" at column 13 is a file name pattern" + tail;
        QTest::newRow("brace") << QStringLiteral("python t.py {a,b}") << "\"{a,b}\" at column 13 is a brace expansion" + tail;
        QTest::newRow("comment") << QStringLiteral("python t.py # note") << "\"#\" at column 13 is a comment" + tail;
        QTest::newRow("tilde") << QStringLiteral("python ~/t.py") << "\"~/t.py\" at column 8 is the home folder" + tail;
        QTest::newRow("newline") << QStringLiteral("python t.py\npython u.py") << "a line break at column 12 is a line break (a second command)" + tail;
        QTest::newRow("open single") << QStringLiteral("python t.py 'abc") << QStringLiteral("the single quote at column 13 is never closed");
        QTest::newRow("open double") << QStringLiteral("python \"t.py") << QStringLiteral("the double quote at column 8 is never closed");
        QTest::newRow("trailing backslash") << QStringLiteral("python t.py \\")
                                            << QStringLiteral("the command ends in a backslash, which escapes nothing");
        QTest::newRow("open placeholder") << QStringLiteral("python t.py ${{inputs.x")
                                          << QStringLiteral("\"${{\" at column 13 has no closing \"}}\"");
    }

    void refusals()
    {
        QFETCH(QString, command);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!ShellWords::split(command, &error).has_value());
        QCOMPARE(error, expected);
    }

    void emptyCommandHasNoWords()
    {
        QString error;
        QCOMPARE(ShellWords::split(QString(), &error)->size(), 0);
        QCOMPARE(ShellWords::split(QStringLiteral("   \t "), &error)->size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestShellWords)
#include "TestShellWords.moc"
