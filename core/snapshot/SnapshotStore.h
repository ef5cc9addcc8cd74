// Content-addressed store of source-directory snapshots: every run records the exact code it ran with.
// Files are stored once per content (objects/ab/cdef…, named by their XXH3-128 hash) however many snapshots
// use them; a snapshot is a manifest (snapshots/<id>.manifest) listing paths, hashes, exec bits and symlinks.
// Every write goes to a temporary file that is renamed into place, so a killed process never leaves a corrupt
// object or manifest, and two processes may snapshot into the same store at once.
#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

#include <functional>
#include <optional>

struct SnapshotEntry
{
    QString path;          // relative, '/'-separated
    QByteArray hash;       // hex XXH3-128 of the contents; empty for symlinks
    qint64 size = 0;
    bool executable = false;
    QString symlinkTarget; // non-empty for symlinks
};

struct SnapshotSummary
{
    QString id;              // hex hash of the manifest
    qint64 fileCount = 0;    // files and symlinks
    qint64 totalBytes = 0;
    qint64 storedBytes = 0;  // bytes newly written to the object store
    qint64 hashedFiles = 0;  // files read because the stat cache could not vouch for them
};

class SnapshotStore
{
public:
    // rootDir is e.g. <workspace>/store; its folders are created on demand with mode 0700.
    explicit SnapshotStore(const QString& rootDir);

    // Snapshots sourceDir, honouring IgnoreRules. Symlinks are recorded, never followed. Unreadable paths make
    // the whole snapshot fail with one error listing them. progress(doneFiles, totalFiles) is called from this
    // thread; returning false cancels, and the error then says "canceled".
    std::optional<SnapshotSummary> create(const QString& sourceDir, QString* error,
                                          const std::function<bool(qint64, qint64)>& progress = {});

    std::optional<QVector<SnapshotEntry>> manifest(const QString& snapshotId, QString* error) const;

    struct MaterializeStats
    {
        qint64 clonedFiles = 0; // files that share the object's blocks copy-on-write (FICLONE)
        qint64 copiedFiles = 0; // files whose bytes were copied, and verified against their hash on the way
    };

    // Writes private copies of the snapshot's files (with exec bits) and symlinks into destDir, which must be
    // missing or empty; a script writing to them never reaches the store. Where the file system can, a file
    // is a reflink of its object (blocks shared copy-on-write, so it is instant and its size is checked);
    // otherwise the bytes are copied and verified against the object's hash on the way.
    bool materialize(const QString& snapshotId, const QString& destDir, QString* error,
                     MaterializeStats* stats = nullptr) const;

    // The content of one file of the snapshot (path relative, '/'-separated; a symlink is followed inside the
    // snapshot), checked against its hash. nullopt with a message naming the path when the snapshot has no
    // such file, it is larger than maxBytes, or its object cannot be read.
    std::optional<QByteArray> readFile(const QString& snapshotId, const QString& relativePath, qint64 maxBytes,
                                       QString* error) const;

    // Re-reads every object the snapshot uses and checks it against its hash (and the manifest's size).
    bool verify(const QString& snapshotId, QString* error) const;

    QString rootDir() const { return m_rootDir; }

private:
    QString m_rootDir;
};
