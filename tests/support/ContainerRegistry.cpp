#include "ContainerRegistry.h"

#include "ContainerImages.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace {

struct Outcome
{
    int exitCode = -1;
    QString output;
};

Outcome run(const QString& program, const QStringList& args, const QByteArray& input = QByteArray())
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    Outcome outcome;
    if (!process.waitForStarted(10000)) {
        outcome.output = QStringLiteral("cannot start %1: %2").arg(program, process.errorString());
        return outcome;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(180000)) {
        process.kill();
        process.waitForFinished(5000);
        outcome.output = QStringLiteral("%1 did not finish").arg(program);
        return outcome;
    }
    outcome.output = QString::fromLocal8Bit(process.readAll()).trimmed();
    outcome.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return outcome;
}

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

} // namespace

ContainerRegistry::ContainerRegistry(const QString& username, const QString& password)
    : m_username(username), m_password(password)
{
    const QString registry = QStandardPaths::findExecutable(QStringLiteral("docker-registry"));
    const QString htpasswd = QStandardPaths::findExecutable(QStringLiteral("htpasswd"));
    if (registry.isEmpty() || htpasswd.isEmpty()) {
        m_error = QStringLiteral("docker-registry or htpasswd is missing: install docker-registry and apache2-utils "
                                 "(scripts/setup.sh --tests)");
        return;
    }
    const Outcome hashed = run(htpasswd, {QStringLiteral("-Bbn"), username, password});
    QFile users(m_dir.filePath(QStringLiteral("htpasswd")));
    if (hashed.exitCode != 0 || !users.open(QIODevice::WriteOnly) || users.write(hashed.output.toUtf8() + '\n') <= 0) {
        m_error = QStringLiteral("htpasswd failed: %1").arg(hashed.output);
        return;
    }
    users.close();
    const quint16 port = freePort();
    m_host = QStringLiteral("127.0.0.1:%1").arg(port);
    QFile config(m_dir.filePath(QStringLiteral("config.yml")));
    const QString yaml = QStringLiteral("version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %1\n"
                                        "http:\n  addr: %2\nauth:\n  htpasswd:\n    realm: trainyard-test\n    path: %3\n")
                             .arg(m_dir.filePath(QStringLiteral("data")), m_host, users.fileName());
    if (!config.open(QIODevice::WriteOnly) || config.write(yaml.toUtf8()) <= 0) {
        m_error = QStringLiteral("cannot write %1").arg(config.fileName());
        return;
    }
    config.close();
    m_server = std::make_unique<QProcess>();
    m_server->setProcessChannelMode(QProcess::MergedChannels);
    m_server->setStandardOutputFile(m_dir.filePath(QStringLiteral("registry.log")));
    m_server->start(registry, {QStringLiteral("serve"), config.fileName()});
    if (!m_server->waitForStarted(10000)) {
        m_error = QStringLiteral("cannot start docker-registry: %1").arg(m_server->errorString());
        return;
    }
    const QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(200))
            return;
        if (m_server->state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    QFile log(m_dir.filePath(QStringLiteral("registry.log")));
    log.open(QIODevice::ReadOnly);
    m_error = QStringLiteral("docker-registry did not listen on %1: %2").arg(m_host, QString::fromUtf8(log.readAll().right(2000)));
}

ContainerRegistry::~ContainerRegistry()
{
    if (m_server && m_server->state() != QProcess::NotRunning) {
        m_server->terminate();
        if (!m_server->waitForFinished(5000)) {
            m_server->kill();
            m_server->waitForFinished(5000);
        }
    }
}

bool ContainerRegistry::pushImage(const QString& localImage, const QString& repository, QString* error)
{
    const QString podman = ContainerImages::podman();
    const QString authFile = m_dir.filePath(QStringLiteral("push-auth.json"));
    const QString remote = m_host + QLatin1Char('/') + repository;
    const Outcome login = run(podman, {QStringLiteral("login"), QStringLiteral("--tls-verify=false"), QStringLiteral("--authfile"),
                                       authFile, QStringLiteral("-u"), m_username, QStringLiteral("--password-stdin"), m_host},
                              m_password.toUtf8());
    if (login.exitCode != 0) {
        *error = QStringLiteral("podman login %1 failed: %2").arg(m_host, login.output);
        return false;
    }
    const Outcome push = run(podman, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("--tls-verify=false"),
                                      QStringLiteral("--authfile"), authFile, localImage, remote});
    QFile::remove(authFile);
    if (push.exitCode != 0) {
        *error = QStringLiteral("podman push %1 failed: %2").arg(remote, push.output);
        return false;
    }
    removeLocal(remote);
    return true;
}

void ContainerRegistry::removeLocal(const QString& image)
{
    run(ContainerImages::podman(), {QStringLiteral("rmi"), QStringLiteral("--ignore"), image});
}
