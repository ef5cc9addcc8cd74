// Tests for Workspace: creation and permissions, schema migration and refusal of newer schemas, per-thread
// connections, WAL mode, the installed run-side runtime files, where a workspace is looked for, a folder made
// private whoever created it, and a database that is empty, missing or damaged never re-created over runs.
#include <QtTest>

#include "TestSupport.h"
#include "run/RunQuery.h"
#include "run/RunStore.h"
#include "workspace/Workspace.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <limits>
#include <sys/stat.h>

namespace {

mode_t modeOf(const QString& path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

// A connection of our own, like another process would have, so checks do not go through Workspace.
class RawConnection
{
public:
    explicit RawConnection(const QString& databasePath)
        : m_name(QStringLiteral("raw-") + QUuid::createUuid().toString(QUuid::Id128))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(databasePath);
        db.open();
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QVariant scalar(const QString& sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }
    bool exec(const QString& sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return q.exec(sql);
    }

private:
    QString m_name;
};

// Runs `work` on a fresh QThread and waits for it.
template <typename Work>
void runOnThread(Work work)
{
    QThread* thread = QThread::create(work);
    thread->start();
    thread->wait();
    delete thread;
}

struct ThreadResult
{
    bool open = false;
    QString connectionName;
    qint64 targets = -1;
    bool inserted = false;
    QString error;
};

ThreadResult useFromThisThread(const Workspace& ws, const QString& targetName)
{
    ThreadResult r;
    QSqlDatabase db = ws.database();
    r.open = db.isValid() && db.isOpen();
    r.connectionName = db.connectionName();
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM targets")) && q.next())
        r.targets = q.value(0).toLongLong();
    else
        r.error = q.lastError().text();
    // An unfinished SELECT keeps its read transaction open; a write on the same connection would then have
    // to upgrade it, which SQLite refuses at once (no busy wait) when the other thread wrote meanwhile.
    q.finish();
    QSqlQuery ins(db);
    ins.prepare(QStringLiteral("INSERT INTO targets (name, kind, config_json) VALUES (?, 'local', '{}')"));
    ins.addBindValue(targetName);
    r.inserted = ins.exec();
    if (!r.inserted)
        r.error += ins.lastError().text();
    return r;
}

class EnvironmentGuard
{
public:
    explicit EnvironmentGuard(const char* name) : m_name(name), m_had(qEnvironmentVariableIsSet(name)), m_value(qgetenv(name)) {}
    ~EnvironmentGuard()
    {
        if (m_had)
            qputenv(m_name, m_value);
        else
            qunsetenv(m_name);
    }

private:
    const char* m_name;
    bool m_had;
    QByteArray m_value;
};

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT

private slots:
    void createsAPrivateFolderAndDatabase()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.path() + QStringLiteral("/nested/ws");
        QString error;
        const auto ws = Workspace::open(path, &error);
        QVERIFY2(ws, qPrintable(error));
        QCOMPARE(ws->root(), QFileInfo(path).absoluteFilePath());
        QVERIFY(QFileInfo(path).isDir());
        QCOMPARE(modeOf(path), mode_t(0700));
        QVERIFY(QFileInfo(ws->databasePath()).isFile());
        QVERIFY(ws->databasePath().startsWith(ws->root() + QLatin1Char('/')));
        QCOMPARE(modeOf(ws->databasePath()), mode_t(0600));
        for (const QString& sub : {ws->runsDir(), ws->storeDir(), ws->modelsDir(), ws->runtimeDir()}) {
            QVERIFY2(QFileInfo(sub).isDir(), qPrintable(sub));
            QVERIFY(sub.startsWith(ws->root() + QLatin1Char('/')));
        }
        QCOMPARE(ws->runDir(QStringLiteral("exp_7")), ws->runsDir() + QStringLiteral("/exp_7"));
    }

