#include "environments/EnvironmentStore.h"

#include "run/RunStore.h"
#include "workspace/DatabaseError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace {

const char* const kColumns = "target, hash, manager, definition_json, prefix, python, python_version, image, image_id, "
                             "size_bytes, created_ms, last_used_ms";

// Written out rather than taken from liveStatusCondition(): a queued run that will use the environment
// counts too, and these queries join on run_environments, not on the runs_live index.
const char* const kLiveStatuses = "'Queued','Preparing','Starting','Running','Finalizing'";

// The record's columns, in kColumns order, starting at column `first` of the row.
EnvironmentRecord fromQuery(const QSqlQuery& q, int first = 0)
{
    EnvironmentRecord r;
    r.target = q.value(first + 0).toString();
    r.hash = q.value(first + 1).toString();
    r.manager = q.value(first + 2).toString();
    r.definition = QJsonDocument::fromJson(q.value(first + 3).toString().toUtf8()).object();
    r.prefix = q.value(first + 4).toString();
    r.python = q.value(first + 5).toString();
    r.pythonVersion = q.value(first + 6).toString();
    r.image = q.value(first + 7).toString();
    r.imageId = q.value(first + 8).toString();
    r.sizeBytes = q.value(first + 9).toLongLong();
    r.createdMs = q.value(first + 10).toLongLong();
    r.lastUsedMs = q.value(first + 11).toLongLong();
    return r;
}

QString linkKey(const QString& target, const QString& hash) { return target + QLatin1Char('\n') + hash; }

// The package's name without its version or marker: "scikit-learn>=1.0" → "scikit-learn".
QString packageName(const QString& spec)
{
    static const QRegularExpression end(QStringLiteral("[<>=!~;\\[@ ]"));
    const int cut = int(spec.indexOf(end));
    return cut > 0 ? spec.left(cut) : spec;
}

} // namespace

QStringList EnvironmentRecord::packages() const
{
    QStringList all;
    for (const char* key : {"conda", "pip"})
        for (const QJsonValue& v : definition.value(QLatin1String(key)).toArray())
            all << v.toString();
    const QString file = definition.value(QStringLiteral("file")).toObject().value(QStringLiteral("name")).toString();
    if (!file.isEmpty())
        all << file;
    return all;
}

QString EnvironmentRecord::packagesSummary(int maxNames) const
{
    QStringList names;
    for (const QString& spec : packages())
        names << packageName(spec);
    if (names.isEmpty())
        return QStringLiteral("(none)");
    if (names.size() <= maxNames)
        return names.join(QStringLiteral(", "));
    return names.mid(0, maxNames).join(QStringLiteral(", ")) + QStringLiteral(" +%1 more").arg(names.size() - maxNames);
}

EnvironmentStore::EnvironmentStore(const Workspace& workspace) : m_workspace(workspace) {}

bool EnvironmentStore::recordUse(const QString& runId, const EnvironmentRecord& record, QString* error)
{
    if (record.target.isEmpty() || record.hash.isEmpty()) {
        *error = QStringLiteral("cannot record an environment without its target and hash");
        return false;
    }
    const qint64 now = RunStore::nowMs();
    const QString action = QStringLiteral("cannot record environment %1 of target %2").arg(record.shortHash(), record.target);
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return false;
    }
    const auto rollBack = [&](const QSqlQuery& failed) {
        DatabaseError::report(error, action, failed.lastError(), m_workspace.databasePath());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    };
    // A second use keeps what the first recorded about its making (definition, created) and refreshes what
    // changes with use; the last use never moves back when two runs record at once.
    QSqlQuery upsert(db);
    const bool upsertPrepared = upsert.prepare(QStringLiteral("INSERT INTO environments (%1) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                                  "ON CONFLICT (target, hash) DO UPDATE SET size_bytes = excluded.size_bytes, "
                                  "prefix = excluded.prefix, python = excluded.python, "
                                  "python_version = excluded.python_version, image = excluded.image, "
                                  "image_id = excluded.image_id, "
                                  "last_used_ms = MAX(last_used_ms, excluded.last_used_ms)")
                       .arg(QLatin1String(kColumns)));
    const QByteArray definition = QJsonDocument(record.definition).toJson(QJsonDocument::Compact);
    for (const QVariant& v :
         {QVariant(record.target), QVariant(record.hash), QVariant(record.manager), QVariant(QString::fromUtf8(definition)),
          QVariant(record.prefix), QVariant(record.python), QVariant(record.pythonVersion), QVariant(record.image),
          QVariant(record.imageId), QVariant(record.sizeBytes), QVariant(record.createdMs > 0 ? record.createdMs : now),
          QVariant(record.lastUsedMs > 0 ? record.lastUsedMs : now)})
        upsert.addBindValue(v);
    if (!upsertPrepared || !upsert.exec())
        return rollBack(upsert);
    if (!runId.isEmpty()) {
        QSqlQuery link(db);
        const bool linkPrepared = link.prepare(QStringLiteral("INSERT OR REPLACE INTO run_environments (run_id, target, hash) VALUES (?,?,?)"));
        link.addBindValue(runId);
        link.addBindValue(record.target);
        link.addBindValue(record.hash);
        if (!linkPrepared || !link.exec())
            return rollBack(link);
    }
    if (!q.exec(QStringLiteral("COMMIT")))
        return rollBack(q);
    return true;
}

