// GUI tests for the artifacts browser: the run's files and code snapshot as a tree with sizes, the context
// menu (download that never overwrites without asking, open through the desktop hook, copy path, register as
// model twice for versions 1 and 2), drag-out URLs and the live refresh of a running run.
#include <QtTest>

#include "artifacts/ArtifactsBrowser.h"
#include "registry/ModelRegistry.h"
#include "registry/RegisterModelDialog.h"
#include "artifacts/RunFilesModel.h"
#include "run/RunStore.h"
#include "snapshot/SnapshotStore.h"
#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeView>

class TestArtifactsBrowser : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QString m_snapshotId;

    QString outputs(const QString& runId, const QString& relative) const
    {
        return m_ws->runDir(runId) + QStringLiteral("/work/outputs/") + relative;
    }

    // A run in the given state with a code snapshot and files under outputs/, logs/ and system/.
    QString makeRun(RunStatus state)
    {
        const QString id = TestSupport::insertRun(*m_ws, QStringLiteral("digits"), state, m_snapshotId);
        if (id.isEmpty())
            return {};
        TestSupport::writeFile(outputs(id, QStringLiteral("model.pkl")), QByteArray(777, 'p'));
        TestSupport::writeFile(outputs(id, QStringLiteral("saved_model/weights.bin")), QByteArray(2048, 'w'));
        TestSupport::writeFile(m_ws->runDir(id) + QStringLiteral("/work/logs/train.log"), "epoch 1\n");
        TestSupport::writeFile(m_ws->runDir(id) + QStringLiteral("/system/stdout.log"), "hello\n");
        return id;
    }

    // A browser on the run, its first listing merged.
    static bool waitForPath(ArtifactsBrowser& browser, const QString& path)
    {
        QElapsedTimer timer;
        timer.start();
        while (!browser.filesModel()->indexForPath(path).isValid() && timer.elapsed() < 10000)
            QTest::qWait(20);
        return browser.filesModel()->indexForPath(path).isValid();
    }

    static QAction* action(QMenu* menu, const char* name)
    {
        return menu ? menu->findChild<QAction*>(QLatin1String(name)) : nullptr;
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        static int counter = 0;
        ++counter;
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
        QString error;
        const QString project = m_dir.path() + QStringLiteral("/project%1").arg(counter);
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/train.py"), "print('train')\n"));
        QVERIFY(TestSupport::writeFile(project + QStringLiteral("/src/util.py"), "X = 1\n"));
        const auto snapshot = SnapshotStore(m_ws->storeDir()).create(project, &error);
        QVERIFY2(snapshot, qPrintable(error));
        m_snapshotId = snapshot->id;
        UserPrompts::clearRecordedMessages();
    }

    void treeShowsFilesSizesAndSnapshot()
    {
        const QString runId = makeRun(RunStatus::Completed);
        ArtifactsBrowser browser(*m_ws);
        QAbstractItemModelTester tester(browser.filesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("outputs/model.pkl")));
        RunFilesModel* model = browser.filesModel();
        const QModelIndex pkl = model->indexForPath(QStringLiteral("outputs/model.pkl"));
        QCOMPARE(pkl.data().toString(), QStringLiteral("model.pkl"));
        QCOMPARE(pkl.siblingAtColumn(RunFilesModel::SizeColumn).data().toString(), QLocale().formattedDataSize(777));
        QCOMPARE(pkl.data(RunFilesModel::SizeBytesRole).toLongLong(), qint64(777));
        QVERIFY(!pkl.siblingAtColumn(RunFilesModel::ModifiedColumn).data().toString().isEmpty());
        QVERIFY(!model->isFolder(pkl));
        // Folders sum what they hold.
        const QModelIndex saved = model->indexForPath(QStringLiteral("outputs/saved_model"));
        QVERIFY(model->isFolder(saved));
        QCOMPARE(saved.data(RunFilesModel::SizeBytesRole).toLongLong(), qint64(2048));
        QCOMPARE(model->indexForPath(QStringLiteral("outputs")).data(RunFilesModel::SizeBytesRole).toLongLong(), qint64(2048 + 777));
        QVERIFY(model->indexForPath(QStringLiteral("logs/train.log")).isValid());
        QVERIFY(model->indexForPath(QStringLiteral("system/stdout.log")).isValid());
        // The snapshot's manifest, read-only and not backed by a run file.
        const QModelIndex util = model->indexForPath(QStringLiteral("snapshot/src/util.py"));
        QVERIFY(util.isValid());
        QVERIFY(model->isSnapshot(util));
        QCOMPARE(util.data(RunFilesModel::SizeBytesRole).toLongLong(), qint64(6));
        QVERIFY(model->indexForPath(QStringLiteral("snapshot/train.py")).isValid());
        QVERIFY(model->absolutePath(util).isEmpty());
        QCOMPARE(model->absolutePath(pkl), outputs(runId, QStringLiteral("model.pkl")));
        // A finished run is not followed.
        QTRY_VERIFY_WITH_TIMEOUT(!browser.isFollowing(), 5000);

        // Another run replaces the tree.
        browser.setRun(QString());
        QVERIFY(!model->indexForPath(QStringLiteral("outputs/model.pkl")).isValid());
        QCOMPARE(model->rowCount(), 4);
    }

    void contextMenuOffersTheActions()
    {
        const QString runId = makeRun(RunStatus::Completed);
        ArtifactsBrowser browser(*m_ws);
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("snapshot/train.py")));
        RunFilesModel* model = browser.filesModel();

        std::unique_ptr<QMenu> fileMenu(browser.contextMenuFor(model->indexForPath(QStringLiteral("outputs/model.pkl"))));
        QVERIFY(fileMenu);
        for (const char* name : {"downloadAction", "openAction", "copyPathAction", "registerModelAction"}) {
            QVERIFY2(action(fileMenu.get(), name), name);
            QVERIFY2(action(fileMenu.get(), name)->isEnabled(), name);
        }
        std::unique_ptr<QMenu> folderMenu(browser.contextMenuFor(model->indexForPath(QStringLiteral("outputs/saved_model"))));
        QVERIFY(action(folderMenu.get(), "downloadAction"));
        QVERIFY(action(folderMenu.get(), "registerModelAction"));
        // Only outputs become models.
        std::unique_ptr<QMenu> logMenu(browser.contextMenuFor(model->indexForPath(QStringLiteral("logs/train.log"))));
        QVERIFY(action(logMenu.get(), "downloadAction"));
        QVERIFY(!action(logMenu.get(), "registerModelAction"));
        std::unique_ptr<QMenu> snapshotMenu(browser.contextMenuFor(model->indexForPath(QStringLiteral("snapshot/train.py"))));
        QVERIFY(action(snapshotMenu.get(), "downloadAction"));
        QVERIFY(!action(snapshotMenu.get(), "registerModelAction"));
        QVERIFY(!browser.contextMenuFor(QModelIndex()));
    }

    void downloadNeverOverwritesWithoutAsking()
    {
        const QString runId = makeRun(RunStatus::Completed);
        ArtifactsBrowser browser(*m_ws);
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("outputs/model.pkl")));
        const QModelIndex pkl = browser.filesModel()->indexForPath(QStringLiteral("outputs/model.pkl"));
        QTemporaryDir target;
        const QString downloaded = target.path() + QStringLiteral("/model.pkl");

        UserPrompts::setNextPath(target.path());
        std::unique_ptr<QMenu> menu(browser.contextMenuFor(pkl));
        action(menu.get(), "downloadAction")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(TestSupport::readFile(downloaded), QByteArray(777, 'p'), 10000);
        QTRY_VERIFY(!browser.hasJobsRunning());

        // The same place again: the user is asked, and No leaves the file as it is.
        QVERIFY(TestSupport::writeFile(downloaded, "mine"));
        UserPrompts::clearRecordedMessages();
        UserPrompts::setNextPath(target.path());
        UserPrompts::setNextAnswer(QMessageBox::No);
        action(menu.get(), "downloadAction")->trigger();
        QCOMPARE(UserPrompts::recordedMessages().size(), 1);
        QVERIFY(UserPrompts::recordedMessages().constFirst().contains(QStringLiteral("already exists")));
        QVERIFY(!browser.hasJobsRunning()); // declined before any copy started: nothing can change the file later
        QCOMPARE(TestSupport::readFile(downloaded), QByteArray("mine"));

        // Yes replaces it.
        UserPrompts::setNextPath(target.path());
        UserPrompts::setNextAnswer(QMessageBox::Yes);
        action(menu.get(), "downloadAction")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(TestSupport::readFile(downloaded), QByteArray(777, 'p'), 10000);
        QTRY_VERIFY(!browser.hasJobsRunning());
        QCOMPARE(QDir(target.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("model.pkl")});

        // No folder chosen: nothing happens.
        action(menu.get(), "downloadAction")->trigger();
        QVERIFY(!browser.hasJobsRunning());
    }

    void downloadFolderAndSnapshotFile()
    {
        const QString runId = makeRun(RunStatus::Completed);
        ArtifactsBrowser browser(*m_ws);
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("snapshot/src/util.py")));
        QTemporaryDir target;
        UserPrompts::setNextPath(target.path());
        browser.downloadItem(browser.filesModel()->indexForPath(QStringLiteral("outputs/saved_model")));
        QTRY_COMPARE_WITH_TIMEOUT(TestSupport::readFile(target.path() + QStringLiteral("/saved_model/weights.bin")),
                                  QByteArray(2048, 'w'), 10000);
        UserPrompts::setNextPath(target.path());
        browser.downloadItem(browser.filesModel()->indexForPath(QStringLiteral("snapshot/src/util.py")));
        QTRY_COMPARE_WITH_TIMEOUT(TestSupport::readFile(target.path() + QStringLiteral("/util.py")), QByteArray("X = 1\n"), 10000);
    }

    void copyPathPutsTheAbsolutePathOnTheClipboard()
    {
        const QString runId = makeRun(RunStatus::Completed);
        ArtifactsBrowser browser(*m_ws);
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("outputs/model.pkl")));
        std::unique_ptr<QMenu> menu(browser.contextMenuFor(browser.filesModel()->indexForPath(QStringLiteral("outputs/model.pkl"))));
        QGuiApplication::clipboard()->clear();
        action(menu.get(), "copyPathAction")->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), outputs(runId, QStringLiteral("model.pkl")));
        QVERIFY(QFileInfo::exists(QGuiApplication::clipboard()->text()));
    }

    void doubleClickOpensATemporaryCopy()
    {
        const QString runId = makeRun(RunStatus::Completed);
        QList<QUrl> opened;
        ArtifactsBrowser::setOpenUrlHandler([&opened](const QUrl& url) {
            opened << url;
            return true;
        });
        ArtifactsBrowser browser(*m_ws);
        browser.resize(700, 500);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("outputs/model.pkl")));
        const QModelIndex pkl = browser.filesModel()->indexForPath(QStringLiteral("outputs/model.pkl"));
        QTRY_VERIFY(browser.view()->isExpanded(pkl.parent()));
        const QRect rect = browser.view()->visualRect(pkl);
        QVERIFY(rect.isValid());
        // A double-click is a press and release followed by a press the platform reports as a double-click.
        QTest::mouseClick(browser.view()->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(browser.view()->viewport(), Qt::LeftButton, {}, rect.center());
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 10000);
        const QString copy = opened.constFirst().toLocalFile();
        QVERIFY(!copy.startsWith(m_ws->root()));
        QCOMPARE(QFileInfo(copy).fileName(), QStringLiteral("model.pkl"));
        QCOMPARE(TestSupport::readFile(copy), QByteArray(777, 'p'));
        // Double-clicking a folder expands it rather than opening anything.
        const QModelIndex saved = browser.filesModel()->indexForPath(QStringLiteral("outputs/saved_model"));
        QTest::mouseClick(browser.view()->viewport(), Qt::LeftButton, {}, browser.view()->visualRect(saved).center());
        QTest::mouseDClick(browser.view()->viewport(), Qt::LeftButton, {}, browser.view()->visualRect(saved).center());
        QTRY_VERIFY(browser.view()->isExpanded(saved));
        QVERIFY(!browser.hasJobsRunning()); // opening a file starts a copy job; a folder started none
        QCOMPARE(opened.size(), 1);
        ArtifactsBrowser::setOpenUrlHandler({});
    }

    void openSaysSoWhenNoApplicationTookTheFile()
    {
        // QDesktopServices::openUrl answers false when nothing is registered for the type or there is no
        // desktop; the browser must not claim the file was opened.
        const QString runId = makeRun(RunStatus::Completed);
        QList<QUrl> offered;
        ArtifactsBrowser::setOpenUrlHandler([&offered](const QUrl& url) {
            offered << url;
            return false;
        });
        ArtifactsBrowser browser(*m_ws);
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("outputs/model.pkl")));
        browser.openItem(browser.filesModel()->indexForPath(QStringLiteral("outputs/model.pkl")));
        QTRY_COMPARE_WITH_TIMEOUT(offered.size(), 1, 10000);
        QTRY_VERIFY2(browser.statusMessage().startsWith(QStringLiteral("No application opened outputs/model.pkl")),
                     qPrintable(browser.statusMessage()));
        QVERIFY(!browser.statusMessage().contains(QStringLiteral("Opened")));
        const QString copy = offered.constFirst().toLocalFile();
        // The copy is still there for the user to open by hand, and the message says where.
        QVERIFY(browser.statusMessage().contains(copy));
        QCOMPARE(TestSupport::readFile(copy), QByteArray(777, 'p'));

        // The same action with an application that takes the file says it opened.
        ArtifactsBrowser::setOpenUrlHandler([](const QUrl&) { return true; });
        browser.openItem(browser.filesModel()->indexForPath(QStringLiteral("outputs/model.pkl")));
        QTRY_COMPARE(browser.statusMessage(), QStringLiteral("Opened a copy of outputs/model.pkl"));
        ArtifactsBrowser::setOpenUrlHandler({});
    }

    void registerAsModelTwiceGivesVersionsOneAndTwo()
    {
        const QString runId = makeRun(RunStatus::Completed);
        ArtifactsBrowser browser(*m_ws);
        QSignalSpy registered(&browser, &ArtifactsBrowser::modelRegistered);
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("outputs/model.pkl")));
        const QModelIndex pkl = browser.filesModel()->indexForPath(QStringLiteral("outputs/model.pkl"));

        // Through the dialog, as a user would.
        std::unique_ptr<QMenu> menu(browser.contextMenuFor(pkl));
        action(menu.get(), "registerModelAction")->trigger();
        auto* dialog = browser.findChild<RegisterModelDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QPushButton* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled()); // no name yet
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("digits"));
        QVERIFY(ok->isEnabled());
        dialog->descriptionEdit()->setPlainText(QStringLiteral("first try"));
        dialog->tagsEdit()->setPlainText(QStringLiteral("framework\n"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(dialog->validationMessage().contains(QStringLiteral("key=value")));
        dialog->tagsEdit()->setPlainText(QStringLiteral("framework=sklearn\n\naccuracy = 0.97"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, 10000);
        QCOMPARE(registered.at(0).at(0).toString(), QStringLiteral("digits"));
        QCOMPARE(registered.at(0).at(1).toInt(), 1);
        QCOMPARE(browser.statusMessage(), QStringLiteral("Registered digits version 1"));
        QVERIFY(UserPrompts::recordedMessages().constLast().contains(QStringLiteral("Registered digits version 1")));

        // The next dialog completes the existing name.
        auto* second = browser.showRegisterModelDialog(browser.filesModel()->indexForPath(QStringLiteral("outputs/saved_model")));
        QVERIFY(second);
        QTRY_COMPARE(second->nameCompleter()->model()->rowCount(), 1);
        QCOMPARE(second->nameCompleter()->model()->index(0, 0).data().toString(), QStringLiteral("digits"));
        second->reject();

        browser.registerModel(QStringLiteral("outputs/saved_model"), QStringLiteral("digits"), QString(), {});
        QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 2, 10000);
        QCOMPARE(registered.at(1).at(1).toInt(), 2);

        const auto models = ModelRegistry(*m_ws).list();
        QCOMPARE(models.size(), 2);
        QCOMPARE(models[0].version, 1);
        QCOMPARE(models[0].description, QStringLiteral("first try"));
        const QVector<QPair<QString, QString>> tags{{QStringLiteral("framework"), QStringLiteral("sklearn")},
                                                    {QStringLiteral("accuracy"), QStringLiteral("0.97")}};
        QCOMPARE(models[0].tags, tags);
        QCOMPARE(models[0].sourcePath, QStringLiteral("outputs/model.pkl"));
        QCOMPARE(models[1].version, 2);
        QCOMPARE(models[1].sourcePath, QStringLiteral("outputs/saved_model"));

        // A bad name is refused by the registry and reported, without a signal.
        UserPrompts::clearRecordedMessages();
        browser.registerModel(QStringLiteral("outputs/model.pkl"), QStringLiteral("../evil"), QString(), {});
        QTRY_VERIFY(!browser.hasJobsRunning());
        QCOMPARE(registered.size(), 2);
        QVERIFY(browser.statusMessage().contains(QStringLiteral("model name")));
    }

    void registerIsRefusedWhileTheRunIsLive()
    {
        const QString runId = makeRun(RunStatus::Running);
        ArtifactsBrowser browser(*m_ws);
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("outputs/model.pkl")));
        std::unique_ptr<QMenu> menu(browser.contextMenuFor(browser.filesModel()->indexForPath(QStringLiteral("outputs/model.pkl"))));
        QVERIFY(action(menu.get(), "registerModelAction"));
        QVERIFY(!action(menu.get(), "registerModelAction")->isEnabled());
        QVERIFY(!browser.showRegisterModelDialog(browser.filesModel()->indexForPath(QStringLiteral("outputs/model.pkl"))));
    }

    void dragOutGivesFileUrls()
    {
        const QString runId = makeRun(RunStatus::Completed);
        ArtifactsBrowser browser(*m_ws);
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("snapshot/train.py")));
        RunFilesModel* model = browser.filesModel();
        QVERIFY(browser.view()->dragEnabled());
        QCOMPARE(model->supportedDragActions(), Qt::DropActions(Qt::CopyAction));
        const QModelIndex pkl = model->indexForPath(QStringLiteral("outputs/model.pkl"));
        const QModelIndex saved = model->indexForPath(QStringLiteral("outputs/saved_model"));
        QVERIFY(model->flags(pkl) & Qt::ItemIsDragEnabled);
        std::unique_ptr<QMimeData> mime(model->mimeData({pkl, pkl.siblingAtColumn(RunFilesModel::SizeColumn), saved}));
        QVERIFY(mime);
        const QList<QUrl> urls{QUrl::fromLocalFile(outputs(runId, QStringLiteral("model.pkl"))),
                               QUrl::fromLocalFile(outputs(runId, QStringLiteral("saved_model")))};
        QCOMPARE(mime->urls(), urls);
        QVERIFY(QFileInfo::exists(mime->urls().constFirst().toLocalFile()));
        // Snapshot items have no file of their own to drag.
        const QModelIndex train = model->indexForPath(QStringLiteral("snapshot/train.py"));
        QVERIFY(!(model->flags(train) & Qt::ItemIsDragEnabled));
        QVERIFY(!model->mimeData({train}));
    }

    void liveRunRefreshesKeepingSelection()
    {
        const QString runId = makeRun(RunStatus::Running);
        ArtifactsBrowser browser(*m_ws);
        QAbstractItemModelTester tester(browser.filesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        browser.setRun(runId);
        QVERIFY(waitForPath(browser, QStringLiteral("outputs/model.pkl")));
        QVERIFY(browser.isFollowing());
        RunFilesModel* model = browser.filesModel();
        const QPersistentModelIndex saved = model->indexForPath(QStringLiteral("outputs/saved_model"));
        browser.view()->expand(saved);
        browser.view()->setCurrentIndex(model->indexForPath(QStringLiteral("outputs/model.pkl")));

        QVERIFY(TestSupport::writeFile(outputs(runId, QStringLiteral("checkpoints/epoch2.ckpt")), QByteArray(4096, 'c')));
        QVERIFY(TestSupport::writeFile(outputs(runId, QStringLiteral("model.pkl")), QByteArray(900, 'p')));
        QVERIFY(QFile::remove(outputs(runId, QStringLiteral("saved_model/weights.bin"))));
        QVERIFY(waitForPath(browser, QStringLiteral("outputs/checkpoints/epoch2.ckpt")));
        QTRY_COMPARE_WITH_TIMEOUT(model->indexForPath(QStringLiteral("outputs/model.pkl")).data(RunFilesModel::SizeBytesRole).toLongLong(),
                                  qint64(900), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!model->indexForPath(QStringLiteral("outputs/saved_model/weights.bin")).isValid(), 5000);
        QCOMPARE(model->relativePath(browser.view()->currentIndex()), QStringLiteral("outputs/model.pkl"));
        QVERIFY(saved.isValid());
        QVERIFY(browser.view()->isExpanded(saved));

        // Once the run finishes the browser stops following it.
        QVERIFY(RunStore(*m_ws).finish(runId, RunStatus::Completed, 0, QString()));
        QTRY_VERIFY_WITH_TIMEOUT(!browser.isFollowing(), 5000);
    }
};

QTEST_MAIN(TestArtifactsBrowser)
#include "TestArtifactsBrowser.moc"
