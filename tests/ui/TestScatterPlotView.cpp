#include <QtTest>

#include "compare/PlotScale.h"
#include "compare/ScatterPlotPanel.h"
#include "compare/ScatterPlotView.h"

#include <QComboBox>
#include <QImage>
#include <QToolTip>

#include <cmath>
#include <limits>

// The scatter plot on a shown widget: hovered and clicked with real mouse events at the positions its
// geometry helpers give for runs, with its column pickers driven through the real combo boxes.
class TestScatterPlotView : public QObject
{
    Q_OBJECT

    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

    // Columns in the order a compare page might give them: a tag-less metric first, so that the default
    // pairing (first param against first metric) is not simply the first two columns.
    static PlotTable sampleTable()
    {
        PlotTable table;
        table.runIds = {QStringLiteral("r0"), QStringLiteral("r1"), QStringLiteral("r2"),
                        QStringLiteral("r3")};
        table.runLabels = {QStringLiteral("baseline"), QStringLiteral("reg=0.3"), QString(),
                           QStringLiteral("no loss")};
        table.axisKeys = {QStringLiteral("metrics.val.acc.max"), QStringLiteral("params.lr"),
                          QStringLiteral("metrics.loss.min")};
        table.values = {{0.7, 0.8, 0.75, 0.9}, {0.001, 0.01, 0.1, 0.05}, {0.9, 0.5, 0.2, kNaN}};
        return table;
    }

    static void showView(QWidget& widget)
    {
        widget.resize(700, 480);
        widget.show();
        QVERIFY(QTest::qWaitForWindowExposed(&widget));
    }

    static QPoint pointOf(const ScatterPlotView& view, int run) { return view.runPosition(run).toPoint(); }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void emptyStatesSayWhatIsMissing()
    {
        ScatterPlotView view;
        QVERIFY(view.emptyMessage().contains(QStringLiteral("at least two columns")));
        PlotTable noRuns;
        noRuns.axisKeys = {QStringLiteral("params.lr"), QStringLiteral("metrics.loss")};
        noRuns.values = {{}, {}};
        view.setTable(noRuns);
        QVERIFY(view.emptyMessage().contains(QStringLiteral("No runs")));
        PlotTable disjoint;
        disjoint.runIds = {QStringLiteral("a"), QStringLiteral("b")};
        disjoint.axisKeys = {QStringLiteral("params.lr"), QStringLiteral("metrics.loss")};
        disjoint.values = {{0.1, kNaN}, {kNaN, 0.5}};
        view.setTable(disjoint);
        QCOMPARE(view.emptyMessage(), QStringLiteral("No run has both params.lr and metrics.loss."));
        view.resize(400, 300);
        QVERIFY(!view.grab().isNull());
    }

    void defaultsToTheFirstParameterAgainstTheFirstMetric()
    {
        ScatterPlotView view;
        QSignalSpy axes(&view, &ScatterPlotView::axesChanged);
        view.setTable(sampleTable());
        QCOMPARE(view.xAxis(), 1);
        QCOMPARE(view.yAxis(), 0);
        QCOMPARE(axes.count(), 1);
        // A new table with the same keys in another order keeps the chosen columns by key.
        view.setAxes(1, 2);
        PlotTable reordered = sampleTable();
        std::swap(reordered.axisKeys[0], reordered.axisKeys[2]);
        std::swap(reordered.values[0], reordered.values[2]);
        view.setTable(reordered);
        QCOMPARE(view.xKey(), QStringLiteral("params.lr"));
        QCOMPARE(view.yKey(), QStringLiteral("metrics.loss.min"));
        QVERIFY(view.setAxisKeys(QStringLiteral("metrics.val.acc.max"), QStringLiteral("params.lr")));
        QCOMPARE(view.xAxis(), 2);
        QCOMPARE(view.yAxis(), 1);
        QVERIFY(!view.setAxisKeys(QStringLiteral("params.none"), QStringLiteral("params.lr")));
        QCOMPARE(view.xKey(), QStringLiteral("metrics.val.acc.max"));
    }

    void pickersAndViewFollowEachOther()
    {
        ScatterPlotPanel panel;
        panel.setTable(sampleTable());
        showView(panel);
        QCOMPARE(panel.xPicker()->count(), 3);
        QCOMPARE(panel.xPicker()->currentText(), QStringLiteral("params.lr"));
        QCOMPARE(panel.yPicker()->currentText(), QStringLiteral("metrics.val.acc.max"));
        QSignalSpy axes(panel.view(), &ScatterPlotView::axesChanged);
        // A real choice in the Y picker: open it with the keyboard and take the third entry.
        panel.yPicker()->setFocus();
        QTest::keyClick(panel.yPicker(), Qt::Key_End);
        QCOMPARE(panel.view()->yAxis(), 2);
        QCOMPARE(axes.count(), 1);
        QCOMPARE(axes.last().at(1).toInt(), 2);
        panel.view()->setAxes(2, 1);
        QCOMPARE(panel.xPicker()->currentText(), QStringLiteral("metrics.loss.min"));
        QCOMPARE(panel.yPicker()->currentText(), QStringLiteral("params.lr"));
    }

