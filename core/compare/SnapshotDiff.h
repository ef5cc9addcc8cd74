// What changed in the code between two runs: the files added, removed and modified between their snapshots
// (by content hash, from the manifests alone) and, for one chosen file, a unified text diff of its contents.
#pragma once

#include "workspace/Workspace.h"

#include <QString>
#include <QVector>

#include <optional>

struct SnapshotFileChange {
    enum class Kind { Added, Removed, Modified };
    QString path;
    Kind kind = Kind::Modified;
    qint64 sizeBefore = 0;
    qint64 sizeAfter = 0;

    static QString kindName(Kind kind); // "added", "removed", "modified"
};

struct SnapshotFileDiff {
    QString path;
    bool binary = false;   // either side holds a NUL byte in its first 8000 bytes, as git decides
    bool tooLarge = false; // a side is larger than SnapshotDiff::kMaxFileBytes
    bool approximate = false;
    QString text; // "--- a/path\n+++ b/path\n@@ …" for text files, empty otherwise
    int added = 0;
    int removed = 0;
};

class SnapshotDiff
{
public:
    static constexpr qint64 kMaxFileBytes = 8 * 1024 * 1024;

    // The snapshots of two runs of the workspace; nullopt with *error naming the run or snapshot that is
    // unknown, has none, or cannot be read.
    static std::optional<SnapshotDiff> between(const Workspace& workspace, const QString& beforeRunId,
                                               const QString& afterRunId, QString* error);
    // Two snapshots of the store at storeDir.
    static std::optional<SnapshotDiff> betweenSnapshots(const QString& storeDir,
                                                        const QString& beforeSnapshotId,
                                                        const QString& afterSnapshotId, QString* error);

    // Sorted by path.
    const QVector<SnapshotFileChange>& changes() const { return m_changes; }
    // The diff of one changed file (a path of changes()); nullopt with *error when it is not one or its
    // contents cannot be read.
    std::optional<SnapshotFileDiff> fileDiff(const QString& path, QString* error) const;

private:
    QString m_storeDir;
    QString m_before;
    QString m_after;
    QVector<SnapshotFileChange> m_changes;
};
