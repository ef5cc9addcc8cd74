// One run in detail, under the runs table: a summary (status, times, exit code and error, target, git with a
// dirty badge, command line, parameters, tags, last metric values) with Cancel and Resubmit, and tabs for its
// logs, metrics (all selected runs overlaid) and artifacts. refresh() re-reads the summary of a live run.
#pragma once

#include "environments/EnvironmentStore.h"
#include "environments/RanWith.h"
#include "estimator/Estimator.h"
#include "logs/FailureCause.h"
#include "run/RunRecord.h"
#include "workspace/Workspace.h"

#include <QStringList>
#include <QWidget>
#include <functional>
#include <optional>

class ArtifactsBrowser;
class LogViewWidget;
class MetricsChartWidget;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidgetItem;
class RunStore;
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
    // What a person records about the run, edited in the Summary: the name (saved on Enter or leaving the
    // field), the note (Save note), the tags (a name/value table: Add tag, edit a cell, Remove tag). Every
    // write runs on a worker; runEdited() says it landed, a failure shows in editErrorLabel().
    QLineEdit* nameEdit() const { return m_nameEdit; }
    QPlainTextEdit* noteEdit() const { return m_noteEdit; }
    QPushButton* saveNoteButton() const { return m_saveNoteButton; }
    QTableWidget* tagsTable() const { return m_tagsTable; }
    QPushButton* addTagButton() const { return m_addTagButton; }
    QPushButton* removeTagButton() const { return m_removeTagButton; }
    QLabel* editErrorLabel() const { return m_editError; }
    MetricsChartWidget* metricsWidget() const { return m_metrics; }
    ArtifactsBrowser* artifactsBrowser() const { return m_artifacts; }
    LogViewWidget* logView() const { return m_logs; }
    // The Environment section: what the run ran with (read on a worker; environmentShown() when it landed).
    QLabel* environmentLabel() const { return m_environmentLabel; }
    QLabel* interpreterLabel() const { return m_interpreterLabel; }
    QLabel* imageLabel() const { return m_imageLabel; }
    QLabel* hostLabel() const { return m_hostLabel; }
    // A failed run's cause, from its stderr (read with the Environment section); hidden for other runs.
    QLabel* causeLabel() const { return m_causeLabel; }
    QLabel* osLabel() const { return m_osLabel; }
    QLabel* cpuLabel() const { return m_cpuLabel; }
    QLabel* memoryLabel() const { return m_memoryLabel; }
    QLabel* gpusLabel() const { return m_gpusLabel; }
    QLabel* environmentFilesLabel() const { return m_environmentFiles; }
    // Shows a run file: the environment's build log in the Logs tab, any other in the Artifacts tab.
    void openRunFile(const QString& relativePath);

signals:
    // The user wants the run's estimator back in the form.
    void resubmitRequested(const Estimator& estimator);
    void cancelRequested(const QString& runId);
    void modelRegistered(const QString& name, int version);
    // The Environment section shows what was read for this run (tests wait on it).
    void environmentShown(const QString& runId);
    // A change of the run's name, note or tags was written (error empty) or refused (error says why).
    void runEdited(const QString& runId, const QString& error);

private:
    struct EnvironmentFacts
    {
        QString runId;
        std::optional<EnvironmentRecord> environment;
        QString environmentError;
        std::optional<RanWith> ranWith;
        QString ranWithError;
        QStringList files; // which of ran-with.json, pip-freeze.txt, conda-list.txt, environment-build.log exist
        FailureCause failure;
        QString failureError;
    };
    QWidget* buildSummary();
    QWidget* buildEnvironmentSection(QWidget* parent);
    void showRun(const std::optional<RunRecord>& run);
    void loadEnvironment();
    void showEnvironment(const EnvironmentFacts& facts);
    QWidget* buildTagsEditor(QWidget* parent);
    void showUserFields(const std::optional<RunRecord>& run, const QVector<QPair<QString, QString>>& tags);
    void commitName();
    void saveNote();
    void addTag();
    void removeSelectedTag();
    void onTagEdited(QTableWidgetItem* item);
    // Writes on a worker through a RunStore of that thread; `what` names the change in an error.
    void writeRun(const QString& what, const std::function<QString(RunStore&, const QString& runId)>& write);

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
    QLineEdit* m_nameEdit = nullptr;
    QPlainTextEdit* m_noteEdit = nullptr;
    QPushButton* m_saveNoteButton = nullptr;
    QTableWidget* m_tagsTable = nullptr;
    QPushButton* m_addTagButton = nullptr;
    QPushButton* m_removeTagButton = nullptr;
    QLabel* m_editError = nullptr;
    QString m_userFieldsRunId; // whose name, note and tags the editors show
    QLabel* m_environmentLabel = nullptr;
    QLabel* m_interpreterLabel = nullptr;
    QLabel* m_imageLabel = nullptr;
    QLabel* m_hostLabel = nullptr;
    QLabel* m_causeLabel = nullptr;
    QLabel* m_causeTitle = nullptr;
    QLabel* m_osLabel = nullptr;
    QLabel* m_cpuLabel = nullptr;
    QLabel* m_memoryLabel = nullptr;
    QLabel* m_gpusLabel = nullptr;
    QLabel* m_environmentFiles = nullptr;
    bool m_environmentLoading = false;
    bool m_environmentAgain = false;
    QTableWidget* m_parameters = nullptr;
    QTableWidget* m_metricValues = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_resubmitButton = nullptr;
    LogViewWidget* m_logs = nullptr;
    MetricsChartWidget* m_metrics = nullptr;
    ArtifactsBrowser* m_artifacts = nullptr;
};
