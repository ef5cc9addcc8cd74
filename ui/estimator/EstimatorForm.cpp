#include "estimator/EstimatorForm.h"

#include "estimator/AzureCommandJobParser.h"
#include "estimator/CommandLineBuilder.h"
#include "registry/DatasetRegistry.h"
#include "estimator/EstimatorParser.h"
#include "estimator/EstimatorWriter.h"
#include "run/ExperimentList.h"
#include "estimator/ScriptParamsDelegate.h"
#include "estimator/ScriptParamsModel.h"
#include "run/Submitter.h"
#include "targets/TargetRegistry.h"
#include "shell/UserPrompts.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {
// Mid-tone colours stay readable on light and dark palettes.
const QString kErrorStyle = QStringLiteral("color: #d9534f;");
const QString kDirtyStyle = QStringLiteral("QLabel { background: #e0a030; color: black; border-radius: 3px; padding: 1px 6px; }");
constexpr int kValidationDelayMs = 150;
constexpr int kMaxCount = 1000;

} // namespace

// An estimator or job file as read on a worker, for the form.
struct OpenedEstimatorFile
{
    QString path;
    bool job = false;
    std::optional<Estimator> estimator;
    QStringList errors;

    static OpenedEstimatorFile read(const QString& path)
    {
        OpenedEstimatorFile opened;
        opened.path = path;
        opened.job = AzureCommandJobParser::isJobFile(path);
        if (!opened.job) {
            opened.estimator = EstimatorParser::parseFile(path, &opened.errors);
        } else if (const auto job = AzureCommandJobParser::parseFile(path, &opened.errors)) {
            opened.estimator = job->estimator;
        }
        return opened;
    }
};

namespace {

QStringList splitPackages(const QString& text)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

QPushButton* smallButton(const QString& text, const QString& accessibleName, const QString& objectName)
{
    auto* button = new QPushButton(text);
    button->setAccessibleName(accessibleName);
    button->setObjectName(objectName);
    return button;
}
} // namespace

QStringList EstimatorForm::fieldKeys()
{
    return EstimatorParser::knownKeys();
}

