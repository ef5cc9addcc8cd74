#include "workspace/WorkspaceWatcher.h"

#include "run/RunScheduler.h"
#include "run/RunStore.h"

#include <QSqlQuery>
#include <QtConcurrent>

WorkspaceWatcher::WorkspaceWatcher(const Workspace& workspace, QObject* parent) : QObject(parent), m_workspace(workspace)
{
    connect(&m_timer, &QTimer::timeout, this, &WorkspaceWatcher::check);
}

void WorkspaceWatcher::start(int intervalMs)
{
    m_timer.start(intervalMs);
    check();
}

void WorkspaceWatcher::check()
{
    const qint64 now = RunStore::nowMs();
    if (now - m_lastRecovery >= 5000) {
        // A long-lived program keeps the promise that no run stays live after its runner died.
        // Off this thread: reaping and starting runs take the database write lock, which another process
        // may hold for a while, and this is usually the GUI thread.
        m_lastRecovery = now;
        const Workspace workspace = m_workspace;
        (void)QtConcurrent::run([workspace]() { RunScheduler(workspace).recover(); });
    }
    QSqlQuery q(m_workspace.database());
    if (!q.exec(QStringLiteral("PRAGMA data_version")) || !q.next())
        return;
    const qint64 version = q.value(0).toLongLong();
    if (version != m_dataVersion) {
        const bool first = m_dataVersion < 0;
        m_dataVersion = version;
        if (!first)
            emit changed();
    }
}
