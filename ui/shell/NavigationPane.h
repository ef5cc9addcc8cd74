// The left pane of the main window: Runs (all, then one entry per experiment with its number of runs), Compare
// (the comparison last opened), New run, Compute targets, Datasets, Models, Environments. Counting runs groups the whole runs table, so it runs on a worker thread
// and the pane updates when the answer comes back.
#pragma once

#include "shell/BackgroundReload.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QPair>
#include <QVector>
#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

class NavigationPane : public QWidget
{
    Q_OBJECT
public:
    enum class Page { Runs, NewRun, Targets, Datasets, Models, Environments, Compare };
    Q_ENUM(Page)

    explicit NavigationPane(const Workspace& workspace, QWidget* parent = nullptr);
    ~NavigationPane() override;

    // Counts again off the GUI thread; a request while one is running is folded into one more count.
    void refreshCounts();
    // Last counts seen: runs of one experiment, or of the workspace for an empty name.
    qint64 runCount(const QString& experiment = {}) const;
    QStringList experiments() const;
    // Highlights an entry without emitting anything (the window moved there by itself).
    void showPage(Page page, const QString& experiment = {});
    QTreeWidget* tree() const { return m_tree; }

signals:
    void pageRequested(NavigationPane::Page page);
    // Runs of one experiment, or all runs for an empty name.
    void experimentSelected(const QString& experiment);
    void countsUpdated();

private:
    void applyCounts(const QVector<QPair<QString, qint64>>& counts);
    void onCurrentItemChanged(QTreeWidgetItem* current);
    QTreeWidgetItem* pageItem(Page page) const;

    Workspace m_workspace;
    QTreeWidget* m_tree = nullptr;
    QTreeWidgetItem* m_runsItem = nullptr;
    BackgroundReload<QVector<QPair<QString, qint64>>> m_counting;
    QHash<QString, qint64> m_counts;
    qint64 m_total = 0;
    bool m_silent = false;
};
