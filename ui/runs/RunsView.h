// The run monitor page: a filter bar (text, status, metric columns), the runs table (lazy, sortable,
// multi-select) and, in a splitter under it, the RunPage of the selected runs. The selection survives live
// updates and reloads, because it is restored by run id.
#pragma once

#include "workspace/Workspace.h"

#include <QStringList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class RunPage;
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
    // The user asked to compare these runs side by side (the runs table's menu).
    void compareRequested(const QStringList& runIds);

private:
    void onSelectionChanged();
    void applyMetricColumns();
    void rememberSelection();
    void restoreSelection();
    void updateCountLabel();

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
    QTimer m_textFilterDelay;
    QStringList m_savedSelection;
    QString m_savedCurrent;
};
