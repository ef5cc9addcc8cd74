#include "compare/ComparePage.h"

#include "compare/ComparisonTableModel.h"
#include "artifacts/DiffHighlighter.h"
#include "compare/ParallelCoordinatesView.h"
#include "compare/ScatterPlotPanel.h"
#include "compare/ScatterPlotView.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QMap>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

ComparePage::ComparePage(const Workspace& workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace),
      m_comparisonWatcher(new QFutureWatcher<ComparisonResult>(this)),
      m_snapshotWatcher(new QFutureWatcher<SnapshotDiffResult>(this)),
      m_fileWatcher(new QFutureWatcher<FileDiffResult>(this))
{
    setObjectName(QStringLiteral("comparePage"));
    setAccessibleName(tr("Compare runs"));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0); // a busy indicator: how long a comparison takes is not known up front
    m_busy->setMaximumWidth(160);
    m_busy->setTextVisible(false);
    m_busy->setAccessibleName(tr("Comparing"));
    m_busy->hide();
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_busy);

    m_tabs = new QTabWidget(this);
    m_tabs->setAccessibleName(tr("Compare views"));
    m_tabs->addTab(buildTableTab(), tr("Table"));
    m_tabs->addTab(buildCodeTab(), tr("Code"));
    // Parameters and metrics as axes: brushing in the parallel coordinates highlights the same runs in the
    // scatter, and a run clicked in the scatter is drawn on top in the parallel coordinates.
    m_parallel = new ParallelCoordinatesView(this);
    m_parallel->setAccessibleName(tr("Parallel coordinates of the compared runs"));
    m_scatter = new ScatterPlotPanel(this);
    m_scatter->setAccessibleName(tr("Scatter of the compared runs"));
    m_tabs->addTab(buildParallelTab(), tr("Parallel Coordinates"));
    m_tabs->addTab(m_scatter, tr("Scatter"));
    connect(m_parallel, &ParallelCoordinatesView::selectionChanged, m_scatter->view(), &ScatterPlotView::setSelectedRuns);
    connect(m_scatter->view(), &ScatterPlotView::runClicked, m_parallel, &ParallelCoordinatesView::setCurrentRun);

    m_emptyState = new QLabel(
        tr("No comparison open. Select two or more runs and press Compare (%1).")
            .arg(QKeySequence(Qt::CTRL | Qt::Key_D).toString(QKeySequence::NativeText)),
        this);
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setForegroundRole(QPalette::PlaceholderText);
    m_tabs->hide(); // until the first comparison

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(statusRow);
    layout->addWidget(m_emptyState, 1);
    layout->addWidget(m_tabs, 1);

    connect(m_comparisonWatcher, &QFutureWatcher<ComparisonResult>::finished, this,
            &ComparePage::onComparisonFinished);
    connect(m_snapshotWatcher, &QFutureWatcher<SnapshotDiffResult>::finished, this,
            &ComparePage::onSnapshotDiffFinished);
    connect(m_fileWatcher, &QFutureWatcher<FileDiffResult>::finished, this, &ComparePage::onFileDiffFinished);
}

ComparePage::~ComparePage()
{
    // The workers read the workspace only; waiting for them keeps their results from outliving the page.
    m_comparisonWatcher->waitForFinished();
    m_snapshotWatcher->waitForFinished();
    m_fileWatcher->waitForFinished();
}

QWidget* ComparePage::buildTableTab()
{
    auto* tab = new QWidget;
    m_differencesOnly = new QCheckBox(tr("Differences only"), tab);
    m_differencesOnly->setToolTip(tr("Hide the rows where every run has the same value"));
    m_model = new ComparisonTableModel(this);
    m_tableView = new QTreeView(tab);
    m_tableView->setAccessibleName(tr("Comparison"));
    m_tableView->setModel(m_model);
    m_tableView->setUniformRowHeights(true);
    m_tableView->setAlternatingRowColors(false); // the highlight of differing rows is the colour that matters
    m_tableView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_tableView->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tableView->header()->setStretchLastSection(false);
    auto* copy = new QAction(tr("Copy"), m_tableView);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &ComparePage::copySelection);
    m_tableView->addAction(copy);
    m_tableView->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_differencesOnly, &QCheckBox::toggled, this, [this](bool only) {
        m_model->setDifferencesOnly(only);
        m_tableView->expandAll();
    });
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_differencesOnly);
    layout->addWidget(m_tableView, 1);
    return tab;
}

