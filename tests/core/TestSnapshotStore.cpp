#include <QtTest>

#include <algorithm>

#include "snapshot/SnapshotStore.h"
#include "TestSupport.h"

#include <QDirIterator>
#include <QTemporaryDir>

#include <xxhash.h>

#include <csignal>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

QString hexHash(const QByteArray& data)
{
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits(data.constData(), size_t(data.size())));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(canonical.digest), 16).toHex());
}

int countObjects(const QString& storeDir)
{
    int count = 0;
    QDirIterator it(storeDir + QStringLiteral("/objects"), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

QByteArray pseudoRandom(int size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    quint32 x = seed * 2654435761u + 1;
    for (int i = 0; i < size; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data[i] = char(x & 0xff);
    }
    return data;
}

void setMode(const QString& path, mode_t mode)
{
    ::chmod(QFile::encodeName(path).constData(), mode);
}

// Makes every file older than the stat cache's "racy" window so a snapshot may cache it.
void waitPastRacyWindow()
{
    QThread::msleep(1100);
}

QMap<QString, SnapshotEntry> byPath(const QVector<SnapshotEntry>& entries)
{
    QMap<QString, SnapshotEntry> map;
    for (const SnapshotEntry& entry : entries)
        map.insert(entry.path, entry);
    return map;
}

} // namespace

class TestSnapshotStore : public QObject
{
    Q_OBJECT
private:
    QString m_src;
    QString m_store;
    std::unique_ptr<QTemporaryDir> m_dir;

    void write(const QString& rel, const QByteArray& data) { QVERIFY(TestSupport::writeFile(m_src + QLatin1Char('/') + rel, data)); }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_src = m_dir->path() + QStringLiteral("/src");
        m_store = m_dir->path() + QStringLiteral("/store");
        QVERIFY(QDir().mkpath(m_src));
    }

    void cleanup() { m_dir.reset(); }

    void manifestListsFilesWithHashesAndHonoursIgnoreFiles()
    {
        write(QStringLiteral("train.py"), "print('hi')\n");
        write(QStringLiteral("data/a.csv"), "1,2\n");
        write(QStringLiteral("debug.log"), "noise");
        write(QStringLiteral(".gitignore"), "*.log\n");
        write(QStringLiteral("data/.amlignore"), "big/\n");
        write(QStringLiteral("data/big/huge.bin"), "zzz");
        write(QStringLiteral("models/.trainyardignore"), "*.pt\n!best.pt\n");
        write(QStringLiteral("models/last.pt"), "L");
        write(QStringLiteral("models/best.pt"), "B");
        write(QStringLiteral(".git/HEAD"), "ref: refs/heads/main\n");
        write(QStringLiteral("empty.txt"), QByteArray());

        SnapshotStore store(m_store);
        QString error;
        const auto summary = store.create(m_src, &error);
        QVERIFY2(summary, qPrintable(error));
        const auto entries = store.manifest(summary->id, &error);
        QVERIFY2(entries, qPrintable(error));
        QStringList paths;
        for (const SnapshotEntry& entry : *entries)
            paths.append(entry.path);
        const QStringList expected{QStringLiteral(".gitignore"),     QStringLiteral("data/.amlignore"),
                                   QStringLiteral("data/a.csv"),     QStringLiteral("empty.txt"),
                                   QStringLiteral("models/.trainyardignore"), QStringLiteral("models/best.pt"),
                                   QStringLiteral("train.py")};
        QCOMPARE(paths, expected);
        const auto map = byPath(*entries);
        QCOMPARE(QString::fromLatin1(map.value(QStringLiteral("train.py")).hash), hexHash("print('hi')\n"));
        QCOMPARE(map.value(QStringLiteral("train.py")).size, qint64(12));
        QCOMPARE(QString::fromLatin1(map.value(QStringLiteral("empty.txt")).hash), hexHash(QByteArray()));
        QCOMPARE(summary->fileCount, qint64(expected.size()));
        qint64 total = 0;
        for (const SnapshotEntry& entry : *entries)
            total += entry.size;
        QCOMPARE(summary->totalBytes, total);
        QCOMPARE(summary->id.size(), 32);
        QVERIFY(QFileInfo::exists(m_store + QStringLiteral("/snapshots/") + summary->id + QStringLiteral(".manifest")));
    }

    void objectsAreStoredOnceAcrossSnapshots()
    {
        const QByteArray shared = pseudoRandom(300000, 1);
        write(QStringLiteral("a.bin"), shared);
        write(QStringLiteral("copy/a-again.bin"), shared); // same content inside one snapshot
        write(QStringLiteral("b.txt"), "hello");
        SnapshotStore store(m_store);
        QString error;
        const auto first = store.create(m_src, &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(first->storedBytes, qint64(shared.size() + 5));
        const int objects = countObjects(m_store);
        QCOMPARE(objects, 2);

        const auto second = store.create(m_src, &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(second->storedBytes, qint64(0));
        QCOMPARE(second->id, first->id);
        QCOMPARE(countObjects(m_store), objects);

        // A different tree sharing one file only stores what is new.
        const QString other = m_dir->path() + QStringLiteral("/other");
        QVERIFY(TestSupport::writeFile(other + QStringLiteral("/x.bin"), shared));
        QVERIFY(TestSupport::writeFile(other + QStringLiteral("/new.txt"), "brand new"));
        const auto third = store.create(other, &error);
        QVERIFY2(third, qPrintable(error));
        QCOMPARE(third->storedBytes, qint64(9));
        QCOMPARE(countObjects(m_store), objects + 1);
        QVERIFY(third->id != first->id);
    }

    void largeFilesStreamAndRoundTrip()
    {
        const QByteArray big = pseudoRandom(9 * 1024 * 1024 + 123, 7); // beyond the one-buffer fast path
        write(QStringLiteral("weights.bin"), big);
        SnapshotStore store(m_store);
        QString error;
        const auto summary = store.create(m_src, &error);
        QVERIFY2(summary, qPrintable(error));
        QCOMPARE(summary->storedBytes, qint64(big.size()));
        const auto again = store.create(m_src, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->storedBytes, qint64(0));
        const QString dest = m_dir->path() + QStringLiteral("/out");
        QVERIFY2(store.materialize(summary->id, dest, &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(dest + QStringLiteral("/weights.bin")), big);
        QCOMPARE(countObjects(m_store), 1);
    }

    void materializeRecreatesContentsExecBitsAndSymlinks()
    {
        write(QStringLiteral("run.sh"), "#!/bin/sh\necho hi\n");
        setMode(m_src + QStringLiteral("/run.sh"), 0755);
        write(QStringLiteral("lib/util.py"), "x = 1\n");
        setMode(m_src + QStringLiteral("/lib/util.py"), 0644);
        const QString oddName = QString::fromUtf8("odd\tname\nwith ünïcode.txt");
        write(oddName, "odd");
        QVERIFY(QFile::link(QStringLiteral("lib/util.py"), m_src + QStringLiteral("/link-to-file")));
        QVERIFY(QFile::link(QStringLiteral("lib"), m_src + QStringLiteral("/link-to-dir")));
        QVERIFY(QFile::link(QStringLiteral("does/not/exist"), m_src + QStringLiteral("/dangling")));

        SnapshotStore store(m_store);
        QString error;
        const auto summary = store.create(m_src, &error);
        QVERIFY2(summary, qPrintable(error));
        QCOMPARE(summary->fileCount, qint64(6)); // the symlinked folder is not descended

        const QString dest = m_dir->path() + QStringLiteral("/restored");
        QVERIFY2(store.materialize(summary->id, dest, &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(dest + QStringLiteral("/run.sh")), QByteArray("#!/bin/sh\necho hi\n"));
        QCOMPARE(TestSupport::readFile(dest + QStringLiteral("/lib/util.py")), QByteArray("x = 1\n"));
        QCOMPARE(TestSupport::readFile(dest + QLatin1Char('/') + oddName), QByteArray("odd"));
        QVERIFY(QFileInfo(dest + QStringLiteral("/run.sh")).permissions() & QFileDevice::ExeOwner);
        QVERIFY(!(QFileInfo(dest + QStringLiteral("/lib/util.py")).permissions() & QFileDevice::ExeOwner));
        QCOMPARE(QFileInfo(dest + QStringLiteral("/link-to-file")).symLinkTarget(), dest + QStringLiteral("/lib/util.py"));
        QVERIFY(QFileInfo(dest + QStringLiteral("/link-to-dir")).isSymLink());
        QVERIFY(QFileInfo(dest + QStringLiteral("/dangling")).isSymLink());
        char target[256] = {};
        QVERIFY(::readlink(QFile::encodeName(dest + QStringLiteral("/dangling")).constData(), target, sizeof(target) - 1) > 0);
        QCOMPARE(QByteArray(target), QByteArray("does/not/exist"));
        // Fresh copies: editing the restored file must not touch the store.
        QVERIFY(TestSupport::writeFile(dest + QStringLiteral("/lib/util.py"), "changed"));
        const QString again = m_dir->path() + QStringLiteral("/restored2");
        QVERIFY2(store.materialize(summary->id, again, &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(again + QStringLiteral("/lib/util.py")), QByteArray("x = 1\n"));

        // Refuses to mix a snapshot into a folder that already has files.
        QVERIFY(!store.materialize(summary->id, dest, &error));
        QVERIFY2(error.contains(QStringLiteral("not empty")), qPrintable(error));
    }

    void symlinkLoopsDoNotHang()
    {
        write(QStringLiteral("a.txt"), "a");
        QVERIFY(QFile::link(QStringLiteral("."), m_src + QStringLiteral("/self")));
        QVERIFY(QFile::link(QStringLiteral("loop2"), m_src + QStringLiteral("/loop1")));
        QVERIFY(QFile::link(QStringLiteral("loop1"), m_src + QStringLiteral("/loop2")));
        QVERIFY(QFile::link(m_src, m_src + QStringLiteral("/sub-absolute")));
        SnapshotStore store(m_store);
        QString error;
        const auto summary = store.create(m_src, &error);
        QVERIFY2(summary, qPrintable(error));
        QCOMPARE(summary->fileCount, qint64(5));
        const auto entries = store.manifest(summary->id, &error);
        QVERIFY(entries);
        const auto map = byPath(*entries);
        QCOMPARE(map.value(QStringLiteral("self")).symlinkTarget, QStringLiteral("."));
        QCOMPARE(map.value(QStringLiteral("loop1")).symlinkTarget, QStringLiteral("loop2"));
    }

    // Root reads everything, so as root the snapshot runs with the effective uid of "nobody" (all threads).
    void unreadablePathsFailWithOneListing()
    {
        for (int i = 0; i < 23; ++i)
            write(QStringLiteral("locked/f%1.txt").arg(i, 2, 10, QLatin1Char('0')), "secret");
        write(QStringLiteral("ok.txt"), "fine");
        write(QStringLiteral("closed/inner.txt"), "hidden");
        for (int i = 0; i < 23; ++i)
            setMode(m_src + QStringLiteral("/locked/f%1.txt").arg(i, 2, 10, QLatin1Char('0')), 0000);
        setMode(m_src + QStringLiteral("/closed"), 0000);
        setMode(m_dir->path(), 0777);
        setMode(m_src, 0777);
        setMode(m_src + QStringLiteral("/locked"), 0777);

        const bool root = ::geteuid() == 0;
        if (root)
            QVERIFY2(::seteuid(65534) == 0, "cannot take the uid of nobody to make files unreadable");
        SnapshotStore store(m_store);
        QString error;
        const auto summary = store.create(m_src, &error);
        if (root)
            QVERIFY(::seteuid(0) == 0);
        setMode(m_src + QStringLiteral("/closed"), 0755);

        QVERIFY(!summary);
        QVERIFY2(error.contains(QStringLiteral("24 unreadable")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("closed (")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("locked/f00.txt")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("and 4 more")), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("ok.txt")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("Permission denied")), qPrintable(error));
        QCOMPARE(error.count(QLatin1Char('\n')), 21); // header, 20 paths, then "and 4 more"
    }

    void statCacheSkipsUnchangedFilesAndSeesChanges()
    {
        write(QStringLiteral("a.txt"), "aaaa");
        write(QStringLiteral("b.txt"), "bbbb");
        write(QStringLiteral("c/d.txt"), "dddd");
        waitPastRacyWindow();
        SnapshotStore store(m_store);
        QString error;
        const auto first = store.create(m_src, &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(first->hashedFiles, qint64(3));
        const auto second = store.create(m_src, &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(second->hashedFiles, qint64(0));
        QCOMPARE(second->id, first->id);

        // Same size, new content: the changed mtime must be noticed.
        const QString path = m_src + QStringLiteral("/a.txt");
        struct stat before;
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &before), 0);
        write(QStringLiteral("a.txt"), "AAAA");
        const auto third = store.create(m_src, &error);
        QVERIFY2(third, qPrintable(error));
        QCOMPARE(third->hashedFiles, qint64(1));
        QVERIFY(third->id != first->id);
        QCOMPARE(QString::fromLatin1(byPath(*store.manifest(third->id, &error)).value(QStringLiteral("a.txt")).hash),
                 hexHash("AAAA"));

        // Same size and the old mtime put back: the ctime still gives the change away.
        waitPastRacyWindow();
        QVERIFY(store.create(m_src, &error));
        write(QStringLiteral("a.txt"), "zzzz");
        const struct timespec times[2] = {before.st_atim, before.st_mtim};
        QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0), 0);
        const auto fourth = store.create(m_src, &error);
        QVERIFY2(fourth, qPrintable(error));
        QCOMPARE(fourth->hashedFiles, qint64(1));
        QCOMPARE(QString::fromLatin1(byPath(*store.manifest(fourth->id, &error)).value(QStringLiteral("a.txt")).hash),
                 hexHash("zzzz"));

        // A damaged cache is ignored, not trusted.
        QDirIterator caches(m_store + QStringLiteral("/statcache"), QDir::Files);
        QVERIFY(caches.hasNext());
        while (caches.hasNext())
            QVERIFY(TestSupport::writeFile(caches.next(), "TRAINYARD-STATCACHE 1\ngarbage"));
        const auto fifth = store.create(m_src, &error);
        QVERIFY2(fifth, qPrintable(error));
        QCOMPARE(fifth->hashedFiles, qint64(3));
        QCOMPARE(fifth->id, fourth->id);
    }

    void cancelingFromProgressStops()
    {
        for (int i = 0; i < 50; ++i)
            write(QStringLiteral("f%1.txt").arg(i), QByteArray::number(i));
        SnapshotStore store(m_store);
        QString error;
        qint64 lastTotal = -1;
        const auto summary = store.create(m_src, &error, [&](qint64 done, qint64 total) {
            lastTotal = total;
            Q_UNUSED(done);
            return false;
        });
        QVERIFY(!summary);
        QCOMPARE(error, QStringLiteral("canceled"));
        QCOMPARE(lastTotal, qint64(50));
        QCOMPARE(QDir(m_store + QStringLiteral("/snapshots")).entryList(QDir::Files).size(), 0);

        qint64 finalDone = 0;
        const auto completed = store.create(m_src, &error, [&](qint64 done, qint64) {
            finalDone = done;
            return true;
        });
        QVERIFY2(completed, qPrintable(error));
        QCOMPARE(finalDone, qint64(50));
    }

    void badInputIsReported()
    {
        SnapshotStore store(m_store);
        QString error;
        QVERIFY(!store.create(m_dir->path() + QStringLiteral("/missing"), &error));
        QVERIFY2(error.contains(QStringLiteral("missing")), qPrintable(error));
        QVERIFY(!store.manifest(QStringLiteral("../../etc/passwd"), &error));
        QVERIFY2(error.contains(QStringLiteral("Invalid snapshot id")), qPrintable(error));
        QVERIFY(!store.manifest(QStringLiteral("0123456789abcdef0123456789abcdef"), &error));
        QVERIFY2(error.contains(QStringLiteral("not found")), qPrintable(error));
    }

    void corruptObjectsAreDetected()
    {
        write(QStringLiteral("a.txt"), "original");
        SnapshotStore store(m_store);
        QString error;
        const auto summary = store.create(m_src, &error);
        QVERIFY2(summary, qPrintable(error));
        const QString hash = hexHash("original");
        const QString object = m_store + QStringLiteral("/objects/") + hash.left(2) + QLatin1Char('/') + hash.mid(2);
        QVERIFY(QFileInfo::exists(object));
        QVERIFY(TestSupport::writeFile(object, "tampered"));
        QVERIFY(!store.materialize(summary->id, m_dir->path() + QStringLiteral("/out"), &error));
        QVERIFY2(error.contains(QStringLiteral("corrupt")), qPrintable(error));
    }

    void storeInsideSourceIsNotSnapshotted()
    {
        write(QStringLiteral("main.py"), "pass\n");
        SnapshotStore store(m_src + QStringLiteral("/.workspace/store"));
        QString error;
        QVERIFY(store.create(m_src, &error));
        const auto summary = store.create(m_src, &error); // the store now has objects inside the source tree
        QVERIFY2(summary, qPrintable(error));
        QCOMPARE(summary->fileCount, qint64(1));
    }

    void concurrentSnapshotsShareTheStore()
    {
        const QString other = m_dir->path() + QStringLiteral("/other");
        for (int i = 0; i < 200; ++i) {
            const QByteArray content = pseudoRandom(5000 + i, quint32(i));
            write(QStringLiteral("f%1.bin").arg(i), content);
            QVERIFY(TestSupport::writeFile(other + QStringLiteral("/g%1.bin").arg(i), content));
        }
        QString errorA;
        QString errorB;
        std::optional<SnapshotSummary> a;
        std::optional<SnapshotSummary> b;
        std::thread first([&] { a = SnapshotStore(m_store).create(m_src, &errorA); });
        std::thread second([&] { b = SnapshotStore(m_store).create(other, &errorB); });
        first.join();
        second.join();
        QVERIFY2(a, qPrintable(errorA));
        QVERIFY2(b, qPrintable(errorB));
        QCOMPARE(countObjects(m_store), 200);
        SnapshotStore store(m_store);
        QString error;
        QVERIFY2(store.materialize(b->id, m_dir->path() + QStringLiteral("/outB"), &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(m_dir->path() + QStringLiteral("/outB/g17.bin")), pseudoRandom(5017, 17));
        QCOMPARE(QDir(m_store + QStringLiteral("/tmp")).entryList(QDir::Files).size(), 0);
    }

    // A snapshot killed with SIGKILL at any moment leaves only whole objects and valid manifests behind.
    void killedSnapshotLeavesNoCorruptObjects()
    {
        for (int i = 0; i < 24; ++i)
            write(QStringLiteral("f%1.bin").arg(i), pseudoRandom(i % 8 == 0 ? 5 * 1024 * 1024 : 300000, quint32(i)));
        // Each child is killed the moment its k-th temporary object file ("<pid>-<k>.tmp") exists, so the kill
        // provably lands while an object is being written (k = 0: the very first one; later k: after some
        // objects are complete). The leftover temporary file proves it.
        for (int k : {0, 5, 13}) {
            // Each child starts with nothing stored, so it has all 24 objects to write. The kill can come just
            // after the file it saw was renamed into place: then that attempt proves nothing and is repeated.
            // provedMidWrite needs a kill that left a temporary object behind.
            bool provedMidWrite = false;
            for (int attempt = 0; attempt < 20 && !provedMidWrite; ++attempt) {
                QDir(m_store + QStringLiteral("/objects")).removeRecursively();
                const pid_t child = ::fork();
                QVERIFY(child >= 0);
                if (child == 0) {
                    QString error;
                    SnapshotStore(m_store).create(m_src, &error);
                    ::_exit(0);
                }
                const QStringList wanted{QStringLiteral("%1-*.tmp").arg(child)};
                bool killed = false;
                int status = 0;
                while (::waitpid(child, &status, WNOHANG) == 0) {
                    const QStringList temps = QDir(m_store + QStringLiteral("/tmp")).entryList(wanted, QDir::Files);
                    const bool reached = std::any_of(temps.cbegin(), temps.cend(), [k](const QString& name) {
                        return name.section(QLatin1Char('-'), 1).section(QLatin1Char('.'), 0, 0).toInt() >= k;
                    });
                    if (reached) {
                        ::kill(child, SIGKILL);
                        ::waitpid(child, &status, 0);
                        killed = true;
                        break;
                    }
                }
                // On a loaded machine this poll may not see a short-lived temporary file before the child is
                // done: that attempt proves nothing either, and is repeated.
                if (!killed)
                    continue;
                QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
                provedMidWrite = !QDir(m_store + QStringLiteral("/tmp")).entryList(wanted, QDir::Files).isEmpty();
            }
            QVERIFY2(provedMidWrite, "no kill left a half-written object behind");
        }
        QDirIterator it(m_store + QStringLiteral("/objects"), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int checked = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            const QString name = QFileInfo(path).dir().dirName() + QFileInfo(path).fileName();
            QCOMPARE(hexHash(TestSupport::readFile(path)), name);
            ++checked;
        }
        SnapshotStore store(m_store);
        QString error;
        for (const QString& manifest : QDir(m_store + QStringLiteral("/snapshots")).entryList(QDir::Files))
            QVERIFY2(store.manifest(manifest.section(QLatin1Char('.'), 0, 0), &error), qPrintable(error));
        const auto summary = store.create(m_src, &error);
        QVERIFY2(summary, qPrintable(error));
        QCOMPARE(countObjects(m_store), 24);
        QCOMPARE(QDir(m_store + QStringLiteral("/tmp")).entryList(QDir::Files).size(), 0); // the killed ones' leftovers
        qInfo("objects already complete after the kills: %d", checked);
    }

    // The working copy is made inside the private workspace: owner-only folders and files, exec bit kept.
    void materializedFilesAreOwnerOnly()
    {
        write(QStringLiteral("run.sh"), "#!/bin/sh\n");
        write(QStringLiteral("lib/deep/util.py"), "x = 1\n");
        setMode(m_src + QStringLiteral("/run.sh"), 0755);
        setMode(m_src + QStringLiteral("/lib/deep/util.py"), 0644);
        SnapshotStore store(m_store);
        QString error;
        const auto summary = store.create(m_src, &error);
        QVERIFY2(summary, qPrintable(error));
        const QString dest = m_dir->path() + QStringLiteral("/work");
        const mode_t previous = ::umask(022);
        const bool done = store.materialize(summary->id, dest, &error);
        ::umask(previous);
        QVERIFY2(done, qPrintable(error));
        const auto modeOf = [](const QString& path) {
            struct stat st {};
            ::stat(QFile::encodeName(path).constData(), &st);
            return st.st_mode & 07777;
        };
        QCOMPARE(modeOf(dest + QStringLiteral("/run.sh")), mode_t(0700));
        QCOMPARE(modeOf(dest + QStringLiteral("/lib/deep/util.py")), mode_t(0600));
        QCOMPARE(modeOf(dest), mode_t(0700));
        QCOMPARE(modeOf(dest + QStringLiteral("/lib")), mode_t(0700));
        QCOMPARE(modeOf(dest + QStringLiteral("/lib/deep")), mode_t(0700));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotStore)
#include "TestSnapshotStore.moc"
