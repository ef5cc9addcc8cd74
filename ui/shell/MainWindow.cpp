#include "shell/MainWindow.h"

#include "compare/ComparePage.h"
#include "environments/EnvironmentsPage.h"
#include "registry/DatasetsPage.h"
#include "estimator/EstimatorForm.h"
#include "registry/ModelsPage.h"
#include "runs/RunPage.h"
#include "run/RunQuery.h"
#include "run/RunStore.h"
#include "runs/RunsTableModel.h"
#include "runs/RunsView.h"
#include "targets/TargetsPage.h"
#include "shell/AppTheme.h"
#include "shell/UiLanguage.h"
#include "shell/RunEndNotifier.h"
#include "shell/UserPrompts.h"
#include "shell/WelcomePanel.h"
#include "workspace/WorkspaceWatcher.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLabel>
#include <QActionGroup>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>
#include <QMimeData>
#include <QProcess>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QComboBox>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>

namespace {
constexpr int kMaxRecentWorkspaces = 8;
const QString kRecentKey = QStringLiteral("workspaces/recent");
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kMainSplitterKey = QStringLiteral("mainWindow/mainSplitter");
const QString kRunsSplitterKey = QStringLiteral("mainWindow/runsSplitter");
} // namespace

MainWindow::MainWindow(const Workspace& workspace, QWidget* parent) : QMainWindow(parent), m_workspace(workspace)
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setAccessibleName(tr("Trainyard"));
    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setAccessibleName(tr("Workspace"));
    m_liveRunsLabel = new QLabel(this);
    m_liveRunsLabel->setAccessibleName(tr("Live runs"));
    statusBar()->addPermanentWidget(m_workspaceLabel);
    statusBar()->addPermanentWidget(m_liveRunsLabel);
    m_runEndNotifier = new RunEndNotifier(this, std::nullopt, this);
    connect(m_runEndNotifier, &RunEndNotifier::openRunRequested, this, [this](const QString& runId) {
        showRun(runId);
        bringToFront();
    });
    buildActions();
    buildPages();
    rememberWorkspace(m_workspace->root());
    QSettings settings;
    // A saved geometry is fitted to the screen by restoreGeometry itself; a first window is sized from the
    // screen it opens on, since logical pixels at a high scale factor leave far less room than the pixel count.
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        setGeometry(defaultGeometry(screen()->availableGeometry(), minimumSizeHint()));
    restoreState(settings.value(kStateKey).toByteArray());
}

