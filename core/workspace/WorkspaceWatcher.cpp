#include "workspace/WorkspaceWatcher.h"

#include "run/RunScheduler.h"
#include "run/RunStore.h"

#include <QSqlQuery>
#include <QtConcurrent>

WorkspaceWatcher::WorkspaceWatcher(const Workspace& workspace, QObject* parent) : QObject(parent), m_workspace(workspace)
{
    connect(&m_timer, &QTimer::timeout, this, &WorkspaceWatcher::check);
}

WorkspaceWatcher::~WorkspaceWatcher()
{
    if (!m_connectionName.isEmpty())
        QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase WorkspaceWatcher::watchConnection()
{
    if (!m_connectionName.isEmpty())
        return QSqlDatabase::database(m_connectionName);
    m_connectionName = QStringLiteral("trainyard-watcher:%1:%2").arg(m_workspace.root()).arg(quintptr(this));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_workspace.databasePath());
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=1000"));
    db.open();
    return db;
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
    QSqlQuery q(watchConnection());
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
