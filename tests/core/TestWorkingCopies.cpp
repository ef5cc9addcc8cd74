#include <QtTest>

#include "snapshot/SnapshotStore.h"
#include "snapshot/WorkingCopies.h"
#include "TestSupport.h"

#include <QTemporaryDir>

#include <sys/stat.h>
#include <unistd.h>

using namespace TestSupport;

class TestWorkingCopies : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_storeDir;
    QString m_snapshotId;

    QString path(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }

    static void vandalize(const QString& dir)
    {
        // What a careless script does to its working files: overwrite in place, truncate, delete, chmod.
        QFile data(dir + QStringLiteral("/data.txt"));
        QVERIFY(data.open(QIODevice::ReadWrite));
        data.write("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
        data.close();
        QVERIFY(::truncate(QFile::encodeName(dir + QStringLiteral("/sub/weights.bin")).constData(), 3) == 0);
        QVERIFY(QFile::remove(dir + QStringLiteral("/train.py")));
        ::chmod(QFile::encodeName(dir + QStringLiteral("/run.sh")).constData(), 0600);
    }

    void verifyPristine(const QString& dir)
    {
        QCOMPARE(readFile(dir + QStringLiteral("/data.txt")), QByteArray("original data\n"));
        QCOMPARE(readFile(dir + QStringLiteral("/sub/weights.bin")), QByteArray(100000, 'w'));
        QCOMPARE(readFile(dir + QStringLiteral("/train.py")), QByteArray("print('hi')\n"));
        QVERIFY(QFileInfo(dir + QStringLiteral("/run.sh")).isExecutable());
        QCOMPARE(QFileInfo(dir + QStringLiteral("/link")).symLinkTarget(), dir + QStringLiteral("/data.txt"));
    }

private slots:
    void initTestCase()
    {
        const QString source = path(QStringLiteral("project"));
        QVERIFY(writeFile(source + QStringLiteral("/data.txt"), "original data\n"));
        QVERIFY(writeFile(source + QStringLiteral("/sub/weights.bin"), QByteArray(100000, 'w')));
        QVERIFY(writeFile(source + QStringLiteral("/train.py"), "print('hi')\n"));
        QVERIFY(writeFile(source + QStringLiteral("/run.sh"), "echo hi\n"));
        ::chmod(QFile::encodeName(source + QStringLiteral("/run.sh")).constData(), 0755);
        QVERIFY(QFile::link(QStringLiteral("data.txt"), source + QStringLiteral("/link")));
        m_storeDir = path(QStringLiteral("store"));
        QString error;
        const auto summary = SnapshotStore(m_storeDir).create(source, &error);
        QVERIFY2(summary, qPrintable(error));
        m_snapshotId = summary->id;
    }

    void spareIsTakenAndWritingToItNeverReachesTheStore()
    {
        const SnapshotStore store(m_storeDir);
        const WorkingCopies copies(store);
        QString error;
        // ext4 and tmpfs (where the tests run) have no reflinks: the first checkout copies.
        const auto first = copies.checkOut(m_snapshotId, path(QStringLiteral("run1/work")), &error);
        QVERIFY2(first, qPrintable(error));
        QVERIFY(*first == WorkingCopies::Source::Copied || *first == WorkingCopies::Source::Cloned);
        if (*first == WorkingCopies::Source::Cloned)
            QSKIP("this file system clones: checkouts need no spare");
        verifyPristine(path(QStringLiteral("run1/work")));
        QVERIFY(WorkingCopies::waitForBackgroundWork(120000));
        QVERIFY(copies.hasSpare(m_snapshotId));
        vandalize(path(QStringLiteral("run1/work")));

        for (const QString& run : {QStringLiteral("run2"), QStringLiteral("run3")}) {
            QVERIFY(WorkingCopies::waitForBackgroundWork(120000));
            QVERIFY(copies.hasSpare(m_snapshotId));
            const auto taken = copies.checkOut(m_snapshotId, path(run + QStringLiteral("/work")), &error);
            QVERIFY2(taken, qPrintable(error));
            QCOMPARE(*taken, WorkingCopies::Source::Spare);
            verifyPristine(path(run + QStringLiteral("/work")));
            vandalize(path(run + QStringLiteral("/work")));
            QVERIFY2(store.verify(m_snapshotId, &error), qPrintable(error));
        }
        QVERIFY(WorkingCopies::waitForBackgroundWork(120000));
        verifyPristine(path(QStringLiteral("project")));
    }

    void nonEmptyDestinationIsRefusedAndKeepsTheSpare()
    {
        const WorkingCopies copies{SnapshotStore(m_storeDir)};
        QString error;
        QVERIFY2(copies.prepareSpare(m_snapshotId, &error), qPrintable(error));
        QVERIFY(copies.hasSpare(m_snapshotId));
        QVERIFY(writeFile(path(QStringLiteral("busy/work/keep.txt")), "mine"));
        QVERIFY(!copies.checkOut(m_snapshotId, path(QStringLiteral("busy/work")), &error));
        QVERIFY2(error.contains(QStringLiteral("not empty")), qPrintable(error));
        QCOMPARE(readFile(path(QStringLiteral("busy/work/keep.txt"))), QByteArray("mine"));
        QVERIFY(copies.hasSpare(m_snapshotId));
    }

    void leftoversOfADeadBuilderOrAnotherBootAreNeverTaken()
    {
        const SnapshotStore store(m_storeDir);
        const WorkingCopies copies(store);
        QVERIFY(WorkingCopies::waitForBackgroundWork(120000));
        const QString checkouts = m_storeDir + QStringLiteral("/checkouts/") + m_snapshotId;
        // Take the real spare away, leaving only a half-written folder and a complete-looking spare of
        // another boot (which a crash may have left with unflushed blocks).
        for (const QString& name : QDir(checkouts).entryList({QStringLiteral("ready-*")}, QDir::Dirs))
            QVERIFY(QDir(checkouts + QLatin1Char('/') + name).removeRecursively());
        QVERIFY(writeFile(checkouts + QStringLiteral("/.building-dead/data.txt"), "half"));
        QVERIFY(writeFile(checkouts + QStringLiteral("/ready-0123456789abcdef0123456789abcdef-1/data.txt"), "stale"));
        QVERIFY(!copies.hasSpare(m_snapshotId));
        QString error;
        const auto source = copies.checkOut(m_snapshotId, path(QStringLiteral("run4/work")), &error);
        QVERIFY2(source, qPrintable(error));
        QCOMPARE(*source, WorkingCopies::Source::Copied);
        verifyPristine(path(QStringLiteral("run4/work")));
        QVERIFY(WorkingCopies::waitForBackgroundWork(120000));
        QVERIFY(copies.hasSpare(m_snapshotId));
        QVERIFY(!QFileInfo::exists(checkouts + QStringLiteral("/.building-dead")));
        QVERIFY(!QFileInfo::exists(checkouts + QStringLiteral("/ready-0123456789abcdef0123456789abcdef-1")));
    }

    void sparesAreKeptForTheMostRecentSnapshotsOnly()
    {
        SnapshotStore store(m_storeDir);
        const WorkingCopies copies(store);
        QStringList ids;
        for (int i = 0; i < WorkingCopies::kSnapshotsWithSpares + 2; ++i) {
            const QString source = path(QStringLiteral("many/p%1").arg(i));
            QVERIFY(writeFile(source + QStringLiteral("/f.txt"), QByteArray::number(i)));
            QString error;
            const auto summary = store.create(source, &error);
            QVERIFY2(summary, qPrintable(error));
            QVERIFY2(copies.prepareSpare(summary->id, &error), qPrintable(error));
            ids << summary->id;
            QTest::qWait(20); // distinct folder times for the recency order
        }
        int withSpare = 0;
        for (const QString& id : ids)
            withSpare += copies.hasSpare(id) ? 1 : 0;
        QCOMPARE(withSpare, WorkingCopies::kSnapshotsWithSpares);
        QVERIFY(copies.hasSpare(ids.last()));
        QVERIFY(!copies.hasSpare(ids.first()));
    }

    void verifyFindsACorruptObject()
    {
        SnapshotStore store(m_storeDir);
        const QString source = path(QStringLiteral("corrupt"));
        QVERIFY(writeFile(source + QStringLiteral("/a.txt"), "intact contents"));
        QString error;
        const auto summary = store.create(source, &error);
        QVERIFY2(summary, qPrintable(error));
        QVERIFY2(store.verify(summary->id, &error), qPrintable(error));
        const auto entries = store.manifest(summary->id, &error);
        QVERIFY(entries && entries->size() == 1);
        const QByteArray hash = entries->at(0).hash;
        const QString object = m_storeDir + QStringLiteral("/objects/") + QString::fromLatin1(hash.left(2))
                               + QLatin1Char('/') + QString::fromLatin1(hash.mid(2));
        ::chmod(QFile::encodeName(object).constData(), 0600);
        QVERIFY(writeFile(object, "tampered contents"));
        QVERIFY(!store.verify(summary->id, &error));
        QVERIFY2(error.contains(QStringLiteral("corrupt")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestWorkingCopies)
#include "TestWorkingCopies.moc"