QWidget* ComparePage::buildCodeTab()
{
    auto* tab = new QWidget;
    m_beforeRun = new QComboBox(tab);
    m_beforeRun->setAccessibleName(tr("Compare the code of"));
    m_afterRun = new QComboBox(tab);
    m_afterRun->setAccessibleName(tr("with the code of"));
    m_codeStatus = new QLabel(tab);
    m_codeStatus->setWordWrap(true);
    auto* choose = new QHBoxLayout;
    choose->addWidget(new QLabel(tr("Code of"), tab));
    choose->addWidget(m_beforeRun, 1);
    choose->addWidget(new QLabel(tr("against"), tab));
    choose->addWidget(m_afterRun, 1);

    m_changedFiles = new QTreeWidget(tab);
    m_changedFiles->setAccessibleName(tr("Changed files"));
    m_changedFiles->setHeaderLabels({tr("File"), tr("Change")});
    m_changedFiles->setRootIsDecorated(false);
    m_changedFiles->setUniformRowHeights(true);
    m_fileDiff = new QPlainTextEdit(tab);
    m_fileDiff->setAccessibleName(tr("File diff"));
    m_fileDiff->setReadOnly(true);
    m_fileDiff->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_fileDiff->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new DiffHighlighter(m_fileDiff->document());
    auto* split = new QSplitter(Qt::Horizontal, tab);
    split->addWidget(m_changedFiles);
    split->addWidget(m_fileDiff);
    split->setStretchFactor(1, 3);

    const auto chosen = [this](int) { onCodeRunsChosen(); };
    connect(m_beforeRun, &QComboBox::currentIndexChanged, this, chosen);
    connect(m_afterRun, &QComboBox::currentIndexChanged, this, chosen);
    connect(m_changedFiles, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item)
            showFileDiff(item->text(0));
    });
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(choose);
    layout->addWidget(m_codeStatus);
    layout->addWidget(split, 1);
    return tab;
}

void ComparePage::setRuns(const QStringList& runIds)
{
    m_runIds = runIds;
    m_emptyState->hide();
    m_tabs->show();
    setBusy(true, tr("Comparing %n run(s)…", nullptr, int(runIds.size())));
    const Workspace workspace = m_workspace;
    m_comparisonWatcher->setFuture(QtConcurrent::run([workspace, runIds]() {
        ComparisonResult result;
        auto comparison = RunComparison::build(workspace, runIds, &result.error);
        if (comparison)
            result.comparison = std::make_shared<const RunComparison>(std::move(*comparison));
        return result;
    }));
}

bool ComparePage::isBusy() const
{
    return m_comparisonWatcher->isRunning() || m_snapshotWatcher->isRunning() || m_fileWatcher->isRunning();
}

void ComparePage::setBusy(bool busy, const QString& message)
{
    m_busy->setVisible(busy || m_comparisonWatcher->isRunning() || m_snapshotWatcher->isRunning() ||
                       m_fileWatcher->isRunning());
    if (!message.isEmpty() || !busy)
        m_status->setText(message);
}

void ComparePage::onComparisonFinished()
{
    const ComparisonResult result = m_comparisonWatcher->result();
    if (!result.comparison) {
        setBusy(false, tr("Cannot compare: %1").arg(result.error));
        emit comparisonFailed(result.error);
        return;
    }
    m_comparison = result.comparison;
    m_model->setComparison(m_comparison);
    m_tableView->expandAll();
    m_tableView->header()->resizeSections(QHeaderView::ResizeToContents);
    const QStringList warnings = m_comparison->warnings();
    setBusy(false, warnings.isEmpty() ? QString() : warnings.join(QLatin1Char('\n')));

    // The Code tab offers the same runs, the first two chosen.
    for (QComboBox* box : {m_beforeRun, m_afterRun}) {
        const QSignalBlocker blocker(box);
        box->clear();
        for (int i = 0; i < m_comparison->runCount(); ++i)
            box->addItem(m_comparison->runLabels().at(i), m_comparison->runIds().at(i));
    }
    setCodeRuns(0, m_comparison->runCount() > 1 ? 1 : 0);
    m_plotTable = plotTable();
    m_parallelAxes.clear();
    fillAxesMenu();
    setParallelAxisKeys(defaultAxisKeys(m_plotTable));
    m_scatter->setTable(m_plotTable);
    emit comparisonReady();
}

