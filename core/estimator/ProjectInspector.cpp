#include "estimator/ProjectInspector.h"

#include "estimator/AzureCommandJobParser.h"
#include "estimator/EstimatorParser.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QQueue>

namespace {
bool mentionsMain(const QString& path)
{
    QFile file(path);
    if (file.size() > ProjectInspector::MaxScriptBytes || !file.open(QIODevice::ReadOnly))
        return false;
    return file.read(ProjectInspector::MaxScriptBytes).contains("__main__");
}
} // namespace

bool ProjectInspector::checkFolder(const QString& folder, QString* whyNot)
{
    if (folder.trimmed().isEmpty()) {
        *whyNot = QStringLiteral("no folder given");
        return false;
    }
    const QFileInfo info(folder);
    if (!info.exists()) {
        *whyNot = QStringLiteral("%1 does not exist").arg(folder);
        return false;
    }
    if (!info.isDir()) {
        *whyNot = QStringLiteral("%1 is a file, not a folder: open the project folder that holds it").arg(folder);
        return false;
    }
    // Listing a folder needs read permission, entering it needs execute permission.
    if (!info.isReadable() || !info.isExecutable()) {
        *whyNot = QStringLiteral("%1 cannot be read (permission denied)").arg(folder);
        return false;
    }
    return true;
}

bool ProjectInspector::isSkippedDirectory(const QString& name)
{
    static const QStringList skipped{QStringLiteral(".git"),        QStringLiteral(".hg"),
                                     QStringLiteral(".svn"),        QStringLiteral("__pycache__"),
                                     QStringLiteral("venv"),        QStringLiteral(".venv"),
                                     QStringLiteral("env"),         QStringLiteral(".env"),
                                     QStringLiteral("node_modules"), QStringLiteral(".mypy_cache"),
                                     QStringLiteral(".pytest_cache"), QStringLiteral(".tox"),
                                     QStringLiteral(".ipynb_checkpoints"), QStringLiteral("site-packages")};
    return skipped.contains(name);
}

QString ProjectInspector::guessEntryScript(const QString& folder)
{
    const QDir dir(folder);
    for (const QString& name : {QStringLiteral("train.py"), QStringLiteral("main.py")})
        if (QFileInfo(dir.filePath(name)).isFile())
            return name;
    QStringList withMain;
    const QStringList pythonFiles = dir.entryList({QStringLiteral("*.py")}, QDir::Files, QDir::Name);
    for (const QString& name : pythonFiles) {
        if (mentionsMain(dir.filePath(name)))
            withMain << name;
        if (withMain.size() > 1)
            return QString(); // ambiguous: better to let the user choose than to guess wrong
    }
    return withMain.value(0);
}

QString ProjectInspector::guessEnvironmentDefinition(const QString& folder)
{
    const QDir dir(folder);
    for (const QString& name : {QStringLiteral("requirements.txt"), QStringLiteral("environment.yml"),
                                QStringLiteral("environment.yaml")})
        if (QFileInfo(dir.filePath(name)).isFile())
            return name;
    return QString();
}

Estimator ProjectInspector::guessEstimator(const QString& folder)
{
    Estimator estimator;
    estimator.sourceDirectory = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    estimator.experiment = Estimator::defaultExperimentName(estimator.sourceDirectory);
    estimator.entryScript = guessEntryScript(estimator.sourceDirectory);
    estimator.environmentDefinition = guessEnvironmentDefinition(estimator.sourceDirectory);
    return estimator;
}

QStringList ProjectInspector::listScripts(const QString& folder, int limit, bool* truncated)
{
    *truncated = false;
    QStringList scripts;
    const QDir root(folder);
    // Breadth first, so the top-level scripts (the likely entry points) are found before any limit is hit.
    QQueue<QString> pending;
    pending.enqueue(root.absolutePath());
    int entries = 0;
    while (!pending.isEmpty()) {
        const QString current = pending.dequeue();
        QStringList subfolders;
        QDirIterator it(current, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
        while (it.hasNext()) {
            it.next();
            if (++entries > MaxEntries) {
                *truncated = true;
                scripts.sort();
                return scripts;
            }
            const QFileInfo info = it.fileInfo();
            if (info.isDir()) {
                // Symbolic links to folders are not followed: they may lead outside the project or loop.
                if (!info.isSymLink() && !isSkippedDirectory(info.fileName()))
                    subfolders << info.absoluteFilePath();
                continue;
            }
            const QString suffix = info.suffix();
            if (suffix != QLatin1String("py") && suffix != QLatin1String("sh"))
                continue;
            if (scripts.size() >= limit) {
                *truncated = true;
                scripts.sort();
                return scripts;
            }
            scripts << root.relativeFilePath(info.absoluteFilePath());
        }
        subfolders.sort();
        for (const QString& sub : subfolders)
            pending.enqueue(sub);
    }
    scripts.sort();
    return scripts;
}

QStringList ProjectInspector::jobFileNames() { return {QStringLiteral("job.yml"), QStringLiteral("job.yaml")}; }

ProjectInspection ProjectInspector::inspect(const QString& folder)
{
    ProjectInspection result;
    if (!checkFolder(folder, &result.whyNot))
        return result;
    result.usable = true;
    result.folder = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());

    const QString estimatorFile = QDir(result.folder).filePath(QStringLiteral("estimator.yml"));
    if (QFileInfo::exists(estimatorFile)) {
        result.hasEstimatorFile = true;
        result.estimatorFile = estimatorFile;
        const auto parsed = EstimatorParser::parseFile(estimatorFile, &result.estimatorErrors);
        if (parsed)
            result.estimator = *parsed;
    }
    bool fromJob = false;
    if (!result.hasEstimatorFile) {
        // An Azure ML v2 project carries its job.yml instead: it runs the same way (AzureCommandJobParser).
        for (const QString& name : jobFileNames()) {
            const QString jobFile = QDir(result.folder).filePath(name);
            if (!QFileInfo(jobFile).isFile() || !AzureCommandJobParser::isJobFile(jobFile))
                continue;
            result.jobFile = jobFile;
            if (const auto job = AzureCommandJobParser::parseFile(jobFile, &result.jobErrors)) {
                result.estimator = job->estimator;
                fromJob = true;
            }
            break;
        }
    }
    if (!fromJob && (!result.hasEstimatorFile || !result.estimatorErrors.isEmpty()))
        result.estimator = guessEstimator(result.folder);

    result.scripts = listScripts(result.folder, MaxScripts, &result.scriptsTruncated);
    // The guess or the file may name a script the bounded walk did not reach; the picker must still offer it.
    if (!result.estimator.entryScript.isEmpty() && !result.scripts.contains(result.estimator.entryScript))
        result.scripts.prepend(result.estimator.entryScript);
    result.git = GitState::capture(result.folder, &result.gitError);
    return result;
}