std::optional<QHash<QString, QStringList>> EnvironmentStore::runLinks(const QString& target, const QString& hash,
                                                                      QString* error) const
{
    QSqlQuery q(m_workspace.database());
    QStringList conditions;
    if (!target.isEmpty())
        conditions << QStringLiteral("l.target = ?");
    if (!hash.isEmpty())
        conditions << QStringLiteral("l.hash = ?");
    // Runs deleted from the workspace keep their link; they sort first, as the oldest.
    const bool prepared = q.prepare(QStringLiteral("SELECT l.target, l.hash, l.run_id FROM run_environments l LEFT JOIN runs r ON r.id = l.run_id "
                             "%1 ORDER BY COALESCE(r.seq, 0), l.run_id")
                  .arg(conditions.isEmpty() ? QString() : QStringLiteral("WHERE ") + conditions.join(QStringLiteral(" AND "))));
    if (!target.isEmpty())
        q.addBindValue(target);
    if (!hash.isEmpty())
        q.addBindValue(hash);
    if (!prepared || !q.exec()) {
        DatabaseError::report(error, QStringLiteral("cannot read the runs of the environments"), q.lastError(),
                              m_workspace.databasePath());
        return std::nullopt;
    }
    QHash<QString, QStringList> links;
    while (q.next())
        links[linkKey(q.value(0).toString(), q.value(1).toString())] << q.value(2).toString();
    if (q.lastError().isValid()) {
        DatabaseError::report(error, QStringLiteral("cannot read the runs of the environments"), q.lastError(),
                              m_workspace.databasePath());
        return std::nullopt;
    }
    return links;
}

std::optional<QVector<EnvironmentRecord>> EnvironmentStore::list(const QString& target, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    const bool prepared = q.prepare(QStringLiteral("SELECT %1 FROM environments %2 ORDER BY last_used_ms DESC, target, hash")
                  .arg(QLatin1String(kColumns), target.isEmpty() ? QString() : QStringLiteral("WHERE target = ?")));
    if (!target.isEmpty())
        q.addBindValue(target);
    const QString action = QStringLiteral("cannot read the environments");
    if (!prepared || !q.exec()) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return std::nullopt;
    }
    QVector<EnvironmentRecord> records;
    while (q.next())
        records << fromQuery(q);
    if (q.lastError().isValid()) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return std::nullopt;
    }
    const auto links = runLinks(target, QString(), error);
    if (!links)
        return std::nullopt;
    for (EnvironmentRecord& r : records)
        r.runIds = links->value(linkKey(r.target, r.hash));
    return records;
}

std::optional<EnvironmentRecord> EnvironmentStore::find(const QString& target, const QString& hashOrPrefix,
                                                        QString* error) const
{
    FindFailure failure = FindFailure::None;
    return find(target, hashOrPrefix, error, &failure);
}

std::optional<EnvironmentRecord> EnvironmentStore::find(const QString& target, const QString& hashOrPrefix,
                                                        QString* error, FindFailure* failure) const
{
    *failure = FindFailure::None;
    const QString prefix = hashOrPrefix.trimmed().toLower();
    const QString where = target.isEmpty() ? QString() : QStringLiteral(" on target %1").arg(target);
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]+$"));
    if (!hex.match(prefix).hasMatch()) {
        *error = QStringLiteral("environment hash \"%1\": expected hexadecimal digits, as `trainyard-cli environments` lists them")
                     .arg(hashOrPrefix);
        *failure = FindFailure::NotFound;
        return std::nullopt;
    }
    if (prefix.size() < kMinimumPrefixLength) {
        *error = QStringLiteral("environment hash \"%1\" is too short: give at least %2 of its characters")
                     .arg(hashOrPrefix)
                     .arg(kMinimumPrefixLength);
        *failure = FindFailure::TooShort;
        return std::nullopt;
    }
    QSqlQuery q(m_workspace.database());
    // substr rather than LIKE: nothing the user typed is a pattern.
    const bool prepared = q.prepare(QStringLiteral("SELECT %1 FROM environments WHERE substr(hash, 1, ?) = ? %2 ORDER BY target, hash LIMIT 11")
                  .arg(QLatin1String(kColumns), target.isEmpty() ? QString() : QStringLiteral("AND target = ?")));
    q.addBindValue(int(prefix.size()));
    q.addBindValue(prefix);
    if (!target.isEmpty())
        q.addBindValue(target);
    const QString action = QStringLiteral("cannot read environment %1").arg(prefix);
    if (!prepared || !q.exec()) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        *failure = FindFailure::Storage;
        return std::nullopt;
    }
    QVector<EnvironmentRecord> matches;
    while (q.next())
        matches << fromQuery(q);
    if (q.lastError().isValid()) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        *failure = FindFailure::Storage;
        return std::nullopt;
    }
    if (matches.isEmpty()) {
        *error = QStringLiteral("no environment %1%2").arg(prefix, where);
        *failure = FindFailure::NotFound;
        return std::nullopt;
    }
    if (matches.size() > 1) {
        QStringList names;
        for (const EnvironmentRecord& m : matches.mid(0, 10))
            names << QStringLiteral("%1 on %2").arg(m.hash.left(std::max<int>(12, int(prefix.size()) + 4)), m.target);
        *error = QStringLiteral("environment %1 matches several environments: %2%3; give more of the hash%4")
                     .arg(prefix, names.join(QStringLiteral(", ")), matches.size() > 10 ? QStringLiteral(", …") : QString(),
                          target.isEmpty() ? QStringLiteral(" or --target") : QString());
        *failure = FindFailure::Ambiguous;
        return std::nullopt;
    }
    EnvironmentRecord record = matches.constFirst();
    const auto links = runLinks(record.target, record.hash, error);
    if (!links) {
        *failure = FindFailure::Storage;
        return std::nullopt;
    }
    record.runIds = links->value(linkKey(record.target, record.hash));
    return record;
}

