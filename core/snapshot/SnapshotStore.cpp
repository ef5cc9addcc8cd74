#include "snapshot/SnapshotStore.h"

#include "snapshot/IgnoreRules.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

namespace {

constexpr qint64 kWholeFileBuffer = 4 * 1024 * 1024; // files up to this size are read in one go
constexpr qint64 kCopyChunk = 1024 * 1024;
constexpr int kMaxListedUnreadable = 20;
// Files changed this recently are not cached: a later change within the same timestamp tick would look
// unchanged (git's "racy" entries).
constexpr qint64 kRacyWindowNs = 1000LL * 1000 * 1000;
const char kManifestMagic[] = "TRAINYARD-SNAPSHOT 1\n";
const char kStatCacheMagic[] = "TRAINYARD-STATCACHE 1\n";

enum EntryKind : unsigned char { KindFile = 1, KindExecutable = 2, KindSymlink = 3 };

struct ScannedFile
{
    QByteArray relPath; // file-system encoding
    qint64 size = 0;
    qint64 mtimeNs = 0;
    qint64 ctimeNs = 0;
    quint64 inode = 0;
    quint64 device = 0;
    bool executable = false;
    bool symlink = false;
    QByteArray symlinkTarget;
    QByteArray hash; // 16 raw bytes once known
};

struct CachedStat
{
    qint64 size = 0;
    qint64 mtimeNs = 0;
    qint64 ctimeNs = 0;
    quint64 inode = 0;
    quint64 device = 0;
    QByteArray hash;
};

QString errnoText(int code)
{
    return QString::fromLocal8Bit(std::strerror(code));
}

qint64 toNs(const struct timespec& ts)
{
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

QString displayPath(const QByteArray& encoded)
{
    return QFile::decodeName(encoded);
}

void appendU32(QByteArray& out, quint32 v)
{
    char b[4];
    for (int i = 0; i < 4; ++i)
        b[i] = char((v >> (8 * i)) & 0xff);
    out.append(b, 4);
}

void appendU64(QByteArray& out, quint64 v)
{
    char b[8];
    for (int i = 0; i < 8; ++i)
        b[i] = char((v >> (8 * i)) & 0xff);
    out.append(b, 8);
}

// Bounds-checked little-endian reader over a byte buffer.
struct ByteReader
{
    const QByteArray& data;
    qsizetype pos = 0;
    bool ok = true;

    bool need(qsizetype n)
    {
        if (!ok || n < 0 || data.size() - pos < n)
            ok = false;
        return ok;
    }
    quint64 readUInt(int bytes)
    {
        if (!need(bytes))
            return 0;
        quint64 v = 0;
        for (int i = 0; i < bytes; ++i)
            v |= quint64(static_cast<unsigned char>(data.at(pos + i))) << (8 * i);
        pos += bytes;
        return v;
    }
    QByteArray readBytes(qsizetype n)
    {
        if (!need(n))
            return {};
        QByteArray out = data.mid(pos, n);
        pos += n;
        return out;
    }
    bool atEnd() const { return pos == data.size(); }
};

QByteArray rawHash(const XXH128_hash_t& h)
{
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, h);
    return QByteArray(reinterpret_cast<const char*>(canonical.digest), int(sizeof(canonical.digest)));
}

bool isHexId(const QString& id)
{
    if (id.size() != 32)
        return false;
    for (QChar c : id) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    }
    return true;
}

bool writeAll(int fd, const char* data, qint64 size)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

// Reads up to size bytes, stopping early only at end of file.
qint64 readFully(int fd, char* data, qint64 size)
{
    qint64 total = 0;
    while (total < size) {
        const ssize_t n = ::read(fd, data + total, size_t(size - total));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        total += n;
    }
    return total;
}

std::atomic<quint64> g_tempCounter{0};

QByteArray uniqueTempName(const QByteArray& tmpDir)
{
    return tmpDir + '/' + QByteArray::number(qint64(::getpid())) + '-'
        + QByteArray::number(g_tempCounter.fetch_add(1)) + ".tmp";
}

// Writes data to a temporary file in tmpDir and renames it to finalPath.
bool writeFileAtomically(const QByteArray& tmpDir, const QByteArray& finalPath, const QByteArray& data,
                         QString* error)
{
    const QByteArray tempPath = uniqueTempName(tmpDir);
    const int fd = ::open(tempPath.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = QStringLiteral("Cannot create %1: %2").arg(displayPath(tempPath), errnoText(errno));
        return false;
    }
    const bool written = writeAll(fd, data.constData(), data.size());
    const int savedErrno = errno;
    if (::close(fd) != 0 || !written) {
        *error = QStringLiteral("Cannot write %1: %2").arg(displayPath(tempPath), errnoText(written ? errno : savedErrno));
        ::unlink(tempPath.constData());
        return false;
    }
    if (::rename(tempPath.constData(), finalPath.constData()) != 0) {
        *error = QStringLiteral("Cannot rename %1 to %2: %3")
                     .arg(displayPath(tempPath), displayPath(finalPath), errnoText(errno));
        ::unlink(tempPath.constData());
        return false;
    }
    return true;
}

