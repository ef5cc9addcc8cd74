#include "environments/RegistryLogins.h"

#include "run/RunStore.h"
#include "secrets/SecretStore.h"
#include "workspace/DatabaseError.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

RegistryLogins::RegistryLogins(const Workspace& workspace) : m_workspace(workspace) {}

QString RegistryLogins::normalise(const QString& registry, QString* error)
{
    QString host = registry.trimmed();
    const qsizetype scheme = host.indexOf(QStringLiteral("://"));
    if (scheme >= 0)
        host = host.mid(scheme + 3);
    while (host.endsWith(QLatin1Char('/')))
        host.chop(1);
    host = host.toLower();
    // Host names, IPv4 addresses and a port; a path (a namespace inside the registry) is not a registry.
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$"));
    if (host.isEmpty() || !valid.match(host).hasMatch()) {
        *error = QStringLiteral("registry \"%1\" is not a host name with an optional :port "
                                "(e.g. registry.example.com:5000)")
                     .arg(registry);
        return QString();
    }
    // Docker Hub answers to several names; the engines file its logins under this one.
    if (host == QLatin1String("index.docker.io") || host == QLatin1String("registry-1.docker.io")
        || host == QLatin1String("registry.hub.docker.com"))
        host = QStringLiteral("docker.io");
    return host;
}

QString RegistryLogins::registryOf(const QString& imageRef)
{
    const qsizetype slash = imageRef.indexOf(QLatin1Char('/'));
    if (slash > 0) {
        const QString first = imageRef.left(slash);
        if (first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':')) || first == QLatin1String("localhost"))
            return first.toLower();
    }
    return QStringLiteral("docker.io");
}

bool RegistryLogins::login(const QString& registry, const QString& username, const QByteArray& secret, QString* error)
{
    QString keychainError;
    if (!SecretStore::write(SecretStore::registryKey(m_workspace.root(), registry), secret, &keychainError)) {
        *error = QStringLiteral("cannot store the password of registry %1: %2").arg(registry, keychainError);
        return false;
    }
    QSqlQuery q(m_workspace.database());
    const bool prepared = q.prepare(QStringLiteral(
        "INSERT INTO registry_logins (registry, username, created_ms) VALUES (?, ?, ?) "
        "ON CONFLICT(registry) DO UPDATE SET username = excluded.username, created_ms = excluded.created_ms"));
    q.addBindValue(registry);
    q.addBindValue(username);
    q.addBindValue(RunStore::nowMs());
    if (!prepared || !q.exec()) {
        DatabaseError::report(error, QStringLiteral("cannot record the login to registry %1").arg(registry),
                              q.lastError(), m_workspace.databasePath());
        return false;
    }
    return true;
}

bool RegistryLogins::logout(const QString& registry, bool* known, QString* error)
{
    QString findError;
    const auto found = find(registry, &findError);
    if (!found && !findError.isEmpty()) {
        *error = findError;
        return false;
    }
    *known = found.has_value();
    // The secret goes first: a login whose secret is gone reads as "no password", never the other way round.
    QString keychainError;
    if (!SecretStore::remove(SecretStore::registryKey(m_workspace.root(), registry), &keychainError)) {
        *error = QStringLiteral("cannot remove the password of registry %1 from the keychain: %2").arg(registry, keychainError);
        return false;
    }
    QSqlQuery q(m_workspace.database());
    const bool prepared = q.prepare(QStringLiteral("DELETE FROM registry_logins WHERE registry = ?"));
    q.addBindValue(registry);
    if (!prepared || !q.exec()) {
        DatabaseError::report(error, QStringLiteral("cannot forget the login to registry %1").arg(registry),
                              q.lastError(), m_workspace.databasePath());
        return false;
    }
    return true;
}

std::optional<QVector<RegistryLogin>> RegistryLogins::list(QString* error) const
{
    QSqlQuery q(m_workspace.database());
    if (!q.exec(QStringLiteral("SELECT registry, username, created_ms FROM registry_logins ORDER BY registry"))) {
        DatabaseError::report(error, QStringLiteral("cannot read the registry logins"), q.lastError(),
                              m_workspace.databasePath());
        return std::nullopt;
    }
    QVector<RegistryLogin> logins;
    while (q.next())
        logins.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()});
    return logins;
}

std::optional<RegistryLogin> RegistryLogins::find(const QString& registry, QString* error) const
{
    QSqlQuery q(m_workspace.database());
    const bool prepared =
        q.prepare(QStringLiteral("SELECT registry, username, created_ms FROM registry_logins WHERE registry = ?"));
    q.addBindValue(registry);
    if (!prepared || !q.exec()) {
        DatabaseError::report(error, QStringLiteral("cannot read the login to registry %1").arg(registry),
                              q.lastError(), m_workspace.databasePath());
        return std::nullopt;
    }
    error->clear();
    if (!q.next())
        return std::nullopt;
    return RegistryLogin{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()};
}

std::optional<QJsonObject> RegistryLogins::credentialsForImage(const QString& imageRef, QString* error) const
{
    const QString registry = registryOf(imageRef);
    const auto login = find(registry, error);
    if (!login)
        return std::nullopt;
    QString keychainError;
    auto secret = SecretStore::read(SecretStore::registryKey(m_workspace.root(), registry), &keychainError);
    if (!secret) {
        *error = QStringLiteral("the login to registry %1 (user %2) has no password in the keychain: %3")
                     .arg(registry, login->username, keychainError);
        return std::nullopt;
    }
    QJsonObject credentials{{QStringLiteral("registry"), registry},
                            {QStringLiteral("username"), login->username},
                            {QStringLiteral("secret"), QString::fromUtf8(*secret)}};
    SecretStore::wipe(*secret);
    return credentials;
}
