// The git state of a run's source directory, recorded with every run so its code can be traced back to a
// commit: repository, branch, commit, whether the tree was dirty, and the uncommitted changes as a patch.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

struct GitState
{
    bool inRepository = false;
    QString repository; // origin URL, else the first remote's URL, else the repository's work folder
    QString branch;     // empty when HEAD is detached
    QString commit;     // full hex; empty when the repository has no commits yet
    bool dirty = false; // modified, staged or deleted tracked files, or untracked files that are not ignored
    QByteArray diff;    // index + work tree against HEAD as a unified patch; untracked files not included
    bool diffTruncated = false; // the patch was cut at kMaxDiffBytes to keep memory bounded

    static constexpr qint64 kMaxDiffBytes = 32 * 1024 * 1024;

    // Finds the repository holding directory (searching upwards). A folder outside any repository gives
    // inRepository == false and no error; a repository libgit2 cannot read gives an error.
    static GitState capture(const QString& directory, QString* error);

    QJsonObject toJson() const;
    static GitState fromJson(const QJsonObject& json);
};
