// bench_log_open: the Logs tab opening a 1 GiB log (~100-byte lines) of a finished run, against counting the
// file's lines in the same run (`wc -l`, and a plain 4 MiB-chunk memchr loop), then following a run that
// writes 20 MB/s.
//   first screen: LogViewWidget::setRun until the view shows its first lines.   target < 1000 ms
//   full index:   until every byte is indexed (lines numbered to the end); ratio to the memchr count.
//   memory:       peak RSS (VmHWM) increase over the whole open.                 target < 64 MiB
//   jumps:        scroll to line N/2 and to the last line, including the repaint.  target < 50 ms each
//   find:         a text on the last line, searched from line 0 (a full scan of the file's bytes).
//   follow:       the longest gap between 10 ms timer ticks on the GUI thread while a writer thread appends
//                 20 MB/s for 3 s and the view follows the end.                 target < 50 ms
// The file is written to a QTemporaryDir (under $TMPDIR, 1 GiB free needed) and removed at the end, so it
// sits in the page cache: these are warm-cache figures.
//
// Usage: bench_log_open [--size-mib N] [--keep]
#include "BenchSupport.h"
#include "logs/LogTextView.h"
#include "logs/LogViewWidget.h"
#include "run/RunStore.h"
#include "workspace/Workspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

namespace {

bool g_failed = false;

qint64 statusKiB(const char* field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(std::strlen(field))).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

void report(const char* name, double value, const char* unit, double target, const QString& extra = {})
{
    const bool missed = target > 0 && value >= target;
    std::printf("%s: %.1f %s%s%s%s\n", name, value, unit, extra.isEmpty() ? "" : "  ", qPrintable(extra),
                target > 0 ? qPrintable(QStringLiteral("  target < %1 %2").arg(target).arg(QLatin1String(unit))) : "");
    if (missed) {
        std::printf("  MISSED\n");
        g_failed = true;
    }
    std::fflush(stdout);
}

void broken(const QString& what)
{
    std::printf("!!! %s\n", qPrintable(what));
    std::fflush(stdout);
    g_failed = true;
}

QByteArray lineText(qint64 i)
{
    QByteArray line = "2024-05-01 12:00:00 step " + QByteArray::number(i) + " | loss 0.4321 | lr 1.0e-03 | tokens/s 12345.6 ";
    line += QByteArray(std::max<int>(0, 99 - line.size()), '.');
    return line + '\n';
}

// Writes about `bytes` of numbered lines; returns the line count.
qint64 writeLog(const QString& path, qint64 bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return -1;
    QByteArray block;
    qint64 written = 0;
    qint64 lines = 0;
    while (written < bytes) {
        block.clear();
        while (block.size() < (4 << 20) && written + block.size() < bytes)
            block += lineText(lines++);
        if (f.write(block) != block.size())
            return -1;
        written += block.size();
    }
    return lines;
}

qint64 memchrLineCount(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return -1;
    std::vector<char> buffer(4 << 20);
    qint64 count = 0;
    for (qint64 got; (got = f.read(buffer.data(), qint64(buffer.size()))) > 0;) {
        const char* p = buffer.data();
        const char* end = p + got;
        while ((p = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p))))) {
            ++count;
            ++p;
        }
    }
    return count;
}

