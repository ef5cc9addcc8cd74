// The compare page: runs side by side. "Table" shows the comparison (sections of rows, one column per run,
// differing rows highlighted, "Differences only", copy of a selection); "Code" the files changed between
// two chosen runs' snapshots and the diff of one of them; "Parallel Coordinates" and "Scatter" every
// numeric parameter and metric as axes (the Parallel Coordinates tab by default only the columns that differ
// between the runs and no system/ metrics; its "Axes" menu chooses them). Everything that reads the workspace runs on a worker thread. Before
// the first comparison (the navigation's Compare entry) it says how to open one instead.
#pragma once

#include "compare/PlotTable.h"
#include "compare/RunComparison.h"
#include "compare/SnapshotDiff.h"
#include "workspace/Workspace.h"

#include <QStringList>
#include <QWidget>

#include <memory>
#include <optional>

class ComparisonTableModel;
class ParallelCoordinatesView;
class ScatterPlotPanel;
class QCheckBox;
class QComboBox;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QTabWidget;
class QToolButton;
class QTreeView;
class QTreeWidget;
template <typename T> class QFutureWatcher;

class ComparePage : public QWidget
{
    Q_OBJECT
public:
    enum Tab { TableTab = 0, CodeTab = 1, ParallelCoordinatesTab = 2, ScatterTab = 3 };

    explicit ComparePage(const Workspace& workspace, QWidget* parent = nullptr);
    ~ComparePage() override;

    // Compares these runs (at least two), replacing what the page showed; the table fills in when the
    // worker is done (comparisonReady) or shows why it could not (comparisonFailed).
    void setRuns(const QStringList& runIds);
    QStringList runIds() const { return m_runIds; }
    bool isBusy() const;

    // The comparison shown (null before the first one is ready), and the numbers of chosen rows (RunColumn
    // keys such as params.lr or metrics.loss.min) for plots: NaN where a run has none.
    std::shared_ptr<const RunComparison> comparison() const { return m_comparison; }
    ComparisonNumbers numbers(const QStringList& keys) const;
    void addPlotTab(QWidget* widget, const QString& title);

    // Shows the code diff of two runs of the comparison (indexes into runIds()).
    void setCodeRuns(int beforeRun, int afterRun);
    // Shows the diff of one changed file in the Code tab.
    void showFileDiff(const QString& path);
    // The selected cells as tab-separated text, rows in table order, on the clipboard.
    void copySelection();
    QString selectionText() const;

    QTabWidget* tabs() const { return m_tabs; }
    QTreeView* tableView() const { return m_tableView; }
    ComparisonTableModel* model() const { return m_model; }
    QCheckBox* differencesOnlyBox() const { return m_differencesOnly; }
    QLabel* statusLabel() const { return m_status; }
    // "Select two or more runs and press Compare (Ctrl+D).", shown in place of the tabs until setRuns.
    QLabel* emptyStateLabel() const { return m_emptyState; }
    QComboBox* codeBeforeBox() const { return m_beforeRun; }
    QComboBox* codeAfterBox() const { return m_afterRun; }
    QTreeWidget* changedFiles() const { return m_changedFiles; }
    QPlainTextEdit* fileDiffView() const { return m_fileDiff; }
    ParallelCoordinatesView* parallelCoordinates() const { return m_parallel; }
    ScatterPlotPanel* scatter() const { return m_scatter; }
    // "Axes": a menu of every numeric column (checkable actions whose data is the column's key) choosing
    // the parallel coordinates' axes; the scatter keeps offering every column.
    QToolButton* axesButton() const { return m_axesButton; }
    QStringList parallelAxisKeys() const { return m_parallelAxes; }
    void setParallelAxisKeys(const QStringList& keys);
    // The columns shown by default: those whose value differs between the runs, system/ metrics left out.
    static QStringList defaultAxisKeys(const PlotTable& table);

signals:
    void comparisonReady();
    void comparisonFailed(const QString& error);
    void changedFilesReady();
    void fileDiffReady(const QString& path);

private:
    struct ComparisonResult {
        std::shared_ptr<const RunComparison> comparison;
        QString error;
    };
    struct SnapshotDiffResult {
        std::shared_ptr<const SnapshotDiff> diff;
        QString error;
    };
    struct FileDiffResult {
        std::optional<SnapshotFileDiff> diff;
        QString error;
    };

    QWidget* buildTableTab();
    QWidget* buildCodeTab();
    void onComparisonFinished();
    void onSnapshotDiffFinished();
    void onFileDiffFinished();
    void onCodeRunsChosen();
    void setBusy(bool busy, const QString& message = {});
    PlotTable plotTable() const;
    QWidget* buildParallelTab();
    void fillAxesMenu();
    void onAxisToggled();

    Workspace m_workspace;
    QStringList m_runIds;
    std::shared_ptr<const RunComparison> m_comparison;
    std::shared_ptr<const SnapshotDiff> m_snapshotDiff;
    // What the Code tab shows or is working on: a later choice replaces an earlier one's result.
    QString m_pendingFile;

    QTabWidget* m_tabs = nullptr;
    QTreeView* m_tableView = nullptr;
    ComparisonTableModel* m_model = nullptr;
    QCheckBox* m_differencesOnly = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_emptyState = nullptr;
    QProgressBar* m_busy = nullptr;
    QComboBox* m_beforeRun = nullptr;
    QComboBox* m_afterRun = nullptr;
    QTreeWidget* m_changedFiles = nullptr;
    QPlainTextEdit* m_fileDiff = nullptr;
    QLabel* m_codeStatus = nullptr;
    ParallelCoordinatesView* m_parallel = nullptr;
    ScatterPlotPanel* m_scatter = nullptr;
    QToolButton* m_axesButton = nullptr;
    QMenu* m_axesMenu = nullptr;
    // Every numeric column of the comparison, and those the parallel coordinates draw, in its order.
    PlotTable m_plotTable;
    QStringList m_parallelAxes;
    QFutureWatcher<ComparisonResult>* m_comparisonWatcher = nullptr;
    QFutureWatcher<SnapshotDiffResult>* m_snapshotWatcher = nullptr;
    QFutureWatcher<FileDiffResult>* m_fileWatcher = nullptr;
};
