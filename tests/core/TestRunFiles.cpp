// Tests for RunFiles: what a run exposes (outputs/, logs/, system/), path checks, and downloads that never
// overwrite and never leave the run's folders, whatever links the run put there (outputs/ itself included).
#include <QtTest>

#include "run/RunFiles.h"
#include "TestSupport.h"
#include "workspace/Workspace.h"

#include <QTemporaryDir>

#include <unistd.h>

class TestRunFiles : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QString m_runId = QStringLiteral("exp_1");

    QString runPath(const QString& relative) const { return m_ws->runDir(m_runId) + QLatin1Char('/') + relative; }

private slots:
    void init()
    {
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
        QVERIFY(TestSupport::writeFile(runPath(QStringLiteral("work/outputs/model.pkl")), QByteArray(500, 'm')));
        QVERIFY(TestSupport::writeFile(runPath(QStringLiteral("work/outputs/checkpoints/epoch2.pt")), QByteArray(20, '2')));
        QVERIFY(TestSupport::writeFile(runPath(QStringLiteral("work/outputs/checkpoints/epoch1.pt")), QByteArray(10, '1')));
        QVERIFY(TestSupport::writeFile(runPath(QStringLiteral("work/outputs/a.txt")), "a"));
        QVERIFY(TestSupport::writeFile(runPath(QStringLiteral("work/logs/train.log")), "log line\n"));
        QVERIFY(TestSupport::writeFile(runPath(QStringLiteral("system/stdout.log")), "hello\n"));
        QVERIFY(TestSupport::writeFile(runPath(QStringLiteral("system/stderr.log")), ""));
        // Files of the run that are not exposed.
        QVERIFY(TestSupport::writeFile(runPath(QStringLiteral("work/train.py")), "print(1)\n"));
        QVERIFY(TestSupport::writeFile(runPath(QStringLiteral("runner.json")), "{}"));
    }

    void listsTheExposedFilesSorted()
    {
        const RunFiles files(*m_ws, m_runId);
        const auto entries = files.list();
        QStringList paths;
        QMap<QString, RunFileEntry> byPath;
        for (const auto& e : entries) {
            paths << e.path;
            byPath.insert(e.path, e);
        }
        const QStringList expected{
            QStringLiteral("outputs/a.txt"),
            QStringLiteral("outputs/checkpoints"),
            QStringLiteral("outputs/checkpoints/epoch1.pt"),
            QStringLiteral("outputs/checkpoints/epoch2.pt"),
            QStringLiteral("outputs/model.pkl"),
            QStringLiteral("logs/train.log"),
            QStringLiteral("system/stderr.log"),
            QStringLiteral("system/stdout.log"),
        };
        QCOMPARE(paths, expected);
        QCOMPARE(byPath[QStringLiteral("outputs/model.pkl")].size, qint64(500));
        QVERIFY(!byPath[QStringLiteral("outputs/model.pkl")].isDir);
        QCOMPARE(byPath[QStringLiteral("outputs/checkpoints/epoch2.pt")].size, qint64(20));
        QVERIFY(byPath[QStringLiteral("outputs/checkpoints")].isDir);
        QCOMPARE(byPath[QStringLiteral("outputs/checkpoints")].size, qint64(0));
        QCOMPARE(byPath[QStringLiteral("logs/train.log")].size, qint64(9));
        QCOMPARE(byPath[QStringLiteral("system/stdout.log")].size, qint64(6));
        QCOMPARE(byPath[QStringLiteral("system/stderr.log")].size, qint64(0));
        const qint64 modified = QFileInfo(runPath(QStringLiteral("work/outputs/model.pkl"))).lastModified().toMSecsSinceEpoch();
        QCOMPARE(byPath[QStringLiteral("outputs/model.pkl")].modifiedMs, modified);
        QVERIFY(modified > 0);
    }

    void aRunWithoutFilesListsNothing()
    {
        const RunFiles files(*m_ws, QStringLiteral("exp_99"));
        QVERIFY(files.list().isEmpty());
    }

    void absolutePathChecks()
    {
        const RunFiles files(*m_ws, m_runId);
        QCOMPARE(files.absolutePath(QStringLiteral("outputs/model.pkl")), runPath(QStringLiteral("work/outputs/model.pkl")));
        QCOMPARE(files.absolutePath(QStringLiteral("logs/train.log")), runPath(QStringLiteral("work/logs/train.log")));
        QCOMPARE(files.absolutePath(QStringLiteral("system/stdout.log")), runPath(QStringLiteral("system/stdout.log")));
        QCOMPARE(files.absolutePath(QStringLiteral("outputs")), runPath(QStringLiteral("work/outputs")));
        QCOMPARE(files.absolutePath(QStringLiteral("outputs//checkpoints/./epoch1.pt")),
                 runPath(QStringLiteral("work/outputs/checkpoints/epoch1.pt")));

        QVERIFY(files.absolutePath(QStringLiteral("../exp_2/system/stdout.log")).isEmpty());
        QVERIFY(files.absolutePath(QStringLiteral("outputs/../../runner.json")).isEmpty());
        QVERIFY(files.absolutePath(QStringLiteral("outputs/../system/stdout.log")).isEmpty());
        QVERIFY(files.absolutePath(QStringLiteral("/etc/passwd")).isEmpty());
        QVERIFY(files.absolutePath(runPath(QStringLiteral("system/stdout.log"))).isEmpty());
        QVERIFY(files.absolutePath(QStringLiteral("work/train.py")).isEmpty());
        QVERIFY(files.absolutePath(QStringLiteral("runner.json")).isEmpty());
        QVERIFY(files.absolutePath(QStringLiteral("secrets/x")).isEmpty());
        QVERIFY(files.absolutePath(QString()).isEmpty());
        QVERIFY(files.absolutePath(QStringLiteral(".")).isEmpty());

        QCOMPARE(RunFiles::roots(), (QStringList{QStringLiteral("outputs"), QStringLiteral("logs"), QStringLiteral("system")}));
    }

    void downloadsAFile()
    {
        const RunFiles files(*m_ws, m_runId);
        QTemporaryDir target;
        QString error;
        // Into an existing folder: keeps the name.
        QVERIFY2(files.download(QStringLiteral("outputs/model.pkl"), target.path(), &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(target.path() + QStringLiteral("/model.pkl")), QByteArray(500, 'm'));
        // To a new path: takes that name.
        const QString renamed = target.path() + QStringLiteral("/sub/stdout-copy.txt");
        QVERIFY2(files.download(QStringLiteral("system/stdout.log"), renamed, &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(renamed), QByteArray("hello\n"));
    }

    void downloadsAFolderWithProgress()
    {
        const RunFiles files(*m_ws, m_runId);
        QTemporaryDir target;
        QString error;
        qint64 lastDone = 0, lastTotal = 0;
        QVERIFY2(files.download(QStringLiteral("outputs/checkpoints"), target.path(), &error,
                                [&](qint64 done, qint64 total) {
                                    lastDone = done;
                                    lastTotal = total;
                                    return true;
                                }),
                 qPrintable(error));
        QCOMPARE(TestSupport::readFile(target.path() + QStringLiteral("/checkpoints/epoch1.pt")), QByteArray(10, '1'));
        QCOMPARE(TestSupport::readFile(target.path() + QStringLiteral("/checkpoints/epoch2.pt")), QByteArray(20, '2'));
        QCOMPARE(lastTotal, qint64(30));
        QCOMPARE(lastDone, qint64(30));

        // The whole outputs folder to a new name.
        const QString everything = target.path() + QStringLiteral("/all-outputs");
        QVERIFY2(files.download(QStringLiteral("outputs"), everything, &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(everything + QStringLiteral("/model.pkl")), QByteArray(500, 'm'));
        QCOMPARE(TestSupport::readFile(everything + QStringLiteral("/checkpoints/epoch2.pt")), QByteArray(20, '2'));
    }

    void downloadRefusesToOverwrite()
    {
        const RunFiles files(*m_ws, m_runId);
        QTemporaryDir target;
        const QString existing = target.path() + QStringLiteral("/model.pkl");
        QVERIFY(TestSupport::writeFile(existing, "mine"));
        QString error;
        QVERIFY(!files.download(QStringLiteral("outputs/model.pkl"), target.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("exists")), qPrintable(error));
        QCOMPARE(TestSupport::readFile(existing), QByteArray("mine"));

        error.clear();
        QVERIFY(!files.download(QStringLiteral("outputs/a.txt"), existing, &error));
        QCOMPARE(TestSupport::readFile(existing), QByteArray("mine"));

        // A folder download whose target folder exists is refused too, leaving it as it was.
        QVERIFY(TestSupport::writeFile(target.path() + QStringLiteral("/checkpoints/epoch1.pt"), "keep"));
        error.clear();
        QVERIFY(!files.download(QStringLiteral("outputs/checkpoints"), target.path(), &error));
        QCOMPARE(TestSupport::readFile(target.path() + QStringLiteral("/checkpoints/epoch1.pt")), QByteArray("keep"));
        QVERIFY(!QFileInfo::exists(target.path() + QStringLiteral("/checkpoints/epoch2.pt")));
    }

    void downloadRefusesBadPaths()
    {
        const RunFiles files(*m_ws, m_runId);
        QTemporaryDir target;
        QString error;
        for (const QString& bad : {QStringLiteral("../exp_2/outputs"), QStringLiteral("/etc/passwd"),
                                   QStringLiteral("work/train.py"), QStringLiteral("outputs/../runner.json")}) {
            error.clear();
            QVERIFY2(!files.download(bad, target.path(), &error), qPrintable(bad));
            QVERIFY2(error.contains(bad), qPrintable(error));
        }
        error.clear();
        QVERIFY(!files.download(QStringLiteral("outputs/missing.bin"), target.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("outputs/missing.bin")), qPrintable(error));
        QVERIFY(QDir(target.path()).isEmpty());
    }

    void downloadRefusesSymlinksOutOfTheRun()
    {
        const QString secret = m_dir.path() + QStringLiteral("/secret.txt");
        QVERIFY(TestSupport::writeFile(secret, "secret"));
        QVERIFY(::symlink(QFile::encodeName(secret).constData(),
                          QFile::encodeName(runPath(QStringLiteral("work/outputs/leak"))).constData()) == 0);
        QVERIFY(::symlink(QFile::encodeName(m_dir.path()).constData(),
                          QFile::encodeName(runPath(QStringLiteral("work/logs/up"))).constData()) == 0);
        const RunFiles files(*m_ws, m_runId);
        QTemporaryDir target;
        QString error;
        QVERIFY(!files.download(QStringLiteral("outputs/leak"), target.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("outputs/leak")), qPrintable(error));
        error.clear();
        QVERIFY(!files.download(QStringLiteral("logs/up/secret.txt"), target.path(), &error));
        QVERIFY(QDir(target.path()).isEmpty());
    }
    // A run's script replaced outputs/ by a link to a folder outside the run: nothing under it is listed,
    // resolved (what logs --file reads), or downloaded.
    void outputsReplacedByALinkOutsideTheRunIsRefused()
    {
        const QString outside = m_dir.path() + QStringLiteral("/outside-%1").arg(QFileInfo(m_ws->root()).fileName());
        QVERIFY(TestSupport::writeFile(outside + QStringLiteral("/secret.txt"), "secret"));
        QVERIFY(QDir(runPath(QStringLiteral("work/outputs"))).removeRecursively());
        QVERIFY(::symlink(QFile::encodeName(outside).constData(), QFile::encodeName(runPath(QStringLiteral("work/outputs"))).constData()) == 0);
        const RunFiles files(*m_ws, m_runId);
        for (const RunFileEntry& e : files.list())
            QVERIFY2(!e.path.startsWith(QStringLiteral("outputs")), qPrintable(e.path));
        QVERIFY(!files.list().isEmpty()); // logs/ and system/ are still listed
        QVERIFY(files.absolutePath(QStringLiteral("outputs/secret.txt")).isEmpty());
        QVERIFY(files.absolutePath(QStringLiteral("outputs")).isEmpty());
        QString error;
        QVERIFY(files.resolve(QStringLiteral("outputs/secret.txt"), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("outputs/secret.txt")) && error.contains(QStringLiteral("outside")), qPrintable(error));
        QTemporaryDir target;
        error.clear();
        QVERIFY(!files.download(QStringLiteral("outputs/secret.txt"), target.path(), &error));
        QVERIFY(!files.download(QStringLiteral("outputs"), target.path() + QStringLiteral("/all"), &error));
        QVERIFY2(error.contains(QStringLiteral("outside")), qPrintable(error));
        QVERIFY(QDir(target.path()).isEmpty());
    }

    // logs --file outputs/x resolves through absolutePath(): a link to /etc/passwd is refused there as in
    // download, and is not even listed.
    void aFileLinkToEtcPasswdIsRefusedForReading()
    {
        QVERIFY(::symlink("/etc/passwd", QFile::encodeName(runPath(QStringLiteral("work/outputs/x"))).constData()) == 0);
        QVERIFY(::symlink("/etc", QFile::encodeName(runPath(QStringLiteral("work/logs/etc"))).constData()) == 0);
        const RunFiles files(*m_ws, m_runId);
        QVERIFY(files.absolutePath(QStringLiteral("outputs/x")).isEmpty());
        QVERIFY(files.absolutePath(QStringLiteral("logs/etc/passwd")).isEmpty());
        QString error;
        QVERIFY(files.resolve(QStringLiteral("outputs/x"), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("/etc/passwd")), qPrintable(error));
        for (const RunFileEntry& e : files.list())
            QVERIFY2(e.path != QStringLiteral("outputs/x") && !e.path.startsWith(QStringLiteral("logs/etc")), qPrintable(e.path));

        // A link that stays inside the run's files is listed and read.
        QVERIFY(::symlink("model.pkl", QFile::encodeName(runPath(QStringLiteral("work/outputs/latest.pkl"))).constData()) == 0);
        QCOMPARE(files.absolutePath(QStringLiteral("outputs/latest.pkl")), runPath(QStringLiteral("work/outputs/latest.pkl")));
        bool listed = false;
        for (const RunFileEntry& e : files.list())
            listed = listed || e.path == QStringLiteral("outputs/latest.pkl");
        QVERIFY(listed);
    }

    void dotDotAndAbsolutePathsAreRefusedWithAReason()
    {
        const RunFiles files(*m_ws, m_runId);
        for (const QString& bad : {QStringLiteral("outputs/../../runner.json"), QStringLiteral("/etc/passwd"),
                                   QStringLiteral("logs/../../../../etc/passwd")}) {
            QString error;
            QVERIFY2(files.resolve(bad, &error).isEmpty(), qPrintable(bad));
            QVERIFY2(error.contains(bad), qPrintable(error));
        }
    }
};

QTEST_GUILESS_MAIN(TestRunFiles)
#include "TestRunFiles.moc"
