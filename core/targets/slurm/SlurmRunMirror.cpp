#include "targets/slurm/SlurmRunMirror.h"

#include "files/FileTree.h"
#include "snapshot/SnapshotStore.h"
#include "snapshot/WorkingCopies.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <cstdio>

namespace {
// At most this much of one file per sync, so one busy log cannot hold up the others (and memory stays
// bounded).
constexpr qint64 kChunkBytes = 4 * 1024 * 1024;

void makePrivate(const QString& folder)
{
    QDir().mkpath(folder);
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

QString below(const QString& path, const QString& root, const QString& replacement)
{
    if (path == root || path.startsWith(root + QLatin1Char('/')))
        return replacement + path.mid(root.size());
    return QString();
}
} // namespace

QString SlurmRunMirror::clusterRunDir(const RunContext& ctx) const
{
    return m_workdir + QStringLiteral("/runs/") + ctx.runId;
}

QString SlurmRunMirror::pathOnCluster(const RunContext& ctx, const QString& localPath) const
{
    const QString inRun = below(localPath, ctx.runDir, clusterRunDir(ctx));
    if (!inRun.isEmpty())
        return inRun;
    const QString inRuntime =
        m_runtimeDir.isEmpty() ? QString() : below(localPath, ctx.runtimeDir, m_runtimeDir);
    return inRuntime.isEmpty() ? localPath : inRuntime;
}

bool SlurmRunMirror::prepare(RunContext& ctx, QString* error)
{
    const QString run = clusterRunDir(ctx);
    // A restarted preparation starts from a clean folder, never from a half-written one.
    if (QFileInfo::exists(run))
        QDir(run).removeRecursively();
    makePrivate(m_workdir);
    makePrivate(m_workdir + QStringLiteral("/runs"));
    if (!QDir().mkpath(run + QStringLiteral("/system"))) {
        *error = QStringLiteral("cannot create %1 (workdir)").arg(run);
        return false;
    }
    SnapshotStore store(ctx.storeDir);
    // The runtime files (job wrapper, helper, environment tool) once per content, shared by the runs.
    const auto runtime = store.create(ctx.runtimeDir, error);
    if (!runtime)
        return false;
    m_runtimeDir = m_workdir + QStringLiteral("/runtime/") + runtime->id;
    if (!QFileInfo::exists(m_runtimeDir)) {
        const QString building =
            m_runtimeDir + QStringLiteral(".building-%1").arg(QCoreApplication::applicationPid());
        QDir(building).removeRecursively();
        if (!WorkingCopies(store).checkOut(runtime->id, building, error))
            return false;
        // Another runner may have put it in place meanwhile: its copy is as good.
        if (!QDir().rename(building, m_runtimeDir))
            QDir(building).removeRecursively();
    }
    ctx.workDir = run + QStringLiteral("/work");
    if (!WorkingCopies(store).checkOut(ctx.snapshotId, ctx.workDir, error))
        return false;
    for (const QString& folder : {QStringLiteral("/outputs"), QStringLiteral("/logs")}) {
        makePrivate(ctx.workDir + folder);
        makePrivate(ctx.localWorkDir() + folder);
    }
    makePrivate(ctx.systemDir());
    for (const DatasetMount& dataset : ctx.datasets) {
        if (!dataset.download) {
            ctx.datasetPaths.insert(dataset.name, dataset.sourcePath);
            continue;
        }
        const QString copy = run + QStringLiteral("/datasets/") + dataset.name + QLatin1Char('/') +
                             QFileInfo(dataset.sourcePath).fileName();
        if (!FileTree::copy(dataset.sourcePath, copy, true, error))
            return false;
        ctx.datasetPaths.insert(dataset.name, copy);
    }
    return true;
}

void SlurmRunMirror::attach(RunContext& ctx, const QString& clusterRuntimeDir)
{
    m_runtimeDir = clusterRuntimeDir;
    ctx.workDir = clusterRunDir(ctx) + QStringLiteral("/work");
}

QStringList SlurmRunMirror::liveFiles(const QString& runDir)
{
    QStringList files{QStringLiteral("system/stdout.log"), QStringLiteral("system/stderr.log"),
                      QStringLiteral("system/output-order.txt"), QStringLiteral("system/helper-metrics.jsonl"),
                      QStringLiteral("system/launcher.log")};
    static const QRegularExpression slurmOutput(QStringLiteral("^slurm-\\d+\\.out$"));
    const QDir system(runDir + QStringLiteral("/system"));
    for (const QString& name : system.entryList(QDir::Files | QDir::NoSymLinks, QDir::Name))
        if (slurmOutput.match(name).hasMatch())
            files << QStringLiteral("system/") + name;
    for (const QString& name :
         QDir(runDir + QStringLiteral("/system/nodes"))
             .entryList({QStringLiteral("*.jsonl")}, QDir::Files | QDir::NoSymLinks, QDir::Name))
        files << QStringLiteral("system/nodes/") + name;
    // Rank logs and records; the rank wrapper's temporary files (dot names, renamed into place) are left out.
    for (const QString& folder : {QStringLiteral("system/ranks"), QStringLiteral("work/logs")}) {
        QDirIterator it(runDir + QLatin1Char('/') + folder, QDir::Files | QDir::NoSymLinks,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            if (!it.fileName().startsWith(QLatin1Char('.')))
                files << QDir(runDir).relativeFilePath(it.filePath());
        }
    }
    return files;
}

bool SlurmRunMirror::copyAppended(const QString& clusterRun, const QString& localRun, const QString& relative,
                                  bool* more, QString* error)
{
    const QString source = clusterRun + QLatin1Char('/') + relative;
    const QString target = localRun + QLatin1Char('/') + relative;
    const QFileInfo from(source);
    if (!from.exists())
        return true;
    const QFileInfo to(target);
    qint64 offset = to.exists() ? to.size() : 0;
    // A record rewritten whole (a rank's exit.json) is smaller or the same size: it is copied again.
    const bool record = relative.endsWith(QLatin1String(".json"));
    if (record && (!to.exists() || to.lastModified() < from.lastModified() || to.size() != from.size())) {
        QDir().mkpath(to.path());
        const QString part = target + QStringLiteral(".part");
        QFile::remove(part);
        if (!QFile::copy(source, part) ||
            ::rename(QFile::encodeName(part).constData(), QFile::encodeName(target).constData()) != 0) {
            QFile::remove(part);
            *error = QStringLiteral("cannot write %1").arg(target);
            return false;
        }
        return true;
    }
    if (record || from.size() <= offset)
        return true;
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly) || !in.seek(offset))
        return true; // the next round tries again
    const QByteArray data = in.read(qMin(from.size() - offset, kChunkBytes));
    QDir().mkpath(to.path());
    QFile out(target);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Append) || out.write(data) != data.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(target, out.errorString());
        return false;
    }
    *more = *more || offset + data.size() < from.size();
    return true;
}

