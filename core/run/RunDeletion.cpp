#include "run/RunDeletion.h"

#include "run/RunContext.h"
#include "run/RunStatus.h"
#include "run/RunStore.h"
#include "targets/ComputeTarget.h"
#include "targets/TargetRegistry.h"
#include "workspace/DatabaseError.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

RunDeletionResult outcome(const QString& runId, RunDeletionResult::Outcome outcome,
                          const QString& error = QString())
{
    RunDeletionResult result;
    result.runId = runId;
    result.outcome = outcome;
    result.error = error;
    return result;
}

bool renamePath(const QString& from, const QString& to, QString* error)
{
    if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0)
        return true;
    *error = QString::fromLocal8Bit(std::strerror(errno));
    return false;
}

} // namespace

RunDeletionResult RunDeletion::inspect(const QString& runId) const
{
    const QString action = QStringLiteral("cannot read run %1").arg(runId);
    QSqlQuery q(m_workspace.database());
    q.prepare(QStringLiteral("SELECT status FROM runs WHERE id = ?"));
    q.addBindValue(runId);
    if (!q.exec())
        return outcome(runId, RunDeletionResult::Outcome::Failed,
                       DatabaseError::report(nullptr, action, q.lastError(), m_workspace.databasePath()));
    if (!q.next()) {
        if (q.lastError().isValid())
            return outcome(runId, RunDeletionResult::Outcome::Failed,
                           DatabaseError::report(nullptr, action, q.lastError(), m_workspace.databasePath()));
        return outcome(runId, RunDeletionResult::Outcome::Unknown,
                       QStringLiteral("unknown run %1").arg(runId));
    }
    const QString statusName = q.value(0).toString();
    const std::optional<RunStatus> status = runStatusFromName(statusName);
    // Queued counts too: the scheduler may start it any moment, and its runner would write into a folder
    // gone.
    if (!status || !isTerminal(*status))
        return outcome(runId, RunDeletionResult::Outcome::Refused,
                       QStringLiteral("run %1 is %2: cancel it first").arg(runId, statusName));

    RunDeletionResult result = outcome(runId, RunDeletionResult::Outcome::Deleted);
    // The registry copies a model's files into models/ when it is registered (ModelRegistry), so the model
    // outlives its run: deleting is allowed, and said.
    QSqlQuery models(m_workspace.database());
    models.prepare(
        QStringLiteral("SELECT name, version FROM models WHERE run_id = ? ORDER BY name, version"));
    models.addBindValue(runId);
    const QString modelsAction = QStringLiteral("cannot read the models registered from run %1").arg(runId);
    if (!models.exec())
        return outcome(
            runId, RunDeletionResult::Outcome::Failed,
            DatabaseError::report(nullptr, modelsAction, models.lastError(), m_workspace.databasePath()));
    while (models.next())
        result.notes << QStringLiteral("model %1:%2 keeps its own copy of the files")
                            .arg(models.value(0).toString())
                            .arg(models.value(1).toInt());
    if (models.lastError().isValid())
        return outcome(
            runId, RunDeletionResult::Outcome::Failed,
            DatabaseError::report(nullptr, modelsAction, models.lastError(), m_workspace.databasePath()));
    return result;
}

RunDeletionResult RunDeletion::check(const QString& runId) const
{
    return inspect(runId);
}

