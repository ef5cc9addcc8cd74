// Tests for ModelRegistry: registering files and folders of a finished run's outputs as numbered versions
// (copied, so the run can go), every refusal of a path or run, resolving, downloading and removing.
#include <QtTest>
#include <QSqlQuery>
#include <sys/stat.h>

#include "registry/ModelRegistry.h"
#include "run/RunStore.h"
#include "TestSupport.h"
#include "workspace/Workspace.h"

#include <QTemporaryDir>

#include <unistd.h>

class TestModelRegistry : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QString m_runId;

    QString outputs(const QString& runId, const QString& relative) const
    {
        return m_ws->runDir(runId) + QStringLiteral("/work/outputs/") + relative;
    }

    // A run in the given state, with files under work/outputs, work/logs and system/.
    QString makeRun(RunStatus finalState)
    {
        const QString id = TestSupport::insertRun(*m_ws, QStringLiteral("mnist"), finalState);
        if (id.isEmpty())
            return {};
        TestSupport::writeFile(outputs(id, QStringLiteral("model.pkl")), QByteArray(777, 'p'));
        TestSupport::writeFile(outputs(id, QStringLiteral("saved_model/weights.bin")), QByteArray(1000, 'w'));
        TestSupport::writeFile(outputs(id, QStringLiteral("saved_model/config.json")), "{\"layers\":3}");
        TestSupport::writeFile(outputs(id, QStringLiteral("saved_model/assets/vocab.txt")), "a\nb\n");
        TestSupport::writeFile(m_ws->runDir(id) + QStringLiteral("/work/logs/x"), "log");
        TestSupport::writeFile(m_ws->runDir(id) + QStringLiteral("/system/stdout.log"), "out");
        return id;
    }

