#include <QtTest>

#include "snapshot/GitState.h"
#include "TestSupport.h"

#include <QProcess>
#include <QTemporaryDir>

// Builds real repositories with the git command and checks what GitState reads from them.
class TestGitState : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_repo;

    QByteArray git(const QStringList& args, const QString& workdir = QString())
    {
        QProcess process;
        process.setWorkingDirectory(workdir.isEmpty() ? m_repo : workdir);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_dir->path());
        env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
        process.setProcessEnvironment(env);
        QStringList full{QStringLiteral("-c"), QStringLiteral("user.name=Test"), QStringLiteral("-c"),
                         QStringLiteral("user.email=test@example.com"), QStringLiteral("-c"),
                         QStringLiteral("init.defaultBranch=main"), QStringLiteral("-c"),
                         QStringLiteral("commit.gpgsign=false")};
        full += args;
        process.start(QStringLiteral("git"), full);
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            qWarning("git %s failed: %s", qPrintable(args.join(QLatin1Char(' '))), process.readAllStandardError().constData());
        return process.readAllStandardOutput().trimmed();
    }

    void write(const QString& rel, const QByteArray& data) { QVERIFY(TestSupport::writeFile(m_repo + QLatin1Char('/') + rel, data)); }

    void commitAll(const QString& message)
    {
        git({QStringLiteral("add"), QStringLiteral("-A")});
        git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), message});
    }

    GitState captureOk(const QString& dir = QString())
    {
        QString error;
        const GitState state = GitState::capture(dir.isEmpty() ? m_repo : dir, &error);
        if (!error.isEmpty())
            qWarning("capture error: %s", qPrintable(error));
        return state;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_repo = m_dir->path() + QStringLiteral("/repo");
        QVERIFY(QDir().mkpath(m_repo));
        git({QStringLiteral("init"), QStringLiteral("-q")});
    }

    void cleanup() { m_dir.reset(); }

    void outsideARepositoryIsNotAnError()
    {
        const QString plain = m_dir->path() + QStringLiteral("/plain");
        QVERIFY(QDir().mkpath(plain));
        QString error;
        const GitState state = GitState::capture(plain, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!state.inRepository);
        QVERIFY(state.commit.isEmpty());
    }

    void missingFolderIsAnError()
    {
        QString error;
        GitState::capture(m_dir->path() + QStringLiteral("/nope"), &error);
        QVERIFY2(error.contains(QStringLiteral("nope")), qPrintable(error));
    }

    void cleanCommitOnBranchWithOrigin()
    {
        write(QStringLiteral("train.py"), "print(1)\n");
        commitAll(QStringLiteral("first"));
        git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), QStringLiteral("https://example.com/team/project.git")});
        const GitState state = captureOk();
        QVERIFY(state.inRepository);
        QCOMPARE(state.repository, QStringLiteral("https://example.com/team/project.git"));
        QCOMPARE(state.branch, QStringLiteral("main"));
        QCOMPARE(state.commit, QString::fromLatin1(git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")})));
        QCOMPARE(state.commit.size(), 40);
        QVERIFY(!state.dirty);
        QVERIFY(state.diff.isEmpty());
    }

    void discoversTheRepositoryFromASubfolderAndFollowsBranches()
    {
        write(QStringLiteral("src/model.py"), "x = 1\n");
        commitAll(QStringLiteral("first"));
        git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("feature/speed")});
        write(QStringLiteral("src/model.py"), "x = 2\n");
        commitAll(QStringLiteral("second"));
        const GitState state = captureOk(m_repo + QStringLiteral("/src"));
        QVERIFY(state.inRepository);
        QCOMPARE(state.branch, QStringLiteral("feature/speed"));
        QCOMPARE(state.commit, QString::fromLatin1(git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")})));
        QCOMPARE(QDir::cleanPath(state.repository), QDir(m_repo).canonicalPath()); // no remote: the work folder
    }

    void otherRemoteWhenNoOrigin()
    {
        write(QStringLiteral("a"), "a");
        commitAll(QStringLiteral("first"));
        git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("upstream"), QStringLiteral("git@example.com:up/stream.git")});
        QCOMPARE(captureOk().repository, QStringLiteral("git@example.com:up/stream.git"));
    }

    void detachedHeadHasNoBranch()
    {
        write(QStringLiteral("a"), "1");
        commitAll(QStringLiteral("first"));
        const QByteArray first = git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        write(QStringLiteral("a"), "2");
        commitAll(QStringLiteral("second"));
        git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("--detach"), QString::fromLatin1(first)});
        const GitState state = captureOk();
        QVERIFY(state.branch.isEmpty());
        QCOMPARE(state.commit, QString::fromLatin1(first));
        QVERIFY(!state.dirty);
    }

    void repositoryWithoutCommits()
    {
        GitState state = captureOk();
        QVERIFY(state.inRepository);
        QVERIFY(state.commit.isEmpty());
        QCOMPARE(state.branch, QStringLiteral("main"));
        QVERIFY(!state.dirty);
        write(QStringLiteral("new.py"), "n = 1\n");
        state = captureOk();
        QVERIFY(state.dirty);
        QVERIFY(state.diff.isEmpty()); // untracked files are not part of the patch
        git({QStringLiteral("add"), QStringLiteral("new.py")});
        state = captureOk();
        QVERIFY(state.diff.contains("+n = 1"));
    }

    void dirtyStatesAndThePatch()
    {
        write(QStringLiteral("train.py"), "lr = 0.1\nepochs = 3\n");
        write(QStringLiteral("gone.py"), "bye\n");
        write(QStringLiteral(".gitignore"), "*.log\n");
        commitAll(QStringLiteral("first"));

        // Ignored untracked files do not make the tree dirty.
        write(QStringLiteral("out.log"), "noise");
        QVERIFY(!captureOk().dirty);

        // Untracked, not ignored: dirty, but not in the patch.
        write(QStringLiteral("notes.txt"), "todo");
        GitState state = captureOk();
        QVERIFY(state.dirty);
        QVERIFY(state.diff.isEmpty());
        QFile::remove(m_repo + QStringLiteral("/notes.txt"));

        // Work-tree modification.
        write(QStringLiteral("train.py"), "lr = 0.01\nepochs = 3\n");
        state = captureOk();
        QVERIFY(state.dirty);
        QVERIFY(state.diff.contains("train.py"));
        QVERIFY(state.diff.contains("-lr = 0.1\n"));
        QVERIFY(state.diff.contains("+lr = 0.01\n"));
        QVERIFY(state.diff.contains("@@"));

        // Staged new file and a deletion show up too.
        write(QStringLiteral("added.py"), "new_stuff = True\n");
        git({QStringLiteral("add"), QStringLiteral("added.py")});
        QFile::remove(m_repo + QStringLiteral("/gone.py"));
        state = captureOk();
        QVERIFY(state.diff.contains("+new_stuff = True"));
        QVERIFY(state.diff.contains("-bye"));

        // The patch applies cleanly to HEAD: it really is the uncommitted change.
        const QString patchFile = m_dir->path() + QStringLiteral("/changes.patch");
        QVERIFY(TestSupport::writeFile(patchFile, state.diff));
        git({QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard")});
        QVERIFY(!captureOk().dirty);
        QProcess apply;
        apply.setWorkingDirectory(m_repo);
        apply.start(QStringLiteral("git"), {QStringLiteral("apply"), QStringLiteral("--check"), patchFile});
        QVERIFY(apply.waitForFinished());
        QCOMPARE(apply.exitCode(), 0);

        // Staged-only change counts as dirty.
        write(QStringLiteral("train.py"), "lr = 1\nepochs = 3\n");
        git({QStringLiteral("add"), QStringLiteral("train.py")});
        state = captureOk();
        QVERIFY(state.dirty);
        QVERIFY(state.diff.contains("+lr = 1"));
    }

    void jsonRoundTrip()
    {
        GitState state;
        state.inRepository = true;
        state.repository = QStringLiteral("https://example.com/r.git");
        state.branch = QStringLiteral("main");
        state.commit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
        state.dirty = true;
        state.diff = "--- a/x\n+++ b/x\n+é\n";
        GitState back = GitState::fromJson(state.toJson());
        QCOMPARE(back.inRepository, true);
        QCOMPARE(back.repository, state.repository);
        QCOMPARE(back.branch, state.branch);
        QCOMPARE(back.commit, state.commit);
        QCOMPARE(back.dirty, true);
        QCOMPARE(back.diff, state.diff);
        QVERIFY(state.toJson().contains(QStringLiteral("diff")));

        state.diff = QByteArray("+\xff\xfe binary-ish\n");
        const QJsonObject json = state.toJson();
        QVERIFY(json.contains(QStringLiteral("diffBase64")));
        QCOMPARE(GitState::fromJson(json).diff, state.diff);
        QVERIFY(!GitState::fromJson(QJsonObject()).inRepository);
    }
};

QTEST_GUILESS_MAIN(TestGitState)
#include "TestGitState.moc"
