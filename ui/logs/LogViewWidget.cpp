#include "logs/LogViewWidget.h"

#include "logs/LogTextView.h"
#include "estimator/Estimator.h"
#include "run/DistributedLayout.h"
#include "run/RunFiles.h"
#include "run/RunStore.h"
#include "shell/ElidingLabel.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QShortcut>
#include <QTemporaryDir>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {

const QString kStdout = QStringLiteral("system/stdout.log");
const QString kStderr = QStringLiteral("system/stderr.log");

// The first step is small so the first screen of a huge log shows at once; later steps are large so a
// gigabyte indexes in a few dozen round trips, each a short job on a worker thread.
constexpr qint64 kFirstStepBytes = 1 << 20;
constexpr qint64 kStepBytes = 64 << 20;

// What the chooser offers: stdout and stderr first (even before they exist), the other system logs, then
// every file under logs/. The logs of ranks >= 1 are reached through the rank picker instead.
QStringList logFilesOf(const Workspace& workspace, const QString& runId)
{
    QStringList files{kStdout, kStderr};
    QStringList logs;
    for (const RunFileEntry& e : RunFiles(workspace, runId).list()) {
        if (e.isDir || files.contains(e.path) || e.path.startsWith(QLatin1String("system/ranks/")))
            continue;
        if (e.path.startsWith(QLatin1String("system/")) && e.path.endsWith(QLatin1String(".log")))
            files << e.path;
        else if (e.path.startsWith(QLatin1String("logs/")))
            logs << e.path;
    }
    return files + logs;
}

struct PollOutcome
{
    QString error;
    CombinedLog::Order order = CombinedLog::Order::Unknown;
    bool combinedBacklog = false;
};

struct SearchOutcome
{
    LogMatch match;
    bool wrapped = false;
};

} // namespace