bool readSmallFile(const QByteArray& path, QByteArray* out, int* errorCode)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        *errorCode = errno;
        return false;
    }
    out->clear();
    char buffer[65536];
    for (;;) {
        const qint64 n = readFully(fd, buffer, sizeof(buffer));
        if (n < 0) {
            *errorCode = errno;
            ::close(fd);
            return false;
        }
        out->append(buffer, int(n));
        if (n < qint64(sizeof(buffer)))
            break;
    }
    ::close(fd);
    return true;
}

bool makeDir(const QByteArray& path, QString* error)
{
    if (::mkdir(path.constData(), 0700) == 0 || errno == EEXIST)
        return true;
    *error = QStringLiteral("Cannot create folder %1: %2").arg(displayPath(path), errnoText(errno));
    return false;
}

// Everything one create() call shares between its directory walk, its hashing workers and its bookkeeping.
class SnapshotJob
{
public:
    SnapshotJob(const QByteArray& storeRoot, const QByteArray& sourceRoot)
        : m_storeRoot(storeRoot), m_sourceRoot(sourceRoot)
    {
        m_objectsDir = m_storeRoot + "/objects";
        m_tmpDir = m_storeRoot + "/tmp";
    }

    bool prepareStore(QString* error)
    {
        if (!makeDirs(m_storeRoot, error))
            return false;
        for (const char* sub : {"/objects", "/snapshots", "/tmp", "/statcache"}) {
            if (!makeDir(m_storeRoot + sub, error))
                return false;
        }
        // All 256 fan-out folders exist up front, so workers never race to create them.
        static const char hex[] = "0123456789abcdef";
        for (int i = 0; i < 256; ++i) {
            const char name[3] = {hex[i >> 4], hex[i & 15], 0};
            if (!makeDir(m_objectsDir + '/' + name, error))
                return false;
        }
        removeAbandonedTempFiles();
        struct stat st;
        if (::stat(m_storeRoot.constData(), &st) == 0) {
            m_storeDevice = st.st_dev;
            m_storeInode = st.st_ino;
        }
        return true;
    }

