#include "compare/SnapshotDiff.h"

#include "compare/LineDiff.h"
#include "run/RunStore.h"
#include "snapshot/SnapshotStore.h"

#include <QHash>

#include <algorithm>

namespace {

// git's rule: a NUL byte among the first 8000 bytes makes a file binary.
bool looksBinary(const QByteArray& data)
{
    return data.left(8000).contains('\0');
}

// What a path holds, for telling whether it changed: the content hash, or a link's target.
QString identity(const SnapshotEntry& entry)
{
    return entry.symlinkTarget.isEmpty() ? QString::fromLatin1(entry.hash)
                                         : QStringLiteral("->") + entry.symlinkTarget;
}

} // namespace

QString SnapshotFileChange::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Added:
        return QStringLiteral("added");
    case Kind::Removed:
        return QStringLiteral("removed");
    case Kind::Modified:
        break;
    }
    return QStringLiteral("modified");
}

std::optional<SnapshotDiff> SnapshotDiff::between(const Workspace& workspace, const QString& beforeRunId,
                                                  const QString& afterRunId, QString* error)
{
    RunStore store(workspace);
    QString snapshots[2];
    const QString ids[2] = {beforeRunId, afterRunId};
    for (int i = 0; i < 2; ++i) {
        QString findError;
        const auto run = store.find(ids[i], &findError);
        if (!run) {
            *error = findError.isEmpty() ? QStringLiteral("unknown run %1").arg(ids[i]) : findError;
            return std::nullopt;
        }
        if (run->snapshotId.isEmpty()) {
            *error = QStringLiteral("run %1 has no code snapshot").arg(ids[i]);
            return std::nullopt;
        }
        snapshots[i] = run->snapshotId;
    }
    return betweenSnapshots(workspace.storeDir(), snapshots[0], snapshots[1], error);
}

std::optional<SnapshotDiff> SnapshotDiff::betweenSnapshots(const QString& storeDir,
                                                           const QString& beforeSnapshotId,
                                                           const QString& afterSnapshotId, QString* error)
{
    const SnapshotStore store(storeDir);
    const auto before = store.manifest(beforeSnapshotId, error);
    if (!before)
        return std::nullopt;
    const auto after = afterSnapshotId == beforeSnapshotId ? before : store.manifest(afterSnapshotId, error);
    if (!after)
        return std::nullopt;
    SnapshotDiff diff;
    diff.m_storeDir = storeDir;
    diff.m_before = beforeSnapshotId;
    diff.m_after = afterSnapshotId;
    QHash<QString, const SnapshotEntry*> afterByPath;
    afterByPath.reserve(after->size());
    for (const SnapshotEntry& entry : *after)
        afterByPath.insert(entry.path, &entry);
    for (const SnapshotEntry& entry : *before) {
        const SnapshotEntry* other = afterByPath.take(entry.path);
        if (!other)
            diff.m_changes.append({entry.path, SnapshotFileChange::Kind::Removed, entry.size, 0});
        else if (identity(entry) != identity(*other))
            diff.m_changes.append({entry.path, SnapshotFileChange::Kind::Modified, entry.size, other->size});
    }
    for (const SnapshotEntry* entry : std::as_const(afterByPath))
        diff.m_changes.append({entry->path, SnapshotFileChange::Kind::Added, 0, entry->size});
    std::sort(diff.m_changes.begin(), diff.m_changes.end(),
              [](const SnapshotFileChange& a, const SnapshotFileChange& b) { return a.path < b.path; });
    return diff;
}

std::optional<SnapshotFileDiff> SnapshotDiff::fileDiff(const QString& path, QString* error) const
{
    const auto change = std::find_if(m_changes.cbegin(), m_changes.cend(),
                                     [&path](const SnapshotFileChange& c) { return c.path == path; });
    if (change == m_changes.cend()) {
        *error = QStringLiteral("%1 did not change between the two snapshots").arg(path);
        return std::nullopt;
    }
    SnapshotFileDiff diff;
    diff.path = path;
    if (change->sizeBefore > kMaxFileBytes || change->sizeAfter > kMaxFileBytes) {
        diff.tooLarge = true;
        return diff;
    }
    const SnapshotStore store(m_storeDir);
    QByteArray contents[2];
    const bool present[2] = {change->kind != SnapshotFileChange::Kind::Added,
                             change->kind != SnapshotFileChange::Kind::Removed};
    const QString snapshots[2] = {m_before, m_after};
    for (int i = 0; i < 2; ++i) {
        if (!present[i])
            continue;
        const auto data = store.readFile(snapshots[i], path, kMaxFileBytes, error);
        if (!data)
            return std::nullopt;
        contents[i] = *data;
    }
    if (looksBinary(contents[0]) || looksBinary(contents[1])) {
        diff.binary = true;
        return diff;
    }
    const LineDiff::Result lines = LineDiff::unified(contents[0], contents[1]);
    diff.added = lines.added;
    diff.removed = lines.removed;
    diff.approximate = lines.approximate;
    diff.text = (present[0] ? QStringLiteral("--- a/%1\n").arg(path) : QStringLiteral("--- /dev/null\n")) +
                (present[1] ? QStringLiteral("+++ b/%1\n").arg(path) : QStringLiteral("+++ /dev/null\n")) +
                lines.text;
    return diff;
}
