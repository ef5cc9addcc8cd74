#include "targets/ssh/SshHostKeys.h"

#include "targets/ssh/SshConnection.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSaveFile>
#include <QTemporaryDir>

#include <sys/stat.h>

namespace {

QString fingerprintOf(const QString& knownHostsLine)
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("key")));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(knownHostsLine.toUtf8() + '\n');
    file.close();
    QProcess keygen;
    keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-l"), QStringLiteral("-f"), file.fileName()});
    if (!keygen.waitForFinished(10000) || keygen.exitCode() != 0)
        return {};
    // "256 SHA256:abc… [127.0.0.1]:2222 (ED25519)"
    const QStringList fields = QString::fromUtf8(keygen.readAllStandardOutput()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return fields.size() >= 2 ? fields.at(1) : QString();
}

QVector<SshHostKey> parseKnownHosts(const QByteArray& text)
{
    QVector<SshHostKey> keys;
    for (const QByteArray& raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList fields = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (fields.size() < 3)
            continue;
        const bool marker = fields.at(0).startsWith(QLatin1Char('@'));
        if (marker && fields.size() < 4)
            continue;
        SshHostKey key;
        key.host = fields.at(marker ? 1 : 0);
        key.type = fields.at(marker ? 2 : 1);
        key.line = line;
        key.fingerprint = fingerprintOf(line);
        keys << key;
    }
    return keys;
}

} // namespace

std::optional<QVector<SshHostKey>> SshHostKeys::scan(const SshConnection& connection, QString* error)
{
    QTemporaryDir dir;
    const QString scratch = dir.filePath(QStringLiteral("offered_hosts"));
    const SshEndpoint& endpoint = connection.endpoint();
    QStringList args;
    // A throwaway known_hosts that accepts whatever is offered, and no credentials at all: the connection
    // ends right after the key exchange, having only recorded the host's keys.
    args << QStringLiteral("-o") << QStringLiteral("StrictHostKeyChecking=accept-new")
         << QStringLiteral("-o") << QStringLiteral("UserKnownHostsFile=\"%1\"").arg(scratch)
         << QStringLiteral("-o") << QStringLiteral("GlobalKnownHostsFile=/dev/null")
         << QStringLiteral("-o") << QStringLiteral("HashKnownHosts=no")
         << QStringLiteral("-o") << QStringLiteral("UpdateHostKeys=no")
         << QStringLiteral("-o") << QStringLiteral("BatchMode=yes")
         << QStringLiteral("-o") << QStringLiteral("ControlMaster=no")
         << QStringLiteral("-o") << QStringLiteral("ControlPath=none")
         << QStringLiteral("-o") << QStringLiteral("ConnectTimeout=15")
         << QStringLiteral("-o") << QStringLiteral("PubkeyAuthentication=no")
         << QStringLiteral("-o") << QStringLiteral("PasswordAuthentication=no")
         << QStringLiteral("-o") << QStringLiteral("KbdInteractiveAuthentication=no")
         << QStringLiteral("-o") << QStringLiteral("GSSAPIAuthentication=no")
         << QStringLiteral("-o") << QStringLiteral("HostbasedAuthentication=no");
    if (endpoint.port > 0)
        args << QStringLiteral("-p") << QString::number(endpoint.port);
    if (!endpoint.user.isEmpty())
        args << QStringLiteral("-l") << endpoint.user;
    args << QStringLiteral("--") << endpoint.host << QStringLiteral("true");
    QProcess ssh;
    ssh.setStandardInputFile(QProcess::nullDevice());
    ssh.start(QStringLiteral("ssh"), args);
    if (!ssh.waitForFinished(60000)) {
        ssh.kill();
        ssh.waitForFinished(2000);
        *error = QStringLiteral("connecting to %1 timed out").arg(endpoint.display());
        return std::nullopt;
    }
    QFile file(scratch);
    const QByteArray text = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    const QVector<SshHostKey> keys = parseKnownHosts(text);
    if (keys.isEmpty()) {
        *error = connection.describe(SshFailure::Unreachable, ssh.readAllStandardError());
        return std::nullopt;
    }
    return keys;
}

QVector<SshHostKey> SshHostKeys::trusted(const SshConnection& connection, const QVector<SshHostKey>& offered)
{
    QVector<SshHostKey> result;
    const QStringList files{SshConnection::knownHostsPath(connection.workspaceRoot()),
                            QDir::homePath() + QStringLiteral("/.ssh/known_hosts")};
    QStringList hosts;
    for (const SshHostKey& key : offered)
        if (!hosts.contains(key.host))
            hosts << key.host;
    for (const QString& file : files) {
        if (!QFileInfo::exists(file))
            continue;
        for (const QString& host : hosts) {
            // ssh-keygen -F also finds hashed entries and wildcard patterns.
            QProcess keygen;
            keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-F"), host, QStringLiteral("-f"), file});
            if (!keygen.waitForFinished(10000))
                continue;
            QVector<SshHostKey> found = parseKnownHosts(keygen.readAllStandardOutput());
            for (SshHostKey& key : found) {
                key.host = host;
                if (!key.line.startsWith(QLatin1Char('@')))
                    result << key;
            }
        }
    }
    return result;
}

bool SshHostKeys::allTrusted(const QVector<SshHostKey>& offered, const QVector<SshHostKey>& trustedKeys)
{
    QStringList hosts;
    for (const SshHostKey& key : offered)
        if (!hosts.contains(key.host))
            hosts << key.host;
    for (const QString& host : hosts) {
        bool found = false;
        for (const SshHostKey& o : offered)
            for (const SshHostKey& t : trustedKeys)
                found = found || (o.host == host && t.host == host && o.fingerprint == t.fingerprint && !o.fingerprint.isEmpty());
        if (!found)
            return false;
    }
    return true;
}

QString SshHostKeys::changedKeyMessage(const QVector<SshHostKey>& offered, const QVector<SshHostKey>& trustedKeys)
{
    for (const SshHostKey& t : trustedKeys) {
        bool matches = false;
        const SshHostKey* sameType = nullptr;
        for (const SshHostKey& o : offered) {
            if (o.host != t.host)
                continue;
            matches = matches || o.fingerprint == t.fingerprint;
            if (o.type == t.type)
                sameType = &o;
        }
        if (!matches && sameType)
            return QStringLiteral("host key changed for %1: the trusted %2 key is %3, the host now offers %4; refused. "
                                  "If the host was really reinstalled, remove the old key (ssh-keygen -R '%1' -f FILE) "
                                  "and trust it again")
                .arg(t.host, t.type, t.fingerprint, sameType->fingerprint);
    }
    return {};
}

bool SshHostKeys::trust(const QString& workspaceRoot, const QVector<SshHostKey>& keys, QString* error)
{
    const QString path = SshConnection::knownHostsPath(workspaceRoot);
    QDir().mkpath(QFileInfo(path).path());
    ::chmod(QFile::encodeName(QFileInfo(path).path()).constData(), 0700);
    QFile existing(path);
    QByteArray content = existing.open(QIODevice::ReadOnly) ? existing.readAll() : QByteArray();
    existing.close();
    for (const SshHostKey& key : keys) {
        const QByteArray line = key.line.toUtf8();
        if (content.contains(line))
            continue;
        if (!content.isEmpty() && !content.endsWith('\n'))
            content += '\n';
        content += line + '\n';
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size() || !out.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
        return false;
    }
    ::chmod(QFile::encodeName(path).constData(), 0600);
    return true;
}
