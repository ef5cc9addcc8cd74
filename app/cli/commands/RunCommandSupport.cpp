#include "RunCommandSupport.h"

#include "Command.h"
#include "run/RunStore.h"
#include "workspace/DatabaseError.h"

#include <QSqlError>
#include <QSqlQuery>

namespace RunCommandSupport {

std::optional<QVector<RunRecord>> findRuns(const Workspace& workspace, const QStringList& ids, QString* error,
                                           int* exitCode)
{
    RunStore store(workspace);
    QVector<RunRecord> runs;
    QStringList seen;
    QStringList unknown;
    for (const QString& id : ids) {
        if (seen.contains(id))
            continue;
        seen << id;
        QString readError;
        const auto run = store.find(id, &readError);
        if (!readError.isEmpty()) {
            *error = readError;
            *exitCode = Command::Failure;
            return std::nullopt;
        }
        if (run)
            runs << *run;
        else
            unknown << id;
    }
    if (!unknown.isEmpty()) {
        *error = (unknown.size() == 1 ? QStringLiteral("unknown run %1") : QStringLiteral("unknown runs %1"))
                     .arg(unknown.join(QStringLiteral(", "))) +
                 QStringLiteral("; nothing was changed");
        *exitCode = Command::InvalidInput;
        return std::nullopt;
    }
    return runs;
}

bool inTransaction(const Workspace& workspace, const std::function<bool(QString*)>& writes, QString* error)
{
    QSqlDatabase db = workspace.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        DatabaseError::report(error, QStringLiteral("cannot lock the workspace database"), q.lastError(),
                              workspace.databasePath());
        return false;
    }
    if (!writes(error)) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        DatabaseError::report(error, QStringLiteral("cannot record the change"), q.lastError(),
                              workspace.databasePath());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

} // namespace RunCommandSupport