std::optional<EnvironmentRecord> EnvironmentStore::forRun(const QString& runId, bool* found, QString* error) const
{
    *found = false;
    error->clear();
    QSqlQuery q(m_workspace.database());
    QStringList columns;
    for (const QString& c : QString::fromLatin1(kColumns).split(QStringLiteral(", ")))
        columns << QStringLiteral("e.") + c;
    const bool prepared = q.prepare(QStringLiteral("SELECT l.target, l.hash, %1 FROM run_environments l "
                             "LEFT JOIN environments e ON e.target = l.target AND e.hash = l.hash WHERE l.run_id = ?")
                  .arg(columns.join(QStringLiteral(", "))));
    q.addBindValue(runId);
    const QString action = QStringLiteral("cannot read the environment of run %1").arg(runId);
    if (!prepared || !q.exec()) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return std::nullopt;
    }
    if (!q.next()) {
        if (q.lastError().isValid())
            DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return std::nullopt;
    }
    EnvironmentRecord record;
    if (q.value(2).isNull()) {
        // Removed since: the link still says which environment it was.
        record.target = q.value(0).toString();
        record.hash = q.value(1).toString();
    } else {
        record = fromQuery(q, 2);
    }
    *found = true;
    return record;
}

std::optional<QStringList> EnvironmentStore::runIds(QSqlQuery& q, bool prepared, const QString& action, QString* error) const
{
    if (!prepared || !q.exec()) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return std::nullopt;
    }
    QStringList runs;
    while (q.next())
        runs << q.value(0).toString();
    if (q.lastError().isValid()) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return std::nullopt;
    }
    return runs;
}

std::optional<QStringList> EnvironmentStore::liveRuns(const QString& target, const QString& hash, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    const bool prepared = q.prepare(QStringLiteral("SELECT l.run_id FROM run_environments l JOIN runs r ON r.id = l.run_id "
                             "WHERE l.target = ? AND l.hash = ? AND r.status IN (%1) ORDER BY r.seq")
                  .arg(QLatin1String(kLiveStatuses)));
    q.addBindValue(target);
    q.addBindValue(hash);
    return runIds(q, prepared, QStringLiteral("cannot read the runs using environment %1").arg(hash.left(12)), error);
}

std::optional<QStringList> EnvironmentStore::preparingRuns(const QString& target, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    const bool prepared = q.prepare(QStringLiteral("SELECT r.id FROM runs r LEFT JOIN run_environments l ON l.run_id = r.id "
                                                   "WHERE r.status = 'Preparing' AND r.compute_target = ? AND l.run_id IS NULL "
                                                   "ORDER BY r.seq"));
    q.addBindValue(target);
    return runIds(q, prepared, QStringLiteral("cannot read the runs preparing on target %1").arg(target), error);
}

bool EnvironmentStore::remove(const QString& target, const QString& hash, QString* error)
{
    const QString action = QStringLiteral("cannot forget environment %1 of target %2").arg(hash.left(12), target);
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return false;
    }
    QSqlQuery del(db);
    const bool deletePrepared = del.prepare(QStringLiteral("DELETE FROM environments WHERE target = ? AND hash = ?"));
    del.addBindValue(target);
    del.addBindValue(hash);
    if (!deletePrepared || !del.exec() || !q.exec(QStringLiteral("COMMIT"))) {
        DatabaseError::report(error, action, del.lastError().isValid() ? del.lastError() : q.lastError(),
                              m_workspace.databasePath());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}
