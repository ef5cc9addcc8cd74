// Metrics-tab redraw of a 1,000,000-point series, against a baseline measured in the same run.
//   redraw:   MetricsChartWidget (1200x800, offscreen) asked for a new x range of the 1M-point series: the
//             worker's downsample query (MetricReader::downsampled, one bucket per plot pixel, each bucket's
//             min and max kept so spikes survive), the QLineSeries::replace and a render of the chart into a
//             QImage.
//   baseline: a plain QChart of the same size with a 2,000-point series already in memory: replace + render.
//   Rounds are paired: each round times the baseline, then the redraw right after it, so that background
//   load hits both alike; the figures are the medians over 10 rounds (redraw, baseline, per-round ratio).
//   naive:    building a QLineSeries by appending all 1M points one by one and rendering it once (what the
//             downsampling avoids), timed once.
// Target: redraw under 50 ms (the program exits 1 when missed).
#include "BenchSupport.h"
#include "metrics/MetricChartView.h"
#include "metrics/MetricSeriesLoader.h"
#include "metrics/MetricStore.h"
#include "metrics/MetricsChartWidget.h"
#include "run/RunStore.h"
#include "workspace/Workspace.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QImage>
#include <QLineSeries>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QTemporaryDir>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using BenchSupport::median;

namespace {

double valueAt(int i)
{
    return 2.0 / (1 + i * 1e-4) + 0.05 * std::sin(i * 0.01) + (i % 99991 == 0 ? 5.0 : 0.0);
}

// Renders the whole view at its current size (the image follows the view's size).
void render(QChartView* view, QImage& image)
{
    const QSize pixels = view->size() * view->devicePixelRatio();
    if (image.size() != pixels) {
        image = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(view->devicePixelRatio());
    }
    image.fill(Qt::transparent);
    QPainter painter(&image);
    view->render(&painter);
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::printf("bench_chart_redraw: start; %s\n", qPrintable(BenchSupport::machineLoad()));
    std::fflush(stdout);
    constexpr int kPoints = 1000000;
    constexpr int kRepeats = 10;
    QTemporaryDir dir;
    QString error;
    std::optional<Workspace> workspace = Workspace::open(dir.filePath(QStringLiteral("ws")), &error);
    if (!workspace) {
        std::fprintf(stderr, "cannot open the workspace: %s\n", qPrintable(error));
        return 1;
    }
    RunRecord run;
    run.experiment = QStringLiteral("bench");
    run.computeTarget = QStringLiteral("local");
    if (!RunStore(*workspace).insert(run, &error)) {
        std::fprintf(stderr, "cannot insert the run: %s\n", qPrintable(error));
        return 1;
    }
    {
        MetricStore store(workspace->runDir(run.id) + QStringLiteral("/metrics"));
        for (int i = 0; i < kPoints; ++i)
            store.append(QStringLiteral("loss"), i, valueAt(i), 1.7e9 + i * 0.01);
    }

    MetricsChartWidget widget(*workspace);
    widget.setPollInterval(3600 * 1000); // only the redraws we ask for
    widget.resize(1200, 800);
    widget.show();
    QSignalSpy updated(&widget, &MetricsChartWidget::chartsUpdated);
    widget.setRuns({run.id});
    while (widget.seriesPoints(QStringLiteral("loss"), run.id).isEmpty() || widget.isFetching())
        updated.wait(10000);
    MetricChartView* view = widget.chartView(QStringLiteral("loss"));
    for (int i = 0; i < 100 && view->width() < 400; ++i) // the first layout pass sizes the chart
        QTest::qWait(10);
    QImage image;
    render(view, image);

    // The baseline's chart: a plain chart of the same size with 2,000 in-memory points.
    auto* plainChart = new QChart;
    plainChart->setAnimationOptions(QChart::NoAnimation);
    auto* plainSeries = new QLineSeries;
    plainChart->addSeries(plainSeries);
    plainChart->createDefaultAxes();
    QChartView plain(plainChart);
    plain.setRenderHint(QPainter::Antialiasing, true);
    plain.resize(view->size());
    plain.show();
    QList<QPointF> plainPoints;
    for (int i = 0; i < 2000; ++i)
        plainPoints.append(QPointF(i * 500.0, valueAt(i * 500)));
    plainChart->axes(Qt::Horizontal).first()->setRange(0, kPoints);
    plainChart->axes(Qt::Vertical).first()->setRange(0, 7);
    QImage plainImage;
    render(&plain, plainImage);

    // Redraw: a new visible range each time (nearly everything), so the worker really re-reads the series.
    BenchSupport::PairedRounds rounds;
    qsizetype drawnPoints = 0;
    std::vector<double> renderAfterReplaceMs;
    for (int r = 0; r < kRepeats; ++r) {
        plainPoints[r].setY(plainPoints[r].y() + 0.001); // a different series each time
        QElapsedTimer b;
        b.start();
        plainSeries->replace(plainPoints);
        render(&plain, plainImage);
        const double baselineMs = b.nsecsElapsed() / 1e6;

        updated.clear();
        QElapsedTimer t;
        t.start();
        widget.zoomToRange(QStringLiteral("loss"), r, kPoints - 1 - r);
        while (updated.isEmpty() || widget.isFetching())
            updated.wait(10000);
        const double drawnAt = t.nsecsElapsed() / 1e6;
        render(view, image);
        const double redrawMs = t.nsecsElapsed() / 1e6;
        rounds.add(baselineMs, redrawMs);
        renderAfterReplaceMs.push_back(redrawMs - drawnAt);
        drawnPoints = widget.seriesPoints(QStringLiteral("loss"), run.id).size();
    }
    // Reset zoom = the full range, downsampled; the same path.
    std::vector<double> resetMs;
    for (int r = 0; r < kRepeats; ++r) {
        widget.zoomToRange(QStringLiteral("loss"), 1000 + r, 2000 + r); // small range: real points
        while (updated.isEmpty() || widget.isFetching())
            updated.wait(10000);
        updated.clear();
        QElapsedTimer t;
        t.start();
        widget.resetZoom();
        while (updated.isEmpty() || widget.isFetching())
            updated.wait(10000);
        render(view, image);
        resetMs.push_back(t.nsecsElapsed() / 1e6);
    }

    // BENCH_CHART_PNG=path keeps the last redraw, to see what was measured.
    if (qEnvironmentVariableIsSet("BENCH_CHART_PNG"))
        image.save(qEnvironmentVariable("BENCH_CHART_PNG"));

    // The parts of a redraw, measured alone: the worker's query, and a render of the unchanged chart.
    std::vector<double> queryMs;
    std::vector<double> renderMs;
    {
        MetricSeriesLoader loader(*workspace);
        for (int r = 0; r < kRepeats; ++r) {
            MetricFetchRequest request;
            request.runIds = {run.id};
            request.refresh = false;
            request.buckets.insert(QStringLiteral("loss"), view->plotWidth());
            request.ranges.insert(QStringLiteral("loss"), MetricXRange{double(r), double(kPoints - 1 - r)});
            QElapsedTimer t;
            t.start();
            const MetricFetchResult result = loader.fetch(request);
            if (r > 0) // the first fetch also counts the series' NaN/inf values once
                queryMs.push_back(t.nsecsElapsed() / 1e6);
        }
        for (int r = 0; r < kRepeats; ++r) {
            QElapsedTimer t;
            t.start();
            render(view, image);
            renderMs.push_back(t.nsecsElapsed() / 1e6);
        }
    }

    // Naive: all 1M points into one series, with no downsampling. The append loop runs before the series
    // joins a chart (appending to a charted series redraws per point and takes minutes), then one render.
    double naiveAppendMs = 0;
    double naiveRenderMs = 0;
    {
        auto* chart = new QChart;
        chart->setAnimationOptions(QChart::NoAnimation);
        QChartView plain(chart);
        plain.setRenderHint(QPainter::Antialiasing, true);
        plain.resize(view->size());
        plain.show();
        QElapsedTimer t;
        t.start();
        auto* series = new QLineSeries;
        for (int i = 0; i < kPoints; ++i)
            series->append(i, valueAt(i));
        naiveAppendMs = t.nsecsElapsed() / 1e6;
        t.restart();
        chart->addSeries(series);
        chart->createDefaultAxes();
        render(&plain, image);
        naiveRenderMs = t.nsecsElapsed() / 1e6;
    }

    const double redraw = rounds.medianSubject();
    const double reset = median(resetMs);
    const double baseline = rounds.medianBaseline();
    std::printf("chart redraw, 1,000,000-point series, view %dx%d, plot width %d px, %lld points drawn\n",
                view->width(), view->height(), view->plotWidth(), static_cast<long long>(drawnPoints));
    std::printf(
        "  redraw (downsample query + replace + render), median of %d: %8.2f ms  (target <= 50 ms: %s)\n",
        rounds.count(), redraw, redraw <= 50 ? "met" : "MISSED");
    std::printf("  reset zoom from a 1,000-step range, median of %d:            %8.2f ms\n", kRepeats, reset);
    std::printf("    of which the downsample query (worker side), median:       %8.2f ms\n", median(queryMs));
    std::printf("    of which the render after the replace, median:              %8.2f ms\n",
                median(renderAfterReplaceMs));
    std::printf("    (a render of the unchanged chart, median:                   %8.2f ms)\n",
                median(renderMs));
    std::printf("  baseline: 2,000 in-memory points, replace + render:          %8.2f ms\n", baseline);
    std::printf("  ratio redraw / baseline, median of the paired rounds:        %8.2fx  (%s)\n", rounds.medianRatio(),
                qPrintable(rounds.ratios()));
    std::printf("  naive: 1,000,000 appends to a detached series:               %8.2f ms\n", naiveAppendMs);
    std::printf(
        "  naive: render of all 1,000,000 points:                       %8.2f ms  (%.1fx the redraw)\n",
        naiveRenderMs, naiveRenderMs / redraw);
    std::printf("bench_chart_redraw: end; %s\n", qPrintable(BenchSupport::machineLoad()));
    return redraw <= 50 ? 0 : 1;
}