EstimatorForm::EstimatorForm(const Workspace& workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_paramsModel(new ScriptParamsModel(this)),
      m_paramsDelegate(new ScriptParamsDelegate(this)), m_validationTimer(new QTimer(this)),
      m_submitter(new Submitter(workspace, this)), m_inspectionWatcher(new QFutureWatcher<ProjectInspection>(this)),
      m_experimentsWatcher(new QFutureWatcher<QStringList>(this)),
      m_fileWatcher(new QFutureWatcher<OpenedEstimatorFile>(this))
{
    setAccessibleName(tr("Estimator form"));
    m_validationTimer->setSingleShot(true);
    m_validationTimer->setInterval(kValidationDelayMs);
    connect(m_validationTimer, &QTimer::timeout, this, &EstimatorForm::validateNow);
    buildUi();

    connect(m_inspectionWatcher, &QFutureWatcher<ProjectInspection>::finished, this,
            [this]() {
                // An empty future (set to drop a pending inspection) finishes without a result.
                if (m_inspectionWatcher->future().resultCount() > 0)
                    applyInspection(m_inspectionWatcher->result());
            });
    connect(m_fileWatcher, &QFutureWatcher<OpenedEstimatorFile>::finished, this, [this]() {
        if (m_fileWatcher->future().resultCount() == 0)
            return;
        const OpenedEstimatorFile opened = m_fileWatcher->result();
        if (!opened.estimator) {
            emit fileOpenFailed(opened.path, opened.errors);
            return;
        }
        m_unloadableFile.clear();
        setEstimator(*opened.estimator);
        if (opened.job)
            m_submitStatus->setText(tr("Converted %1 from an Azure ML command job; Save writes it as an estimator file")
                                        .arg(QFileInfo(opened.path).fileName()));
        emit fileOpened(opened.path, opened.job);
    });
    connect(m_experimentsWatcher, &QFutureWatcher<QStringList>::finished, this, [this]() {
        const QString current = m_experiment->currentText();
        const bool wasLoading = m_loading;
        m_loading = true;
        m_experiment->clear();
        m_experiment->addItems(m_experimentsWatcher->result());
        m_experiment->setCurrentText(current);
        m_loading = wasLoading;
    });
    connect(m_submitter, &Submitter::progressChanged, this, [this](qint64 done, qint64 total) {
        // QProgressBar holds ints; large snapshots are scaled to per-mille.
        m_progress->setRange(0, 1000);
        m_progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
        m_progress->setFormat(tr("Snapshot: %1 of %2 files").arg(done).arg(total));
    });
    connect(m_submitter, &Submitter::submitted, this, [this](const QString& runId) {
        setSubmitting(false);
        m_submitStatus->setText(tr("Submitted run %1").arg(runId));
        emit submitted(runId);
    });
    connect(m_submitter, &Submitter::failed, this, [this](const QStringList& errors) {
        setSubmitting(false);
        showErrors(errors);
        m_submitStatus->setText(tr("Not submitted: fix the problems shown above"));
        emit submitFailed(errors);
    });

    refreshChoices();
    setEstimator(Estimator{});
}

EstimatorForm::~EstimatorForm()
{
    // The inspection worker touches no member, so it may finish on its own; only the watcher must stop reporting.
    m_inspectionWatcher->disconnect(this);
    m_experimentsWatcher->disconnect(this);
    // Hiding the form as QWidget tears it down commits an open parameter editor; this form's members are gone
    // by then, so that edit must not reach onEdited.
    m_paramsModel->disconnect(this);
}

QWidget* EstimatorForm::fieldRow(const QString& key, QWidget* editor)
{
    auto* row = new QWidget;
    auto* layout = new QVBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(editor);
    auto* error = new QLabel;
    error->setObjectName(QStringLiteral("error_") + key);
    error->setAccessibleName(tr("Problems with %1").arg(key));
    error->setStyleSheet(kErrorStyle);
    error->setWordWrap(true);
    error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error->hide();
    layout->addWidget(error);
    layout->addStretch(1); // extra height goes below the message, not between the label and the editor
    m_errorLabels.insert(key, error);
    return row;
}

void EstimatorForm::buildUi()
{
    auto* outer = new QVBoxLayout(this);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    auto* form = new QFormLayout(content);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);

    const auto changed = [this]() { onEdited(); };

    m_fileProblems = new QLabel;
    m_fileProblems->setObjectName(QStringLiteral("fileProblems"));
    m_fileProblems->setAccessibleName(tr("Problems of the estimator file"));
    m_fileProblems->setStyleSheet(kErrorStyle);
    m_fileProblems->setWordWrap(true);
    m_fileProblems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fileProblems->hide();
    form->addRow(m_fileProblems);

    // Source directory, with its git state.
    m_sourceDirectory = new QLineEdit;
    m_sourceDirectory->setObjectName(QStringLiteral("sourceDirectory"));
    m_sourceDirectory->setAccessibleName(tr("Source directory"));
    m_sourceDirectory->setPlaceholderText(tr("The project folder that is snapshotted for each run"));
    connect(m_sourceDirectory, &QLineEdit::textChanged, this, changed);
    auto* browseSource = smallButton(tr("Browse…"), tr("Choose the source directory"), QStringLiteral("browseSourceDirectory"));
    connect(browseSource, &QPushButton::clicked, this, &EstimatorForm::browseSourceDirectory);
    m_gitState = new QLabel;
    m_gitState->setObjectName(QStringLiteral("gitState"));
    m_gitState->setAccessibleName(tr("Git state of the source directory"));
    m_dirtyBadge = new QLabel(tr("dirty"));
    m_dirtyBadge->setObjectName(QStringLiteral("dirtyBadge"));
    m_dirtyBadge->setAccessibleName(tr("The source directory has uncommitted changes"));
    m_dirtyBadge->setToolTip(tr("Uncommitted changes: the run records them as a patch"));
    m_dirtyBadge->setStyleSheet(kDirtyStyle);
    m_dirtyBadge->hide();
    auto* sourceBox = new QWidget;
    auto* sourceLayout = new QHBoxLayout(sourceBox);
    sourceLayout->setContentsMargins(0, 0, 0, 0);
    sourceLayout->addWidget(m_sourceDirectory, 1);
    sourceLayout->addWidget(browseSource);
    auto* gitBox = new QWidget;
    auto* gitLayout = new QHBoxLayout(gitBox);
    gitLayout->setContentsMargins(0, 0, 0, 0);
    gitLayout->addWidget(m_gitState);
    gitLayout->addWidget(m_dirtyBadge);
    gitLayout->addStretch(1);
    form->addRow(tr("&Source directory:"), fieldRow(QStringLiteral("source_directory"), sourceBox));
    form->addRow(tr("Git:"), gitBox);

    m_experiment = new QComboBox;
    m_experiment->setEditable(true);
    m_experiment->setInsertPolicy(QComboBox::NoInsert);
    m_experiment->setObjectName(QStringLiteral("experiment"));
    m_experiment->setAccessibleName(tr("Experiment"));
    connect(m_experiment, &QComboBox::currentTextChanged, this, changed);
    form->addRow(tr("E&xperiment:"), fieldRow(QStringLiteral("experiment"), m_experiment));

    m_displayName = new QLineEdit;
    m_displayName->setObjectName(QStringLiteral("displayName"));
    m_displayName->setAccessibleName(tr("Run name"));
    m_displayName->setPlaceholderText(tr("Optional: the name the run is shown by instead of its id"));
    connect(m_displayName, &QLineEdit::textChanged, this, changed);
    form->addRow(tr("&Run name:"), fieldRow(QStringLiteral("display_name"), m_displayName));

    m_entryScript = new QComboBox;
    m_entryScript->setEditable(true);
    m_entryScript->setInsertPolicy(QComboBox::NoInsert);
    m_entryScript->setObjectName(QStringLiteral("entryScript"));
    m_entryScript->setAccessibleName(tr("Entry script"));
    connect(m_entryScript, &QComboBox::currentTextChanged, this, changed);
    form->addRow(tr("&Entry script:"), fieldRow(QStringLiteral("entry_script"), m_entryScript));

    // Script params: ordered table with add / remove / move.
    m_paramsView = new QTableView;
    m_paramsView->setObjectName(QStringLiteral("scriptParams"));
    m_paramsView->setAccessibleName(tr("Script parameters"));
    m_paramsView->setModel(m_paramsModel);
    m_paramsView->setItemDelegate(m_paramsDelegate);
    m_paramsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_paramsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_paramsView->horizontalHeader()->setStretchLastSection(true);
    m_paramsView->verticalHeader()->hide();
    m_paramsView->setMinimumHeight(120);
    m_paramsView->setMaximumHeight(220);
    connect(m_paramsModel, &ScriptParamsModel::paramsChanged, this, changed);
    auto* addParam = smallButton(tr("Add"), tr("Add a script parameter"), QStringLiteral("addParam"));
    auto* removeParam = smallButton(tr("Remove"), tr("Remove the selected script parameter"), QStringLiteral("removeParam"));
    auto* upParam = smallButton(tr("Up"), tr("Move the selected script parameter up"), QStringLiteral("moveParamUp"));
    auto* downParam = smallButton(tr("Down"), tr("Move the selected script parameter down"), QStringLiteral("moveParamDown"));
    connect(addParam, &QPushButton::clicked, this, [this]() {
        ScriptParam param;
        param.key = QStringLiteral("--param%1").arg(m_paramsModel->rowCount() + 1);
        const int row = m_paramsModel->appendParam(param);
        m_paramsView->selectRow(row);
        m_paramsView->edit(m_paramsModel->index(row, ScriptParamsModel::KeyColumn));
    });
    connect(removeParam, &QPushButton::clicked, this, &EstimatorForm::removeSelectedParam);
    connect(upParam, &QPushButton::clicked, this, [this]() { moveSelectedParam(-1); });
    connect(downParam, &QPushButton::clicked, this, [this]() { moveSelectedParam(1); });
    auto* paramsBox = new QWidget;
    auto* paramsLayout = new QHBoxLayout(paramsBox);
    paramsLayout->setContentsMargins(0, 0, 0, 0);
    paramsLayout->addWidget(m_paramsView, 1);
    auto* paramButtons = new QVBoxLayout;
    for (QPushButton* button : {addParam, removeParam, upParam, downParam})
        paramButtons->addWidget(button);
    paramButtons->addStretch(1);
    paramsLayout->addLayout(paramButtons);
    form->addRow(tr("Script &params:"), fieldRow(QStringLiteral("script_params"), paramsBox));

    m_computeTarget = new QComboBox;
    m_computeTarget->setObjectName(QStringLiteral("computeTarget"));
    m_computeTarget->setAccessibleName(tr("Compute target"));
    connect(m_computeTarget, &QComboBox::currentTextChanged, this, changed);
    form->addRow(tr("Compute &target:"), fieldRow(QStringLiteral("compute_target"), m_computeTarget));

    m_pipPackages = new QLineEdit;
    m_pipPackages->setObjectName(QStringLiteral("pipPackages"));
    m_pipPackages->setAccessibleName(tr("Pip packages"));
    m_pipPackages->setPlaceholderText(tr("Separated by commas or spaces, e.g. numpy scikit-learn==1.2"));
    connect(m_pipPackages, &QLineEdit::textChanged, this, changed);
    form->addRow(tr("P&ip packages:"), fieldRow(QStringLiteral("pip_packages"), m_pipPackages));

    m_condaPackages = new QLineEdit;
    m_condaPackages->setObjectName(QStringLiteral("condaPackages"));
    m_condaPackages->setAccessibleName(tr("Conda packages"));
    m_condaPackages->setPlaceholderText(tr("Separated by commas or spaces"));
    connect(m_condaPackages, &QLineEdit::textChanged, this, changed);
    form->addRow(tr("&Conda packages:"), fieldRow(QStringLiteral("conda_packages"), m_condaPackages));

    m_environmentDefinition = new QLineEdit;
    m_environmentDefinition->setObjectName(QStringLiteral("environmentDefinition"));
    m_environmentDefinition->setAccessibleName(tr("Environment file"));
    m_environmentDefinition->setPlaceholderText(tr("requirements.txt or environment.yml (optional)"));
    connect(m_environmentDefinition, &QLineEdit::textChanged, this, changed);
    auto* browseEnvironment = smallButton(tr("Browse…"), tr("Choose the environment file"), QStringLiteral("browseEnvironment"));
    connect(browseEnvironment, &QPushButton::clicked, this, &EstimatorForm::browseEnvironmentDefinition);
    auto* environmentBox = new QWidget;
    auto* environmentLayout = new QHBoxLayout(environmentBox);
    environmentLayout->setContentsMargins(0, 0, 0, 0);
    environmentLayout->addWidget(m_environmentDefinition, 1);
    environmentLayout->addWidget(browseEnvironment);
    form->addRow(tr("Environment &file:"), fieldRow(QStringLiteral("environment_definition"), environmentBox));

    m_dockerImage = new QLineEdit;
    m_dockerImage->setObjectName(QStringLiteral("dockerImage"));
    m_dockerImage->setAccessibleName(tr("Docker image"));
    m_dockerImage->setPlaceholderText(tr("Optional, e.g. pytorch/pytorch:latest"));
    connect(m_dockerImage, &QLineEdit::textChanged, this, changed);
    form->addRow(tr("&Docker image:"), fieldRow(QStringLiteral("custom_docker_image"), m_dockerImage));

    m_userManagedDependencies = new QCheckBox(tr("&Use the interpreter as it is (user-managed dependencies)"));
    m_userManagedDependencies->setObjectName(QStringLiteral("userManagedDependencies"));
    m_userManagedDependencies->setAccessibleName(tr("Use the interpreter as it is"));
    m_userManagedDependencies->setToolTip(tr("Run with the target's interpreter (or the image's) and whatever it has "
                                             "installed: no environment is built, even with packages listed"));
    connect(m_userManagedDependencies, &QCheckBox::toggled, this, changed);
    form->addRow(tr("Dependencies:"), fieldRow(QStringLiteral("user_managed_dependencies"), m_userManagedDependencies));

    m_nodeCount = new QSpinBox;
    m_nodeCount->setObjectName(QStringLiteral("nodeCount"));
    m_nodeCount->setAccessibleName(tr("Node count"));
    m_nodeCount->setRange(1, kMaxCount);
    connect(m_nodeCount, &QSpinBox::valueChanged, this, changed);
    form->addRow(tr("&Nodes:"), fieldRow(QStringLiteral("node_count"), m_nodeCount));

    m_processesPerNode = new QSpinBox;
    m_processesPerNode->setObjectName(QStringLiteral("processesPerNode"));
    m_processesPerNode->setAccessibleName(tr("Processes per node"));
    m_processesPerNode->setRange(1, kMaxCount);
    connect(m_processesPerNode, &QSpinBox::valueChanged, this, changed);
    form->addRow(tr("Processes per n&ode:"), fieldRow(QStringLiteral("process_count_per_node"), m_processesPerNode));

    m_distributed = new QComboBox;
    m_distributed->setObjectName(QStringLiteral("distributedTraining"));
    m_distributed->setAccessibleName(tr("Distributed training"));
    // The item's data is the estimator's value; only "none" is a word to translate.
    m_distributed->addItem(tr("none", "distributed training"), QStringLiteral("none"));
    m_distributed->addItem(QStringLiteral("mpi"), QStringLiteral("mpi"));
    m_distributed->addItem(QStringLiteral("pytorch"), QStringLiteral("pytorch"));
    connect(m_distributed, &QComboBox::currentTextChanged, this, changed);
    form->addRow(tr("Distri&buted training:"), fieldRow(QStringLiteral("distributed_training"), m_distributed));

    m_metricsFromAllRanks = new QCheckBox(tr("Metrics from all ran&ks (kept apart as rank1/…)"));
    m_metricsFromAllRanks->setObjectName(QStringLiteral("metricsFromAllRanks"));
    m_metricsFromAllRanks->setAccessibleName(tr("Metrics from all ranks"));
    m_metricsFromAllRanks->setToolTip(tr("Helper metrics of every rank of a distributed run, not only rank 0's"));
    connect(m_metricsFromAllRanks, &QCheckBox::toggled, this, changed);
    form->addRow(tr("Rank metrics:"), fieldRow(QStringLiteral("metrics_from_all_ranks"), m_metricsFromAllRanks));

    m_environmentVariables = new QTableWidget(0, 2);
    m_environmentVariables->setObjectName(QStringLiteral("environmentVariables"));
    m_environmentVariables->setAccessibleName(tr("Environment variables"));
    m_environmentVariables->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_environmentVariables->horizontalHeader()->setStretchLastSection(true);
    m_environmentVariables->verticalHeader()->hide();
    m_environmentVariables->setMinimumHeight(90);
    m_environmentVariables->setMaximumHeight(160);
    m_environmentVariables->horizontalHeader()->setDefaultSectionSize(200);
    connect(m_environmentVariables, &QTableWidget::itemChanged, this, changed);
    auto* addVariable = smallButton(tr("Add"), tr("Add an environment variable"), QStringLiteral("addVariable"));
    auto* removeVariable = smallButton(tr("Remove"), tr("Remove the selected environment variable"), QStringLiteral("removeVariable"));
    connect(addVariable, &QPushButton::clicked, this, &EstimatorForm::addEnvironmentVariable);
    connect(removeVariable, &QPushButton::clicked, this, [this]() {
        const int row = m_environmentVariables->currentRow();
        if (row >= 0) {
            m_environmentVariables->removeRow(row);
            onEdited();
        }
    });
    auto* variablesBox = new QWidget;
    auto* variablesLayout = new QHBoxLayout(variablesBox);
    variablesLayout->setContentsMargins(0, 0, 0, 0);
    variablesLayout->addWidget(m_environmentVariables, 1);
    auto* variableButtons = new QVBoxLayout;
    variableButtons->addWidget(addVariable);
    variableButtons->addWidget(removeVariable);
    variableButtons->addStretch(1);
    variablesLayout->addLayout(variableButtons);
    form->addRow(tr("En&vironment variables:"), fieldRow(QStringLiteral("environment_variables"), variablesBox));

    m_metricPatterns = new QPlainTextEdit;
    m_metricPatterns->setObjectName(QStringLiteral("metricPatterns"));
    m_metricPatterns->setAccessibleName(tr("Metric patterns, one regular expression per line"));
    m_metricPatterns->setPlaceholderText(tr("One per line, e.g. loss=(?<value>[0-9.eE+-]+)"));
    m_metricPatterns->setMaximumHeight(70);
    m_metricPatterns->setTabChangesFocus(true);
    connect(m_metricPatterns, &QPlainTextEdit::textChanged, this, changed);
    form->addRow(tr("&Metric patterns:"), fieldRow(QStringLiteral("metric_patterns"), m_metricPatterns));

    // Preview, summary and actions stay visible below the scrolling fields.
    m_preview = new QPlainTextEdit;
    m_preview->setObjectName(QStringLiteral("commandPreview"));
    m_preview->setAccessibleName(tr("Command line preview"));
    m_preview->setReadOnly(true);
    m_preview->setMaximumHeight(60);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    outer->addWidget(new QLabel(tr("Command line:")));
    outer->addWidget(m_preview);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("validationSummary"));
    m_summary->setAccessibleName(tr("Validation summary"));
    m_summary->setWordWrap(true);
    outer->addWidget(m_summary);

    m_saveButton = smallButton(tr("&Save"), tr("Save estimator.yml"), QStringLiteral("saveButton"));
    m_saveAsButton = smallButton(tr("Save &As…"), tr("Save the estimator to another file"), QStringLiteral("saveAsButton"));
    m_submitButton = smallButton(tr("Sub&mit"), tr("Submit a run"), QStringLiteral("submitButton"));
    m_submitButton->setDefault(true);
    m_cancelButton = smallButton(tr("Cancel"), tr("Cancel the submission"), QStringLiteral("cancelSubmitButton"));
    m_cancelButton->hide();
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("submitProgress"));
    m_progress->setAccessibleName(tr("Snapshot progress"));
    m_progress->hide();
    m_submitStatus = new QLabel;
    m_submitStatus->setObjectName(QStringLiteral("submitStatus"));
    m_submitStatus->setAccessibleName(tr("Submission status"));
    connect(m_saveButton, &QPushButton::clicked, this, &EstimatorForm::save);
    connect(m_saveAsButton, &QPushButton::clicked, this, &EstimatorForm::saveAs);
    connect(m_submitButton, &QPushButton::clicked, this, &EstimatorForm::submit);
    connect(m_cancelButton, &QPushButton::clicked, this, &EstimatorForm::cancelSubmit);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_submitStatus, 1);
    actions->addWidget(m_progress);
    actions->addWidget(m_cancelButton);
    actions->addWidget(m_saveAsButton);
    actions->addWidget(m_saveButton);
    actions->addWidget(m_submitButton);
    outer->addLayout(actions);

    m_submitAction = new QAction(tr("Submit Run"), this);
    m_submitAction->setObjectName(QStringLiteral("submitAction"));
    m_submitAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_submitAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_submitAction, &QAction::triggered, this, &EstimatorForm::submit);
    addAction(m_submitAction);
    m_saveAction = new QAction(tr("Save Estimator"), this);
    m_saveAction->setObjectName(QStringLiteral("saveAction"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_saveAction, &QAction::triggered, this, &EstimatorForm::save);
    addAction(m_saveAction);
}

