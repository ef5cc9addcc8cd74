#include "registry/DatasetRegistry.h"

#include "workspace/DatabaseError.h"

#include "files/FileTree.h"
#include "run/RunStore.h"
#include "registry/VersionedReference.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace {
DatasetRecord fromQuery(const QSqlQuery& q)
{
    DatasetRecord d;
    d.name = q.value(0).toString();
    d.version = q.value(1).toInt();
    d.path = q.value(2).toString();
    d.isFolder = q.value(3).toInt() != 0;
    d.size = q.value(4).toLongLong();
    d.fileCount = q.value(5).toLongLong();
    d.description = q.value(6).toString();
    d.registeredAt = q.value(7).toLongLong();
    return d;
}
const char* const kColumns = "name, version, path, is_folder, size, file_count, description, registered_at";
} // namespace

bool DatasetRegistry::isValidName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

std::optional<DatasetRecord> DatasetRegistry::add(const QString& name, const QString& path, const QString& description,
                                                  QString* error)
{
    if (!isValidName(name)) {
        *error = QStringLiteral("dataset name \"%1\": expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit").arg(name);
        return std::nullopt;
    }
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = QStringLiteral("dataset %1: %2 does not exist").arg(name, path);
        return std::nullopt;
    }
    if (!info.isReadable()) {
        *error = QStringLiteral("dataset %1: %2 is not readable").arg(name, path);
        return std::nullopt;
    }
    DatasetRecord record;
    record.name = name;
    record.path = info.canonicalFilePath();
    record.isFolder = info.isDir();
    const FileTree::Size size = FileTree::measure(record.path);
    record.size = size.bytes;
    record.fileCount = size.files;
    record.description = description;
    record.registeredAt = RunStore::nowMs();

    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        DatabaseError::report(error, QStringLiteral("cannot lock the workspace database"), q.lastError(), m_workspace.databasePath());
        return std::nullopt;
    }
    q.prepare(QStringLiteral("SELECT COALESCE(MAX(version), 0) + 1 FROM datasets WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec() || !q.next()) {
        DatabaseError::report(error, QStringLiteral("cannot number dataset %1").arg(name), q.lastError(), m_workspace.databasePath());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return std::nullopt;
    }
    record.version = q.value(0).toInt();
    QSqlQuery ins(db);
    ins.prepare(QStringLiteral("INSERT INTO datasets (%1) VALUES (?,?,?,?,?,?,?,?)").arg(QLatin1String(kColumns)));
    for (const QVariant& v : {QVariant(record.name), QVariant(record.version), QVariant(record.path),
                              QVariant(int(record.isFolder)), QVariant(record.size), QVariant(record.fileCount),
                              QVariant(record.description), QVariant(record.registeredAt)})
        ins.addBindValue(v);
    if (!ins.exec()) {
        DatabaseError::report(error, QStringLiteral("cannot register dataset %1").arg(name), ins.lastError(), m_workspace.databasePath());
        q.exec(QStringLiteral("ROLLBACK"));
        return std::nullopt;
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        DatabaseError::report(error, QStringLiteral("cannot register dataset %1").arg(name), q.lastError(), m_workspace.databasePath());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return std::nullopt;
    }
    return record;
}

QVector<DatasetRecord> DatasetRegistry::list(QString* error) const
{
    if (error)
        error->clear();
    QSqlQuery q(m_workspace.database());
    QVector<DatasetRecord> result;
    if (!q.exec(QStringLiteral("SELECT %1 FROM datasets ORDER BY name, version").arg(QLatin1String(kColumns)))) {
        DatabaseError::report(error, QStringLiteral("cannot read the datasets"), q.lastError(), m_workspace.databasePath());
        return result;
    }
    while (q.next())
        result << fromQuery(q);
    if (q.lastError().isValid()) {
        DatabaseError::report(error, QStringLiteral("cannot read the datasets"), q.lastError(), m_workspace.databasePath());
        return {};
    }
    return result;
}

std::optional<DatasetRecord> DatasetRegistry::resolve(const QString& reference, QString* error) const
{
    const std::optional<VersionedReference> parsed = VersionedReference::parse(reference, QStringLiteral("dataset"), error);
    if (!parsed)
        return std::nullopt;
    const QString& name = parsed->name;
    const int version = parsed->version;
    QSqlQuery q(m_workspace.database());
    if (version > 0) {
        q.prepare(QStringLiteral("SELECT %1 FROM datasets WHERE name = ? AND version = ?").arg(QLatin1String(kColumns)));
        q.addBindValue(name);
        q.addBindValue(version);
    } else {
        q.prepare(QStringLiteral("SELECT %1 FROM datasets WHERE name = ? ORDER BY version DESC LIMIT 1").arg(QLatin1String(kColumns)));
        q.addBindValue(name);
    }
    if (!q.exec()) {
        DatabaseError::report(error, QStringLiteral("cannot read dataset %1").arg(name), q.lastError(), m_workspace.databasePath());
        return std::nullopt;
    }
    if (q.next())
        return fromQuery(q);
    if (q.lastError().isValid()) {
        DatabaseError::report(error, QStringLiteral("cannot read dataset %1").arg(name), q.lastError(), m_workspace.databasePath());
        return std::nullopt;
    }
    *error = version > 0 ? QStringLiteral("unknown dataset %1 version %2").arg(name).arg(version)
                         : QStringLiteral("unknown dataset %1 (register it with: trainyard-cli datasets add %1 PATH)").arg(name);
    return std::nullopt;
}
