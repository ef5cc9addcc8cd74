// EstimatorForm: the estimator editor of the desktop app. Opens a project folder (inspected off the GUI thread),
// edits every estimator field, validates as the user types with the core's own checks (messages shown next to
// the offending field), previews the exact command line, saves estimator.yml and submits runs asynchronously.
#pragma once

#include "estimator/Estimator.h"
#include "estimator/ProjectInspector.h"
#include "workspace/Workspace.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;
class QTimer;
class ScriptParamsDelegate;
class ScriptParamsModel;
class Submitter;
struct OpenedEstimatorFile;
template <typename T> class QFutureWatcher;

class EstimatorForm : public QWidget
{
    Q_OBJECT
public:
    explicit EstimatorForm(const Workspace& workspace, QWidget* parent = nullptr);
    ~EstimatorForm() override;

    // Loads estimator.yml of the folder, or guesses one; false + reason when the folder is unusable. The
    // obvious problems are answered at once; the inspection itself runs on a worker and ends with
    // projectInspected().
    bool openProjectFolder(const QString& folder, QString* whyNot);
    // Shows an estimator (a resubmitted run's, say); its folder's scripts and git state are read on a worker.
    void setEstimator(const Estimator& estimator);
    // Opens an estimator file, or an Azure ML v2 command job file converted to an estimator (then unsaved: Save
    // writes estimator.yml, never over the job file). Read on a worker; ends with fileOpened or fileOpenFailed.
    void openFile(const QString& path);
    Estimator estimator() const;

    // The messages currently shown: per field key ("entry_script", "node_count", ...) and all of them.
    QStringList fieldErrors(const QString& field) const;
    QStringList errors() const { return m_errors; }
    QString commandPreview() const;
    // Where Save writes: the loaded/saved estimator file, else <source_directory>/estimator.yml.
    QString savePath() const;
    // Ctrl+Return; the main window may put it in a menu.
    QAction* submitAction() const { return m_submitAction; }

    // Fields whose messages the form can place next to a control, in form order.
    static QStringList fieldKeys();

public slots:
    void submit();
    bool save();
    bool saveAs();
    void cancelSubmit();
    // Re-reads experiments, targets and datasets of the workspace.
    void refreshChoices();

signals:
    void submitted(const QString& runId);
    void submitFailed(const QStringList& errors);
    // The worker finished looking at a folder opened with openProjectFolder and the form shows the result.
    void projectInspected(const QString& folder);
    void saved(const QString& path);
    void fileOpened(const QString& path, bool convertedFromJob);
    void fileOpenFailed(const QString& path, const QStringList& errors);
    // After each (debounced) validation.
    void validated(const QStringList& errors);

private:
    void buildUi();
    QWidget* fieldRow(const QString& key, QWidget* editor);
    void applyInspection(const ProjectInspection& inspection);
    void applyEstimator(const Estimator& estimator);
    void startInspection(const QString& folder, bool fillFields);
    void browseSourceDirectory();
    void browseEnvironmentDefinition();
    // A field was changed by the user (not by loading): the last action's message no longer applies.
    void onEdited();
    void scheduleValidation();
    void validateNow();
    void showErrors(const QStringList& messages);
    QList<int> paramRowsOf(const QString& path) const;
    void updatePreview(const Estimator& estimator);
    void updateGitState(const GitState& git, const QString& error);
    void setScripts(const QStringList& scripts);
    void setSubmitting(bool submitting);
    void moveSelectedParam(int delta);
    void removeSelectedParam();
    void addEnvironmentVariable();

    Workspace m_workspace;
    QString m_filePath; // estimator file loaded or last saved
    bool m_loading = false;
    bool m_submitting = false;
    // The project's estimator file when it could not be loaded: saving over it must be confirmed.
    QString m_unloadableFile;
    bool m_inspectionFillsFields = true; // false when only the scripts and git state of a new folder are wanted
    QHash<QString, QString> m_targetPythons; // target name -> interpreter, for the preview
    QStringList m_errors;
    // The fields the user changed since the estimator was set, against what the form showed then, and whether
    // every problem is shown (after Submit, or for an estimator that was opened rather than started blank).
    QJsonObject m_untouched;
    QSet<QString> m_touched;
    bool m_showAllProblems = false;
    QHash<QString, QStringList> m_fieldErrors;

    // The estimator last shown: the fields the form has no control for are kept from it.
    Estimator m_carried;
    QComboBox* m_experiment = nullptr;
    QLineEdit* m_displayName = nullptr;
    QLineEdit* m_sourceDirectory = nullptr;
    QLabel* m_gitState = nullptr;
    QLabel* m_dirtyBadge = nullptr;
    QComboBox* m_entryScript = nullptr;
    ScriptParamsModel* m_paramsModel = nullptr;
    ScriptParamsDelegate* m_paramsDelegate = nullptr;
    QTableView* m_paramsView = nullptr;
    QComboBox* m_computeTarget = nullptr;
    QLineEdit* m_pipPackages = nullptr;
    QLineEdit* m_condaPackages = nullptr;
    QLineEdit* m_environmentDefinition = nullptr;
    QLineEdit* m_dockerImage = nullptr;
    QCheckBox* m_userManagedDependencies = nullptr;
    QSpinBox* m_nodeCount = nullptr;
    QSpinBox* m_processesPerNode = nullptr;
    QComboBox* m_distributed = nullptr;
    QCheckBox* m_metricsFromAllRanks = nullptr;
    QTableWidget* m_environmentVariables = nullptr;
    QPlainTextEdit* m_metricPatterns = nullptr;
    QHash<QString, QLabel*> m_errorLabels;
    QLabel* m_summary = nullptr;
    QLabel* m_fileProblems = nullptr;
    QLabel* m_submitStatus = nullptr;
    QPlainTextEdit* m_preview = nullptr;
    QPushButton* m_saveButton = nullptr;
    QPushButton* m_saveAsButton = nullptr;
    QPushButton* m_submitButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QAction* m_submitAction = nullptr;
    QAction* m_saveAction = nullptr;
    QTimer* m_validationTimer = nullptr;
    Submitter* m_submitter = nullptr;
    QFutureWatcher<ProjectInspection>* m_inspectionWatcher = nullptr;
    QFutureWatcher<QStringList>* m_experimentsWatcher = nullptr;
    QFutureWatcher<OpenedEstimatorFile>* m_fileWatcher = nullptr;
};
