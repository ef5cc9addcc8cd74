#include <QtTest>

#include "snapshot/IgnoreRules.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

// Checks gitignore semantics against hand-worked cases and against git itself on a real tree.
class TestIgnoreRules : public QObject
{
    Q_OBJECT
private slots:
    void matchesLikeGit_data()
    {
        QTest::addColumn<QByteArray>("patterns");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("isDir");
        QTest::addColumn<bool>("ignored");

        QTest::newRow("glob at root") << QByteArray("*.log") << "a.log" << false << true;
        QTest::newRow("glob deep") << QByteArray("*.log") << "dir/sub/b.log" << false << true;
        QTest::newRow("glob no partial") << QByteArray("*.log") << "a.logx" << false << false;
        QTest::newRow("anchored root") << QByteArray("/build") << "build" << true << true;
        QTest::newRow("anchored not deep") << QByteArray("/build") << "src/build" << true << false;
        QTest::newRow("dir-only skips file") << QByteArray("build/") << "build" << false << false;
        QTest::newRow("dir-only dir") << QByteArray("build/") << "build" << true << true;
        QTest::newRow("dir-only deep") << QByteArray("build/") << "src/build" << true << true;
        QTest::newRow("negation") << QByteArray("*.log\n!keep.log") << "keep.log" << false << false;
        QTest::newRow("negation others") << QByteArray("*.log\n!keep.log") << "x.log" << false << true;
        QTest::newRow("later wins") << QByteArray("!keep.log\n*.log") << "keep.log" << false << true;
        QTest::newRow("slash anchors") << QByteArray("doc/*.txt") << "doc/a.txt" << false << true;
        QTest::newRow("star stops at slash") << QByteArray("doc/*.txt") << "doc/sub/a.txt" << false << false;
        QTest::newRow("middle slash anchored") << QByteArray("foo/bar") << "x/foo/bar" << false << false;
        QTest::newRow("doublestar middle 0") << QByteArray("doc/**/*.txt") << "doc/a.txt" << false << true;
        QTest::newRow("doublestar middle 2") << QByteArray("doc/**/*.txt") << "doc/x/y/a.txt" << false << true;
        QTest::newRow("leading doublestar") << QByteArray("**/foo") << "a/b/foo" << false << true;
        QTest::newRow("leading doublestar root") << QByteArray("**/foo") << "foo" << false << true;
        QTest::newRow("trailing doublestar") << QByteArray("abc/**") << "abc/x/y" << false << true;
        QTest::newRow("trailing doublestar not dir") << QByteArray("abc/**") << "abc" << true << false;
        QTest::newRow("a/**/b direct") << QByteArray("a/**/b") << "a/b" << false << true;
        QTest::newRow("a/**/b deep") << QByteArray("a/**/b") << "a/x/y/b" << false << true;
        QTest::newRow("a/**/b not ab") << QByteArray("a/**/b") << "ab" << false << false;
        QTest::newRow("question") << QByteArray("?.txt") << "a.txt" << false << true;
        QTest::newRow("question one char") << QByteArray("?.txt") << "ab.txt" << false << false;
        QTest::newRow("class") << QByteArray("[abc].py") << "b.py" << false << true;
        QTest::newRow("class miss") << QByteArray("[abc].py") << "d.py" << false << false;
        QTest::newRow("class range") << QByteArray("[a-c]z") << "bz" << false << true;
        QTest::newRow("class negated") << QByteArray("[!a]x") << "ax" << false << false;
        QTest::newRow("class negated hit") << QByteArray("[!a]x") << "bx" << false << true;
        QTest::newRow("comment") << QByteArray("# comment") << "# comment" << false << false;
        QTest::newRow("escaped hash") << QByteArray("\\#hash") << "#hash" << false << true;
        QTest::newRow("escaped bang") << QByteArray("\\!bang") << "!bang" << false << true;
        QTest::newRow("trailing spaces trimmed") << QByteArray("trail   ") << "trail" << false << true;
        QTest::newRow("escaped trailing space") << QByteArray("sp\\ ") << "sp " << false << true;
        QTest::newRow("crlf") << QByteArray("a.txt\r\nb.txt\r\n") << "b.txt" << false << true;
        QTest::newRow("dot git dir") << QByteArray() << ".git" << true << true;
        QTest::newRow("dot git file deep") << QByteArray() << "sub/.git" << false << true;
        QTest::newRow("inside ignored folder") << QByteArray("build/") << "build/x.o" << false << true;
        QTest::newRow("cannot reinclude below ignored folder")
            << QByteArray("build/\n!build/keep") << "build/keep" << false << true;
        QTest::newRow("whitelist py") << QByteArray("*\n!*/\n!*.py") << "d/e.py" << false << false;
        QTest::newRow("whitelist others") << QByteArray("*\n!*/\n!*.py") << "d/e.txt" << false << true;
    }

    void matchesLikeGit()
    {
        QFETCH(QByteArray, patterns);
        QFETCH(QString, path);
        QFETCH(bool, isDir);
        QFETCH(bool, ignored);
        IgnoreRules rules;
        rules.addPatternsFrom(QString(), patterns);
        QCOMPARE(rules.isIgnored(path, isDir), ignored);
    }

