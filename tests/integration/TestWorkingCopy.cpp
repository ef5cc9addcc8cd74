// End to end through trainyard-cli and the runner: what a run's working folder is made of. A script that
// rewrites its own files never reaches the store or a later run of the same snapshot, and the README's own
// estimator example (metric_patterns) produces its metric.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "TestSupport.h"
#include "snapshot/SnapshotStore.h"
#include "snapshot/WorkingCopies.h"

#include <sys/stat.h>

using namespace TestSupport;

namespace {

// Checks that its working files are the originals, then overwrites, truncates, deletes and chmods them.
const QByteArray kVandalScript = R"(import os, sys
expected = {'data.txt': b'original data\n', 'nested/params.json': b'{"lr": 0.1}\n', 'train.py': None}
pristine = all(open(p, 'rb').read() == c for p, c in expected.items() if c is not None)
pristine = pristine and os.path.getsize('train.py') > 0 and os.path.exists('delete-me.txt')
print('cwd', os.getcwd())
print('inode', os.stat('data.txt').st_ino)
print('pristine', pristine, flush=True)
with open('data.txt', 'w') as f:
    f.write('overwritten by the run')
with open('nested/params.json', 'r+b') as f:
    f.truncate(0)
open('train.py', 'w').close()
os.remove('delete-me.txt')
os.chmod('data.txt', 0o777)
damaged = open('data.txt', 'rb').read() == b'overwritten by the run' and os.path.getsize('nested/params.json') == 0
print('damaged', damaged and os.path.getsize('train.py') == 0 and not os.path.exists('delete-me.txt'))
)";

} // namespace

class TestWorkingCopy : public QObject
{
    Q_OBJECT

    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }

    QJsonObject submitAndShow(const QString& estimator, CliResult* submit)
    {
        *submit = runCli(workspace(), {QStringLiteral("submit"), estimator, QStringLiteral("--wait")});
        const QString id = QString::fromUtf8(submit->out.split('\n').value(0)).trimmed();
        return runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
    }

    static QByteArray printed(const QByteArray& out, const QByteArray& key)
    {
        for (const QByteArray& line : out.split('\n'))
            if (line.startsWith(QByteArray(key + ' ')))
                return line.mid(key.size() + 1);
        return {};
    }

    static quint64 inodeOf(const QString& path)
    {
        struct stat st;
        return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? quint64(st.st_ino) : 0;
    }

    QTemporaryDir m_dir;

private slots:
    void readmeMetricPatternGivesItsMetric()
    {
        // Exactly the README's line.
        const QString est = makeProject(m_dir.path() + QStringLiteral("/acc"),
                                        {{QStringLiteral("train.py"), "print('epoch 1')\nprint('acc=0.5')\nprint('acc=0.875')\n"}},
                                        "experiment: acc\nentry_script: train.py\nmetric_patterns: ['^acc=(?<value>\\S+)']\n");
        CliResult submit;
        const QJsonObject show = submitAndShow(est, &submit);
        QVERIFY2(submit.exitCode == 0, submit.err.constData());
        QCOMPARE(show.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        const QJsonObject metrics = runCli(workspace(), {QStringLiteral("metrics"), show.value(QStringLiteral("id")).toString(),
                                                         QStringLiteral("--json")})
                                        .json()
                                        .object();
        const QJsonArray acc = metrics.value(QStringLiteral("acc")).toArray();
        QCOMPARE(acc.size(), 2);
        QCOMPARE(acc.at(0).toObject().value(QStringLiteral("value")).toDouble(), 0.5);
        QCOMPARE(acc.at(1).toObject().value(QStringLiteral("value")).toDouble(), 0.875);
        // The run's own metrics (the node's system samples, system/<node>/..., come beside them).
        QCOMPARE(QStringList(metrics.keys()).filter(QRegularExpression(QStringLiteral("^(?!system/)"))), QStringList{QStringLiteral("acc")});
    }

    void scriptRewritingItsFilesNeverReachesTheStoreOrTheNextRun()
    {
        const QString est = makeProject(m_dir.path() + QStringLiteral("/vandal"),
                                        {{QStringLiteral("train.py"), kVandalScript},
                                         {QStringLiteral("data.txt"), "original data\n"},
                                         {QStringLiteral("nested/params.json"), "{\"lr\": 0.1}\n"},
                                         {QStringLiteral("delete-me.txt"), "x"}},
                                        "experiment: vandal\nentry_script: train.py\n");
        CliResult first;
        const QJsonObject firstRun = submitAndShow(est, &first);
        QVERIFY2(first.out.contains("pristine True"), first.out.constData());
        const QString snapshotId = firstRun.value(QStringLiteral("snapshot")).toString();
        QVERIFY(!snapshotId.isEmpty());
        // The first run really did damage its own copy.
        QVERIFY2(first.out.contains("damaged True"), first.out.constData());
        const QByteArray firstCwd = printed(first.out, "cwd");

        const SnapshotStore store(workspace() + QStringLiteral("/store"));
        const WorkingCopies copies(store);
        // The first run's runner makes a spare for the next run of this snapshot.
        QTRY_VERIFY_WITH_TIMEOUT(copies.hasSpare(snapshotId), 120000);
        QString error;
        QVERIFY2(store.verify(snapshotId, &error), qPrintable(error));

        for (int round = 0; round < 2; ++round) {
            // The spare is renamed into the run's folder, so the run's files are the spare's inodes.
            const QString checkouts = workspace() + QStringLiteral("/store/checkouts/") + snapshotId;
            const QStringList spares = QDir(checkouts).entryList({QStringLiteral("ready-*")}, QDir::Dirs);
            QCOMPARE(spares.size(), 1);
            const quint64 spareInode = inodeOf(checkouts + QLatin1Char('/') + spares[0] + QStringLiteral("/data.txt"));
            QVERIFY(spareInode != 0);
            CliResult again;
            const QJsonObject run = submitAndShow(est, &again);
            QCOMPARE(run.value(QStringLiteral("snapshot")).toString(), snapshotId);
            QVERIFY2(again.out.contains("pristine True"), again.out.constData());
            QVERIFY2(again.out.contains("damaged True"), again.out.constData());
            QVERIFY(printed(again.out, "cwd") != firstCwd);
            QCOMPARE(printed(again.out, "inode").toULongLong(), spareInode);
            QVERIFY2(store.verify(snapshotId, &error), qPrintable(error));
            QTRY_VERIFY_WITH_TIMEOUT(copies.hasSpare(snapshotId), 120000);
        }
        // The project folder itself was never touched.
        QCOMPARE(readFile(m_dir.path() + QStringLiteral("/vandal/data.txt")), QByteArray("original data\n"));
    }
};

QTEST_GUILESS_MAIN(TestWorkingCopy)
#include "TestWorkingCopy.moc"