    // Temp files are named "<pid>-<n>.tmp"; those of processes that are gone (killed mid-snapshot) are garbage.
    void removeAbandonedTempFiles()
    {
        DIR* dir = ::opendir(m_tmpDir.constData());
        if (!dir)
            return;
        while (const dirent* entry = ::readdir(dir)) {
            const QByteArray name(entry->d_name);
            if (!name.endsWith(".tmp"))
                continue;
            bool ok = false;
            const qint64 pid = name.left(name.indexOf('-')).toLongLong(&ok);
            if (ok && pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
                ::unlinkat(::dirfd(dir), entry->d_name, 0);
        }
        ::closedir(dir);
    }

    static bool makeDirs(const QByteArray& path, QString* error)
    {
        if (QDir().mkpath(QFile::decodeName(path))) {
            ::chmod(path.constData(), 0700);
            return true;
        }
        *error = QStringLiteral("Cannot create folder %1").arg(displayPath(path));
        return false;
    }

    void walk()
    {
        std::vector<QByteArray> pending{QByteArray()};
        while (!pending.empty()) {
            const QByteArray relDir = pending.back();
            pending.pop_back();
            scanDirectory(relDir, pending);
        }
        std::sort(m_files.begin(), m_files.end(),
                  [](const ScannedFile& a, const ScannedFile& b) { return a.relPath < b.relPath; });
    }

    QByteArray statCachePath() const
    {
        const XXH64_hash_t key = XXH3_64bits(m_sourceRoot.constData(), size_t(m_sourceRoot.size()));
        return m_storeRoot + "/statcache/" + QByteArray::number(quint64(key), 16) + ".bin";
    }

    void loadStatCache()
    {
        QByteArray data;
        int code = 0;
        if (!readSmallFile(statCachePath(), &data, &code) || !data.startsWith(kStatCacheMagic))
            return;
        ByteReader reader{data};
        reader.pos = qsizetype(std::strlen(kStatCacheMagic));
        QHash<QByteArray, CachedStat> cache;
        while (!reader.atEnd() && reader.ok) {
            const QByteArray path = reader.readBytes(qsizetype(reader.readUInt(4)));
            CachedStat entry;
            entry.size = qint64(reader.readUInt(8));
            entry.mtimeNs = qint64(reader.readUInt(8));
            entry.ctimeNs = qint64(reader.readUInt(8));
            entry.inode = reader.readUInt(8);
            entry.device = reader.readUInt(8);
            entry.hash = reader.readBytes(16);
            if (reader.ok)
                cache.insert(path, entry);
        }
        if (reader.ok) // a damaged cache is worth nothing: every file is hashed again
            m_statCache = std::move(cache);
    }

    // A cache, so the last writer wins; failures to save only cost speed next time.
    void saveStatCache(qint64 scanStartNs)
    {
        QByteArray out(kStatCacheMagic);
        out.reserve(int(m_files.size()) * 96);
        for (const ScannedFile& file : m_files) {
            if (file.symlink || file.hash.size() != 16)
                continue;
            if (file.mtimeNs >= scanStartNs - kRacyWindowNs || file.ctimeNs >= scanStartNs - kRacyWindowNs)
                continue;
            appendU32(out, quint32(file.relPath.size()));
            out.append(file.relPath);
            appendU64(out, quint64(file.size));
            appendU64(out, quint64(file.mtimeNs));
            appendU64(out, quint64(file.ctimeNs));
            appendU64(out, file.inode);
            appendU64(out, file.device);
            out.append(file.hash);
        }
        QString ignored;
        writeFileAtomically(m_tmpDir, statCachePath(), out, &ignored);
    }

    // Fills in hashes from the cache; returns the indexes of files that must be read.
    std::vector<int> filesToHash()
    {
        std::vector<int> todo;
        for (int i = 0; i < int(m_files.size()); ++i) {
            ScannedFile& file = m_files[size_t(i)];
            if (file.symlink)
                continue;
            const auto cached = m_statCache.constFind(file.relPath);
            if (cached != m_statCache.constEnd() && cached->size == file.size && cached->mtimeNs == file.mtimeNs
                && cached->ctimeNs == file.ctimeNs && cached->inode == file.inode && cached->device == file.device) {
                // No existence check: the cache lives in this store and is saved only after its objects, and
                // the store never deletes objects, so a cached hash always names a stored object.
                file.hash = cached->hash;
                continue;
            }
            todo.push_back(i);
        }
        return todo;
    }

    bool hashAll(const std::vector<int>& todo, const std::function<bool(qint64, qint64)>& progress)
    {
        const qint64 total = qint64(m_files.size());
        const qint64 alreadyDone = total - qint64(todo.size());
        std::atomic<size_t> next{0};
        std::atomic<qint64> done{0};
        std::atomic<int> running{0};
        std::mutex mutex;
        std::condition_variable finished;

        // More workers than cores: creating and renaming small files waits on the file system, not the CPU.
        const unsigned hardware = std::max(4u, std::thread::hardware_concurrency());
        const unsigned workerCount = unsigned(std::min<size_t>(std::min(hardware, 8u), std::max<size_t>(todo.size(), 1)));
        auto work = [&]() {
            std::unique_ptr<char[]> buffer(new char[size_t(kWholeFileBuffer)]);
            for (;;) {
                if (m_canceled.load())
                    break;
                const size_t slot = next.fetch_add(1);
                if (slot >= todo.size())
                    break;
                hashAndStore(m_files[size_t(todo[slot])], buffer.get());
                done.fetch_add(1);
            }
            std::lock_guard<std::mutex> lock(mutex);
            if (running.fetch_sub(1) == 1)
                finished.notify_all();
        };
        std::vector<std::thread> workers;
        running.store(int(workerCount));
        for (unsigned i = 0; i < workerCount; ++i)
            workers.emplace_back(work);

        {
            std::unique_lock<std::mutex> lock(mutex);
            while (running.load() > 0) {
                finished.wait_for(lock, std::chrono::milliseconds(50));
                if (progress && !m_canceled.load()) {
                    lock.unlock();
                    if (!progress(alreadyDone + done.load(), total))
                        m_canceled.store(true);
                    lock.lock();
                }
            }
        }
        for (std::thread& worker : workers)
            worker.join();
        if (progress && !m_canceled.load() && !progress(total, total))
            m_canceled.store(true);
        return !m_canceled.load();
    }

    QByteArray objectPath(const QByteArray& raw) const
    {
        const QByteArray hex = raw.toHex();
        return m_objectsDir + '/' + hex.left(2) + '/' + hex.mid(2);
    }

    bool objectExists(const QByteArray& raw) const
    {
        struct stat st;
        return ::stat(objectPath(raw).constData(), &st) == 0 && S_ISREG(st.st_mode);
    }

    // Reads one file, hashing as it streams; new contents go to a temp file renamed into objects/.
    void hashAndStore(ScannedFile& file, char* buffer)
    {
        const QByteArray fullPath = m_sourceRoot + '/' + file.relPath;
        const int fd = ::open(fullPath.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
            addUnreadable(file.relPath, errno);
            return;
        }
        const qint64 firstRead = readFully(fd, buffer, kWholeFileBuffer);
        if (firstRead < 0) {
            addUnreadable(file.relPath, errno);
            ::close(fd);
            return;
        }
        if (firstRead < kWholeFileBuffer) {
            // The common case: the whole file is in memory, so an existing object costs no write at all.
            ::close(fd);
            const QByteArray raw = rawHash(XXH3_128bits(buffer, size_t(firstRead)));
            file.hash = raw;
            file.size = firstRead;
            if (claimObject(raw) && !objectExists(raw))
                storeObject(raw, buffer, firstRead);
            return;
        }

        // A large file is copied to a temp file while it is hashed, so the stored bytes are exactly the hashed
        // bytes even if the file changes under us.
        const QByteArray tempPath = uniqueTempName(m_tmpDir);
        const int out = ::open(tempPath.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (out < 0) {
            setStoreError(QStringLiteral("Cannot create %1: %2").arg(displayPath(tempPath), errnoText(errno)));
            ::close(fd);
            return;
        }
        XXH3_state_t* state = XXH3_createState();
        XXH3_128bits_reset(state);
        qint64 chunk = firstRead;
        qint64 total = 0;
        bool ok = true;
        while (chunk > 0) {
            XXH3_128bits_update(state, buffer, size_t(chunk));
            if (!writeAll(out, buffer, chunk)) {
                setStoreError(QStringLiteral("Cannot write %1: %2").arg(displayPath(tempPath), errnoText(errno)));
                ok = false;
                break;
            }
            total += chunk;
            if (m_canceled.load()) {
                ok = false;
                break;
            }
            chunk = readFully(fd, buffer, kWholeFileBuffer);
            if (chunk < 0) {
                addUnreadable(file.relPath, errno);
                ok = false;
                break;
            }
        }
        const QByteArray raw = rawHash(XXH3_128bits_digest(state));
        XXH3_freeState(state);
        ::close(fd);
        if (::close(out) != 0 && ok) {
            setStoreError(QStringLiteral("Cannot write %1: %2").arg(displayPath(tempPath), errnoText(errno)));
            ok = false;
        }
        if (!ok) {
            ::unlink(tempPath.constData());
            return;
        }
        file.hash = raw;
        file.size = total;
        if (!claimObject(raw) || objectExists(raw)) {
            ::unlink(tempPath.constData());
            return;
        }
        if (::rename(tempPath.constData(), objectPath(raw).constData()) != 0) {
            setStoreError(QStringLiteral("Cannot store object %1: %2").arg(QString::fromLatin1(raw.toHex()), errnoText(errno)));
            ::unlink(tempPath.constData());
            return;
        }
        m_storedBytes.fetch_add(total);
    }

    // Two identical files in one snapshot may be hashed at once by two workers; only the first writes.
    bool claimObject(const QByteArray& raw)
    {
        std::lock_guard<std::mutex> lock(m_claimMutex);
        if (m_claimed.contains(raw))
            return false;
        m_claimed.insert(raw);
        return true;
    }

    void storeObject(const QByteArray& raw, const char* data, qint64 size)
    {
        QString error;
        if (writeFileAtomically(m_tmpDir, objectPath(raw), QByteArray::fromRawData(data, int(size)), &error))
            m_storedBytes.fetch_add(size);
        else
            setStoreError(error);
    }

    void addUnreadable(const QByteArray& relPath, int code)
    {
        std::lock_guard<std::mutex> lock(m_errorMutex);
        m_unreadable.append(qMakePair(relPath, code));
    }

    void setStoreError(const QString& message)
    {
        std::lock_guard<std::mutex> lock(m_errorMutex);
        if (m_storeError.isEmpty())
            m_storeError = message;
        m_canceled.store(true);
    }

    QString unreadableError() const
    {
        if (m_unreadable.isEmpty())
            return {};
        auto sorted = m_unreadable;
        std::sort(sorted.begin(), sorted.end());
        QString message = QStringLiteral("Cannot snapshot %1: %2 unreadable path(s):")
                              .arg(displayPath(m_sourceRoot))
                              .arg(sorted.size());
        const int listed = std::min(int(sorted.size()), kMaxListedUnreadable);
        for (int i = 0; i < listed; ++i) {
            const QString path = sorted.at(i).first.isEmpty() ? QStringLiteral(".") : displayPath(sorted.at(i).first);
            message += QStringLiteral("\n  %1 (%2)").arg(path, errnoText(sorted.at(i).second));
        }
        if (sorted.size() > listed)
            message += QStringLiteral("\n  and %1 more").arg(sorted.size() - listed);
        return message;
    }

    QByteArray buildManifest() const
    {
        QByteArray out(kManifestMagic);
        out.reserve(int(m_files.size()) * 64);
        for (const ScannedFile& file : m_files) {
            out.append(char(file.symlink ? KindSymlink : file.executable ? KindExecutable : KindFile));
            appendU32(out, quint32(file.relPath.size()));
            out.append(file.relPath);
            if (file.symlink) {
                appendU32(out, quint32(file.symlinkTarget.size()));
                out.append(file.symlinkTarget);
            } else {
                appendU64(out, quint64(file.size));
                out.append(file.hash);
            }
        }
        return out;
    }

    std::vector<ScannedFile> m_files;
    QString m_storeError;
    std::atomic<bool> m_canceled{false};
    std::atomic<qint64> m_storedBytes{0};
    QByteArray m_storeRoot;
    QByteArray m_tmpDir;

private:
    void scanDirectory(const QByteArray& relDir, std::vector<QByteArray>& pending)
    {
        const QByteArray fullDir = relDir.isEmpty() ? m_sourceRoot : m_sourceRoot + '/' + relDir;
        DIR* dir = ::opendir(fullDir.constData());
        if (!dir) {
            addUnreadable(relDir, errno);
            return;
        }
        const int dirFd = ::dirfd(dir);
        std::vector<QByteArray> names;
        errno = 0;
        while (const dirent* entry = ::readdir(dir)) {
            const char* name = entry->d_name;
            if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0)))
                continue;
            names.emplace_back(name);
        }
        if (errno != 0)
            addUnreadable(relDir, errno);

