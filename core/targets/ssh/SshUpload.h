// Sends a snapshot to an SSH target's content-addressed store and builds a folder from it there, all in one
// remote session. The remote store (<workdir>/store/objects) is asked which of the snapshot's objects it
// lacks; the manifest follows, then only those objects, in one stream. The remote links what it has into
// the folder and writes each arriving object straight at its place there (as rsync writes a file); the store
// gets hard links to those afterwards, by a detached low-priority child. A resubmit of
// an unchanged tree sends the hash list and the manifest, nothing else, and takes the spare folder the remote
// made after the snapshot's last run (hard links, kept for the few snapshots used last) instead of linking
// the tree again. Objects are read-only with a fixed mtime on the remote, so one changed through a hard link
// is noticed as missing and sent again; replacing one makes every spare made before it stale.
#pragma once

#include <QString>

#include <functional>

class SshConnection;
class SnapshotStore;

struct SshUploadStats
{
    qint64 files = 0;       // entries of the manifest
    qint64 objects = 0;     // distinct objects it uses
    qint64 sentObjects = 0; // of those, sent because the remote lacked them
    qint64 sentBytes = 0;
    bool reused = false;    // the folder already existed on the remote (a shared one: runtime, dataset)
    bool fromSpare = false; // a run folder the remote had made ready after the last run of the snapshot
};

class SshUpload
{
public:
    using Progress = std::function<void(qint64 sentBytes, qint64 totalBytes)>;

    SshUpload(SshConnection& connection, const SnapshotStore& store);

    // Makes remoteDest a copy of the snapshot, in one remote session. With shared, an existing remoteDest is
    // taken as complete (it is only ever renamed into place once complete); otherwise remoteDest must not
    // exist. clearFirst: a remote folder removed before (what an earlier attempt of the same run left).
    bool materialise(const QString& snapshotId, const QString& remoteDest, bool shared, QString* error,
                     const Progress& progress = {}, SshUploadStats* stats = nullptr, const QString& clearFirst = {});

private:
    SshConnection& m_connection;
    const SnapshotStore& m_store;
};