private slots:
    void init()
    {
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
        m_runId = makeRun(RunStatus::Completed);
        QVERIFY(!m_runId.isEmpty());
    }

    void registerFileThenFolderAsVersions()
    {
        ModelRegistry registry(*m_ws);
        QString error;
        const QVector<QPair<QString, QString>> tags{{QStringLiteral("framework"), QStringLiteral("sklearn")},
                                                    {QStringLiteral("accuracy"), QStringLiteral("0.97")}};
        const qint64 before = RunStore::nowMs();
        const auto first = registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("digits"),
                                                  QStringLiteral("first try"), tags, &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(first->name, QStringLiteral("digits"));
        QCOMPARE(first->version, 1);
        QCOMPARE(first->runId, m_runId);
        QCOMPARE(first->sourcePath, QStringLiteral("outputs/model.pkl"));
        QCOMPARE(first->description, QStringLiteral("first try"));
        QCOMPARE(first->tags, tags);
        QCOMPARE(first->size, qint64(777));
        QCOMPARE(first->fileCount, qint64(1));
        QVERIFY(first->createdAt >= before);
        QVERIFY(first->storedPath.startsWith(m_ws->modelsDir() + QLatin1Char('/')));
        QCOMPARE(TestSupport::readFile(first->storedPath), QByteArray(777, 'p'));

        const auto second = registry.registerModel(m_runId, QStringLiteral("outputs/saved_model"), QStringLiteral("digits"),
                                                   QString(), {}, &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(second->version, 2);
        QCOMPARE(second->size, qint64(1000 + 12 + 4));
        QCOMPARE(second->fileCount, qint64(3));
        QVERIFY(QFileInfo(second->storedPath).isDir());
        QCOMPARE(TestSupport::readFile(second->storedPath + QStringLiteral("/assets/vocab.txt")), QByteArray("a\nb\n"));
        QVERIFY(first->storedPath != second->storedPath);

        // Stored in the database as given.
        const auto all = registry.list();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].version, 1);
        QCOMPARE(all[0].description, QStringLiteral("first try"));
        QCOMPARE(all[0].tags, tags);
        QCOMPARE(all[0].runId, m_runId);
        QCOMPARE(all[0].sourcePath, QStringLiteral("outputs/model.pkl"));
        QCOMPARE(all[0].storedPath, first->storedPath);
        QCOMPARE(all[0].createdAt, first->createdAt);
        QCOMPARE(all[1].version, 2);
        QCOMPARE(all[1].storedPath, second->storedPath);
        QVERIFY(all[1].tags.isEmpty());

        // Another name starts at 1; a failed run's outputs can be registered too.
        const QString failedRun = makeRun(RunStatus::Failed);
        const auto other = registry.registerModel(failedRun, QStringLiteral("outputs"), QStringLiteral("everything"),
                                                  QString(), {}, &error);
        QVERIFY2(other, qPrintable(error));
        QCOMPARE(other->version, 1);
        QCOMPARE(other->fileCount, qint64(4));
        QVERIFY(!QDir(m_ws->modelsDir()).entryList({QStringLiteral(".staging-*")}, QDir::AllEntries | QDir::Hidden).size());
    }

    void modelsSurviveTheRunsDeletion()
    {
        ModelRegistry registry(*m_ws);
        QString error;
        const auto file = registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("m"), QString(), {}, &error);
        QVERIFY2(file, qPrintable(error));
        const auto folder = registry.registerModel(m_runId, QStringLiteral("outputs/saved_model/"), QStringLiteral("m"), QString(), {}, &error);
        QVERIFY2(folder, qPrintable(error));
        QVERIFY(QDir(m_ws->runDir(m_runId)).removeRecursively());
        QCOMPARE(TestSupport::readFile(file->storedPath), QByteArray(777, 'p'));
        QCOMPARE(TestSupport::readFile(folder->storedPath + QStringLiteral("/weights.bin")), QByteArray(1000, 'w'));
        const auto resolved = registry.resolve(QStringLiteral("m:1"), &error);
        QVERIFY2(resolved, qPrintable(error));
        QCOMPARE(TestSupport::readFile(resolved->storedPath), QByteArray(777, 'p'));
    }

    void refusedPaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("dotdot") << QStringLiteral("outputs/../logs/x");
        QTest::newRow("dotdot out of the run") << QStringLiteral("outputs/../../../exp_1/work/outputs/model.pkl");
        QTest::newRow("logs") << QStringLiteral("logs/x");
        QTest::newRow("system") << QStringLiteral("system/stdout.log");
        QTest::newRow("work") << QStringLiteral("work/outputs/model.pkl");
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
        QTest::newRow("absolute into outputs") << QStringLiteral("/outputs/model.pkl");
        QTest::newRow("prefix lookalike") << QStringLiteral("outputs2/model.pkl");
        QTest::newRow("empty") << QString();
        QTest::newRow("missing") << QStringLiteral("outputs/nothing.pkl");
    }

    void refusedPaths()
    {
        QFETCH(QString, path);
        QVERIFY(TestSupport::writeFile(m_ws->runDir(m_runId) + QStringLiteral("/work/outputs2/model.pkl"), "x"));
        ModelRegistry registry(*m_ws);
        QString error;
        QVERIFY(!registry.registerModel(m_runId, path, QStringLiteral("bad"), QString(), {}, &error));
        QVERIFY(!error.isEmpty());
        if (!path.isEmpty())
            QVERIFY2(error.contains(path) || error.contains(QDir::cleanPath(path)), qPrintable(error));
        QVERIFY(registry.list().isEmpty());
        QVERIFY(!QFileInfo::exists(m_ws->modelsDir() + QStringLiteral("/bad")));
    }

    void symlinksOutOfOutputsAreRefused()
    {
        const QString secret = m_dir.path() + QStringLiteral("/secret.txt");
        QVERIFY(TestSupport::writeFile(secret, "secret"));
        QVERIFY(::symlink("/etc/passwd", QFile::encodeName(outputs(m_runId, QStringLiteral("passwd"))).constData()) == 0);
        QVERIFY(::symlink(QFile::encodeName(secret).constData(),
                          QFile::encodeName(outputs(m_runId, QStringLiteral("secret"))).constData()) == 0);
        QVERIFY(::symlink("../../system", QFile::encodeName(outputs(m_runId, QStringLiteral("sys"))).constData()) == 0);
        QVERIFY(::symlink(QFile::encodeName(m_dir.path()).constData(),
                          QFile::encodeName(outputs(m_runId, QStringLiteral("up"))).constData()) == 0);

        ModelRegistry registry(*m_ws);
        for (const QString& path : {QStringLiteral("outputs/passwd"), QStringLiteral("outputs/secret"),
                                    QStringLiteral("outputs/sys"), QStringLiteral("outputs/sys/stdout.log"),
                                    QStringLiteral("outputs/up/secret.txt")}) {
            QString error;
            const auto registered = registry.registerModel(m_runId, path, QStringLiteral("leak"), QString(), {}, &error);
            QVERIFY2(!registered, qPrintable(path + QStringLiteral(" was registered")));
            QVERIFY2(error.contains(path), qPrintable(error));
        }
        QVERIFY(registry.list().isEmpty());
        QVERIFY(!QFileInfo::exists(m_ws->modelsDir() + QStringLiteral("/leak")));

        // A link that stays inside outputs is fine.
        QVERIFY(::symlink("model.pkl", QFile::encodeName(outputs(m_runId, QStringLiteral("latest.pkl"))).constData()) == 0);
        QString error;
        const auto inside = registry.registerModel(m_runId, QStringLiteral("outputs/latest.pkl"), QStringLiteral("ok"), QString(), {}, &error);
        QVERIFY2(inside, qPrintable(error));
        QCOMPARE(TestSupport::readFile(inside->storedPath), QByteArray(777, 'p'));
    }

    void refusedRuns()
    {
        ModelRegistry registry(*m_ws);
        QString error;
        const QString running = makeRun(RunStatus::Running);
        QVERIFY(!registry.registerModel(running, QStringLiteral("outputs/model.pkl"), QStringLiteral("m"), QString(), {}, &error));
        QVERIFY2(error.contains(running) && error.contains(QStringLiteral("Running")), qPrintable(error));

        const QString queued = makeRun(RunStatus::Queued);
        error.clear();
        QVERIFY(!registry.registerModel(queued, QStringLiteral("outputs/model.pkl"), QStringLiteral("m"), QString(), {}, &error));
        QVERIFY2(error.contains(queued), qPrintable(error));

        error.clear();
        QVERIFY(!registry.registerModel(QStringLiteral("nope_42"), QStringLiteral("outputs/model.pkl"), QStringLiteral("m"),
                                        QString(), {}, &error));
        QVERIFY2(error.contains(QStringLiteral("nope_42")), qPrintable(error));
        QVERIFY(registry.list().isEmpty());
    }

    void refusedNames()
    {
        ModelRegistry registry(*m_ws);
        for (const QString& name : {QString(), QStringLiteral("has space"), QStringLiteral("a/b"), QStringLiteral("../x"),
                                    QStringLiteral(".hidden"), QStringLiteral("m:1"), QString(65, QLatin1Char('n'))}) {
            QString error;
            QVERIFY2(!ModelRegistry::isValidName(name), qPrintable(name));
            QVERIFY(!registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), name, QString(), {}, &error));
            QVERIFY2(error.contains(QStringLiteral("model name")), qPrintable(error));
        }
        QVERIFY(registry.list().isEmpty());
        QVERIFY(ModelRegistry::isValidName(QStringLiteral("resnet-50_v2.final")));
    }

    void resolveReferences()
    {
        ModelRegistry registry(*m_ws);
        QString error;
        QVERIFY(registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("m"), QStringLiteral("one"), {}, &error));
        QVERIFY(registry.registerModel(m_runId, QStringLiteral("outputs/saved_model"), QStringLiteral("m"), QStringLiteral("two"), {}, &error));
        QVERIFY(registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("m2"), QString(), {}, &error));

        const auto newest = registry.resolve(QStringLiteral("m"), &error);
        QVERIFY2(newest, qPrintable(error));
        QCOMPARE(newest->version, 2);
        QCOMPARE(newest->description, QStringLiteral("two"));
        const auto first = registry.resolve(QStringLiteral("m:1"), &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(first->version, 1);
        QCOMPARE(first->description, QStringLiteral("one"));

        error.clear();
        QVERIFY(!registry.resolve(QStringLiteral("m:3"), &error));
        QVERIFY2(error.contains(QStringLiteral("m")) && error.contains(QStringLiteral("3")), qPrintable(error));
        error.clear();
        QVERIFY(!registry.resolve(QStringLiteral("ghost"), &error));
        QVERIFY2(error.contains(QStringLiteral("ghost")), qPrintable(error));
        for (const QString& malformed : {QStringLiteral("m:"), QStringLiteral("m:x"), QStringLiteral("m:0")}) {
            error.clear();
            QVERIFY2(!registry.resolve(malformed, &error), qPrintable(malformed));
            QVERIFY2(error.contains(malformed), qPrintable(error));
        }
    }

    void aliasesPointAtOneVersionAndMove()
    {
        ModelRegistry registry(*m_ws);
        QString error;
        for (int i = 0; i < 3; ++i)
            QVERIFY2(registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("m"), QString(), {}, &error),
                     qPrintable(error));
        QVERIFY2(registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("other"), QString(), {}, &error),
                 qPrintable(error));
        int previous = -1;
        QVERIFY2(registry.setAlias(QStringLiteral("m"), 1, QStringLiteral("production"), &error, &previous), qPrintable(error));
        QCOMPARE(previous, 0);
        QVERIFY2(registry.setAlias(QStringLiteral("m"), 3, QStringLiteral("staging"), &error), qPrintable(error));
        QVERIFY2(registry.setAlias(QStringLiteral("other"), 1, QStringLiteral("production"), &error), qPrintable(error));
        QCOMPARE(registry.resolve(QStringLiteral("m@production"), &error)->version, 1);
        QCOMPARE(registry.resolve(QStringLiteral("m@staging"), &error)->version, 3);

        // Setting it again moves it: one alias names one version.
        QVERIFY2(registry.setAlias(QStringLiteral("m"), 2, QStringLiteral("production"), &error, &previous), qPrintable(error));
        QCOMPARE(previous, 1);
        QCOMPARE(registry.resolve(QStringLiteral("m@production"), &error)->version, 2);
        QCOMPARE(registry.resolve(QStringLiteral("other@production"), &error)->name, QStringLiteral("other"));
        const QVector<ModelRecord> models = registry.list(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList aliases;
        for (const ModelRecord& m : models)
            aliases << QStringLiteral("%1:%2=%3").arg(m.name).arg(m.version).arg(m.aliases.join(QLatin1Char('+')));
        QCOMPARE(aliases, (QStringList{QStringLiteral("m:1="), QStringLiteral("m:2=production"), QStringLiteral("m:3=staging"),
                                       QStringLiteral("other:1=production")}));

        QVERIFY(!registry.resolve(QStringLiteral("m@dev"), &error));
        QCOMPARE(error, QStringLiteral("model m has no alias dev"));
        QVERIFY(!registry.resolve(QStringLiteral("ghost@production"), &error));
        QCOMPARE(error, QStringLiteral("unknown model ghost"));
        QVERIFY(!registry.setAlias(QStringLiteral("m"), 9, QStringLiteral("dev"), &error));
        QCOMPARE(error, QStringLiteral("unknown model m version 9"));
        for (const QString& bad : {QStringLiteral("2"), QStringLiteral("a b"), QStringLiteral(""), QStringLiteral("-x")}) {
            QVERIFY2(!registry.setAlias(QStringLiteral("m"), 1, bad, &error), qPrintable(bad));
            QVERIFY2(error.contains(QLatin1String("expected a letter")), qPrintable(error));
        }

        // Deleting the version an alias points at takes the alias with it.
        QVERIFY2(registry.remove(QStringLiteral("m"), 3, &error), qPrintable(error));
        QVERIFY(!registry.resolve(QStringLiteral("m@staging"), &error));
        QSqlQuery left(m_ws->database());
        QVERIFY(left.exec(QStringLiteral("SELECT COUNT(*) FROM model_aliases WHERE alias = 'staging'")) && left.next());
        QCOMPARE(left.value(0).toInt(), 0);
        QVERIFY2(registry.removeAlias(QStringLiteral("m"), QStringLiteral("production"), &error), qPrintable(error));
        QVERIFY(!registry.resolve(QStringLiteral("m@production"), &error));
        QVERIFY(!registry.removeAlias(QStringLiteral("m"), QStringLiteral("production"), &error));
        QCOMPARE(error, QStringLiteral("model m has no alias production"));
    }

    void descriptionAndTagsAreEditable()
    {
        ModelRegistry registry(*m_ws);
        QString error;
        QVERIFY(registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("m"), QStringLiteral("old"),
                                       {{QStringLiteral("a"), QStringLiteral("1")}}, &error));
        QVERIFY2(registry.update(QStringLiteral("m"), 1, QStringLiteral("new text"),
                                 {{QStringLiteral("framework"), QStringLiteral("torch")}}, &error),
                 qPrintable(error));
        const auto m = registry.resolve(QStringLiteral("m:1"), &error);
        QVERIFY(m);
        QCOMPARE(m->description, QStringLiteral("new text"));
        QCOMPARE(m->tags.size(), 1);
        QCOMPARE(m->tags[0].first, QStringLiteral("framework"));
        QVERIFY(!registry.update(QStringLiteral("m"), 2, QString(), {}, &error));
        QCOMPARE(error, QStringLiteral("unknown model m version 2"));
    }

    void downloadNeverOverwrites()
    {
        ModelRegistry registry(*m_ws);
        QString error;
        const auto file = registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("m"), QString(), {}, &error);
        QVERIFY2(file, qPrintable(error));
        const auto folder = registry.registerModel(m_runId, QStringLiteral("outputs/saved_model"), QStringLiteral("m"), QString(), {}, &error);
        QVERIFY2(folder, qPrintable(error));

        QTemporaryDir target;
        // Into an existing folder, keeping the name.
        QVERIFY2(registry.download(*file, target.path(), &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(target.path() + QStringLiteral("/model.pkl")), QByteArray(777, 'p'));
        QVERIFY2(registry.download(*folder, target.path(), &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(target.path() + QStringLiteral("/saved_model/config.json")), QByteArray("{\"layers\":3}"));
        // To a new path.
        const QString renamed = target.path() + QStringLiteral("/deploy/current.pkl");
        QVERIFY2(registry.download(*file, renamed, &error), qPrintable(error));
        QCOMPARE(TestSupport::readFile(renamed), QByteArray(777, 'p'));

        // Never over an existing file or folder.
        QVERIFY(TestSupport::writeFile(renamed, "mine"));
        error.clear();
        QVERIFY(!registry.download(*file, renamed, &error));
        QVERIFY2(error.contains(QStringLiteral("exists")), qPrintable(error));
        QCOMPARE(TestSupport::readFile(renamed), QByteArray("mine"));
        QVERIFY(TestSupport::writeFile(target.path() + QStringLiteral("/model.pkl"), "mine too"));
        error.clear();
        QVERIFY(!registry.download(*file, target.path(), &error));
        QCOMPARE(TestSupport::readFile(target.path() + QStringLiteral("/model.pkl")), QByteArray("mine too"));
        QVERIFY(TestSupport::writeFile(target.path() + QStringLiteral("/saved_model/config.json"), "edited"));
        error.clear();
        QVERIFY(!registry.download(*folder, target.path(), &error));
        QCOMPARE(TestSupport::readFile(target.path() + QStringLiteral("/saved_model/config.json")), QByteArray("edited"));
    }

    void removeDeletesFilesAndVersionsKeepIncreasing()
    {
        ModelRegistry registry(*m_ws);
        QString error;
        const auto v1 = registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("m"), QString(), {}, &error);
        const auto v2 = registry.registerModel(m_runId, QStringLiteral("outputs/saved_model"), QStringLiteral("m"), QString(), {}, &error);
        QVERIFY2(v1 && v2, qPrintable(error));

        QVERIFY2(registry.remove(QStringLiteral("m"), 1, &error), qPrintable(error));
        QVERIFY(!QFileInfo::exists(v1->storedPath));
        QVERIFY(!QFileInfo::exists(QFileInfo(v1->storedPath).absolutePath())); // the version's folder is gone
        QVERIFY(QFileInfo(v2->storedPath).isDir());
        QVERIFY(!registry.resolve(QStringLiteral("m:1"), &error));
        QCOMPARE(registry.list().size(), 1);

        const auto v3 = registry.registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("m"), QString(), {}, &error);
        QVERIFY2(v3, qPrintable(error));
        QCOMPARE(v3->version, 3);
        QCOMPARE(TestSupport::readFile(v3->storedPath), QByteArray(777, 'p'));

        error.clear();
        QVERIFY(!registry.remove(QStringLiteral("m"), 1, &error));
        QVERIFY2(error.contains(QStringLiteral("m")) && error.contains(QStringLiteral("1")), qPrintable(error));
        error.clear();
        QVERIFY(!registry.remove(QStringLiteral("ghost"), 1, &error));
        QVERIFY2(error.contains(QStringLiteral("ghost")), qPrintable(error));
        QCOMPARE(registry.list().size(), 2);
    }

    // The run's script replaced outputs/ itself by a link to a folder outside the run.
    void outputsReplacedByALinkOutsideIsRefused()
    {
        const QString outside = m_dir.path() + QStringLiteral("/outside-") + m_runId;
        QVERIFY(TestSupport::writeFile(outside + QStringLiteral("/model.pkl"), "someone else's"));
        QVERIFY(QDir(outputs(m_runId, QString())).removeRecursively());
        QVERIFY(::symlink(QFile::encodeName(outside).constData(),
                          QFile::encodeName(m_ws->runDir(m_runId) + QStringLiteral("/work/outputs")).constData()) == 0);
        ModelRegistry registry(*m_ws);
        for (const QString& path : {QStringLiteral("outputs/model.pkl"), QStringLiteral("outputs")}) {
            QString error;
            QVERIFY2(!registry.registerModel(m_runId, path, QStringLiteral("leak"), QString(), {}, &error), qPrintable(path));
            QVERIFY2(error.contains(path) && error.contains(QStringLiteral("outside")), qPrintable(error));
        }
        QVERIFY(registry.list().isEmpty());
    }

    // What the registry copies in is private, whatever modes the run gave its files.
    void storedCopiesAreOwnerOnly()
    {
        ::chmod(QFile::encodeName(outputs(m_runId, QStringLiteral("saved_model/weights.bin"))).constData(), 0644);
        ::chmod(QFile::encodeName(outputs(m_runId, QStringLiteral("saved_model"))).constData(), 0755);
        QString error;
        const auto model = ModelRegistry(*m_ws).registerModel(m_runId, QStringLiteral("outputs/saved_model"), QStringLiteral("m"),
                                                              QString(), {}, &error);
        QVERIFY2(model, qPrintable(error));
        QCOMPARE(TestSupport::modeOf(model->storedPath + QStringLiteral("/weights.bin")), 0600u);
        QCOMPARE(TestSupport::modeOf(model->storedPath), 0700u);
        QCOMPARE(TestSupport::modeOf(model->storedPath + QStringLiteral("/assets")), 0700u);
        QCOMPARE(TestSupport::modeOf(QFileInfo(QFileInfo(model->storedPath).absolutePath()).absolutePath()), 0700u);
    }

    // A models table that cannot be read is an error, never an empty registry or an "unknown model".
    void anUnreadableTableIsAnErrorNotAnEmptyList()
    {
        QString error;
        QVERIFY2(ModelRegistry(*m_ws).registerModel(m_runId, QStringLiteral("outputs/model.pkl"), QStringLiteral("m"), QString(), {}, &error),
                 qPrintable(error));
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE models RENAME TO models_elsewhere")));
        ModelRegistry registry(*m_ws);
        QVERIFY(registry.list(&error).isEmpty());
        QVERIFY2(error.startsWith(QStringLiteral("cannot read the models: ")), qPrintable(error));
        error.clear();
        QVERIFY(!registry.resolve(QStringLiteral("m"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot read the models: ")), qPrintable(error));
        error.clear();
        QVERIFY(!registry.remove(QStringLiteral("m"), 1, &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot delete model m version 1: ")), qPrintable(error));
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE models_elsewhere RENAME TO models")));
        QCOMPARE(registry.list(&error).size(), 1);
        QVERIFY(error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestModelRegistry)
#include "TestModelRegistry.moc"
