// Tests for FileTree: copying files and folders (modes, symlinks, overwrite, progress, cancel), measuring,
// and the path checks that keep registry and download paths inside their roots.
#include <QtTest>

#include "files/FileTree.h"
#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>

#include <sys/stat.h>
#include <unistd.h>

namespace {

mode_t modeOf(const QString& path)
{
    struct stat st {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

bool isSymlink(const QString& path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISLNK(st.st_mode);
}

QString linkTarget(const QString& path)
{
    char buffer[4096];
    const ssize_t n = ::readlink(QFile::encodeName(path).constData(), buffer, sizeof buffer);
    return n < 0 ? QString() : QFile::decodeName(QByteArray(buffer, int(n)));
}

QByteArray pattern(int size, char seed)
{
    QByteArray data(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        data[i] = char(seed + i * 7 % 251);
    return data;
}

QStringList leftoverPartFiles(const QString& dir)
{
    QStringList parts;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        if (p.endsWith(QStringLiteral(".part")))
            parts << p;
    }
    return parts;
}

} // namespace

class TestFileTree : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Modes are compared exactly; make the process umask predictable.
        ::umask(022);
    }

    void copiesAFileWithItsContentAndExecBit()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString source = dir.path() + QStringLiteral("/src/train.sh");
        const QByteArray content = pattern(100000, 'a');
        QVERIFY(TestSupport::writeFile(source, content));
        QVERIFY(::chmod(QFile::encodeName(source).constData(), 0755) == 0);

        const QString destination = dir.path() + QStringLiteral("/dst/deeper/train.sh");
        QString error;
        QVERIFY2(FileTree::copy(source, destination, false, &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(destination), content);
        QCOMPARE(modeOf(destination), mode_t(0755));
        QVERIFY(leftoverPartFiles(dir.path()).isEmpty());

        // A private file stays private.
        const QString secret = dir.path() + QStringLiteral("/src/secret.txt");
        QVERIFY(TestSupport::writeFile(secret, "s"));
        QVERIFY(::chmod(QFile::encodeName(secret).constData(), 0600) == 0);
        QVERIFY2(FileTree::copy(secret, dir.path() + QStringLiteral("/dst/secret.txt"), false, &error), qPrintable(error));
        QCOMPARE(modeOf(dir.path() + QStringLiteral("/dst/secret.txt")), mode_t(0600));
    }

    void copiesAnEmptyFile()
    {
        QTemporaryDir dir;
        const QString source = dir.path() + QStringLiteral("/empty");
        QVERIFY(TestSupport::writeFile(source, QByteArray()));
        QString error;
        QVERIFY2(FileTree::copy(source, dir.path() + QStringLiteral("/copy"), false, &error), qPrintable(error));
        QVERIFY(QFileInfo(dir.path() + QStringLiteral("/copy")).isFile());
        QCOMPARE(QFileInfo(dir.path() + QStringLiteral("/copy")).size(), qint64(0));
    }

