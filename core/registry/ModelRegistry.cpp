#include "registry/ModelRegistry.h"

#include "files/FileTree.h"
#include "files/PathContainment.h"
#include "run/RunFiles.h"
#include "run/RunStore.h"
#include "registry/VersionedReference.h"
#include "workspace/DatabaseError.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace {
const char* const kColumns = "name, version, description, tags_json, run_id, source_path, size, file_count, created_at";

QString tagsJson(const QVector<QPair<QString, QString>>& tags)
{
    QJsonArray array;
    for (const auto& t : tags)
        array.append(QJsonArray{t.first, t.second});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}
} // namespace

bool ModelRegistry::isValidName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

bool ModelRegistry::isValidAlias(const QString& alias)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(alias).hasMatch();
}

QString ModelRegistry::versionDir(const QString& name, int version) const
{
    return m_workspace.modelsDir() + QLatin1Char('/') + name + QLatin1Char('/') + QString::number(version);
}

std::optional<ModelRecord> ModelRegistry::registerModel(const QString& runId, const QString& path, const QString& name,
                                                        const QString& description,
                                                        const QVector<QPair<QString, QString>>& tags, QString* error)
{
    if (!isValidName(name)) {
        *error = QStringLiteral("model name \"%1\": expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit").arg(name);
        return std::nullopt;
    }
    RunStore runs(m_workspace);
    QString readError;
    const auto run = runs.find(runId, &readError);
    if (!run) {
        *error = readError.isEmpty() ? QStringLiteral("unknown run %1").arg(runId) : readError;
        return std::nullopt;
    }
    if (!isTerminal(run->status)) {
        *error = QStringLiteral("run %1 is %2: register a model once the run has finished").arg(runId, runStatusName(run->status));
        return std::nullopt;
    }
    const QString cleaned = QDir::cleanPath(path);
    if (!FileTree::isSafeRelativePath(path) || !(cleaned == QLatin1String("outputs") || cleaned.startsWith(QStringLiteral("outputs/")))) {
        *error = QStringLiteral("model path \"%1\": expected a path inside the run's outputs/ folder, such as outputs/model.pkl").arg(path);
        return std::nullopt;
    }
    const RunFiles files(m_workspace, runId);
    QString why;
    const QString source = files.resolve(cleaned, &why);
    if (source.isEmpty()) {
        *error = QStringLiteral("model path \"%1\" leads outside the run's files: %2").arg(path, why);
        return std::nullopt;
    }
    // Within the run is not enough: a model is something the run put in outputs/, not its code or logs.
    const QString below = cleaned.mid(QStringLiteral("outputs").size() + 1);
    if (!below.isEmpty() && PathContainment::resolve(files.absolutePath(QStringLiteral("outputs")), below, &why).isEmpty()) {
        *error = QStringLiteral("model path \"%1\" leads outside the run's outputs/ folder: %2").arg(path, why);
        return std::nullopt;
    }
    if (!QFileInfo::exists(source)) {
        *error = QStringLiteral("run %1 has no file or folder %2").arg(runId, cleaned);
        return std::nullopt;
    }

    // Copy first, without holding the database lock; the version number is taken only once the files are in.
    const QString staging = m_workspace.modelsDir() + QStringLiteral("/.staging-") + QUuid::createUuid().toString(QUuid::Id128);
    const QString stagedCopy = staging + QLatin1Char('/') + QFileInfo(source).fileName();
    if (!FileTree::copy(source, stagedCopy, false, error)) {
        QDir(staging).removeRecursively();
        return std::nullopt;
    }
    FileTree::restrictToOwner(staging);
    ModelRecord record;
    record.name = name;
    record.description = description;
    record.tags = tags;
    record.runId = runId;
    record.sourcePath = cleaned;
    const FileTree::Size size = FileTree::measure(stagedCopy);
    record.size = size.bytes;
    record.fileCount = size.files;
    record.createdAt = RunStore::nowMs();

    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        DatabaseError::report(error, QStringLiteral("cannot lock the workspace database"), q.lastError(), m_workspace.databasePath());
        QDir(staging).removeRecursively();
        return std::nullopt;
    }
    q.prepare(QStringLiteral("SELECT COALESCE(MAX(version), 0) + 1 FROM models WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec() || !q.next()) {
        DatabaseError::report(error, QStringLiteral("cannot number model %1").arg(name), q.lastError(), m_workspace.databasePath());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        QDir(staging).removeRecursively();
        return std::nullopt;
    }
    record.version = q.value(0).toInt();
    record.storedPath = versionDir(name, record.version);
    QDir(record.storedPath).removeRecursively(); // leftovers of a version whose row was never written
    QDir().mkpath(QFileInfo(record.storedPath).absolutePath());
    QFile(QFileInfo(record.storedPath).absolutePath()).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (!QDir().rename(staging, record.storedPath)) {
        *error = QStringLiteral("cannot move the model files into %1").arg(record.storedPath);
        q.exec(QStringLiteral("ROLLBACK"));
        QDir(staging).removeRecursively();
        return std::nullopt;
    }
    record.storedPath += QLatin1Char('/') + QFileInfo(source).fileName();
    QSqlQuery ins(db);
    ins.prepare(QStringLiteral("INSERT INTO models (%1) VALUES (?,?,?,?,?,?,?,?,?)").arg(QLatin1String(kColumns)));
    for (const QVariant& v : {QVariant(name), QVariant(record.version), QVariant(description), QVariant(tagsJson(tags)),
                              QVariant(runId), QVariant(cleaned), QVariant(record.size), QVariant(record.fileCount),
                              QVariant(record.createdAt)})
        ins.addBindValue(v);
    if (!ins.exec()) {
        DatabaseError::report(error, QStringLiteral("cannot register model %1").arg(name), ins.lastError(), m_workspace.databasePath());
        q.exec(QStringLiteral("ROLLBACK"));
        QDir(versionDir(name, record.version)).removeRecursively();
        return std::nullopt;
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        DatabaseError::report(error, QStringLiteral("cannot register model %1").arg(name), q.lastError(), m_workspace.databasePath());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        QDir(versionDir(name, record.version)).removeRecursively();
        return std::nullopt;
    }
    return record;
}

