#include "snapshot/WorkingCopies.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QVector>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {

const QByteArray kReadyPrefix = "ready-";
const QByteArray kBuildingPrefix = ".building-";
const QByteArray kTrashPrefix = ".trash-";
// How long a spare waits before it is made, so that it does not compete with the start of the run's script.
constexpr int kStartDelayMs = 10 * 1000;
// A spare is only made while the disk keeps this much free beside it.
constexpr qint64 kFreeSpaceReserve = 1024LL * 1024 * 1024;

QString errnoText(int code)
{
    return QString::fromLocal8Bit(std::strerror(code));
}

// Spares of an earlier boot may hold unflushed blocks after a crash: only this boot's are taken.
const QByteArray& bootId()
{
    static const QByteArray id = [] {
        QFile file(QStringLiteral("/proc/sys/kernel/random/boot_id"));
        if (!file.open(QIODevice::ReadOnly))
            return QByteArray();
        QByteArray text = file.readAll().trimmed();
        text.replace('-', "");
        for (char c : text)
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                return QByteArray();
        return text;
    }();
    return id;
}

QByteArray randomSuffix()
{
    return QByteArray::number(QRandomGenerator::system()->generate64(), 16);
}

QVector<QByteArray> entriesOf(const QByteArray& dir)
{
    QVector<QByteArray> names;
    DIR* d = ::opendir(dir.constData());
    if (!d)
        return names;
    while (const dirent* e = ::readdir(d)) {
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
            names.append(QByteArray(e->d_name));
    }
    ::closedir(d);
    return names;
}

// Moves a folder out of reach with one rename before deleting it, so nobody can take a half-deleted spare.
void discard(const QByteArray& checkoutsDir, const QByteArray& path)
{
    const QByteArray trash = checkoutsDir + '/' + kTrashPrefix + randomSuffix();
    if (::rename(path.constData(), trash.constData()) != 0)
        return; // taken or discarded by someone else meanwhile
    QDir(QFile::decodeName(trash)).removeRecursively();
}

// The spares this process is making. Never destroyed: a detached thread may still use it during exit.
class BackgroundWork
{
public:
    static BackgroundWork& instance()
    {
        static BackgroundWork* work = new BackgroundWork;
        return *work;
    }

    void start(std::function<void()> job)
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            ++m_running;
            registerExitHooks();
        }
        std::thread([this, job = std::move(job)] {
            // The run's own script comes first: its start has the disk to itself for a while (or until the
            // process is ending), then this thread works at the lowest CPU and best-effort I/O priority.
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_hurry.wait_for(lock, std::chrono::milliseconds(kStartDelayMs), [this] { return m_finishing; });
            }
            const pid_t tid = pid_t(::syscall(SYS_gettid));
            ::setpriority(PRIO_PROCESS, id_t(tid), 19);
            ::syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, tid, (2 << 13) | 7 /* best effort, lowest */);
            job();
            std::lock_guard<std::mutex> lock(m_mutex);
            --m_running;
            m_idle.notify_all();
        }).detach();
    }

    bool wait(int timeoutMs)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_finishing = true;
        m_hurry.notify_all();
        return m_idle.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return m_running == 0; });
    }

private:
    static void waitAtExit() { BackgroundWork::instance().wait(10 * 60 * 1000); }

    void registerExitHooks()
    {
        // While the application object still exists, so the thread finishes with Qt fully alive; atexit
        // covers programs without one.
        if (!m_postRoutineRegistered && QCoreApplication::instance()) {
            qAddPostRoutine(&BackgroundWork::waitAtExit);
            m_postRoutineRegistered = true;
        }
        if (!m_atExitRegistered) {
            std::atexit(&BackgroundWork::waitAtExit);
            m_atExitRegistered = true;
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_idle;
    std::condition_variable m_hurry;
    bool m_finishing = false; // someone waits for the work: start it now
    int m_running = 0;
    bool m_postRoutineRegistered = false;
    bool m_atExitRegistered = false;
};

} // namespace

WorkingCopies::WorkingCopies(const SnapshotStore& store)
    : m_store(store)
    , m_checkoutsDir(store.rootDir() + QStringLiteral("/checkouts"))
{
}

