// The main window on a real temporary workspace: runs submitted through the real CLI appear live and finish,
// the run page shows them, Cancel stops a sleeping run, drops explain what they refuse, shortcuts exist,
// navigation counts follow the workspace, and switching workspace rebuilds the pages.
#include "estimator/EstimatorForm.h"
#include "run/RunStore.h"
#include "shell/MainWindow.h"
#include "shell/NavigationPane.h"
#include "runs/RunPage.h"
#include "runs/RunsTableModel.h"
#include "runs/RunsView.h"
#include <QComboBox>
#include <QTabWidget>
#include <QTreeWidget>
#include "TestSupport.h"
#include "shell/UserPrompts.h"
#include "registry/ModelsPage.h"
#include "metrics/MetricsChartWidget.h"

#include <QAction>
#include <QToolBar>
#include "shell/WelcomePanel.h"
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace TestSupport;

class TestMainWindow : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Workspace> m_workspace;

    QString workspaceDir() const { return m_dir->path() + QStringLiteral("/ws"); }

    QString submit(const QString& estimator)
    {
        const CliResult r = runCli(workspaceDir(), {QStringLiteral("submit"), estimator});
        if (r.exitCode != 0)
            qWarning() << r.err;
        return QString::fromUtf8(r.out).trimmed();
    }

    QString statusOf(MainWindow& window, const QString& runId)
    {
        const int row = window.runsModel()->rowOf(runId);
        return row < 0 ? QString() : window.runsModel()->index(row, RunsTableModel::StatusColumn).data().toString();
    }

