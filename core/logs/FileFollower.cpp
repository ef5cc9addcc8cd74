#include "logs/FileFollower.h"

#include <QFileInfo>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr uint32_t kFileEvents = IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF;
constexpr uint32_t kFolderEvents = IN_CREATE | IN_MOVED_TO;

QString errnoText() { return QString::fromLocal8Bit(std::strerror(errno)); }

} // namespace

FileFollower::FileFollower(const QString& path, qint64 fromOffset, QObject* parent)
    : QObject(parent), m_path(path), m_offset(qMax<qint64>(0, fromOffset))
{
}

FileFollower::~FileFollower()
{
    m_notifier.reset();
    closeFile();
    if (m_inotify >= 0)
        ::close(m_inotify);
}

bool FileFollower::start(QString* error)
{
    if (m_inotify < 0) {
        m_inotify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (m_inotify < 0) {
            if (error)
                *error = QStringLiteral("cannot watch %1: %2").arg(m_path, errnoText());
            return false;
        }
        m_notifier = std::make_unique<QSocketNotifier>(m_inotify, QSocketNotifier::Read);
        connect(m_notifier.get(), &QSocketNotifier::activated, this, &FileFollower::onNotification);
        // The folder is watched for the whole time: the file may not exist yet, or be replaced by a new one.
        const QByteArray folder = QFile::encodeName(QFileInfo(m_path).absolutePath());
        m_folderWatch = ::inotify_add_watch(m_inotify, folder.constData(), kFolderEvents | IN_ONLYDIR);
    }
    watchFile();
    drain();
    return true;
}

void FileFollower::watchFile()
{
    if (m_fd >= 0)
        return;
    if (m_inotify < 0) {
        openFile(); // no notifications: the owner's drain() calls are all there is
        return;
    }
    const QByteArray name = QFile::encodeName(m_path);
    // Watch before opening, so that nothing written between the two goes unnoticed.
    m_fileWatch = ::inotify_add_watch(m_inotify, name.constData(), kFileEvents);
    if (m_fileWatch < 0)
        return; // not there yet: the folder watch says when it appears
    if (!openFile()) {
        ::inotify_rm_watch(m_inotify, m_fileWatch);
        m_fileWatch = -1;
    }
}

bool FileFollower::openFile()
{
    const QByteArray name = QFile::encodeName(m_path);
    do {
        m_fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
    } while (m_fd < 0 && errno == EINTR);
    return m_fd >= 0;
}

void FileFollower::closeFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (m_fileWatch >= 0 && m_inotify >= 0)
        ::inotify_rm_watch(m_inotify, m_fileWatch);
    m_fileWatch = -1;
}

void FileFollower::drain()
{
    if (m_fd < 0) {
        watchFile();
        if (m_fd < 0)
            return;
    }
    struct stat st;
    if (::fstat(m_fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < m_offset)
        m_offset = 0; // truncated: what is there now is new
    for (;;) {
        // Reuse the buffer; a receiver that kept a copy makes data() detach, so its bytes stay intact.
        m_buffer.resize(kChunkBytes);
        const ssize_t n = ::pread(m_fd, m_buffer.data(), size_t(kChunkBytes), off_t(m_offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            emit readError(QStringLiteral("cannot read %1: %2").arg(m_path, errnoText()));
            return;
        }
        if (n == 0)
            return;
        m_offset += n;
        m_buffer.resize(n);
        emit output(m_buffer);
    }
}

void FileFollower::onNotification()
{
    bool replaced = false;
    alignas(struct inotify_event) char events[8192];
    for (;;) {
        const ssize_t n = ::read(m_inotify, events, sizeof events);
        if (n <= 0)
            break; // EAGAIN: all read
        for (ssize_t pos = 0; pos < n;) {
            const auto* event = reinterpret_cast<const struct inotify_event*>(events + pos);
            pos += ssize_t(sizeof(struct inotify_event) + event->len);
            if (event->wd == m_fileWatch && (event->mask & (IN_MOVE_SELF | IN_DELETE_SELF | IN_IGNORED)))
                replaced = true;
            if (event->wd == m_folderWatch && event->len > 0 && m_fd >= 0
                && QFile::decodeName(event->name) == QFileInfo(m_path).fileName()) {
                // A new file took the name: it replaces the one being read, once that is read to its end.
                struct stat now, open;
                const QByteArray name = QFile::encodeName(m_path);
                if (::stat(name.constData(), &now) == 0 && ::fstat(m_fd, &open) == 0 && now.st_ino != open.st_ino)
                    replaced = true;
            }
        }
    }
    drain();
    if (replaced && m_fd >= 0) {
        closeFile();
        m_offset = 0;
        drain();
    }
}