QString WorkingCopies::snapshotDir(const QString& snapshotId) const
{
    return m_checkoutsDir + QLatin1Char('/') + snapshotId;
}

std::optional<WorkingCopies::Source> WorkingCopies::checkOut(const QString& snapshotId, const QString& destDir,
                                                             QString* error) const
{
    QString localError;
    if (!error)
        error = &localError;
    const QDir dest(destDir);
    if (dest.exists() && !dest.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        *error = QStringLiteral("Cannot materialize snapshot into %1: the folder is not empty").arg(destDir);
        return std::nullopt;
    }
    bool taken = false;
    if (!takeSpare(snapshotId, destDir, error, &taken))
        return std::nullopt;
    if (taken) {
        prepareSpareInBackground(snapshotId);
        return Source::Spare;
    }
    SnapshotStore::MaterializeStats stats;
    if (!m_store.materialize(snapshotId, destDir, error, &stats))
        return std::nullopt;
    if (stats.clonedFiles > 0 && stats.copiedFiles == 0)
        return Source::Cloned; // the next checkout clones just as fast: no spare needed
    prepareSpareInBackground(snapshotId);
    return Source::Copied;
}

bool WorkingCopies::takeSpare(const QString& snapshotId, const QString& destDir, QString* error, bool* taken) const
{
    *taken = false;
    if (bootId().isEmpty())
        return true;
    const QByteArray checkoutsDir = QFile::encodeName(m_checkoutsDir);
    const QByteArray dir = QFile::encodeName(snapshotDir(snapshotId));
    const QByteArray current = kReadyPrefix + bootId() + '-';
    const QByteArray destination = QFile::encodeName(QDir::cleanPath(QFileInfo(destDir).absoluteFilePath()));
    bool parentMade = false;
    for (const QByteArray& name : entriesOf(dir)) {
        if (!name.startsWith(kReadyPrefix))
            continue;
        const QByteArray path = dir + '/' + name;
        if (!name.startsWith(current)) {
            discard(checkoutsDir, path);
            continue;
        }
        if (!parentMade) {
            const QString parent = QFileInfo(QFile::decodeName(destination)).path();
            if (!QDir().mkpath(parent)) {
                *error = QStringLiteral("Cannot create folder %1").arg(parent);
                return false;
            }
            parentMade = true;
        }
        // An empty destination folder is replaced by the rename; a non-empty one makes it fail.
        if (::rename(path.constData(), destination.constData()) == 0) {
            ::utimensat(AT_FDCWD, dir.constData(), nullptr, 0); // most recently used, for pruneSpares
            *taken = true;
            return true;
        }
        if (errno == ENOENT)
            continue; // another run took this one first
        if (errno == ENOTEMPTY || errno == EEXIST) {
            *error = QStringLiteral("Cannot materialize snapshot into %1: the folder is not empty").arg(destDir);
            return false;
        }
        return true; // another file system (EXDEV) or the like: copy instead
    }
    return true;
}

bool WorkingCopies::hasSpare(const QString& snapshotId) const
{
    if (bootId().isEmpty())
        return false;
    const QByteArray current = kReadyPrefix + bootId() + '-';
    const QVector<QByteArray> names = entriesOf(QFile::encodeName(snapshotDir(snapshotId)));
    return std::any_of(names.begin(), names.end(), [&](const QByteArray& name) { return name.startsWith(current); });
}

bool WorkingCopies::spareFits(const QString& snapshotId) const
{
    QString ignored;
    const auto entries = m_store.manifest(snapshotId, &ignored);
    if (!entries)
        return false;
    qint64 bytes = 0;
    for (const SnapshotEntry& entry : *entries)
        bytes += entry.size;
    if (bytes > kMaxSpareBytes)
        return false;
    struct statvfs fs;
    if (::statvfs(QFile::encodeName(m_store.rootDir()).constData(), &fs) != 0)
        return false;
    return qint64(fs.f_bavail) * qint64(fs.f_frsize) >= bytes + kFreeSpaceReserve;
}