private slots:
    void initTestCase()
    {
        // The test binary's folder has no runner; submits from this process and the CLI use the build's.
        qputenv("TRAINYARD_RUNNER", (binDir() + QStringLiteral("/trainyard-runner")).toUtf8());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("trainyard-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestMainWindow"));
        UserPrompts::setTestMode(true);
    }

    void init()
    {
        QSettings().clear();
        UserPrompts::clearRecordedMessages();
        m_dir.reset(new QTemporaryDir);
        QString error;
        m_workspace = Workspace::open(workspaceDir(), &error);
        QVERIFY2(m_workspace, qPrintable(error));
    }

    void opensOnTheWorkspaceWithShortcuts()
    {
        MainWindow window(*m_workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().contains(workspaceDir()));
        QCOMPARE(window.currentPage(), NavigationPane::Page::Runs);
        QCOMPARE(window.runsModel()->rowCount(), 0);
        QCOMPARE(window.submitAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Return));
        QCOMPARE(window.cancelAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Period));
        QVERIFY(window.refreshAction()->shortcuts().contains(QKeySequence(Qt::Key_F5)));
        QCOMPARE(window.findAction()->shortcut(), QKeySequence(QKeySequence::Find));
        QCOMPARE(window.openProjectAction()->shortcut(), QKeySequence(QKeySequence::Open));
        QVERIFY(MainWindow::recentWorkspaces().contains(m_workspace->root()));

        // Find moves to the runs page and puts the cursor in the filter field.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.showPage(NavigationPane::Page::Models);
        window.modelsPage()->setFocus();
        QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : &window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), NavigationPane::Page::Runs);
        QTRY_VERIFY(window.runsView()->filterEdit()->hasFocus());
        window.runsView()->view()->setFocus();
        QTRY_VERIFY(window.runsView()->view()->hasFocus());
        QTest::keyClick(window.runsView()->view(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(window.runsView()->filterEdit()->hasFocus());

        // Controls carry names for assistive technology.
        const QList<QWidget*> controls{window.runsView()->filterEdit(), window.runsView()->statusFilter(),
                                       window.runsView()->metricColumnsEdit(), window.runsView()->view(),
                                       window.runPage()->cancelButton(), window.runPage()->resubmitButton(),
                                       window.runPage()->tabs(), window.navigationPane()->tree()};
        for (QWidget* control : controls)
            QVERIFY2(!control->accessibleName().isEmpty(), control->metaObject()->className());
    }

    // A workspace without runs says what to do first; the sample is one click from the estimator form. The
    // toolbar carries the common actions with icons; About names the version; the theme can be chosen.
    void firstImpression()
    {
        MainWindow window(*m_workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(window.welcomePanel()->isVisible());
        QVERIFY(!window.runsView()->isVisible());
        window.welcomePanel()->trySampleButton()->click();
        QCOMPARE(window.currentPage(), NavigationPane::Page::NewRun);
        const QString sample = m_workspace->root() + QStringLiteral("/sample-project");
        QVERIFY(QFileInfo::exists(sample + QStringLiteral("/train.py")));
        QTRY_COMPARE(window.estimatorForm()->estimator().sourceDirectory, sample);
        QTRY_COMPARE(window.estimatorForm()->estimator().entryScript, QStringLiteral("train.py"));
        QVERIFY(QFileInfo(sample + QStringLiteral("/estimator.yml")).isWritable());

        const QList<QAction*> tools = window.mainToolBar()->actions();
        for (QAction* action : {window.openProjectAction(), window.submitAction(), window.cancelAction(), window.refreshAction()}) {
            QVERIFY2(tools.contains(action), qPrintable(action->text()));
            QVERIFY2(!action->icon().isNull(), qPrintable(action->text()));
        }

        UserPrompts::clearRecordedMessages();
        window.aboutAction()->trigger();
        QVERIFY(!UserPrompts::recordedMessages().isEmpty());
        QVERIFY2(UserPrompts::recordedMessages().last().contains(QStringLiteral("Trainyard 0.1.0")),
                 qPrintable(UserPrompts::recordedMessages().last()));

        const QColor systemWindow = QApplication::palette().color(QPalette::Window);
        window.findChild<QAction*>(QStringLiteral("theme-dark"))->trigger();
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
        QCOMPARE(QSettings().value(QStringLiteral("appearance/theme")).toString(), QStringLiteral("dark"));
        window.findChild<QAction*>(QStringLiteral("theme-light"))->trigger();
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);
        window.findChild<QAction*>(QStringLiteral("theme-system"))->trigger();
        QCOMPARE(QApplication::palette().color(QPalette::Window), systemWindow);

        // Find shows the (empty) table to search in.
        window.findAction()->trigger();
        QTRY_VERIFY(window.runsView()->isVisible());
    }

    void cliRunAppearsLiveAndCompletes()
    {
        MainWindow window(*m_workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString estimator = makeProject(m_dir->path() + QStringLiteral("/proj"),
                                              {{QStringLiteral("train.py"), "import time\ntime.sleep(0.5)\nprint('loss=0.25')\n"}},
                                              "entry_script: train.py\nexperiment: gui-test\nscript_params:\n  --epochs: 3\n  --verbose: \"\"\n");
        const QString runId = submit(estimator);
        QVERIFY(!runId.isEmpty());
        // The table learns of it from the workspace watcher: no refresh by hand.
        QTRY_VERIFY_WITH_TIMEOUT(window.runsModel()->rowOf(runId) >= 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(window, runId), QStringLiteral("Completed"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(window.navigationPane()->runCount(), qint64(1), 5000);
        QCOMPARE(window.navigationPane()->runCount(QStringLiteral("gui-test")), qint64(1));
        QCOMPARE(window.navigationPane()->experiments(), QStringList{QStringLiteral("gui-test")});

        // Clicking the row shows its summary.
        QTableView* view = window.runsView()->view();
        const QModelIndex index = window.runsModel()->index(window.runsModel()->rowOf(runId), RunsTableModel::IdColumn);
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
        QTRY_COMPARE(window.runPage()->currentRunId(), runId);
        QCOMPARE(window.runPage()->statusLabel()->text(), QStringLiteral("Completed"));
        QCOMPARE(window.runPage()->parametersTable()->rowCount(), 2);
        QCOMPARE(window.runPage()->parametersTable()->item(0, 0)->text(), QStringLiteral("--epochs"));
        QVERIFY(!window.runPage()->cancelButton()->isEnabled());

        // Resubmit brings its estimator back into the form.
        QTest::mouseClick(window.runPage()->resubmitButton(), Qt::LeftButton);
        QCOMPARE(window.currentPage(), NavigationPane::Page::NewRun);
        QTRY_COMPARE(window.estimatorForm()->estimator().entryScript, QStringLiteral("train.py"));
        QCOMPARE(window.estimatorForm()->estimator().experiment, QStringLiteral("gui-test"));

        // A run link opens the run from anywhere.
        QVERIFY(window.showRun(runId));
        QCOMPARE(window.currentPage(), NavigationPane::Page::Runs);
        QVERIFY(!window.showRun(QStringLiteral("no-such-run_99")));
    }

    void cancelButtonStopsASleepingRun()
    {
        MainWindow window(*m_workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString estimator = makeProject(m_dir->path() + QStringLiteral("/sleeper"),
                                              {{QStringLiteral("sleep.py"), "import time\nprint('sleeping', flush=True)\ntime.sleep(120)\n"}},
                                              "entry_script: sleep.py\nexperiment: sleepers\n");
        const QString runId = submit(estimator);
        QVERIFY(!runId.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(window, runId), QStringLiteral("Running"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(window.liveRunsLabel()->text(), QStringLiteral("1 live run(s)"), 5000);
        QVERIFY(window.showRun(runId));
        QTRY_VERIFY(window.runPage()->cancelButton()->isEnabled());

        // Declining the confirmation leaves the run alone.
        // cancelRun() decides before it returns: a declined one starts no cancel at all.
        UserPrompts::setNextAnswer(QMessageBox::No);
        QVERIFY(!window.runPage()->cancelRun());
        QVERIFY(!RunStore(*m_workspace).find(runId)->cancelRequested);
        QCOMPARE(statusOf(window, runId), QStringLiteral("Running"));

        UserPrompts::setNextAnswer(QMessageBox::Yes);
        QTest::mouseClick(window.runPage()->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(window, runId), QStringLiteral("Canceled"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(window.runPage()->statusLabel()->text(), QStringLiteral("Canceled"), 5000);
        QVERIFY(!window.runPage()->cancelButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(window.liveRunsLabel()->text(), QStringLiteral("0 live run(s)"), 5000);
        QCOMPARE(waitForStatus(workspaceDir(), runId, {QStringLiteral("Canceled")}, 5000).value(QStringLiteral("status")).toString(),
                 QStringLiteral("Canceled"));
    }

    void droppingAJobFileOpensItConverted()
    {
        MainWindow window(*m_workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString folder = m_dir->path() + QStringLiteral("/azure-job");
        QVERIFY(writeFile(folder + QStringLiteral("/train.py"), "print('hi')\n"));
        QVERIFY(writeFile(folder + QStringLiteral("/job.yml"), "code: .\ncommand: python train.py --n ${{inputs.n}}\ninputs: {n: 3}\n"));
        QVERIFY(window.handleDroppedUrls({QUrl::fromLocalFile(folder + QStringLiteral("/job.yml"))}));
        QTRY_COMPARE_WITH_TIMEOUT(window.currentPage(), NavigationPane::Page::NewRun, 10000);
        QVERIFY(UserPrompts::recordedMessages().isEmpty());
        QVERIFY(window.openEstimatorFileAction());
    }

    void droppingAFileExplainsWhy()
    {
        MainWindow window(*m_workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString file = m_dir->path() + QStringLiteral("/train.py");
        QVERIFY(writeFile(file, "print('hi')\n"));

        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(file)});
        QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QCOMPARE(UserPrompts::recordedMessages().size(), 1);
        QVERIFY2(UserPrompts::recordedMessages().constLast().contains(QStringLiteral("is a file, not a folder")),
                 qPrintable(UserPrompts::recordedMessages().constLast()));
        QVERIFY(UserPrompts::recordedMessages().constLast().contains(file));
        QCOMPARE(window.currentPage(), NavigationPane::Page::Runs);

        QVERIFY(!window.handleDroppedUrls({QUrl::fromLocalFile(m_dir->path() + QStringLiteral("/missing"))}));
        QVERIFY(UserPrompts::recordedMessages().constLast().contains(QStringLiteral("does not exist")));
        QVERIFY(!window.handleDroppedUrls({QUrl(QStringLiteral("https://example.com/project"))}));
        QVERIFY(UserPrompts::recordedMessages().constLast().contains(QStringLiteral("not a local folder")));
        QCOMPARE(UserPrompts::recordedMessages().size(), 3);
    }

    void droppedProjectFolderSubmitsIntoTheMonitor()
    {
        MainWindow window(*m_workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString project = m_dir->path() + QStringLiteral("/dropped");
        makeProject(project, {{QStringLiteral("train.py"), "print('trained')\n"}}, "entry_script: train.py\nexperiment: dropped\n");
        QSignalSpy inspected(window.estimatorForm(), &EstimatorForm::projectInspected);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(project)});
        // A real drag: enter (accepted because it carries URLs), then the drop.
        QDragEnterEvent enter(QPoint(60, 60), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(60, 60), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
        QCOMPARE(UserPrompts::recordedMessages(), QStringList());
        QCOMPARE(window.currentPage(), NavigationPane::Page::NewRun);
        QTRY_COMPARE_WITH_TIMEOUT(inspected.size(), 1, 15000);
        QTRY_COMPARE(window.estimatorForm()->estimator().entryScript, QStringLiteral("train.py"));

        // Run → Submit is the form's own action; the new run opens selected in the monitor.
        QVERIFY(window.findChildren<QMenu*>().size() > 0);
        window.submitAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!window.runPage()->currentRunId().isEmpty(), 30000);
        const QString runId = window.runPage()->currentRunId();
        QVERIFY2(runId.startsWith(QStringLiteral("dropped_")), qPrintable(runId));
        QCOMPARE(window.currentPage(), NavigationPane::Page::Runs);
        QCOMPARE(window.runsView()->selectedRunIds(), QStringList{runId});
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(window, runId), QStringLiteral("Completed"), 60000);

        // File → Open Project Folder… asks through UserPrompts; a cancelled picker does nothing.
        window.showPage(NavigationPane::Page::Runs);
        UserPrompts::setNextPath(QString());
        window.openProjectAction()->trigger();
        QCOMPARE(window.currentPage(), NavigationPane::Page::Runs);
        UserPrompts::setNextPath(project);
        window.openProjectAction()->trigger();
        QCOMPARE(window.currentPage(), NavigationPane::Page::NewRun);
    }

    void multiSelectionOverlaysRunsAndFilters()
    {
        // Finished runs straight into the database: nothing for a scheduler to start.
        {
            QSqlQuery q(m_workspace->database());
            for (int seq = 1; seq <= 3; ++seq) {
                q.prepare(QStringLiteral("INSERT INTO runs (id, seq, experiment, status, compute_target, estimator_json, submitted_at, "
                                         "started_at, ended_at, exit_code) VALUES (?,?,?,'Completed','local','{}',?,?,?,0)"));
                const QString experiment = seq == 2 ? QStringLiteral("other") : QStringLiteral("sweep");
                q.addBindValue(QStringLiteral("%1_%2").arg(experiment).arg(seq));
                q.addBindValue(seq);
                q.addBindValue(experiment);
                q.addBindValue(qint64(1700000000000) + seq);
                q.addBindValue(qint64(1700000000000) + seq);
                q.addBindValue(qint64(1700000060000) + seq);
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
            }
        }
        MainWindow window(*m_workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(window.navigationPane()->runCount(), qint64(3));
        QCOMPARE(window.navigationPane()->runCount(QStringLiteral("sweep")), qint64(2));
        QCOMPARE(window.navigationPane()->runCount(QStringLiteral("other")), qint64(1));

        QTableView* view = window.runsView()->view();
        auto rowRect = [&](int row) { return view->visualRect(window.runsModel()->index(row, RunsTableModel::IdColumn)); };
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rowRect(0).center());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier, rowRect(2).center());
        // The current run first: it is the one shown in detail; all selected runs are overlaid in the chart.
        QCOMPARE(window.runPage()->runIds(), (QStringList{QStringLiteral("sweep_1"), QStringLiteral("sweep_3")}));
        QCOMPARE(window.runPage()->metricsWidget()->runs(), (QStringList{QStringLiteral("sweep_1"), QStringLiteral("sweep_3")}));
        QCOMPARE(window.runPage()->currentRunId(), QStringLiteral("sweep_1"));

        // Choosing an experiment in the navigation filters the table.
        QTreeWidget* tree = window.navigationPane()->tree();
        QTreeWidgetItem* other = nullptr;
        for (int i = 0; i < tree->topLevelItem(0)->childCount(); ++i)
            if (tree->topLevelItem(0)->child(i)->text(0).startsWith(QStringLiteral("other")))
                other = tree->topLevelItem(0)->child(i);
        QVERIFY(other);
        QCOMPARE(other->text(0), QStringLiteral("other (1)"));
        tree->setCurrentItem(other);
        QCOMPARE(window.runsModel()->rowCount(), 1);
        QCOMPARE(window.runsModel()->runId(0), QStringLiteral("other_2"));

        // Typing in the filter field narrows the table after the typing pause.
        tree->setCurrentItem(tree->topLevelItem(0));
        QCOMPARE(window.runsModel()->rowCount(), 3);
        QTest::keyClicks(window.runsView()->filterEdit(), QStringLiteral("_3"));
        QTRY_COMPARE(window.runsModel()->rowCount(), 1);
        QCOMPARE(window.runsModel()->runId(0), QStringLiteral("sweep_3"));
        window.runsView()->filterEdit()->clear();
        window.runsView()->applyTextFilter();
        QCOMPARE(window.runsModel()->rowCount(), 3);

        // Clicking a header sorts by that column (newest first until then).
        QCOMPARE(window.runsModel()->runId(0), QStringLiteral("sweep_3"));
        QHeaderView* header = view->horizontalHeader();
        const int x = header->sectionViewportPosition(RunsTableModel::IdColumn) + header->sectionSize(RunsTableModel::IdColumn) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        QStringList order;
        for (int row = 0; row < window.runsModel()->rowCount(); ++row)
            order << window.runsModel()->runId(row);
        QStringList sorted = order;
        std::sort(sorted.begin(), sorted.end());
        QVERIFY(order == sorted || order == QStringList(sorted.crbegin(), sorted.crend()));
        QCOMPARE(order.size(), 3);
        QVERIFY(order != (QStringList{QStringLiteral("sweep_3"), QStringLiteral("other_2"), QStringLiteral("sweep_1")}));
    }

    void switchingWorkspaceRebuildsPages()
    {
        QVERIFY(!submit(makeProject(m_dir->path() + QStringLiteral("/p"), {{QStringLiteral("t.py"), "print(1)\n"}},
                                    "entry_script: t.py\nexperiment: first\n"))
                     .isEmpty());
        MainWindow window(*m_workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.runsModel()->rowCount(), 1);
        QPointer<RunsView> oldView = window.runsView();
        const QString other = m_dir->path() + QStringLiteral("/other-ws");
        QSignalSpy switched(&window, &MainWindow::workspaceSwitched);
        QVERIFY(window.switchWorkspace(other));
        QCOMPARE(switched.size(), 1);
        QTRY_VERIFY(oldView.isNull());
        QCOMPARE(window.runsModel()->rowCount(), 0);
        QVERIFY(window.windowTitle().contains(QStringLiteral("other-ws")));
        QCOMPARE(MainWindow::recentWorkspaces().value(0), window.workspace().root());
        QVERIFY(MainWindow::recentWorkspaces().contains(m_workspace->root()));
        QTRY_COMPARE(window.navigationPane()->runCount(), qint64(0));

        // A workspace that cannot be opened (a file in the way) is refused with a reason.
        QVERIFY(writeFile(m_dir->path() + QStringLiteral("/blocker"), "x"));
        QVERIFY(!window.switchWorkspace(m_dir->path() + QStringLiteral("/blocker/ws")));
        QVERIFY(UserPrompts::recordedMessages().constLast().startsWith(QStringLiteral("Cannot open workspace")));
        QCOMPARE(window.workspace().root(), QFileInfo(other).absoluteFilePath());
    }

    void firstWindowFitsItsScreen()
    {
        // The report: 1440×900 at scale factor 2 is 720×450 logical pixels, where 1280×800 cannot fit.
        const QRect scaled(0, 0, 720, 450);
        const QRect onScaled = MainWindow::defaultGeometry(scaled);
        QVERIFY2(scaled.contains(onScaled), qPrintable(QStringLiteral("%1×%2").arg(onScaled.width()).arg(onScaled.height())));
        QVERIFY(onScaled.width() >= 600 && onScaled.height() >= 380); // most of the screen, not a postage stamp
        QCOMPARE(onScaled.center(), scaled.center());
        // A second screen to the right, with a panel on top.
        const QRect wide(1920, 32, 2560, 1408);
        QCOMPARE(MainWindow::defaultGeometry(wide).size(), QSize(1280, 800));
        QVERIFY(wide.contains(MainWindow::defaultGeometry(wide)));
        // A window whose layout needs more than the usual share of the screen gets it, still on screen.
        const QRect needy = MainWindow::defaultGeometry(scaled, QSize(700, 300));
        QCOMPARE(needy.width(), 700);
        QVERIFY(scaled.contains(needy));

        // The real first window (init cleared the saved layout) on this test's screen, whose free area is
        // smaller than 1280×800 here: the whole frame is on screen, and the pages need no more than a
        // 720-pixel-wide screen has.
        MainWindow window(*m_workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(window.minimumSizeHint().width() <= 720, qPrintable(QString::number(window.minimumSizeHint().width())));
        const QRect available = window.screen()->availableGeometry();
        QVERIFY2(available.width() < 1280 || available.height() < 800, "this check needs a screen smaller than 1280×800");
        QVERIFY2(available.contains(window.frameGeometry()),
                 qPrintable(QStringLiteral("frame %1,%2 %3×%4 on %5×%6")
                                .arg(window.frameGeometry().x()).arg(window.frameGeometry().y())
                                .arg(window.frameGeometry().width()).arg(window.frameGeometry().height())
                                .arg(available.width()).arg(available.height())));
    }

    void remembersLayout()
    {
        QByteArray splitterState;
        {
            MainWindow window(*m_workspace);
            window.resize(900, 700);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.runsView()->splitter()->setSizes({100, 500});
            splitterState = window.runsView()->splitter()->saveState();
            window.close();
        }
        MainWindow again(*m_workspace);
        QCOMPARE(again.runsView()->splitter()->saveState(), splitterState);
        QVERIFY(!QSettings().value(QStringLiteral("mainWindow/geometry")).toByteArray().isEmpty());
    }
};

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