        const QByteArray prefix = relDir.isEmpty() ? QByteArray() : relDir + '/';
        // This folder's ignore files apply to everything in it, so they are read before its entries are judged.
        for (const QString& ignoreName : IgnoreRules::ignoreFileNames()) {
            const QByteArray encoded = QFile::encodeName(ignoreName);
            if (std::find(names.begin(), names.end(), encoded) == names.end())
                continue;
            struct stat st;
            if (::fstatat(dirFd, encoded.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
                continue;
            QByteArray contents;
            int code = 0;
            if (readSmallFile(fullDir + '/' + encoded, &contents, &code))
                m_rules.addPatternsFrom(relDir, contents);
            else
                addUnreadable(prefix + encoded, code);
        }

        for (const QByteArray& name : names) {
            struct stat st;
            const QByteArray relPath = prefix + name;
            if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
                if (errno != ENOENT) // vanished since readdir: nothing to snapshot
                    addUnreadable(relPath, errno);
                continue;
            }
            const bool isDir = S_ISDIR(st.st_mode);
            if (m_rules.isEntryIgnored(relPath, isDir))
                continue;
            if (isDir) {
                // The store may live inside the source tree (a workspace inside the project): never snapshot it.
                if (st.st_dev == m_storeDevice && st.st_ino == m_storeInode)
                    continue;
                pending.push_back(relPath);
                continue;
            }
            ScannedFile file;
            file.relPath = relPath;
            if (S_ISLNK(st.st_mode)) {
                QByteArray target(int(st.st_size > 0 ? st.st_size : 255) + 1, Qt::Uninitialized);
                const ssize_t n = ::readlinkat(dirFd, name.constData(), target.data(), size_t(target.size()));
                if (n < 0) {
                    addUnreadable(relPath, errno);
                    continue;
                }
                target.truncate(int(n));
                file.symlink = true;
                file.symlinkTarget = target;
                file.size = 0;
            } else if (S_ISREG(st.st_mode)) {
                file.size = qint64(st.st_size);
                file.mtimeNs = toNs(st.st_mtim);
                file.ctimeNs = toNs(st.st_ctim);
                file.inode = quint64(st.st_ino);
                file.device = quint64(st.st_dev);
                file.executable = (st.st_mode & S_IXUSR) != 0;
            } else {
                continue; // FIFOs, sockets and devices are not code; git skips them too
            }
            m_files.push_back(std::move(file));
        }
        ::closedir(dir);
    }

