// Streams files of one run to the terminal until the run ends, for `logs --follow` and `submit --wait`.
// Bytes come from a FileFollower per file (inotify, no polling, no cap per wake-up); the run's end comes from
// its status in the database, checked whenever another process commits (SQLite's data_version) and once a
// second besides. After the end is seen every file is drained once more, so nothing the run wrote is lost.
// While it follows it also lets the scheduler settle a lost runner every few seconds, off this thread, so a
// run never stays "Running" after its runner died.
#pragma once

#include "run/RunRecord.h"
#include "workspace/Workspace.h"

#include <QFuture>
#include <QObject>
#include <QString>
#include <QVector>

#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

class FileFollower;
class QEventLoop;

class RunFollow : public QObject
{
    Q_OBJECT
public:
    struct Stream
    {
        QString relativePath; // system/stdout.log
        FILE* destination;
    };

    RunFollow(const Workspace& workspace, const QString& runId, const QVector<Stream>& streams);
    ~RunFollow() override;

    // Returns once the run reached a terminal status (its record then) or the terminal went away (nullopt).
    // Returns at once, after printing what is there, for a run that has already ended.
    std::optional<RunRecord> exec();

private:
    void checkStatus();
    // Reads the status when another connection committed, and lets the scheduler settle lost runners.
    void checkDatabase();
    void write(int fd, const QByteArray& data);
    void stop();

    Workspace m_workspace;
    QString m_runId;
    QVector<Stream> m_streams;
    std::vector<std::unique_ptr<FileFollower>> m_followers;
    std::optional<RunRecord> m_final;
    bool m_done = false;
    QEventLoop* m_loop = nullptr;
    qint64 m_dataVersion = -1;
    qint64 m_lastRecovery = 0;
    QFuture<void> m_recovery; // waited for before exec() returns, so it never outlives the follow
};