QRect MainWindow::defaultGeometry(const QRect& available, const QSize& minimum)
{
    const QSize preferred(1280, 800);
    // Title bar and borders are drawn outside the geometry set here; a tenth of the area leaves room for them.
    const QSize room = available.size() * 9 / 10;
    // The window cannot be smaller than its layout's minimum; centring that size keeps it on screen still.
    QRect geometry(QPoint(), preferred.boundedTo(room).expandedTo(minimum).boundedTo(available.size()));
    geometry.moveCenter(available.center());
    return geometry;
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_openProjectAction = file->addAction(tr("Open &Project Folder…"), this, &MainWindow::chooseProjectFolder);
    m_openProjectAction->setShortcut(QKeySequence::Open);
    m_openEstimatorFileAction = file->addAction(tr("Open &Estimator or Job File…"), this, &MainWindow::chooseEstimatorFile);
    m_openEstimatorFileAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_openWorkspaceAction = file->addAction(tr("Open &Workspace…"), this, &MainWindow::chooseWorkspace);
    m_recentMenu = file->addMenu(tr("&Recent Workspaces"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    m_quitAction = file->addAction(tr("&Quit"), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    m_runMenu = run;
    // Submit is the estimator form's own action (Ctrl+Return inside the form), put in this menu per workspace
    // by buildPages(); a second window-wide Ctrl+Return would make the shortcut ambiguous and dead.
    m_cancelAction = run->addAction(tr("&Cancel Run"), this, [this] { runPage()->cancelRun(); });
    m_cancelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_resubmitAction = run->addAction(tr("&Resubmit…"), this, [this] { runPage()->resubmit(); });
    m_compareAction = run->addAction(tr("C&ompare"), this, [this] { showCompare(m_runsView->selectedRunIds()); });
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_compareAction->setToolTip(tr("Compare the selected runs side by side"));
    m_compareAction->setEnabled(false); // until two runs are selected
    run->addSeparator();
    m_refreshAction = run->addAction(tr("Re&fresh"), this, &MainWindow::refreshAll);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    if (m_refreshAction->shortcut() != QKeySequence(Qt::Key_F5))
        m_refreshAction->setShortcuts({QKeySequence::Refresh, QKeySequence(Qt::Key_F5)});
    m_findAction = run->addAction(tr("&Find Runs"), this, [this] {
        m_welcomeDismissed = true; // looking for runs: the table, even an empty one
        showPage(NavigationPane::Page::Runs);
        m_runsView->focusFilter();
    });
    m_findAction->setShortcut(QKeySequence::Find);
    // The log viewer has its own Ctrl+F (find in the log); a window-wide one would make both ambiguous and
    // dead there. So Find is bound to the pages that have no find of their own (see buildPages()).
    m_findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    // The others work wherever the focus is in the window.
    for (QAction* action : {m_openProjectAction, m_cancelAction, m_refreshAction, m_compareAction})
        action->setShortcutContext(Qt::WindowShortcut);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    buildThemeMenu(view);
    createSettingsMenu();
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    m_aboutAction = help->addAction(tr("&About Trainyard"), this, &MainWindow::showAbout);
    m_aboutAction->setMenuRole(QAction::AboutRole);

    // Icons from the desktop's icon theme where it has them, else the ones the Qt style bundles.
    auto icon = [this](const char* themeName, QStyle::StandardPixmap fallback) {
        return QIcon::fromTheme(QLatin1String(themeName), style()->standardIcon(fallback));
    };
    m_openProjectAction->setIcon(icon("document-open", QStyle::SP_DirOpenIcon));
    m_cancelAction->setIcon(icon("process-stop", QStyle::SP_BrowserStop));
    m_resubmitAction->setIcon(icon("view-refresh", QStyle::SP_BrowserReload));
    m_refreshAction->setIcon(icon("view-refresh", QStyle::SP_BrowserReload));
    m_findAction->setIcon(icon("edit-find", QStyle::SP_FileDialogContentsView));
    m_toolBar = addToolBar(tr("Main"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonIconOnly); // names in tooltips: the window must still fit a small screen
    m_toolBar->setMovable(false);
    m_toolBar->addAction(m_openProjectAction);
    // The estimator form's Submit action joins here per workspace (buildPages).
    m_toolBar->addAction(m_cancelAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_refreshAction);
}

void MainWindow::buildThemeMenu(QMenu* view)
{
    QMenu* theme = view->addMenu(tr("&Theme"));
    auto* group = new QActionGroup(this);
    const AppTheme::Choice current = AppTheme::current();
    for (const auto& [choice, label] : {std::pair{AppTheme::Choice::System, tr("Follow the &System")},
                                        std::pair{AppTheme::Choice::Light, tr("&Light")},
                                        std::pair{AppTheme::Choice::Dark, tr("&Dark")}}) {
        QAction* action = theme->addAction(label);
        action->setObjectName(QStringLiteral("theme-") + AppTheme::name(choice));
        action->setCheckable(true);
        action->setChecked(choice == current);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [choice = choice] {
            AppTheme::apply(choice);
            AppTheme::save(choice);
        });
    }
}

void MainWindow::createSettingsMenu()
{
    QMenu* settings = menuBar()->addMenu(tr("&Settings"));
    QMenu* language = settings->addMenu(tr("&Language"));
    auto* group = new QActionGroup(this);
    const UiLanguage::Choice current = UiLanguage::saved();
    // Each language in its own words, so someone who cannot read the window's language still finds theirs.
    for (const auto& [choice, label] : {std::pair{UiLanguage::Choice::System, tr("&System Default")},
                                        std::pair{UiLanguage::Choice::English, QStringLiteral("&English")},
                                        std::pair{UiLanguage::Choice::Turkish, QStringLiteral("&Türkçe")}}) {
        QAction* action = language->addAction(label);
        action->setObjectName(QStringLiteral("language-") + (choice == UiLanguage::Choice::System ? QStringLiteral("system") : UiLanguage::code(choice)));
        action->setCheckable(true);
        action->setChecked(choice == current);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, choice = choice] { chooseLanguage(choice); });
    }
    settings->addSeparator();
    m_notifyRunsEndedAction = settings->addAction(tr("Notify When Runs End"));
    m_notifyRunsEndedAction->setObjectName(QStringLiteral("notifyRunsEnded"));
    m_notifyRunsEndedAction->setToolTip(
        tr("A desktop notification when a run ends while Trainyard is not the active window"));
    m_notifyRunsEndedAction->setCheckable(true);
    m_notifyRunsEndedAction->setChecked(m_runEndNotifier->isEnabled());
    connect(m_notifyRunsEndedAction, &QAction::toggled, m_runEndNotifier, &RunEndNotifier::setEnabled);
}

void MainWindow::chooseLanguage(UiLanguage::Choice choice)
{
    UiLanguage::save(choice);
    if (UiLanguage::effectiveCode(choice) == UiLanguage::installedCode())
        return;
    // Every page sets its text when it is built, so the language changes with the next start.
    if (UserPrompts::question(this, tr("Language"), tr("The new language is used when Trainyard starts again. Restart now?"),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes)
        != QMessageBox::Yes)
        return;
    if (!close())
        return;
    // Started once this process is on its way out, after the window saved its layout.
    connect(qApp, &QCoreApplication::aboutToQuit, qApp, [] {
        QProcess::startDetached(QCoreApplication::applicationFilePath(), QCoreApplication::arguments().mid(1));
    });
    QCoreApplication::quit();
}

void MainWindow::bringToFront()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}

