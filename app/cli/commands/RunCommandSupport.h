// What the commands that change runs (tag, untag, note, rename, archive, unarchive, delete) share: every run
// named is found before anything changes, and the writes of one command are one transaction, so a command
// naming an unknown run, or failing half way, changes nothing.
#pragma once

#include "run/RunRecord.h"
#include "workspace/Workspace.h"

#include <QStringList>
#include <QVector>

#include <functional>
#include <optional>

namespace RunCommandSupport {

// The runs named, in the order given, each once. nullopt with *error and *exitCode: 2 naming the unknown
// runs, 1 when the database could not be read. Commands reach it through Command::openRuns(), which opens
// the workspace first and reports the failure.
std::optional<QVector<RunRecord>> findRuns(const Workspace& workspace, const QStringList& ids, QString* error,
                                           int* exitCode);

// Runs `writes` (which returns false with *error) in one transaction: all of it is recorded or none.
bool inTransaction(const Workspace& workspace, const std::function<bool(QString*)>& writes, QString* error);

} // namespace RunCommandSupport