    void schemaVersionIsRecorded()
    {
        QTemporaryDir dir;
        QString error;
        const auto ws = Workspace::open(dir.path() + QStringLiteral("/ws"), &error);
        QVERIFY2(ws, qPrintable(error));
        QVERIFY(Workspace::schemaVersion() >= 1);
        RawConnection raw(ws->databasePath());
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), Workspace::schemaVersion());
        for (const char* table : {"runs", "run_tags", "run_metrics", "datasets", "models", "targets"}) {
            const QVariant found = raw.scalar(
                QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='%1'").arg(QLatin1String(table)));
            QVERIFY2(found.toInt() == 1, table);
        }
    }

    void reopeningKeepsData()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/ws");
        QString error;
        {
            const auto ws = Workspace::open(path, &error);
            QVERIFY2(ws, qPrintable(error));
            QSqlQuery q(ws->database());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO targets (name, kind, config_json) VALUES ('kept', 'local', '{\"x\":1}')")));
        }
        const auto again = Workspace::open(path, &error);
        QVERIFY2(again, qPrintable(error));
        RawConnection raw(again->databasePath());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT config_json FROM targets WHERE name='kept'")).toString(),
                 QStringLiteral("{\"x\":1}"));
        // Migrations ran once: the built-in target is not duplicated, the version unchanged.
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM targets WHERE name='local'")).toInt(), 1);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), Workspace::schemaVersion());
    }

    // A workspace of the schema before run parameters: reopening it adds the new columns and tables and fills
    // run_params from each run's estimator JSON, numbers read as numbers, flags as "true", datasets by name.
    void runsOfAnOlderWorkspaceGetTheirScriptParams()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/ws");
        QString error;
        {
            const auto ws = Workspace::open(path, &error);
            QVERIFY2(ws, qPrintable(error));
        }
        {
            RawConnection raw(path + QStringLiteral("/workspace.db"));
            for (const char* statement :
                 {"DROP INDEX runs_by_id_seq", "DROP INDEX run_metrics_by_last_sort",
                  "DROP TABLE run_params", "DROP TABLE model_aliases", "DROP INDEX run_metrics_by_name",
                  "DROP INDEX run_tags_by_name", "ALTER TABLE runs DROP COLUMN display_name",
                  "ALTER TABLE runs DROP COLUMN note", "DROP INDEX runs_archived", "ALTER TABLE runs DROP COLUMN archived",
                  "DROP INDEX run_metrics_by_min", "DROP INDEX run_metrics_by_max", "ALTER TABLE run_metrics DROP COLUMN min_value", "ALTER TABLE run_metrics DROP COLUMN max_value",
                  "PRAGMA user_version = 5",
                  R"(INSERT INTO runs (id, seq, experiment, status, compute_target, estimator_json, submitted_at)
                     VALUES ('old_1', 1, 'old', 'Completed', 'local',
                     '{"script_params":[{"key":"--lr","kind":"value","value":"1e-3"},{"key":"--verbose","kind":"flag","value":""},
                       {"key":"--data","kind":"dataset","value":"","dataset":"mnist:2"},{"key":"--name","kind":"value","value":"big"},
                       {"key":"--","kind":"value","value":"x"}]}', 1))",
                  "INSERT INTO runs (id, seq, experiment, status, compute_target, estimator_json, submitted_at) "
                  "VALUES ('old_2', 2, 'old', 'Failed', 'local', 'not json', 2)"}) {
                QVERIFY2(raw.exec(QString::fromUtf8(statement)), statement);
            }
            QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 5);
        }
        const auto ws = Workspace::open(path, &error);
        QVERIFY2(ws, qPrintable(error));
        RawConnection raw(ws->databasePath());
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), Workspace::schemaVersion());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM run_params")).toInt(), 4);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT number FROM run_params WHERE run_id='old_1' AND name='lr'")).toDouble(), 1e-3);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT value FROM run_params WHERE name='verbose'")).toString(), QStringLiteral("true"));
        QCOMPARE(raw.scalar(QStringLiteral("SELECT value FROM run_params WHERE name='data'")).toString(), QStringLiteral("mnist:2"));
        QVERIFY(raw.scalar(QStringLiteral("SELECT number FROM run_params WHERE name='data'")).isNull());
        QVERIFY(raw.scalar(QStringLiteral("SELECT number FROM run_params WHERE name='name'")).isNull());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT group_concat(name) FROM (SELECT name FROM run_params ORDER BY position)")).toString(),
                 QStringLiteral("lr,verbose,data,name"));
        QCOMPARE(raw.scalar(QStringLiteral("SELECT archived FROM runs WHERE id='old_2'")).toInt(), 0);
    }

    // A workspace of schema 7 gets the indexes the runs table's sorts walk; its runs sort as before, now
    // through them.
    void aSchema7WorkspaceGetsTheSortIndexes()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/ws");
        QString error;
        QStringList ids;
        {
            const auto ws = Workspace::open(path, &error);
            QVERIFY2(ws, qPrintable(error));
            RunStore store(*ws);
            for (const char* lr : std::initializer_list<const char*>{"0.5", "auto", "0.1", nullptr, "0.1"}) {
                ids << TestSupport::insertRun(*ws, QStringLiteral("old"), RunStatus::Completed);
                if (lr)
                    QVERIFY(store.setLoggedParam(ids.last(), QStringLiteral("lr"), QString::fromLatin1(lr)));
                RunMetricSummary loss;
                loss.name = QStringLiteral("loss");
                loss.count = 1;
                loss.lastValue = ids.size() == 2 ? std::numeric_limits<double>::infinity() : 1.0 / ids.size();
                QVERIFY(store.storeMetricSummaries(ids.last(), {loss}));
            }
        }
        {
            RawConnection raw(path + QStringLiteral("/workspace.db"));
            for (const char* statement : {"DROP INDEX run_params_by_sort_value", "DROP INDEX run_metrics_by_last_sort",
                                          "DROP INDEX runs_by_id_seq", "PRAGMA user_version = 7"})
                QVERIFY2(raw.exec(QString::fromUtf8(statement)), statement);
        }
        const auto ws = Workspace::open(path, &error);
        QVERIFY2(ws, qPrintable(error));
        RawConnection raw(ws->databasePath());
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 8);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                                           "('run_params_by_sort_value', 'run_metrics_by_last_sort', 'runs_by_id_seq')"))
                     .toInt(),
                 3);
        const auto order = [&](const char* key) -> QString {
            RunQuery::Plan plan = RunQuery::Plan::Collect;
            QStringList indexes;
            for (const RunListRow& row : RunQuery(*ws).page({}, *RunOrder::parse(QString::fromLatin1(key)), nullptr, 10, &error, &plan))
                indexes << QString::number(ids.indexOf(row.id));
            return (plan == RunQuery::Plan::IndexWalk ? QStringLiteral("walked ") : QStringLiteral("collected "))
                   + indexes.join(QLatin1Char(','));
        };
        // Numbers before text, equal values by seq, the run without lr last.
        QCOMPARE(order("params.lr:asc"), QStringLiteral("walked 2,4,0,1,3"));
        QCOMPARE(order("metrics.loss:desc"), QStringLiteral("walked 1,0,2,3,4"));
    }

    void newerSchemaIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/ws");
        QString error;
        QString databasePath;
        {
            const auto ws = Workspace::open(path, &error);
            QVERIFY2(ws, qPrintable(error));
            databasePath = ws->databasePath();
        }
        const int future = Workspace::schemaVersion() + 41;
        {
            RawConnection raw(databasePath);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(future)));
        }
        error.clear();
        const auto refused = Workspace::open(path, &error);
        QVERIFY(!refused);
        QVERIFY2(error.contains(QString::number(future)), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("(%1)").arg(Workspace::schemaVersion()))
                     || error.contains(QStringLiteral(" %1").arg(Workspace::schemaVersion())),
                 qPrintable(error));
        // Nothing was changed by the refused open.
        RawConnection raw(databasePath);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), future);
    }

    void aRegularFileIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/not-a-folder");
        QVERIFY(TestSupport::writeFile(path, "hello"));
        QString error;
        const auto ws = Workspace::open(path, &error);
        QVERIFY(!ws);
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("not a folder")), qPrintable(error));
        QCOMPARE(TestSupport::readFile(path), QByteArray("hello"));
    }

    void walJournalModeIsOn()
    {
        QTemporaryDir dir;
        QString error;
        const auto ws = Workspace::open(dir.path() + QStringLiteral("/ws"), &error);
        QVERIFY2(ws, qPrintable(error));
        QSqlQuery q(ws->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString().toLower(), QStringLiteral("wal"));
        // WAL is a property of the database file: another process sees it too.
        RawConnection raw(ws->databasePath());
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString().toLower(), QStringLiteral("wal"));
    }

    void concurrentThreadsGetTheirOwnConnections()
    {
        QTemporaryDir dir;
        QString error;
        const auto ws = Workspace::open(dir.path() + QStringLiteral("/ws"), &error);
        QVERIFY2(ws, qPrintable(error));
        const Workspace workspace = *ws;
        const QString mainName = workspace.database().connectionName();

        ThreadResult first, second;
        QThread* a = QThread::create([&] { first = useFromThisThread(workspace, QStringLiteral("from-a")); });
        QThread* b = QThread::create([&] { second = useFromThisThread(workspace, QStringLiteral("from-b")); });
        a->start();
        b->start();
        a->wait();
        b->wait();
        delete a;
        delete b;

        QVERIFY2(first.open && first.inserted && first.targets >= 1, qPrintable(first.error));
        QVERIFY2(second.open && second.inserted && second.targets >= 1, qPrintable(second.error));
        QVERIFY(first.connectionName != mainName);
        QVERIFY(second.connectionName != mainName);
        QVERIFY(first.connectionName != second.connectionName);

        QSqlQuery q(workspace.database());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM targets WHERE name IN ('from-a','from-b')")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
    }

    // Threads started one after another (a thread pool, successive submits) often get a recycled thread id;
    // each must still get a connection that works in that thread.
    void successiveThreadsGetWorkingConnections()
    {
        QTemporaryDir dir;
        QString error;
        const auto ws = Workspace::open(dir.path() + QStringLiteral("/ws"), &error);
        QVERIFY2(ws, qPrintable(error));
        const Workspace workspace = *ws;
        for (int i = 0; i < 6; ++i) {
            ThreadResult result;
            runOnThread([&] { result = useFromThisThread(workspace, QStringLiteral("seq-%1").arg(i)); });
            QVERIFY2(result.open, qPrintable(QStringLiteral("thread %1: connection %2 not usable: %3")
                                                 .arg(i).arg(result.connectionName, result.error)));
            QVERIFY2(result.inserted, qPrintable(QStringLiteral("thread %1: %2").arg(i).arg(result.error)));
        }
        QSqlQuery q(workspace.database());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM targets WHERE name LIKE 'seq-%'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 6);
    }

    void runtimeFilesAreInstalled()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/ws");
        QString error;
        const auto ws = Workspace::open(path, &error);
        QVERIFY2(ws, qPrintable(error));
        const QString helper = ws->runtimeDir() + QStringLiteral("/python/trainyard/trainyard.py");
        const QString shim = ws->runtimeDir() + QStringLiteral("/python/azureml/azureml/core/__init__.py");
        QVERIFY2(QFileInfo(helper).isFile(), qPrintable(helper));
        QVERIFY2(QFileInfo(shim).isFile(), qPrintable(shim));
        const QByteArray helperContent = TestSupport::readFile(helper);
        QVERIFY(helperContent.size() > 100);
        QVERIFY(helperContent.contains("def "));

        // A damaged helper is restored on the next open.
        QVERIFY(TestSupport::writeFile(helper, "broken"));
        const auto again = Workspace::open(path, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(TestSupport::readFile(helper), helperContent);
    }

    // A folder the user made (mode 0755 from the umask), or one an older version left open, becomes private.
    void anExistingFolderBecomesPrivate()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/ws");
        QVERIFY(QDir().mkpath(path + QStringLiteral("/runs")));
        for (const QString& folder : {path, QString(path + QStringLiteral("/runs"))})
            QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0755) == 0);
        QCOMPARE(modeOf(path), mode_t(0755));
        QString error;
        const auto ws = Workspace::open(path, &error);
        QVERIFY2(ws, qPrintable(error));
        QCOMPARE(modeOf(path), mode_t(0700));
        for (const QString& sub : {ws->runsDir(), ws->storeDir(), ws->modelsDir(), ws->runtimeDir()})
            QCOMPARE(modeOf(sub), mode_t(0700));
        QCOMPARE(modeOf(ws->databasePath()), mode_t(0600));
        const QString helper = ws->runtimeDir() + QStringLiteral("/python/trainyard/trainyard.py");
        QCOMPARE(modeOf(helper), mode_t(0600));
        // A helper installed 0644 by an earlier version is made private on the next open.
        QVERIFY(::chmod(QFile::encodeName(helper).constData(), 0644) == 0);
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0750) == 0);
        QVERIFY2(Workspace::open(path, &error), qPrintable(error));
        QCOMPARE(modeOf(helper), mode_t(0600));
        QCOMPARE(modeOf(path), mode_t(0700));
    }

    // SQLite takes a zero-length file for a new database: opening must not re-create it over existing runs.
    void anEmptyDatabaseBesideRunsIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/ws");
        QString error;
        QString databasePath, runFile;
        {
            const auto ws = Workspace::open(path, &error);
            QVERIFY2(ws, qPrintable(error));
            const QString id = TestSupport::insertRun(*ws, QStringLiteral("mnist"), RunStatus::Completed);
            QVERIFY(!id.isEmpty());
            runFile = ws->runDir(id) + QStringLiteral("/work/outputs/model.pkl");
            QVERIFY(TestSupport::writeFile(runFile, "weights"));
            databasePath = ws->databasePath();
        }
        QVERIFY(QFile::resize(databasePath, 0));
        QFile::remove(databasePath + QStringLiteral("-wal"));
        QFile::remove(databasePath + QStringLiteral("-shm"));

        Workspace::OpenFailure failure = Workspace::OpenFailure::None;
        error.clear();
        QVERIFY(!Workspace::open(path, &error, &failure));
        QCOMPARE(int(failure), int(Workspace::OpenFailure::DamagedDatabase));
        QVERIFY(!Workspace::isInvalidInput(failure));
        QVERIFY2(error.contains(databasePath) && error.contains(QStringLiteral("empty")), qPrintable(error));
        // Nothing was re-created and the run's files are where they were.
        QCOMPARE(QFileInfo(databasePath).size(), qint64(0));
        QCOMPARE(TestSupport::readFile(runFile), QByteArray("weights"));

        // The same for a database that is missing altogether.
        QVERIFY(QFile::remove(databasePath));
        error.clear();
        QVERIFY(!Workspace::open(path, &error, &failure));
        QCOMPARE(int(failure), int(Workspace::OpenFailure::DamagedDatabase));
        QVERIFY2(error.contains(QStringLiteral("missing")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(databasePath));
        QCOMPARE(TestSupport::readFile(runFile), QByteArray("weights"));
    }

    void anEmptyDatabaseOfANewFolderIsInitialised()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/ws");
        QVERIFY(TestSupport::writeFile(path + QStringLiteral("/workspace.db"), QByteArray()));
        QString error;
        Workspace::OpenFailure failure = Workspace::OpenFailure::StorageFailure;
        const auto ws = Workspace::open(path, &error, &failure);
        QVERIFY2(ws, qPrintable(error));
        QCOMPARE(int(failure), int(Workspace::OpenFailure::None));
        RawConnection raw(ws->databasePath());
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), Workspace::schemaVersion());
    }

    void aDamagedDatabaseIsAFailureNotInvalidInput()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/ws");
        QString error;
        QString databasePath;
        {
            const auto ws = Workspace::open(path, &error);
            QVERIFY2(ws, qPrintable(error));
            databasePath = ws->databasePath();
            QSqlQuery q(ws->database());
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        const qint64 size = QFileInfo(databasePath).size();
        {
            QFile f(databasePath);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.write(QByteArray(100, '\xA5')) == 100); // the header and the start of the schema page
        }
        Workspace::OpenFailure failure = Workspace::OpenFailure::None;
        QVERIFY(!Workspace::open(path, &error, &failure));
        QCOMPARE(int(failure), int(Workspace::OpenFailure::DamagedDatabase));
        QVERIFY(!Workspace::isInvalidInput(failure));
        QVERIFY2(error.contains(QStringLiteral("database ") + databasePath + QStringLiteral(" is corrupt")), qPrintable(error));
        QCOMPARE(QFileInfo(databasePath).size(), size); // left as it was for the user to recover

        // A path that names a file is the user's mistake: invalid input, not a failure.
        const QString file = dir.path() + QStringLiteral("/file");
        QVERIFY(TestSupport::writeFile(file, "x"));
        QVERIFY(!Workspace::open(file, &error, &failure));
        QCOMPARE(int(failure), int(Workspace::OpenFailure::InvalidLocation));
        QVERIFY(Workspace::isInvalidInput(failure));
    }

    void resolveLocationPrecedence()
    {
        EnvironmentGuard guard("TRAINYARD_WORKSPACE");
        QTemporaryDir dir;
        const QString fromArgument = dir.path() + QStringLiteral("/argument");
        const QString fromEnvironment = dir.path() + QStringLiteral("/environment");

        qputenv("TRAINYARD_WORKSPACE", QFile::encodeName(fromEnvironment));
        QCOMPARE(Workspace::resolveLocation(fromArgument), fromArgument);
        QCOMPARE(Workspace::resolveLocation(QString()), fromEnvironment);

        qunsetenv("TRAINYARD_WORKSPACE");
        QCOMPARE(Workspace::resolveLocation(fromArgument), fromArgument);
        const QString fallback = Workspace::resolveLocation(QString());
        QVERIFY(!fallback.isEmpty());
        QVERIFY(QFileInfo(fallback).isAbsolute());
        QVERIFY(fallback != fromEnvironment);
        QVERIFY2(fallback.startsWith(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QLatin1Char('/')),
                 qPrintable(fallback));
        QVERIFY(fallback.contains(QStringLiteral("trainyard")));

        // An empty variable counts as unset.
        qputenv("TRAINYARD_WORKSPACE", QByteArray());
        QCOMPARE(Workspace::resolveLocation(QString()), fallback);
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "TestWorkspace.moc"
