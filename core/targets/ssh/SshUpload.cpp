#include "targets/ssh/SshUpload.h"

#include "snapshot/SnapshotStore.h"
#include "targets/ssh/RemoteShell.h"
#include "targets/ssh/SshConnection.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>

namespace {

QString objectKey(const SnapshotEntry& entry)
{
    return QString::fromLatin1(entry.hash) + QLatin1Char(' ') + QString::number(entry.size) + QLatin1Char(' ')
           + (entry.executable ? QLatin1Char('1') : QLatin1Char('0'));
}

// Writes into the process, never holding more than a few MiB in its buffer: a 500 MB tree must not be
// read into memory to be sent.
bool writeBounded(QProcess& process, const char* data, qint64 size)
{
    constexpr qint64 kMaxBuffered = 8 * 1024 * 1024;
    if (process.write(data, size) != size)
        return false;
    while (process.bytesToWrite() > kMaxBuffered) {
        if (!process.waitForBytesWritten(60000))
            return process.state() == QProcess::Running && process.bytesToWrite() <= kMaxBuffered;
    }
    return true;
}

} // namespace

SshUpload::SshUpload(SshConnection& connection, const SnapshotStore& store) : m_connection(connection), m_store(store) {}

bool SshUpload::materialise(const QString& snapshotId, const QString& remoteDest, bool shared, QString* error,
                            const Progress& progress, SshUploadStats* stats)
{
    SshUploadStats local;
    SshUploadStats& s = stats ? *stats : local;
    s = {};
    const SshEndpoint& endpoint = m_connection.endpoint();
    if (shared) {
        const SshResult exists = m_connection.run(QStringLiteral("test -d %1").arg(RemoteShell::quotePath(remoteDest)));
        if (exists.ok()) {
            s.reused = true;
            return true;
        }
        if (exists.failure != SshFailure::RemoteError) {
            *error = exists.error;
            return false;
        }
    }
    const auto manifest = m_store.manifest(snapshotId, error);
    if (!manifest)
        return false;
    s.files = manifest->size();

    // The objects the snapshot uses, each once.
    QHash<QString, const SnapshotEntry*> objects;
    QByteArray query;
    for (const SnapshotEntry& entry : *manifest) {
        if (!entry.symlinkTarget.isEmpty())
            continue;
        const QString key = objectKey(entry);
        if (objects.contains(key))
            continue;
        objects.insert(key, &entry);
        query += key.toLatin1() + '\n';
    }
    s.objects = objects.size();
    const SshResult missing = m_connection.run(
        m_connection.agentCommand({QStringLiteral("missing"), endpoint.workDir}), query);
    if (!missing.ok()) {
        *error = QStringLiteral("cannot ask %1 which files it lacks: %2").arg(endpoint.display(), missing.error);
        return false;
    }
    QVector<const SnapshotEntry*> toSend;
    qint64 totalBytes = 0;
    for (const QByteArray& line : missing.out.split('\n')) {
        const QString key = QString::fromLatin1(line).trimmed();
        if (key.isEmpty())
            continue;
        if (const SnapshotEntry* entry = objects.value(key)) {
            toSend << entry;
            totalBytes += entry->size;
        }
    }

    if (!toSend.isEmpty()) {
        std::unique_ptr<QProcess> receive =
            m_connection.spawn(m_connection.agentCommand({QStringLiteral("receive"), endpoint.workDir}));
        if (!receive->waitForStarted(10000)) {
            *error = QStringLiteral("cannot run ssh: %1").arg(receive->errorString());
            return false;
        }
        const QString objectsDir = m_store.rootDir() + QStringLiteral("/objects/");
        QByteArray chunk(1024 * 1024, Qt::Uninitialized);
        bool streamOk = true;
        for (const SnapshotEntry* entry : toSend) {
            const QString hex = QString::fromLatin1(entry->hash);
            QFile object(objectsDir + hex.left(2) + QLatin1Char('/') + hex.mid(2));
            if (!object.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("cannot read %1 from the snapshot store: %2").arg(entry->path, object.errorString());
                receive->kill();
                receive->waitForFinished(5000);
                return false;
            }
            const QByteArray header = objectKey(*entry).toLatin1() + '\n';
            streamOk = writeBounded(*receive, header.constData(), header.size());
            qint64 left = entry->size;
            while (streamOk && left > 0) {
                const qint64 n = object.read(chunk.data(), qMin<qint64>(left, chunk.size()));
                if (n <= 0) {
                    *error = QStringLiteral("%1 in the snapshot store is shorter than its manifest says").arg(entry->path);
                    receive->kill();
                    receive->waitForFinished(5000);
                    return false;
                }
                streamOk = writeBounded(*receive, chunk.constData(), n);
                left -= n;
                s.sentBytes += n;
                if (progress)
                    progress(s.sentBytes, totalBytes);
            }
            if (!streamOk)
                break;
            ++s.sentObjects;
        }
        if (streamOk)
            writeBounded(*receive, "end\n", 4);
        receive->closeWriteChannel();
        receive->waitForFinished(600000);
        const QString remoteError = QString::fromUtf8(receive->readAllStandardError()).trimmed();
        if (receive->exitStatus() != QProcess::NormalExit || receive->exitCode() != 0) {
            const int code = receive->exitCode();
            if (code == 255)
                *error = m_connection.describe(SshConnection::classify(remoteError.toUtf8()), remoteError.toUtf8());
            else
                *error = remoteError.isEmpty() ? QStringLiteral("the upload to %1 failed").arg(endpoint.display())
                                               : QStringLiteral("%1, on %2")
                                                     .arg(remoteError.section(QStringLiteral("trainyard-remote: "), -1),
                                                          endpoint.display());
            return false;
        }
    }

    QByteArray entries;
    for (const SnapshotEntry& entry : *manifest) {
        QJsonObject line{{QStringLiteral("path"), entry.path}};
        if (!entry.symlinkTarget.isEmpty()) {
            line.insert(QStringLiteral("symlink"), entry.symlinkTarget);
        } else {
            line.insert(QStringLiteral("hash"), QString::fromLatin1(entry.hash));
            line.insert(QStringLiteral("size"), entry.size);
            line.insert(QStringLiteral("exec"), entry.executable);
        }
        entries += QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    }
    const SshResult made = m_connection.run(
        m_connection.agentCommand({QStringLiteral("materialise"), endpoint.workDir, remoteDest}), entries, 600000);
    if (!made.ok()) {
        *error = QStringLiteral("cannot build %1 on %2: %3")
                     .arg(remoteDest, endpoint.display(), made.error.section(QStringLiteral("trainyard-remote: "), -1));
        return false;
    }
    return true;
}
