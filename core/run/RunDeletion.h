// Deletes runs: their rows (runs, run_tags, run_metrics, run_params, run_environments) in one transaction and
// their folder under runs/. A live run is refused (its runner still writes there); a run a registered model
// came from may go, because the registry keeps its own copy of the model's files, and the result says so.
// The content-addressed snapshot store is left alone: other runs may share its objects. A run that has a
// folder of its own on its target (an SSH host's or a cluster's workdir) has that removed too, through the
// target, once the workspace's part is gone: an unreachable target leaves it, and the result says where and
// why.
#pragma once

#include "run/RunRecord.h"
#include "workspace/Workspace.h"

#include <QString>
#include <QStringList>

struct RunDeletionResult {
    enum class Outcome {
        Deleted, // the rows are gone (error is set when some files could not be removed)
        Unknown, // no such run: invalid input
        Refused, // a live run: invalid input, nothing changed
        Failed,  // the database or the file system refused: nothing changed
    };
    QString runId;
    Outcome outcome = Outcome::Failed;
    QString error;
    // What the deletion leaves behind that the user should know of: "model mnist:2 keeps its own copy of the
    // files".
    QStringList notes;
    // Deleted, but the folder could not be removed completely: where its remains are (no row points there).
    QString leftoverPath;

    bool deleted() const { return outcome == Outcome::Deleted; }
    bool invalidInput() const { return outcome == Outcome::Unknown || outcome == Outcome::Refused; }
};

class RunDeletion
{
public:
    explicit RunDeletion(const Workspace& workspace) : m_workspace(workspace) {}

    // What remove() would do now, changing nothing: Deleted (it would be allowed) with the notes, or why not.
    // For asking every run first and deleting none when one is refused.
    RunDeletionResult check(const QString& runId) const;
    RunDeletionResult remove(const QString& runId);

private:
    // Reads the run's status and the models made from it; Deleted when it may go.
    RunDeletionResult inspect(const QString& runId) const;
    // The run's folder on its target, after its rows and local files went; empty, or what was left and why.
    QString removeOnTarget(const RunRecord& run) const;

    Workspace m_workspace;
};
