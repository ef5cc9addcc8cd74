#include "workspace/Workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QSet>
#include <QThread>

#include <sys/stat.h>

namespace {

// Each entry moves the schema from version N to N+1. Never edit a released entry: append a new one.
const char* const kMigrations[] = {
    R"sql(
    CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        experiment TEXT NOT NULL,
        status TEXT NOT NULL,
        compute_target TEXT NOT NULL,
        estimator_json TEXT NOT NULL,
        command_json TEXT,
        snapshot_id TEXT,
        git_json TEXT,
        submitted_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        exit_code INTEGER,
        error TEXT,
        runner_pid INTEGER,
        process_group INTEGER,
        runner_host TEXT,
        heartbeat_at INTEGER,
        cancel_requested INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX runs_by_seq ON runs(seq DESC);
    CREATE INDEX runs_by_status ON runs(status, seq);
    CREATE INDEX runs_by_experiment ON runs(experiment, seq DESC);
    CREATE TABLE run_tags (run_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT, PRIMARY KEY (run_id, name));
    CREATE TABLE run_metrics (run_id TEXT NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL,
        last_step INTEGER, last_value REAL, last_time REAL, PRIMARY KEY (run_id, name));
    CREATE TABLE datasets (name TEXT NOT NULL, version INTEGER NOT NULL, path TEXT NOT NULL,
        is_folder INTEGER NOT NULL, size INTEGER NOT NULL, file_count INTEGER NOT NULL,
        description TEXT, registered_at INTEGER NOT NULL, PRIMARY KEY (name, version));
    CREATE TABLE models (name TEXT NOT NULL, version INTEGER NOT NULL, description TEXT, tags_json TEXT,
        run_id TEXT, source_path TEXT NOT NULL, size INTEGER NOT NULL, file_count INTEGER NOT NULL,
        created_at INTEGER NOT NULL, PRIMARY KEY (name, version));
    CREATE TABLE targets (name TEXT PRIMARY KEY, kind TEXT NOT NULL, config_json TEXT NOT NULL);
    INSERT INTO targets (name, kind, config_json) VALUES ('local', 'local', '{}');
    )sql",
    // Every program start looks for live runs; with table statistics SQLite would otherwise scan all runs.
    R"sql(
    CREATE INDEX runs_live ON runs(seq) WHERE status IN ('Preparing','Starting','Running','Finalizing');
    )sql",
    // A run is owned by its job: the target's handle on the job, the runner's identity beyond its pid, why
    // a started run still waits, and the environment decided at submit (names and non-secret values).
    // runs_queued makes starting the next queued runs of a target an indexed claim.
    R"sql(
    ALTER TABLE runs ADD COLUMN target_handle TEXT;
    ALTER TABLE runs ADD COLUMN runner_identity TEXT;
    ALTER TABLE runs ADD COLUMN waiting_reason TEXT;
    ALTER TABLE runs ADD COLUMN environment_json TEXT;
    CREATE INDEX runs_queued ON runs(compute_target, seq) WHERE status = 'Queued';
    )sql",
};

