// Follows one file that another process appends to (a run's stdout.log, a log under logs/), for a terminal or
// a viewer: emits every byte appended from a start offset on, as soon as the kernel says the file changed.
// Changes come from inotify on the file (and on its folder until the file exists, or after it was replaced),
// so nothing is polled and a line reaches the receiver within the event loop's next turn. Each wake-up
// drains the file to its current end, however much was written; the data is handed out in chunks of at most
// kChunkBytes, so memory stays bounded whatever the file's size.
//
// The follower never decides when to stop: the owner knows when the writer is done (a run's status), calls
// drain() once more and deletes it.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

class QSocketNotifier;

class FileFollower : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kChunkBytes = 256 * 1024;

    explicit FileFollower(const QString& path, qint64 fromOffset = 0, QObject* parent = nullptr);
    ~FileFollower() override;
    FileFollower(const FileFollower&) = delete;
    FileFollower& operator=(const FileFollower&) = delete;

    // Starts watching and drains what is already there. False with a reason when inotify is not available;
    // a file that does not exist yet is not an error (it is picked up when it appears).
    bool start(QString* error = nullptr);
    // Reads to the current end of the file now, emitting output(); also what every notification does.
    void drain();

    QString path() const { return m_path; }
    qint64 offset() const { return m_offset; }

signals:
    // `data` follows the previous emission byte for byte. Receivers connected directly must not keep a
    // reference past the call; a copy (as a queued connection makes) stays valid.
    void output(const QByteArray& data);
    // The file could not be read (it was replaced by a folder, a read error); following goes on.
    void readError(const QString& message);

private:
    void onNotification();
    void watchFile();
    bool openFile();
    void closeFile();

    QString m_path;
    qint64 m_offset = 0;
    int m_inotify = -1;
    int m_fileWatch = -1;
    int m_folderWatch = -1;
    int m_fd = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QByteArray m_buffer;
};
