// Follows one run live for a GUI or a terminal: emits the bytes appended to chosen run files and every
// status change, from a timer on the caller's event loop (reads are small and bounded per tick). While it
// watches, it also lets the scheduler notice a lost runner, so a run never stays "Running" after a crash.
#pragma once

#include "run/RunStatus.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

class RunWatcher : public QObject
{
    Q_OBJECT
public:
    RunWatcher(const Workspace& workspace, const QString& runId, QObject* parent = nullptr);

    // Run-relative files to stream (e.g. system/stdout.log); each starts at the given offset.
    void follow(const QString& relativePath, qint64 fromOffset = 0);
    void start(int intervalMs = 200);
    void stop() { m_timer.stop(); }

    // Bytes handed out per file and tick, so a fast writer cannot block the event loop.
    static constexpr qint64 kMaxBytesPerTick = 4 << 20;

signals:
    void output(const QString& relativePath, const QByteArray& data);
    void statusChanged(RunStatus status);
    // Emitted once, after the last output of a run that reached a terminal status.
    void finished(RunStatus status);

private:
    void tick();
    bool drain(); // true when some file still had more to read

    Workspace m_workspace;
    QString m_runId;
    QTimer m_timer;
    QHash<QString, qint64> m_offsets;
    std::optional<RunStatus> m_status;
    qint64 m_lastRecovery = 0;
    bool m_finished = false;
};