template <typename Predicate>
bool waitUntil(Predicate done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

QString makeRun(const Workspace& ws, bool live)
{
    RunRecord run;
    run.experiment = QStringLiteral("bench");
    run.computeTarget = QStringLiteral("local");
    QString error;
    RunStore store(ws);
    if (!store.insert(run, &error))
        return {};
    store.transition(run.id, {RunStatus::Queued}, RunStatus::Running);
    if (!live)
        store.finish(run.id, RunStatus::Completed, 0, {});
    return run.id;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::printf("bench_log_open: start; %s\n", qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    const QStringList args = app.arguments();
    qint64 sizeMiB = 1024;
    if (const int i = int(args.indexOf(QStringLiteral("--size-mib"))); i >= 0 && i + 1 < args.size())
        sizeMiB = args[i + 1].toLongLong();
    QTemporaryDir dir;
    dir.setAutoRemove(!args.contains(QStringLiteral("--keep")));
    QString error;
    const std::optional<Workspace> ws = Workspace::open(dir.path() + QStringLiteral("/ws"), &error);
    if (!ws) {
        broken(error);
        return 1;
    }
    const QString runId = makeRun(*ws, false);
    const QString log = ws->runDir(runId) + QStringLiteral("/system/stdout.log");
    QDir().mkpath(ws->runDir(runId) + QStringLiteral("/system"));
    QElapsedTimer t;
    t.start();
    const qint64 lines = writeLog(log, sizeMiB << 20);
    if (lines <= 0) {
        broken(QStringLiteral("cannot write %1").arg(log));
        return 1;
    }
    std::printf("generated %lld MiB, %lld lines in %lld ms (%s)\n", sizeMiB, lines, t.elapsed(), qPrintable(log));

    // Baselines: counting the lines, which any line index has to do at least once.
    t.restart();
    QProcess wc;
    wc.start(QStringLiteral("wc"), {QStringLiteral("-l"), log});
    wc.waitForFinished(120000);
    const double wcMs = t.nsecsElapsed() / 1e6;
    const qint64 wcLines = QString::fromUtf8(wc.readAllStandardOutput()).section(QLatin1Char(' '), 0, 0).toLongLong();
    t.restart();
    const qint64 memchrLines = memchrLineCount(log);
    const double memchrMs = t.nsecsElapsed() / 1e6;
    if (wcLines != lines || memchrLines != lines)
        broken(QStringLiteral("baseline line counts %1 / %2, expected %3").arg(wcLines).arg(memchrLines).arg(lines));

    // The widget, shown at a usual size.
    LogViewWidget widget(*ws);
    widget.resize(1200, 800);
    widget.show();
    QCoreApplication::processEvents();
    const qint64 peakBefore = statusKiB("VmHWM:");

    t.restart();
    widget.setRun(runId);
    if (!waitUntil([&] { return !widget.visibleLines().isEmpty(); }, 10000))
        broken(QStringLiteral("no first screen after 10 s"));
    widget.textView()->viewport()->repaint();
    const double firstScreenMs = t.nsecsElapsed() / 1e6;
    if (widget.visibleLines().value(0) != QString::fromUtf8(lineText(0)).trimmed())
        broken(QStringLiteral("first line reads \"%1\"").arg(widget.visibleLines().value(0)));
    if (!waitUntil([&] { return !widget.isIndexing() && widget.lineCount() == lines; }, 120000))
        broken(QStringLiteral("index incomplete after 120 s: %1 of %2 lines").arg(widget.lineCount()).arg(lines));
    const double fullIndexMs = t.nsecsElapsed() / 1e6;
    const qint64 peakAfter = statusKiB("VmHWM:");

    report("log_open_1GiB_first_screen", firstScreenMs, "ms", 1000);
    report("log_open_1GiB_full_index", fullIndexMs, "ms", 0,
           QStringLiteral("%1x memchr line count (%2 ms), %3x `wc -l` (%4 ms)")
               .arg(fullIndexMs / memchrMs, 0, 'f', 2)
               .arg(memchrMs, 0, 'f', 0)
               .arg(fullIndexMs / wcMs, 0, 'f', 2)
               .arg(wcMs, 0, 'f', 0));
    report("log_open_1GiB_peak_rss_increase", (peakAfter - peakBefore) / 1024.0, "MiB", 64,
           QStringLiteral("(file %1 MiB)").arg(sizeMiB));

    auto jump = [&](qint64 line, const char* name) {
        QElapsedTimer j;
        j.start();
        widget.scrollToLine(line);
        const QStringList shown = widget.visibleLines();
        widget.textView()->viewport()->repaint();
        const double ms = j.nsecsElapsed() / 1e6;
        const qint64 first = widget.firstVisibleLine();
        if (shown.isEmpty() || shown.first() != QString::fromUtf8(lineText(first)).trimmed())
            broken(QStringLiteral("%1: line %2 shows \"%3\"").arg(QLatin1String(name)).arg(first).arg(shown.value(0)));
        report(name, ms, "ms", 50);
    };
    jump(lines / 2, "log_jump_to_middle_line");
    jump(lines - 1, "log_jump_to_last_line");
    jump(lines / 3 + 17, "log_jump_to_third_line");

    // Find a text only the last line holds, from the top: a scan of every byte.
    {
        const QString needle = QStringLiteral("step %1 |").arg(lines - 1);
        LogIndex index(log);
        index.update();
        QElapsedTimer f;
        f.start();
        const LogMatch m = index.find(needle, 0, true);
        const double findMs = f.nsecsElapsed() / 1e6;
        if (m.line != lines - 1)
            broken(QStringLiteral("find returned line %1, expected %2").arg(m.line).arg(lines - 1));
        report("log_find_last_line_1GiB", findMs, "ms", 0, QStringLiteral("%1x memchr line count").arg(findMs / memchrMs, 0, 'f', 2));
    }

    // Following a run that writes 20 MB/s.
    {
        const QString liveRun = makeRun(*ws, true);
        const QString liveLog = ws->runDir(liveRun) + QStringLiteral("/system/stdout.log");
        QDir().mkpath(ws->runDir(liveRun) + QStringLiteral("/system"));
        QFile(liveLog).open(QIODevice::WriteOnly);
        widget.setRun(liveRun);
        if (!widget.isFollowing())
            broken(QStringLiteral("a live run's log does not follow by default"));
        QByteArray piece;
        qint64 linesPerPiece = 0;
        while (piece.size() < (1 << 20) - 100)
            piece += lineText(linesPerPiece++);
        constexpr int kPieces = 60; // 1 MiB every 50 ms for 3 s
        std::atomic_bool writing{true};
        std::thread writer([&] {
            QFile f(liveLog);
            f.open(QIODevice::WriteOnly | QIODevice::Append);
            QElapsedTimer clock;
            clock.start();
            for (int i = 0; i < kPieces; ++i) {
                f.write(piece);
                f.flush();
                while (clock.elapsed() < (i + 1) * 50)
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            writing = false;
        });
        QElapsedTimer gap;
        qint64 maxGap = 0;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(10);
        QObject::connect(&ticker, &QTimer::timeout, &app, [&] { maxGap = std::max(maxGap, gap.restart()); });
        gap.start();
        ticker.start();
        waitUntil([&] { return !writing; }, 60000);
        writer.join();
        const bool caughtUp = waitUntil([&] { return widget.lineCount() == kPieces * linesPerPiece; }, 10000);
        ticker.stop();
        if (!caughtUp)
            broken(QStringLiteral("follow: %1 of %2 lines shown").arg(widget.lineCount()).arg(kPieces * linesPerPiece));
        report("log_follow_20MBps_max_event_loop_gap", double(maxGap), "ms", 50,
               QStringLiteral("(10 ms timer; %1 MiB appended over 3 s)").arg(kPieces));
    }
    return g_failed ? 1 : 0;
}
