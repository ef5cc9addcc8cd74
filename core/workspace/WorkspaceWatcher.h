// Tells a long-lived program (the desktop app) that another process changed the workspace: a CLI submitted,
// a runner moved a run on, a model was registered. It polls SQLite's data_version, which changes exactly
// when another connection commits, so an idle workspace costs one tiny query per tick. It reads it on a
// connection of its own, never used to write: this thread's writes (through Workspace::database(), such as a
// task a QFuture's wait ran here) are another connection's commits to it too.
#pragma once

#include "workspace/Workspace.h"

#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QTimer>

class WorkspaceWatcher : public QObject
{
    Q_OBJECT
public:
    explicit WorkspaceWatcher(const Workspace& workspace, QObject* parent = nullptr);
    ~WorkspaceWatcher() override;

    void start(int intervalMs = 500);
    void stop() { m_timer.stop(); }
    // Checks now (also called by the timer); emits changed() when another connection committed.
    void check();

signals:
    void changed();

private:
    // The watcher's own connection, opened on the thread of the first check.
    QSqlDatabase watchConnection();

    Workspace m_workspace;
    QString m_connectionName;
    QTimer m_timer;
    qint64 m_dataVersion = -1;
    qint64 m_lastRecovery = 0;
};