void EstimatorForm::refreshChoices()
{
    const Workspace workspace = m_workspace;
    m_experimentsWatcher->setFuture(QtConcurrent::run([workspace]() { return ExperimentList::names(workspace); }));

    // Targets and datasets are a handful of rows: read here, so the combos are filled before the user looks.
    const bool wasLoading = m_loading;
    m_loading = true;
    const QString currentTarget = m_computeTarget->currentText();
    m_computeTarget->clear();
    m_targetPythons.clear();
    for (const TargetConfig& target : TargetRegistry(m_workspace).list()) {
        m_computeTarget->addItem(target.name);
        m_targetPythons.insert(target.name, target.python());
    }
    if (!currentTarget.isEmpty()) {
        if (m_computeTarget->findText(currentTarget) < 0)
            m_computeTarget->addItem(currentTarget);
        m_computeTarget->setCurrentText(currentTarget);
    }
    QStringList datasetNames;
    for (const DatasetRecord& dataset : DatasetRegistry(m_workspace).list())
        if (!datasetNames.contains(dataset.name))
            datasetNames << dataset.name;
    m_paramsDelegate->setDatasetNames(datasetNames);
    m_loading = wasLoading;
    scheduleValidation();
}

bool EstimatorForm::openProjectFolder(const QString& folder, QString* whyNot)
{
    QString reason;
    if (!ProjectInspector::checkFolder(folder, &reason)) {
        if (whyNot)
            *whyNot = reason;
        return false;
    }
    const QString absolute = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    m_loading = true;
    m_sourceDirectory->setText(absolute);
    m_loading = false;
    m_gitState->setText(tr("Reading %1…").arg(absolute));
    startInspection(absolute, true);
    return true;
}

