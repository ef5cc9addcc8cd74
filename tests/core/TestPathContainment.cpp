// Tests for PathContainment: a path a user names stays inside the folder it is resolved in, whatever the
// folder holds: `..`, absolute paths, and symbolic links at any depth, the first folder included.
#include <QtTest>

#include "files/PathContainment.h"
#include "TestSupport.h"

#include <QTemporaryDir>

#include <unistd.h>

class TestPathContainment : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_root;    // the folder paths are resolved in
    QString m_outside; // a sibling folder with a secret

    static bool link(const QString& target, const QString& at)
    {
        return ::symlink(QFile::encodeName(target).constData(), QFile::encodeName(at).constData()) == 0;
    }

private slots:
    void init()
    {
        static int counter = 0;
        ++counter;
        m_root = m_dir.path() + QStringLiteral("/root%1").arg(counter);
        m_outside = m_dir.path() + QStringLiteral("/outside%1").arg(counter);
        QVERIFY(TestSupport::writeFile(m_root + QStringLiteral("/work/outputs/model.pkl"), "model"));
        QVERIFY(TestSupport::writeFile(m_root + QStringLiteral("/work/outputs/ckpt/3.pt"), "3"));
        QVERIFY(TestSupport::writeFile(m_outside + QStringLiteral("/secret.txt"), "secret"));
    }

    void plainPathsResolveAsWritten()
    {
        QString error;
        QCOMPARE(PathContainment::resolve(m_root, QStringLiteral("work/outputs/model.pkl"), &error),
                 m_root + QStringLiteral("/work/outputs/model.pkl"));
        QCOMPARE(PathContainment::resolve(m_root, QStringLiteral("work//outputs/./ckpt/3.pt"), &error),
                 m_root + QStringLiteral("/work/outputs/ckpt/3.pt"));
        // Not there yet: nothing to follow, so it is taken as written.
        QCOMPARE(PathContainment::resolve(m_root, QStringLiteral("work/outputs/later/x.bin"), &error),
                 m_root + QStringLiteral("/work/outputs/later/x.bin"));
    }

    void dotDotAbsoluteAndEmptyAreRefused()
    {
        for (const QString& bad : {QStringLiteral("../outside/secret.txt"), QStringLiteral("work/../../x"),
                                   QStringLiteral("work/outputs/.."), QStringLiteral("/etc/passwd"),
                                   QString(m_outside + QStringLiteral("/secret.txt")), QString(),
                                   QString::fromLatin1("work/a\0b", 8)}) {
            QString error;
            QVERIFY2(PathContainment::resolve(m_root, bad, &error).isEmpty(), qPrintable(bad));
            QVERIFY2(!error.isEmpty(), qPrintable(bad));
        }
        QString error;
        PathContainment::resolve(m_root, QStringLiteral("work/../x"), &error);
        QVERIFY2(error.contains(QStringLiteral("'..'")), qPrintable(error));
        PathContainment::resolve(m_root, QStringLiteral("/etc/passwd"), &error);
        QVERIFY2(error.contains(QStringLiteral("absolute")), qPrintable(error));
    }

    // outputs/ itself replaced by a link to a folder outside: every path under it is refused.
    void aFolderReplacedByALinkOutsideIsRefused()
    {
        QVERIFY(QDir(m_root + QStringLiteral("/work/outputs")).removeRecursively());
        QVERIFY(link(m_outside, m_root + QStringLiteral("/work/outputs")));
        QVERIFY(QFileInfo::exists(m_root + QStringLiteral("/work/outputs/secret.txt"))); // the kernel would follow it
        for (const QString& path : {QStringLiteral("work/outputs"), QStringLiteral("work/outputs/secret.txt"),
                                    QStringLiteral("work/outputs/missing")}) {
            QString error;
            QVERIFY2(PathContainment::resolve(m_root, path, &error).isEmpty(), qPrintable(path));
            QVERIFY2(error.contains(QStringLiteral("work/outputs is a link to ") + m_outside), qPrintable(error));
        }
    }

    void fileLinksOutsideAreRefusedAndInsideAllowed()
    {
        QVERIFY(link(QStringLiteral("/etc/passwd"), m_root + QStringLiteral("/work/outputs/passwd")));
        QVERIFY(link(QStringLiteral("../../../") + QFileInfo(m_outside).fileName() + QStringLiteral("/secret.txt"),
                     m_root + QStringLiteral("/work/outputs/relative")));
        QVERIFY(QFileInfo(m_root + QStringLiteral("/work/outputs/relative")).isFile());
        QVERIFY(link(QStringLiteral("/nonexistent/far/away"), m_root + QStringLiteral("/work/outputs/dangling")));
        QVERIFY(link(m_outside, m_root + QStringLiteral("/work/up")));
        QString error;
        QVERIFY(PathContainment::resolve(m_root, QStringLiteral("work/outputs/passwd"), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("/etc/passwd")), qPrintable(error));
        QVERIFY(PathContainment::resolve(m_root, QStringLiteral("work/outputs/relative"), &error).isEmpty());
        QVERIFY(PathContainment::resolve(m_root, QStringLiteral("work/outputs/dangling"), &error).isEmpty());
        QVERIFY(PathContainment::resolve(m_root, QStringLiteral("work/up/secret.txt"), &error).isEmpty());

        // Links that stay inside, even through a chain, are fine.
        QVERIFY(link(QStringLiteral("ckpt/3.pt"), m_root + QStringLiteral("/work/outputs/latest.pt")));
        QVERIFY(link(QStringLiteral("latest.pt"), m_root + QStringLiteral("/work/outputs/best.pt")));
        QVERIFY(link(m_root + QStringLiteral("/work/outputs/ckpt"), m_root + QStringLiteral("/work/checkpoints")));
        QCOMPARE(PathContainment::resolve(m_root, QStringLiteral("work/outputs/best.pt"), &error),
                 m_root + QStringLiteral("/work/outputs/best.pt"));
        QCOMPARE(PathContainment::resolve(m_root, QStringLiteral("work/checkpoints/3.pt"), &error),
                 m_root + QStringLiteral("/work/checkpoints/3.pt"));
        // A chain that ends outside is refused at its first link.
        QVERIFY(link(QStringLiteral("passwd"), m_root + QStringLiteral("/work/outputs/via")));
        QVERIFY(PathContainment::resolve(m_root, QStringLiteral("work/outputs/via"), &error).isEmpty());
    }

    // The root may itself sit below a link (a workspace under a symlinked home): that is not an escape.
    void aRootReachedThroughALinkStillWorks()
    {
        const QString alias = m_dir.path() + QStringLiteral("/alias");
        QFile::remove(alias);
        QVERIFY(link(m_root, alias));
        QString error;
        QCOMPARE(PathContainment::resolve(alias, QStringLiteral("work/outputs/model.pkl"), &error),
                 alias + QStringLiteral("/work/outputs/model.pkl"));
        QVERIFY(link(QStringLiteral("/etc/passwd"), m_root + QStringLiteral("/work/outputs/passwd")));
        QVERIFY(PathContainment::resolve(alias, QStringLiteral("work/outputs/passwd"), &error).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPathContainment)
#include "TestPathContainment.moc"