    void axesHaveNiceTicksAroundTheData()
    {
        ScatterPlotView view;
        PlotTable table;
        table.runIds = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        table.axisKeys = {QStringLiteral("params.epochs"), QStringLiteral("metrics.acc")};
        table.values = {{3, 50, 97}, {0.612, 0.7, 0.781}};
        view.setTable(table);
        QCOMPARE(view.xScale().ticks(), (QVector<double>{0, 20, 40, 60, 80, 100}));
        QCOMPARE(view.xScale().min(), 0.0);
        QCOMPARE(view.xScale().max(), 100.0);
        QCOMPARE(view.xScale().tickLabel(40), QStringLiteral("40"));
        QVERIFY(view.yScale().min() <= 0.612 && view.yScale().max() >= 0.781);
        QCOMPARE(view.yScale().tickLabel(view.yScale().ticks().first()), QStringLiteral("0.60"));
        QCOMPARE(PlotScale::rounded(PlotValueRange::between(5, 5), 6).ticks().isEmpty(), false);
        // Non-negative values never get an axis below zero, non-positive ones none above it.
        QCOMPARE(PlotScale::rounded(PlotValueRange::between(0.0001, 0.1), 6).min(), 0.0);
        QCOMPARE(PlotScale::rounded(PlotValueRange::between(-0.1, -0.0001), 6).max(), 0.0);
        QVERIFY(PlotScale::rounded(PlotValueRange::between(-0.1, 0.1), 6).min() < -0.1);
    }

    void pointsSitAtTheirValuesAndRunsWithoutOneHaveNone()
    {
        ScatterPlotView view;
        view.setTable(sampleTable());
        view.setAxes(1, 2);
        showView(view);
        const QRect plot = view.plotRect();
        for (int run = 0; run < 3; ++run)
            QVERIFY(plot.contains(pointOf(view, run)));
        QVERIFY(view.runPosition(0).x() < view.runPosition(1).x());
        QVERIFY(view.runPosition(0).y() < view.runPosition(2).y()); // higher loss is drawn higher up
        QVERIFY(std::isnan(view.runPosition(3).x()));
        QCOMPARE(view.missingCount(), 1);
    }

    void hoverShowsTheRunAndItsValues()
    {
        ScatterPlotView view;
        view.setTable(sampleTable());
        view.setAxes(1, 2);
        showView(view);
        QTest::mouseMove(&view, pointOf(view, 1) + QPoint(2, -1));
        QTRY_COMPARE_WITH_TIMEOUT(QToolTip::text(),
                                  QStringLiteral("reg=0.3\nparams.lr: 0.01\nmetrics.loss.min: 0.5"), 5000);
        // A run without a label shows its id.
        QTest::mouseMove(&view, pointOf(view, 2));
        QTRY_COMPARE_WITH_TIMEOUT(QToolTip::text(),
                                  QStringLiteral("r2\nparams.lr: 0.1\nmetrics.loss.min: 0.2"), 5000);
        QTest::mouseMove(&view, view.plotRect().center() + QPoint(1, 1));
        QVERIFY(view.runAt(view.plotRect().center() + QPoint(1, 1)) < 0);
        QTRY_VERIFY_WITH_TIMEOUT(!QToolTip::isVisible(), 5000);
    }

    void clickSelectsTheRunUnderThePointer()
    {
        ScatterPlotView view;
        view.setTable(sampleTable());
        view.setAxes(1, 2);
        showView(view);
        QSignalSpy clicked(&view, &ScatterPlotView::runClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, pointOf(view, 0) + QPoint(-2, 2));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.last().at(0).toString(), QStringLiteral("r0"));
        QCOMPARE(view.currentRun(), QStringLiteral("r0"));
        // Away from every point (high lr with high loss: no run): no click.
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.valueToPoint(0.1, 0.9).toPoint());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(view.currentRun(), QStringLiteral("r0"));
        QTest::mouseClick(&view, Qt::LeftButton, {}, pointOf(view, 2));
        QCOMPARE(clicked.last().at(0).toString(), QStringLiteral("r2"));
    }

    void pressOnOnePointAndReleaseElsewhereIsNoClick()
    {
        ScatterPlotView view;
        view.setTable(sampleTable());
        view.setAxes(1, 2);
        showView(view);
        QSignalSpy clicked(&view, &ScatterPlotView::runClicked);
        QTest::mousePress(&view, Qt::LeftButton, {}, pointOf(view, 0));
        QTest::mouseMove(&view, pointOf(view, 1));
        QTest::mouseRelease(&view, Qt::LeftButton, {}, pointOf(view, 1));
        QCOMPARE(clicked.count(), 0);
        QCOMPARE(view.currentRun(), QString());
    }

    // The brushed selection from the parallel coordinates: selected points in the highlight colour, the
    // rest in a faded grey, read from the rendered pixels.
    void selectedRunsAreHighlightedOthersFaded()
    {
        ScatterPlotView view;
        QPalette palette = view.palette();
        palette.setColor(QPalette::Base, Qt::white);
        palette.setColor(QPalette::Text, Qt::black);
        palette.setColor(QPalette::Highlight, QColor(0, 90, 255));
        view.setPalette(palette);
        view.setTable(sampleTable());
        view.setAxes(1, 2);
        showView(view);
        view.setSelectedRuns({QStringLiteral("r1"), QStringLiteral("unknown")});
        QVERIFY(view.isRunSelected(1));
        QVERIFY(!view.isRunSelected(0));
        const QImage image = view.grab().toImage();
        const QColor selected = image.pixelColor(pointOf(view, 1));
        const QColor faded = image.pixelColor(pointOf(view, 0));
        QVERIFY2(selected.blue() - selected.red() > 100, qPrintable(selected.name()));
        QVERIFY2(std::abs(faded.blue() - faded.red()) < 20 && faded.red() < 250 && faded.red() > 120,
                 qPrintable(faded.name()));
    }
};

QTEST_MAIN(TestScatterPlotView)
#include "TestScatterPlotView.moc"