void EstimatorForm::startInspection(const QString& folder, bool fillFields)
{
    m_inspectionFillsFields = fillFields;
    // setFuture() drops the previous future's reports, so a slow older inspection never overwrites this one.
    m_inspectionWatcher->setFuture(QtConcurrent::run(&ProjectInspector::inspect, folder));
}

void EstimatorForm::applyInspection(const ProjectInspection& inspection)
{
    if (!inspection.usable) {
        m_gitState->setText(QString());
        m_fileProblems->setText(inspection.whyNot);
        m_fileProblems->show();
        return;
    }
    if (m_inspectionFillsFields) {
        Estimator estimator = inspection.estimator;
        setScripts(inspection.scripts);
        applyEstimator(estimator);
        m_unloadableFile = inspection.estimatorErrors.isEmpty() ? QString() : inspection.estimatorFile;
        if (!inspection.estimatorErrors.isEmpty()) {
            m_fileProblems->setText(tr("%1 could not be loaded; the form shows a guess instead:\n%2")
                                        .arg(inspection.estimatorFile, inspection.estimatorErrors.join(QLatin1Char('\n'))));
            m_fileProblems->show();
        } else if (!inspection.jobErrors.isEmpty()) {
            m_fileProblems->setText(tr("%1 could not be converted; the form shows a guess instead:\n%2")
                                        .arg(inspection.jobFile, inspection.jobErrors.join(QLatin1Char('\n'))));
            m_fileProblems->show();
        } else {
            m_fileProblems->hide();
        }
        if (!inspection.jobFile.isEmpty() && inspection.jobErrors.isEmpty())
            m_submitStatus->setText(tr("Converted %1 from an Azure ML command job; Save writes it as an estimator file")
                                        .arg(QFileInfo(inspection.jobFile).fileName()));
    } else {
        const QString entry = m_entryScript->currentText();
        setScripts(inspection.scripts);
        m_entryScript->setCurrentText(entry);
    }
    updateGitState(inspection.git, inspection.gitError);
    emit projectInspected(inspection.folder);
}