PlotTable ComparePage::plotTable() const
{
    // Every parameter and metric row that has a number for at least one run becomes an axis.
    QStringList keys;
    for (const ComparisonSection& section : m_comparison->sections()) {
        for (const ComparisonRow& row : section.rows) {
            const bool plottable = row.key.startsWith(QLatin1String("params.")) || row.key.startsWith(QLatin1String("metrics."));
            if (plottable && std::any_of(row.values.cbegin(), row.values.cend(), [](const ComparisonValue& v) { return v.number.has_value(); }))
                keys << row.key;
        }
    }
    const ComparisonNumbers numbers = m_comparison->numbers(keys);
    PlotTable table;
    table.runIds = numbers.runIds;
    table.runLabels = numbers.runLabels;
    table.axisKeys = keys;
    table.values = numbers.values;
    return table;
}

QWidget* ComparePage::buildParallelTab()
{
    auto* tab = new QWidget;
    m_axesButton = new QToolButton(tab);
    m_axesButton->setText(tr("Axes…"));
    m_axesButton->setToolTip(tr("Choose the columns drawn as axes"));
    m_axesButton->setPopupMode(QToolButton::InstantPopup);
    m_axesMenu = new QMenu(m_axesButton);
    m_axesButton->setMenu(m_axesMenu);
    m_parallel->setParent(tab);
    auto* tools = new QHBoxLayout;
    tools->addWidget(m_axesButton);
    tools->addStretch(1);
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(tools);
    layout->addWidget(m_parallel, 1);
    return tab;
}

QStringList ComparePage::defaultAxisKeys(const PlotTable& table)
{
    // A column with one value for every run draws a flat line that tells nothing apart, and the node
    // sampler's system/ metrics describe the machine rather than the training: with them a real comparison
    // has twenty axes too narrow to read. A column some runs lack still differs.
    QStringList keys;
    for (int axis = 0; axis < table.axisCount(); ++axis) {
        const QString& key = table.axisKeys[axis];
        if (key.startsWith(QLatin1String("metrics.system/")))
            continue;
        const QVector<double>& values = table.values[axis];
        const bool missing = std::any_of(values.cbegin(), values.cend(), [](double v) { return !std::isfinite(v); });
        const PlotValueRange range = PlotValueRange::ofValues(values);
        if (missing || (range.valid && range.span() > 0))
            keys << key;
    }
    return keys;
}

void ComparePage::setParallelAxisKeys(const QStringList& keys)
{
    // Brushes are kept by column, so that those on axes still drawn stay where they were.
    const PlotTable& shown = m_parallel->table();
    QMap<QString, PlotValueRange> brushes;
    const QMap<int, PlotValueRange> oldBrushes = m_parallel->brushes();
    for (auto brush = oldBrushes.cbegin(); brush != oldBrushes.cend(); ++brush)
        brushes.insert(shown.axisKeys.value(brush.key()), brush.value());
    const QString currentRun = m_parallel->currentRun();

    // Parameters first, then metrics, each in the comparison's order, whatever order they were chosen in.
    PlotTable table;
    table.runIds = m_plotTable.runIds;
    table.runLabels = m_plotTable.runLabels;
    for (const bool parameters : {true, false}) {
        for (int axis = 0; axis < m_plotTable.axisCount(); ++axis) {
            const QString& key = m_plotTable.axisKeys[axis];
            if (key.startsWith(QLatin1String("params.")) == parameters && keys.contains(key)) {
                table.axisKeys << key;
                table.values << m_plotTable.values[axis];
            }
        }
    }
    m_parallelAxes = table.axisKeys;
    m_parallel->setTable(table);
    for (int axis = 0; axis < table.axisCount(); ++axis) {
        const auto brush = brushes.constFind(table.axisKeys[axis]);
        if (brush != brushes.cend())
            m_parallel->setBrush(axis, brush->min, brush->max);
    }
    m_parallel->setCurrentRun(currentRun);
    for (QAction* action : m_axesMenu->actions()) {
        const QSignalBlocker blocker(action);
        action->setChecked(m_parallelAxes.contains(action->data().toString()));
    }
}

void ComparePage::fillAxesMenu()
{
    m_axesMenu->clear();
    for (const QString& key : m_plotTable.axisKeys) {
        QAction* action = m_axesMenu->addAction(key);
        action->setData(key);
        action->setCheckable(true);
        connect(action, &QAction::toggled, this, &ComparePage::onAxisToggled);
    }
}

void ComparePage::onAxisToggled()
{
    QStringList keys;
    for (const QAction* action : m_axesMenu->actions())
        if (action->isChecked())
            keys << action->data().toString();
    setParallelAxisKeys(keys);
}

ComparisonNumbers ComparePage::numbers(const QStringList& keys) const
{
    return m_comparison ? m_comparison->numbers(keys) : ComparisonNumbers{};
}

void ComparePage::addPlotTab(QWidget* widget, const QString& title)
{
    m_tabs->addTab(widget, title);
}

