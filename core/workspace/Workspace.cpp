#include "workspace/Workspace.h"

#include "workspace/DatabaseError.h"
#include "workspace/RuntimeResources.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QSet>
#include <QThread>

#include <cerrno>
#include <cstring>
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
    // Environments built on the targets (pip or conda, possibly inside an image) and the one each run used.
    // A run's link outlives the environment's record, so a run still names the environment it ran with.
    R"sql(
    CREATE TABLE environments (
        target TEXT NOT NULL,
        hash TEXT NOT NULL,
        manager TEXT NOT NULL,
        definition_json TEXT NOT NULL,
        prefix TEXT NOT NULL,
        python TEXT NOT NULL,
        python_version TEXT NOT NULL,
        image TEXT,
        image_id TEXT,
        size_bytes INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        last_used_ms INTEGER NOT NULL,
        PRIMARY KEY (target, hash)
    );
    CREATE TABLE run_environments (run_id TEXT PRIMARY KEY, target TEXT NOT NULL, hash TEXT NOT NULL);
    CREATE INDEX run_environments_by_environment ON run_environments(target, hash);
    )sql",
    // Logins to private container registries: the user name only; the password lives in the keychain.
    R"sql(
    CREATE TABLE registry_logins (registry TEXT PRIMARY KEY, username TEXT NOT NULL, created_ms INTEGER NOT NULL);
    )sql",
    // Comparing and managing runs: a display name, a note and an archived flag per run; the parameters of each
    // run as rows (script params from the estimator, and those the run logs), with their numeric reading so
    // they sort and compare as numbers; the lowest and highest value of each metric; aliases of model
    // versions. The indexes serve sorting and filtering by a parameter, metric or tag over every run.
    // Runs recorded before get their script params from their estimator JSON.
    R"sql(
    ALTER TABLE runs ADD COLUMN display_name TEXT;
    ALTER TABLE runs ADD COLUMN note TEXT;
    ALTER TABLE runs ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE run_metrics ADD COLUMN min_value REAL;
    ALTER TABLE run_metrics ADD COLUMN max_value REAL;
    CREATE TABLE run_params (run_id TEXT NOT NULL, name TEXT NOT NULL, position INTEGER NOT NULL, value TEXT,
        number REAL, source TEXT NOT NULL, PRIMARY KEY (run_id, name));
    CREATE INDEX run_params_by_name ON run_params(name, number);
    CREATE INDEX run_metrics_by_name ON run_metrics(name, last_value);
    CREATE INDEX run_tags_by_name ON run_tags(name, value);
    CREATE TABLE model_aliases (name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL,
        PRIMARY KEY (name, alias));
    INSERT OR REPLACE INTO run_params (run_id, name, position, value, number, source)
        SELECT r.id, ltrim(json_extract(p.value, '$.key'), '-'), p.key,
            CASE json_extract(p.value, '$.kind')
                WHEN 'flag' THEN 'true'
                WHEN 'dataset' THEN json_extract(p.value, '$.dataset')
                ELSE json_extract(p.value, '$.value') END,
            CASE WHEN json_extract(p.value, '$.kind') = 'value'
                    AND trim(json_extract(p.value, '$.value')) GLOB '*[0-9]*'
                    AND trim(json_extract(p.value, '$.value')) NOT GLOB '*[^0-9.eE+-]*'
                THEN CAST(trim(json_extract(p.value, '$.value')) AS REAL) END,
            'script'
        FROM runs r, json_each(r.estimator_json, '$.script_params') p
        WHERE json_valid(r.estimator_json) AND ltrim(json_extract(p.value, '$.key'), '-') <> ''
    )sql",
    // Listings hide archived runs: the few archived ones, in an index of their own, are what a listing leaves
    // out, so counts and pages keep reading the small indexes they read before (a test of `archived` on each
    // row would read every run's wide row).
    // The name indexes of params, metrics and tags carry the run id, so a filter's subquery reads the index
    // alone instead of one table row per matching run.
    R"sql(
    CREATE INDEX runs_archived ON runs(archived) WHERE archived <> 0;
    DROP INDEX run_params_by_name;
    CREATE INDEX run_params_by_name ON run_params(name, number, run_id);
    DROP INDEX run_metrics_by_name;
    CREATE INDEX run_metrics_by_name ON run_metrics(name, last_value, run_id);
    CREATE INDEX run_metrics_by_min ON run_metrics(name, min_value, run_id);
    CREATE INDEX run_metrics_by_max ON run_metrics(name, max_value, run_id);
    DROP INDEX run_tags_by_name;
    CREATE INDEX run_tags_by_name ON run_tags(name, value, run_id);
    )sql",
    // Sorting the runs table by a param, a metric or a tag walks an index in the column's order and stops after
    // a page (RunQuery): a param orders by its number, else its text, and a metric's last value with its
    // non-finite text read as numbers, so each gets an index on exactly that expression (min, max and tags
    // have theirs). Equal values are ordered by seq, and each run a walk meets is found by id: runs_by_id_seq
    // answers both without reading the run's wide row.
    R"sql(
    CREATE INDEX run_params_by_sort_value ON run_params(name, COALESCE(number, value), run_id);
    CREATE INDEX run_metrics_by_last_sort ON run_metrics(name, (CASE WHEN typeof(last_value) = 'text' THEN
        (CASE last_value WHEN 'inf' THEN 9e999 WHEN '-inf' THEN -9e999 END) ELSE last_value END), run_id);
    CREATE INDEX runs_by_id_seq ON runs(id, seq);
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
            DatabaseError::report(error, QStringLiteral("cannot migrate the workspace database"), q.lastError(), db.databaseName());
            return false;
        }
    }
    return true;
}