void EstimatorForm::setScripts(const QStringList& scripts)
{
    const bool wasLoading = m_loading;
    m_loading = true;
    const QString current = m_entryScript->currentText();
    m_entryScript->clear();
    m_entryScript->addItems(scripts);
    m_entryScript->setCurrentText(current);
    m_loading = wasLoading;
}

void EstimatorForm::updateGitState(const GitState& git, const QString& error)
{
    if (!error.isEmpty()) {
        m_gitState->setText(error);
        m_dirtyBadge->hide();
        return;
    }
    if (!git.inRepository) {
        m_gitState->setText(tr("not in a git repository"));
        m_dirtyBadge->hide();
        return;
    }
    const QString branch = git.branch.isEmpty() ? tr("detached HEAD") : git.branch;
    const QString commit = git.commit.isEmpty() ? tr("no commits yet") : git.commit.left(7);
    m_gitState->setText(tr("%1 · %2").arg(branch, commit));
    m_gitState->setToolTip(git.repository);
    m_dirtyBadge->setVisible(git.dirty);
}

void EstimatorForm::openFile(const QString& path)
{
    // setFuture() drops a slower earlier read's result.
    m_fileWatcher->setFuture(QtConcurrent::run(&OpenedEstimatorFile::read, QFileInfo(path).absoluteFilePath()));
}