void ComparePage::setCodeRuns(int beforeRun, int afterRun)
{
    const QSignalBlocker beforeBlocker(m_beforeRun);
    const QSignalBlocker afterBlocker(m_afterRun);
    m_beforeRun->setCurrentIndex(beforeRun);
    m_afterRun->setCurrentIndex(afterRun);
    onCodeRunsChosen();
}

void ComparePage::onCodeRunsChosen()
{
    const QString before = m_beforeRun->currentData().toString();
    const QString after = m_afterRun->currentData().toString();
    m_changedFiles->clear();
    m_fileDiff->clear();
    m_snapshotDiff.reset();
    m_pendingFile.clear();
    if (before.isEmpty() || after.isEmpty())
        return;
    m_codeStatus->setText(tr("Reading the snapshots…"));
    const Workspace workspace = m_workspace;
    m_snapshotWatcher->setFuture(QtConcurrent::run([workspace, before, after]() {
        SnapshotDiffResult result;
        auto diff = SnapshotDiff::between(workspace, before, after, &result.error);
        if (diff)
            result.diff = std::make_shared<const SnapshotDiff>(std::move(*diff));
        return result;
    }));
    setBusy(true);
}

void ComparePage::onSnapshotDiffFinished()
{
    const SnapshotDiffResult result = m_snapshotWatcher->result();
    setBusy(false, m_status->text());
    if (!result.diff) {
        m_codeStatus->setText(tr("Cannot compare the code: %1").arg(result.error));
        emit changedFilesReady();
        return;
    }
    m_snapshotDiff = result.diff;
    const QVector<SnapshotFileChange>& changes = m_snapshotDiff->changes();
    m_codeStatus->setText(changes.isEmpty() ? tr("The two runs ran the same code.")
                                            : tr("%n file(s) changed.", nullptr, int(changes.size())));
    QList<QTreeWidgetItem*> items;
    items.reserve(changes.size());
    for (const SnapshotFileChange& change : changes)
        items << new QTreeWidgetItem(QStringList{change.path, SnapshotFileChange::kindName(change.kind)});
    m_changedFiles->addTopLevelItems(items);
    m_changedFiles->resizeColumnToContents(0);
    emit changedFilesReady();
}

void ComparePage::showFileDiff(const QString& path)
{
    if (!m_snapshotDiff)
        return;
    m_pendingFile = path;
    const std::shared_ptr<const SnapshotDiff> diff = m_snapshotDiff;
    m_fileWatcher->setFuture(QtConcurrent::run([diff, path]() {
        FileDiffResult result;
        result.diff = diff->fileDiff(path, &result.error);
        return result;
    }));
    setBusy(true);
}

void ComparePage::onFileDiffFinished()
{
    const FileDiffResult result = m_fileWatcher->result();
    setBusy(false, m_status->text());
    if (!result.diff) {
        m_fileDiff->setPlainText(tr("Cannot show the diff: %1").arg(result.error));
    } else if (result.diff->path != m_pendingFile) {
        return; // the user chose another file meanwhile
    } else if (result.diff->binary) {
        m_fileDiff->setPlainText(tr("%1 is a binary file: its contents differ.").arg(result.diff->path));
    } else if (result.diff->tooLarge) {
        m_fileDiff->setPlainText(tr("%1 is too large to show its diff (over %2 MiB).")
                                     .arg(result.diff->path)
                                     .arg(SnapshotDiff::kMaxFileBytes / (1024 * 1024)));
    } else {
        QString text = result.diff->text;
        if (result.diff->approximate)
            text.prepend(tr("(Too many changes to match line by line: the changed part is shown removed and "
                            "added whole.)\n"));
        m_fileDiff->setPlainText(text);
    }
    emit fileDiffReady(m_pendingFile);
}

QString ComparePage::selectionText() const
{
    // Cells by (section, row) in table order, then by column, so a copied block pastes as the table shows it.
    QMap<QPair<int, int>, QMap<int, QString>> cells;
    for (const QModelIndex& index : m_tableView->selectionModel()->selectedIndexes()) {
        const QModelIndex parent = index.parent();
        const QPair<int, int> position =
            parent.isValid() ? qMakePair(parent.row(), index.row()) : qMakePair(index.row(), -1);
        cells[position][index.column()] = index.data(Qt::DisplayRole).toString();
    }
    QStringList lines;
    for (auto row = cells.cbegin(); row != cells.cend(); ++row) {
        QStringList values;
        for (const QString& value : row.value())
            values << value;
        lines << values.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n'));
}

void ComparePage::copySelection()
{
    const QString text = selectionText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}