QString MainWindow::aboutText()
{
    return tr("<h3>Trainyard %1</h3><p>A desktop experiment manager for machine-learning training runs: submit an "
              "estimator to this machine, an SSH host or a Slurm cluster, watch it live, compare runs and keep "
              "models.</p><p>Built with Qt %2.</p><p>Documentation: the README and docs/ that come with Trainyard, "
              "and <code>trainyard-cli help</code>.</p>")
        .arg(QApplication::applicationVersion().isEmpty() ? QStringLiteral(TRAINYARD_VERSION) : QApplication::applicationVersion(),
             QString::fromLatin1(qVersion()));
}

void MainWindow::showAbout() { UserPrompts::about(this, tr("About Trainyard"), aboutText()); }

bool MainWindow::openSampleProject()
{
    QString error;
    // Beside the workspace's own folders, so a sample run's code lives with the workspace that ran it.
    const QString folder = WelcomePanel::copySampleProject(m_workspace->root(), &error);
    if (folder.isEmpty()) {
        rejectDrop(tr("Cannot set up the sample project: %1").arg(error));
        return false;
    }
    return openProjectFolder(folder);
}

void MainWindow::updateWelcome()
{
    if (m_page != NavigationPane::Page::Runs)
        return;
    const bool noRuns = !m_welcomeDismissed && m_runsView->model()->totalCount() == 0 && m_runsView->model()->filter().isEmpty()
                        && m_runsView->model()->loadError().isEmpty();
    QWidget* wanted = noRuns ? static_cast<QWidget*>(m_welcome) : m_runsView;
    if (m_stack->currentWidget() != wanted)
        m_stack->setCurrentWidget(wanted);
}