void EstimatorForm::setEstimator(const Estimator& estimator)
{
    applyEstimator(estimator);
    // Scripts and git state of its folder follow on a worker; the fields just set stay as they are.
    QString whyNot;
    if (ProjectInspector::checkFolder(estimator.sourceDirectory, &whyNot)) {
        startInspection(estimator.sourceDirectory, false);
    } else {
        m_inspectionWatcher->setFuture(QFuture<ProjectInspection>()); // an older inspection must not overwrite
        m_gitState->clear();
        m_dirtyBadge->hide();
    }
}

void EstimatorForm::applyEstimator(const Estimator& estimator)
{
    m_loading = true;
    m_filePath = estimator.filePath;
    m_experiment->setCurrentText(estimator.experiment);
    m_displayName->setText(estimator.displayName);
    m_carried = estimator;
    m_sourceDirectory->setText(estimator.sourceDirectory);
    if (!estimator.entryScript.isEmpty() && m_entryScript->findText(estimator.entryScript) < 0)
        m_entryScript->addItem(estimator.entryScript);
    m_entryScript->setCurrentText(estimator.entryScript);
    m_paramsModel->setParams(estimator.scriptParams);
    if (m_computeTarget->findText(estimator.computeTarget) < 0)
        m_computeTarget->addItem(estimator.computeTarget); // unknown targets stay visible, validation names them
    m_computeTarget->setCurrentText(estimator.computeTarget);
    m_pipPackages->setText(estimator.pipPackages.join(QLatin1Char(' ')));
    m_condaPackages->setText(estimator.condaPackages.join(QLatin1Char(' ')));
    m_environmentDefinition->setText(estimator.environmentDefinition);
    m_dockerImage->setText(estimator.customDockerImage);
    m_userManagedDependencies->setChecked(estimator.userManagedDependencies);
    m_nodeCount->setValue(estimator.nodeCount);
    m_processesPerNode->setValue(estimator.processCountPerNode);
    if (m_distributed->findData(estimator.distributedTraining) < 0)
        m_distributed->addItem(estimator.distributedTraining, estimator.distributedTraining);
    m_distributed->setCurrentIndex(m_distributed->findData(estimator.distributedTraining));
    m_metricsFromAllRanks->setChecked(estimator.metricsFromAllRanks);
    m_environmentVariables->setRowCount(0);
    for (const auto& variable : estimator.environmentVariables) {
        const int row = m_environmentVariables->rowCount();
        m_environmentVariables->insertRow(row);
        m_environmentVariables->setItem(row, 0, new QTableWidgetItem(variable.first));
        m_environmentVariables->setItem(row, 1, new QTableWidgetItem(variable.second));
    }
    m_metricPatterns->setPlainText(estimator.metricPatterns.join(QLatin1Char('\n')));
    m_loading = false;
    // A blank form says nothing about fields the user has not reached yet; an estimator that was opened (a
    // project folder, a file, a resubmitted run) is the user's, and its problems are shown at once.
    m_untouched = this->estimator().toJson();
    m_touched.clear();
    m_showAllProblems = !estimator.sourceDirectory.isEmpty();
    m_fileProblems->hide();
    if (!m_submitting)
        m_submitStatus->clear(); // another estimator: what was said about the previous one no longer applies
    scheduleValidation();
}

Estimator EstimatorForm::estimator() const
{
    // What the form has no field for (arguments, tags, description, output folders) comes from the estimator
    // it was given, so opening and saving a file never drops it.
    Estimator e;
    e.arguments = m_carried.arguments;
    e.tags = m_carried.tags;
    e.description = m_carried.description;
    e.outputFolders = m_carried.outputFolders;
    e.filePath = m_filePath;
    e.experiment = m_experiment->currentText().trimmed();
    e.displayName = m_displayName->text().trimmed();
    const QString source = m_sourceDirectory->text().trimmed();
    e.sourceDirectory = source.isEmpty() ? QString() : QDir::cleanPath(source);
    e.entryScript = m_entryScript->currentText().trimmed();
    e.scriptParams = m_paramsModel->params();
    e.computeTarget = m_computeTarget->currentText().trimmed();
    e.pipPackages = splitPackages(m_pipPackages->text());
    e.condaPackages = splitPackages(m_condaPackages->text());
    e.environmentDefinition = m_environmentDefinition->text().trimmed();
    e.customDockerImage = m_dockerImage->text().trimmed();
    e.userManagedDependencies = m_userManagedDependencies->isChecked();
    e.nodeCount = m_nodeCount->value();
    e.processCountPerNode = m_processesPerNode->value();
    e.distributedTraining = m_distributed->currentData().toString();
    e.metricsFromAllRanks = m_metricsFromAllRanks->isChecked();
    for (int row = 0; row < m_environmentVariables->rowCount(); ++row) {
        const QTableWidgetItem* name = m_environmentVariables->item(row, 0);
        const QTableWidgetItem* value = m_environmentVariables->item(row, 1);
        const QString nameText = name ? name->text().trimmed() : QString();
        const QString valueText = value ? value->text() : QString();
        if (nameText.isEmpty() && valueText.isEmpty())
            continue; // a row just added and not filled in yet
        e.environmentVariables.append({nameText, valueText});
    }
    const QStringList lines = m_metricPatterns->toPlainText().split(QLatin1Char('\n'));
    for (const QString& line : lines)
        if (!line.trimmed().isEmpty())
            e.metricPatterns << line;
    return e;
}

