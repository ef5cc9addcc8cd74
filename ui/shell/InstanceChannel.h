// One Trainyard window per user: the first `trainyard` listens on a local socket in the user's runtime folder
// ($XDG_RUNTIME_DIR, private to the user), and a later `trainyard PATH` or `trainyard trainyard://run/ID`
// hands its argument over that socket instead of opening a second window; the running one opens it and comes
// to the front. The later process needs no display: it hands over before any GUI starts.
//
// A lock file around "is one listening? else listen" keeps two starts at once from both listening (or one
// deleting the other's fresh socket). A socket left behind by a crashed Trainyard answers no connection and
// is removed before listening. One request per connection: a JSON line {"target", "workspace",
// "activation_token"}, answered
// "ok" as soon as it is read; the window handles it afterwards, so a question it asks (a folder that cannot
// be opened) never keeps the starter waiting.
#pragma once

#include <QLockFile>
#include <QLoggingCategory>
#include <QObject>
#include <QString>

#include <optional>

class QLocalServer;
class QLocalSocket;

Q_DECLARE_LOGGING_CATEGORY(lcInstanceChannel)

class InstanceChannel : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString target; // absolute folder or file path, a run link, or empty (just come to the front)
        // Absolute; empty when the starter was not told one (the running window keeps its own).
        QString workspace;
        // The desktop's permission for the window to take the focus, given to the starter by the launcher
        // (XDG_ACTIVATION_TOKEN, Wayland); without it a compositor may refuse to raise the window.
        QString activationToken;
    };
    enum class HandOver {
        Handed,      // the running Trainyard took the request
        NoneRunning, // nobody listens: this process is the first (and holds the start lock until listen())
        Failed,      // one listens but did not answer in time, or the request could not be sent
    };

    // The socket's path for this user: "trainyard-<uid>" in the runtime folder.
    static QString defaultSocketPath();
    explicit InstanceChannel(const QString& socketPath = defaultSocketPath(), QObject* parent = nullptr);
    ~InstanceChannel() override;

    // Client side, blocking (it runs before the event loop of a process that will exit). *error: the reason
    // after Failed.
    HandOver handOver(const Request& request, QString* error, int timeoutMs = 10000);
    // Server side, after handOver() said NoneRunning: listens (removing a stale socket) and lets the next
    // start in. False with *error when the socket cannot be made; the app then runs without the channel.
    bool listen(QString* error);
    bool isListening() const;
    // Stops listening and removes the socket (before the application object goes, which the server needs).
    void close();
    QString socketPath() const { return m_socketPath; }

    static QByteArray encodeRequest(const Request& request);
    static std::optional<Request> decodeRequest(const QByteArray& line);

signals:
    // A later start's request, from the event loop after it was answered.
    void requestReceived(const InstanceChannel::Request& request);

private:
    void acceptConnections();
    void readRequest(QLocalSocket* socket);

    QString m_socketPath;
    QLockFile m_startLock;
    QLocalServer* m_server = nullptr;
};
