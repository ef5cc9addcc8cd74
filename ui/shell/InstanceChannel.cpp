#include "shell/InstanceChannel.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QTimer>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcInstanceChannel, "trainyard.instance", QtWarningMsg)

namespace {
// A request line longer than this is no request of ours; the connection is dropped.
constexpr qint64 kMaxRequestBytes = 64 * 1024;
// How long the running window waits for a connection's one line before dropping it.
constexpr int kRequestTimeoutMs = 5000;
} // namespace

QString InstanceChannel::defaultSocketPath()
{
    // RuntimeLocation is $XDG_RUNTIME_DIR, or a 0700 folder Qt makes for the user when it is not set.
    QString dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    return dir + QStringLiteral("/trainyard-") + QString::number(::getuid());
}

InstanceChannel::InstanceChannel(const QString& socketPath, QObject* parent)
    : QObject(parent), m_socketPath(socketPath), m_startLock(socketPath + QStringLiteral(".lock"))
{
    // A start that died holding the lock is found by its pid at once; this only bounds a live but hung one.
    m_startLock.setStaleLockTime(30000);
}

InstanceChannel::~InstanceChannel() = default;

QByteArray InstanceChannel::encodeRequest(const Request& request)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("target"), request.target},
                                     {QStringLiteral("workspace"), request.workspace},
                                     {QStringLiteral("activation_token"), request.activationToken}})
               .toJson(QJsonDocument::Compact) +
           '\n';
}

std::optional<InstanceChannel::Request> InstanceChannel::decodeRequest(const QByteArray& line)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line.trimmed(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject o = document.object();
    if (!o.value(QStringLiteral("target")).isString() || !o.value(QStringLiteral("workspace")).isString())
        return std::nullopt;
    return Request{o.value(QStringLiteral("target")).toString(),
                   o.value(QStringLiteral("workspace")).toString(),
                   o.value(QStringLiteral("activation_token")).toString()};
}

InstanceChannel::HandOver InstanceChannel::handOver(const Request& request, QString* error, int timeoutMs)
{
    // Held until listen() when nobody answers, so a second start waits for this one's socket instead of
    // racing it. Should the lock not come (a start hung for longer), asking the socket is still right.
    if (!m_startLock.tryLock(timeoutMs))
        qCWarning(lcInstanceChannel) << "could not take" << m_startLock.error()
                                     << "; asking the socket anyway";
    QLocalSocket socket;
    socket.connectToServer(m_socketPath);
    if (!socket.waitForConnected(timeoutMs)) {
        // Refused or missing: no Trainyard listens (a leftover socket file is a crashed one's).
        if (socket.error() == QLocalSocket::ServerNotFoundError ||
            socket.error() == QLocalSocket::ConnectionRefusedError)
            return HandOver::NoneRunning;
        *error = tr("cannot reach the running Trainyard at %1: %2").arg(m_socketPath, socket.errorString());
        return HandOver::Failed;
    }
    socket.write(encodeRequest(request));
    if (!socket.waitForBytesWritten(timeoutMs)) {
        *error = tr("cannot send to the running Trainyard: %1").arg(socket.errorString());
        return HandOver::Failed;
    }
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs)) {
            *error = tr("the running Trainyard did not answer within %1 s").arg(timeoutMs / 1000);
            return HandOver::Failed;
        }
    }
    if (socket.readLine().trimmed() != "ok") {
        *error = tr("the running Trainyard refused the request");
        return HandOver::Failed;
    }
    return HandOver::Handed;
}

bool InstanceChannel::listen(QString* error)
{
    m_server = new QLocalServer(this);
    // The runtime folder is the user's own already; this keeps the socket so where it is not.
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    bool listening = m_server->listen(m_socketPath);
    if (!listening && m_server->serverError() == QAbstractSocket::AddressInUseError) {
        // handOver() found nobody answering there, under the lock: the file is a crashed Trainyard's.
        qCInfo(lcInstanceChannel).noquote() << "removing the stale socket" << m_socketPath;
        QLocalServer::removeServer(m_socketPath);
        listening = m_server->listen(m_socketPath);
    }
    if (m_startLock.isLocked())
        m_startLock.unlock();
    if (!listening) {
        *error = tr("cannot listen on %1: %2").arg(m_socketPath, m_server->errorString());
        delete m_server;
        m_server = nullptr;
        return false;
    }
    connect(m_server, &QLocalServer::newConnection, this, &InstanceChannel::acceptConnections);
    qCInfo(lcInstanceChannel).noquote() << "listening on" << m_socketPath;
    return true;
}

bool InstanceChannel::isListening() const
{
    return m_server && m_server->isListening();
}

void InstanceChannel::close()
{
    delete m_server; // its destructor closes it, which removes the socket file
    m_server = nullptr;
}

void InstanceChannel::acceptConnections()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { readRequest(socket); });
        // A client that connects and says nothing is not kept forever.
        QTimer::singleShot(kRequestTimeoutMs, socket, &QLocalSocket::disconnectFromServer);
        if (socket->canReadLine())
            readRequest(socket);
    }
}

void InstanceChannel::readRequest(QLocalSocket* socket)
{
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > kMaxRequestBytes)
            socket->abort();
        return;
    }
    const std::optional<Request> request = decodeRequest(socket->readLine(kMaxRequestBytes));
    if (!request) {
        qCWarning(lcInstanceChannel) << "dropped a malformed request";
        socket->abort();
        return;
    }
    qCInfo(lcInstanceChannel).noquote()
        << "request: open" << (request->target.isEmpty() ? QStringLiteral("(nothing)") : request->target)
        << "in workspace"
        << (request->workspace.isEmpty() ? QStringLiteral("(current)") : request->workspace);
    // Answered first, so the starter exits at once even when opening the target asks the user something.
    socket->write("ok\n");
    socket->disconnectFromServer();
    QTimer::singleShot(0, this, [this, request = *request] { emit requestReceived(request); });
}