bool execScript(QSqlDatabase& db, const QString& script, QString* error)
{
    const QStringList statements = script.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString& statement : statements) {
        if (statement.trimmed().isEmpty())
            continue;
        QSqlQuery q(db);
        if (!q.exec(statement)) {
            *error = QStringLiteral("cannot migrate the workspace database: %1").arg(q.lastError().text());
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<Workspace> Workspace::open(const QString& dir, QString* error)
{
    const QString root = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    QFileInfo info(root);
    if (info.exists() && !info.isDir()) {
        *error = QStringLiteral("workspace %1 is not a folder").arg(root);
        return std::nullopt;
    }
    if (!info.exists()) {
        // Private from the start: the workspace holds code snapshots and logs.
        QDir().mkpath(QFileInfo(root).absolutePath());
        if (::mkdir(QFile::encodeName(root).constData(), 0700) != 0 && !QFileInfo(root).isDir()) {
            *error = QStringLiteral("cannot create workspace %1: %2").arg(root, QString::fromLocal8Bit(strerror(errno)));
            return std::nullopt;
        }
    }
    Workspace ws(root);
    for (const QString& sub : {ws.runsDir(), ws.storeDir(), ws.modelsDir(), ws.runtimeDir()}) {
        if (!QDir().mkpath(sub)) {
            *error = QStringLiteral("cannot create %1").arg(sub);
            return std::nullopt;
        }
    }
    if (!ws.migrate(error) || !ws.installRuntimeFiles(error))
        return std::nullopt;
    return ws;
}

QString Workspace::resolveLocation(const QString& commandLineValue)
{
    if (!commandLineValue.isEmpty())
        return commandLineValue;
    const QString fromEnv = qEnvironmentVariable("TRAINYARD_WORKSPACE");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/trainyard/workspace");
}

QString Workspace::databasePath() const { return m_root + QStringLiteral("/workspace.db"); }
QString Workspace::runsDir() const { return m_root + QStringLiteral("/runs"); }
QString Workspace::runDir(const QString& runId) const { return runsDir() + QLatin1Char('/') + runId; }
QString Workspace::storeDir() const { return m_root + QStringLiteral("/store"); }
QString Workspace::modelsDir() const { return m_root + QStringLiteral("/models"); }
QString Workspace::runtimeDir() const { return m_root + QStringLiteral("/runtime"); }
int Workspace::schemaVersion() { return int(std::size(kMigrations)); }

QSqlDatabase Workspace::database() const
{
    const QString name = QStringLiteral("trainyard:%1:%2")
                             .arg(m_root)
                             .arg(quintptr(QThread::currentThreadId()));
    // Thread ids are reused once a thread ends: a connection of that name may belong to a dead thread, and
    // Qt refuses to hand it to this one. Only connections this thread opened are reused.
    static thread_local QSet<QString> openedHere;
    if (openedHere.contains(name))
        return QSqlDatabase::database(name);
    if (QSqlDatabase::contains(name))
        QSqlDatabase::removeDatabase(name);
    openedHere.insert(name);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(databasePath());
    // Writers from several processes wait for each other instead of failing at once.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
    if (db.open()) {
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
        q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    }
    return db;
}

bool Workspace::migrate(QString* error) const
{
    QSqlDatabase db = database();
    if (!db.isOpen()) {
        *error = QStringLiteral("cannot open workspace database %1: %2").arg(databasePath(), db.lastError().text());
        return false;
    }
    ::chmod(QFile::encodeName(databasePath()).constData(), 0600);
    QSqlQuery q(db);
    // Opening an up-to-date workspace only reads: a read-only command never waits for the write lock that
    // another process may hold for a long time.
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next() && q.value(0).toInt() == schemaVersion())
        return true;
    q.finish();
    // BEGIN IMMEDIATE takes the write lock first, so two processes opening a new workspace migrate once.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        *error = QStringLiteral("cannot lock workspace database: %1").arg(q.lastError().text());
        return false;
    }
    q.exec(QStringLiteral("PRAGMA user_version"));
    const int current = q.next() ? q.value(0).toInt() : 0;
    if (current > schemaVersion()) {
        q.exec(QStringLiteral("ROLLBACK"));
        *error = QStringLiteral("workspace %1 has schema version %2, newer than this Trainyard understands (%3)")
                     .arg(m_root).arg(current).arg(schemaVersion());
        return false;
    }
    for (int v = current; v < schemaVersion(); ++v) {
        if (!execScript(db, QString::fromUtf8(kMigrations[v]), error)) {
            q.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
        q.exec(QStringLiteral("PRAGMA user_version = %1").arg(v + 1));
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        *error = QStringLiteral("cannot commit workspace migration: %1").arg(q.lastError().text());
        return false;
    }
    return true;
}

bool Workspace::installRuntimeFiles(QString* error) const
{
    // The run-side Python helper and the job wrapper ship inside the binary; copy them out when they
    // changed, so every run of this workspace uses the ones of the Trainyard version that started it.
    QDirIterator it(QStringLiteral(":/trainyard"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString resourcePath = it.next();
        const QString relative = resourcePath.mid(QStringLiteral(":/trainyard/").size());
        const QString target = runtimeDir() + QLatin1Char('/') + relative;
        QFile source(resourcePath);
        if (!source.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = source.readAll();
        QFile existing(target);
        if (existing.open(QIODevice::ReadOnly) && existing.readAll() == content)
            continue;
        QDir().mkpath(QFileInfo(target).absolutePath());
        QSaveFile out(target);
        if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size() || !out.commit()) {
            *error = QStringLiteral("cannot write %1").arg(target);
            return false;
        }
    }
    return true;
}