void EstimatorForm::onEdited()
{
    if (m_loading)
        return;
    // "Saved …", "Submitted run …", "Not submitted: …" were about the form as it was; a submission still
    // running keeps its "Submitting…" until it ends.
    if (!m_submitting)
        m_submitStatus->clear();
    const QJsonObject now = estimator().toJson();
    for (const QString& key : fieldKeys())
        if (now.value(key) != m_untouched.value(key))
            m_touched.insert(key);
    scheduleValidation();
}

void EstimatorForm::scheduleValidation()
{
    if (!m_loading)
        m_validationTimer->start();
}

void EstimatorForm::validateNow()
{
    const Estimator current = estimator();
    QStringList messages = EstimatorParser::validate(current, QStringLiteral("estimator"));
    if (!current.computeTarget.isEmpty() && !m_targetPythons.contains(current.computeTarget))
        messages << QStringLiteral("estimator: compute_target: unknown target \"%1\"").arg(current.computeTarget);
    showErrors(messages);
    updatePreview(current);
    emit validated(messages);
}

QList<int> EstimatorForm::paramRowsOf(const QString& path) const
{
    // "script_params[3]" names a row by position (its key is empty); "script_params.--lr" or
    // "script_params.--lr.dataset" by key. Keys are matched longest first, since keys may contain dots.
    QList<int> rows;
    static const QRegularExpression byPosition(QStringLiteral("^script_params\\[(\\d+)\\]"));
    const QRegularExpressionMatch match = byPosition.match(path);
    if (match.hasMatch()) {
        rows << match.captured(1).toInt();
        return rows;
    }
    const QString prefix = QStringLiteral("script_params.");
    if (!path.startsWith(prefix))
        return rows;
    const QString rest = path.mid(prefix.size());
    const QVector<ScriptParam> params = m_paramsModel->params();
    int bestLength = -1;
    for (int row = 0; row < params.size(); ++row) {
        const QString& key = params[row].key;
        if (key.isEmpty() || !(rest == key || rest.startsWith(key + QLatin1Char('.'))))
            continue;
        if (key.size() > bestLength) {
            rows.clear();
            bestLength = int(key.size());
        }
        if (key.size() == bestLength)
            rows << row; // duplicates: every row with that key
    }
    return rows;
}

void EstimatorForm::showErrors(const QStringList& messages)
{
    m_errors = messages;
    m_fieldErrors.clear();
    // Every problem is known (errors(), fieldErrors()); only those of touched fields are shown until Submit.
    int shownCount = 0;
    QStringList shownMessages;
    QHash<QString, QStringList> shownFieldErrors;
    QHash<int, QStringList> rowProblems;
    const QStringList keys = fieldKeys();
    for (const QString& message : messages) {
        // "LABEL: PATH: text": the field is PATH up to its first '.' or '['.
        const int labelEnd = message.indexOf(QStringLiteral(": "));
        const QString rest = labelEnd >= 0 ? message.mid(labelEnd + 2) : message;
        const int pathEnd = rest.indexOf(QStringLiteral(": "));
        const QString path = pathEnd >= 0 ? rest.left(pathEnd) : QString();
        static const QRegularExpression fieldEnd(QStringLiteral("[.\\[]"));
        const QString field = path.section(fieldEnd, 0, 0);
        QStringList targets;
        if (keys.contains(field))
            targets << field;
        // A message about a combination (distributed_training none with node_count 2) belongs next to every
        // field it names, so the user sees it wherever they are about to change something.
        for (const QString& key : keys)
            if (!targets.contains(key) && pathEnd >= 0 && rest.mid(pathEnd).contains(key))
                targets << key;
        for (const QString& key : targets)
            m_fieldErrors[key] << rest;
        const bool shown = m_showAllProblems || std::any_of(targets.cbegin(), targets.cend(), [this](const QString& key) {
                               return m_touched.contains(key);
                           });
        if (shown) {
            ++shownCount;
            shownMessages << message;
            for (const QString& key : targets)
                shownFieldErrors[key] << rest;
        }
        if (field == QLatin1String("script_params"))
            for (const int row : paramRowsOf(path))
                rowProblems[row] << rest;
    }
    m_paramsModel->setRowProblems(m_showAllProblems || m_touched.contains(QStringLiteral("script_params")) ? rowProblems
                                                                                                        : QHash<int, QStringList>{});
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
        const QStringList fieldMessages = shownFieldErrors.value(it.key());
        it.value()->setText(fieldMessages.join(QLatin1Char('\n')));
        it.value()->setVisible(!fieldMessages.isEmpty());
    }
    if (messages.isEmpty()) {
        m_summary->setText(tr("No problems found."));
        m_summary->setStyleSheet(QString());
    } else if (shownCount == 0) {
        m_summary->setText(tr("Fill in the fields and submit; problems are pointed out as you go."));
        m_summary->setStyleSheet(QString());
    } else {
        m_summary->setText(tr("%n problem(s): %1", nullptr, shownCount).arg(shownMessages.join(QStringLiteral("; "))));
        m_summary->setStyleSheet(kErrorStyle);
    }
}

