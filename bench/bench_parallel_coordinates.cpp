// The compare page's parallel coordinates with 10,000 runs over 6 columns (5% of the values missing), in a
// 1200x700 view on the offscreen platform, rendered into a QImage as the screen would draw it. Each round
// times the baseline, then every subject:
//   baseline:  the minimal drawing: filling the same image and QPainter::drawLines of the same 50,000
//              segments (the view's own projection) with one cosmetic pen.
//   redraw:    a new table (setTable: scales, projection, selection) and a render, which re-renders the
//              lines layer. Target <= 50 ms.
//   resize:    a width change and a render (projection and lines again).
//   brushing:  a real mouse move of a drag on an axis (the brush and the selection follow it) and a render.
//   repaint:   a render with nothing changed (the cached lines layer, then the axes and brushes).
// Figures are medians of the per-round values; the ratio is the median of the per-round ratios.
#include "BenchSupport.h"
#include "compare/ParallelCoordinatesView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <limits>
#include <vector>

using BenchSupport::PairedRounds;

namespace {

PlotTable generateTable(int runs)
{
    PlotTable table;
    table.axisKeys = {QStringLiteral("params.lr"),           QStringLiteral("params.batch_size"),
                      QStringLiteral("params.dropout"),      QStringLiteral("metrics.loss.min"),
                      QStringLiteral("metrics.val_acc.max"), QStringLiteral("metrics.epoch_time.last")};
    table.values.resize(table.axisKeys.size());
    for (auto& column : table.values)
        column.resize(runs);
    auto uniform = [] { return double(BenchSupport::nextRandom() % 1000000) / 1e6; };
    for (int run = 0; run < runs; ++run) {
        table.runIds.append(QStringLiteral("run-%1").arg(run, 5, 10, QLatin1Char('0')));
        table.runLabels.append(QStringLiteral("trial %1").arg(run));
        const double lr = std::pow(10.0, -4 + 3 * uniform());
        table.values[0][run] = lr;
        table.values[1][run] = double(16 << (BenchSupport::nextRandom() % 5));
        table.values[2][run] = 0.5 * uniform();
        table.values[3][run] = 0.2 + std::abs(std::log10(lr) + 2.5) * 0.3 + 0.2 * uniform();
        table.values[4][run] = 0.95 - table.values[3][run] * 0.3 + 0.05 * uniform();
        table.values[5][run] = 10 + table.values[1][run] * 0.1 + uniform();
        for (int axis = 0; axis < table.axisCount(); ++axis)
            if (BenchSupport::nextRandom() % 100 < 5)
                table.values[axis][run] = std::numeric_limits<double>::quiet_NaN();
    }
    return table;
}

void render(QWidget& view, QImage& image)
{
    image.fill(Qt::transparent);
    QPainter painter(&image);
    view.render(&painter);
}

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

// Wall time, and in `cpuMs` the CPU time of this thread: on a busy machine the wall time also counts the
// time other processes held the core, the CPU time only the work itself.
double timeMs(const std::function<void()>& work, std::vector<double>* cpuMs = nullptr)
{
    const double cpuStart = threadCpuMs();
    QElapsedTimer timer;
    timer.start();
    work();
    const double wall = timer.nsecsElapsed() / 1e6;
    if (cpuMs)
        cpuMs->push_back(threadCpuMs() - cpuStart);
    return wall;
}

void report(const char* label, const PairedRounds& rounds, const std::vector<double>& cpuMs, double targetMs,
            bool* allMet)
{
    const bool met = targetMs <= 0 || rounds.medianSubject() <= targetMs;
    *allMet = *allMet && met;
    std::printf("%-10s %8.2f ms (CPU %.2f ms)  %5.2fx baseline (%.2f ms)", label, rounds.medianSubject(),
                BenchSupport::median(cpuMs), rounds.medianRatio(), rounds.medianBaseline());
    if (targetMs > 0)
        std::printf("  target <= %.0f ms%s", targetMs, met ? "" : "  MISSED");
    std::printf("  %s\n", qPrintable(rounds.ratios()));
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::printf("bench_parallel_coordinates: start; %s\n", qPrintable(BenchSupport::machineLoad()));
    BenchSupport::Options options;
    options.runCount = 10000;
    options.repeats = 7;
    if (!BenchSupport::parseOptions(app.arguments(), &options, false,
                                    "usage: bench_parallel_coordinates [--runs N] [--repeats N]"))
        return 2;
    if (options.runCount < 2 || options.repeats < 5) {
        std::fprintf(stderr,
                     "bench_parallel_coordinates: --runs must be at least 2 and --repeats at least 5\n");
        return 2;
    }

    const PlotTable table = generateTable(options.runCount);
    // A child of a window, so that its resizes reach it at once rather than through the platform window.
    QWidget window;
    window.resize(1220, 720);
    ParallelCoordinatesView view(&window);
    view.setGeometry(0, 0, 1200, 700);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) {
        std::fprintf(stderr, "bench_parallel_coordinates: !!! the view was never exposed\n");
        return 1;
    }
    view.setTable(table);
    const qreal ratio = view.devicePixelRatioF();
    QImage image(view.size() * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    render(view, image);

    // The baseline's segments: the view's own projection of every run.
    QVector<QLineF> segments;
    segments.reserve(qsizetype(table.runCount()) * (table.axisCount() - 1));
    for (int run = 0; run < table.runCount(); ++run)
        for (int axis = 0; axis + 1 < table.axisCount(); ++axis)
            segments.append(QLineF(view.axisX(axis), view.valueToY(axis, table.value(axis, run)),
                                   view.axisX(axis + 1),
                                   view.valueToY(axis + 1, table.value(axis + 1, run))));
    QImage baselineImage(image.size(), image.format());
    baselineImage.setDevicePixelRatio(ratio);
    auto baseline = [&] {
        return timeMs([&] {
            baselineImage.fill(Qt::white);
            QPainter painter(&baselineImage);
            painter.setPen(QPen(QColor(0, 0, 0, 20), 0));
            painter.drawLines(segments.constData(), int(segments.size()));
        });
    };

    // A drag on the loss axis; each round moves its end to a new place, one mouse move a round timed.
    const int brushAxis = 3;
    const QPoint dragStart(view.axisX(brushAxis), view.axisTop() + 20);
    PairedRounds redraw, resize, brushing, repaint;
    std::vector<double> redrawCpu, resizeCpu, brushingCpu, repaintCpu;
    int selectedAtEnd = 0;
    for (int round = 0; round < options.repeats; ++round) {
        // One baseline a round for all four subjects: QPainter takes seconds for it on a busy machine.
        const double baselineMs = baseline();
        redraw.add(baselineMs, timeMs(
                                   [&] {
                                       view.setTable(table);
                                       render(view, image);
                                   },
                                   &redrawCpu));
        resize.add(baselineMs, timeMs(
                                   [&] {
                                       view.resize(round % 2 == 0 ? 1199 : 1200, 700);
                                       render(view, image);
                                   },
                                   &resizeCpu));
        QTest::mousePress(&view, Qt::LeftButton, {}, dragStart);
        QTest::mouseMove(&view, dragStart + QPoint(0, 60)); // past the drag threshold: the brush exists
        render(view, image);
        const QPoint end = dragStart + QPoint(0, 120 + 25 * round);
        brushing.add(baselineMs, timeMs(
                                     [&] {
                                         QTest::mouseMove(&view, end);
                                         render(view, image);
                                     },
                                     &brushingCpu));
        QTest::mouseRelease(&view, Qt::LeftButton, {}, end);
        selectedAtEnd = int(view.selectedRunIds().size());
        repaint.add(baselineMs, timeMs([&] { render(view, image); }, &repaintCpu));
        QCoreApplication::processEvents(); // the paints the changes scheduled, outside the timed parts
    }

    if (qEnvironmentVariableIsSet("BENCH_PARALLEL_PNG"))
        image.save(qEnvironmentVariable("BENCH_PARALLEL_PNG"));

    if (view.brushes().size() != 1 || selectedAtEnd <= 0 || selectedAtEnd >= table.runCount()) {
        std::fprintf(
            stderr,
            "bench_parallel_coordinates: !!! the drag did not brush a part of the runs (%d selected)\n",
            selectedAtEnd);
        return 1;
    }
    std::printf(
        "parallel coordinates: %d runs x %d axes, view %dx%d, %lld segments; %d rounds; the last brush "
        "selects %d runs\n",
        table.runCount(), table.axisCount(), view.width(), view.height(),
        static_cast<long long>(segments.size()), options.repeats, selectedAtEnd);
    bool allMet = true;
    report("redraw", redraw, redrawCpu, 50, &allMet);
    report("resize", resize, resizeCpu, 50, &allMet);
    report("brushing", brushing, brushingCpu, 50, &allMet);
    report("repaint", repaint, repaintCpu, 0, &allMet);
    std::printf("bench_parallel_coordinates: end; %s\n", qPrintable(BenchSupport::machineLoad()));
    return allMet ? 0 : 1;
}
