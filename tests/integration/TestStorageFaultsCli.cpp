// What trainyard-cli says when the workspace's storage fails: a damaged database is a failure (exit 1) with
// a message that says so, never an empty listing, "unknown run" or invalid input (exit 2); a zero-length
// database beside existing runs is refused, not re-created over them; a path a user names that leads out of
// the run through a link is refused by every command that reads files.
#include "TestSupport.h"

#include "run/RunStore.h"
#include "workspace/Workspace.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace TestSupport;

class TestStorageFaultsCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_count = 0;

    // A workspace with `runs` finished runs whose rows fill many pages, checkpointed so the file holds them.
    QString workspaceWithRuns(int runs, QStringList* ids)
    {
        const QString root = m_dir.path() + QStringLiteral("/ws%1").arg(++m_count);
        QString error;
        auto ws = Workspace::open(root, &error);
        if (!ws) {
            qWarning("%s", qPrintable(error));
            return {};
        }
        for (int i = 0; i < runs; ++i) {
            const QString id = insertRun(*ws, QStringLiteral("sweep"), RunStatus::Completed);
            if (id.isEmpty())
                return {};
            RunStore(*ws).setTag(id, QStringLiteral("notes"), QString(1200, QLatin1Char('a' + i % 26)));
            // A run's folder as a runner leaves it: what must survive whatever happens to the database.
            if (!writeFile(ws->runDir(id) + QStringLiteral("/system/stdout.log"), "epoch 1\n"))
                return {};
            *ids << id;
        }
        QSqlQuery q(ws->database());
        q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        return root;
    }

    // Overwrites the pages from `fromFraction` of the file on, half of the file's size or up to its end.
    static bool damagePages(const QString& databasePath, double fromFraction, bool toTheEnd = false)
    {
        QFile f(databasePath);
        if (!f.open(QIODevice::ReadWrite))
            return false;
        const qint64 pageSize = 4096;
        const qint64 from = qMax<qint64>(pageSize, qint64(f.size() * fromFraction) / pageSize * pageSize);
        if (!f.seek(from))
            return false;
        QByteArray garbage(toTheEnd ? f.size() - from : f.size() / 2, '\0');
        for (int i = 0; i < garbage.size(); ++i)
            garbage[i] = char((i * 131 + 7) & 0xff);
        return f.write(garbage) == garbage.size();
    }

private slots:
    void corruptDatabaseIsAFailureThatSaysSo()
    {
        QStringList ids;
        const QString ws = workspaceWithRuns(200, &ids);
        QVERIFY(!ws.isEmpty());
        QVERIFY(damagePages(ws + QStringLiteral("/workspace.db"), 1.0 / 3));

        const CliResult runs = runCli(ws, {QStringLiteral("runs"), QStringLiteral("--limit"), QStringLiteral("1000")});
        QCOMPARE(runs.exitCode, 1);
        QVERIFY2(runs.err.contains("corrupt") || runs.err.contains("malformed"), runs.err.constData());

        // A run whose row lies in the damaged pages.
        const CliResult show = runCli(ws, {QStringLiteral("show"), ids.at(ids.size() / 2)});
        QCOMPARE(show.exitCode, 1);
        QVERIFY2(!show.err.contains("unknown run"), show.err.constData());
        QVERIFY2(show.err.contains("corrupt") || show.err.contains("malformed"), show.err.constData());

        const QString project = makeProject(m_dir.path() + QStringLiteral("/p%1").arg(m_count),
                                            {{QStringLiteral("train.py"), "print('hi')\n"}},
                                            "experiment: sweep\nentry_script: train.py\n");
        // Where the damage reaches every table, a submit cannot record its run: a failure, not invalid input.
        QVERIFY(damagePages(ws + QStringLiteral("/workspace.db"), 0, true));
        const CliResult submit = runCli(ws, {QStringLiteral("submit"), project});
        QVERIFY2(submit.exitCode == 1, submit.err.constData());
        QVERIFY2(submit.err.contains("corrupt") || submit.err.contains("malformed"), submit.err.constData());
    }

    void emptyDatabaseBesideRunsIsRefused()
    {
        QStringList ids;
        const QString ws = workspaceWithRuns(3, &ids);
        QVERIFY(!ws.isEmpty());
        const QStringList databases = QDir(ws).entryList({QStringLiteral("*.db")}, QDir::Files);
        QCOMPARE(databases.size(), 1);
        const QString db = ws + QLatin1Char('/') + databases.constFirst();
        QFile::remove(db + QStringLiteral("-wal"));
        QFile::remove(db + QStringLiteral("-shm"));
        QVERIFY(QFile::resize(db, 0));

        const CliResult runs = runCli(ws, {QStringLiteral("runs")});
        QCOMPARE(runs.exitCode, 1);
        QVERIFY2(runs.err.contains(QFile::encodeName(databases.constFirst())), runs.err.constData());
        QCOMPARE(QFileInfo(db).size(), 0); // not re-created over the runs
        for (const QString& id : ids)
            QCOMPARE(readFile(ws + QStringLiteral("/runs/") + id + QStringLiteral("/system/stdout.log")), QByteArray("epoch 1\n"));
    }

    void linksOutOfTheRunAreRefused()
    {
        QStringList ids;
        const QString ws = workspaceWithRuns(1, &ids);
        QVERIFY(!ws.isEmpty());
        const QString work = ws + QStringLiteral("/runs/") + ids.first() + QStringLiteral("/work");
        QVERIFY(QDir().mkpath(work + QStringLiteral("/logs")));
        QVERIFY(QFile::link(QStringLiteral("/etc/passwd"), work + QStringLiteral("/logs/passwd")));
        const QString outside = m_dir.path() + QStringLiteral("/outside");
        QVERIFY(writeFile(outside + QStringLiteral("/secret.txt"), "not the run's\n"));
        QDir(work + QStringLiteral("/outputs")).removeRecursively();
        QVERIFY(QFile::link(outside, work + QStringLiteral("/outputs")));

        const CliResult logs = runCli(ws, {QStringLiteral("logs"), ids.first(), QStringLiteral("--file"), QStringLiteral("logs/passwd")});
        QCOMPARE(logs.exitCode, 2);
        QVERIFY2(!logs.out.contains("root:"), logs.out.constData());

        const CliResult files = runCli(ws, {QStringLiteral("files"), ids.first()});
        QVERIFY2(!files.out.contains("secret.txt"), files.out.constData());

        const CliResult download = runCli(ws, {QStringLiteral("download"), ids.first(), QStringLiteral("outputs/secret.txt"),
                                               QStringLiteral("--to"), m_dir.path() + QStringLiteral("/got")});
        QVERIFY(download.exitCode != 0);
        QVERIFY(!QFileInfo::exists(m_dir.path() + QStringLiteral("/got/secret.txt")));

        const CliResult model = runCli(ws, {QStringLiteral("register-model"), ids.first(), QStringLiteral("--name"),
                                            QStringLiteral("leak"), QStringLiteral("--path"), QStringLiteral("outputs/secret.txt")});
        QVERIFY(model.exitCode != 0);
    }
};

QTEST_GUILESS_MAIN(TestStorageFaultsCli)
#include "TestStorageFaultsCli.moc"
