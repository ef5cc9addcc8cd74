// Logins to private container registries, for pulling custom_docker_image. The workspace records which
// registries have a login and the user name; the password (or token) is kept in the system keychain only
// (SecretStore::registryKey), read when an image must be pulled and handed to the environment tool on its
// stdin, which lends it to the engine for that one pull (resources/env/trainyard_container.py).
#pragma once

#include "workspace/Workspace.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QVector>

#include <optional>

struct RegistryLogin
{
    QString registry; // host[:port], e.g. "registry.example.com:5000"; Docker Hub is "docker.io"
    QString username;
    qint64 createdMs = 0;
};

class RegistryLogins
{
public:
    explicit RegistryLogins(const Workspace& workspace);

    // The registry a user named ("https://Registry.Example.com:5000/", "index.docker.io") as the engines name
    // it ("registry.example.com:5000", "docker.io"); empty, with the reason in *error, when it is no host.
    static QString normalise(const QString& registry, QString* error);
    // The registry an image reference pulls from: its first component when that looks like a host (a "." or
    // ":" in it, or "localhost"), otherwise Docker Hub. The same rule as the engines and the tool.
    static QString registryOf(const QString& imageRef);

    // Stores the secret in the keychain first, then records the login (a second login replaces both).
    bool login(const QString& registry, const QString& username, const QByteArray& secret, QString* error);
    // Forgets the login and its secret. *known says whether there was one.
    bool logout(const QString& registry, bool* known, QString* error);
    // Every login, by registry. nullopt on a failed read.
    std::optional<QVector<RegistryLogin>> list(QString* error) const;
    // The login of one registry: nullopt with an empty *error when there is none.
    std::optional<RegistryLogin> find(const QString& registry, QString* error) const;
    // What the environment tool needs to pull imageRef: {"registry","username","secret"} for the image's
    // registry when a login exists, read from the keychain now. nullopt with an empty *error when the
    // registry has no login; nullopt with the reason when the keychain or the database failed.
    std::optional<QJsonObject> credentialsForImage(const QString& imageRef, QString* error) const;

private:
    Workspace m_workspace;
};
