// A real private container registry for the tests: Debian's docker-registry (the CNCF distribution registry)
// on a free loopback port with htpasswd (bcrypt) authentication, storage in a temporary folder, plain HTTP
// (targets name it in container_insecure_registries). pushImage copies a local image into it, logging in
// with an auth file inside the fixture's own folder: the test's setup, not the product's path.
#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class ContainerRegistry
{
public:
    ContainerRegistry(const QString& username, const QString& password);
    ~ContainerRegistry();
    ContainerRegistry(const ContainerRegistry&) = delete;
    ContainerRegistry& operator=(const ContainerRegistry&) = delete;

    bool ready() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    // "127.0.0.1:PORT"
    QString host() const { return m_host; }
    // Pushes a local image as HOST/repository and removes the pushed name from this machine's image store,
    // so a run has to pull it. False with the reason.
    bool pushImage(const QString& localImage, const QString& repository, QString* error);
    // Removes HOST/repository from this machine's image store (no error when it is not there).
    static void removeLocal(const QString& image);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_server;
    QString m_username;
    QString m_password;
    QString m_host;
    QString m_error;
};