    void nestedFilesAreRelativeAndOverride()
    {
        IgnoreRules rules;
        rules.addPatternsFrom(QString(), "*.dat\n");
        rules.addPatternsFrom(QStringLiteral("sub"), "!keep.dat\n/only\n");
        QVERIFY(!rules.isIgnored(QStringLiteral("sub/keep.dat"), false));
        QVERIFY(!rules.isIgnored(QStringLiteral("sub/deeper/keep.dat"), false));
        QVERIFY(rules.isIgnored(QStringLiteral("keep.dat"), false));
        QVERIFY(rules.isIgnored(QStringLiteral("other/keep.dat"), false));
        QVERIFY(rules.isIgnored(QStringLiteral("sub/only"), false));
        QVERIFY(!rules.isIgnored(QStringLiteral("sub/x/only"), false));
        QVERIFY(!rules.isIgnored(QStringLiteral("only"), false));
    }

    void deeperRulesWinWhateverTheLoadOrder()
    {
        IgnoreRules rules;
        rules.addPatternsFrom(QStringLiteral("sub/"), "!x.tmp\n");
        rules.addPatternsFrom(QString(), "*.tmp\n");
        QVERIFY(!rules.isIgnored(QStringLiteral("sub/x.tmp"), false));
        QVERIFY(rules.isIgnored(QStringLiteral("sub/y.tmp"), false));
        QVERIFY(rules.isIgnored(QStringLiteral("x.tmp"), false));
    }

    // The same tree judged by git and by IgnoreRules must give the same set of ignored files.
    void agreesWithGitOnARealTree()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString root = dir.path();
        const QMap<QString, QByteArray> ignoreFiles{
            {QStringLiteral(".gitignore"), "*.log\n!important.log\n/out\ncache/\ndocs/**/draft*\n[Tt]mp?\n"},
            {QStringLiteral("src/.gitignore"), "*.o\n!keep.o\ngenerated/\n/local.txt\n"},
            {QStringLiteral("src/deep/.gitignore"), "!*.log\n"},
        };
        const QStringList files{
            QStringLiteral("a.log"), QStringLiteral("important.log"), QStringLiteral("out/x.txt"),
            QStringLiteral("src/out/y.txt"), QStringLiteral("cache/c.bin"), QStringLiteral("src/cache/d.bin"),
            QStringLiteral("docs/a/b/draft1.md"), QStringLiteral("docs/final.md"), QStringLiteral("docs/draft0.md"),
            QStringLiteral("tmp1"), QStringLiteral("Tmp2"), QStringLiteral("tmp12"), QStringLiteral("src/a.o"),
            QStringLiteral("src/keep.o"), QStringLiteral("src/generated/g.py"), QStringLiteral("src/local.txt"),
            QStringLiteral("src/sub/local.txt"), QStringLiteral("src/deep/e.log"), QStringLiteral("src/main.py"),
            QStringLiteral("a.o"),
        };
        for (auto it = ignoreFiles.cbegin(); it != ignoreFiles.cend(); ++it)
            QVERIFY(TestSupport::writeFile(root + QLatin1Char('/') + it.key(), it.value()));
        for (const QString& file : files)
            QVERIFY(TestSupport::writeFile(root + QLatin1Char('/') + file, "x"));

        QProcess git;
        git.setWorkingDirectory(root);
        git.start(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("-q")});
        QVERIFY(git.waitForFinished());
        git.start(QStringLiteral("git"), {QStringLiteral("ls-files"), QStringLiteral("--others"), QStringLiteral("--ignored"),
                                          QStringLiteral("--exclude-standard")});
        QVERIFY(git.waitForFinished());
        QCOMPARE(git.exitCode(), 0);
        QStringList gitIgnored = QString::fromUtf8(git.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        gitIgnored.sort();

        IgnoreRules rules;
        for (auto it = ignoreFiles.cbegin(); it != ignoreFiles.cend(); ++it)
            rules.addPatternsFrom(QFileInfo(it.key()).path(), it.value());
        QStringList ours;
        for (const QString& file : files) {
            if (rules.isIgnored(file, false))
                ours.append(file);
        }
        ours.sort();
        QCOMPARE(ours, gitIgnored);
        QVERIFY(gitIgnored.size() >= 8); // the tree really exercises ignoring
    }

    void hundredThousandPathsAreFast()
    {
        IgnoreRules rules;
        QByteArray patterns;
        for (int i = 0; i < 30; ++i)
            patterns += "*.ext" + QByteArray::number(i) + "\nbuild" + QByteArray::number(i) + "/\n";
        patterns += "docs/**/draft*\n!keep*.ext3\n[Tt]mp?\n";
        rules.addPatternsFrom(QString(), patterns);
        rules.addPatternsFrom(QStringLiteral("dir3"), "*.py\n");
        QVector<QByteArray> paths;
        int expected = 0;
        for (int i = 0; i < 100000; ++i) {
            expected += (i % 40) < 30 ? 1 : 0; // .ext0 to .ext29 are ignored, .ext30 to .ext39 are not
            paths.append("dir" + QByteArray::number(i % 50) + "/sub" + QByteArray::number(i % 7) + "/file"
                         + QByteArray::number(i) + ".ext" + QByteArray::number(i % 40));
        }
        QElapsedTimer timer;
        timer.start();
        int ignored = 0;
        for (const QByteArray& path : paths)
            ignored += rules.isEntryIgnored(path, false) ? 1 : 0;
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(ignored, expected);
        QVERIFY2(elapsed < 1000, qPrintable(QStringLiteral("100k paths took %1 ms").arg(elapsed)));
    }
};

QTEST_GUILESS_MAIN(TestIgnoreRules)
#include "TestIgnoreRules.moc"
