// Tests for SnapshotDiff: the files changed between two real snapshots of a project, and one file's diff.
#include <QtTest>

#include "TestSupport.h"
#include "compare/SnapshotDiff.h"
#include "run/RunStore.h"
#include "snapshot/SnapshotStore.h"

#include <QTemporaryDir>

using namespace TestSupport;

class TestSnapshotDiff : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static QString runWithSnapshot(const Workspace& ws, const QString& project)
    {
        QString error;
        const auto snapshot = SnapshotStore(ws.storeDir()).create(project, &error);
        if (!snapshot) {
            qWarning("snapshot: %s", qPrintable(error));
            return {};
        }
        return insertRun(ws, QStringLiteral("diff"), RunStatus::Completed, snapshot->id);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void filesChangedBetweenTwoRuns()
    {
        const auto ws = openFreshWorkspace(m_dir);
        QVERIFY(ws);
        const QString project = m_dir.path() + QStringLiteral("/project");
        QByteArray model;
        for (int i = 1; i <= 40; ++i)
            model += "line " + QByteArray::number(i) + "\n";
        QVERIFY(writeFile(project + QStringLiteral("/train.py"), "import model\nlr = 0.1\nprint(lr)\n"));
        QVERIFY(writeFile(project + QStringLiteral("/model.py"), model));
        QVERIFY(writeFile(project + QStringLiteral("/old.txt"), "gone soon\n"));
        QVERIFY(writeFile(project + QStringLiteral("/same.txt"), "unchanged\n"));
        QVERIFY(writeFile(project + QStringLiteral("/weights.bin"), QByteArray("\x01\x00\x02", 3)));
        const QString before = runWithSnapshot(*ws, project);
        QVERIFY(!before.isEmpty());

        QVERIFY(writeFile(project + QStringLiteral("/train.py"), "import model\nlr = 0.3\nprint(lr)\n"));
        model.replace("line 5\n", "line five\n");
        model.replace("line 30\n", "");
        QVERIFY(writeFile(project + QStringLiteral("/model.py"), model));
        QVERIFY(QFile::remove(project + QStringLiteral("/old.txt")));
        QVERIFY(writeFile(project + QStringLiteral("/data/new.csv"), "a,b\n1,2\n"));
        QVERIFY(writeFile(project + QStringLiteral("/weights.bin"), QByteArray("\x01\x00\x03", 3)));
        const QString after = runWithSnapshot(*ws, project);
        QVERIFY(!after.isEmpty());

        QString error;
        const auto diff = SnapshotDiff::between(*ws, before, after, &error);
        QVERIFY2(diff, qPrintable(error));
        QStringList listed;
        for (const SnapshotFileChange& c : diff->changes())
            listed << c.path + QLatin1Char(' ') + SnapshotFileChange::kindName(c.kind);
        QCOMPARE(listed,
                 (QStringList{QStringLiteral("data/new.csv added"), QStringLiteral("model.py modified"),
                              QStringLiteral("old.txt removed"), QStringLiteral("train.py modified"),
                              QStringLiteral("weights.bin modified")}));

        const auto train = diff->fileDiff(QStringLiteral("train.py"), &error);
        QVERIFY2(train, qPrintable(error));
        QVERIFY(!train->binary);
        QCOMPARE(train->text, QStringLiteral("--- a/train.py\n+++ b/train.py\n@@ -1,3 +1,3 @@\n import "
                                             "model\n-lr = 0.1\n+lr = 0.3\n print(lr)\n"));
        QCOMPARE(train->added, 1);
        QCOMPARE(train->removed, 1);

        // Two changes far apart are two hunks, each with three lines of context.
        const auto modelDiff = diff->fileDiff(QStringLiteral("model.py"), &error);
        QVERIFY2(modelDiff, qPrintable(error));
        QVERIFY2(modelDiff->text.contains(QStringLiteral(
                     "@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n")),
                 qPrintable(modelDiff->text));
        QVERIFY2(modelDiff->text.contains(
                     QStringLiteral("@@ -27,7 +27,6 @@\n line 27\n line 28\n line 29\n-line 30\n line 31\n")),
                 qPrintable(modelDiff->text));
        QCOMPARE(modelDiff->added, 1);
        QCOMPARE(modelDiff->removed, 2);

        const auto added = diff->fileDiff(QStringLiteral("data/new.csv"), &error);
        QVERIFY2(added, qPrintable(error));
        QCOMPARE(added->text,
                 QStringLiteral("--- /dev/null\n+++ b/data/new.csv\n@@ -0,0 +1,2 @@\n+a,b\n+1,2\n"));
        const auto removed = diff->fileDiff(QStringLiteral("old.txt"), &error);
        QVERIFY2(removed, qPrintable(error));
        QCOMPARE(removed->text, QStringLiteral("--- a/old.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone soon\n"));

        const auto binary = diff->fileDiff(QStringLiteral("weights.bin"), &error);
        QVERIFY2(binary, qPrintable(error));
        QVERIFY(binary->binary);
        QVERIFY(binary->text.isEmpty());

        QVERIFY(!diff->fileDiff(QStringLiteral("same.txt"), &error));
        QVERIFY2(error.contains(QStringLiteral("same.txt did not change")), qPrintable(error));
    }

    void unknownRunsAndMissingSnapshotsAreNamed()
    {
        const auto ws = openFreshWorkspace(m_dir);
        QVERIFY(ws);
        const QString project = m_dir.path() + QStringLiteral("/p2");
        QVERIFY(writeFile(project + QStringLiteral("/a.py"), "x\n"));
        const QString withSnapshot = runWithSnapshot(*ws, project);
        const QString without = insertRun(*ws, QStringLiteral("diff"), RunStatus::Completed);
        QString error;
        QVERIFY(!SnapshotDiff::between(*ws, withSnapshot, QStringLiteral("nope_9"), &error));
        QCOMPARE(error, QStringLiteral("unknown run nope_9"));
        QVERIFY(!SnapshotDiff::between(*ws, without, withSnapshot, &error));
        QCOMPARE(error, QStringLiteral("run %1 has no code snapshot").arg(without));
        // The same snapshot twice changes nothing.
        const auto same = SnapshotDiff::between(*ws, withSnapshot, withSnapshot, &error);
        QVERIFY2(same, qPrintable(error));
        QVERIFY(same->changes().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSnapshotDiff)
#include "TestSnapshotDiff.moc"
