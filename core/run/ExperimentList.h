// ExperimentList: the experiment names that runs of the workspace already use, for completion in the
// estimator form (so a user picks an existing experiment instead of creating a near-duplicate by a typo).
#pragma once

#include "workspace/Workspace.h"

#include <QStringList>

class ExperimentList
{
public:
    // Sorted, distinct. Uses the calling thread's connection, so a worker thread may call it.
    static QStringList names(const Workspace& workspace, QString* error = nullptr);
};
