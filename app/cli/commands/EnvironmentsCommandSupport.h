// What the `environments` subcommands share: checking --target and finding the environment HASH names, with
// the exit code each failure means (2: the user named something that is not there or not unique; 1: the
// workspace could not be read).
#pragma once

#include "environments/EnvironmentStore.h"
#include "workspace/Workspace.h"

#include <optional>

namespace EnvironmentsCommandSupport {

// True when target is empty or names a target of the workspace; otherwise *error and *exitCode say why.
bool checkTarget(const Workspace& workspace, const QString& target, QString* error, int* exitCode);
std::optional<EnvironmentRecord> find(const Workspace& workspace, const QString& target, const QString& hash,
                                      QString* error, int* exitCode);

} // namespace EnvironmentsCommandSupport
