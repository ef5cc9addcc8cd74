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

namespace {

// Reads the agent's answer up to a line that is `last` (or "exists"), while the agent keeps the session.
bool readAnswer(QProcess& process, QByteArray* answer, const QByteArray& last)
{
    const QByteArray lastLine = QByteArray(last) + '\n';
    const QByteArray endOfAnswer = '\n' + lastLine;
    while (!answer->endsWith(endOfAnswer) && *answer != lastLine && *answer != "exists\n") {
        if (!process.waitForReadyRead(120000) && process.bytesAvailable() == 0)
            return false;
        *answer += process.readAllStandardOutput();
    }
    return true;
}

} // namespace

bool SshUpload::materialise(const QString& snapshotId, const QString& remoteDest, bool shared, QString* error,
                            const Progress& progress, SshUploadStats* stats, const QString& clearFirst)
{
    SshUploadStats local;
    SshUploadStats& s = stats ? *stats : local;
    s = {};
    const SshEndpoint& endpoint = m_connection.endpoint();
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
    query += ".\n";
    s.objects = objects.size();

    // One session for the whole upload: every remote command costs a start of the account's shell.
    std::unique_ptr<QProcess> session = m_connection.spawn(m_connection.agentCommand(
        {QStringLiteral("upload"), endpoint.workDir, remoteDest, shared ? QStringLiteral("shared") : QStringLiteral("private"),
         clearFirst.isEmpty() ? QStringLiteral("-") : clearFirst, snapshotId}));
    const auto failed = [&](const QString& what) {
        session->closeWriteChannel();
        session->waitForFinished(30000);
        const QByteArray err = session->readAllStandardError();
        const QString remote = QString::fromUtf8(err).trimmed();
        if (session->exitCode() == 255 || remote.isEmpty())
            *error = QStringLiteral("%1: %2").arg(what, m_connection.describe(SshConnection::classify(err), err));
        else
            *error = QStringLiteral("%1, on %2").arg(remote.section(QStringLiteral("trainyard-remote: "), -1), endpoint.display());
        return false;
    };
    if (!session->waitForStarted(10000)) {
        *error = QStringLiteral("cannot run ssh: %1").arg(session->errorString());
        return false;
    }
    if (!writeBounded(*session, query.constData(), query.size()))
        return failed(QStringLiteral("cannot ask %1 which files it lacks").arg(endpoint.display()));
    QByteArray answer;
    if (!readAnswer(*session, &answer, "."))
        return failed(QStringLiteral("cannot ask %1 which files it lacks").arg(endpoint.display()));
    if (answer == "exists\n") {
        s.reused = true;
        session->closeWriteChannel();
        session->waitForFinished(30000);
        return true;
    }
    QVector<const SnapshotEntry*> toSend;
    qint64 totalBytes = 0;
    for (const QByteArray& line : answer.split('\n')) {
        const QString key = QString::fromLatin1(line).trimmed();
        if (const SnapshotEntry* entry = key.isEmpty() || key == QLatin1String(".") ? nullptr : objects.value(key)) {
            toSend << entry;
            totalBytes += entry->size;
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
    // The manifest goes first: the remote writes each arriving object straight at its place in the folder.
    entries += ".\n";
    if (!writeBounded(*session, entries.constData(), entries.size()))
        return failed(QStringLiteral("cannot build %1 on %2").arg(remoteDest, endpoint.display()));
    if (!toSend.isEmpty()) {
        const QString objectsDir = m_store.rootDir() + QStringLiteral("/objects/");
        QByteArray chunk(1024 * 1024, Qt::Uninitialized);
        for (const SnapshotEntry* entry : toSend) {
            const QString hex = QString::fromLatin1(entry->hash);
            QFile object(objectsDir + hex.left(2) + QLatin1Char('/') + hex.mid(2));
            if (!object.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("cannot read %1 from the snapshot store: %2").arg(entry->path, object.errorString());
                session->kill();
                session->waitForFinished(5000);
                return false;
            }
            const QByteArray header = objectKey(*entry).toLatin1() + '\n';
            if (!writeBounded(*session, header.constData(), header.size()))
                return failed(QStringLiteral("the upload to %1 broke off").arg(endpoint.display()));
            qint64 left = entry->size;
            while (left > 0) {
                const qint64 n = object.read(chunk.data(), qMin<qint64>(left, chunk.size()));
                if (n <= 0) {
                    *error = QStringLiteral("%1 in the snapshot store is shorter than its manifest says").arg(entry->path);
                    session->kill();
                    session->waitForFinished(5000);
                    return false;
                }
                if (!writeBounded(*session, chunk.constData(), n))
                    return failed(QStringLiteral("the upload to %1 broke off").arg(endpoint.display()));
                left -= n;
                s.sentBytes += n;
                if (progress)
                    progress(s.sentBytes, totalBytes);
            }
            ++s.sentObjects;
        }
    }

    if (!writeBounded(*session, "end\n", 4))
        return failed(QStringLiteral("the upload to %1 broke off").arg(endpoint.display()));
    session->closeWriteChannel();
    const bool finished = session->waitForFinished(600000) && session->exitCode() == 0;
    const QByteArray done = session->readAllStandardOutput();
    if (!finished || !done.startsWith("ok"))
        return failed(QStringLiteral("cannot build %1 on %2").arg(remoteDest, endpoint.display()));
    s.fromSpare = done.startsWith("ok spare");
    return true;
}
