#include <QtTest>

#include "compare/ParallelCoordinatesView.h"

#include <QImage>

#include <cmath>
#include <limits>

// The parallel coordinates on a shown widget, brushed with real mouse presses, moves and releases at the
// positions its geometry helpers give for values, and checked through its selection signal and its pixels.
class TestParallelCoordinatesView : public QObject
{
    Q_OBJECT

    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

    // Six runs over three columns; r4 has no lr, r5 no loss.
    static PlotTable sampleTable()
    {
        PlotTable table;
        table.runIds = {QStringLiteral("r0"), QStringLiteral("r1"), QStringLiteral("r2"),
                        QStringLiteral("r3"), QStringLiteral("r4"), QStringLiteral("r5")};
        table.runLabels = {QStringLiteral("lr=0.001"), QStringLiteral("lr=0.01"), QStringLiteral("lr=0.1"),
                           QStringLiteral("lr=0.05"),  QStringLiteral("no lr"),   QStringLiteral("lr=0.02")};
        table.axisKeys = {QStringLiteral("params.lr"), QStringLiteral("metrics.loss.min"),
                          QStringLiteral("params.batch")};
        table.values = {
            {0.001, 0.01, 0.1, 0.05, kNaN, 0.02}, {0.9, 0.5, 0.2, 0.3, 0.4, kNaN}, {16, 32, 64, 32, 16, 64}};
        return table;
    }

    static QPoint at(const ParallelCoordinatesView& view, int axis, double value)
    {
        return QPoint(view.axisX(axis), int(std::lround(view.valueToY(axis, value))));
    }

    // A real drag along `axis` from one value to another, in several moves as a hand makes them.
    static void drag(ParallelCoordinatesView& view, int axis, double from, double to)
    {
        const QPoint start = at(view, axis, from);
        const QPoint end = at(view, axis, to);
        QTest::mousePress(&view, Qt::LeftButton, {}, start);
        for (int step = 1; step <= 4; ++step)
            QTest::mouseMove(&view, start + (end - start) * step / 4);
        QTest::mouseRelease(&view, Qt::LeftButton, {}, end);
    }

    static void click(ParallelCoordinatesView& view, int axis, double value)
    {
        QTest::mouseClick(&view, Qt::LeftButton, {}, at(view, axis, value));
    }