QString systemError() { return QString::fromLocal8Bit(strerror(errno)); }

// Whether a folder the database indexes (runs/, models/) holds anything a re-created database would
// silently orphan. Stops at the first entry: a workspace may hold 100,000 runs.
bool hasEntries(const QString& folder)
{
    QDirIterator it(folder, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System | QDir::Hidden);
    return it.hasNext();
}

bool makePrivateFolder(const QString& path, QString* error)
{
    if (!QFileInfo(path).isDir() && ::mkdir(QFile::encodeName(path).constData(), 0700) != 0 && errno != EEXIST) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, systemError());
        return false;
    }
    // A folder made by someone else (or by an older Trainyard, with the umask's 0755) becomes private too.
    if (::chmod(QFile::encodeName(path).constData(), 0700) != 0) {
        *error = QStringLiteral("cannot make %1 private (mode 0700): %2").arg(path, systemError());
        return false;
    }
    return true;
}

void setFailure(Workspace::OpenFailure* failure, Workspace::OpenFailure kind)
{
    if (failure)
        *failure = kind;
}

} // namespace

std::optional<Workspace> Workspace::open(const QString& dir, QString* error, OpenFailure* failure)
{
    setFailure(failure, OpenFailure::None);
    const QString root = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    QFileInfo info(root);
    if (info.exists() && !info.isDir()) {
        *error = QStringLiteral("workspace %1 is not a folder").arg(root);
        setFailure(failure, OpenFailure::InvalidLocation);
        return std::nullopt;
    }
    if (!info.exists())
        QDir().mkpath(QFileInfo(root).absolutePath());
    Workspace ws(root);
    // Private from the start: the workspace holds code snapshots and logs.
    if (!makePrivateFolder(root, error)) {
        setFailure(failure, OpenFailure::StorageFailure);
        return std::nullopt;
    }
    if (!ws.checkDatabaseFile(error, failure))
        return std::nullopt;
    for (const QString& sub : {ws.runsDir(), ws.storeDir(), ws.modelsDir(), ws.runtimeDir()}) {
        if (!makePrivateFolder(sub, error)) {
            setFailure(failure, OpenFailure::StorageFailure);
            return std::nullopt;
        }
    }
    if (!ws.migrate(error, failure))
        return std::nullopt;
    if (!ws.installRuntimeFiles(error)) {
        setFailure(failure, OpenFailure::StorageFailure);
        return std::nullopt;
    }
    return ws;
}