LogViewWidget::LogViewWidget(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace)
{
    m_rankChooser = new QComboBox(this);
    m_rankChooser->setObjectName(QStringLiteral("logRankChooser"));
    m_rankChooser->setAccessibleName(tr("Rank"));
    m_rankChooser->setToolTip(tr("Whose output to show: each rank of a distributed run has its own logs"));
    m_rankChooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_rankChooser->setVisible(false);

    m_fileChooser = new QComboBox(this);
    m_fileChooser->setObjectName(QStringLiteral("logFileChooser"));
    m_fileChooser->setAccessibleName(tr("Log file"));
    m_fileChooser->setToolTip(tr("Which of the run's logs to show"));
    m_fileChooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_followButton = new QToolButton(this);
    m_followButton->setObjectName(QStringLiteral("logFollowButton"));
    m_followButton->setText(tr("Follow"));
    m_followButton->setCheckable(true);
    m_followButton->setAccessibleName(tr("Follow the end of the log"));
    m_followButton->setToolTip(tr("Keep showing the newest lines (End)"));

    m_findEdit = new QLineEdit(this);
    m_findEdit->setObjectName(QStringLiteral("logFindEdit"));
    m_findEdit->setPlaceholderText(tr("Find (Ctrl+F)"));
    m_findEdit->setAccessibleName(tr("Find in log"));
    m_findEdit->setClearButtonEnabled(true);

    m_findPreviousButton = new QToolButton(this);
    m_findPreviousButton->setObjectName(QStringLiteral("logFindPrevious"));
    m_findPreviousButton->setArrowType(Qt::UpArrow);
    m_findPreviousButton->setAccessibleName(tr("Find previous"));
    m_findPreviousButton->setToolTip(tr("Find previous (Shift+F3)"));

    m_findNextButton = new QToolButton(this);
    m_findNextButton->setObjectName(QStringLiteral("logFindNext"));
    m_findNextButton->setArrowType(Qt::DownArrow);
    m_findNextButton->setAccessibleName(tr("Find next"));
    m_findNextButton->setToolTip(tr("Find next (F3)"));

    m_findStatus = new ElidingLabel(this);
    m_findStatus->setObjectName(QStringLiteral("logFindStatus"));
    m_findStatus->setAccessibleName(tr("Search result"));

    m_info = new ElidingLabel(this);
    m_info->setObjectName(QStringLiteral("logInfo"));
    m_info->setAccessibleName(tr("Log size"));
    m_info->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_orderNote = new QLabel(this);
    m_orderNote->setObjectName(QStringLiteral("logOrderNote"));
    m_orderNote->setAccessibleName(tr("Order of the combined log"));
    m_orderNote->setWordWrap(true);
    m_orderNote->setVisible(false);

    m_view = new LogTextView(this);
    m_view->setObjectName(QStringLiteral("logTextView"));
    m_view->setAccessibleName(tr("Log text"));

    auto* copyAction = new QAction(tr("Copy Lines"), m_view);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    auto* selectAllAction = new QAction(tr("Select All"), m_view);
    selectAllAction->setShortcut(QKeySequence::SelectAll);
    selectAllAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(copyAction);
    m_view->addAction(selectAllAction);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(copyAction, &QAction::triggered, m_view, &LogTextView::copySelection);
    connect(selectAllAction, &QAction::triggered, m_view, [this] { m_view->selectLines(0, m_view->lineCount() - 1); });

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_rankChooser);
    bar->addWidget(m_fileChooser);
    bar->addWidget(m_followButton);
    bar->addSpacing(12);
    bar->addWidget(m_findEdit, 1);
    bar->addWidget(m_findPreviousButton);
    bar->addWidget(m_findNextButton);
    bar->addWidget(m_findStatus);
    bar->addWidget(m_info);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_orderNote);
    layout->addWidget(m_view, 1);

    auto* findShortcut = new QShortcut(QKeySequence::Find, this);
    findShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findShortcut, &QShortcut::activated, this, [this] {
        m_findEdit->setFocus(Qt::ShortcutFocusReason);
        m_findEdit->selectAll();
    });
    auto* nextShortcut = new QShortcut(QKeySequence(Qt::Key_F3), this);
    nextShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(nextShortcut, &QShortcut::activated, this, &LogViewWidget::findNext);
    auto* previousShortcut = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3), this);
    previousShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(previousShortcut, &QShortcut::activated, this, &LogViewWidget::findPrevious);

    auto* leaveFind = new QShortcut(QKeySequence(Qt::Key_Escape), m_findEdit);
    leaveFind->setContext(Qt::WidgetShortcut);
    connect(leaveFind, &QShortcut::activated, this, [this] { m_view->setFocus(Qt::ShortcutFocusReason); });
    connect(m_findEdit, &QLineEdit::returnPressed, this, &LogViewWidget::findNext);
    connect(m_findEdit, &QLineEdit::textChanged, this, [this] {
        // A new text searches from what is on screen, not from the old match.
        m_view->setCurrentMatch(-1, {});
        m_matchCount = -1;
        if (m_countCancel)
            m_countCancel->store(true);
        m_findStatus->clear();
    });
    connect(m_findNextButton, &QToolButton::clicked, this, &LogViewWidget::findNext);
    connect(m_findPreviousButton, &QToolButton::clicked, this, &LogViewWidget::findPrevious);
    connect(m_followButton, &QToolButton::toggled, m_view, &LogTextView::setFollowing);
    connect(m_view, &LogTextView::followingChanged, m_followButton, &QToolButton::setChecked);
    connect(m_fileChooser, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            setCurrentFile(m_fileChooser->itemText(index));
    });
    connect(m_rankChooser, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            setCurrentRank(index);
    });

    m_pollTimer.setInterval(kPollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &LogViewWidget::pollLog);
    m_runStateTimer.setInterval(2000);
    connect(&m_runStateTimer, &QTimer::timeout, this, &LogViewWidget::refreshRunState);
    setEnabled(false);
}

LogViewWidget::~LogViewWidget()
{
    // Workers still running hold their own references; they only need to stop early.
    if (m_index)
        m_index->cancel();
    if (m_searchCancel)
        m_searchCancel->store(true);
    if (m_countCancel)
        m_countCancel->store(true);
}

QString LogViewWidget::combinedChoice() { return tr("stdout + stderr (combined)"); }

