#include "run/RunFiles.h"

#include "files/FileTree.h"
#include "files/PathContainment.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

RunFiles::RunFiles(const Workspace& workspace, const QString& runId) : m_runDir(workspace.runDir(runId)) {}

QStringList RunFiles::roots() { return {QStringLiteral("outputs"), QStringLiteral("logs"), QStringLiteral("system")}; }

QString RunFiles::absolutePath(const QString& relative) const { return resolve(relative, nullptr); }

QString RunFiles::resolve(const QString& relative, QString* error) const
{
    const QString expected = QStringLiteral("\"%1\": expected a path under outputs/, logs/ or system/ without '..'").arg(relative);
    if (!FileTree::isSafeRelativePath(relative)) {
        if (error)
            *error = expected;
        return {};
    }
    const QString cleaned = QDir::cleanPath(relative);
    const QString root = cleaned.section(QLatin1Char('/'), 0, 0);
    QString insideRun;
    if (root == QLatin1String("outputs") || root == QLatin1String("logs"))
        insideRun = QStringLiteral("work/") + cleaned;
    else if (root == QLatin1String("system"))
        insideRun = cleaned;
    if (insideRun.isEmpty()) {
        if (error)
            *error = expected;
        return {};
    }
    // The boundary is the run's folder: the script owns work/ and may have replaced outputs/ itself by a link.
    QString why;
    const QString path = PathContainment::resolve(m_runDir, insideRun, &why);
    if (path.isEmpty() && error)
        *error = QStringLiteral("%1 leads outside the run's files (%2)").arg(relative, why);
    return path;
}

QVector<RunFileEntry> RunFiles::list() const
{
    QVector<RunFileEntry> entries;
    for (const QString& root : roots()) {
        const QString base = absolutePath(root);
        if (base.isEmpty())
            continue; // the folder itself is a link out of the run
        const QDir baseDir(base);
        QDirIterator it(base, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        QVector<RunFileEntry> found;
        while (it.hasNext()) {
            it.next();
            const QFileInfo fi = it.fileInfo();
            RunFileEntry e;
            e.path = root + QLatin1Char('/') + baseDir.relativeFilePath(fi.filePath());
            if (fi.isSymLink() && absolutePath(e.path).isEmpty())
                continue; // not even its size is shown: that would tell something about the target
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
    const QString source = resolve(relative, error);
    if (source.isEmpty())
        return false;
    if (!QFileInfo::exists(source)) {
        *error = QStringLiteral("the run has no file or folder %1").arg(relative);
        return false;
    }
    QString target = destination;
    if (QFileInfo(destination).isDir())
        target = destination + QLatin1Char('/') + QFileInfo(source).fileName();
    // A folder is copied with its links recreated as links, never followed, so none of them is read.
    return FileTree::copy(source, target, false, error, progress);
}
