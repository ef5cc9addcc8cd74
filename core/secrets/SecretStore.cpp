#include "secrets/SecretStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibrary>
#include <QMutex>
#include <QThread>
#include <QUrl>

#include <qt6keychain/keychain.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <future>
#include <memory>

namespace {

struct JobOutcome {
    QKeychain::Error error = QKeychain::NoError;
    QString message;
    QByteArray data; // a read's secret, in a buffer of its own
};

// GLib raises SIGTERM in a process whose shared session-bus connection (the one libsecret, under QtKeychain,
// uses) is closed by the bus: logging out of the desktop would kill a detached trainyard-runner, which must
// outlive the session. So the store takes that shared connection itself before the first job and turns this
// off, and holds it for the life of the process. The two functions are resolved at run time from libgio,
// which libsecret brings: the build needs no GLib headers. Runs on the keychain thread only.
void holdSessionBusWithoutExitOnClose()
{
    static void* connection = nullptr;
    if (connection)
        return;
    static QLibrary gio(QStringLiteral("gio-2.0"), 0);
    using BusGetSync = void* (*)(int busType, void* cancellable, void** error);
    using SetExitOnClose = void (*)(void* connection, int exitOnClose);
    const auto busGetSync = reinterpret_cast<BusGetSync>(gio.resolve("g_bus_get_sync"));
    const auto setExitOnClose =
        reinterpret_cast<SetExitOnClose>(gio.resolve("g_dbus_connection_set_exit_on_close"));
    if (!busGetSync || !setExitOnClose)
        return;
    const int sessionBus = 2; // G_BUS_TYPE_SESSION
    // No bus now (the job will say so): try again before the next job.
    connection = busGetSync(sessionBus, nullptr, nullptr);
    if (connection)
        setExitOnClose(connection, 0);
}

// QtKeychain's job executor is one object, created on the thread of the first job, that hears of each
// finished job through a queued connection: if that thread stops running its event loop, every later job
// waits forever. So all jobs go to one thread of ours that runs until the application ends.
class KeychainThread
{
public:
    static KeychainThread& instance()
    {
        static KeychainThread* thread = new KeychainThread; // lives until exit; its thread stops with the app
        return *thread;
    }

    // Runs makeJob's job on the keychain thread and waits for it to finish; false when it cannot run.
    bool run(const std::function<QKeychain::Job*()>& makeJob, JobOutcome* outcome)
    {
        {
            QMutexLocker lock(&m_mutex);
            if (m_stopped)
                return false;
        }
        // libsecret answers through GLib's main loop, which Qt's event loop runs unless told not to: without
        // it the job would never finish.
        if (!qEnvironmentVariableIsEmpty("QT_NO_GLIB")) {
            outcome->error = QKeychain::NoBackendAvailable;
            outcome->message =
                QStringLiteral("QT_NO_GLIB is set, and the keychain library answers only through "
                               "GLib's event loop");
            return true;
        }
        auto promise = std::make_shared<std::promise<JobOutcome>>();
        std::future<JobOutcome> future = promise->get_future();
        QMetaObject::invokeMethod(
            &m_anchor,
            [makeJob, promise] {
                holdSessionBusWithoutExitOnClose();
                QKeychain::Job* job = makeJob();
                job->setAutoDelete(false);
                QObject::connect(job, &QKeychain::Job::finished, job, [promise](QKeychain::Job* finished) {
                    JobOutcome result;
                    result.error = finished->error();
                    result.message = finished->errorString();
                    if (const auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(finished);
                        read && result.error == QKeychain::NoError) {
                        const QByteArray shared = read->binaryData();
                        result.data =
                            QByteArray(shared.constData(), shared.size()); // unshared: wipe() reaches it
                    }
                    finished->deleteLater();
                    promise->set_value(std::move(result));
                });
                job->start();
            },
            Qt::QueuedConnection);
        // A job posted just as the application ends never runs: stop waiting once the thread is gone.
        while (future.wait_for(std::chrono::milliseconds(200)) != std::future_status::ready)
            if (m_thread.isFinished())
                return false;
        *outcome = future.get();
        return true;
    }

private:
    KeychainThread()
    {
        m_thread.setObjectName(QStringLiteral("trainyard-keychain"));
        m_anchor.moveToThread(&m_thread);
        m_thread.start();
        if (QCoreApplication::instance())
            qAddPostRoutine(&KeychainThread::stopAtExit);
    }

    static void stopAtExit()
    {
        KeychainThread& self = instance();
        QMutexLocker lock(&self.m_mutex);
        self.m_stopped = true;
        self.m_thread.quit();
        self.m_thread.wait();
    }