void LogViewWidget::setRun(const QString& runId)
{
    m_runId = runId;
    m_pollTimer.stop();
    m_runStateTimer.stop();
    setEnabled(!runId.isEmpty());
    m_fileChooser->blockSignals(true);
    m_fileChooser->clear();
    if (!runId.isEmpty())
        m_fileChooser->addItems({kStdout, kStderr, combinedChoice()});
    m_fileChooser->blockSignals(false);
    m_currentFile.clear();
    m_fileChosen = false;
    m_rank = 0;
    m_worldSize = 1;
    m_rankChooser->blockSignals(true);
    m_rankChooser->clear();
    m_rankChooser->blockSignals(false);
    m_rankChooser->setVisible(false);
    if (runId.isEmpty()) {
        if (m_index)
            m_index->cancel();
        m_index.reset();
        m_combined.reset();
        m_view->setIndex(nullptr);
        updateInfo();
        updateOrderNote();
        return;
    }
    const std::optional<RunRecord> run = RunStore(m_workspace).find(runId);
    m_runLive = run && !isTerminal(run->status);
    const DistributedLayout layout = run ? DistributedLayout::of(Estimator::fromJson(run->estimator)) : DistributedLayout();
    if (layout.isDistributed()) {
        m_worldSize = layout.worldSize();
        m_rankChooser->blockSignals(true);
        for (int rank = 0; rank < m_worldSize; ++rank)
            m_rankChooser->addItem(tr("Rank %1").arg(rank));
        m_rankChooser->setCurrentIndex(0);
        m_rankChooser->blockSignals(false);
        m_rankChooser->setVisible(true);
    }
    // Following is what a user watching a live run wants; a finished run opens at its first line.
    m_view->setFollowing(m_runLive);
    m_followButton->setChecked(m_runLive);
    // What ended a failed run is on its stderr (the traceback); everything else starts with its output.
    m_currentFile = run && run->status == RunStatus::Failed ? kStderr : kStdout;
    m_fileChooser->blockSignals(true);
    m_fileChooser->setCurrentIndex(m_fileChooser->findText(m_currentFile));
    m_fileChooser->blockSignals(false);
    openCurrentFile();
    m_listInFlight = false;
    m_finalListStarted = false;
    refreshRunState();
    m_pollTimer.start();
    m_runStateTimer.start();
}

void LogViewWidget::setCurrentFile(const QString& relativePath)
{
    if (m_runId.isEmpty())
        return;
    m_fileChosen = true;
    showFile(relativePath);
}

void LogViewWidget::showFile(const QString& relativePath)
{
    if (relativePath == m_currentFile || m_runId.isEmpty())
        return;
    m_currentFile = relativePath;
    // A rank's own stream (typed in, or from a test) makes that rank the chosen one.
    for (int rank = 0; rank < m_worldSize; ++rank)
        if ((relativePath == rankStream(rank, false) || relativePath == rankStream(rank, true)) && rank != m_rank) {
            m_rank = rank;
            m_rankChooser->blockSignals(true);
            m_rankChooser->setCurrentIndex(rank);
            m_rankChooser->blockSignals(false);
            setFileChoices(fileChoices());
            break;
        }
    if (m_fileChooser->findText(relativePath) < 0)
        m_fileChooser->addItem(relativePath);
    m_fileChooser->blockSignals(true);
    m_fileChooser->setCurrentIndex(m_fileChooser->findText(relativePath));
    m_fileChooser->blockSignals(false);
    openCurrentFile();
}

QStringList LogViewWidget::fileChoices() const
{
    QStringList files;
    for (int i = 0; i < m_fileChooser->count(); ++i)
        files << m_fileChooser->itemText(i);
    return files;
}

