#include "run/RunFiles.h"

#include "files/FileTree.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

RunFiles::RunFiles(const Workspace& workspace, const QString& runId) : m_runDir(workspace.runDir(runId)) {}

QStringList RunFiles::roots() { return {QStringLiteral("outputs"), QStringLiteral("logs"), QStringLiteral("system")}; }

QString RunFiles::absolutePath(const QString& relative) const
{
    if (!FileTree::isSafeRelativePath(relative))
        return {};
    const QString cleaned = QDir::cleanPath(relative);
    const QString root = cleaned.section(QLatin1Char('/'), 0, 0);
    if (root == QLatin1String("outputs") || root == QLatin1String("logs"))
        return m_runDir + QStringLiteral("/work/") + cleaned;
    if (root == QLatin1String("system"))
        return m_runDir + QLatin1Char('/') + cleaned;
    return {};
}

QVector<RunFileEntry> RunFiles::list() const
{
    QVector<RunFileEntry> entries;
    for (const QString& root : roots()) {
        const QString base = absolutePath(root);
        const QDir baseDir(base);
        QDirIterator it(base, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        QVector<RunFileEntry> found;
        while (it.hasNext()) {
            it.next();
            const QFileInfo fi = it.fileInfo();
            RunFileEntry e;
            e.path = root + QLatin1Char('/') + baseDir.relativeFilePath(fi.filePath());
            e.isDir = fi.isDir() && !fi.isSymLink();
            e.size = e.isDir ? 0 : fi.size();
            e.modifiedMs = fi.lastModified().toMSecsSinceEpoch();
            found << e;
        }
        std::sort(found.begin(), found.end(), [](const RunFileEntry& a, const RunFileEntry& b) { return a.path < b.path; });
        entries += found;
    }
    return entries;
}

bool RunFiles::download(const QString& relative, const QString& destination, QString* error,
                        const std::function<bool(qint64, qint64)>& progress) const
{
    const QString source = absolutePath(relative);
    if (source.isEmpty()) {
        *error = QStringLiteral("\"%1\": expected a path under outputs/, logs/ or system/ without '..'").arg(relative);
        return false;
    }
    if (!QFileInfo::exists(source)) {
        *error = QStringLiteral("the run has no file or folder %1").arg(relative);
        return false;
    }
    const QString root = absolutePath(QDir::cleanPath(relative).section(QLatin1Char('/'), 0, 0));
    if (!FileTree::isInside(source, root)) {
        *error = QStringLiteral("%1 leads outside the run's files").arg(relative);
        return false;
    }
    QString target = destination;
    if (QFileInfo(destination).isDir())
        target = destination + QLatin1Char('/') + QFileInfo(source).fileName();
    return FileTree::copy(source, target, false, error, progress);
}
