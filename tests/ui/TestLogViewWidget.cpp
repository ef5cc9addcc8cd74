// GUI tests for the Logs tab (offscreen): a run's stdout with line numbers, scrolling, following a growing log,
// find next/previous, copying lines, the file chooser, and the event loop staying responsive while a run
// writes 20 MB/s.
#include <QtTest>

#include "estimator/Estimator.h"
#include "logs/LogTextView.h"
#include "logs/LogViewWidget.h"
#include "run/RunStore.h"
#include "TestSupport.h"
#include "shell/ElidingLabel.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QAccessible>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QImage>
#include <QTextLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QVBoxLayout>

#include <atomic>
#include <cmath>
#include <thread>

namespace {

bool append(const QString& path, const QByteArray& data)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        return false;
    return f.write(data) == data.size();
}

QByteArray numberedLines(int first, int count, const char* prefix = "line")
{
    QByteArray out;
    for (int i = first; i < first + count; ++i)
        out += QByteArray(prefix) + ' ' + QByteArray::number(i) + " of the log\n";
    return out;
}

QString numbered(int i, const char* prefix = "line") { return QStringLiteral("%1 %2 of the log").arg(QLatin1String(prefix)).arg(i); }

} // namespace

class TestLogViewWidget : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    int m_counter = 0;

    // A run row (so RunStore and RunFiles find it), live or already finished.
    QString makeRun(bool live, const Estimator& estimator = Estimator())
    {
        RunRecord run;
        run.experiment = QStringLiteral("logs");
        run.computeTarget = QStringLiteral("local");
        run.estimator = estimator.toJson();
        QString error;
        if (!RunStore(*m_ws).insert(run, &error))
            qFatal("cannot insert a run: %s", qPrintable(error));
        RunStore store(*m_ws);
        store.transition(run.id, {RunStatus::Queued}, RunStatus::Running);
        if (!live)
            store.finish(run.id, RunStatus::Completed, 0, {});
        return run.id;
    }
    QString runFile(const QString& runId, const QString& relative) const
    {
        return m_ws->runDir(runId) + QLatin1Char('/') + relative;
    }

    std::unique_ptr<LogViewWidget> makeWidget(const QString& runId)
    {
        auto w = std::make_unique<LogViewWidget>(*m_ws);
        w->resize(900, 600);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get()))
            qWarning("window not exposed");
        w->setRun(runId);
        return w;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        UserPrompts::setTestMode(true);
        qputenv("TRAINYARD_RUNNER", QFile::encodeName(TestSupport::binDir() + QStringLiteral("/trainyard-runner")));
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        QString error;
        m_ws = Workspace::open(m_dir.path() + QStringLiteral("/ws%1").arg(++m_counter), &error);
        QVERIFY2(m_ws, qPrintable(error));
    }

    void showsStdoutWithLineNumbersAndScrolls()
    {
        const QString runId = makeRun(false);
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/stdout.log")), numberedLines(0, 5000)));
        auto w = makeWidget(runId);
        QCOMPARE(w->currentFile(), QStringLiteral("system/stdout.log"));
        QTRY_COMPARE(w->lineCount(), 5000);
        // A finished run opens at its first line, not following.
        QVERIFY(!w->isFollowing());
        QCOMPARE(w->firstVisibleLine(), 0);
        QStringList visible = w->visibleLines();
        QVERIFY(visible.size() > 5);
        QCOMPARE(visible.first(), numbered(0));
        QCOMPARE(visible[3], numbered(3));

        w->scrollToLine(2500);
        QCOMPARE(w->firstVisibleLine(), 2500);
        QCOMPARE(w->visibleLines().first(), numbered(2500));
        QCOMPARE(w->textView()->verticalScrollBar()->value(), 2500);

        // Keyboard: End goes to the last line (and follows), Home back to the first.
        w->textView()->setFocus();
        QTest::keyClick(w->textView(), Qt::Key_End);
        QCOMPARE(w->visibleLines().last(), numbered(4999));
        QVERIFY(w->isFollowing());
        QVERIFY(w->findChild<QToolButton*>(QStringLiteral("logFollowButton"))->isChecked());
        QTest::keyClick(w->textView(), Qt::Key_Home);
        QCOMPARE(w->firstVisibleLine(), 0);
        QVERIFY(!w->isFollowing());
        QTest::keyClick(w->textView(), Qt::Key_PageDown);
        QVERIFY(w->firstVisibleLine() > 10);
        QCOMPARE(w->visibleLines().first(), numbered(int(w->firstVisibleLine())));
        QVERIFY(w->findChild<QLabel*>(QStringLiteral("logInfo"))->text().contains(QLocale().toString(5000)));
    }

    void finishedRunListsItsLogsOnce()
    {
        const QString runId = makeRun(false);
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("work/logs/eval.log")), "eval\n"));
        auto w = makeWidget(runId);
        QTRY_COMPARE(w->fileChoices(), (QStringList{"system/stdout.log", "system/stderr.log", LogViewWidget::combinedChoice(), "logs/eval.log"}));
        // A missing stdout is an empty log, not an error.
        QTRY_VERIFY(!w->isIndexing());
        QCOMPARE(w->lineCount(), 0);
        QVERIFY(w->visibleLines().isEmpty());
    }

    void hugeLineIsShownCapped()
    {
        const QString runId = makeRun(false);
        const QString log = runFile(runId, QStringLiteral("system/stdout.log"));
        QVERIFY(TestSupport::writeFile(log, "before\n"));
        QVERIFY(append(log, QByteArray(20 << 20, 'q')));
        QVERIFY(append(log, "\nafter\n"));
        auto w = makeWidget(runId);
        QTRY_COMPARE(w->lineCount(), 3);
        const QStringList shown = w->visibleLines();
        QCOMPARE(shown.size(), 3);
        QCOMPARE(shown[0], QStringLiteral("before"));
        QVERIFY(shown[1].size() < LogIndex::kMaxLineChars + 50);
        QVERIFY(shown[1].endsWith(QStringLiteral("more bytes]")));
        QCOMPARE(shown[2], QStringLiteral("after"));
        w->textView()->viewport()->repaint();
    }

    void followModeSeesAppendedLines()
    {
        const QString runId = makeRun(true);
        const QString log = runFile(runId, QStringLiteral("system/stdout.log"));
        QVERIFY(TestSupport::writeFile(log, numberedLines(0, 300)));
        auto w = makeWidget(runId);
        auto* follow = w->findChild<QToolButton*>(QStringLiteral("logFollowButton"));
        QVERIFY(follow->isChecked());
        QTRY_COMPARE(w->lineCount(), 300);
        QCOMPARE(w->visibleLines().last(), numbered(299));

        QVERIFY(append(log, numberedLines(300, 200)));
        QTRY_COMPARE(w->lineCount(), 500);
        QTRY_COMPARE(w->visibleLines().last(), numbered(499));

        // Scrolling up stops following; new lines then leave the view where the user put it.
        w->textView()->setFocus();
        QTest::keyClick(w->textView(), Qt::Key_PageUp);
        QVERIFY(!follow->isChecked());
        const qint64 first = w->firstVisibleLine();
        QVERIFY(append(log, numberedLines(500, 100)));
        QTRY_COMPARE(w->lineCount(), 600);
        QCOMPARE(w->firstVisibleLine(), first);

        // The toggle brings the view back to the end.
        QTest::mouseClick(follow, Qt::LeftButton);
        QVERIFY(w->isFollowing());
        QCOMPARE(w->visibleLines().last(), numbered(599));

        // An unfinished last line is shown and then grows in place.
        QVERIFY(append(log, "half a li"));
        QTRY_COMPARE(w->visibleLines().last(), QStringLiteral("half a li"));
        QVERIFY(append(log, "ne\nnext\n"));
        QTRY_COMPARE(w->visibleLines().last(), QStringLiteral("next"));
        QCOMPARE(w->visibleLines().at(w->visibleLines().size() - 2), QStringLiteral("half a line"));
    }

    void findNextAndPreviousMoveTheCurrentLine()
    {
        const QString runId = makeRun(false);
        QByteArray text = numberedLines(0, 3000);
        // Matches at lines 100, 1500 and 2900 (0-based).
        QList<int> matchLines{100, 1500, 2900};
        QByteArray all;
        const QList<QByteArray> lines = text.split('\n');
        for (int i = 0; i < 3000; ++i)
            all += (matchLines.contains(i) ? QByteArray("ERROR: disk full at step ") + QByteArray::number(i) : lines[i]) + '\n';
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/stdout.log")), all));
        auto w = makeWidget(runId);
        QTRY_COMPARE(w->lineCount(), 3000);
        auto* find = w->findChild<QLineEdit*>(QStringLiteral("logFindEdit"));
        auto* status = w->findChild<QLabel*>(QStringLiteral("logFindStatus"));

        // Ctrl+F focuses the find field.
        w->textView()->setFocus();
        QTest::keyClick(w->textView(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(find->hasFocus());
        QTest::keyClicks(find, QStringLiteral("disk full"));
        QTest::keyClick(find, Qt::Key_Return);
        QTRY_COMPARE(w->currentMatchLine(), 100);
        QTRY_VERIFY2(status->text().contains(QStringLiteral("3 matching lines")), qPrintable(status->text()));
        QVERIFY(status->text().contains(QStringLiteral("Line 101")));
        QVERIFY(w->visibleLines().contains(QStringLiteral("ERROR: disk full at step 100")));

        QTest::keyClick(find, Qt::Key_F3);
        QTRY_COMPARE(w->currentMatchLine(), 1500);
        // The match is scrolled into view.
        QVERIFY(w->firstVisibleLine() <= 1500 && 1500 < w->firstVisibleLine() + w->textView()->visibleLineCapacity());
        QTest::keyClick(find, Qt::Key_F3);
        QTRY_COMPARE(w->currentMatchLine(), 2900);
        QTest::keyClick(find, Qt::Key_F3);
        QTRY_COMPARE(w->currentMatchLine(), 100); // wrapped
        QTRY_VERIFY(status->text().contains(QStringLiteral("wrapped")));
        QTest::keyClick(find, Qt::Key_F3, Qt::ShiftModifier);
        QTRY_COMPARE(w->currentMatchLine(), 2900);
        QTest::mouseClick(w->findChild<QToolButton*>(QStringLiteral("logFindPrevious")), Qt::LeftButton);
        QTRY_COMPARE(w->currentMatchLine(), 1500);
        QTest::mouseClick(w->findChild<QToolButton*>(QStringLiteral("logFindNext")), Qt::LeftButton);
        QTRY_COMPARE(w->currentMatchLine(), 2900);

        QSignalSpy finished(w.get(), &LogViewWidget::searchFinished);
        find->selectAll();
        QTest::keyClicks(find, QStringLiteral("no such text"));
        QTest::keyClick(find, Qt::Key_Return);
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(status->text(), QStringLiteral("Not found"));
        // Escape leaves the find field for the text.
        QTest::keyClick(find, Qt::Key_Escape);
        QTRY_VERIFY(w->textView()->hasFocus());
    }

    void findMarkSitsOnTheMatchedText()
    {
        // A pixel size at which a character's advance is far from a whole pixel: column × rounded width then
        // misses the text by many pixels at column 60.
        QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        qreal advance = 0;
        for (int pixels = 11; pixels <= 24; ++pixels) {
            font.setPixelSize(pixels);
            advance = QFontMetricsF(font).horizontalAdvance(QLatin1Char('x'));
            const qreal fraction = advance - std::floor(advance);
            if (fraction > 0.25 && fraction < 0.75)
                break;
        }
        const qreal fraction = advance - std::floor(advance);
        QVERIFY2(fraction > 0.25 && fraction < 0.75, "no pixel size with a fractional advance in this font");

        const QString line = QString(60, QLatin1Char('x')) + QStringLiteral("needle and the rest");
        const QString runId = makeRun(false);
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/stdout.log")), "first line\n" + line.toUtf8() + "\nlast line\n"));
        auto w = makeWidget(runId);
        LogTextView* view = w->textView();
        view->setFont(font);
        QTRY_COMPARE(w->lineCount(), 3);
        auto* find = w->findChild<QLineEdit*>(QStringLiteral("logFindEdit"));
        find->setText(QStringLiteral("needle"));
        QTest::keyClick(find, Qt::Key_Return);
        QTRY_COMPARE(w->currentMatchLine(), 1);

        // Where the text engine puts the characters, measured independently of the view.
        QTextLayout layout(line, font);
        layout.beginLayout();
        const QTextLine textLine = layout.createLine();
        layout.endLayout();
        const qreal left = view->textLeft() + textLine.cursorToX(60);
        const qreal right = view->textLeft() + textLine.cursorToX(66);
        const QRectF mark = view->currentMatchRect();
        QVERIFY2(std::abs(mark.left() - left) < 1 && std::abs(mark.right() - right) < 1,
                 qPrintable(QStringLiteral("mark %1..%2, text %3..%4").arg(mark.left()).arg(mark.right()).arg(left).arg(right)));

        // And on screen: the solid mark covers the matched characters and nothing before or after them.
        view->viewport()->repaint();
        const QImage image = view->viewport()->grab().toImage();
        const QColor highlight = view->palette().color(QPalette::Highlight);
        const int y = int(mark.top()) + 1;
        const auto isMark = [&](qreal x) { return image.pixelColor(int(x), y) == highlight; };
        QVERIFY2(isMark(left + 1.5) && isMark((left + right) / 2) && isMark(right - 1.5), "the mark does not cover the match");
        QVERIFY2(!isMark(left - 3) && !isMark(right + 3), "the mark spills over the text around the match");
    }

    void toolbarLabelsAreNeverCutOff()
    {
        const QString runId = makeRun(false);
        QByteArray log;
        for (int i = 0; i < 120000; ++i)
            log += "step " + QByteArray::number(i) + " loss 0.25\n";
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/stdout.log")), log));
        // Narrower than the toolbar's labels need together: the Logs tab of a window on a small screen.
        constexpr int kNarrow = 480;
        QWidget host;
        auto* layout = new QVBoxLayout(&host);
        layout->setContentsMargins(0, 0, 0, 0);
        auto* w = new LogViewWidget(*m_ws, &host);
        layout->addWidget(w);
        host.resize(kNarrow, 400);
        host.show();
        QVERIFY(QTest::qWaitForWindowExposed(&host));
        w->setRun(runId);
        QTRY_COMPARE_WITH_TIMEOUT(w->lineCount(), 120000, 20000);
        auto* find = w->findChild<QLineEdit*>(QStringLiteral("logFindEdit"));
        find->setText(QStringLiteral("step 119999"));
        QTest::keyClick(find, Qt::Key_Return);
        QTRY_VERIFY(w->findStatus().contains(QStringLiteral("matching line")) && !w->findStatus().contains(QStringLiteral("Searching")));

        const auto labels = {w->findChild<QLabel*>(QStringLiteral("logInfo")), w->findChild<QLabel*>(QStringLiteral("logFindStatus"))};
        const auto check = [&](bool roomForAll) {
            QCoreApplication::processEvents(); // the layout takes the new texts' sizes
            for (QLabel* label : labels) {
                QVERIFY(label);
                const auto* eliding = qobject_cast<ElidingLabel*>(label);
                QVERIFY2(eliding, "a toolbar label that cannot shorten its text is cut off by a narrow window");
                if (roomForAll)
                    QTRY_VERIFY2(!eliding->isElided(), qPrintable(eliding->displayedText()));
                const QFontMetricsF metrics(label->font());
                const QString shown = eliding->displayedText();
                // It asks for its whole text; what it shows fits where it is, whole or ending in "…".
                QVERIFY(label->sizeHint().width() >= metrics.horizontalAdvance(label->text()));
                QVERIFY2(metrics.horizontalAdvance(shown) <= label->contentsRect().width() + 0.5, qPrintable(shown));
                QVERIFY2(shown == label->text() || shown.endsWith(QChar(0x2026)), qPrintable(shown));
                QVERIFY(label->geometry().right() < w->width());
            }
        };
        QVERIFY2(w->sizeHint().width() > kNarrow, "the toolbar fits whole: this check needs a narrower width");
        // The labels no longer widen the tab (and with it the window) past what it was given ...
        QVERIFY2(w->minimumSizeHint().width() <= kNarrow, qPrintable(QString::number(w->minimumSizeHint().width())));
        QCOMPARE(host.width(), kNarrow);
        check(false);
        if (QTest::currentTestFailed())
            return;
        // ... and with room they show everything.
        host.resize(1400, 400);
        QTRY_COMPARE(w->width(), 1400);
        check(true);
    }

    void copyPutsSelectedLinesOnTheClipboard()
    {
        const QString runId = makeRun(false);
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/stdout.log")), numberedLines(0, 100)));
        auto w = makeWidget(runId);
        QTRY_COMPARE(w->lineCount(), 100);
        LogTextView* view = w->textView();
        const int lineHeight = QFontMetrics(view->font()).lineSpacing();
        const int x = view->viewport()->width() / 2;
        // Click line 3, shift-click line 6: lines 3..6 (1-based 4..7) are selected.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, QPoint(x, 3 * lineHeight + lineHeight / 2));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, QPoint(x, 6 * lineHeight + lineHeight / 2));
        QCOMPARE(view->selectionFirst(), 3);
        QCOMPARE(view->selectionLast(), 6);
        QApplication::clipboard()->clear();
        view->setFocus();
        QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(),
                 QStringList({numbered(3), numbered(4), numbered(5), numbered(6)}).join(QLatin1Char('\n')) + QLatin1Char('\n'));

        // Select all and copy: the whole (small) log.
        QTest::keyClick(view, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text().toUtf8(), numberedLines(0, 100));
    }

    void fileChooserListsLogsAndSwitchesFiles()
    {
        const QString runId = makeRun(true);
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/stdout.log")), "out\n"));
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/stderr.log")), "partial err"));
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/git.diff")), "diff\n"));
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("work/logs/rank0.log")), numberedLines(0, 10, "rank0")));
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("work/logs/worker/rank1.log")), "r1\n"));
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("work/outputs/model.pkl")), "m"));
        auto w = makeWidget(runId);
        auto* chooser = w->findChild<QComboBox*>(QStringLiteral("logFileChooser"));
        const QStringList expected{QStringLiteral("system/stdout.log"), QStringLiteral("system/stderr.log"),
                                   LogViewWidget::combinedChoice(), QStringLiteral("logs/rank0.log"),
                                   QStringLiteral("logs/worker/rank1.log")};
        QTRY_COMPARE(w->fileChoices(), expected);
        QTRY_COMPARE(w->visibleLines(), QStringList{"out"});

        // Choosing in the combo box shows that file.
        chooser->setCurrentIndex(chooser->findText(QStringLiteral("logs/rank0.log")));
        QCOMPARE(w->currentFile(), QStringLiteral("logs/rank0.log"));
        QTRY_COMPARE(w->lineCount(), 10);
        QCOMPARE(w->visibleLines().first(), numbered(0, "rank0"));

        chooser->setCurrentIndex(chooser->findText(QStringLiteral("system/stderr.log")));
        QTRY_COMPARE(w->visibleLines(), QStringList{"partial err"});
        QVERIFY(append(runFile(runId, QStringLiteral("system/stderr.log")), "or\n"));
        QTRY_COMPARE(w->visibleLines(), QStringList{"partial error"});

        // A log created while the run is live joins the list, the current choice stays.
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("work/logs/rank2.log")), "r2\n"));
        QTRY_VERIFY_WITH_TIMEOUT(w->fileChoices().contains(QStringLiteral("logs/rank2.log")), 10000);
        QCOMPARE(chooser->currentText(), QStringLiteral("system/stderr.log"));
        QCOMPARE(w->currentFile(), QStringLiteral("system/stderr.log"));
    }

    void everyControlHasAnAccessibleName()
    {
        const QString runId = makeRun(false);
        auto w = makeWidget(runId);
        const QList<QWidget*> children = w->findChildren<QWidget*>();
        int checked = 0;
        for (QWidget* child : children) {
            if (!qobject_cast<QComboBox*>(child) && !qobject_cast<QToolButton*>(child) && !qobject_cast<QLineEdit*>(child)
                && !qobject_cast<LogTextView*>(child))
                continue;
            if (child->parent() != w.get())
                continue; // parts of a control (the combo box's own line edit, scroll bars)
            QVERIFY2(!child->accessibleName().isEmpty(), qPrintable(child->objectName()));
            ++checked;
        }
        QCOMPARE(checked, 7);
    }

    // A run that is not distributed has one rank: no picker.
    void rankPickerIsOnlyOfferedForDistributedRuns()
    {
        const QString runId = makeRun(false);
        auto w = makeWidget(runId);
        auto* picker = w->findChild<QComboBox*>(QStringLiteral("logRankChooser"));
        QVERIFY(picker);
        QVERIFY(!picker->isVisible());
        QVERIFY(!w->hasRankPicker());
    }

    // Each rank's stdout and stderr through the picker; the chooser offers the chosen rank's streams, the
    // launcher's log among the others, and never the other ranks' files.
    void rankPickerShowsEachRanksLogs()
    {
        Estimator estimator;
        estimator.distributedTraining = QStringLiteral("mpi");
        estimator.nodeCount = 1;
        estimator.processCountPerNode = 3;
        const QString runId = makeRun(false, estimator);
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/stdout.log")), "rank 0 out\n"));
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/stderr.log")), "rank 0 err\n"));
        QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/launcher.log")), "mpirun says\n"));
        for (int rank = 1; rank < 3; ++rank) {
            QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/ranks/%1/stdout.log").arg(rank)),
                                           QStringLiteral("rank %1 out\n").arg(rank).toUtf8()));
            QVERIFY(TestSupport::writeFile(runFile(runId, QStringLiteral("system/ranks/%1/stderr.log").arg(rank)),
                                           QStringLiteral("rank %1 err\n").arg(rank).toUtf8()));
        }
        auto w = makeWidget(runId);
        auto* picker = w->findChild<QComboBox*>(QStringLiteral("logRankChooser"));
        auto* chooser = w->findChild<QComboBox*>(QStringLiteral("logFileChooser"));
        QVERIFY(picker->isVisible());
        QVERIFY(w->hasRankPicker());
        QCOMPARE(picker->count(), 3);
        QCOMPARE(picker->itemText(2), QStringLiteral("Rank 2"));
        QTRY_COMPARE(w->fileChoices(), (QStringList{"system/stdout.log", "system/stderr.log", LogViewWidget::combinedChoice(), "system/launcher.log"}));
        QTRY_COMPARE(w->visibleLines(), QStringList{"rank 0 out"});

        picker->setCurrentIndex(2);
        QCOMPARE(w->currentRank(), 2);
        QCOMPARE(w->currentFile(), QStringLiteral("system/ranks/2/stdout.log"));
        QTRY_COMPARE(w->visibleLines(), QStringList{"rank 2 out"});
        QCOMPARE(w->fileChoices(), (QStringList{"system/ranks/2/stdout.log", "system/ranks/2/stderr.log", LogViewWidget::combinedChoice(), "system/launcher.log"}));

        // The stream chosen stays when the rank changes.
        chooser->setCurrentIndex(chooser->findText(QStringLiteral("system/ranks/2/stderr.log")));
        QTRY_COMPARE(w->visibleLines(), QStringList{"rank 2 err"});
        picker->setCurrentIndex(1);
        QCOMPARE(w->currentFile(), QStringLiteral("system/ranks/1/stderr.log"));
        QTRY_COMPARE(w->visibleLines(), QStringList{"rank 1 err"});
        picker->setCurrentIndex(0);
        QCOMPARE(w->currentFile(), QStringLiteral("system/stderr.log"));
        QTRY_COMPARE(w->visibleLines(), QStringList{"rank 0 err"});

        chooser->setCurrentIndex(chooser->findText(QStringLiteral("system/launcher.log")));
        QTRY_COMPARE(w->visibleLines(), QStringList{"mpirun says"});
        // From another log, a rank shows its stdout.
        w->setCurrentRank(1);
        QCOMPARE(w->currentFile(), QStringLiteral("system/ranks/1/stdout.log"));
        QTRY_COMPARE(w->visibleLines(), QStringList{"rank 1 out"});
        // The list, refreshed once the run is seen ended, keeps to the chosen rank.
        QTRY_VERIFY(!w->fileChoices().contains(QStringLiteral("system/ranks/2/stdout.log")));
        QCOMPARE(w->fileChoices().value(0), QStringLiteral("system/ranks/1/stdout.log"));
    }

    void eventLoopStaysResponsiveWhileFollowing20MBps()
    {
        const QString runId = makeRun(true);
        const QString log = runFile(runId, QStringLiteral("system/stdout.log"));
        QVERIFY(TestSupport::writeFile(log, ""));
        auto w = makeWidget(runId);
        QVERIFY(w->isFollowing());

        // ~100-byte lines, 20 MB/s for 2 s, written in 1 MB pieces every 50 ms.
        QByteArray piece;
        int linesPerPiece = 0;
        while (piece.size() < (1 << 20) - 100) {
            QByteArray line = "step " + QByteArray::number(linesPerPiece) + " loss 0.123456 lr 0.001 ";
            line += QByteArray(99 - line.size(), '.') + '\n';
            piece += line;
            ++linesPerPiece;
        }
        constexpr int pieces = 40;
        std::atomic_bool writing{true};
        std::thread writer([&] {
            QFile f(log);
            f.open(QIODevice::WriteOnly | QIODevice::Append);
            QElapsedTimer clock;
            clock.start();
            for (int i = 0; i < pieces; ++i) {
                f.write(piece);
                f.flush();
                const qint64 due = (i + 1) * 50;
                while (clock.elapsed() < due)
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            writing = false;
        });

        QElapsedTimer gap;
        gap.start();
        qint64 maxGap = 0;
        int ticks = 0;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&] {
            maxGap = std::max(maxGap, gap.restart());
            ++ticks;
        });
        gap.restart();
        ticker.start();
        while (writing)
            QTest::qWait(20);
        writer.join();
        const qint64 expectedLines = qint64(pieces) * linesPerPiece;
        QTRY_COMPARE_WITH_TIMEOUT(w->lineCount(), expectedLines, 10000);
        ticker.stop();
        qInfo("max event-loop gap while following 20 MB/s: %lld ms over %d ticks (target < 50 ms)", maxGap, ticks);
        QCOMPARE(w->visibleLines().last(), QString::fromUtf8(piece.split('\n').at(linesPerPiece - 1)));
        QVERIFY(w->isFollowing());
        // Generous on a loaded shared machine; the benchmark reports the real figure against the 50 ms target.
        QVERIFY2(maxGap < 150, qPrintable(QString::number(maxGap)));
    }
};

QTEST_MAIN(TestLogViewWidget)
#include "TestLogViewWidget.moc"