void LogViewWidget::openCurrentFile()
{
    if (m_index)
        m_index->cancel(); // its worker may still be scanning; it stops early and is dropped
    if (m_searchCancel)
        m_searchCancel->store(true);
    if (m_countCancel)
        m_countCancel->store(true);
    m_matchCount = -1;
    m_findStatus->clear();
    const RunFiles files(m_workspace, m_runId);
    QString path = files.absolutePath(m_currentFile);
    if (m_combined) {
        QFile::remove(m_combined->outputPath()); // a worker still writing to it writes to the unlinked file
        m_combined.reset();
    }
    m_combinedOrder = CombinedLog::Order::Unknown;
    if (m_currentFile == combinedChoice()) {
        // The combined text is derived, so it lives in a temporary file of this view, not in the run folder.
        if (!m_combinedDir)
            m_combinedDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/trainyard-combined-XXXXXX"));
        const QString streams = QFileInfo(files.absolutePath(rankStream(m_rank, false))).path();
        path = m_combinedDir->path() + QStringLiteral("/combined-%1.log").arg(++m_combinedCount);
        m_combined = std::make_shared<CombinedLog>(streams, path);
    }
    m_index = std::make_shared<LogIndex>(path);
    m_updateInFlight = false;
    m_firstStepDone = false;
    m_indexError.clear();
    m_view->setIndex(m_index);
    updateInfo();
    updateOrderNote();
    pollLog();
}

void LogViewWidget::pollLog()
{
    if (!m_index || m_updateInFlight)
        return;
    m_updateInFlight = true;
    const std::shared_ptr<LogIndex> index = m_index;
    const std::shared_ptr<CombinedLog> combined = m_combined;
    const bool runEnded = !m_runLive;
    const qint64 step = m_firstStepDone ? kStepBytes : kFirstStepBytes;
    auto* watcher = new QFutureWatcher<PollOutcome>(this);
    connect(watcher, &QFutureWatcher<PollOutcome>::finished, this, [this, watcher, index] {
        watcher->deleteLater();
        if (index != m_index)
            return; // another log was opened meanwhile
        const PollOutcome outcome = watcher->result();
        m_updateInFlight = false;
        m_firstStepDone = true;
        m_indexError = outcome.error;
        if (m_combined && outcome.order != m_combinedOrder) {
            m_combinedOrder = outcome.order;
            updateOrderNote();
        }
        m_view->indexChanged();
        updateInfo();
        emit indexUpdated();
        // A big backlog is indexed step after step without waiting for the next poll.
        if (m_indexError.isEmpty() && (outcome.combinedBacklog || index->indexedBytes() < index->fileSize()))
            pollLog();
    });
    watcher->setFuture(QtConcurrent::run([index, combined, runEnded, step] {
        PollOutcome outcome;
        if (combined) {
            if (!combined->update(runEnded, step, &outcome.error))
                return outcome;
            outcome.order = combined->order();
            outcome.combinedBacklog = combined->hasBacklog();
        }
        index->update(step, &outcome.error);
        return outcome;
    }));
}