void EstimatorForm::updatePreview(const Estimator& estimator)
{
    // The preview uses placeholders for datasets: their paths are only known on the target at run time.
    QHash<QString, QString> datasetPaths;
    for (const ScriptParam& param : estimator.scriptParams)
        if (param.kind == ScriptParam::Kind::Dataset)
            datasetPaths.insert(param.dataset, QStringLiteral("<dataset:%1>").arg(param.dataset));
    for (const ScriptArgument& argument : estimator.arguments)
        if (argument.kind == ScriptArgument::Kind::Dataset)
            datasetPaths.insert(argument.dataset, QStringLiteral("<dataset:%1>").arg(argument.dataset));
    const QString python = m_targetPythons.value(estimator.computeTarget,
                                                 m_targetPythons.value(QStringLiteral("local"), QStringLiteral("python3")));
    QString error;
    const auto argv = CommandLineBuilder::build(estimator, python, datasetPaths, &error);
    if (!argv) {
        // The builder only knows that the script is unusable ("entry_script: : expected …" for an empty one);
        // the validator has already said why in the user's terms, next to the field.
        const QStringList scriptProblems = m_fieldErrors.value(QStringLiteral("entry_script"));
        if (!scriptProblems.isEmpty())
            error = scriptProblems.constFirst();
    }
    m_preview->setPlainText(argv ? CommandLineBuilder::preview(*argv) : tr("(no preview: %1)").arg(error));
}

QString EstimatorForm::commandPreview() const { return m_preview->toPlainText(); }

QStringList EstimatorForm::fieldErrors(const QString& field) const { return m_fieldErrors.value(field); }

QString EstimatorForm::savePath() const
{
    if (!m_filePath.isEmpty())
        return m_filePath;
    const QString source = m_sourceDirectory->text().trimmed();
    return source.isEmpty() ? QString() : QDir(source).filePath(QStringLiteral("estimator.yml"));
}

bool EstimatorForm::save()
{
    const QString path = savePath();
    if (path.isEmpty())
        return saveAs();
    if (!m_unloadableFile.isEmpty() && QFileInfo(path).absoluteFilePath() == QFileInfo(m_unloadableFile).absoluteFilePath()
        && UserPrompts::question(this, tr("Replace estimator file"),
                                 tr("%1 could not be loaded, so the form shows a guess. Replace the file with the "
                                    "form's values? Its current content will be lost.").arg(m_unloadableFile))
               != QMessageBox::Yes) {
        m_submitStatus->setText(tr("Not saved: %1 was kept as it is").arg(m_unloadableFile));
        return false;
    }
    Estimator e = estimator();
    QString error;
    if (!EstimatorWriter::save(e, path, &error)) {
        UserPrompts::warning(this, tr("Save estimator"), error);
        m_submitStatus->setText(tr("Not saved: %1").arg(error));
        return false;
    }
    m_filePath = QFileInfo(path).absoluteFilePath();
    if (m_filePath == QFileInfo(m_unloadableFile).absoluteFilePath())
        m_unloadableFile.clear();
    m_submitStatus->setText(tr("Saved %1").arg(m_filePath));
    emit saved(m_filePath);
    return true;
}

bool EstimatorForm::saveAs()
{
    const QString path = UserPrompts::saveFileName(this, tr("Save estimator as"), savePath(),
                                                   tr("Estimator files (*.yml *.yaml)"));
    if (path.isEmpty())
        return false;
    const QString previous = m_filePath;
    m_filePath = path;
    if (!save()) {
        m_filePath = previous;
        return false;
    }
    return true;
}

void EstimatorForm::submit()
{
    if (m_submitting)
        return; // one submission at a time
    m_showAllProblems = true;
    validateNow();
    setSubmitting(true);
    m_submitStatus->setText(tr("Submitting…"));
    m_submitter->submit(estimator());
}

void EstimatorForm::cancelSubmit()
{
    m_submitter->cancel();
    m_submitStatus->setText(tr("Cancelling…"));
}

void EstimatorForm::setSubmitting(bool submitting)
{
    m_submitting = submitting;
    m_progress->setVisible(submitting);
    m_progress->setRange(0, 0); // busy until the first progress report
    m_cancelButton->setVisible(submitting);
    m_submitButton->setEnabled(!submitting);
    m_submitAction->setEnabled(!submitting);
}

void EstimatorForm::moveSelectedParam(int delta)
{
    const QModelIndex current = m_paramsView->currentIndex();
    if (!current.isValid())
        return;
    const int to = current.row() + delta;
    if (m_paramsModel->moveParam(current.row(), to))
        m_paramsView->selectRow(to);
}

void EstimatorForm::removeSelectedParam()
{
    const QModelIndex current = m_paramsView->currentIndex();
    if (current.isValid())
        m_paramsModel->removeRows(current.row(), 1);
}

void EstimatorForm::addEnvironmentVariable()
{
    const int row = m_environmentVariables->rowCount();
    m_environmentVariables->insertRow(row);
    m_environmentVariables->setItem(row, 0, new QTableWidgetItem);
    m_environmentVariables->setItem(row, 1, new QTableWidgetItem);
    m_environmentVariables->setCurrentCell(row, 0);
    m_environmentVariables->editItem(m_environmentVariables->item(row, 0));
}

void EstimatorForm::browseSourceDirectory()
{
    const QString folder = UserPrompts::existingDirectory(this, tr("Source directory"), m_sourceDirectory->text());
    if (folder.isEmpty())
        return;
    QString why;
    if (!ProjectInspector::checkFolder(folder, &why)) {
        UserPrompts::warning(this, tr("Source directory"), why);
        return;
    }
    m_sourceDirectory->setText(QDir::cleanPath(QFileInfo(folder).absoluteFilePath()));
    // Keep what the user typed; only the scripts and the git state follow the new folder.
    startInspection(m_sourceDirectory->text(), false);
}

void EstimatorForm::browseEnvironmentDefinition()
{
    const QString source = m_sourceDirectory->text().trimmed();
    const QString path = UserPrompts::openFileName(this, tr("Environment file"), source,
                                                   tr("Environment files (*.yml *.yaml *.txt)"));
    if (path.isEmpty())
        return;
    // Inside the project: stored relative, so the estimator keeps working when the folder moves.
    const QString relative = source.isEmpty() ? path : QDir(source).relativeFilePath(path);
    m_environmentDefinition->setText(relative.startsWith(QLatin1String("..")) ? path : relative);
}
