// File and folder operations shared by datasets, the model registry, downloads and the local target.
#pragma once

#include <QString>
#include <functional>

namespace FileTree {

struct Size
{
    qint64 bytes = 0;
    qint64 files = 0;
};

// Copies a file or a whole folder (symlinks recreated, never followed). Refuses to overwrite an existing
// destination unless overwrite is set. progress(bytesDone, bytesTotal) may return false to cancel.
bool copy(const QString& source, const QString& destination, bool overwrite, QString* error,
          const std::function<bool(qint64, qint64)>& progress = {});
Size measure(const QString& path);
// Takes group and other permissions off a file or, recursively, a folder (links are left alone): what is
// copied into the private workspace stays private.
void restrictToOwner(const QString& path);
// True when `path` (already cleaned and absolute) is `root` or lies below it, after resolving symlinks.
bool isInside(const QString& path, const QString& root);
// Rejects absolute paths, empty segments of `..` and the like in a path given relative to some root.
bool isSafeRelativePath(const QString& relative);

} // namespace FileTree
