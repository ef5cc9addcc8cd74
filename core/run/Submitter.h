// Turns an estimator into a queued run: validates it against the workspace (target, datasets), snapshots
// the source directory, records the git state, inserts the run and lets the scheduler start it.
// submit() does the slow part on a worker thread and reports with signals, for the GUI; run() is the same
// work for callers that may block (the CLI).
#pragma once

#include "estimator/Estimator.h"
#include "run/RunRecord.h"
#include "targets/TargetConfig.h"
#include "workspace/Workspace.h"

#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

struct TargetKind;

class Submitter : public QObject
{
    Q_OBJECT
public:
    explicit Submitter(const Workspace& workspace, QObject* parent = nullptr);
    ~Submitter() override;

    void submit(const Estimator& estimator);
    void cancel() { *m_cancel = true; }

    // errors: one message per problem. progress(done, total) counts snapshot files; false cancels.
    static std::optional<RunRecord> run(const Workspace& workspace, const Estimator& estimator, QStringList* errors,
                                        const std::function<bool(qint64, qint64)>& progress = {});

    // One error per estimator field that the target's kind does not implement (pip_packages, node_count > 1...).
    static QStringList unsupportedFields(const Estimator& estimator, const TargetConfig& target, const TargetKind& kind,
                                         const QString& label);

signals:
    void progressChanged(qint64 done, qint64 total);
    void submitted(const QString& runId);
    void failed(const QStringList& errors);

private:
    Workspace m_workspace;
    // Shared with the worker, which may still be snapshotting after this object is gone.
    std::shared_ptr<std::atomic_bool> m_cancel = std::make_shared<std::atomic_bool>(false);
};
