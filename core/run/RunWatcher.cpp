#include "run/RunWatcher.h"

#include "run/RunFiles.h"
#include "run/RunScheduler.h"
#include "run/RunStore.h"

#include <QFile>
#include <QtConcurrent>

RunWatcher::RunWatcher(const Workspace& workspace, const QString& runId, QObject* parent)
    : QObject(parent), m_workspace(workspace), m_runId(runId)
{
    connect(&m_timer, &QTimer::timeout, this, &RunWatcher::tick);
}

void RunWatcher::follow(const QString& relativePath, qint64 fromOffset) { m_offsets.insert(relativePath, fromOffset); }

void RunWatcher::start(int intervalMs)
{
    m_timer.start(intervalMs);
    tick();
}

bool RunWatcher::drain()
{
    bool more = false;
    const RunFiles files(m_workspace, m_runId);
    for (auto it = m_offsets.begin(); it != m_offsets.end(); ++it) {
        QFile file(files.absolutePath(it.key()));
        if (!file.open(QIODevice::ReadOnly) || file.size() <= it.value())
            continue;
        file.seek(it.value());
        const QByteArray data = file.read(kMaxBytesPerTick);
        it.value() += data.size();
        more = more || file.size() > it.value();
        if (!data.isEmpty())
            emit output(it.key(), data);
    }
    return more;
}

void RunWatcher::tick()
{
    if (m_finished)
        return;
    const qint64 now = RunStore::nowMs();
    if (now - m_lastRecovery >= 5000) {
        // Off this thread: recovery takes the database write lock, which another process may hold.
        m_lastRecovery = now;
        const Workspace workspace = m_workspace;
        (void)QtConcurrent::run([workspace]() { RunScheduler(workspace).recover(); });
    }
    const auto run = RunStore(m_workspace).find(m_runId);
    const bool more = drain();
    if (!run)
        return;
    if (!m_status || *m_status != run->status) {
        m_status = run->status;
        emit statusChanged(run->status);
    }
    if (isTerminal(run->status) && !more) {
        // The status is read before the last drain, so everything the run wrote has been handed out.
        m_finished = true;
        m_timer.stop();
        emit finished(run->status);
    }
}
