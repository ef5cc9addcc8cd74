// Gives every run a private, writable working copy of its snapshot without making the run wait for a full
// copy whenever that can be avoided.
//
// A script may write, truncate or delete any of its working files, so a working copy never shares an inode
// with the store or with another run (no hard links). Where the file system has reflinks (btrfs, XFS,
// bcachefs) SnapshotStore::materialize clones each file, which is instant. Elsewhere (ext4, tmpfs) the
// bytes have to be copied, so the copy is made ahead of time: after a checkout, a background thread
// materialises a spare copy of the same snapshot into the store (hash-verified, like every copy), and the
// next checkout of that snapshot takes it with a single rename. A resubmit of an unchanged tree then starts
// at once however large the tree is. The thread leaves the script's start alone (it begins 10 s later, or as
// soon as the process is ending) and runs at the lowest CPU and I/O priority.
//
// Layout under <store>/checkouts/: <snapshot>/ready-<boot id>-<random>/ (a complete spare; only spares of the
// current boot are taken, since a crash may have left an earlier one unflushed), <snapshot>/.building-…/
// (being written, guarded by an flock on <snapshot>.lock), .trash-… (a spare being removed; it is renamed
// out of reach first, so nobody can take a half-deleted copy). Spares are kept for the few snapshots used
// most recently, only for snapshots up to kMaxSpareBytes, and only while the disk keeps room to spare.
#pragma once

#include "snapshot/SnapshotStore.h"

#include <QString>

#include <optional>

class WorkingCopies
{
public:
    enum class Source {
        Spare,  // a spare made ahead of time was renamed into place
        Cloned, // reflinks of the store's objects
        Copied, // copied (and verified) just now
    };

    static constexpr qint64 kMaxSpareBytes = 8LL * 1024 * 1024 * 1024;
    static constexpr int kSnapshotsWithSpares = 4;

    explicit WorkingCopies(const SnapshotStore& store);

    // Puts a private copy of the snapshot at destDir (which must be missing or empty, and is created with its
    // parents), then, unless the file system clones, has a spare for the next checkout made in the
    // background. The background work is finished before the process exits (see waitForBackgroundWork).
    std::optional<Source> checkOut(const QString& snapshotId, const QString& destDir, QString* error) const;

    // Makes the spare of snapshotId in this thread, unless one of this boot is ready or another thread or
    // process is making it. False with an error only when making it failed.
    bool prepareSpare(const QString& snapshotId, QString* error) const;
    bool hasSpare(const QString& snapshotId) const;

    // Starts the spares this process has scheduled at once and blocks until they are done (or timeoutMs
    // passed). Called automatically when the QCoreApplication ends, and at exit.
    static bool waitForBackgroundWork(int timeoutMs = 10 * 60 * 1000);

private:
    bool takeSpare(const QString& snapshotId, const QString& destDir, QString* error, bool* taken) const;
    void prepareSpareInBackground(const QString& snapshotId) const;
    void pruneSpares(const QString& keepSnapshotId) const;
    bool spareFits(const QString& snapshotId) const;
    QString snapshotDir(const QString& snapshotId) const;

    SnapshotStore m_store;
    QString m_checkoutsDir;
};
