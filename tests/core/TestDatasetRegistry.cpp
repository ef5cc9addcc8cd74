// Tests for DatasetRegistry: registering files and folders as numbered versions, name and path errors,
// and resolving NAME / NAME:VERSION references.
#include <QtTest>
#include <QSqlQuery>

#include "registry/DatasetRegistry.h"
#include "run/RunStore.h"
#include "TestSupport.h"
#include "workspace/Workspace.h"

#include <QTemporaryDir>

class TestDatasetRegistry : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;

    QString dataPath(const QString& relative) const { return m_dir.path() + QStringLiteral("/data/") + relative; }

private slots:
    void init()
    {
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
    }

    void addFileAndFolderAsVersions()
    {
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("mnist.csv")), QByteArray(1234, 'x')));
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("mnist-folder/train/a.bin")), QByteArray(100, 'a')));
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("mnist-folder/train/b.bin")), QByteArray(200, 'b')));
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("mnist-folder/test/c.bin")), QByteArray(300, 'c')));
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("mnist-folder/.meta")), QByteArray(4, 'm')));

        DatasetRegistry registry(*m_ws);
        QString error;
        const qint64 before = RunStore::nowMs();
        const auto file = registry.add(QStringLiteral("mnist"), dataPath(QStringLiteral("mnist.csv")),
                                       QStringLiteral("the csv"), &error);
        QVERIFY2(file, qPrintable(error));
        QCOMPARE(file->name, QStringLiteral("mnist"));
        QCOMPARE(file->version, 1);
        QVERIFY(!file->isFolder);
        QCOMPARE(file->size, qint64(1234));
        QCOMPARE(file->fileCount, qint64(1));
        QCOMPARE(file->path, QFileInfo(dataPath(QStringLiteral("mnist.csv"))).canonicalFilePath());
        QCOMPARE(file->description, QStringLiteral("the csv"));
        QVERIFY(file->registeredAt >= before);

        const auto folder = registry.add(QStringLiteral("mnist"), dataPath(QStringLiteral("mnist-folder")), QString(), &error);
        QVERIFY2(folder, qPrintable(error));
        QCOMPARE(folder->version, 2);
        QVERIFY(folder->isFolder);
        QCOMPARE(folder->size, qint64(604));
        QCOMPARE(folder->fileCount, qint64(4));
        QCOMPARE(folder->path, QFileInfo(dataPath(QStringLiteral("mnist-folder"))).canonicalFilePath());

        // Another name starts at version 1 again.
        const auto other = registry.add(QStringLiteral("cifar-10"), dataPath(QStringLiteral("mnist.csv")), QString(), &error);
        QVERIFY2(other, qPrintable(error));
        QCOMPARE(other->version, 1);

        const auto all = registry.list();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all[0].name, QStringLiteral("cifar-10"));
        QCOMPARE(all[1].name, QStringLiteral("mnist"));
        QCOMPARE(all[1].version, 1);
        QCOMPARE(all[1].description, QStringLiteral("the csv"));
        QCOMPARE(all[2].version, 2);
        QCOMPARE(all[2].fileCount, qint64(4));
        QVERIFY(all[2].isFolder);
    }

    void relativePathsAreStoredAbsolute()
    {
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("rel.txt")), "abc"));
        const QString previous = QDir::currentPath();
        QDir::setCurrent(m_dir.path());
        DatasetRegistry registry(*m_ws);
        QString error;
        const auto added = registry.add(QStringLiteral("rel"), QStringLiteral("data/rel.txt"), QString(), &error);
        QDir::setCurrent(previous);
        QVERIFY2(added, qPrintable(error));
        QVERIFY(QFileInfo(added->path).isAbsolute());
        QCOMPARE(added->path, QFileInfo(dataPath(QStringLiteral("rel.txt"))).canonicalFilePath());
    }

    void invalidNamesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("space") << QStringLiteral("my data");
        QTest::newRow("colon") << QStringLiteral("mnist:2");
        QTest::newRow("slash") << QStringLiteral("a/b");
        QTest::newRow("leading dot") << QStringLiteral(".hidden");
        QTest::newRow("leading dash") << QStringLiteral("-x");
        QTest::newRow("too long") << QString(65, QLatin1Char('d'));
        QTest::newRow("non-ascii") << QStringLiteral("d\u00e9j\u00e0");
    }

    void invalidNamesAreRefused()
    {
        QFETCH(QString, name);
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("f.txt")), "x"));
        QVERIFY(!DatasetRegistry::isValidName(name));
        DatasetRegistry registry(*m_ws);
        QString error;
        QVERIFY(!registry.add(name, dataPath(QStringLiteral("f.txt")), QString(), &error));
        QVERIFY2(error.contains(QStringLiteral("dataset name")), qPrintable(error));
        QVERIFY(registry.list().isEmpty());
    }

    void validNames()
    {
        QVERIFY(DatasetRegistry::isValidName(QStringLiteral("mnist")));
        QVERIFY(DatasetRegistry::isValidName(QStringLiteral("9lives")));
        QVERIFY(DatasetRegistry::isValidName(QStringLiteral("a.b_c-d")));
        QVERIFY(DatasetRegistry::isValidName(QString(64, QLatin1Char('d'))));
    }

    void missingPathIsNamed()
    {
        DatasetRegistry registry(*m_ws);
        QString error;
        const QString missing = dataPath(QStringLiteral("nowhere.csv"));
        QVERIFY(!registry.add(QStringLiteral("ghost"), missing, QString(), &error));
        QVERIFY2(error.contains(missing), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("ghost")), qPrintable(error));
        QVERIFY(registry.list().isEmpty());
    }

    void resolveReferences()
    {
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("v1.txt")), "1"));
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("v2.txt")), "22"));
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("v3.txt")), "333"));
        DatasetRegistry registry(*m_ws);
        QString error;
        QVERIFY(registry.add(QStringLiteral("ds"), dataPath(QStringLiteral("v1.txt")), QString(), &error));
        QVERIFY(registry.add(QStringLiteral("ds"), dataPath(QStringLiteral("v2.txt")), QString(), &error));
        QVERIFY(registry.add(QStringLiteral("ds"), dataPath(QStringLiteral("v3.txt")), QString(), &error));
        QVERIFY(registry.add(QStringLiteral("ds.v2"), dataPath(QStringLiteral("v1.txt")), QString(), &error));

        const auto newest = registry.resolve(QStringLiteral("ds"), &error);
        QVERIFY2(newest, qPrintable(error));
        QCOMPARE(newest->version, 3);
        QCOMPARE(newest->size, qint64(3));

        const auto second = registry.resolve(QStringLiteral("ds:2"), &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(second->version, 2);
        QCOMPARE(second->path, QFileInfo(dataPath(QStringLiteral("v2.txt"))).canonicalFilePath());

        const auto dotted = registry.resolve(QStringLiteral("ds.v2"), &error);
        QVERIFY2(dotted, qPrintable(error));
        QCOMPARE(dotted->name, QStringLiteral("ds.v2"));

        error.clear();
        QVERIFY(!registry.resolve(QStringLiteral("ds:4"), &error));
        QVERIFY2(error.contains(QStringLiteral("ds")) && error.contains(QStringLiteral("4")), qPrintable(error));

        error.clear();
        QVERIFY(!registry.resolve(QStringLiteral("unknown"), &error));
        QVERIFY2(error.contains(QStringLiteral("unknown")), qPrintable(error));

        for (const QString& malformed : {QStringLiteral("ds:"), QStringLiteral("ds:two"), QStringLiteral("ds:0"),
                                         QStringLiteral("ds:-1"), QStringLiteral("ds:1.5")}) {
            error.clear();
            QVERIFY2(!registry.resolve(malformed, &error), qPrintable(malformed));
            QVERIFY2(error.contains(malformed) && error.contains(QStringLiteral("NAME:VERSION")), qPrintable(error));
        }
    }

    // A datasets table that cannot be read is an error, never an empty registry or an "unknown dataset".
    void anUnreadableTableIsAnErrorNotAnEmptyList()
    {
        QVERIFY(TestSupport::writeFile(dataPath(QStringLiteral("d.csv")), "x"));
        DatasetRegistry registry(*m_ws);
        QString error;
        QVERIFY2(registry.add(QStringLiteral("d"), dataPath(QStringLiteral("d.csv")), QString(), &error), qPrintable(error));
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE datasets RENAME TO datasets_elsewhere")));
        QVERIFY(registry.list(&error).isEmpty());
        QVERIFY2(error.startsWith(QStringLiteral("cannot read the datasets: ")), qPrintable(error));
        error.clear();
        QVERIFY(!registry.resolve(QStringLiteral("d"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot read dataset d: ")), qPrintable(error));
        error.clear();
        QVERIFY(!registry.add(QStringLiteral("d"), dataPath(QStringLiteral("d.csv")), QString(), &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot number dataset d: ")), qPrintable(error));
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE datasets_elsewhere RENAME TO datasets")));
        QCOMPARE(registry.list(&error).size(), 1);
        QVERIFY(error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDatasetRegistry)
#include "TestDatasetRegistry.moc"