bool SlurmRunMirror::sync(const RunContext& ctx, QString* error)
{
    const QString run = clusterRunDir(ctx);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_files.isEmpty() || now - m_listedAtMs >= 500) {
        m_files = liveFiles(run);
        m_listedAtMs = now;
    }
    bool more = false;
    for (const QString& relative : std::as_const(m_files))
        if (!copyAppended(run, ctx.runDir, relative, &more, error))
            return false;
    return true;
}

bool SlurmRunMirror::finish(const RunContext& ctx, QString* error)
{
    const QString run = clusterRunDir(ctx);
    m_files = liveFiles(run);
    m_listedAtMs = QDateTime::currentMSecsSinceEpoch();
    for (bool more = true; more;) {
        more = false;
        for (const QString& relative : std::as_const(m_files))
            if (!copyAppended(run, ctx.runDir, relative, &more, error))
                return false;
    }
    for (const QString& folder : {QStringLiteral("/outputs"), QStringLiteral("/logs")}) {
        const QString source = run + QStringLiteral("/work") + folder;
        if (QFileInfo::exists(source) && !FileTree::copy(source, ctx.localWorkDir() + folder, true, error)) {
            *error = QStringLiteral("outputs left in %1: %2").arg(source, *error);
            return false;
        }
    }
    // Only ./outputs and ./logs are artifacts; the copy of the snapshot there goes (the snapshot is kept).
    const QDir work(run + QStringLiteral("/work"));
    for (const QFileInfo& entry :
         work.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)) {
        if (entry.fileName() == QLatin1String("outputs") || entry.fileName() == QLatin1String("logs"))
            continue;
        if (entry.isDir() && !entry.isSymLink())
            QDir(entry.absoluteFilePath()).removeRecursively();
        else
            QFile::remove(entry.absoluteFilePath());
    }
    QDir(run + QStringLiteral("/datasets")).removeRecursively();
    return true;
}