QVector<ModelRecord> ModelRegistry::list(QString* error) const
{
    if (error)
        error->clear();
    QSqlQuery q(m_workspace.database());
    QVector<ModelRecord> result;
    if (!q.exec(QStringLiteral("SELECT %1 FROM models ORDER BY name, version").arg(QLatin1String(kColumns)))) {
        DatabaseError::report(error, QStringLiteral("cannot read the models"), q.lastError(), m_workspace.databasePath());
        return result;
    }
    while (q.next()) {
        ModelRecord m;
        m.name = q.value(0).toString();
        m.version = q.value(1).toInt();
        m.description = q.value(2).toString();
        const QJsonArray tags = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).array();
        for (const auto& t : tags)
            m.tags.append({t.toArray().at(0).toString(), t.toArray().at(1).toString()});
        m.runId = q.value(4).toString();
        m.sourcePath = q.value(5).toString();
        m.size = q.value(6).toLongLong();
        m.fileCount = q.value(7).toLongLong();
        m.createdAt = q.value(8).toLongLong();
        m.storedPath = versionDir(m.name, m.version) + QLatin1Char('/') + QFileInfo(m.sourcePath).fileName();
        result << m;
    }
    if (q.lastError().isValid()) {
        DatabaseError::report(error, QStringLiteral("cannot read the models"), q.lastError(), m_workspace.databasePath());
        return {};
    }
    QHash<QPair<QString, int>, int> rowOf;
    for (int i = 0; i < result.size(); ++i)
        rowOf.insert({result[i].name, result[i].version}, i);
    QSqlQuery aliases(m_workspace.database());
    if (!aliases.exec(QStringLiteral("SELECT name, version, alias FROM model_aliases ORDER BY alias"))) {
        DatabaseError::report(error, QStringLiteral("cannot read the model aliases"), aliases.lastError(), m_workspace.databasePath());
        return {};
    }
    while (aliases.next()) {
        const auto row = rowOf.constFind({aliases.value(0).toString(), aliases.value(1).toInt()});
        if (row != rowOf.constEnd())
            result[*row].aliases << aliases.value(2).toString();
    }
    if (aliases.lastError().isValid()) {
        DatabaseError::report(error, QStringLiteral("cannot read the model aliases"), aliases.lastError(), m_workspace.databasePath());
        return {};
    }
    return result;
}

std::optional<ModelRecord> ModelRegistry::resolve(const QString& reference, QString* error) const
{
    const int at = reference.lastIndexOf(QLatin1Char('@'));
    QString alias;
    std::optional<VersionedReference> parsed;
    if (at > 0) {
        alias = reference.mid(at + 1);
        if (!isValidAlias(alias)) {
            *error = QStringLiteral("model reference \"%1\": expected NAME, NAME:VERSION or NAME@ALIAS").arg(reference);
            return std::nullopt;
        }
        parsed = VersionedReference{reference.left(at), 0};
    } else {
        parsed = VersionedReference::parse(reference, QStringLiteral("model"), error);
    }
    if (!parsed)
        return std::nullopt;
    const QString& name = parsed->name;
    const int version = parsed->version;
    if (!alias.isEmpty()) {
        QString readError;
        const QVector<ModelRecord> models = list(&readError);
        if (!readError.isEmpty()) {
            *error = readError;
            return std::nullopt;
        }
        bool nameKnown = false;
        for (const ModelRecord& m : models) {
            nameKnown = nameKnown || m.name == name;
            if (m.name == name && m.aliases.contains(alias))
                return m;
        }
        *error = nameKnown ? QStringLiteral("model %1 has no alias %2").arg(name, alias)
                           : QStringLiteral("unknown model %1").arg(name);
        return std::nullopt;
    }
    std::optional<ModelRecord> found;
    QString readError;
    const QVector<ModelRecord> models = list(&readError);
    if (!readError.isEmpty()) {
        *error = readError;
        return std::nullopt;
    }
    for (const ModelRecord& m : models)
        if (m.name == name && (version == 0 || m.version == version))
            found = m; // list is ordered by version, so the last match is the newest
    if (!found)
        *error = version > 0 ? QStringLiteral("unknown model %1 version %2").arg(name).arg(version)
                             : QStringLiteral("unknown model %1").arg(name);
    return found;
}