    QMutex m_mutex;
    bool m_stopped = false;
    QThread m_thread;
    QObject m_anchor; // the context the jobs are made in, on m_thread
};

SecretFailure classify(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return SecretFailure::None;
    case QKeychain::EntryNotFound:
        return SecretFailure::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::AccessDenied: // libsecret: the collection is locked
    case QKeychain::AccessDeniedByUser:
    // QtKeychain's libsecret backend reports every D-Bus failure (no session bus, no secret service on it,
    // the service gone) as OtherError with GLib's message and without its domain: all mean the keychain
    // cannot be used.
    case QKeychain::OtherError:
        return SecretFailure::Unavailable;
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    return SecretFailure::Other;
}

QString describe(SecretFailure failure, const QString& message)
{
    switch (failure) {
    case SecretFailure::Unavailable:
        return QStringLiteral(
                   "the system keychain is unavailable: %1; Trainyard keeps passwords nowhere else")
            .arg(message);
    case SecretFailure::NotFound:
        return QStringLiteral("the system keychain holds no such secret");
    default:
        return QStringLiteral("the system keychain failed: %1").arg(message);
    }
}

bool runJob(const std::function<QKeychain::Job*()>& makeJob, JobOutcome* outcome, QString* error,
            SecretFailure* failure)
{
    if (!KeychainThread::instance().run(makeJob, outcome)) {
        if (failure)
            *failure = SecretFailure::Other;
        if (error)
            *error = QStringLiteral("the system keychain cannot be used after the application has ended");
        return false;
    }
    const SecretFailure kind = classify(outcome->error);
    if (failure)
        *failure = kind;
    if (kind != SecretFailure::None && error)
        *error = describe(kind, outcome->message);
    return kind == SecretFailure::None;
}

} // namespace

QString SecretStore::targetKeyPrefix(const QString& workspaceRoot, const QString& target)
{
    // One workspace reached through two paths (a symlink) keeps one set of secrets.
    QString root = QFileInfo(workspaceRoot).canonicalFilePath();
    if (root.isEmpty())
        root = QDir::cleanPath(QDir(workspaceRoot).absolutePath());
    // The name is percent-encoded so that no '|' of it can make two keys alike.
    return QStringLiteral("workspace:%1|target:%2|")
        .arg(root, QString::fromLatin1(QUrl::toPercentEncoding(target)));
}

QString SecretStore::registryKey(const QString& workspaceRoot, const QString& registry)
{
    // The same workspace part as a target's key, then a word no target key has at that place.
    QString root = QFileInfo(workspaceRoot).canonicalFilePath();
    if (root.isEmpty())
        root = QDir::cleanPath(QDir(workspaceRoot).absolutePath());
    return QStringLiteral("workspace:%1|registry:%2")
        .arg(root, QString::fromLatin1(QUrl::toPercentEncoding(registry)));
}

QString SecretStore::targetKey(const QString& workspaceRoot, const QString& target, const QString& what)
{
    return targetKeyPrefix(workspaceRoot, target) + what;
}

std::optional<QByteArray> SecretStore::read(const QString& key, QString* error, SecretFailure* failure)
{
    JobOutcome outcome;
    const bool ok = runJob(
        [key] {
            auto* job = new QKeychain::ReadPasswordJob(serviceName());
            job->setKey(key);
            return job;
        },
        &outcome, error, failure);
    if (!ok)
        return std::nullopt;
    return std::move(outcome.data);
}

bool SecretStore::write(const QString& key, const QByteArray& secret, QString* error, SecretFailure* failure)
{
    JobOutcome outcome;
    return runJob(
        [key, secret] {
            auto* job = new QKeychain::WritePasswordJob(serviceName());
            job->setKey(key);
            // Binary: the bytes come back as they went in, NULs and all (text is cut at the first NUL).
            job->setBinaryData(secret);
            return job;
        },
        &outcome, error, failure);
}

bool SecretStore::remove(const QString& key, QString* error, SecretFailure* failure)
{
    JobOutcome outcome;
    SecretFailure kind = SecretFailure::None;
    QString message;
    runJob(
        [key] {
            auto* job = new QKeychain::DeletePasswordJob(serviceName());
            job->setKey(key);
            return job;
        },
        &outcome, &message, &kind);
    if (kind == SecretFailure::NotFound)
        kind = SecretFailure::None;
    if (failure)
        *failure = kind;
    if (kind != SecretFailure::None && error)
        *error = message;
    return kind == SecretFailure::None;
}

bool SecretStore::forgetTarget(const QString& workspaceRoot, const QString& target, QString* error,
                               SecretFailure* failure)
{
    for (const QString& what : {passwordWord(), passphraseWord()})
        if (!remove(targetKey(workspaceRoot, target, what), error, failure))
            return false;
    return true;
}

void SecretStore::wipe(QByteArray& secret)
{
    if (!secret.isEmpty() && secret.isDetached())
        std::memset(secret.data(), 0, size_t(secret.size()));
    secret.clear();
}
