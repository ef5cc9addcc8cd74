// Removing a built environment: on its target first (through the target's environment tool, which refuses
// while a build holds the environment's lock), then its record. Never one that a live run uses. What the
// CLI's `environments remove` and `prune` and the GUI's Environments page all do, so they refuse alike.
#pragma once

#include "environments/EnvironmentStore.h"
#include "workspace/Workspace.h"

#include <QStringList>

#include <functional>

struct EnvironmentRemovalResult
{
    enum class Outcome { Removed, InUse, Failed };
    Outcome outcome = Outcome::Failed;
    QStringList liveRuns; // InUse: the runs that use it, oldest first
    qint64 freedBytes = 0;
    QString error; // InUse and Failed: what to tell the user
};

class EnvironmentRemoval
{
public:
    explicit EnvironmentRemoval(const Workspace& workspace) : m_workspace(workspace) {}

    // Blocks while the target removes it (an SSH target may take seconds): call it off the GUI thread.
    // onLine receives the tool's log lines.
    EnvironmentRemovalResult remove(const EnvironmentRecord& environment,
                                    const std::function<void(const QByteArray&)>& onLine = {}) const;

private:
    Workspace m_workspace;
};
