#include <QtTest>

#include "compare/LineDensity.h"

#include <random>

// The per-pixel line counts behind the parallel coordinates: which pixels a line covers, and that taking
// lines away leaves exactly what adding the others alone would have.
class TestLineDensity : public QObject
{
    Q_OBJECT

    static QVector<quint16> counts(const LineDensity& density)
    {
        const qsizetype pixels = qsizetype(density.size().width()) * density.size().height();
        return QVector<quint16>(density.counts(), density.counts() + pixels);
    }

    static QVector<quint32> sums(const LineDensity& density)
    {
        const qsizetype pixels = qsizetype(density.size().width()) * density.size().height();
        return QVector<quint32>(density.sums(), density.sums() + pixels);
    }

    static int total(const LineDensity& density)
    {
        int sum = 0;
        for (quint16 count : counts(density))
            sum += count;
        return sum;
    }

private slots:
    void aLineCoversOnePixelPerStepEndsIncluded()
    {
        LineDensity density;
        density.reset(QSize(50, 40), false);
        density.addLine(2, 5, 12, 5); // level
        QCOMPARE(total(density), 11);
        for (int x = 2; x <= 12; ++x)
            QCOMPARE(density.count(x, 5), quint16(1));
        density.addLine(20, 1, 23, 30); // steep: one pixel per row
        QCOMPARE(total(density), 11 + 30);
        QCOMPARE(density.count(20, 1), quint16(1));
        QCOMPARE(density.count(23, 30), quint16(1));
        density.addLine(7, 5, 7, 5); // a single point, on the level line
        QCOMPARE(density.count(7, 5), quint16(2));
    }

    void aLineBackwardsCoversTheSamePixels()
    {
        LineDensity forwards;
        LineDensity backwards;
        forwards.reset(QSize(64, 64), false);
        backwards.reset(QSize(64, 64), false);
        forwards.addLine(3, 60, 40, 2);
        backwards.addLine(40, 2, 3, 60);
        QCOMPARE(counts(forwards), counts(backwards));
    }

    void partsOutsideTheImageAreDropped()
    {
        LineDensity density;
        density.reset(QSize(20, 10), false);
        density.addLine(-10, 5, 30, 5); // across, both ends outside
        QCOMPARE(total(density), 20);
        density.addLine(5, -100, 5, 100);
        QCOMPARE(total(density), 20 + 10);
        density.addLine(-5, -5, -1, 50); // wholly outside
        QCOMPARE(total(density), 30);
    }

    // Many random lines with values, then half of them taken away: the same counts and sums as adding only
    // the other half.
    void removingLinesLeavesWhatTheOthersAlonePaint()
    {
        std::mt19937 random(7);
        std::uniform_int_distribution<int> coordinate(-20, 220);
        std::uniform_int_distribution<int> value(0, int(LineDensity::kValueScale));
        struct Line {
            int x0, y0, x1, y1;
            quint32 value;
        };
        QVector<Line> lines;
        for (int i = 0; i < 2000; ++i)
            lines.append({coordinate(random), coordinate(random), coordinate(random), coordinate(random),
                          quint32(value(random))});
        LineDensity all;
        LineDensity half;
        all.reset(QSize(200, 180), true);
        half.reset(QSize(200, 180), true);
        for (int i = 0; i < lines.size(); ++i) {
            const Line& line = lines[i];
            all.addLine(line.x0, line.y0, line.x1, line.y1, line.value);
            if (i % 2 == 1)
                half.addLine(line.x0, line.y0, line.x1, line.y1, line.value);
        }
        QVERIFY(counts(all) != counts(half));
        for (int i = 0; i < lines.size(); i += 2) {
            const Line& line = lines[i];
            all.removeLine(line.x0, line.y0, line.x1, line.y1, line.value);
        }
        QCOMPARE(counts(all), counts(half));
        QCOMPARE(sums(all), sums(half));

        // Counts without values too.
        LineDensity plain;
        plain.reset(QSize(200, 180), false);
        for (const Line& line : std::as_const(lines))
            plain.addLine(line.x1, line.y1, line.x0, line.y0);
        for (const Line& line : std::as_const(lines))
            plain.removeLine(line.x0, line.y0, line.x1, line.y1);
        QCOMPARE(total(plain), 0);
    }

    void alphaTableStacksOpacity()
    {
        const QVector<quint8> table = LineDensity::alphaTable(128);
        QCOMPARE(table.size(), LineDensity::kOpaqueCount + 1);
        QCOMPARE(table[0], quint8(0));
        QCOMPARE(table[1], quint8(128));
        QCOMPARE(table[2], quint8(192)); // 1 - (1 - 128/255)^2
        QCOMPARE(LineDensity::alphaTable(14).last(), quint8(255));
    }
};

QTEST_MAIN(TestLineDensity)
#include "TestLineDensity.moc"
