// One run in detail, under the runs table: a summary (status, times, exit code and error, target, git with a
// dirty badge, command line, parameters, tags, last metric values) with Cancel and Resubmit, and tabs for its
// logs, metrics (all selected runs overlaid) and artifacts. refresh() re-reads the summary of a live run.
#pragma once

#include "estimator/Estimator.h"
#include "run/RunRecord.h"
#include "workspace/Workspace.h"

#include <QStringList>
#include <QWidget>
#include <optional>

class ArtifactsBrowser;
class LogViewWidget;
class MetricsChartWidget;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

class RunPage : public QWidget
{
    Q_OBJECT
public:
    enum Tab { SummaryTab, LogsTab, MetricsTab, ArtifactsTab };

    explicit RunPage(const Workspace& workspace, QWidget* parent = nullptr);

    // The first run is the one shown in detail; all of them are overlaid in the metrics tab.
    void setRuns(const QStringList& runIds);
    QString currentRunId() const { return m_runIds.value(0); }
    QStringList runIds() const { return m_runIds; }
    // Reads the current run again (its status, times, metrics move on while it is live).
    void refresh();

    // Asks, then requests the cancel the way trainyard-cli cancel does. False when nothing was requested.
    bool cancelRun();
    void resubmit();

    QPushButton* cancelButton() const { return m_cancelButton; }
    QPushButton* resubmitButton() const { return m_resubmitButton; }
    QLabel* statusLabel() const { return m_statusLabel; }
    QTabWidget* tabs() const { return m_tabs; }
    QTableWidget* parametersTable() const { return m_parameters; }
    MetricsChartWidget* metricsWidget() const { return m_metrics; }
    ArtifactsBrowser* artifactsBrowser() const { return m_artifacts; }
    LogViewWidget* logView() const { return m_logs; }

signals:
    // The user wants the run's estimator back in the form.
    void resubmitRequested(const Estimator& estimator);
    void cancelRequested(const QString& runId);
    void modelRegistered(const QString& name, int version);

private:
    QWidget* buildSummary();
    void showRun(const std::optional<RunRecord>& run);

    Workspace m_workspace;
    QStringList m_runIds;
    std::optional<RunRecord> m_run;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_titleLabel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_submittedLabel = nullptr;
    QLabel* m_startedLabel = nullptr;
    QLabel* m_endedLabel = nullptr;
    QLabel* m_durationLabel = nullptr;
    QLabel* m_exitLabel = nullptr;
    QLabel* m_errorLabel = nullptr;
    QLabel* m_targetLabel = nullptr;
    QLabel* m_gitLabel = nullptr;
    QLabel* m_dirtyBadge = nullptr;
    QLabel* m_commandLabel = nullptr;
    QLabel* m_tagsLabel = nullptr;
    QTableWidget* m_parameters = nullptr;
    QTableWidget* m_metricValues = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_resubmitButton = nullptr;
    LogViewWidget* m_logs = nullptr;
    MetricsChartWidget* m_metrics = nullptr;
    ArtifactsBrowser* m_artifacts = nullptr;
};
