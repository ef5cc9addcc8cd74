#include "RunFollow.h"

#include "logs/FileFollower.h"
#include "run/RunFiles.h"
#include "run/RunStatus.h"
#include "run/RunStore.h"
#include "run/RunScheduler.h"

#include <QEventLoop>
#include <QSqlQuery>
#include <QTimer>
#include <QtConcurrent>

#include <cerrno>
#include <utility>
#include <unistd.h>

namespace {
// How often the database is asked whether another process committed; the query is one page read.
constexpr int kCommitCheckMs = 25;
// A status read besides, should a commit be missed (a busy database, a failed query).
constexpr int kStatusCheckMs = 1000;
// How often lost runners are looked for; the command already did it once when it opened the workspace.
constexpr qint64 kRecoveryMs = 5000;
} // namespace

RunFollow::RunFollow(const Workspace& workspace, const QString& runId, const QVector<Stream>& streams)
    : m_workspace(workspace), m_runId(runId), m_streams(streams)
{
}

RunFollow::~RunFollow() = default;

std::optional<RunRecord> RunFollow::exec()
{
    const RunFiles files(m_workspace, m_runId);
    for (const Stream& stream : m_streams) {
        auto follower = std::make_unique<FileFollower>(files.absolutePath(stream.relativePath));
        const int fd = ::fileno(stream.destination);
        std::fflush(stream.destination);
        connect(follower.get(), &FileFollower::output, this, [this, fd](const QByteArray& data) { write(fd, data); });
        // Said once, not at every retry; following goes on, the file may become readable.
        connect(follower.get(), &FileFollower::readError, this, [reported = false](const QString& message) mutable {
            if (!std::exchange(reported, true))
                std::fprintf(stderr, "trainyard-cli: %s\n", qPrintable(message));
        });
        m_followers.push_back(std::move(follower));
    }
    // The database's version is taken before the status is read below, so a commit that ends the run after
    // that read is always seen.
    m_lastRecovery = RunStore::nowMs();
    checkDatabase();
    QTimer commitTimer;
    connect(&commitTimer, &QTimer::timeout, this, &RunFollow::checkDatabase);
    commitTimer.start(kCommitCheckMs);
    QTimer statusTimer;
    connect(&statusTimer, &QTimer::timeout, this, &RunFollow::checkStatus);
    statusTimer.start(kStatusCheckMs);
    for (const auto& follower : m_followers) {
        if (m_done)
            break;
        QString error;
        if (!follower->start(&error)) // out of inotify instances: the status checks read the file instead
            std::fprintf(stderr, "trainyard-cli: %s; reading it once a second\n", qPrintable(error));
    }
    checkStatus();
    if (!m_done) {
        // Everything that ends the follow happens inside this loop, so its quit() is never lost.
        QEventLoop loop;
        m_loop = &loop;
        loop.exec();
        m_loop = nullptr;
    }
    m_recovery.waitForFinished();
    return m_final;
}

void RunFollow::checkDatabase()
{
    const qint64 now = RunStore::nowMs();
    if (now - m_lastRecovery >= kRecoveryMs && m_recovery.isFinished()) {
        // Off this thread: recovery takes the database write lock, which another process may hold.
        m_lastRecovery = now;
        const Workspace workspace = m_workspace;
        m_recovery = QtConcurrent::run([workspace]() { RunScheduler(workspace).recover(); });
    }
    QSqlQuery query(m_workspace.database());
    if (!query.exec(QStringLiteral("PRAGMA data_version")) || !query.next())
        return; // the once-a-second status read still comes
    const qint64 version = query.value(0).toLongLong();
    const bool changed = m_dataVersion >= 0 && version != m_dataVersion;
    m_dataVersion = version;
    if (changed)
        checkStatus();
}

void RunFollow::checkStatus()
{
    if (m_done)
        return;
    const auto run = RunStore(m_workspace).find(m_runId);
    if (!run || !isTerminal(run->status)) {
        // Also picks up a file whose folder did not exist when following began (nothing to watch yet).
        for (const auto& follower : m_followers)
            if (!m_done)
                follower->drain();
        return;
    }
    // The status is read before this last drain, so everything the run wrote is handed out.
    for (const auto& follower : m_followers) {
        if (m_done)
            return;
        follower->drain();
    }
    m_final = run;
    stop();
}

void RunFollow::write(int fd, const QByteArray& data)
{
    const char* bytes = data.constData();
    qsizetype left = data.size();
    while (left > 0 && !m_done) {
        const ssize_t n = ::write(fd, bytes, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            stop(); // the reader went away (`logs --follow | head`): nobody is left to follow for
            return;
        }
        bytes += n;
        left -= n;
    }
}

void RunFollow::stop()
{
    m_done = true;
    if (m_loop)
        m_loop->quit();
}