void WorkingCopies::prepareSpareInBackground(const QString& snapshotId) const
{
    if (bootId().isEmpty() || hasSpare(snapshotId))
        return;
    const WorkingCopies copies(*this);
    BackgroundWork::instance().start([copies, snapshotId] {
        QString error;
        if (!copies.prepareSpare(snapshotId, &error))
            qWarning("trainyard: no spare working copy of snapshot %s: %s", qPrintable(snapshotId), qPrintable(error));
    });
}

bool WorkingCopies::prepareSpare(const QString& snapshotId, QString* error) const
{
    if (bootId().isEmpty() || !spareFits(snapshotId))
        return true;
    const QString dir = snapshotDir(snapshotId);
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("Cannot create folder %1").arg(dir);
        return false;
    }
    ::chmod(QFile::encodeName(m_checkoutsDir).constData(), 0700);
    const QByteArray lockPath = QFile::encodeName(dir) + ".lock";
    const int lock = ::open(lockPath.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0) {
        *error = QStringLiteral("Cannot open %1: %2").arg(QFile::decodeName(lockPath), errnoText(errno));
        return false;
    }
    // Someone else (a thread here or another runner) is making it already.
    if (::flock(lock, LOCK_EX | LOCK_NB) != 0) {
        ::close(lock);
        return true;
    }
    const QByteArray encodedDir = QFile::encodeName(dir);
    const QByteArray checkoutsDir = QFile::encodeName(m_checkoutsDir);
    // Holding the lock, any folder still being built was left by a process that died.
    for (const QByteArray& name : entriesOf(encodedDir))
        if (name.startsWith(kBuildingPrefix))
            discard(checkoutsDir, encodedDir + '/' + name);
    bool ok = true;
    if (!hasSpare(snapshotId)) {
        const QString building = dir + QLatin1Char('/') + QString::fromLatin1(kBuildingPrefix + randomSuffix());
        ok = m_store.materialize(snapshotId, building, error);
        const QByteArray ready = encodedDir + '/' + kReadyPrefix + bootId() + '-' + randomSuffix();
        if (ok && ::rename(QFile::encodeName(building).constData(), ready.constData()) != 0) {
            *error = QStringLiteral("Cannot rename %1: %2").arg(building, errnoText(errno));
            ok = false;
        }
        if (!ok)
            QDir(building).removeRecursively();
    }
    ::close(lock);
    pruneSpares(snapshotId);
    return ok;
}

void WorkingCopies::pruneSpares(const QString& keepSnapshotId) const
{
    const QByteArray checkoutsDir = QFile::encodeName(m_checkoutsDir);
    struct Used
    {
        QByteArray name;
        qint64 mtimeNs = 0;
    };
    QVector<Used> snapshots;
    for (const QByteArray& name : entriesOf(checkoutsDir)) {
        const QByteArray path = checkoutsDir + '/' + name;
        struct stat st;
        if (name.startsWith(kTrashPrefix)) {
            QDir(QFile::decodeName(path)).removeRecursively(); // a removal that was interrupted
            continue;
        }
        if (name.startsWith('.') || name.endsWith(".lock") || ::lstat(path.constData(), &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (QFile::decodeName(name) != keepSnapshotId)
            snapshots.append({name, qint64(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec});
    }
    std::sort(snapshots.begin(), snapshots.end(), [](const Used& a, const Used& b) { return a.mtimeNs > b.mtimeNs; });
    for (int i = kSnapshotsWithSpares - 1; i < snapshots.size(); ++i) {
        const QByteArray dir = checkoutsDir + '/' + snapshots[i].name;
        const QByteArray lockPath = dir + ".lock";
        const int lock = ::open(lockPath.constData(), O_RDWR | O_CLOEXEC);
        if (lock >= 0 && ::flock(lock, LOCK_EX | LOCK_NB) != 0) {
            ::close(lock); // being built right now: it is in use
            continue;
        }
        for (const QByteArray& name : entriesOf(dir))
            discard(checkoutsDir, dir + '/' + name);
        ::rmdir(dir.constData());
        if (lock >= 0) {
            ::unlink(lockPath.constData());
            ::close(lock);
        }
    }
}

bool WorkingCopies::waitForBackgroundWork(int timeoutMs)
{
    return BackgroundWork::instance().wait(timeoutMs);
}
