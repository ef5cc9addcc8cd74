#include <QtTest>

#include "metrics/MetricReader.h"
#include "metrics/MetricStore.h"
#include "TestSupport.h"

#include <cmath>
#include <limits>

// Reading a metric store while it is written, and min/max-preserving downsampling.
class TestMetricReader : public QObject
{
    Q_OBJECT
private slots:
    void emptyOrMissingFolderReadsAsEmpty()
    {
        QTemporaryDir dir;
        MetricReader reader(dir.filePath(QStringLiteral("not-yet")));
        QVERIFY(reader.names().isEmpty());
        QCOMPARE(reader.count(QStringLiteral("x")), 0);
        QVERIFY(reader.points(QStringLiteral("x")).isEmpty());
        QVERIFY(reader.downsampled(QStringLiteral("x"), 10).isEmpty());
    }

    void refreshSeesNewSeriesAndPoints()
    {
        QTemporaryDir dir;
        MetricStore store(dir.path());
        MetricReader reader(dir.path());
        QVERIFY(reader.names().isEmpty());
        store.append(QStringLiteral("loss"), std::nullopt, 1, 0);
        QVERIFY(store.flush());
        QVERIFY(reader.names().isEmpty()); // state of the last refresh
        reader.refresh();
        QCOMPARE(reader.names(), QStringList{QStringLiteral("loss")});
        QCOMPARE(reader.count(QStringLiteral("loss")), 1);
        for (int i = 0; i < 5; ++i)
            store.append(QStringLiteral("loss"), std::nullopt, i, 0);
        store.append(QStringLiteral("acc"), std::nullopt, 0.5, 0);
        QVERIFY(store.flush());
        reader.refresh();
        QCOMPARE(reader.count(QStringLiteral("loss")), 6);
        QCOMPARE(reader.names().size(), 2);
        const QVector<MetricPoint> tail = reader.points(QStringLiteral("loss"), 4);
        QCOMPARE(tail.size(), 2);
        QCOMPARE(tail[1].step, 5);
        const QVector<MetricSeriesSummary> sums = reader.summaries();
        QCOMPARE(sums[0].count, 6);
        QCOMPARE(sums[0].last.value, 4.0);
        QCOMPARE(sums[1].name, QStringLiteral("acc"));
    }

    void partialTailsAreIgnored()
    {
        QTemporaryDir dir;
        {
            MetricStore store(dir.path());
            store.append(QStringLiteral("a"), std::nullopt, 7, 0);
        }
        {
            QFile bin(dir.filePath(QStringLiteral("0.bin")));
            QVERIFY(bin.open(QIODevice::Append));
            bin.write(QByteArray(23, '\x01')); // a record being written
            QFile idx(dir.filePath(QStringLiteral("names.idx")));
            QVERIFY(idx.open(QIODevice::Append));
            idx.write(QByteArray("\x04\x00\x00\x00" "ab", 6)); // a name being written
        }
        MetricReader reader(dir.path());
        QCOMPARE(reader.names(), QStringList{QStringLiteral("a")});
        QCOMPARE(reader.count(QStringLiteral("a")), 1);
        QCOMPARE(reader.points(QStringLiteral("a")).size(), 1);
        // The writer finishes the name: the reader picks it up from where it stopped.
        {
            QFile idx(dir.filePath(QStringLiteral("names.idx")));
            QVERIFY(idx.open(QIODevice::Append));
            idx.write("cd");
        }
        reader.refresh();
        QCOMPARE(reader.names(), (QStringList{QStringLiteral("a"), QStringLiteral("abcd")}));
        QCOMPARE(reader.count(QStringLiteral("abcd")), 0);
    }

    void fewPointsAreReturnedAsTheyAre()
    {
        QTemporaryDir dir;
        {
            MetricStore store(dir.path());
            for (int i = 0; i < 30; ++i)
                store.append(QStringLiteral("s"), std::nullopt, i * 2.0, 1000 + i);
        }
        MetricReader reader(dir.path());
        const QVector<MetricPoint> all = reader.downsampled(QStringLiteral("s"), 10);
        QCOMPARE(all.size(), 30);
        const QVector<MetricPoint> range = reader.downsampled(QStringLiteral("s"), 10, 5, 9);
        QCOMPARE(range.size(), 5);
        QCOMPARE(range.first().step, 5);
        QCOMPARE(range.last().step, 9);
        const QVector<MetricPoint> byTime = reader.downsampled(QStringLiteral("s"), 10, 1020, 1100, true);
        QCOMPARE(byTime.size(), 10);
        QCOMPARE(byTime.first().time, 1020.0);
    }