    static void showView(ParallelCoordinatesView& view)
    {
        view.resize(800, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
    }

    // The pixel near (x, y) that differs most from the background: a line's colour, whatever its
    // antialiasing spread it over.
    static QColor strongestNear(const QImage& image, int x, int y, QColor background)
    {
        QColor best = background;
        int bestDistance = -1;
        for (int dy = -2; dy <= 2; ++dy) {
            const QColor c = image.pixelColor(x, y + dy);
            const int distance = std::abs(c.red() - background.red()) +
                                 std::abs(c.green() - background.green()) +
                                 std::abs(c.blue() - background.blue());
            if (distance > bestDistance) {
                best = c;
                bestDistance = distance;
            }
        }
        return best;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void emptyStatesSayWhatIsMissing()
    {
        ParallelCoordinatesView view;
        QVERIFY(view.emptyMessage().contains(QStringLiteral("at least two columns")));
        PlotTable oneColumn = sampleTable();
        oneColumn.axisKeys = oneColumn.axisKeys.mid(0, 1);
        oneColumn.values = oneColumn.values.mid(0, 1);
        view.setTable(oneColumn);
        QVERIFY(view.emptyMessage().contains(QStringLiteral("at least two columns")));
        PlotTable noRuns;
        noRuns.axisKeys = {QStringLiteral("params.lr"), QStringLiteral("metrics.loss")};
        noRuns.values = {{}, {}};
        view.setTable(noRuns);
        QVERIFY(view.emptyMessage().contains(QStringLiteral("No runs")));
        view.resize(400, 300);
        QVERIFY(!view.grab().isNull()); // paints the message without touching absent data
        view.setTable(sampleTable());
        QVERIFY(view.emptyMessage().isEmpty());
    }

    void axesEndAtTheDataAndNaNGoesToTheMissingBand()
    {
        ParallelCoordinatesView view;
        view.setTable(sampleTable());
        showView(view);
        QVERIFY(view.axisX(0) < view.axisX(1));
        QVERIFY(view.axisX(1) < view.axisX(2));
        QCOMPARE(view.scale(0).min(), 0.001);
        QCOMPARE(view.scale(0).max(), 0.1);
        QCOMPARE(view.valueToY(0, 0.1), double(view.axisTop()));
        QCOMPARE(view.valueToY(0, 0.001), double(view.axisBottom()));
        QCOMPARE(view.valueToY(0, kNaN), double(view.missingY()));
        QVERIFY(view.missingY() > view.axisBottom());
        QVERIFY(!view.scale(2).ticks().isEmpty());
        for (double tick : view.scale(2).ticks())
            QVERIFY(tick >= 16 && tick <= 64 && std::fmod(tick, 10) == 0);
    }

    void dragOnAnAxisSelectsExactlyTheRunsInRange()
    {
        ParallelCoordinatesView view;
        view.setTable(sampleTable());
        showView(view);
        QSignalSpy selection(&view, &ParallelCoordinatesView::selectionChanged);
        drag(view, 0, 0.009, 0.06);
        QVERIFY(!selection.isEmpty());
        const QStringList expected = {QStringLiteral("r1"), QStringLiteral("r3"), QStringLiteral("r5")};
        QCOMPARE(selection.last().at(0).toStringList(), expected);
        QCOMPARE(view.selectedRunIds(), expected);
        QCOMPARE(view.brushes().keys(), QList<int>{0});
        QVERIFY(std::abs(view.brushes().value(0).min - 0.009) < 0.001);
        QVERIFY(std::abs(view.brushes().value(0).max - 0.06) < 0.001);
        QVERIFY(!view.isRunSelected(4)); // no lr: never inside an lr brush
    }

    void dragUpwardsSelectsTheSameAsDownwards()
    {
        ParallelCoordinatesView view;
        view.setTable(sampleTable());
        showView(view);
        drag(view, 0, 0.06, 0.009);
        QCOMPARE(view.selectedRunIds(),
                 (QStringList{QStringLiteral("r1"), QStringLiteral("r3"), QStringLiteral("r5")}));
    }

    void brushesOnTwoAxesAndTogether()
    {
        ParallelCoordinatesView view;
        view.setTable(sampleTable());
        showView(view);
        QSignalSpy selection(&view, &ParallelCoordinatesView::selectionChanged);
        drag(view, 0, 0.009, 0.06); // r1 r3 r5
        drag(view, 1, 0.25, 0.45);  // r3 r4 alone
        QCOMPARE(selection.last().at(0).toStringList(), QStringList{QStringLiteral("r3")});
        QCOMPARE(view.brushes().keys(), (QList<int>{0, 1}));
    }

    void clickOnAnAxisClearsOnlyThatBrush()
    {
        ParallelCoordinatesView view;
        view.setTable(sampleTable());
        showView(view);
        drag(view, 0, 0.009, 0.06);
        drag(view, 1, 0.25, 0.45);
        QSignalSpy selection(&view, &ParallelCoordinatesView::selectionChanged);
        click(view, 0, 0.03);
        QCOMPARE(view.brushes().keys(), QList<int>{1});
        QCOMPARE(selection.count(), 1);
        QCOMPARE(selection.last().at(0).toStringList(),
                 (QStringList{QStringLiteral("r3"), QStringLiteral("r4")}));
        click(view, 1, 0.8);
        QVERIFY(view.brushes().isEmpty());
        QCOMPARE(selection.last().at(0).toStringList(), sampleTable().runIds);
    }

    void aNewDragReplacesTheAxisBrush()
    {
        ParallelCoordinatesView view;
        view.setTable(sampleTable());
        showView(view);
        drag(view, 2, 20, 40); // batch 32: r1 r3
        QCOMPARE(view.selectedRunIds(), (QStringList{QStringLiteral("r1"), QStringLiteral("r3")}));
        drag(view, 2, 50, 70); // batch 64: r2 r5
        QCOMPARE(view.selectedRunIds(), (QStringList{QStringLiteral("r2"), QStringLiteral("r5")}));
        QCOMPARE(view.brushes().size(), 1);
    }

    void dragBeyondTheAxisEndsTakesTheWholeAxisButNotMissingValues()
    {
        ParallelCoordinatesView view;
        view.setTable(sampleTable());
        showView(view);
        const QPoint above(view.axisX(1), view.axisTop() - 8);
        const QPoint below(view.axisX(1), view.axisBottom() + 30);
        QTest::mousePress(&view, Qt::LeftButton, {}, above);
        QTest::mouseMove(&view, (above + below) / 2);
        QTest::mouseMove(&view, below);
        QTest::mouseRelease(&view, Qt::LeftButton, {}, below);
        QCOMPARE(view.selectedRunIds(),
                 (QStringList{QStringLiteral("r0"), QStringLiteral("r1"), QStringLiteral("r2"),
                              QStringLiteral("r3"), QStringLiteral("r4")}));
    }

    void dragAwayFromTheAxesBrushesNothing()
    {
        ParallelCoordinatesView view;
        view.setTable(sampleTable());
        showView(view);
        QSignalSpy selection(&view, &ParallelCoordinatesView::selectionChanged);
        const int between = (view.axisX(0) + view.axisX(1)) / 2;
        QTest::mousePress(&view, Qt::LeftButton, {}, QPoint(between, view.axisTop() + 10));
        QTest::mouseMove(&view, QPoint(between, view.axisBottom() - 10));
        QTest::mouseRelease(&view, Qt::LeftButton, {}, QPoint(between, view.axisBottom() - 10));
        QVERIFY(view.brushes().isEmpty());
        QCOMPARE(selection.count(), 0);
    }

    void setBrushApiSignalsOnlyWhenTheSelectionChanges()
    {
        ParallelCoordinatesView view;
        view.setTable(sampleTable());
        QSignalSpy selection(&view, &ParallelCoordinatesView::selectionChanged);
        view.setBrush(1, 0.45, 0.95); // r0 r1
        QCOMPARE(selection.count(), 1);
        QCOMPARE(selection.last().at(0).toStringList(),
                 (QStringList{QStringLiteral("r0"), QStringLiteral("r1")}));
        view.setBrush(1, 0.46, 0.95); // same runs
        QCOMPARE(selection.count(), 1);
        view.clearBrushes();
        QCOMPARE(selection.count(), 2);
        QCOMPARE(view.selectedRunIds(), sampleTable().runIds);
    }

    // Brushed-in lines in the highlight colour, the others in a faded grey: read from the rendered pixels
    // halfway between the first two axes, on two runs whose lines run level.
    void brushedLinesAreHighlightedOthersFaded()
    {
        PlotTable table;
        table.runIds = {QStringLiteral("low"), QStringLiteral("high")};
        table.axisKeys = {QStringLiteral("params.a"), QStringLiteral("params.b")};
        table.values = {{0, 10}, {0, 10}};
        ParallelCoordinatesView view;
        QPalette palette = view.palette();
        palette.setColor(QPalette::Base, Qt::white);
        palette.setColor(QPalette::Text, Qt::black);
        palette.setColor(QPalette::Highlight, QColor(0, 90, 255));
        view.setPalette(palette);
        view.setTable(table);
        showView(view);
        drag(view, 0, 8, 11);
        QCOMPARE(view.selectedRunIds(), QStringList{QStringLiteral("high")});
        const QImage image = view.grab().toImage();
        const int x = (view.axisX(0) + view.axisX(1)) / 2;
        const QColor high = strongestNear(image, x, int(std::lround(view.valueToY(0, 10))), Qt::white);
        const QColor low = strongestNear(image, x, int(std::lround(view.valueToY(0, 0))), Qt::white);
        QVERIFY2(high.blue() - high.red() > 100, qPrintable(high.name()));
        QVERIFY2(std::abs(low.blue() - low.red()) < 20 && low.red() < 250, qPrintable(low.name()));
        QVERIFY2(low.red() > high.red(), "the faded line is lighter than the highlighted one");
    }

    void colourAxisGradesTheLinesFromBlueToAmber()
    {
        PlotTable table;
        table.runIds = {QStringLiteral("low"), QStringLiteral("high")};
        table.axisKeys = {QStringLiteral("params.a"), QStringLiteral("metrics.b")};
        table.values = {{0, 10}, {0, 10}};
        ParallelCoordinatesView view;
        QPalette palette = view.palette();
        palette.setColor(QPalette::Base, Qt::white);
        view.setPalette(palette);
        view.setTable(table);
        showView(view);
        view.setColorAxis(1);
        QCOMPARE(view.colorAxis(), 1);
        const QImage image = view.grab().toImage();
        const int x = (view.axisX(0) + view.axisX(1)) / 2;
        const QColor high = strongestNear(image, x, int(std::lround(view.valueToY(0, 10))), Qt::white);
        const QColor low = strongestNear(image, x, int(std::lround(view.valueToY(0, 0))), Qt::white);
        QVERIFY2(high.red() > high.blue() + 80, qPrintable(high.name()));
        QVERIFY2(low.blue() > low.red() + 80, qPrintable(low.name()));
    }

    // Above a few hundred runs the lines are counted per pixel instead of painted: the same colours.
    void manyRunsAreDrawnHighlightedFadedAndGraded()
    {
        PlotTable table;
        constexpr int kRuns = 600;
        table.axisKeys = {QStringLiteral("params.a"), QStringLiteral("params.b")};
        table.values = {QVector<double>(kRuns), QVector<double>(kRuns)};
        for (int run = 0; run < kRuns; ++run) {
            table.runIds.append(QStringLiteral("run-%1").arg(run));
            const double value = run % 2 == 0 ? 0 : 10; // level lines: even runs low, odd runs high
            table.values[0][run] = value;
            table.values[1][run] = value;
        }
        ParallelCoordinatesView view;
        QPalette palette = view.palette();
        palette.setColor(QPalette::Base, Qt::white);
        palette.setColor(QPalette::Text, Qt::black);
        palette.setColor(QPalette::Highlight, QColor(0, 90, 255));
        view.setPalette(palette);
        view.setTable(table);
        showView(view);
        drag(view, 0, 8, 11);
        QCOMPARE(view.selectedRunIds().size(), kRuns / 2);
        const int x = (view.axisX(0) + view.axisX(1)) / 2;
        QImage image = view.grab().toImage();
        QColor high = strongestNear(image, x, int(std::lround(view.valueToY(0, 10))), Qt::white);
        QColor low = strongestNear(image, x, int(std::lround(view.valueToY(0, 0))), Qt::white);
        QVERIFY2(high.blue() - high.red() > 100, qPrintable(high.name()));
        QVERIFY2(std::abs(low.blue() - low.red()) < 20 && low.red() < 200, qPrintable(low.name()));
        // A clear stretch between the two bundles stays background.
        QCOMPARE(image.pixelColor(x, int(std::lround(view.valueToY(0, 5)))), QColor(Qt::white));

        view.clearBrushes();
        view.setColorAxis(1);
        image = view.grab().toImage();
        high = strongestNear(image, x, int(std::lround(view.valueToY(0, 10))), Qt::white);
        low = strongestNear(image, x, int(std::lround(view.valueToY(0, 0))), Qt::white);
        QVERIFY2(high.red() > high.blue() + 80, qPrintable(high.name()));
        QVERIFY2(low.blue() > low.red() + 80, qPrintable(low.name()));
    }

    void followsADarkPalette()
    {
        ParallelCoordinatesView view;
        QPalette dark = view.palette();
        dark.setColor(QPalette::Base, QColor(20, 20, 20));
        dark.setColor(QPalette::Text, QColor(235, 235, 235));
        view.setPalette(dark);
        view.setTable(sampleTable());
        showView(view);
        const QImage image = view.grab().toImage();
        QCOMPARE(image.pixelColor(2, view.height() / 2), QColor(20, 20, 20));
        // The axis line is drawn in the text colour.
        const QColor axis = image.pixelColor(view.axisX(1), (view.axisTop() + view.axisBottom()) / 2);
        QVERIFY2(axis.lightness() > 200, qPrintable(axis.name()));
    }

    void currentRunIsKeptByIdAndClearedByANewTable()
    {
        ParallelCoordinatesView view;
        view.setTable(sampleTable());
        view.setCurrentRun(QStringLiteral("r2"));
        QCOMPARE(view.currentRun(), QStringLiteral("r2"));
        view.setCurrentRun(QStringLiteral("no-such-run"));
        QCOMPARE(view.currentRun(), QString());
        view.setCurrentRun(QStringLiteral("r3"));
        view.setBrush(0, 0, 1);
        view.setTable(sampleTable());
        QCOMPARE(view.currentRun(), QString());
        QVERIFY(view.brushes().isEmpty());
    }

    // Above a few hundred runs a moved brush only recounts the runs that entered or left the selection: after
    // a drag drawn step by step (each step painted), brushes on two axes, a colour axis and a cleared brush,
    // the picture is pixel for pixel the one a fresh view draws for the same brushes at once.
    void incrementalBrushingDrawsWhatAFreshViewDraws()
    {
        PlotTable table;
        constexpr int kRuns = 3000;
        table.axisKeys = {QStringLiteral("params.a"), QStringLiteral("params.b"), QStringLiteral("metrics.c")};
        table.values = {QVector<double>(kRuns), QVector<double>(kRuns), QVector<double>(kRuns)};
        for (int run = 0; run < kRuns; ++run) {
            table.runIds.append(QStringLiteral("run-%1").arg(run));
            table.values[0][run] = (run * 7919) % 1000;
            table.values[1][run] = run % 13 == 0 ? kNaN : (run * 104729) % 997;
            table.values[2][run] = std::sin(run * 0.37) * 50;
        }
        auto prepare = [&table](ParallelCoordinatesView& view) {
            view.setTable(table);
            view.resize(700, 420);
            view.show();
            return QTest::qWaitForWindowExposed(&view);
        };
        auto sameAsFresh = [&](ParallelCoordinatesView& brushed, const char* when) {
            ParallelCoordinatesView fresh;
            if (!prepare(fresh))
                return false;
            fresh.setColorAxis(brushed.colorAxis());
            const auto brushes = brushed.brushes();
            for (auto brush = brushes.cbegin(); brush != brushes.cend(); ++brush)
                fresh.setBrush(brush.key(), brush.value().min, brush.value().max);
            if (fresh.selectedRunIds() != brushed.selectedRunIds()) {
                qWarning("%s: another selection", when);
                return false;
            }
            if (fresh.grab().toImage() != brushed.grab().toImage()) {
                qWarning("%s: another picture", when);
                return false;
            }
            return true;
        };

        ParallelCoordinatesView view;
        QVERIFY(prepare(view));
        // A drag on axis 1 painted after every move: the first move selects most runs anew, the later ones
        // a few runs each.
        QPoint start = at(view, 1, 300);
        QTest::mousePress(&view, Qt::LeftButton, {}, start);
        for (int step = 1; step <= 12; ++step) {
            QTest::mouseMove(&view, start + QPoint(0, 6 * step));
            QVERIFY(!view.grab().isNull());
        }
        QTest::mouseRelease(&view, Qt::LeftButton, {}, start + QPoint(0, 72));
        QVERIFY(view.selectedRunIds().size() > 100 && view.selectedRunIds().size() < kRuns / 2);
        QVERIFY(sameAsFresh(view, "one brush"));

        view.setColorAxis(2);
        QVERIFY(!view.grab().isNull());
        start = at(view, 0, 200);
        QTest::mousePress(&view, Qt::LeftButton, {}, start);
        for (int step = 1; step <= 12; ++step) {
            QTest::mouseMove(&view, start - QPoint(0, 8 * step));
            QVERIFY(!view.grab().isNull());
        }
        QTest::mouseRelease(&view, Qt::LeftButton, {}, start - QPoint(0, 96));
        QVERIFY(sameAsFresh(view, "two brushes, coloured"));

        view.clearBrush(1);
        QVERIFY(!view.grab().isNull());
        QVERIFY(sameAsFresh(view, "one brush cleared"));
    }

    // Brushing stays exact on a large table, where the lines are drawn without antialiasing.
    void brushingTenThousandRuns()
    {
        PlotTable table;
        constexpr int kRuns = 10000;
        table.axisKeys = {QStringLiteral("params.i"), QStringLiteral("params.j")};
        table.values = {QVector<double>(kRuns), QVector<double>(kRuns)};
        for (int run = 0; run < kRuns; ++run) {
            table.runIds.append(QStringLiteral("run-%1").arg(run));
            table.values[0][run] = run;
            table.values[1][run] = kRuns - run;
        }
        ParallelCoordinatesView view;
        view.setTable(table);
        showView(view);
        drag(view, 0, 2000, 4000);
        const QPair<double, double> range{view.brushes().value(0).min, view.brushes().value(0).max};
        int expected = 0;
        for (int run = 0; run < kRuns; ++run)
            expected += run >= range.first && run <= range.second ? 1 : 0;
        QCOMPARE(view.selectedRunIds().size(), expected);
        QVERIFY(expected > 1900 && expected < 2100);
        QVERIFY(!view.grab().isNull());
    }
};

QTEST_MAIN(TestParallelCoordinatesView)
#include "TestParallelCoordinatesView.moc"