bool ModelRegistry::download(const ModelRecord& model, const QString& destination, QString* error) const
{
    QString target = destination;
    if (QFileInfo(destination).isDir())
        target = destination + QLatin1Char('/') + QFileInfo(model.storedPath).fileName();
    return FileTree::copy(model.storedPath, target, false, error);
}

bool ModelRegistry::remove(const QString& name, int version, QString* error)
{
    QSqlDatabase db = m_workspace.database();
    const QString action = QStringLiteral("cannot delete model %1 version %2").arg(name).arg(version);
    if (!db.transaction()) {
        DatabaseError::report(error, action, db.lastError(), m_workspace.databasePath());
        return false;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM models WHERE name = ? AND version = ?"));
    q.addBindValue(name);
    q.addBindValue(version);
    if (!q.exec()) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        db.rollback();
        return false;
    }
    if (q.numRowsAffected() != 1) {
        *error = QStringLiteral("unknown model %1 version %2").arg(name).arg(version);
        db.rollback();
        return false;
    }
    // An alias never points at a version that is gone: it goes with it.
    QSqlQuery aliases(db);
    aliases.prepare(QStringLiteral("DELETE FROM model_aliases WHERE name = ? AND version = ?"));
    aliases.addBindValue(name);
    aliases.addBindValue(version);
    if (!aliases.exec() || !db.commit()) {
        DatabaseError::report(error, action, aliases.lastError().isValid() ? aliases.lastError() : db.lastError(),
                              m_workspace.databasePath());
        db.rollback();
        return false;
    }
    QDir(versionDir(name, version)).removeRecursively();
    return true;
}

bool ModelRegistry::setAlias(const QString& name, int version, const QString& alias, QString* error, int* previousVersion)
{
    if (previousVersion)
        *previousVersion = 0;
    if (!isValidAlias(alias)) {
        *error = QStringLiteral("alias \"%1\": expected a letter, then up to 63 letters, digits, '.', '_' or '-'").arg(alias);
        return false;
    }
    QSqlDatabase db = m_workspace.database();
    const QString action = QStringLiteral("cannot set alias %1 of model %2").arg(alias, name);
    QSqlQuery q(db);
    // The write lock first, so the version checked is still there when the alias is written.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        DatabaseError::report(error, action, q.lastError(), m_workspace.databasePath());
        return false;
    }
    auto fail = [&](const QSqlError& sqlError) {
        DatabaseError::report(error, action, sqlError, m_workspace.databasePath());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    };
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM models WHERE name = ? AND version = ?"));
    q.addBindValue(name);
    q.addBindValue(version);
    if (!q.exec() || !q.next())
        return fail(q.lastError());
    if (q.value(0).toInt() != 1) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        *error = QStringLiteral("unknown model %1 version %2").arg(name).arg(version);
        return false;
    }
    q.prepare(QStringLiteral("SELECT version FROM model_aliases WHERE name = ? AND alias = ?"));
    q.addBindValue(name);
    q.addBindValue(alias);
    if (!q.exec())
        return fail(q.lastError());
    if (q.next() && previousVersion)
        *previousVersion = q.value(0).toInt();
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO model_aliases (name, alias, version) VALUES (?,?,?)"));
    q.addBindValue(name);
    q.addBindValue(alias);
    q.addBindValue(version);
    if (!q.exec())
        return fail(q.lastError());
    if (!q.exec(QStringLiteral("COMMIT")))
        return fail(q.lastError());
    return true;
}

bool ModelRegistry::removeAlias(const QString& name, const QString& alias, QString* error)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("DELETE FROM model_aliases WHERE name = ? AND alias = ?"));
    q.addBindValue(name);
    q.addBindValue(alias);
    if (!q.exec()) {
        DatabaseError::report(error, QStringLiteral("cannot remove alias %1 of model %2").arg(alias, name), q.lastError(),
                              m_workspace.databasePath());
        return false;
    }
    if (q.numRowsAffected() != 1) {
        *error = QStringLiteral("model %1 has no alias %2").arg(name, alias);
        return false;
    }
    return true;
}

bool ModelRegistry::update(const QString& name, int version, const QString& description,
                           const QVector<QPair<QString, QString>>& tags, QString* error)
{
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("UPDATE models SET description = ?, tags_json = ? WHERE name = ? AND version = ?"));
    q.addBindValue(description);
    q.addBindValue(tagsJson(tags));
    q.addBindValue(name);
    q.addBindValue(version);
    if (!q.exec()) {
        DatabaseError::report(error, QStringLiteral("cannot change model %1 version %2").arg(name).arg(version), q.lastError(),
                              m_workspace.databasePath());
        return false;
    }
    if (q.numRowsAffected() != 1) {
        *error = QStringLiteral("unknown model %1 version %2").arg(name).arg(version);
        return false;
    }
    return true;
}