    QByteArray m_sourceRoot;
    QByteArray m_objectsDir;
    IgnoreRules m_rules;
    QHash<QByteArray, CachedStat> m_statCache;
    dev_t m_storeDevice = 0;
    ino_t m_storeInode = 0;
    std::mutex m_errorMutex;
    std::mutex m_claimMutex;
    QSet<QByteArray> m_claimed;
    QVector<QPair<QByteArray, int>> m_unreadable;
};

qint64 realtimeNs()
{
    struct timespec ts;
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return toNs(ts);
}

bool isSafeRelativePath(const QByteArray& path)
{
    if (path.isEmpty() || path.startsWith('/') || path.contains('\0'))
        return false;
    for (const QByteArray& part : path.split('/')) {
        if (part.isEmpty() || part == "." || part == "..")
            return false;
    }
    return true;
}

} // namespace

SnapshotStore::SnapshotStore(const QString& rootDir)
    : m_rootDir(QDir::cleanPath(QFileInfo(rootDir).absoluteFilePath()))
{
}

std::optional<SnapshotSummary> SnapshotStore::create(const QString& sourceDir, QString* error,
                                                     const std::function<bool(qint64, qint64)>& progress)
{
    QString localError;
    if (!error)
        error = &localError;
    const QFileInfo sourceInfo(sourceDir);
    if (sourceDir.isEmpty() || !sourceInfo.isDir()) {
        *error = QStringLiteral("Source directory %1 does not exist or is not a folder").arg(sourceDir);
        return std::nullopt;
    }
    const qint64 scanStartNs = realtimeNs();
    const QByteArray sourceRoot = QFile::encodeName(QDir::cleanPath(sourceInfo.absoluteFilePath()));
    SnapshotJob job(QFile::encodeName(m_rootDir), sourceRoot);
    if (!job.prepareStore(error))
        return std::nullopt;

    job.walk();
    job.loadStatCache();
    const std::vector<int> todo = job.filesToHash();
    const bool completed = job.hashAll(todo, progress);

    if (!job.m_storeError.isEmpty()) {
        *error = job.m_storeError;
        return std::nullopt;
    }
    if (!completed) {
        *error = QStringLiteral("canceled");
        return std::nullopt;
    }
    const QString unreadable = job.unreadableError();
    if (!unreadable.isEmpty()) {
        *error = unreadable;
        return std::nullopt;
    }

    const QByteArray manifestBytes = job.buildManifest();
    const QString id = QString::fromLatin1(rawHash(XXH3_128bits(manifestBytes.constData(), size_t(manifestBytes.size()))).toHex());
    const QByteArray manifestPath = job.m_storeRoot + "/snapshots/" + id.toLatin1() + ".manifest";
    struct stat st;
    if (::stat(manifestPath.constData(), &st) != 0) {
        if (!writeFileAtomically(job.m_tmpDir, manifestPath, manifestBytes, error))
            return std::nullopt;
    }
    job.saveStatCache(scanStartNs);

    SnapshotSummary summary;
    summary.id = id;
    summary.fileCount = qint64(job.m_files.size());
    for (const ScannedFile& file : job.m_files)
        summary.totalBytes += file.size;
    summary.storedBytes = job.m_storedBytes.load();
    summary.hashedFiles = qint64(todo.size());
    return summary;
}

