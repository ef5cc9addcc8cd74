// The one check for every path a user names inside a folder the program chose (a run's files, its outputs):
// whatever was put inside that folder (a `..`, an absolute path, a symbolic link at any depth, the folder's
// own subfolders replaced by links) never leads outside it.
#pragma once

#include <QString>

namespace PathContainment {

// `relative` ('/'-separated) inside `root`, checked component by component: refused when it is empty,
// absolute, contains NUL or a `..` component, or when any component that exists is a symbolic link whose
// target, followed to the end, lies outside root (root's canonical path). Components that do not exist yet are
// taken as written, as there is nothing to follow. Returns the cleaned path root/relative (as written, not
// with the links resolved, so callers show the path the user knows), or an empty string with *error, when
// given, saying what was refused: "\"outputs/x\" leads outside …: outputs is a link to /tmp/y".
QString resolve(const QString& root, const QString& relative, QString* error = nullptr);

// True when the path, with every link resolved, is root or lies below it (both resolved the same way).
bool isInside(const QString& path, const QString& root);

} // namespace PathContainment
