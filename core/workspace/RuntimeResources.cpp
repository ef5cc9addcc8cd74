#include "workspace/RuntimeResources.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <sys/stat.h>

namespace RuntimeResources {

namespace {

QStringList filesUnder(const QString& resourceFolder)
{
    QStringList files;
    QDirIterator it(resourceFolder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

bool copy(const QString& resourceFolder, const QString& destination, QString* error)
{
    const QString prefix =
        resourceFolder.endsWith(QLatin1Char('/')) ? resourceFolder : resourceFolder + QLatin1Char('/');
    for (const QString& resourcePath : filesUnder(resourceFolder)) {
        const QString relative = resourcePath.mid(prefix.size());
        const QString target = destination + QLatin1Char('/') + relative;
        QFile source(resourcePath);
        if (!source.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = source.readAll();
        QFile existing(target);
        if (existing.open(QIODevice::ReadOnly) && existing.readAll() == content) {
            ::chmod(QFile::encodeName(target).constData(), 0600); // installed by a version that left it 0644
            continue;
        }
        const QString folder = QFileInfo(target).absolutePath();
        QDir().mkpath(folder);
        ::chmod(QFile::encodeName(folder).constData(), 0700);
        QSaveFile out(target);
        if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size() || !out.commit()) {
            *error = QStringLiteral("cannot write %1: %2").arg(target, out.errorString());
            return false;
        }
        ::chmod(QFile::encodeName(target).constData(), 0600);
    }
    return true;
}

QByteArray contentHash(const QStringList& resourceFolders)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& folder : resourceFolders) {
        for (const QString& path : filesUnder(folder)) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray content = file.readAll();
            const QByteArray header = path.toUtf8() + '\0' + QByteArray::number(content.size()) + '\0';
            hash.addData(header);
            hash.addData(content);
        }
    }
    return hash.result().toHex();
}

} // namespace RuntimeResources