std::optional<QVector<SnapshotEntry>> SnapshotStore::manifest(const QString& snapshotId, QString* error) const
{
    QString localError;
    if (!error)
        error = &localError;
    if (!isHexId(snapshotId)) {
        *error = QStringLiteral("Invalid snapshot id \"%1\": expected 32 lowercase hex digits").arg(snapshotId);
        return std::nullopt;
    }
    const QByteArray path = QFile::encodeName(m_rootDir + QStringLiteral("/snapshots/") + snapshotId + QStringLiteral(".manifest"));
    QByteArray data;
    int code = 0;
    if (!readSmallFile(path, &data, &code)) {
        *error = code == ENOENT ? QStringLiteral("Snapshot %1 not found in %2").arg(snapshotId, m_rootDir)
                                : QStringLiteral("Cannot read snapshot %1: %2").arg(snapshotId, errnoText(code));
        return std::nullopt;
    }
    const QString actual = QString::fromLatin1(rawHash(XXH3_128bits(data.constData(), size_t(data.size()))).toHex());
    if (actual != snapshotId || !data.startsWith(kManifestMagic)) {
        *error = QStringLiteral("Snapshot %1 is corrupt (its manifest does not match its id)").arg(snapshotId);
        return std::nullopt;
    }
    ByteReader reader{data};
    reader.pos = qsizetype(std::strlen(kManifestMagic));
    QVector<SnapshotEntry> entries;
    while (!reader.atEnd() && reader.ok) {
        const auto kind = static_cast<unsigned char>(reader.readUInt(1));
        const QByteArray relPath = reader.readBytes(qsizetype(reader.readUInt(4)));
        SnapshotEntry entry;
        entry.path = QFile::decodeName(relPath);
        if (kind == KindSymlink) {
            entry.symlinkTarget = QFile::decodeName(reader.readBytes(qsizetype(reader.readUInt(4))));
        } else if (kind == KindFile || kind == KindExecutable) {
            entry.size = qint64(reader.readUInt(8));
            entry.hash = reader.readBytes(16).toHex();
            entry.executable = kind == KindExecutable;
        } else {
            reader.ok = false;
        }
        if (!reader.ok || !isSafeRelativePath(relPath)) {
            *error = QStringLiteral("Snapshot %1 has a malformed entry").arg(snapshotId);
            return std::nullopt;
        }
        entries.append(entry);
    }
    return entries;
}