bool Workspace::checkDatabaseFile(QString* error, OpenFailure* failure) const
{
    const QString path = databasePath();
    // Only asked when the database is missing or empty, so a healthy open never lists the folders.
    const auto holdsRuns = [this] { return hasEntries(runsDir()) || hasEntries(modelsDir()); };
    const auto refuse = [&](const QString& what) {
        *error = QStringLiteral("database %1 %2 while %3 holds runs or models; refusing to create a new database "
                                "over them: restore the file from a backup, or move the workspace's folders away")
                     .arg(path, what, m_root);
        setFailure(failure, OpenFailure::DamagedDatabase);
        return false;
    };
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0) {
        if (errno != ENOENT) {
            *error = QStringLiteral("cannot read database %1: %2").arg(path, systemError());
            setFailure(failure, OpenFailure::StorageFailure);
            return false;
        }
        return !holdsRuns() || refuse(QStringLiteral("is missing"));
    }
    if (!S_ISREG(st.st_mode)) {
        *error = QStringLiteral("database %1 is not a regular file").arg(path);
        setFailure(failure, OpenFailure::DamagedDatabase);
        return false;
    }
    // SQLite takes a zero-length file for a new, empty database and would initialise it without a word.
    if (st.st_size == 0)
        return !holdsRuns() || refuse(QStringLiteral("is empty (0 bytes)"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read database %1: %2").arg(path, file.errorString());
        setFailure(failure, OpenFailure::StorageFailure);
        return false;
    }
    static const QByteArray kHeader("SQLite format 3\0", 16);
    if (file.read(kHeader.size()) != kHeader) {
        *error = QStringLiteral("database %1 is corrupt: it does not start with the SQLite header").arg(path);
        setFailure(failure, OpenFailure::DamagedDatabase);
        return false;
    }
    return true;
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

bool Workspace::migrate(QString* error, OpenFailure* failure) const
{
    QSqlDatabase db = database();
    const auto fail = [&](const QString& action, const QSqlError& sqlError) {
        DatabaseError::report(error, action, sqlError, databasePath());
        setFailure(failure, DatabaseError::kindOf(sqlError) == DatabaseError::Kind::Corrupt ? OpenFailure::DamagedDatabase
                                                                                             : OpenFailure::StorageFailure);
        return false;
    };
    if (!db.isOpen())
        return fail(QStringLiteral("cannot open workspace database %1").arg(databasePath()), db.lastError());
    ::chmod(QFile::encodeName(databasePath()).constData(), 0600);
    QSqlQuery q(db);
    // Opening an up-to-date workspace only reads: a read-only command never waits for the write lock that
    // another process may hold for a long time.
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next() && q.value(0).toInt() == schemaVersion())
        return true;
    q.finish();
    // BEGIN IMMEDIATE takes the write lock first, so two processes opening a new workspace migrate once.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return fail(QStringLiteral("cannot lock workspace database"), q.lastError());
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        const QSqlError sqlError = q.lastError();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return fail(QStringLiteral("cannot read the schema version of the workspace database"), sqlError);
    }
    const int current = q.value(0).toInt();
    q.finish();
    if (current > schemaVersion()) {
        q.exec(QStringLiteral("ROLLBACK"));
        *error = QStringLiteral("workspace %1 has schema version %2, newer than this Trainyard understands (%3)")
                     .arg(m_root).arg(current).arg(schemaVersion());
        setFailure(failure, OpenFailure::NewerSchema);
        return false;
    }
    // The schema itself is read on every open (cheap: the first pages), so a damaged schema is reported here.
    if (current > 0 && (!q.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master")) || !q.next())) {
        const QSqlError sqlError = q.lastError();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return fail(QStringLiteral("cannot read the workspace database"), sqlError);
    }
    q.finish();
    for (int v = current; v < schemaVersion(); ++v) {
        QString scriptError;
        if (!execScript(db, QString::fromUtf8(kMigrations[v]), &scriptError)) {
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
            *error = scriptError;
            setFailure(failure, scriptError.contains(QLatin1String(" is corrupt: ")) ? OpenFailure::DamagedDatabase
                                                                                      : OpenFailure::StorageFailure);
            return false;
        }
        if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(v + 1))) {
            const QSqlError sqlError = q.lastError();
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
            return fail(QStringLiteral("cannot migrate the workspace database"), sqlError);
        }
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        const QSqlError sqlError = q.lastError();
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return fail(QStringLiteral("cannot commit workspace migration"), sqlError);
    }
    return true;
}

bool Workspace::installRuntimeFiles(QString* error) const
{
    // The run-side Python helper and the job wrapper ship inside the binary; copy them out when they
    // changed, so every run of this workspace uses the ones of the Trainyard version that started it.
    return RuntimeResources::copy(QStringLiteral(":/trainyard"), runtimeDir(), error);
}