void MainWindow::buildPages()
{
    const Workspace& ws = *m_workspace;
    m_navigation = new NavigationPane(ws);
    m_navigation->setMinimumWidth(160);
    m_runsView = new RunsView(ws);
    m_estimatorForm = new EstimatorForm(ws);
    m_targetsPage = new TargetsPage(ws);
    m_datasetsPage = new DatasetsPage(ws);
    m_modelsPage = new ModelsPage(ws);
    m_environmentsPage = new EnvironmentsPage(ws);
    m_comparePage = new ComparePage(ws);
    // The previous form's action left the menu when that form was deleted.
    m_submitAction = m_estimatorForm->submitAction();
    m_runMenu->insertAction(m_cancelAction, m_submitAction);
    m_submitAction->setIcon(QIcon::fromTheme(QStringLiteral("media-playback-start"), style()->standardIcon(QStyle::SP_MediaPlay)));
    m_toolBar->insertAction(m_cancelAction, m_submitAction);
    connect(m_submitAction, &QAction::triggered, this, [this] { showPage(NavigationPane::Page::NewRun); });
    m_stack = new QStackedWidget;
    m_stack->setAccessibleName(tr("Page"));
    m_stack->addWidget(m_runsView);
    m_stack->addWidget(m_estimatorForm);
    m_stack->addWidget(m_targetsPage);
    m_stack->addWidget(m_datasetsPage);
    m_stack->addWidget(m_modelsPage);
    m_stack->addWidget(m_environmentsPage);
    m_welcome = new WelcomePanel;
    m_welcomeDismissed = false;
    m_stack->addWidget(m_welcome);
    connect(m_welcome, &WelcomePanel::openProjectRequested, this, &MainWindow::chooseProjectFolder);
    connect(m_welcome, &WelcomePanel::sampleRequested, this, &MainWindow::openSampleProject);
    connect(m_runsView->model(), &RunsTableModel::totalCountChanged, this, &MainWindow::updateWelcome);
    m_stack->addWidget(m_comparePage);

    m_mainSplitter = new QSplitter(Qt::Horizontal);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->addWidget(m_navigation);
    m_mainSplitter->addWidget(m_stack);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setSizes({220, 1060});
    // Replaces (and deletes) the pages of the previous workspace.
    setCentralWidget(m_mainSplitter);
    restoreLayout();

    const QList<QWidget*> findScopes{m_navigation, m_runsView->view(), m_runsView->filterEdit(), m_runsView->statusFilter(),
                                     m_runsView->metricColumnsEdit(), runPage()->tabs()->widget(RunPage::SummaryTab),
                                     m_targetsPage, m_datasetsPage, m_modelsPage, m_environmentsPage, m_estimatorForm};
    for (QWidget* scope : findScopes)
        scope->addAction(m_findAction);

    connect(m_navigation, &NavigationPane::pageRequested, this, &MainWindow::showStackPage);
    connect(m_navigation, &NavigationPane::experimentSelected, m_runsView, &RunsView::setExperiment);
    connect(m_modelsPage, &ModelsPage::openRunRequested, this, &MainWindow::showRun);
    connect(m_runsView, &RunsView::compareRequested, this, &MainWindow::showCompare);
    connect(m_runsView, &RunsView::selectionChanged, this,
            [this](const QStringList& runIds) { m_compareAction->setEnabled(runIds.size() >= 2); });
    m_compareAction->setEnabled(false);
    connect(m_estimatorForm, &EstimatorForm::submitted, this, [this](const QString& runId) {
        m_runsView->model()->refresh();
        m_navigation->refreshCounts();
        if (!showRun(runId))
            statusBar()->showMessage(tr("Run %1 submitted").arg(runId), 5000);
    });
    connect(m_estimatorForm, &EstimatorForm::fileOpened, this, [this](const QString& path, bool convertedFromJob) {
        showPage(NavigationPane::Page::NewRun);
        statusBar()->showMessage(convertedFromJob ? tr("Opened job file %1, converted to an estimator").arg(QDir::toNativeSeparators(path))
                                                  : tr("Opened estimator file %1").arg(QDir::toNativeSeparators(path)),
                                 5000);
    });
    connect(m_estimatorForm, &EstimatorForm::fileOpenFailed, this, [this](const QString& path, const QStringList& errors) {
        statusBar()->showMessage(tr("Cannot open %1").arg(QDir::toNativeSeparators(path)), 10000);
        UserPrompts::warning(this, tr("Cannot open estimator or job file"), errors.join(QLatin1Char('\n')));
    });
    connect(runPage(), &RunPage::resubmitRequested, this, [this](const Estimator& estimator) {
        m_estimatorForm->setEstimator(estimator);
        showPage(NavigationPane::Page::NewRun);
    });
    connect(runPage(), &RunPage::cancelRequested, this, [this](const QString& runId) {
        statusBar()->showMessage(tr("Cancel requested for run %1").arg(runId), 5000);
        onWorkspaceChanged();
    });
    connect(runPage(), &RunPage::modelRegistered, m_modelsPage, &ModelsPage::refresh);

    delete m_watcher;
    m_watcher = new WorkspaceWatcher(ws, this);
    connect(m_watcher, &WorkspaceWatcher::changed, this, &MainWindow::onWorkspaceChanged);
    m_runEndNotifier->setWorkspace(ws);
    connect(m_watcher, &WorkspaceWatcher::changed, m_runEndNotifier, &RunEndNotifier::checkRuns);
    m_watcher->start(500);

    m_workspaceLabel->setText(QDir::toNativeSeparators(ws.root()));
    setWindowTitle(tr("%1 — Trainyard").arg(QDir::toNativeSeparators(ws.root())));
    m_page = NavigationPane::Page::Runs;
    updateLiveRuns();
    updateWelcome();
}

