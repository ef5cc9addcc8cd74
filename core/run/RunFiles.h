// The files a run exposes: outputs/ and logs/ of its working directory, and system/ (stdout, stderr, the
// uncommitted git diff, the runner's own log). Paths are given relative to the run, '/'-separated.
#pragma once

#include "workspace/Workspace.h"

#include <QVector>

struct RunFileEntry
{
    QString path; // outputs/model.pkl
    qint64 size = 0;
    qint64 modifiedMs = 0;
    bool isDir = false;
};

class RunFiles
{
public:
    RunFiles(const Workspace& workspace, const QString& runId);

    // Links that lead outside the run are left out (and never descended into).
    QVector<RunFileEntry> list() const;
    // The absolute path of a run-relative path, or empty when it names nothing a run exposes or leads
    // outside the run's folder (`..`, an absolute path, a symbolic link anywhere on the way, outputs/ itself
    // replaced by a link). Every reader of a path a user names goes through here or resolve().
    QString absolutePath(const QString& relative) const;
    // The same, with *error saying what is wrong when the result is empty.
    QString resolve(const QString& relative, QString* error) const;
    // Copies a file or folder of the run to destination (a new path, or an existing folder to copy into).
    // Never overwrites.
    bool download(const QString& relative, const QString& destination, QString* error,
                  const std::function<bool(qint64, qint64)>& progress = {}) const;

    static QStringList roots();

private:
    QString m_runDir;
};
