#include <QtTest>

#include "metrics/MetricChartLegend.h"
#include "metrics/MetricChartView.h"
#include "metrics/MetricSeriesLoader.h"
#include "metrics/MetricStore.h"
#include "metrics/MetricsChartWidget.h"
#include "run/RunStore.h"
#include "shell/UserPrompts.h"
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
#include <QSqlError>
#include <QSqlQuery>
#include <QToolButton>
#include <QMenu>
#include <QScrollArea>
#include <QScrollBar>
#include <QTextDocument>
#include <QXmlStreamReader>

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

    // The display name as the run page's rename writes it (the column the runs table and listings read).
    void setDisplayName(const QString& runId, const QString& name)
    {
        QSqlQuery q(m_workspace->database());
        q.prepare(QStringLiteral("UPDATE runs SET display_name = ? WHERE id = ?"));
        q.addBindValue(name);
        q.addBindValue(runId);
        if (!q.exec() || q.numRowsAffected() != 1)
            qFatal("cannot name run %s: %s", qPrintable(runId), qPrintable(q.lastError().text()));
    }

    void writeLoss(const QString& runId, int points = 5)
    {
        MetricStore store(metricsDir(runId));
        for (int i = 0; i < points; ++i)
            if (!store.append(QStringLiteral("loss"), i, 1.0 / (i + 1), 1000 + i))
                qFatal("cannot write the loss of %s", qPrintable(runId));
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
        UserPrompts::setTestMode(true);
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
        // Each pixel column's lowest and highest point, and the range's first and last.
        const int columns = widget.chartView(QStringLiteral("loss"))->plotWidth();
        QVERIFY2(shown.size() <= 2 * columns + 2, qPrintable(QStringLiteral("%1 points for %2 columns").arg(shown.size()).arg(columns)));
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
        QVERIFY(widget.seriesPoints(QStringLiteral("loss"), run).size() <= 2 * columns + 2);
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

        // The chart's own legend (Qt's puts every entry on one row and cuts them): each name in full.
        MetricChartLegend* legend = widget.legend(title);
        QVERIFY2(legend && legend->isVisible(), "the chart has no legend on screen");
        QVERIFY(!widget.chartView(title)->chart()->legend()->isVisible());
        QTRY_VERIFY(legend->height() > 0);
        const QFontMetrics metrics(legend->font());
        for (int i = 0; i < legend->count(); ++i) {
            const QRect rect = legend->visualItemRect(legend->item(i));
            QVERIFY2(rect.width() >= metrics.horizontalAdvance(legend->item(i)->text()),
                     qPrintable(legend->item(i)->text()));
            QVERIFY(rect.right() <= legend->viewport()->width());
        }
    }

    // A line is named by its run's display name, else by the parameters chosen under "Label by"
    // (`reg=0.3, lr=0.01`), else by its id; a rename shows at the next read of the runs.
    void linesAreLabelledByNameThenParameters()
    {
        const QString a = newRun();
        const QString b = newRun();
        const QString c = newRun();
        for (const QString& run : {a, b, c})
            writeLoss(run);
        RunStore store(*m_workspace);
        QVERIFY(store.setLoggedParam(a, QStringLiteral("reg"), QStringLiteral("0.3")));
        QVERIFY(store.setLoggedParam(a, QStringLiteral("lr"), QStringLiteral("0.01")));
        QVERIFY(store.setLoggedParam(b, QStringLiteral("reg"), QStringLiteral("0.1")));
        QVERIFY(store.setLoggedParam(b, QStringLiteral("lr"), QStringLiteral("0.01")));
        setDisplayName(a, QStringLiteral("baseline"));

        MetricsChartWidget widget(*m_workspace);
        widget.setPollInterval(20);
        widget.resize(900, 700);
        widget.show();
        widget.setRuns({a, b, c});
        const QString loss = QStringLiteral("loss");
        QTRY_COMPARE_WITH_TIMEOUT(widget.legendNames(loss), (QStringList{QStringLiteral("baseline"), b, c}), 10000);
        QCOMPARE(widget.paramNames(), (QStringList{QStringLiteral("reg"), QStringLiteral("lr")}));
        QCOMPARE(widget.runLabel(a), QStringLiteral("baseline"));

        // "Label by" lists the parameters; ticking both names the unnamed runs by them.
        auto* labelBy = widget.findChild<QToolButton*>(QStringLiteral("labelBy"));
        QVERIFY(labelBy && labelBy->menu());
        const auto action = [labelBy](const QString& text) -> QAction* {
            for (QAction* a : labelBy->menu()->actions())
                if (a->text() == text)
                    return a;
            return nullptr;
        };
        QVERIFY(action(QStringLiteral("reg")) && action(QStringLiteral("lr")));
        action(QStringLiteral("reg"))->trigger();
        action(QStringLiteral("lr"))->trigger();
        QCOMPARE(widget.labelParams(), (QStringList{QStringLiteral("reg"), QStringLiteral("lr")}));
        QCOMPARE(widget.legendNames(loss), (QStringList{QStringLiteral("baseline"), QStringLiteral("reg=0.1, lr=0.01"), c}));
        QCOMPARE(widget.chartView(loss)->chart()->series().constLast()->name(), c);

        // Without the name, the parameters label the named run too; two runs alike are told apart by id.
        action(QStringLiteral("Run name (when it has one)"))->trigger();
        QCOMPARE(widget.legendNames(loss),
                 (QStringList{QStringLiteral("reg=0.3, lr=0.01"), QStringLiteral("reg=0.1, lr=0.01"), c}));
        action(QStringLiteral("reg"))->trigger(); // only lr now: a and b share "lr=0.01"
        QCOMPARE(widget.legendNames(loss), (QStringList{QStringLiteral("lr=0.01 (%1)").arg(a),
                                                        QStringLiteral("lr=0.01 (%1)").arg(b), c}));

        // A rename reaches the chart without choosing the runs again.
        widget.setLabelByName(true);
        setDisplayName(c, QStringLiteral("long run"));
        QTRY_COMPARE_WITH_TIMEOUT(widget.legendNames(loss).value(2), QStringLiteral("long run"), 10000);
    }

    // Colour by a parameter: a gradient over a numeric one, explained by a key with its range; distinct colours
    // per value of a text one, each named in the key; grey for runs without it.
    void colourByAParameter()
    {
        QStringList runs;
        const QStringList lr{QStringLiteral("0.001"), QStringLiteral("0.01"), QStringLiteral("0.1")};
        const QStringList optimizer{QStringLiteral("adam"), QStringLiteral("sgd"), QStringLiteral("adam")};
        RunStore store(*m_workspace);
        for (int r = 0; r < 4; ++r) {
            runs << newRun();
            writeLoss(runs.last());
            if (r < 3) {
                QVERIFY(store.setLoggedParam(runs.last(), QStringLiteral("lr"), lr[r]));
                QVERIFY(store.setLoggedParam(runs.last(), QStringLiteral("optimizer"), optimizer[r]));
            }
        }
        MetricsChartWidget widget(*m_workspace);
        widget.resize(900, 700);
        widget.show();
        widget.setRuns(runs);
        const QString loss = QStringLiteral("loss");
        QTRY_COMPARE_WITH_TIMEOUT(widget.paramNames(), (QStringList{QStringLiteral("lr"), QStringLiteral("optimizer")}), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesCount(loss), 4, 10000);
        QVERIFY(widget.colorKeyText().isEmpty());
        QSet<QRgb> byLine;
        for (const QString& run : runs)
            byLine.insert(widget.lineColor(loss, run).rgb());
        QCOMPARE(byLine.size(), 4);

        auto* colorBy = widget.findChild<QComboBox*>(QStringLiteral("colorBy"));
        QVERIFY(colorBy);
        colorBy->setCurrentIndex(colorBy->findData(QStringLiteral("lr")));
        QCOMPARE(widget.colorParam(), QStringLiteral("lr"));
        const QColor low = widget.lineColor(loss, runs[0]);
        const QColor mid = widget.lineColor(loss, runs[1]);
        const QColor high = widget.lineColor(loss, runs[2]);
        const QColor none = widget.lineColor(loss, runs[3]);
        QVERIFY(low != mid && mid != high && low != high);
        // The gradient runs from dark blue-violet to green as the value grows.
        QVERIFY2(low.green() < mid.green() && mid.green() < high.green(),
                 qPrintable(QStringLiteral("%1 %2 %3").arg(low.name(), mid.name(), high.name())));
        QVERIFY(none.red() == none.green() && none.green() == none.blue()); // grey: no value
        QVERIFY(widget.colorKey()->isVisible());
        QString key = widget.colorKeyText();
        QVERIFY2(key.contains(QStringLiteral("lr")) && key.contains(QStringLiteral("0.001")) &&
                     key.contains(QStringLiteral("0.1")) && key.contains(QStringLiteral("no value")),
                 qPrintable(key));
        // The legend's swatches are the lines' colours.
        QCOMPARE(widget.chartView(loss)->chart()->series().isEmpty(), false);

        widget.setColorParam(QStringLiteral("optimizer"));
        QCOMPARE(colorBy->currentData().toString(), QStringLiteral("optimizer"));
        QCOMPARE(widget.lineColor(loss, runs[0]), widget.lineColor(loss, runs[2]));
        QVERIFY(widget.lineColor(loss, runs[0]) != widget.lineColor(loss, runs[1]));
        key = widget.colorKeyText();
        QVERIFY2(key.contains(QStringLiteral("optimizer")) && key.contains(QStringLiteral("adam")) &&
                     key.contains(QStringLiteral("sgd")),
                 qPrintable(key));

        colorBy->setCurrentIndex(0);
        QVERIFY(widget.colorParam().isEmpty());
        QVERIFY(widget.colorKeyText().isEmpty());
        QVERIFY(widget.lineColor(loss, runs[0]) != widget.lineColor(loss, runs[2]));
    }

    // 30 runs with long names on one chart: the legend wraps and scrolls inside the widget, every entry
    // reachable (in the rows shown or by scrolling), none cut at the right edge, long names whole in tooltips.
    void legendOfThirtyRunsIsNotClipped()
    {
        QStringList runs;
        for (int r = 0; r < 30; ++r) {
            runs << newRun();
            MetricStore store(metricsDir(runs.last()));
            for (int i = 0; i < 5; ++i)
                QVERIFY(store.append(QStringLiteral("loss"), i, 1.0 / (i + 1 + r), 1000 + i));
        }
        MetricsChartWidget widget(*m_workspace);
        widget.resize(800, 700);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        widget.setRuns(runs);
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesCount(QStringLiteral("loss")), 30, 10000);
        MetricsChartWidget* w = &widget;
        MetricChartLegend* legend = widget.legend(QStringLiteral("loss"));
        QVERIFY(legend);
        QTRY_VERIFY(legend->isVisible() && legend->height() > 0);
        QCOMPARE(legend->names(), runs);

        // Inside the widget: the legend's rectangle lies within the widget's and the charts' area.
        const QRect inWidget(legend->mapTo(w, QPoint(0, 0)), legend->size());
        QVERIFY2(w->rect().contains(inWidget),
                 qPrintable(QStringLiteral("legend at %1,%2 %3x%4 in a %5x%6 widget").arg(inWidget.x()).arg(inWidget.y())
                                .arg(inWidget.width()).arg(inWidget.height()).arg(w->width()).arg(w->height())));
        auto* scroll = widget.findChild<QScrollArea*>();
        QVERIFY(scroll);
        QVERIFY(inWidget.right() <= scroll->viewport()->mapTo(w, QPoint(scroll->viewport()->width(), 0)).x());

        // It wrapped into rows; past the rows it shows, it scrolls to the rest (the view lays out lazily).
        const auto lastReachable = [legend] {
            const QRect last = legend->visualItemRect(legend->item(29));
            return last.bottom() <= legend->viewport()->height() ||
                   (legend->verticalScrollBar()->isVisible() &&
                    last.bottom() <= legend->viewport()->height() + legend->verticalScrollBar()->maximum());
        };
        QTRY_VERIFY2(lastReachable(), qPrintable(QStringLiteral("last item at %1..%2, viewport %3 high, scroll bar %4 max %5, legend %6 high")
                                                    .arg(legend->visualItemRect(legend->item(29)).top()).arg(legend->visualItemRect(legend->item(29)).bottom())
                                                    .arg(legend->viewport()->height()).arg(legend->verticalScrollBar()->isVisible())
                                                    .arg(legend->verticalScrollBar()->maximum()).arg(legend->height())));
        QVERIFY(legend->visualItemRect(legend->item(29)).top() > legend->visualItemRect(legend->item(0)).top());
        for (int i = 0; i < legend->count(); ++i) {
            const QRect rect = legend->visualItemRect(legend->item(i));
            QVERIFY(rect.left() >= 0);
            QVERIFY2(rect.right() <= legend->viewport()->width(), qPrintable(legend->item(i)->text()));
            QCOMPARE(legend->item(i)->toolTip(), runs[i]);
        }
    }

    // The crosshair under real mouse moves over the chart's viewport: a vertical line at the pointer and a box
    // with every line's value at its last point at or before the pointer's x (no interpolation).
    void crosshairShowsEveryLineAtThePointer()
    {
        const QString a = newRun();
        const QString b = newRun();
        {
            MetricStore storeA(metricsDir(a));
            MetricStore storeB(metricsDir(b));
            for (int i = 0; i <= 10; ++i) {
                QVERIFY(storeA.append(QStringLiteral("loss"), i, 10.0 + i, 1000 + i));
                if (i % 2 == 0) // b logs every second step only
                    QVERIFY(storeB.append(QStringLiteral("loss"), i, 100.0 + i, 1000 + i));
            }
        }
        MetricsChartWidget widget(*m_workspace);
        widget.resize(900, 700);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        widget.setRuns({a, b});
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), b).size(), 6, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), a).size(), 11, 10000);
        MetricChartView* view = widget.chartView(QStringLiteral("loss"));
        QChart* chart = view->chart();
        QTRY_VERIFY(chart->plotArea().width() > 100);
        auto* series = qobject_cast<QLineSeries*>(chart->series().constLast());
        QVERIFY(series);
        const auto viewportPoint = [view, chart, series](double x, double y) {
            const QPointF inChart = chart->mapToPosition(QPointF(x, y), series);
            return view->mapFromScene(chart->mapToScene(inChart));
        };

        // Between steps 5 and 6, nearer 6: a's value at 5, and b's at 4 (its last point before 5.8).
        QTest::mouseMove(view->viewport(), viewportPoint(5.8, 50));
        QTRY_VERIFY(view->isCrosshairVisible());
        QTRY_VERIFY(!widget.crosshairLines(QStringLiteral("loss")).isEmpty());
        QStringList lines = widget.crosshairLines(QStringLiteral("loss"));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QStringLiteral("step 5"));
        QVERIFY2(lines[1].endsWith(a + QStringLiteral(": 15")), qPrintable(lines.join(u'|')));
        QVERIFY2(lines[2].endsWith(b + QStringLiteral(": 104")), qPrintable(lines.join(u'|')));
        QVERIFY(std::abs(view->crosshairX() - 5.8) < 0.1);
        QVERIFY(view->crosshairBox()->isVisible());
        QVERIFY(view->viewport()->rect().contains(view->crosshairBox()->geometry()));

        // Further right, at step 8 exactly: both have a point there.
        QTest::mouseMove(view->viewport(), viewportPoint(8.02, 50));
        QTRY_VERIFY(widget.crosshairLines(QStringLiteral("loss")).value(0) == QStringLiteral("step 8"));
        lines = widget.crosshairLines(QStringLiteral("loss"));
        QVERIFY2(lines[1].endsWith(QStringLiteral(": 18")) && lines[2].endsWith(QStringLiteral(": 108")),
                 qPrintable(lines.join(u'|')));

        // Out of the plot area (over the title): no crosshair.
        QTest::mouseMove(view->viewport(), QPoint(view->viewport()->width() / 2, 3));
        QTRY_VERIFY(!view->isCrosshairVisible());
        QVERIFY(widget.crosshairLines(QStringLiteral("loss")).isEmpty());
    }

    // Losses and accuracies never go below zero, so neither does their axis; nor above zero for a series that
    // is never positive. The ticks are whole steps of 1, 2 or 5 × 10^k.
    void yAxisKeepsToTheSignOfTheData()
    {
        const QString run = newRun();
        {
            MetricStore store(metricsDir(run));
            for (int i = 0; i <= 20; ++i) {
                QVERIFY(store.append(QStringLiteral("accuracy"), i, i / 20.0, 1000 + i));
                QVERIFY(store.append(QStringLiteral("loss"), i, 0.02 + 2.0 / (1 + i), 1000 + i));
                QVERIFY(store.append(QStringLiteral("reward"), i, -3.0 + i * 0.1, 1000 + i));
            }
        }
        MetricsChartWidget widget(*m_workspace);
        widget.resize(900, 900);
        widget.show();
        widget.setRuns({run});
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("reward"), run).size(), 21, 10000);
        const auto isNice = [](double step) {
            const double magnitude = std::pow(10.0, std::floor(std::log10(step)));
            const double f = step / magnitude;
            return std::abs(f - 1) < 1e-9 || std::abs(f - 2) < 1e-9 || std::abs(f - 5) < 1e-9;
        };
        for (const QString& metric : {QStringLiteral("accuracy"), QStringLiteral("loss")}) {
            const auto range = widget.yRange(metric);
            QCOMPARE(range.first, 0.0);
            QVERIFY2(range.second >= (metric == QStringLiteral("accuracy") ? 1.0 : 2.02), qPrintable(metric));
            const int ticks = widget.yTickCount(metric);
            QVERIFY(ticks >= 3 && ticks <= 12);
            QVERIFY2(isNice((range.second - range.first) / (ticks - 1)), qPrintable(metric));
        }
        const auto reward = widget.yRange(QStringLiteral("reward"));
        QVERIFY2(reward.second <= 0.0 && reward.second >= -1.0, qPrintable(QString::number(reward.second)));
        QVERIFY(reward.first <= -3.0 && reward.first >= -4.0);
        QVERIFY(isNice((reward.second - reward.first) / (widget.yTickCount(QStringLiteral("reward")) - 1)));

        // The tidy range itself.
        const auto nice = MetricsChartWidget::niceRange(0.11, 2.1);
        QCOMPARE(nice.min, 0.0);
        QCOMPARE(nice.step, 0.5);
        QCOMPARE(nice.max, 2.5);
        const auto negative = MetricsChartWidget::niceRange(-7.3, -0.2);
        QCOMPARE(negative.step, 1.0);
        QCOMPARE(negative.min, -8.0);
        QCOMPARE(negative.max, 0.0);
    }

    // The charts fill the width: 3 columns when the tab is wide, 2 at a middling width, 1 when narrow,
    // recomputed as the widget is resized.
    void chartGridFollowsTheWidth()
    {
        const QString run = newRun();
        {
            MetricStore store(metricsDir(run));
            for (int i = 0; i < 3; ++i)
                for (const QString& metric : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")})
                    QVERIFY(store.append(metric, i, i, 1000 + i));
        }
        MetricsChartWidget widget(*m_workspace);
        widget.resize(2100, 800);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        widget.setRuns({run});
        QTRY_COMPARE_WITH_TIMEOUT(widget.chartTitles().size(), 4, 10000);
        const auto panelOf = [&widget](const QString& title) { return widget.chartView(title)->parentWidget(); };
        QTRY_COMPARE(widget.gridColumns(), 3);
        QTRY_VERIFY(panelOf(QStringLiteral("c"))->x() > panelOf(QStringLiteral("b"))->x() &&
                    panelOf(QStringLiteral("b"))->x() > panelOf(QStringLiteral("a"))->x());
        QVERIFY(panelOf(QStringLiteral("a"))->y() == panelOf(QStringLiteral("c"))->y());
        QVERIFY(panelOf(QStringLiteral("d"))->y() > panelOf(QStringLiteral("a"))->y());
        QVERIFY(panelOf(QStringLiteral("a"))->width() > 300);

        widget.resize(1400, 800);
        QTRY_COMPARE(widget.gridColumns(), 2);
        QTRY_VERIFY(panelOf(QStringLiteral("c"))->y() > panelOf(QStringLiteral("a"))->y());
        QVERIFY(panelOf(QStringLiteral("b"))->y() == panelOf(QStringLiteral("a"))->y());

        widget.resize(700, 800);
        QTRY_COMPARE(widget.gridColumns(), 1);
        QTRY_VERIFY(panelOf(QStringLiteral("b"))->y() > panelOf(QStringLiteral("a"))->y());
        QCOMPARE(panelOf(QStringLiteral("b"))->x(), panelOf(QStringLiteral("a"))->x());
        QCOMPARE(MetricsChartWidget::columnsForWidth(600), 1);
        QCOMPARE(MetricsChartWidget::columnsForWidth(1200), 2);
        QCOMPARE(MetricsChartWidget::columnsForWidth(1600), 3);
    }

    // Right-click → "Export image…": a PNG that loads as an image of the chart with its legend under it, an
    // SVG that parses as XML with an <svg> root and names both runs; another suffix is refused with a message
    // naming the file.
    void exportWritesPngAndSvg()
    {
        const QString run = newRun();
        const QString other = newRun();
        writeLoss(run, 50);
        writeLoss(other, 30);
        MetricsChartWidget widget(*m_workspace);
        widget.resize(900, 700);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
        widget.setRuns({run, other});
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), run).size(), 50, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(widget.seriesPoints(QStringLiteral("loss"), other).size(), 30, 10000);
        MetricChartView* view = widget.chartView(QStringLiteral("loss"));
        QTRY_VERIFY(view->chart()->plotArea().width() > 100); // laid out
        QVERIFY(view->exportAction());
        QCOMPARE(view->exportAction()->text(), QStringLiteral("Export image…"));
        QTemporaryDir out;
        const QString png = out.filePath(QStringLiteral("loss.png"));
        const QString svg = out.filePath(QStringLiteral("loss.svg"));

        UserPrompts::setNextPath(png);
        view->exportAction()->trigger();
        QImage image(png);
        QVERIFY2(!image.isNull(), "the PNG does not load");
        QCOMPARE(image.width(), view->viewport()->width() * 2);
        QVERIFY(image.height() > view->viewport()->height() * 2); // the legend rows under the chart
        QSet<QRgb> colours; // a chart, not a blank
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 5, qPrintable(QString::number(colours.size())));

        UserPrompts::setNextPath(svg);
        view->exportAction()->trigger();
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QString root;
        QString text;
        int paths = 0;
        while (!xml.atEnd()) {
            const auto token = xml.readNext();
            if (token == QXmlStreamReader::StartElement) {
                if (root.isEmpty())
                    root = xml.name().toString();
                if (xml.name() == QLatin1String("path") || xml.name() == QLatin1String("polyline"))
                    ++paths;
            } else if (token == QXmlStreamReader::Characters) {
                text += xml.text();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(root, QStringLiteral("svg"));
        QVERIFY(paths > 0);
        QVERIFY2(text.contains(run) && text.contains(other), qPrintable(text.left(300)));

        QString error;
        QVERIFY(!view->exportImage(out.filePath(QStringLiteral("loss.gif")), &error));
        QVERIFY2(error.contains(QStringLiteral("loss.gif")) && error.contains(QStringLiteral(".svg")), qPrintable(error));
        QVERIFY(!QFile::exists(out.filePath(QStringLiteral("loss.gif"))));
        QVERIFY(!view->exportImage(out.filePath(QStringLiteral("missing/loss.png")), &error));
        QVERIFY2(error.contains(QStringLiteral("missing/loss.png")), qPrintable(error));
    }
};

QTEST_MAIN(TestMetricsChartWidget)
#include "TestMetricsChartWidget.moc"