bool SnapshotStore::materialize(const QString& snapshotId, const QString& destDir, QString* error,
                                MaterializeStats* stats) const
{
    MaterializeStats localStats;
    if (!stats)
        stats = &localStats;
    *stats = {};
    // Cleared at the first file the file system cannot clone: then every file is copied.
    bool tryClone = true;
    QString localError;
    if (!error)
        error = &localError;
    const auto entries = manifest(snapshotId, error);
    if (!entries)
        return false;
    const QDir dest(destDir);
    if (dest.exists() && !dest.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        *error = QStringLiteral("Cannot materialize snapshot into %1: the folder is not empty").arg(destDir);
        return false;
    }
    if (!QDir().mkpath(destDir)) {
        *error = QStringLiteral("Cannot create folder %1").arg(destDir);
        return false;
    }
    const QByteArray destRoot = QFile::encodeName(QDir::cleanPath(QFileInfo(destDir).absoluteFilePath()));
    // The working copy lives in the private workspace: owner-only, whatever the umask.
    ::chmod(destRoot.constData(), 0700);
    const QByteArray objectsDir = QFile::encodeName(m_rootDir) + "/objects/";
    std::unique_ptr<char[]> buffer(new char[size_t(kCopyChunk)]);
    QByteArray lastParent;

    for (const SnapshotEntry& entry : *entries) {
        const QByteArray relPath = QFile::encodeName(entry.path);
        const QByteArray target = destRoot + '/' + relPath;
        const int slash = int(relPath.lastIndexOf('/'));
        if (slash > 0) {
            const QByteArray parent = relPath.left(slash);
            if (parent != lastParent) {
                // One component at a time, each created owner-only.
                QByteArray folder = destRoot;
                for (const QByteArray& component : parent.split('/')) {
                    folder += '/' + component;
                    if (::mkdir(folder.constData(), 0700) != 0 && errno != EEXIST) {
                        *error = QStringLiteral("Cannot create folder %1: %2").arg(QFile::decodeName(folder), errnoText(errno));
                        return false;
                    }
                }
                lastParent = parent;
            }
        }
        if (!entry.symlinkTarget.isEmpty()) {
            if (::symlink(QFile::encodeName(entry.symlinkTarget).constData(), target.constData()) != 0) {
                *error = QStringLiteral("Cannot create symlink %1: %2").arg(entry.path, errnoText(errno));
                return false;
            }
            continue;
        }
        const QByteArray hex = entry.hash;
        const QByteArray objectPath = objectsDir + hex.left(2) + '/' + hex.mid(2);
        const int in = ::open(objectPath.constData(), O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            *error = QStringLiteral("Snapshot %1 is missing object %2 (for %3): %4")
                         .arg(snapshotId, QString::fromLatin1(hex), entry.path, errnoText(errno));
            return false;
        }
        const mode_t mode = entry.executable ? 0700 : 0600;
        const int out = ::open(target.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (out < 0) {
            *error = QStringLiteral("Cannot create %1: %2").arg(QFile::decodeName(target), errnoText(errno));
            ::close(in);
            return false;
        }
        if (tryClone) {
            if (::ioctl(out, FICLONE, in) == 0) {
                // Shared blocks are copied on the first write to either side, so the object stays intact.
                struct stat cloned;
                const bool sized = ::fstat(out, &cloned) == 0 && cloned.st_size == entry.size;
                ::close(in);
                ::fchmod(out, mode);
                if (::close(out) != 0 || !sized) {
                    *error = sized ? QStringLiteral("Cannot write %1: %2").arg(QFile::decodeName(target), errnoText(errno))
                                   : QStringLiteral("Object %1 (for %2) has the wrong size")
                                         .arg(QString::fromLatin1(hex), entry.path);
                    return false;
                }
                ++stats->clonedFiles;
                continue;
            }
            // EOPNOTSUPP (ext4, tmpfs), EXDEV (another file system), EINVAL: copy this and every later file.
            tryClone = false;
        }
        ++stats->copiedFiles;
        XXH3_state_t* state = XXH3_createState();
        XXH3_128bits_reset(state);
        bool ok = true;
        for (;;) {
            const qint64 n = readFully(in, buffer.get(), kCopyChunk);
            if (n < 0) {
                *error = QStringLiteral("Cannot read object %1: %2").arg(QString::fromLatin1(hex), errnoText(errno));
                ok = false;
                break;
            }
            if (n == 0)
                break;
            XXH3_128bits_update(state, buffer.get(), size_t(n));
            if (!writeAll(out, buffer.get(), n)) {
                *error = QStringLiteral("Cannot write %1: %2").arg(QFile::decodeName(target), errnoText(errno));
                ok = false;
                break;
            }
        }
        const QByteArray actual = rawHash(XXH3_128bits_digest(state)).toHex();
        XXH3_freeState(state);
        ::close(in);
        ::fchmod(out, mode); // exact bits, whatever the umask
        if (::close(out) != 0 && ok) {
            *error = QStringLiteral("Cannot write %1: %2").arg(QFile::decodeName(target), errnoText(errno));
            ok = false;
        }
        if (ok && actual != hex) {
            *error = QStringLiteral("Object %1 (for %2) is corrupt: its contents hash to %3")
                         .arg(QString::fromLatin1(hex), entry.path, QString::fromLatin1(actual));
            ok = false;
        }
        if (!ok)
            return false;
    }
    return true;
}

std::optional<QByteArray> SnapshotStore::readFile(const QString& snapshotId, const QString& relativePath,
                                                  qint64 maxBytes, QString* error) const
{
    QString localError;
    if (!error)
        error = &localError;
    const auto entries = manifest(snapshotId, error);
    if (!entries)
        return std::nullopt;
    QHash<QString, const SnapshotEntry*> byPath;
    for (const SnapshotEntry& entry : *entries)
        byPath.insert(entry.path, &entry);
    QString path = QDir::cleanPath(QDir::fromNativeSeparators(relativePath));
    // A symlink is followed while it stays inside the snapshot, a few levels at most (a loop ends there).
    for (int depth = 0; depth < 8; ++depth) {
        if (QDir::isAbsolutePath(path) || path == QLatin1String("..") || path.startsWith(QLatin1String("../"))) {
            *error = QStringLiteral("%1 is outside the snapshot").arg(relativePath);
            return std::nullopt;
        }
        const SnapshotEntry* entry = byPath.value(path);
        if (!entry) {
            *error = QStringLiteral("%1 is not in the snapshot of the source directory").arg(relativePath);
            return std::nullopt;
        }
        if (!entry->symlinkTarget.isEmpty()) {
            const QString parent = QFileInfo(path).path();
            path = QDir::cleanPath(QDir::isAbsolutePath(entry->symlinkTarget)
                                       ? entry->symlinkTarget
                                       : (parent == QLatin1String(".") ? QString() : parent + QLatin1Char('/'))
                                             + entry->symlinkTarget);
            continue;
        }
        if (entry->size > maxBytes) {
            *error = QStringLiteral("%1 is too large (%2 bytes; at most %3)").arg(relativePath).arg(entry->size).arg(maxBytes);
            return std::nullopt;
        }
        const QString objectPath = m_rootDir + QStringLiteral("/objects/") + QString::fromLatin1(entry->hash.left(2))
                                   + QLatin1Char('/') + QString::fromLatin1(entry->hash.mid(2));
        QFile object(objectPath);
        if (!object.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1 from the snapshot (%2): %3").arg(relativePath, objectPath, object.errorString());
            return std::nullopt;
        }
        const QByteArray content = object.read(maxBytes + 1);
        const QByteArray actual = rawHash(XXH3_128bits(content.constData(), size_t(content.size()))).toHex();
        if (content.size() != entry->size || actual != entry->hash) {
            *error = QStringLiteral("the snapshot's copy of %1 is corrupt (object %2)").arg(relativePath, QString::fromLatin1(entry->hash));
            return std::nullopt;
        }
        return content;
    }
    *error = QStringLiteral("%1: too many levels of symbolic links").arg(relativePath);
    return std::nullopt;
}

bool SnapshotStore::verify(const QString& snapshotId, QString* error) const
{
    QString localError;
    if (!error)
        error = &localError;
    const auto entries = manifest(snapshotId, error);
    if (!entries)
        return false;
    const QByteArray objectsDir = QFile::encodeName(m_rootDir) + "/objects/";
    std::unique_ptr<char[]> buffer(new char[size_t(kCopyChunk)]);
    QSet<QByteArray> checked;
    for (const SnapshotEntry& entry : *entries) {
        if (!entry.symlinkTarget.isEmpty() || checked.contains(entry.hash))
            continue;
        checked.insert(entry.hash);
        const QByteArray objectPath = objectsDir + entry.hash.left(2) + '/' + entry.hash.mid(2);
        const int in = ::open(objectPath.constData(), O_RDONLY | O_CLOEXEC);
        if (in < 0) {
            *error = QStringLiteral("Snapshot %1 is missing object %2 (for %3): %4")
                         .arg(snapshotId, QString::fromLatin1(entry.hash), entry.path, errnoText(errno));
            return false;
        }
        XXH3_state_t* state = XXH3_createState();
        XXH3_128bits_reset(state);
        qint64 total = 0;
        qint64 n = 0;
        while ((n = readFully(in, buffer.get(), kCopyChunk)) > 0) {
            XXH3_128bits_update(state, buffer.get(), size_t(n));
            total += n;
        }
        const int readErrno = errno;
        const QByteArray actual = rawHash(XXH3_128bits_digest(state)).toHex();
        XXH3_freeState(state);
        ::close(in);
        if (n < 0) {
            *error = QStringLiteral("Cannot read object %1: %2").arg(QString::fromLatin1(entry.hash), errnoText(readErrno));
            return false;
        }
        if (actual != entry.hash || total != entry.size) {
            *error = QStringLiteral("Object %1 (for %2) is corrupt: %3 bytes that hash to %4")
                         .arg(QString::fromLatin1(entry.hash), entry.path)
                         .arg(total)
                         .arg(QString::fromLatin1(actual));
            return false;
        }
    }
    return true;
}
