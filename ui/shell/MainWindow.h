// The desktop app's window: navigation on the left (runs by experiment, compare, new run, compute targets,
// datasets, models, environments), the chosen page in the middle, the workspace and the number of live runs in the status bar.
// Owns the menus, the toolbar and shortcuts, project-folder drops, the recent-workspaces list, the theme, the
// language choice and the saved layout. A workspace with no runs shows what to do first (WelcomePanel) in place
// of the runs table.
// Switching workspace rebuilds every page on the new workspace; a WorkspaceWatcher drives live refresh.
#pragma once

#include "shell/NavigationPane.h"
#include "shell/UiLanguage.h"
#include "workspace/Workspace.h"

#include <QList>
#include <QMainWindow>
#include <QUrl>
#include <optional>

class ComparePage;
class DatasetsPage;
class EnvironmentsPage;
class EstimatorForm;
class ModelsPage;
class QAction;
class QLabel;
class QMenu;
class QSplitter;
class QStackedWidget;
class RunEndNotifier;
class RunPage;
class RunsTableModel;
class RunsView;
class QToolBar;
class TargetsPage;
class WelcomePanel;
class WorkspaceWatcher;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const Workspace& workspace, QWidget* parent = nullptr);
    ~MainWindow() override;

    Workspace workspace() const { return *m_workspace; }
    // Opens another workspace and rebuilds every page on it; false (after telling the user) when it cannot.
    bool switchWorkspace(const QString& dir);
    // Opens a project folder in the estimator form; false, with the reason in the status bar and a warning,
    // when the folder is unusable.
    bool openProjectFolder(const QString& folder);
    // Opens an estimator file, or an Azure ML v2 command job file converted to one, in the estimator form
    // (read on a worker; a file that cannot be used is reported in a warning).
    void openEstimatorFile(const QString& path);
    // What a drop on the window does: the first URL must be a readable local folder.
    bool handleDroppedUrls(const QList<QUrl>& urls);
    // Shows the run in the run monitor (clearing filters that hide it); false when the workspace has no such run.
    bool showRun(const QString& runId);
    void showPage(NavigationPane::Page page);
    // Shows the compare page on these runs (at least two; fewer says so in the status bar).
    void showCompare(const QStringList& runIds);
    NavigationPane::Page currentPage() const { return m_page; }
    // Reads the workspace again now (F5; the watcher does this on its own when another process commits).
    void refreshAll();
    // Where a window with no saved layout opens on a screen whose free area (less panels) is `available`:
    // 1280×800 where that fits, else as much of the area as leaves room for the frame, never less than the
    // window's `minimum` (nor more than the area), centred in it.
    static QRect defaultGeometry(const QRect& available, const QSize& minimum = {});

    NavigationPane* navigationPane() const { return m_navigation; }
    RunsView* runsView() const { return m_runsView; }
    RunsTableModel* runsModel() const;
    RunPage* runPage() const;
    EstimatorForm* estimatorForm() const { return m_estimatorForm; }
    TargetsPage* targetsPage() const { return m_targetsPage; }
    DatasetsPage* datasetsPage() const { return m_datasetsPage; }
    ModelsPage* modelsPage() const { return m_modelsPage; }
    EnvironmentsPage* environmentsPage() const { return m_environmentsPage; }
    ComparePage* comparePage() const { return m_comparePage; }
    QLabel* liveRunsLabel() const { return m_liveRunsLabel; }
    QAction* submitAction() const { return m_submitAction; }
    QAction* cancelAction() const { return m_cancelAction; }
    QAction* resubmitAction() const { return m_resubmitAction; }
    QAction* compareAction() const { return m_compareAction; }
    QAction* refreshAction() const { return m_refreshAction; }
    QAction* findAction() const { return m_findAction; }
    QAction* openProjectAction() const { return m_openProjectAction; }
    QAction* openEstimatorFileAction() const { return m_openEstimatorFileAction; }
    QAction* openWorkspaceAction() const { return m_openWorkspaceAction; }
    QAction* aboutAction() const { return m_aboutAction; }
    QToolBar* mainToolBar() const { return m_toolBar; }
    QAction* notifyRunsEndedAction() const { return m_notifyRunsEndedAction; }
    RunEndNotifier* runEndNotifier() const { return m_runEndNotifier; }
    // Shows the window (restored if minimised) above the others and asks for the focus: a run link handed
    // over by a later start, a click on a notification.
    void bringToFront();
    WelcomePanel* welcomePanel() const { return m_welcome; }
    // Copies the bundled sample project next to the workspace (once) and opens it in the estimator form.
    bool openSampleProject();
    void showAbout();
    // The text of Help → About: version, Qt version and where the documentation is.
    static QString aboutText();

    static QStringList recentWorkspaces();

signals:
    // After the first paint of the window (the app's start-up benchmark waits for it).
    void firstPainted();
    void workspaceSwitched(const QString& root);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    // Shows a page without moving the navigation (the navigation asked for it).
    void showStackPage(NavigationPane::Page page);
    void buildActions();
    void buildPages();
    void saveLayout() const;
    void restoreLayout();
    void rememberWorkspace(const QString& root);
    void fillRecentMenu();
    void onWorkspaceChanged();
    void updateLiveRuns();
    void chooseProjectFolder();
    void chooseEstimatorFile();
    void chooseWorkspace();
    void rejectDrop(const QString& why);
    void updateWelcome();
    void buildThemeMenu(QMenu* view);
    // Settings: the language (and what else the app lets a person set).
    void createSettingsMenu();
    void chooseLanguage(UiLanguage::Choice choice);

    std::optional<Workspace> m_workspace;
    WorkspaceWatcher* m_watcher = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    NavigationPane* m_navigation = nullptr;
    QStackedWidget* m_stack = nullptr;
    RunsView* m_runsView = nullptr;
    EstimatorForm* m_estimatorForm = nullptr;
    TargetsPage* m_targetsPage = nullptr;
    DatasetsPage* m_datasetsPage = nullptr;
    ModelsPage* m_modelsPage = nullptr;
    EnvironmentsPage* m_environmentsPage = nullptr;
    ComparePage* m_comparePage = nullptr;
    QLabel* m_workspaceLabel = nullptr;
    QLabel* m_liveRunsLabel = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_runMenu = nullptr;
    QAction* m_openProjectAction = nullptr;
    QAction* m_openEstimatorFileAction = nullptr;
    QAction* m_openWorkspaceAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_submitAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_resubmitAction = nullptr;
    QAction* m_compareAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_findAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_notifyRunsEndedAction = nullptr;
    RunEndNotifier* m_runEndNotifier = nullptr;
    QToolBar* m_toolBar = nullptr;
    WelcomePanel* m_welcome = nullptr;
    bool m_welcomeDismissed = false;
    NavigationPane::Page m_page = NavigationPane::Page::Runs;
    bool m_painted = false;
};
