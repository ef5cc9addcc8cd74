// Tests for LineDiff: unified diffs of texts, line by line, bounded for files rewritten whole.
#include <QtTest>

#include "compare/LineDiff.h"

class TestLineDiff : public QObject
{
    Q_OBJECT

private slots:
    void equalTextsHaveNoDiff()
    {
        const LineDiff::Result r = LineDiff::unified("a\nb\n", "a\nb\n");
        QVERIFY(r.text.isEmpty());
        QCOMPARE(r.added + r.removed, 0);
    }

    void insertionsAndDeletionsInTheMiddle()
    {
        const LineDiff::Result r = LineDiff::unified("a\nb\nc\nd\n", "a\nx\nc\nd\ne\n");
        QCOMPARE(r.text, QStringLiteral("@@ -1,4 +1,5 @@\n a\n-b\n+x\n c\n d\n+e\n"));
        QCOMPARE(r.added, 2);
        QCOMPARE(r.removed, 1);
        QVERIFY(!r.approximate);
    }

    void aMissingLastNewlineIsAChange()
    {
        const LineDiff::Result r = LineDiff::unified("a\nb\n", "a\nb");
        QCOMPARE(r.text, QStringLiteral("@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n"));
    }

    void theShortestEditIsFound()
    {
        // Myers' classic example: ABCABBA → CBABAC in 5 edits.
        const LineDiff::Result r = LineDiff::unified("A\nB\nC\nA\nB\nB\nA\n", "C\nB\nA\nB\nA\nC\n");
        QCOMPARE(r.added + r.removed, 5);
    }

    void aRewrittenFileIsBounded()
    {
        QByteArray before, after;
        for (int i = 0; i < 20000; ++i) {
            before += "old " + QByteArray::number(i) + "\n";
            after += "new " + QByteArray::number(i) + "\n";
        }
        const LineDiff::Result r = LineDiff::unified("same\n" + before, "same\n" + after);
        QVERIFY(r.approximate);
        QCOMPARE(r.removed, 20000);
        QCOMPARE(r.added, 20000);
        QVERIFY(r.text.startsWith(QStringLiteral("@@ -1,20001 +1,20001 @@\n same\n-old 0\n")));
    }
};

QTEST_GUILESS_MAIN(TestLineDiff)
#include "TestLineDiff.moc"
