#include <QtTest>

#include "compare/PlotScale.h"
#include "compare/PlotStyle.h"

#include <QImage>
#include <QPainter>
#include <QWidget>

// What the parallel coordinates and the scatter share: pixel positions along an axis either way round, the
// message in place of a plot, and labels kept inside the widget.
class TestPlotStyle : public QObject
{
    Q_OBJECT

private slots:
    void positionsRunEitherWayAlongAnAxis()
    {
        const PlotScale scale = PlotScale::exact(PlotValueRange::between(10, 20), 5);
        // A vertical axis: min at the bottom (y 300), max at the top (y 100).
        QCOMPARE(scale.position(10, 300, 100), 300.0);
        QCOMPARE(scale.position(20, 300, 100), 100.0);
        QCOMPARE(scale.position(15, 300, 100), 200.0);
        QCOMPARE(scale.valueAtPosition(200, 300, 100), 15.0);
        // Past the ends the value stops at them, so that a brush dragged beyond an end takes it whole.
        QCOMPARE(scale.valueAtPosition(50, 300, 100), 20.0);
        QCOMPARE(scale.valueAtPosition(350, 300, 100), 10.0);
        // A horizontal one, left to right.
        QCOMPARE(scale.position(12.5, 40, 440), 140.0);
    }

    void emptyMessagesSayWhatIsMissing()
    {
        PlotTable table;
        QCOMPARE(PlotStyle::emptyMessage(table, QStringLiteral("a scatter plot")),
                 QStringLiteral("Choose at least two columns to draw a scatter plot."));
        table.axisKeys = {QStringLiteral("params.a"), QStringLiteral("params.b")};
        table.values = {{}, {}};
        QCOMPARE(PlotStyle::emptyMessage(table, QStringLiteral("a scatter plot")), QStringLiteral("No runs to draw."));
        table.runIds = {QStringLiteral("r")};
        table.values = {{1}, {2}};
        QVERIFY(PlotStyle::emptyMessage(table, QStringLiteral("a scatter plot")).isEmpty());
    }

    void backgroundDrawsTheMessageOnlyWhenThereIsOne()
    {
        QWidget widget;
        widget.resize(300, 120);
        QPalette palette = widget.palette();
        palette.setColor(QPalette::Base, Qt::white);
        palette.setColor(QPalette::PlaceholderText, Qt::black);
        widget.setPalette(palette);
        auto paint = [&widget](const QString& message, bool* drawn) {
            QImage image(widget.size(), QImage::Format_RGB32);
            image.fill(Qt::red);
            QPainter painter(&image);
            *drawn = PlotStyle::paintBackground(painter, widget, message);
            painter.end();
            return image;
        };
        bool drawn = true;
        QImage image = paint(QString(), &drawn);
        QVERIFY(!drawn);
        QCOMPARE(image.pixelColor(150, 60), QColor(Qt::white));
        image = paint(QStringLiteral("No runs to draw."), &drawn);
        QVERIFY(drawn);
        int dark = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                dark += image.pixelColor(x, y).lightness() < 128 ? 1 : 0;
        QVERIFY(dark > 20); // the message's glyphs
        QCOMPARE(image.pixelColor(2, 2), QColor(Qt::white));
    }

    void labelsStayInsideTheWidget()
    {
        const QFontMetrics metrics(QFont{});
        const QString label = QStringLiteral("metrics.val_accuracy.max");
        const int width = metrics.horizontalAdvance(label) + 2;
        QCOMPARE(PlotStyle::labelRect(metrics, 400, 5, label, 1000), QRect(400 - width / 2, 5, width, metrics.height()));
        QCOMPARE(PlotStyle::labelRect(metrics, 3, 5, label, 1000).left(), 0);
        QCOMPARE(PlotStyle::labelRect(metrics, 998, 5, label, 1000).right(), 999);
    }
};

QTEST_MAIN(TestPlotStyle)
#include "TestPlotStyle.moc"