    void downsamplingKeepsSpikes()
    {
        QTemporaryDir dir;
        const int n = 100000;
        {
            MetricStore store(dir.path());
            for (int i = 0; i < n; ++i) {
                double v = std::sin(i / 1000.0);
                if (i == 31337)
                    v = 1000; // a single-point spike
                if (i == 77777)
                    v = -500;
                if (i == 50000)
                    v = std::numeric_limits<double>::quiet_NaN();
                store.append(QStringLiteral("s"), std::nullopt, v, i);
            }
        }
        MetricReader reader(dir.path());
        const int buckets = 100;
        const QVector<MetricPoint> ds = reader.downsampled(QStringLiteral("s"), buckets);
        QVERIFY(ds.size() <= 4 * buckets);
        QVERIFY(ds.size() >= 2 * buckets);
        bool sawSpike = false, sawDip = false;
        for (int i = 0; i < ds.size(); ++i) {
            if (i > 0)
                QVERIFY(ds[i].step > ds[i - 1].step); // sorted, no duplicates
            sawSpike |= ds[i].value == 1000;
            sawDip |= ds[i].value == -500 && ds[i].step == 77777;
        }
        QVERIFY(sawSpike);
        QVERIFY(sawDip);
        QCOMPARE(ds.first().step, 0);
        QCOMPARE(ds.last().step, n - 1);
        // Restricted to a range, the first and last points of the range are kept.
        const QVector<MetricPoint> part = reader.downsampled(QStringLiteral("s"), 10, 20000, 40000);
        QVERIFY(part.size() <= 40);
        QCOMPARE(part.first().step, 20000);
        QCOMPARE(part.last().step, 40000);
        bool spikeInPart = false;
        for (const MetricPoint& p : part)
            spikeInPart |= p.value == 1000;
        QVERIFY(spikeInPart);
    }

    void downsamplingHandlesOutOfOrderSteps()
    {
        QTemporaryDir dir;
        {
            MetricStore store(dir.path());
            for (int i = 999; i >= 0; --i)
                store.append(QStringLiteral("r"), qint64(i), i == 500 ? 99.0 : 0.0, 0);
        }
        MetricReader reader(dir.path());
        const QVector<MetricPoint> ds = reader.downsampled(QStringLiteral("r"), 20);
        QVERIFY(ds.size() <= 80);
        for (int i = 1; i < ds.size(); ++i)
            QVERIFY(ds[i].step > ds[i - 1].step);
        QCOMPARE(ds.first().step, 0);
        QCOMPARE(ds.last().step, 999);
        bool spike = false;
        for (const MetricPoint& p : ds)
            spike |= p.step == 500 && p.value == 99.0;
        QVERIFY(spike);
    }

    void downsamplesAMillionPointsQuickly()
    {
        QTemporaryDir dir;
        const int n = 1000000;
        {
            MetricStore store(dir.path());
            for (int i = 0; i < n; ++i)
                store.append(QStringLiteral("big"), std::nullopt, double(i % 977), i);
        }
        MetricReader reader(dir.path());
        QCOMPARE(reader.count(QStringLiteral("big")), qint64(n));
        QVector<qint64> times;
        for (int run = 0; run < 5; ++run) {
            QElapsedTimer t;
            t.start();
            const QVector<MetricPoint> ds = reader.downsampled(QStringLiteral("big"), 2000);
            times.append(t.nsecsElapsed());
            QVERIFY(ds.size() <= 8000 && ds.size() >= 4000);
        }
        std::sort(times.begin(), times.end());
        // Target is 20 ms; the test allows slack for a loaded, possibly sanitized build machine.
        QVERIFY2(times[2] < 200 * 1000 * 1000, qPrintable(QString::number(times[2] / 1e6) + QStringLiteral(" ms")));
    }
};

QTEST_GUILESS_MAIN(TestMetricReader)
#include "TestMetricReader.moc"
