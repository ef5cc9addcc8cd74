// The files Trainyard carries inside its binaries (the `trainyard_runtime` resources: the run-side Python
// helper, the job wrapper, ...) and copying them out: into each workspace's runtime folder, and into the
// folder `trainyard-cli python-sdk` installs the Python package from.
#pragma once

#include <QString>
#include <QStringList>

namespace RuntimeResources {

// Copies every resource file under `resourceFolder` (":/trainyard", ":/trainyard/python/azureml") to the same
// relative path under `destination`, rewriting only the files whose content changed. Folders are made 0700
// and files 0600. False with *error naming the file that could not be written.
bool copy(const QString& resourceFolder, const QString& destination, QString* error);

// A SHA-256 over the relative paths and contents of every resource file under the folders, in a stable
// order: changes whenever any of those files does.
QByteArray contentHash(const QStringList& resourceFolders);

} // namespace RuntimeResources