    void copiesAFolderWithModesHiddenFilesAndSymlinks()
    {
        QTemporaryDir dir;
        const QString src = dir.path() + QStringLiteral("/src");
        QVERIFY(TestSupport::writeFile(src + QStringLiteral("/a.txt"), "alpha"));
        QVERIFY(TestSupport::writeFile(src + QStringLiteral("/.hidden"), "hidden"));
        QVERIFY(TestSupport::writeFile(src + QStringLiteral("/sub/run.py"), "print(1)\n"));
        QVERIFY(::chmod(QFile::encodeName(src + QStringLiteral("/sub/run.py")).constData(), 0750) == 0);
        QVERIFY(QDir().mkpath(src + QStringLiteral("/empty/inner")));
        const QString outsideFile = dir.path() + QStringLiteral("/outside.txt");
        QVERIFY(TestSupport::writeFile(outsideFile, "outside content"));
        // A relative link inside the tree, an absolute link out of it and a dangling link.
        QVERIFY(::symlink("a.txt", QFile::encodeName(src + QStringLiteral("/link-to-a")).constData()) == 0);
        QVERIFY(::symlink(QFile::encodeName(outsideFile).constData(),
                          QFile::encodeName(src + QStringLiteral("/sub/link-out")).constData()) == 0);
        QVERIFY(::symlink("missing-target", QFile::encodeName(src + QStringLiteral("/dangling")).constData()) == 0);
        // A link to a folder must not be descended into.
        QVERIFY(::symlink("sub", QFile::encodeName(src + QStringLiteral("/sublink")).constData()) == 0);

        const QString dst = dir.path() + QStringLiteral("/dst");
        QString error;
        QVERIFY2(FileTree::copy(src, dst, false, &error), qPrintable(error));

        QCOMPARE(TestSupport::readFile(dst + QStringLiteral("/a.txt")), QByteArray("alpha"));
        QCOMPARE(TestSupport::readFile(dst + QStringLiteral("/.hidden")), QByteArray("hidden"));
        QCOMPARE(TestSupport::readFile(dst + QStringLiteral("/sub/run.py")), QByteArray("print(1)\n"));
        QCOMPARE(modeOf(dst + QStringLiteral("/sub/run.py")), mode_t(0750));
        QVERIFY(QFileInfo(dst + QStringLiteral("/empty/inner")).isDir());

        QVERIFY(isSymlink(dst + QStringLiteral("/link-to-a")));
        QCOMPARE(linkTarget(dst + QStringLiteral("/link-to-a")), QStringLiteral("a.txt"));
        QVERIFY(isSymlink(dst + QStringLiteral("/sub/link-out")));
        QCOMPARE(linkTarget(dst + QStringLiteral("/sub/link-out")), outsideFile);
        QVERIFY(isSymlink(dst + QStringLiteral("/dangling")));
        QCOMPARE(linkTarget(dst + QStringLiteral("/dangling")), QStringLiteral("missing-target"));
        QVERIFY(isSymlink(dst + QStringLiteral("/sublink")));
        QCOMPARE(linkTarget(dst + QStringLiteral("/sublink")), QStringLiteral("sub"));
        QVERIFY(leftoverPartFiles(dst).isEmpty());
    }

