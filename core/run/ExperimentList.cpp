#include "run/ExperimentList.h"

#include <QSqlError>
#include <QSqlQuery>

QStringList ExperimentList::names(const Workspace& workspace, QString* error)
{
    QStringList result;
    QSqlQuery query(workspace.database());
    // runs_by_experiment (experiment, seq) lets SQLite answer from the index without touching the rows.
    if (!query.exec(QStringLiteral("SELECT DISTINCT experiment FROM runs ORDER BY experiment"))) {
        if (error)
            *error = QStringLiteral("cannot list experiments: %1").arg(query.lastError().text());
        return result;
    }
    while (query.next())
        result << query.value(0).toString();
    return result;
}