void LogViewWidget::refreshRunState()
{
    if (m_runId.isEmpty())
        return;
    const std::optional<RunRecord> run = RunStore(m_workspace).find(m_runId);
    const bool live = run && !isTerminal(run->status);
    const bool wasLive = m_runLive;
    m_runLive = live;
    // A run that fails while its output is watched turns to the traceback, unless a log was chosen.
    if (wasLive && !live && run->status == RunStatus::Failed && !m_fileChosen && m_currentFile == rankStream(m_rank, false))
        showFile(rankStream(m_rank, true));
    // The list is refreshed while the run lives (new per-rank logs appear) and once more after it ended.
    if (m_listInFlight)
        return;
    if (!live) {
        if (m_finalListStarted)
            return;
        m_finalListStarted = true;
        m_runStateTimer.stop();
    }
    m_listInFlight = true;
    const Workspace workspace = m_workspace;
    const QString runId = m_runId;
    auto* watcher = new QFutureWatcher<QStringList>(this);
    connect(watcher, &QFutureWatcher<QStringList>::finished, this, [this, watcher, runId] {
        watcher->deleteLater();
        if (runId != m_runId)
            return;
        m_listInFlight = false;
        setFileChoices(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([workspace, runId] { return logFilesOf(workspace, runId); }));
}

QString LogViewWidget::rankStream(int rank, bool stderrStream)
{
    if (rank == 0)
        return stderrStream ? kStderr : kStdout;
    return QStringLiteral("system/ranks/%1/%2").arg(rank).arg(stderrStream ? QStringLiteral("stderr.log") : QStringLiteral("stdout.log"));
}

bool LogViewWidget::hasRankPicker() const { return !m_runId.isEmpty() && m_worldSize > 1; }

void LogViewWidget::setCurrentRank(int rank)
{
    if (rank < 0 || rank >= m_worldSize || m_runId.isEmpty())
        return;
    // The same stream of the other rank; from any other log, its stdout.
    const bool stderrStream = m_currentFile == rankStream(m_rank, true);
    m_rank = rank;
    if (m_rankChooser->currentIndex() != rank) {
        m_rankChooser->blockSignals(true);
        m_rankChooser->setCurrentIndex(rank);
        m_rankChooser->blockSignals(false);
    }
    const QString file = m_currentFile == combinedChoice() ? combinedChoice() : rankStream(rank, stderrStream);
    // The chooser's first two entries become the rank's streams before the file is shown.
    m_currentFile.clear();
    QStringList choices = fileChoices();
    setFileChoices(choices);
    setCurrentFile(file);
}

void LogViewWidget::setFileChoices(const QStringList& files)
{
    QStringList wanted = files;
    // The first two are the chosen rank's stdout and stderr; the others' streams are not offered.
    for (int rank = 0; rank < m_worldSize; ++rank) {
        wanted.removeAll(rankStream(rank, false));
        wanted.removeAll(rankStream(rank, true));
    }
    wanted.removeAll(combinedChoice());
    wanted.prepend(combinedChoice());
    wanted.prepend(rankStream(m_rank, true));
    wanted.prepend(rankStream(m_rank, false));
    if (!m_currentFile.isEmpty() && !wanted.contains(m_currentFile))
        wanted << m_currentFile;
    if (wanted == fileChoices())
        return;
    m_fileChooser->blockSignals(true);
    m_fileChooser->clear();
    m_fileChooser->addItems(wanted);
    m_fileChooser->setCurrentIndex(m_fileChooser->findText(m_currentFile));
    m_fileChooser->blockSignals(false);
}

bool LogViewWidget::isFollowing() const { return m_view->isFollowing(); }

void LogViewWidget::setFollowing(bool follow) { m_followButton->setChecked(follow); }

bool LogViewWidget::isIndexing() const
{
    return m_index && (!m_firstStepDone || m_index->indexedBytes() < m_index->fileSize());
}

void LogViewWidget::findNext() { startSearch(true); }

void LogViewWidget::findPrevious() { startSearch(false); }

void LogViewWidget::startSearch(bool forward)
{
    const QString text = m_findEdit->text();
    if (text.isEmpty() || !m_index)
        return;
    qint64 from = 0;
    const qint64 match = m_view->currentMatchLine();
    if (match >= 0 && text == m_searchText)
        from = forward ? match + 1 : match - 1;
    else
        from = forward ? m_view->firstVisibleLine() : m_view->firstVisibleLine() + m_view->visibleLineCapacity() - 1;
    if (text != m_searchText || m_matchCount < 0)
        startCount(text);
    m_searchText = text;

    if (m_searchCancel)
        m_searchCancel->store(true);
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_searchCancel = cancel;
    const int seq = ++m_searchSeq;
    m_searchRunning = true;
    updateFindStatus();
    const std::shared_ptr<LogIndex> index = m_index;
    auto* watcher = new QFutureWatcher<SearchOutcome>(this);
    connect(watcher, &QFutureWatcher<SearchOutcome>::finished, this, [this, watcher, seq, index, text] {
        watcher->deleteLater();
        if (seq != m_searchSeq || index != m_index)
            return; // a newer search replaced this one
        m_searchRunning = false;
        const SearchOutcome outcome = watcher->result();
        m_lastSearchFound = outcome.match.found();
        m_lastSearchWrapped = outcome.wrapped;
        if (m_lastSearchFound) {
            m_view->setCurrentMatch(outcome.match.line, text);
            m_view->revealLine(outcome.match.line);
        }
        updateFindStatus();
        emit searchFinished(m_lastSearchFound);
    });
    watcher->setFuture(QtConcurrent::run([index, text, from, forward, cancel] {
        SearchOutcome outcome;
        outcome.match = index->find(text, from, forward, false, cancel.get());
        if (!outcome.match.found() && !cancel->load()) {
            // Wrap around, as editors do.
            outcome.wrapped = true;
            outcome.match = forward ? index->find(text, 0, true, false, cancel.get())
                                    : index->find(text, index->lineCount() - 1, false, false, cancel.get());
        }
        return outcome;
    }));
}

void LogViewWidget::startCount(const QString& text)
{
    if (m_countCancel)
        m_countCancel->store(true);
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_countCancel = cancel;
    m_matchCount = -1;
    const std::shared_ptr<LogIndex> index = m_index;
    auto* watcher = new QFutureWatcher<qint64>(this);
    connect(watcher, &QFutureWatcher<qint64>::finished, this, [this, watcher, cancel] {
        watcher->deleteLater();
        if (cancel != m_countCancel || cancel->load())
            return;
        m_matchCount = watcher->result();
        updateFindStatus();
    });
    watcher->setFuture(QtConcurrent::run([index, text, cancel] { return index->countMatchingLines(text, false, cancel.get()); }));
}

void LogViewWidget::updateFindStatus()
{
    const QLocale locale;
    QString status;
    if (m_searchRunning) {
        status = tr("Searching…");
    } else if (!m_lastSearchFound) {
        status = tr("Not found");
    } else {
        status = tr("Line %1").arg(locale.toString(m_view->currentMatchLine() + 1));
        if (m_lastSearchWrapped)
            status += tr(" (wrapped)");
    }
    if (m_matchCount >= 0 && (m_lastSearchFound || m_searchRunning))
        status += QStringLiteral(" · ")
                  + (m_matchCount == 1 ? tr("1 matching line") : tr("%1 matching lines").arg(locale.toString(m_matchCount)));
    m_findStatus->setText(status);
}

QString LogViewWidget::findStatus() const { return m_findStatus->text(); }

qint64 LogViewWidget::currentMatchLine() const { return m_view->currentMatchLine(); }

void LogViewWidget::updateInfo()
{
    if (!m_index) {
        m_info->clear();
        return;
    }
    const QLocale locale;
    if (!m_indexError.isEmpty()) {
        m_info->setText(m_indexError);
        return;
    }
    QString text = tr("%1 lines · %2").arg(locale.toString(m_index->lineCount()),
                                           locale.formattedDataSize(m_index->fileSize()));
    const qint64 size = m_index->fileSize();
    if (size > 0 && m_index->indexedBytes() < size)
        text += tr(" · indexing %1%").arg(m_index->indexedBytes() * 100 / size);
    m_info->setText(text);
}

qint64 LogViewWidget::lineCount() const { return m_view->lineCount(); }

qint64 LogViewWidget::firstVisibleLine() const { return m_view->firstVisibleLine(); }

QStringList LogViewWidget::visibleLines() const { return m_view->visibleLines(); }

void LogViewWidget::scrollToLine(qint64 line) { m_view->scrollToLine(line); }

void LogViewWidget::selectLines(qint64 first, qint64 last) { m_view->selectLines(first, last); }

QString LogViewWidget::orderNote() const { return m_combined ? m_orderNote->text() : QString(); }

void LogViewWidget::updateOrderNote()
{
    if (!m_combined) {
        m_orderNote->clear();
        m_orderNote->setVisible(false);
        return;
    }
    switch (m_combinedOrder) {
    case CombinedLog::Order::Recorded:
        m_orderNote->setText(tr("stdout (out) and stderr (err) in the order they were written, with the time "
                                "each line was seen."));
        break;
    case CombinedLog::Order::Approximate:
        m_orderNote->setText(tr("This run did not record the order of its output: stdout is shown first, then "
                                "stderr, so their order is approximate."));
        break;
    case CombinedLog::Order::Unknown:
        m_orderNote->setText(tr("Waiting for the order of the run's output; a run that does not record it is "
                                "combined once it has ended."));
        break;
    }
    m_orderNote->setVisible(true);
}
