#include "files/PathContainment.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <cerrno>
#include <climits>
#include <sys/stat.h>
#include <unistd.h>

namespace PathContainment {

namespace {

bool isBelow(const QString& path, const QString& root)
{
    return path == root || path.startsWith(root == QLatin1String("/") ? root : root + QLatin1Char('/'));
}

QString readLink(const QString& path)
{
    char buffer[PATH_MAX];
    const ssize_t length = ::readlink(QFile::encodeName(path).constData(), buffer, sizeof buffer - 1);
    return length < 0 ? QString() : QFile::decodeName(QByteArray(buffer, int(length)));
}

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

} // namespace

bool isInside(const QString& path, const QString& root)
{
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return !canonicalRoot.isEmpty() && !canonical.isEmpty() && isBelow(canonical, canonicalRoot);
}

QString resolve(const QString& root, const QString& relative, QString* error)
{
    if (relative.isEmpty()) {
        setError(error, QStringLiteral("an empty path names nothing"));
        return {};
    }
    if (relative.startsWith(QLatin1Char('/'))) {
        setError(error, QStringLiteral("\"%1\": expected a relative path, not an absolute one").arg(relative));
        return {};
    }
    if (relative.contains(QChar(0))) {
        setError(error, QStringLiteral("\"%1\": a path cannot contain a NUL character").arg(relative));
        return {};
    }
    const QStringList parts = relative.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QStringList kept;
    for (const QString& part : parts) {
        if (part == QLatin1String("..")) {
            setError(error, QStringLiteral("\"%1\": '..' is not allowed in a path").arg(relative));
            return {};
        }
        if (part != QLatin1String("."))
            kept << part;
    }
    const QString lexical = QDir::cleanPath(root + QLatin1Char('/') + kept.join(QLatin1Char('/')));
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    if (canonicalRoot.isEmpty())
        return lexical; // the root does not exist yet, so nothing below it does: nothing to follow

    // Walk the real path as the kernel would, one component at a time, so a link anywhere (the first
    // folder included) is seen and followed before the next component is looked up.
    QString current = canonicalRoot;
    QString walked;
    for (const QString& part : kept) {
        walked += (walked.isEmpty() ? QString() : QStringLiteral("/")) + part;
        const QString next = current + QLatin1Char('/') + part;
        struct stat st {};
        if (::lstat(QFile::encodeName(next).constData(), &st) != 0)
            return lexical; // missing from here on (or unreadable, so nothing can be opened through it)
        if (!S_ISLNK(st.st_mode)) {
            current = next;
            continue;
        }
        const QString target = readLink(next);
        QString resolved = QFileInfo(next).canonicalFilePath();
        if (resolved.isEmpty()) {
            // A dangling link: judge where it points as written.
            resolved = QDir::cleanPath(QDir::isAbsolutePath(target) ? target : current + QLatin1Char('/') + target);
        }
        if (!isBelow(resolved, canonicalRoot)) {
            setError(error, QStringLiteral("\"%1\" leads outside %2: %3 is a link to %4")
                                .arg(relative, root, walked, target));
            return {};
        }
        current = resolved;
    }
    return lexical;
}

} // namespace PathContainment
