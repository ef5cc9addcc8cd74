#include "files/FileTree.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace FileTree {

namespace {

QString systemError() { return QString::fromLocal8Bit(strerror(errno)); }

bool copyFile(const QString& source, const QString& destination, QString* error, qint64& done, qint64 total,
              const std::function<bool(qint64, qint64)>& progress)
{
    const int in = ::open(QFile::encodeName(source).constData(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        *error = QStringLiteral("cannot read %1: %2").arg(source, systemError());
        return false;
    }
    struct stat st {};
    ::fstat(in, &st);
    const QString partial = destination + QStringLiteral(".part");
    const int out = ::open(QFile::encodeName(partial).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                           st.st_mode & 0777);
    if (out < 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(destination, systemError());
        ::close(in);
        return false;
    }
    bool ok = true;
    bool kernelCopy = true;
    for (;;) {
        ssize_t n = -1;
        if (kernelCopy) {
            // copy_file_range lets the kernel move the bytes (or share extents) without passing through us.
            n = ::copy_file_range(in, nullptr, out, nullptr, 8 << 20, 0);
            if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP))
                kernelCopy = false; // e.g. across file systems: copy through a buffer from here on
        }
        if (!kernelCopy) {
            static thread_local char buffer[1 << 20];
            n = ::read(in, buffer, sizeof buffer);
            for (ssize_t written = 0; n > 0 && written < n;) {
                const ssize_t w = ::write(out, buffer + written, size_t(n - written));
                if (w < 0 && errno == EINTR)
                    continue;
                if (w <= 0) {
                    n = -1;
                    break;
                }
                written += w;
            }
        }
        if (n == 0)
            break;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *error = QStringLiteral("cannot copy %1 to %2: %3").arg(source, destination, systemError());
            ok = false;
            break;
        }
        done += n;
        if (progress && !progress(done, total)) {
            *error = QStringLiteral("canceled");
            ok = false;
            break;
        }
    }
    ::close(in);
    if (::close(out) != 0 && ok) {
        *error = QStringLiteral("cannot write %1: %2").arg(destination, systemError());
        ok = false;
    }
    if (ok && ::rename(QFile::encodeName(partial).constData(), QFile::encodeName(destination).constData()) != 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(destination, systemError());
        ok = false;
    }
    if (!ok)
        ::unlink(QFile::encodeName(partial).constData());
    return ok;
}

} // namespace

Size measure(const QString& path)
{
    Size size;
    const QFileInfo info(path);
    if (info.isFile() && !info.isSymLink()) {
        size.bytes = info.size();
        size.files = 1;
        return size;
    }
    QDirIterator it(path, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo fi = it.fileInfo();
        if (fi.isSymLink())
            continue;
        size.bytes += fi.size();
        ++size.files;
    }
    return size;
}

void restrictToOwner(const QString& path)
{
    const auto restrict = [](const QString& p) {
        struct stat st {};
        const QByteArray name = QFile::encodeName(p);
        if (::lstat(name.constData(), &st) == 0 && !S_ISLNK(st.st_mode))
            ::chmod(name.constData(), st.st_mode & 0700);
    };
    restrict(path);
    QDirIterator it(path, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        restrict(it.next());
}

bool copy(const QString& source, const QString& destination, bool overwrite, QString* error,
          const std::function<bool(qint64, qint64)>& progress)
{
    const QFileInfo sourceInfo(source);
    if (!sourceInfo.exists() && !sourceInfo.isSymLink()) {
        *error = QStringLiteral("%1 does not exist").arg(source);
        return false;
    }
    if (QFileInfo::exists(destination) && !overwrite) {
        *error = QStringLiteral("%1 already exists").arg(destination);
        return false;
    }
    const qint64 total = measure(source).bytes;
    qint64 done = 0;
    if (!sourceInfo.isDir()) {
        QDir().mkpath(QFileInfo(destination).absolutePath());
        return copyFile(source, destination, error, done, total, progress);
    }
    if (!QDir().mkpath(destination)) {
        *error = QStringLiteral("cannot create folder %1").arg(destination);
        return false;
    }
    const QDir sourceDir(source);
    QDirIterator it(source, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo fi = it.fileInfo();
        const QString target = destination + QLatin1Char('/') + sourceDir.relativeFilePath(path);
        if (fi.isSymLink()) {
            // Recreate the link as written (relative stays relative); QFileInfo::symLinkTarget() would
            // make it absolute, pointing back into the source tree.
            char linkText[4096];
            const ssize_t length = ::readlink(QFile::encodeName(path).constData(), linkText, sizeof linkText - 1);
            QFile::remove(target);
            if (length < 0 || (linkText[length] = 0, ::symlink(linkText, QFile::encodeName(target).constData()) != 0)) {
                *error = QStringLiteral("cannot create link %1").arg(target);
                return false;
            }
        } else if (fi.isDir()) {
            if (!QDir().mkpath(target)) {
                *error = QStringLiteral("cannot create folder %1").arg(target);
                return false;
            }
        } else if (fi.isFile()) {
            if (QFileInfo::exists(target) && !overwrite) {
                *error = QStringLiteral("%1 already exists").arg(target);
                return false;
            }
            if (!copyFile(path, target, error, done, total, progress))
                return false;
        }
    }
    return true;
}

bool isInside(const QString& path, const QString& root)
{
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    QString canonical = QFileInfo(path).canonicalFilePath();
    if (canonicalRoot.isEmpty() || canonical.isEmpty())
        return false;
    return canonical == canonicalRoot || canonical.startsWith(canonicalRoot + QLatin1Char('/'));
}

bool isSafeRelativePath(const QString& relative)
{
    if (relative.isEmpty() || relative.startsWith(QLatin1Char('/')) || relative.contains(QChar(0)))
        return false;
    const QStringList parts = relative.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString& part : parts)
        if (part == QLatin1String(".."))
            return false;
    return !parts.isEmpty();
}

} // namespace FileTree