    void refusesToOverwriteUnlessAsked()
    {
        QTemporaryDir dir;
        const QString source = dir.path() + QStringLiteral("/new.txt");
        const QString destination = dir.path() + QStringLiteral("/existing.txt");
        QVERIFY(TestSupport::writeFile(source, "new"));
        QVERIFY(TestSupport::writeFile(destination, "old"));

        QString error;
        QVERIFY(!FileTree::copy(source, destination, false, &error));
        QVERIFY2(error.contains(destination) && error.contains(QStringLiteral("exists")), qPrintable(error));
        QCOMPARE(TestSupport::readFile(destination), QByteArray("old"));

        error.clear();
        QVERIFY2(FileTree::copy(source, destination, true, &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(destination), QByteArray("new"));
    }

    void folderCopyRefusesAnExistingDestinationUnlessAsked()
    {
        QTemporaryDir dir;
        const QString src = dir.path() + QStringLiteral("/src");
        const QString dst = dir.path() + QStringLiteral("/dst");
        QVERIFY(TestSupport::writeFile(src + QStringLiteral("/f.txt"), "new"));
        QVERIFY(TestSupport::writeFile(dst + QStringLiteral("/f.txt"), "old"));
        QVERIFY(TestSupport::writeFile(dst + QStringLiteral("/keep.txt"), "keep"));

        QString error;
        QVERIFY(!FileTree::copy(src, dst, false, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(TestSupport::readFile(dst + QStringLiteral("/f.txt")), QByteArray("old"));

        QVERIFY2(FileTree::copy(src, dst, true, &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(dst + QStringLiteral("/f.txt")), QByteArray("new"));
        QCOMPARE(TestSupport::readFile(dst + QStringLiteral("/keep.txt")), QByteArray("keep"));
    }

    void missingSourceIsAnError()
    {
        QTemporaryDir dir;
        QString error;
        const QString missing = dir.path() + QStringLiteral("/nope");
        QVERIFY(!FileTree::copy(missing, dir.path() + QStringLiteral("/x"), false, &error));
        QVERIFY2(error.contains(missing), qPrintable(error));
        QVERIFY(!QFileInfo::exists(dir.path() + QStringLiteral("/x")));
    }

    void progressReachesTheTotal()
    {
        QTemporaryDir dir;
        const QString src = dir.path() + QStringLiteral("/src");
        const QByteArray big = pattern(9 * 1024 * 1024 + 123, 'b'); // more than one 8 MiB chunk
        QVERIFY(TestSupport::writeFile(src + QStringLiteral("/big.bin"), big));
        QVERIFY(TestSupport::writeFile(src + QStringLiteral("/small/one.txt"), pattern(1000, 'c')));
        QVERIFY(TestSupport::writeFile(src + QStringLiteral("/small/two.txt"), pattern(2345, 'd')));
        const qint64 expectedTotal = big.size() + 1000 + 2345;

        QVector<QPair<qint64, qint64>> calls;
        QString error;
        const bool ok = FileTree::copy(src, dir.path() + QStringLiteral("/dst"), false, &error,
                                       [&calls](qint64 done, qint64 total) {
                                           calls.append({done, total});
                                           return true;
                                       });
        QVERIFY2(ok, qPrintable(error));
        QVERIFY(calls.size() >= 3); // at least once per file
        qint64 previous = -1;
        for (const auto& call : calls) {
            QCOMPARE(call.second, expectedTotal);
            QVERIFY(call.first > previous);
            QVERIFY(call.first <= expectedTotal);
            previous = call.first;
        }
        QCOMPARE(calls.last().first, expectedTotal);
        QCOMPARE(TestSupport::readFile(dir.path() + QStringLiteral("/dst/big.bin")), big);
    }

    void progressCanCancel()
    {
        QTemporaryDir dir;
        const QString source = dir.path() + QStringLiteral("/big.bin");
        QVERIFY(TestSupport::writeFile(source, pattern(9 * 1024 * 1024, 'e')));
        const QString destination = dir.path() + QStringLiteral("/out/big.bin");
        int calls = 0;
        QString error;
        const bool ok = FileTree::copy(source, destination, false, &error, [&calls](qint64, qint64) {
            ++calls;
            return false;
        });
        QVERIFY(!ok);
        QCOMPARE(calls, 1);
        QVERIFY2(error.contains(QStringLiteral("cancel"), Qt::CaseInsensitive), qPrintable(error));
        QVERIFY(!QFileInfo::exists(destination));
        QVERIFY(leftoverPartFiles(dir.path()).isEmpty());
    }

    // Downloads often go to another file system, where the kernel cannot copy between files; progress and
    // cancel must work there too. /dev/shm is a separate tmpfs on most Linux machines.
    void progressAndCancelAcrossFileSystems()
    {
        QTemporaryDir dir;
        QTemporaryDir other(QFileInfo(QStringLiteral("/dev/shm")).isWritable()
                                ? QStringLiteral("/dev/shm/trainyard-test-XXXXXX")
                                : QDir::tempPath() + QStringLiteral("/trainyard-test-XXXXXX"));
        QVERIFY(dir.isValid() && other.isValid());
        const QString source = dir.path() + QStringLiteral("/big.bin");
        const QByteArray big = pattern(9 * 1024 * 1024 + 5, 'f');
        QVERIFY(TestSupport::writeFile(source, big));

        qint64 lastDone = 0;
        int calls = 0;
        QString error;
        QVERIFY2(FileTree::copy(source, other.path() + QStringLiteral("/copy.bin"), false, &error,
                                [&](qint64 done, qint64 total) {
                                    ++calls;
                                    lastDone = done;
                                    return total == big.size();
                                }),
                 qPrintable(error));
        QVERIFY(calls >= 1);
        QCOMPARE(lastDone, qint64(big.size()));
        QCOMPARE(TestSupport::readFile(other.path() + QStringLiteral("/copy.bin")), big);

        calls = 0;
        const QString canceled = other.path() + QStringLiteral("/canceled.bin");
        QVERIFY(!FileTree::copy(source, canceled, false, &error, [&calls](qint64, qint64) {
            ++calls;
            return false;
        }));
        QCOMPARE(calls, 1);
        QVERIFY(!QFileInfo::exists(canceled));
        QVERIFY(leftoverPartFiles(other.path()).isEmpty());
    }

    void measureCountsRegularFilesOnly()
    {
        QTemporaryDir dir;
        const QString root = dir.path() + QStringLiteral("/data");
        QVERIFY(TestSupport::writeFile(root + QStringLiteral("/a"), pattern(10, 'a')));
        QVERIFY(TestSupport::writeFile(root + QStringLiteral("/.b"), pattern(20, 'b')));
        QVERIFY(TestSupport::writeFile(root + QStringLiteral("/x/y/c"), pattern(30, 'c')));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/emptydir")));
        QVERIFY(TestSupport::writeFile(dir.path() + QStringLiteral("/outside"), pattern(5000, 'o')));
        QVERIFY(::symlink(QFile::encodeName(dir.path() + QStringLiteral("/outside")).constData(),
                          QFile::encodeName(root + QStringLiteral("/link")).constData()) == 0);

        const FileTree::Size folder = FileTree::measure(root);
        QCOMPARE(folder.bytes, qint64(60));
        QCOMPARE(folder.files, qint64(3));

        const FileTree::Size file = FileTree::measure(root + QStringLiteral("/x/y/c"));
        QCOMPARE(file.bytes, qint64(30));
        QCOMPARE(file.files, qint64(1));

        const FileTree::Size missing = FileTree::measure(dir.path() + QStringLiteral("/missing"));
        QCOMPARE(missing.bytes, qint64(0));
        QCOMPARE(missing.files, qint64(0));
    }

    void isInsideResolvesSymlinks()
    {
        QTemporaryDir dir;
        const QString base = QFileInfo(dir.path()).canonicalFilePath();
        const QString root = base + QStringLiteral("/root");
        QVERIFY(TestSupport::writeFile(root + QStringLiteral("/sub/file"), "x"));
        QVERIFY(TestSupport::writeFile(base + QStringLiteral("/root2/file"), "y")); // shares root's prefix
        QVERIFY(TestSupport::writeFile(base + QStringLiteral("/secret"), "z"));
        QVERIFY(::symlink(QFile::encodeName(base + QStringLiteral("/secret")).constData(),
                          QFile::encodeName(root + QStringLiteral("/escape")).constData()) == 0);
        QVERIFY(::symlink("../..", QFile::encodeName(root + QStringLiteral("/sub/up")).constData()) == 0);
        QVERIFY(::symlink("sub/file", QFile::encodeName(root + QStringLiteral("/inner")).constData()) == 0);
        QVERIFY(::symlink(QFile::encodeName(root + QStringLiteral("/sub")).constData(),
                          QFile::encodeName(base + QStringLiteral("/way-in")).constData()) == 0);

        QVERIFY(FileTree::isInside(root, root));
        QVERIFY(FileTree::isInside(root + QStringLiteral("/sub"), root));
        QVERIFY(FileTree::isInside(root + QStringLiteral("/sub/file"), root));
        QVERIFY(FileTree::isInside(root + QStringLiteral("/inner"), root));
        QVERIFY(FileTree::isInside(base + QStringLiteral("/way-in/file"), root));
        QVERIFY(!FileTree::isInside(base + QStringLiteral("/root2/file"), root));
        QVERIFY(!FileTree::isInside(base + QStringLiteral("/root2"), root));
        QVERIFY(!FileTree::isInside(root + QStringLiteral("/escape"), root));
        QVERIFY(!FileTree::isInside(root + QStringLiteral("/sub/up"), root));
        QVERIFY(!FileTree::isInside(root + QStringLiteral("/sub/up/secret"), root));
        QVERIFY(!FileTree::isInside(base, root));
        QVERIFY(!FileTree::isInside(root + QStringLiteral("/missing"), root));
        QVERIFY(!FileTree::isInside(root + QStringLiteral("/sub/file"), base + QStringLiteral("/no-such-root")));
    }

    void safeRelativePaths()
    {
        QVERIFY(FileTree::isSafeRelativePath(QStringLiteral("outputs")));
        QVERIFY(FileTree::isSafeRelativePath(QStringLiteral("outputs/model.pkl")));
        QVERIFY(FileTree::isSafeRelativePath(QStringLiteral("outputs/a/b/c.txt")));
        QVERIFY(FileTree::isSafeRelativePath(QStringLiteral("outputs/..hidden")));
        QVERIFY(FileTree::isSafeRelativePath(QStringLiteral("outputs/...")));
        QVERIFY(FileTree::isSafeRelativePath(QStringLiteral("outputs/a..b")));

        QVERIFY(!FileTree::isSafeRelativePath(QString()));
        QVERIFY(!FileTree::isSafeRelativePath(QStringLiteral("/")));
        QVERIFY(!FileTree::isSafeRelativePath(QStringLiteral("/etc/passwd")));
        QVERIFY(!FileTree::isSafeRelativePath(QStringLiteral("..")));
        QVERIFY(!FileTree::isSafeRelativePath(QStringLiteral("../x")));
        QVERIFY(!FileTree::isSafeRelativePath(QStringLiteral("outputs/..")));
        QVERIFY(!FileTree::isSafeRelativePath(QStringLiteral("outputs/../system/stdout.log")));
        QVERIFY(!FileTree::isSafeRelativePath(QStringLiteral("outputs/a/../../..")));
        QVERIFY(!FileTree::isSafeRelativePath(QStringLiteral("outputs//../x")));
        QVERIFY(!FileTree::isSafeRelativePath(QStringLiteral("outputs/x") + QChar(0) + QStringLiteral("y")));
    }
};

QTEST_GUILESS_MAIN(TestFileTree)
#include "TestFileTree.moc"