RunsTableModel* MainWindow::runsModel() const { return m_runsView->model(); }

RunPage* MainWindow::runPage() const { return m_runsView->runPage(); }

void MainWindow::showPage(NavigationPane::Page page)
{
    showStackPage(page);
    m_navigation->showPage(page, page == NavigationPane::Page::Runs ? m_runsView->experiment() : QString());
}

void MainWindow::showStackPage(NavigationPane::Page page)
{
    m_page = page;
    switch (page) {
    case NavigationPane::Page::Runs:
        m_stack->setCurrentWidget(m_runsView);
        updateWelcome();
        break;
    case NavigationPane::Page::NewRun:
        m_stack->setCurrentWidget(m_estimatorForm);
        break;
    case NavigationPane::Page::Targets:
        m_targetsPage->refresh();
        m_stack->setCurrentWidget(m_targetsPage);
        break;
    case NavigationPane::Page::Datasets:
        m_datasetsPage->refresh();
        m_stack->setCurrentWidget(m_datasetsPage);
        break;
    case NavigationPane::Page::Models:
        m_modelsPage->refresh();
        m_stack->setCurrentWidget(m_modelsPage);
        break;
    case NavigationPane::Page::Environments:
        m_environmentsPage->refresh();
        m_stack->setCurrentWidget(m_environmentsPage);
        break;
    case NavigationPane::Page::Compare:
        // The comparison last opened, or what to do to open one.
        m_stack->setCurrentWidget(m_comparePage);
        break;
    }
}

void MainWindow::showCompare(const QStringList& runIds)
{
    if (runIds.size() < 2) {
        statusBar()->showMessage(tr("Select two or more runs to compare them"), 5000);
        return;
    }
    m_comparePage->setRuns(runIds);
    showPage(NavigationPane::Page::Compare);
}

bool MainWindow::showRun(const QString& runId)
{
    showPage(NavigationPane::Page::Runs);
    if (!m_runsView->showRun(runId)) {
        statusBar()->showMessage(tr("No run %1 in this workspace").arg(runId), 5000);
        return false;
    }
    m_navigation->showPage(NavigationPane::Page::Runs, m_runsView->experiment());
    return true;
}

void MainWindow::refreshAll()
{
    onWorkspaceChanged();
    if (m_page == NavigationPane::Page::Targets)
        m_targetsPage->refresh();
    else if (m_page == NavigationPane::Page::Datasets)
        m_datasetsPage->refresh();
    else if (m_page == NavigationPane::Page::Models)
        m_modelsPage->refresh();
    else if (m_page == NavigationPane::Page::Environments)
        m_environmentsPage->refresh();
    statusBar()->showMessage(tr("Refreshed"), 2000);
}

void MainWindow::onWorkspaceChanged()
{
    m_runsView->refresh();
    m_navigation->refreshCounts();
    updateLiveRuns();
}

void MainWindow::updateLiveRuns()
{
    const qint64 live = RunQuery(*m_workspace).liveRunCount();
    m_liveRunsLabel->setText(tr("%n live run(s)", nullptr, int(live)));
}

void MainWindow::chooseProjectFolder()
{
    const QString folder = UserPrompts::existingDirectory(this, tr("Open Project Folder"));
    if (!folder.isEmpty())
        openProjectFolder(folder);
}

void MainWindow::chooseEstimatorFile()
{
    const QString path = UserPrompts::openFileName(this, tr("Open Estimator or Job File"), QString(),
                                                   tr("Estimator and Azure ML job files (*.yml *.yaml)"));
    if (!path.isEmpty())
        openEstimatorFile(path);
}

void MainWindow::openEstimatorFile(const QString& path)
{
    m_estimatorForm->openFile(path);
}