RunDeletionResult RunDeletion::remove(const QString& runId)
{
    QSqlDatabase db = m_workspace.database();
    QSqlQuery lock(db);
    // The write lock first: between the check and the delete no other program can start, tag or register
    // anything of this run.
    if (!lock.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return outcome(runId, RunDeletionResult::Outcome::Failed,
                       DatabaseError::report(nullptr, QStringLiteral("cannot lock the workspace database"),
                                             lock.lastError(), m_workspace.databasePath()));
    const auto rollback = [&db] { QSqlQuery(db).exec(QStringLiteral("ROLLBACK")); };
    RunDeletionResult result = inspect(runId);
    if (!result.deleted()) {
        rollback();
        return result;
    }
    // Where the run has files on its target, read before its row goes.
    QString readError;
    const std::optional<RunRecord> record = RunStore(m_workspace).find(runId, &readError);
    if (!record) {
        rollback();
        return outcome(runId, RunDeletionResult::Outcome::Failed,
                       readError.isEmpty() ? QStringLiteral("unknown run %1").arg(runId) : readError);
    }

    // The order never leaves a row pointing at a half-deleted folder: the folder is first renamed aside (one
    // atomic step on the same file system, and the step most likely to be refused), then the rows are
    // deleted and committed, and only then are the files removed. Until the commit a failure renames the
    // folder back and nothing has changed; after it, what a failed removal leaves lies under a name no row
    // refers to, and the result says where.
    const QString runDir = m_workspace.runDir(runId);
    const bool hasFolder = QFileInfo(runDir).isDir() || QFileInfo(runDir).isSymLink();
    const QString trash =
        m_workspace.runsDir() +
        QStringLiteral("/.deleting-%1-%2").arg(runId, QUuid::createUuid().toString(QUuid::Id128).left(8));
    QString why;
    if (hasFolder && !renamePath(runDir, trash, &why)) {
        rollback();
        return outcome(
            runId, RunDeletionResult::Outcome::Failed,
            QStringLiteral("cannot delete run %1: its folder %2 cannot be moved (%3); nothing was deleted")
                .arg(runId, runDir, why));
    }
    const auto undo = [&](const QString& error) {
        rollback();
        QString renameError;
        if (hasFolder && !renamePath(trash, runDir, &renameError))
            return outcome(
                runId, RunDeletionResult::Outcome::Failed,
                QStringLiteral("%1; the run's files are in %2 and could not be moved back to %3 (%4)")
                    .arg(error, trash, runDir, renameError));
        return outcome(runId, RunDeletionResult::Outcome::Failed,
                       error + QStringLiteral("; nothing was deleted"));
    };
    for (const char* table : {"run_tags", "run_metrics", "run_params", "run_environments"}) {
        QSqlQuery del(db);
        del.prepare(QStringLiteral("DELETE FROM %1 WHERE run_id = ?").arg(QLatin1String(table)));
        del.addBindValue(runId);
        if (!del.exec())
            return undo(DatabaseError::report(nullptr, QStringLiteral("cannot delete run %1").arg(runId),
                                              del.lastError(), m_workspace.databasePath()));
    }
    QSqlQuery del(db);
    del.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
    del.addBindValue(runId);
    if (!del.exec())
        return undo(DatabaseError::report(nullptr, QStringLiteral("cannot delete run %1").arg(runId),
                                          del.lastError(), m_workspace.databasePath()));
    QSqlQuery commit(db);
    if (!commit.exec(QStringLiteral("COMMIT")))
        return undo(DatabaseError::report(nullptr, QStringLiteral("cannot delete run %1").arg(runId),
                                          commit.lastError(), m_workspace.databasePath()));

    // A link in place of the folder is removed itself; what it points at was never the run's.
    const bool removed =
        !hasFolder || (QFileInfo(trash).isSymLink() ? QFile::remove(trash) : QDir(trash).removeRecursively());
    QStringList problems;
    if (!removed) {
        result.leftoverPath = trash;
        problems << QStringLiteral("some of its files could not be removed: they are left in %1").arg(trash);
    }
    // Only now, outside the write lock: a target may take a while to answer, or not answer at all.
    const QString leftOnTarget = removeOnTarget(*record);
    if (!leftOnTarget.isEmpty())
        problems << leftOnTarget;
    if (!problems.isEmpty())
        result.error = QStringLiteral("run %1 is deleted from the workspace, but %2")
                           .arg(runId, problems.join(QStringLiteral("; ")));
    return result;
}

QString RunDeletion::removeOnTarget(const RunRecord& run) const
{
    const QString remoteRunDir = run.targetHandle.value(QStringLiteral("remote_run_dir")).toString();
    QString error;
    const std::optional<TargetConfig> config = TargetRegistry(m_workspace).find(run.computeTarget, &error);
    if (!config) {
        // Without the target there is no way to reach its folder; a run that never had one is fine.
        if (remoteRunDir.isEmpty())
            return QString();
        return QStringLiteral("the remote folder %1 was left: %2")
            .arg(remoteRunDir, error.isEmpty()
                                   ? QStringLiteral("target %1 no longer exists").arg(run.computeTarget)
                                   : error);
    }
    std::unique_ptr<ComputeTarget> target = ComputeTarget::create(*config, &error);
    if (!target)
        return remoteRunDir.isEmpty()
                   ? QString()
                   : QStringLiteral("the remote folder %1 was left: %2").arg(remoteRunDir, error);
    RunContext ctx;
    ctx.runId = run.id;
    ctx.experiment = run.experiment;
    ctx.runDir = m_workspace.runDir(run.id);
    ctx.storeDir = m_workspace.storeDir();
    ctx.runtimeDir = m_workspace.runtimeDir();
    ctx.target = *config;
    ctx.targetHandle = run.targetHandle;
    return target->removeRunFolder(ctx, &error) ? QString() : error;
}
