// The run monitor page: a filter bar (text, status, metric columns), the runs table (lazy, sortable,
// multi-select) and, in a splitter under it, the RunPage of the selected runs. The selection survives live
// updates and reloads, because it is restored by run id.
#pragma once

#include "workspace/Workspace.h"

#include <QStringList>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QStringListModel;
class QSplitter;
class QTableView;
class RunPage;
class RunsContextMenu;
class RunsTableModel;

class RunsView : public QWidget
{
    Q_OBJECT
public:
    explicit RunsView(const Workspace& workspace, QWidget* parent = nullptr);

    RunsTableModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    RunPage* runPage() const { return m_runPage; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    QComboBox* statusFilter() const { return m_statusFilter; }
    QLineEdit* metricColumnsEdit() const { return m_metricColumnsEdit; }
    QSplitter* splitter() const { return m_splitter; }
    // The filter bar's parts: the inline error under the filter field, the completer of its names, the
    // "No runs match" note over the table, the column chooser, "Show archived" and "Export CSV…".
    QLabel* filterErrorLabel() const { return m_filterError; }
    QCompleter* filterCompleter() const { return m_completer; }
    QLabel* noRunsLabel() const { return m_noRunsLabel; }
    QPushButton* columnsButton() const { return m_columnsButton; }
    QCheckBox* showArchivedBox() const { return m_showArchived; }
    QPushButton* exportButton() const { return m_exportButton; }
    // The chooser's menu of the columns the workspace (or the experiment) has, checked when shown.
    QMenu* columnMenu();
    // Writes the rows the table lists (every matching run, loaded or not) as CSV off the GUI thread;
    // exportFinished tells how it went.
    void exportCsv(const QString& path);
    // The table's right-click menu (and its Delete key).
    RunsContextMenu* contextMenu() const { return m_contextMenu; }

    void setExperiment(const QString& experiment);
    QString experiment() const;
    // Selects the run (clearing filters that hide it, loading pages until it is there); false when unknown.
    bool showRun(const QString& runId);
    QStringList selectedRunIds() const;
    void focusFilter();
    // Live update from the workspace watcher: table rows, then the run page.
    void refresh();
    // Applies the text typed in the filter field now instead of after the typing pause.
    void applyTextFilter();

signals:
    void selectionChanged(const QStringList& runIds);
    // Runs written, or -1 with the error.
    void exportFinished(const QString& path, qint64 runs, const QString& error);
    // The user asked to compare these runs (2 or more), from the table's menu.
    void compareRequested(const QStringList& runIds);

private:
    void onSelectionChanged();
    void applyMetricColumns();
    void rememberSelection();
    void restoreSelection();
    void updateCountLabel();
    void updateCompletions();
    void insertCompletion(const QString& completion);
    void showFilterError(const QString& text, int offset, int length, const QString& message);
    void toggleColumn(const QString& key, bool shown);
    void updateNoRunsLabel();
    // Column set, sort and filter per workspace and experiment (QSettings).
    QString settingsGroup() const;
    void saveSettings() const;
    void restoreSettings();

    Workspace m_workspace;
    RunsTableModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    RunPage* m_runPage = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QLineEdit* m_metricColumnsEdit = nullptr;
    QLabel* m_countLabel = nullptr;
    QLabel* m_experimentLabel = nullptr;
    QSplitter* m_splitter = nullptr;
    QLabel* m_filterError = nullptr;
    QLabel* m_noRunsLabel = nullptr;
    QCompleter* m_completer = nullptr;
    QStringListModel* m_completions = nullptr;
    QPushButton* m_columnsButton = nullptr;
    QMenu* m_columnMenu = nullptr;
    QCheckBox* m_showArchived = nullptr;
    QPushButton* m_exportButton = nullptr;
    bool m_restoring = false;
    RunsContextMenu* m_contextMenu = nullptr;
    QTimer m_textFilterDelay;
    QStringList m_savedSelection;
    QString m_savedCurrent;
};