void MainWindow::chooseWorkspace()
{
    const QString dir = UserPrompts::existingDirectory(this, tr("Open Workspace"), m_workspace->root());
    if (!dir.isEmpty())
        switchWorkspace(dir);
}

bool MainWindow::openProjectFolder(const QString& folder)
{
    QString why;
    if (!m_estimatorForm->openProjectFolder(QFileInfo(folder).absoluteFilePath(), &why)) {
        rejectDrop(why.isEmpty() ? tr("%1 cannot be opened as a project folder").arg(folder) : why);
        return false;
    }
    showPage(NavigationPane::Page::NewRun);
    statusBar()->showMessage(tr("Opened project folder %1").arg(QDir::toNativeSeparators(folder)), 5000);
    return true;
}

void MainWindow::rejectDrop(const QString& why)
{
    statusBar()->showMessage(why, 10000);
    UserPrompts::warning(this, tr("Cannot open project folder"), why);
}

bool MainWindow::handleDroppedUrls(const QList<QUrl>& urls)
{
    if (urls.isEmpty()) {
        rejectDrop(tr("Nothing was dropped: drop a project folder to open it."));
        return false;
    }
    const QUrl& url = urls.constFirst();
    if (!url.isLocalFile()) {
        rejectDrop(tr("%1 is not a local folder: drop a project folder from this computer.").arg(url.toDisplayString()));
        return false;
    }
    const QString path = url.toLocalFile();
    const QFileInfo info(path);
    if (!info.exists()) {
        rejectDrop(tr("%1 does not exist.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    const QString suffix = info.suffix().toLower();
    if (info.isFile() && (suffix == QLatin1String("yml") || suffix == QLatin1String("yaml"))) {
        openEstimatorFile(path);
        return true;
    }
    if (!info.isDir()) {
        rejectDrop(tr("%1 is a file, not a folder: drop the project folder that holds the training script, or an "
                      "estimator or job file (.yml).")
                       .arg(QDir::toNativeSeparators(path)));
        return false;
    }
    // isReadable alone misses folders that can be read but not entered; listing proves both.
    if (!info.isReadable() || !info.isExecutable()) {
        rejectDrop(tr("%1 cannot be read (permission denied).").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    if (urls.size() > 1)
        statusBar()->showMessage(tr("Several items dropped: opening only %1").arg(QDir::toNativeSeparators(path)), 5000);
    return openProjectFolder(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    if (!event->mimeData()->hasUrls())
        return;
    event->acceptProposedAction();
    handleDroppedUrls(event->mimeData()->urls());
}

bool MainWindow::switchWorkspace(const QString& dir)
{
    QString error;
    const auto workspace = Workspace::open(QFileInfo(dir).absoluteFilePath(), &error);
    if (!workspace) {
        statusBar()->showMessage(error, 10000);
        UserPrompts::warning(this, tr("Cannot open workspace"), tr("Cannot open workspace %1: %2").arg(dir, error));
        return false;
    }
    saveLayout();
    m_watcher->stop();
    m_workspace = *workspace;
    buildPages();
    rememberWorkspace(m_workspace->root());
    emit workspaceSwitched(m_workspace->root());
    return true;
}

QStringList MainWindow::recentWorkspaces() { return QSettings().value(kRecentKey).toStringList(); }

void MainWindow::rememberWorkspace(const QString& root)
{
    QStringList recent = recentWorkspaces();
    recent.removeAll(root);
    recent.prepend(root);
    while (recent.size() > kMaxRecentWorkspaces)
        recent.removeLast();
    QSettings().setValue(kRecentKey, recent);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentWorkspaces();
    for (const QString& root : recent) {
        QAction* action = m_recentMenu->addAction(QDir::toNativeSeparators(root), this, [this, root] { switchWorkspace(root); });
        action->setEnabled(root != m_workspace->root());
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kMainSplitterKey, m_mainSplitter->saveState());
    settings.setValue(kRunsSplitterKey, m_runsView->splitter()->saveState());
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    m_mainSplitter->restoreState(settings.value(kMainSplitterKey).toByteArray());
    m_runsView->splitter()->restoreState(settings.value(kRunsSplitterKey).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::paintEvent(QPaintEvent* event)
{
    QMainWindow::paintEvent(event);
    if (!m_painted) {
        m_painted = true;
        emit firstPainted();
    }
}
