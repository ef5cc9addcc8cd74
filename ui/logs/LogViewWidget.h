// The Logs tab of the run page: one of the run's logs (system/stdout.log, system/stderr.log, the other
// system/*.log files and anything under logs/) shown live with line numbers, a follow toggle, find with
// next/previous and copy of whole lines. The log is never loaded whole: a LogIndex built on worker threads
// tells where lines start and the view reads only the lines on screen, so a gigabyte log opens at once and a
// run writing tens of megabytes a second never stalls the window.
// A distributed run also gets a rank picker: the file chooser's stdout and stderr are then the chosen rank's
// (rank 0's are system/stdout.log and stderr.log, rank r's system/ranks/<r>/), and system/launcher.log is
// among the other logs.
// A failed run opens at its stderr, any other at its stdout. The chooser also offers both streams combined in
// the order they were written (CombinedLog), or one after the other for a run that did not record the order.
#pragma once

#include "logs/CombinedLog.h"
#include "logs/LogIndex.h"
#include "workspace/Workspace.h"

#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <memory>

class LogTextView;
class QComboBox;
class QLabel;
class QLineEdit;
class QTemporaryDir;
class QToolButton;

class LogViewWidget : public QWidget
{
    Q_OBJECT
public:
    explicit LogViewWidget(const Workspace& workspace, QWidget* parent = nullptr);
    ~LogViewWidget() override;

    // Shows the run's stdout (stderr for a failed run), following it while the run is live. An empty id clears
    // the view. A run that fails while shown switches to stderr, unless another log was chosen.
    void setRun(const QString& runId);
    QString runId() const { return m_runId; }

    // The run-relative log shown, e.g. "system/stdout.log" or "logs/rank1.log".
    QString currentFile() const { return m_currentFile; }
    void setCurrentFile(const QString& relativePath);
    // The logs the file chooser offers.
    QStringList fileChoices() const;
    // The chooser's entry for stdout and stderr combined (of the chosen rank), in the order they were written.
    static QString combinedChoice();
    // Of the combined view: whether the order was recorded (Approximate: stdout, then stderr).
    CombinedLog::Order combinedOrder() const { return m_combinedOrder; }
    // The note above the combined view about its order; empty for other logs.
    QString orderNote() const;

    // Of a distributed run: the rank whose stdout and stderr the chooser offers (0 otherwise).
    int currentRank() const { return m_rank; }
    void setCurrentRank(int rank);
    // Whether the rank picker is offered: only for a distributed run.
    bool hasRankPicker() const;

    bool isFollowing() const;
    void setFollowing(bool follow);
    // True while the shown log has bytes not yet indexed.
    bool isIndexing() const;

    // Searches for the find field's text after (before) the current match or the first visible line,
    // wrapping around the end of the log. The result arrives asynchronously (searchFinished).
    void findNext();
    void findPrevious();
    QString findStatus() const;
    qint64 currentMatchLine() const;

    // For tests and benchmarks: what the view shows.
    qint64 lineCount() const;
    qint64 firstVisibleLine() const;
    QStringList visibleLines() const;
    void scrollToLine(qint64 line);
    void selectLines(qint64 first, qint64 last);
    LogTextView* textView() const { return m_view; }

    // How often the log's size is polled while shown.
    static constexpr int kPollIntervalMs = 200;

signals:
    // The index of the shown log grew (or was rebuilt); emitted after the view took the new lines.
    void indexUpdated();
    void searchFinished(bool found);

private:
    void openCurrentFile();
    void showFile(const QString& relativePath);
    void updateOrderNote();
    void pollLog();
    void refreshRunState();
    void setFileChoices(const QStringList& files);
    // system/stdout.log (stderr.log) of rank 0, system/ranks/<r>/stdout.log (stderr.log) of rank r.
    static QString rankStream(int rank, bool stderrStream);
    void startSearch(bool forward);
    void startCount(const QString& text);
    void updateInfo();
    void updateFindStatus();

    Workspace m_workspace;
    QString m_runId;
    QString m_currentFile;
    bool m_runLive = false;
    int m_rank = 0;
    int m_worldSize = 1;

    std::shared_ptr<LogIndex> m_index;
    std::shared_ptr<CombinedLog> m_combined; // while the combined view is shown: what feeds m_index's file
    std::unique_ptr<QTemporaryDir> m_combinedDir;
    int m_combinedCount = 0;
    CombinedLog::Order m_combinedOrder = CombinedLog::Order::Unknown;
    bool m_fileChosen = false; // a log was chosen, by the user or a caller: a failure does not switch away
    bool m_updateInFlight = false;
    bool m_firstStepDone = false;
    QString m_indexError;
    bool m_listInFlight = false;
    bool m_finalListStarted = false; // the listing after the run ended, the last one needed

    QString m_searchText;
    std::shared_ptr<std::atomic_bool> m_searchCancel;
    std::shared_ptr<std::atomic_bool> m_countCancel;
    int m_searchSeq = 0;
    bool m_searchRunning = false;
    bool m_lastSearchFound = false;
    bool m_lastSearchWrapped = false;
    qint64 m_matchCount = -1;

    QComboBox* m_rankChooser = nullptr;
    QComboBox* m_fileChooser = nullptr;
    QToolButton* m_followButton = nullptr;
    QLineEdit* m_findEdit = nullptr;
    QToolButton* m_findPreviousButton = nullptr;
    QToolButton* m_findNextButton = nullptr;
    QLabel* m_findStatus = nullptr;
    QLabel* m_info = nullptr;
    QLabel* m_orderNote = nullptr;
    LogTextView* m_view = nullptr;
    QTimer m_pollTimer;
    QTimer m_runStateTimer;
};
