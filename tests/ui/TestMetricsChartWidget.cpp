#include <QtTest>

#include "metrics/MetricChartView.h"
#include "metrics/MetricSeriesLoader.h"
#include "metrics/MetricStore.h"
#include "metrics/MetricsChartWidget.h"
#include "run/RunStore.h"
#include "workspace/Workspace.h"

#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLegend>
#include <QListWidget>
#include <QLineSeries>
#include <QPushButton>
#include <QSlider>
#include <QTextDocument>

#include <cmath>
#include <limits>
#include <optional>

// The Metrics tab on a real workspace: runs inserted with RunStore, points written with MetricStore into
// each run's metrics folder, read back by the widget's worker and drawn into real Qt Charts series.
class TestMetricsChartWidget : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_workspace;

    QString newRun()
    {
        RunRecord run;
        run.experiment = QStringLiteral("exp");
        run.computeTarget = QStringLiteral("local");
        QString error;
        if (!RunStore(*m_workspace).insert(run, &error))
            qFatal("cannot insert a run: %s", qPrintable(error));
        return run.id;
    }

    QString metricsDir(const QString& runId) const
    {
        return MetricSeriesLoader::metricsDir(*m_workspace, runId);
    }

    // Waits until the widget has drawn the data present now (a fetch started after this call finished).
    static bool settle(MetricsChartWidget& widget)
    {
        QSignalSpy updated(&widget, &MetricsChartWidget::chartsUpdated);
        widget.refreshNow();
        // One fetch may be in flight already; the one we asked for follows it.
        for (int i = 0; i < 2 && (widget.isFetching() || updated.isEmpty()); ++i)
            if (!updated.wait(10000))
                return false;
        return !widget.isFetching() || updated.wait(10000);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QString error;
        m_workspace = Workspace::open(m_dir.filePath(QStringLiteral("ws")), &error);
        QVERIFY2(m_workspace, qPrintable(error));
    }

    void emptyWithoutRuns()
    {
        MetricsChartWidget widget(*m_workspace);
        QVERIFY(widget.chartTitles().isEmpty());
        QCOMPARE(widget.seriesCount(), 0);
    }

    // The samples of each node (system/<node>/...) come after the run's own metrics, in a "System · node"
    // group per node in the chooser and under a heading per node above the charts.
    void systemMetricsAreGroupedPerNode()
    {
        const QString run = newRun();
        {
            MetricStore store(metricsDir(run));
            for (int i = 0; i < 3; ++i) {
                QVERIFY(store.append(QStringLiteral("system/beta/cpu_percent"), std::nullopt, 10.0 * i, 1000 + i));
                QVERIFY(store.append(QStringLiteral("loss"), i, 1.0 / (i + 1), 1000 + i));
                QVERIFY(store.append(QStringLiteral("system/alpha/gpu0/power_w"), std::nullopt, 50.0 + i, 1000 + i));
                QVERIFY(store.append(QStringLiteral("system/alpha/cpu_percent"), std::nullopt, 20.0 + i, 1000 + i));
            }
        }
        MetricsChartWidget widget(*m_workspace);
        widget.setRuns({run});
        const QStringList grouped{QStringLiteral("loss"), QStringLiteral("system/alpha/gpu0/power_w"),
                                  QStringLiteral("system/alpha/cpu_percent"), QStringLiteral("system/beta/cpu_percent")};
        QTRY_COMPARE_WITH_TIMEOUT(widget.chartTitles(), grouped, 10000);
        QCOMPARE(widget.metricNames(), grouped);
        QCOMPARE(widget.groupHeadings(), (QStringList{QStringLiteral("System of node alpha"), QStringLiteral("System of node beta")}));
        auto* chooser = widget.findChild<QListWidget*>(QStringLiteral("metricChooser"));
        QVERIFY(chooser);
        QStringList texts;
        for (int i = 0; i < chooser->count(); ++i)
            texts << chooser->item(i)->text().trimmed();
        QCOMPARE(texts, (QStringList{QStringLiteral("loss"), QStringLiteral("System · alpha"), QStringLiteral("gpu0/power_w"),
                                     QStringLiteral("cpu_percent"), QStringLiteral("System · beta"), QStringLiteral("cpu_percent")}));
        QVERIFY(!(chooser->item(1)->flags() & Qt::ItemIsUserCheckable));
        QCOMPARE(widget.seriesPoints(QStringLiteral("system/alpha/gpu0/power_w"), run).size(), 3);
        QCOMPARE(widget.seriesPoints(QStringLiteral("system/alpha/gpu0/power_w"), run).last().y(), 52.0);

        // Unticking a node's charts takes its heading with them.
        widget.setChosenMetrics({QStringLiteral("loss"), QStringLiteral("system/beta/cpu_percent")});
        QCOMPARE(widget.chartTitles(), (QStringList{QStringLiteral("loss"), QStringLiteral("system/beta/cpu_percent")}));
        QCOMPARE(widget.groupHeadings(), QStringList{QStringLiteral("System of node beta")});
        QCOMPARE(widget.chosenMetrics(), (QStringList{QStringLiteral("loss"), QStringLiteral("system/beta/cpu_percent")}));
    }

    void oneChartPerMetric()
    {
        const QString run = newRun();
        {
            MetricStore store(metricsDir(run));
            for (int i = 0; i < 5; ++i) {
                QVERIFY(store.append(QStringLiteral("loss"), i, 1.0 / (i + 1), 1000 + i));
                QVERIFY(store.append(QStringLiteral("accuracy"), i, 0.1 * i, 1000 + i));
            }
        }
        MetricsChartWidget widget(*m_workspace);
        widget.resize(900, 700);
        widget.show();
        widget.setRuns({run});
        QTRY_COMPARE_WITH_TIMEOUT(widget.chartTitles(),
                                  QStringList({QStringLiteral("loss"), QStringLiteral("accuracy")}), 10000);
        QCOMPARE(widget.seriesCount(QStringLiteral("loss")), 1);
        const QList<QPointF> loss = widget.seriesPoints(QStringLiteral("loss"), run);
        QCOMPARE(loss.size(), 5);
        QCOMPARE(loss[2], QPointF(2, 1.0 / 3));
        QCOMPARE(widget.seriesPoints(QStringLiteral("accuracy"), run).size(), 5);

        // Unticking a metric in the chooser removes its chart.
        widget.setChosenMetrics({QStringLiteral("accuracy")});
        QCOMPARE(widget.chartTitles(), QStringList{QStringLiteral("accuracy")});
        QCOMPARE(widget.chosenMetrics(), QStringList{QStringLiteral("accuracy")});

        // Combined: the chosen metrics share one chart, one series each.
        widget.setChosenMetrics({QStringLiteral("loss"), QStringLiteral("accuracy")});
        auto* combine = widget.findChild<QCheckBox*>(QStringLiteral("combineCharts"));
        QVERIFY(combine);
        QVERIFY(!combine->accessibleName().isEmpty());
        QTest::mouseClick(combine, Qt::LeftButton);
        QCOMPARE(widget.chartTitles().size(), 1);
        QCOMPARE(widget.seriesCount(), 2);
        QCOMPARE(widget.legendNames(widget.chartTitles().first()),
                 QStringList({QStringLiteral("loss"), QStringLiteral("accuracy")}));
        QCOMPARE(widget.seriesPoints(QStringLiteral("loss"), run).size(), 5);
    }

    void overlayOfTwoRunsHasALegendOfRunIds()
    {
        const QString a = newRun();
        const QString b = newRun();
        {
            MetricStore storeA(metricsDir(a));
            MetricStore storeB(metricsDir(b));
            for (int i = 0; i < 10; ++i) {
                QVERIFY(storeA.append(QStringLiteral("loss"), i, 10 - i, 1000 + i));
                QVERIFY(storeB.append(QStringLiteral("loss"), i, 20 - i, 1000 + i));
            }
        }
        MetricsChartWidget widget(*m_workspace);
        widget.show();
        widget.setRuns({a, b});
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), b).size(), 10, 10000);
        QCOMPARE(widget.chartTitles(), QStringList{QStringLiteral("loss")});
        QCOMPARE(widget.seriesCount(QStringLiteral("loss")), 2);
        QCOMPARE(widget.legendNames(QStringLiteral("loss")), QStringList({a, b}));
        QCOMPARE(widget.seriesPoints(QStringLiteral("loss"), a).first().y(), 10.0);
        QCOMPARE(widget.seriesPoints(QStringLiteral("loss"), b).first().y(), 20.0);
        // The two runs are told apart by colour.
        auto* chart = widget.chartView(QStringLiteral("loss"))->chart();
        QStringList colours;
        for (QAbstractSeries* series : chart->series())
            if (auto* line = qobject_cast<QLineSeries*>(series); line && line->name() == a)
                colours << line->color().name();
            else if (line && line->name() == b)
                colours << line->color().name();
        QCOMPARE(colours.size(), 2);
        QVERIFY(colours[0] != colours[1]);

        // Back to one run: one series.
        widget.setRuns({b});
        QCOMPARE(widget.seriesCount(QStringLiteral("loss")), 1);
        QCOMPARE(widget.legendNames(QStringLiteral("loss")), QStringList{b});
    }

    void followsTheRunLive()
    {
        const QString run = newRun();
        MetricStore store(metricsDir(run));
        QVERIFY(store.append(QStringLiteral("loss"), 0, 1.0, 1000));
        QVERIFY(store.flush());
        MetricsChartWidget widget(*m_workspace);
        widget.setPollInterval(50);
        widget.show();
        widget.setRuns({run});
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run).size(), 1, 10000);
        for (int i = 1; i < 10; ++i)
            QVERIFY(store.append(QStringLiteral("loss"), i, 1.0 + i, 1000 + i));
        QVERIFY(store.append(QStringLiteral("lr"), 0, 0.01, 1000));
        QVERIFY(store.flush());
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run).size(), 10, 10000);
        QCOMPARE(widget.seriesPoints(QStringLiteral("loss"), run).last(), QPointF(9, 10.0));
        QTRY_COMPARE_WITH_TIMEOUT(widget.chartTitles(),
                                  QStringList({QStringLiteral("loss"), QStringLiteral("lr")}), 10000);
    }

    void millionPointsAreDownsampledKeepingSpikesAndZoomGivesRealPoints()
    {
        const QString run = newRun();
        constexpr int kPoints = 1000000;
        constexpr int kSpikeAt = 543210;
        {
            MetricStore store(metricsDir(run));
            for (int i = 0; i < kPoints; ++i)
                QVERIFY(store.append(QStringLiteral("loss"), i, i == kSpikeAt ? 1000.0 : 1.0 + (i % 7) * 0.01,
                                     1e9 + i * 0.001));
        }
        MetricsChartWidget widget(*m_workspace);
        widget.resize(1000, 700);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        widget.setRuns({run});
        QTRY_VERIFY_WITH_TIMEOUT(!widget.seriesPoints(QStringLiteral("loss"), run).isEmpty(), 15000);
        QVERIFY(settle(widget));
        const QList<QPointF> shown = widget.seriesPoints(QStringLiteral("loss"), run);
        const int width = widget.chartView(QStringLiteral("loss"))->width();
        QVERIFY2(shown.size() <= 4 * width, qPrintable(QString::number(shown.size())));
        QVERIFY(shown.size() > 100);
        double maxY = 0;
        for (const QPointF& p : shown)
            maxY = std::max(maxY, p.y());
        QCOMPARE(maxY, 1000.0); // the single spike survives
        QCOMPARE(shown.first().x(), 0.0);
        QCOMPARE(shown.last().x(), double(kPoints - 1));

        // Zoomed in, the chart asks again for the visible range and gets the real points.
        widget.zoomToRange(QStringLiteral("loss"), kSpikeAt - 100, kSpikeAt + 99);
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run).size(), 200, 10000);
        const QList<QPointF> zoomed = widget.seriesPoints(QStringLiteral("loss"), run);
        for (int i = 0; i < zoomed.size(); ++i) {
            const int step = kSpikeAt - 100 + i;
            QCOMPARE(zoomed[i], QPointF(step, step == kSpikeAt ? 1000.0 : 1.0 + (step % 7) * 0.01));
        }
        QCOMPARE(widget.xRange(QStringLiteral("loss")),
                 qMakePair(double(kSpikeAt - 100), double(kSpikeAt + 99)));

        // Panning with the keyboard moves the range and reads the new one.
        auto* view = widget.chartView(QStringLiteral("loss"));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Right);
        QTRY_VERIFY_WITH_TIMEOUT(
            widget.seriesPoints(QStringLiteral("loss"), run).first().x() > kSpikeAt - 100, 10000);
        QVERIFY(widget.xRange(QStringLiteral("loss")).first > kSpikeAt - 100);

        // Reset zoom brings the whole series back (downsampled).
        QTest::mouseClick(widget.findChild<QPushButton*>(QStringLiteral("resetZoom")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run).last().x() == kPoints - 1,
                                 10000);
        QVERIFY(widget.seriesPoints(QStringLiteral("loss"), run).size() <= 4 * width);
    }

    void logScaleSwitchesTheAxisAndHidesNonPositiveValues()
    {
        const QString run = newRun();
        {
            MetricStore store(metricsDir(run));
            const double values[] = {10, 0, -5, 100, 1000};
            for (int i = 0; i < 5; ++i)
                QVERIFY(store.append(QStringLiteral("loss"), i, values[i], 1000 + i));
        }
        MetricsChartWidget widget(*m_workspace);
        widget.show();
        widget.setRuns({run});
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run).size(), 5, 10000);
        QCOMPARE(widget.yAxisType(QStringLiteral("loss")), QAbstractAxis::AxisTypeValue);
        QVERIFY(widget.chartNote(QStringLiteral("loss")).isEmpty());

        auto* log = widget.findChild<QCheckBox*>(QStringLiteral("logScale"));
        QVERIFY(log);
        QTest::mouseClick(log, Qt::LeftButton);
        QCOMPARE(widget.yAxisType(QStringLiteral("loss")), QAbstractAxis::AxisTypeLogValue);
        const QList<QPointF> shown = widget.seriesPoints(QStringLiteral("loss"), run);
        QCOMPARE(shown.size(), 3);
        for (const QPointF& p : shown)
            QVERIFY(p.y() > 0);
        QVERIFY2(widget.chartNote(QStringLiteral("loss")).contains(QStringLiteral("2 value(s) ≤ 0 hidden")),
                 qPrintable(widget.chartNote(QStringLiteral("loss"))));

        QTest::mouseClick(log, Qt::LeftButton);
        QCOMPARE(widget.yAxisType(QStringLiteral("loss")), QAbstractAxis::AxisTypeValue);
        QCOMPARE(widget.seriesPoints(QStringLiteral("loss"), run).size(), 5);
    }

    void smoothingChangesTheDrawnLineButNotTheRaw()
    {
        const QString run = newRun();
        QList<QPointF> expected;
        {
            MetricStore store(metricsDir(run));
            for (int i = 0; i < 50; ++i) {
                const double v = (i % 2 == 0) ? 1.0 : 3.0;
                QVERIFY(store.append(QStringLiteral("loss"), i, v, 1000 + i));
                expected.append(QPointF(i, v));
            }
        }
        MetricsChartWidget widget(*m_workspace);
        widget.show();
        widget.setRuns({run});
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run), expected, 10000);

        auto* slider = widget.findChild<QSlider*>(QStringLiteral("smoothing"));
        QVERIFY(slider);
        slider->setValue(60);
        const QList<QPointF> smooth = widget.seriesPoints(QStringLiteral("loss"), run);
        QCOMPARE(smooth.size(), expected.size());
        QCOMPARE(widget.rawSeriesPoints(QStringLiteral("loss"), run), expected);
        QVERIFY(smooth != expected);
        QCOMPARE(smooth.first(), expected.first()); // debiased: the first point is its own average
        // The average settles between the two alternating values.
        QVERIFY(smooth.last().y() > 1.5 && smooth.last().y() < 2.5);
        // The legend still names the run once.
        QCOMPARE(widget.legendNames(QStringLiteral("loss")), QStringList{run});

        slider->setValue(0);
        QCOMPARE(widget.seriesPoints(QStringLiteral("loss"), run), expected);
    }

    void stepOrTimeOnTheXAxis()
    {
        const QString run = newRun();
        {
            MetricStore store(metricsDir(run));
            for (int i = 0; i < 6; ++i)
                QVERIFY(store.append(QStringLiteral("loss"), i * 10, i, 5000 + i * 2.5));
        }
        MetricsChartWidget widget(*m_workspace);
        widget.show();
        widget.setRuns({run});
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run).size(), 6, 10000);
        QCOMPARE(widget.seriesPoints(QStringLiteral("loss"), run)[3].x(), 30.0);

        auto* axis = widget.findChild<QComboBox*>(QStringLiteral("xAxisMode"));
        QVERIFY(axis);
        axis->setCurrentIndex(1);
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run)[3].x(), 7.5, 10000);
        QVERIFY(settle(widget));
        QCOMPARE(widget.seriesPoints(QStringLiteral("loss"), run)[5], QPointF(12.5, 5));
        axis->setCurrentIndex(0);
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run)[3].x(), 30.0, 10000);
    }

    void hoverShowsTheExactValueAndNonFiniteValuesAreCounted()
    {
        const QString run = newRun();
        const double exact = 0.123456789012345;
        {
            MetricStore store(metricsDir(run));
            QVERIFY(store.append(QStringLiteral("loss"), 0, 1.0, 1000));
            QVERIFY(store.append(QStringLiteral("loss"), 1, std::numeric_limits<double>::quiet_NaN(), 1001));
            QVERIFY(store.append(QStringLiteral("loss"), 2, exact, 1002));
            QVERIFY(store.append(QStringLiteral("loss"), 3, std::numeric_limits<double>::infinity(), 1003));
            QVERIFY(store.append(QStringLiteral("loss"), 4, 2.0, 1004));
        }
        MetricsChartWidget widget(*m_workspace);
        widget.show();
        widget.setRuns({run});
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run).size(), 3, 10000);
        QCOMPARE(widget.seriesPoints(QStringLiteral("loss"), run)[1], QPointF(2, exact));
        QVERIFY2(widget.chartNote(QStringLiteral("loss")).contains(QStringLiteral("2 NaN/inf")),
                 qPrintable(widget.chartNote(QStringLiteral("loss"))));

        // The mouse is somewhere on the segment between steps 2 and 4, nearer to 2.
        widget.showHover(QStringLiteral("loss"), run, QPointF(2.6, 1.2), true);
        const QString text = widget.hoverText();
        QVERIFY2(text.contains(QStringLiteral("value 0.123456789012345")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("step 2")));
        QVERIFY(text.contains(QStringLiteral("loss — ") + run));
        QVERIFY(text.contains(QStringLiteral("2 NaN/inf")));
        widget.showHover(QStringLiteral("loss"), run, QPointF(3.4, 1.9), true);
        QVERIFY(widget.hoverText().contains(QStringLiteral("step 4")));
        QVERIFY(widget.hoverText().contains(QStringLiteral("value 2\n")) ||
                widget.hoverText().endsWith(QStringLiteral("value 2")) ||
                widget.hoverText().contains(QStringLiteral("value 2")));
        widget.showHover(QStringLiteral("loss"), run, QPointF(3.4, 1.9), false);
        QVERIFY(widget.hoverText().isEmpty());
    }

    void chartsFollowTheDarkPalette()
    {
        const QString run = newRun();
        {
            MetricStore store(metricsDir(run));
            QVERIFY(store.append(QStringLiteral("loss"), 0, 1.0, 1000));
        }
        MetricsChartWidget widget(*m_workspace);
        QPalette light;
        light.setColor(QPalette::Window, Qt::white);
        widget.setPalette(light);
        widget.show();
        widget.setRuns({run});
        QTRY_VERIFY_WITH_TIMEOUT(widget.chartView(QStringLiteral("loss")) != nullptr, 10000);
        QCOMPARE(widget.chartView(QStringLiteral("loss"))->chart()->theme(), QChart::ChartThemeLight);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(30, 30, 30));
        dark.setColor(QPalette::WindowText, Qt::white);
        widget.setPalette(dark);
        QCOMPARE(widget.chartView(QStringLiteral("loss"))->chart()->theme(), QChart::ChartThemeDark);
    }

    void metricsOfEarlierRunsLeaveWithThem()
    {
        const QString a = newRun();
        const QString b = newRun();
        {
            MetricStore storeA(metricsDir(a));
            MetricStore storeB(metricsDir(b));
            for (int i = 0; i < 5; ++i) {
                QVERIFY(storeA.append(QStringLiteral("loss"), i, 1.0 / (i + 1), 1000 + i));
                QVERIFY(storeA.append(QStringLiteral("accuracy"), i, 0.1 * i, 1000 + i));
                QVERIFY(storeB.append(QStringLiteral("reward"), i, i, 1000 + i));
            }
        }
        MetricsChartWidget widget(*m_workspace);
        widget.resize(900, 700);
        widget.show();
        auto* chooser = widget.findChild<QListWidget*>(QStringLiteral("metricChooser"));
        QVERIFY(chooser);
        const auto chooserNames = [chooser] {
            QStringList names;
            for (int i = 0; i < chooser->count(); ++i)
                names << chooser->item(i)->text();
            return names;
        };
        widget.setRuns({a});
        QTRY_COMPARE_WITH_TIMEOUT(widget.chartTitles(), QStringList({QStringLiteral("loss"), QStringLiteral("accuracy")}), 10000);
        widget.setChosenMetrics({QStringLiteral("loss")}); // the user unticks accuracy

        // Another run: its own metric only, with its points; no empty charts for the first run's metrics,
        // not even while its answer is on the way.
        widget.setRuns({b});
        QVERIFY2(!widget.chartTitles().contains(QStringLiteral("loss")), qPrintable(widget.chartTitles().join(u',')));
        QVERIFY(!chooserNames().contains(QStringLiteral("accuracy")));
        QTRY_COMPARE_WITH_TIMEOUT(widget.chartTitles(), QStringList{QStringLiteral("reward")}, 10000);
        QCOMPARE(widget.metricNames(), QStringList{QStringLiteral("reward")});
        QCOMPARE(chooserNames(), QStringList{QStringLiteral("reward")});
        QCOMPARE(widget.seriesPoints(QStringLiteral("reward"), b).size(), 5);

        // Both: every metric of either, each charted where it has data; the unticked one stays unticked.
        widget.setRuns({a, b});
        QTRY_COMPARE_WITH_TIMEOUT(chooserNames().size(), 3, 10000);
        QCOMPARE(widget.chosenMetrics(), QStringList({QStringLiteral("loss"), QStringLiteral("reward")}));
        // Back to the second alone: what only the first had goes at once.
        widget.setRuns({b});
        QCOMPARE(widget.chartTitles(), QStringList{QStringLiteral("reward")});
        QCOMPARE(chooserNames(), QStringList{QStringLiteral("reward")});
        QVERIFY(settle(widget));
        QCOMPARE(widget.chartTitles(), QStringList{QStringLiteral("reward")});
    }

    void combinedLegendNamesEveryLineInFull()
    {
        QStringList runs;
        for (int r = 0; r < 3; ++r) {
            runs << newRun();
            MetricStore store(metricsDir(runs.last()));
            for (int i = 0; i < 5; ++i) {
                QVERIFY(store.append(QStringLiteral("validation_loss"), i, 1.0 / (i + 1), 1000 + i));
                QVERIFY(store.append(QStringLiteral("validation_accuracy"), i, 0.1 * i, 1000 + i));
            }
        }
        MetricsChartWidget widget(*m_workspace);
        widget.resize(640, 700);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        widget.setCombined(true);
        widget.setRuns(runs);
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesCount(), 6, 10000);
        const QString title = widget.chartTitles().constFirst();
        const QStringList names = widget.legendNames(title);
        QCOMPARE(names.size(), 6);
        QVERIFY(names.contains(QStringLiteral("validation_accuracy · ") + runs.last()));
        QCoreApplication::processEvents();

        // Qt Charts' own legend puts every entry on one row and cuts them to fit; if it is shown, the entries
        // must fit that row whole.
        QLegend* builtIn = widget.chartView(title)->chart()->legend();
        if (builtIn->isVisible()) {
            const QFontMetricsF metrics(builtIn->font());
            qreal needed = 0;
            for (const QString& name : names)
                needed += metrics.horizontalAdvance(name) + metrics.height() * 2; // marker and spacing
            QVERIFY2(needed <= builtIn->geometry().width(),
                     qPrintable(QStringLiteral("the legend needs %1 px and has %2").arg(needed).arg(builtIn->geometry().width())));
            return;
        }
        // Otherwise the chart's legend of its own: each name on screen in full, the label as tall as its
        // wrapped lines and inside the panel.
        QLabel* legend = widget.legendLabel(title);
        QVERIFY2(legend && legend->isVisible(), "the chart has no legend on screen");
        QTextDocument document;
        document.setHtml(legend->text());
        const QString shown = document.toPlainText().replace(QChar::Nbsp, QLatin1Char(' '));
        const QFontMetricsF metrics(legend->font());
        for (const QString& name : names) {
            QVERIFY2(shown.contains(name), qPrintable(name));
            QVERIFY(metrics.horizontalAdvance(name) <= legend->contentsRect().width());
        }
        QTRY_VERIFY(legend->height() >= legend->heightForWidth(legend->width()));
        QVERIFY(legend->heightForWidth(legend->width()) > metrics.height() * 1.5); // it did wrap at this width
        QVERIFY(legend->geometry().right() <= legend->parentWidget()->width());
    }
};

QTEST_MAIN(TestMetricsChartWidget)
#include "TestMetricsChartWidget.moc"
