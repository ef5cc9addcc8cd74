#include <QtTest>
#include <sys/stat.h>

#include "metrics/MetricReader.h"
#include "metrics/MetricStore.h"
#include "TestSupport.h"

#include <cmath>
#include <limits>

// The writer side of a run's metric store: steps, names, flushing, reopening, and the on-disk layout.
class TestMetricStore : public QObject
{
    Q_OBJECT
private slots:
    void implicitStepsContinueFromLastStep()
    {
        QTemporaryDir dir;
        MetricStore store(dir.path());
        QVERIFY(store.isValid());
        QVERIFY(store.append(QStringLiteral("loss"), std::nullopt, 1.0, 100.0));
        QVERIFY(store.append(QStringLiteral("loss"), std::nullopt, 2.0, 101.0));
        QVERIFY(store.append(QStringLiteral("loss"), qint64(10), 3.0, 102.0));
        QVERIFY(store.append(QStringLiteral("loss"), std::nullopt, 4.0, 103.0));
        QVERIFY(store.flush());
        MetricReader reader(dir.path());
        const QVector<MetricPoint> pts = reader.points(QStringLiteral("loss"));
        QCOMPARE(pts.size(), 4);
        QCOMPARE(pts[0].step, 0);
        QCOMPARE(pts[1].step, 1);
        QCOMPARE(pts[2].step, 10);
        QCOMPARE(pts[3].step, 11);
        QCOMPARE(pts[3].value, 4.0);
        QCOMPARE(pts[3].time, 103.0);
    }

    void nonFiniteValuesAreStored()
    {
        QTemporaryDir dir;
        {
            MetricStore store(dir.path());
            store.append(QStringLiteral("v"), std::nullopt, std::numeric_limits<double>::quiet_NaN(), 1);
            store.append(QStringLiteral("v"), std::nullopt, std::numeric_limits<double>::infinity(), 2);
            store.append(QStringLiteral("v"), std::nullopt, -std::numeric_limits<double>::infinity(), 3);
        } // destructor flushes
        MetricReader reader(dir.path());
        const QVector<MetricPoint> pts = reader.points(QStringLiteral("v"));
        QCOMPARE(pts.size(), 3);
        QVERIFY(std::isnan(pts[0].value));
        QVERIFY(std::isinf(pts[1].value) && pts[1].value > 0);
        QVERIFY(std::isinf(pts[2].value) && pts[2].value < 0);
    }

    void namesAreValidatedAndTrimmed()
    {
        QTemporaryDir dir;
        MetricStore store(dir.path());
        QString error;
        QVERIFY(!store.append(QStringLiteral("   "), std::nullopt, 1, 0, &error));
        QVERIFY(error.contains(QStringLiteral("empty")));
        error.clear();
        QVERIFY(!store.append(QString(257, QLatin1Char('a')), std::nullopt, 1, 0, &error));
        QVERIFY(error.contains(QStringLiteral("256")));
        // 100 three-byte characters: 100 UTF-16 units but 300 UTF-8 bytes.
        error.clear();
        QVERIFY(!store.append(QString(100, QChar(0x20AC)), std::nullopt, 1, 0, &error));
        QVERIFY2(error.contains(QStringLiteral("300")), qPrintable(error));
        QVERIFY(store.append(QString(256, QLatin1Char('b')), std::nullopt, 1, 0, &error));
        QVERIFY(store.append(QStringLiteral("  spaced  "), std::nullopt, 1, 0));
        QVERIFY(store.append(QStringLiteral("spaced"), std::nullopt, 2, 0));
        QVERIFY(store.append(QStringLiteral("Genauigkeit/Über €"), std::nullopt, 3, 0));
        QVERIFY(store.flush());
        MetricReader reader(dir.path());
        QCOMPARE(reader.count(QStringLiteral("spaced")), 2);
        QCOMPARE(reader.count(QStringLiteral("Genauigkeit/Über €")), 1);
        QCOMPARE(reader.names().size(), 3);
    }

    void hugeNameCostsOnlyTheError()
    {
        QTemporaryDir dir;
        MetricStore store(dir.path());
        const QString huge(10 * 1000 * 1000, QLatin1Char('x'));
        QElapsedTimer timer;
        timer.start();
        QString error;
        for (int i = 0; i < 100; ++i)
            QVERIFY(!store.append(huge, std::nullopt, 1, 0, &error));
        // A copy or UTF-8 conversion of 10 MB takes milliseconds each; 100 rejections must not.
        QVERIFY2(timer.elapsed() < 50, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(error.size() < 200);
        QVERIFY(store.summaries().isEmpty());
    }

    void summariesKeepTheFiniteMinAndMaxAcrossAReopen()
    {
        QTemporaryDir dir;
        {
            MetricStore store(dir.path());
            store.append(QStringLiteral("loss"), std::nullopt, 0.5, 0);
            store.append(QStringLiteral("loss"), std::nullopt, std::numeric_limits<double>::quiet_NaN(), 0);
            store.append(QStringLiteral("loss"), std::nullopt, -std::numeric_limits<double>::infinity(), 0);
            store.append(QStringLiteral("loss"), std::nullopt, 0.2, 0);
            store.append(QStringLiteral("nan"), std::nullopt, std::numeric_limits<double>::quiet_NaN(), 0);
            const QVector<MetricSeriesSummary> sums = store.summaries();
            QCOMPARE(sums[0].min, std::optional<double>(0.2));
            QCOMPARE(sums[0].max, std::optional<double>(0.5));
            QVERIFY(!sums[1].min && !sums[1].max);
        }
        // A continued store knows the range of the points already there (well over one read chunk of them).
        {
            MetricStore store(dir.path());
            for (int i = 0; i < 40000; ++i)
                store.append(QStringLiteral("many"), std::nullopt, i == 20000 ? -7.0 : double(i % 100), 0);
        }
        MetricStore store(dir.path());
        QCOMPARE(store.summaries()[0].min, std::optional<double>(0.2));
        QCOMPARE(store.summaries()[0].max, std::optional<double>(0.5));
        store.append(QStringLiteral("loss"), std::nullopt, 0.9, 0);
        QCOMPARE(store.summaries()[0].min, std::optional<double>(0.2));
        QCOMPARE(store.summaries()[0].max, std::optional<double>(0.9));
        QCOMPARE(store.summaries()[2].min, std::optional<double>(-7.0));
        QCOMPARE(store.summaries()[2].max, std::optional<double>(99.0));
    }

    void reopeningContinuesSeriesAndSteps()
    {
        QTemporaryDir dir;
        {
            MetricStore store(dir.path());
            store.append(QStringLiteral("a"), std::nullopt, 1, 0);
            store.append(QStringLiteral("b"), qint64(41), 1, 0);
            store.append(QStringLiteral("a"), std::nullopt, 2, 0);
        }
        {
            MetricStore store(dir.path());
            const QVector<MetricSeriesSummary> sums = store.summaries();
            QCOMPARE(sums.size(), 2);
            QCOMPARE(sums[0].name, QStringLiteral("a"));
            QCOMPARE(sums[0].count, 2);
            QCOMPARE(sums[0].last.value, 2.0);
            store.append(QStringLiteral("a"), std::nullopt, 3, 0);
            store.append(QStringLiteral("b"), std::nullopt, 2, 0);
            store.append(QStringLiteral("c"), std::nullopt, 5, 0);
        }
        MetricReader reader(dir.path());
        QCOMPARE(reader.names(), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(reader.points(QStringLiteral("a")).last().step, 2);
        QCOMPARE(reader.points(QStringLiteral("b")).last().step, 42);
        QCOMPARE(reader.count(QStringLiteral("c")), 1);
    }

    void reopeningRepairsTornTails()
    {
        QTemporaryDir dir;
        {
            MetricStore store(dir.path());
            store.append(QStringLiteral("a"), std::nullopt, 1, 0);
            store.append(QStringLiteral("a"), std::nullopt, 2, 0);
        }
        // A crash mid-write: half a record in the data file, half a name in the index.
        {
            QFile bin(dir.filePath(QStringLiteral("0.bin")));
            QVERIFY(bin.open(QIODevice::Append));
            bin.write(QByteArray(10, 'z'));
            QFile idx(dir.filePath(QStringLiteral("names.idx")));
            QVERIFY(idx.open(QIODevice::Append));
            idx.write(QByteArray("\x05\x00\x00\x00" "ab", 6));
        }
        {
            MetricStore store(dir.path());
            QCOMPARE(store.summaries().size(), 1);
            QCOMPARE(store.summaries()[0].count, 2);
            QVERIFY(store.append(QStringLiteral("a"), std::nullopt, 3, 0));
            QVERIFY(store.append(QStringLiteral("new"), std::nullopt, 4, 0));
        }
        MetricReader reader(dir.path());
        QCOMPARE(reader.names(), (QStringList{QStringLiteral("a"), QStringLiteral("new")}));
        const QVector<MetricPoint> a = reader.points(QStringLiteral("a"));
        QCOMPARE(a.size(), 3);
        QCOMPARE(a[2].step, 2);
        QCOMPARE(a[2].value, 3.0);
    }

    void rejectsForeignIndex()
    {
        QTemporaryDir dir;
        QVERIFY(TestSupport::writeFile(dir.filePath(QStringLiteral("names.idx")), "not a metric index"));
        MetricStore store(dir.path());
        QVERIFY(!store.isValid());
        QString error;
        QVERIFY(!store.append(QStringLiteral("a"), std::nullopt, 1, 0, &error));
        QVERIFY(error.contains(QStringLiteral("names.idx")));
    }

    void autoFlushWritesWithoutExplicitFlush()
    {
        QTemporaryDir dir;
        MetricStore store(dir.path());
        const int n = MetricStore::kAutoFlushPoints + 10;
        for (int i = 0; i < n; ++i)
            QVERIFY(store.append(QStringLiteral("s"), std::nullopt, i, 0));
        QCOMPARE(store.bufferedPoints(), 10);
        MetricReader reader(dir.path());
        QCOMPARE(reader.count(QStringLiteral("s")), qint64(MetricStore::kAutoFlushPoints));
        QCOMPARE(store.summaries()[0].count, qint64(n));
        QCOMPARE(QFileInfo(dir.filePath(QStringLiteral("0.bin"))).size(),
                 qint64(MetricStore::kAutoFlushPoints) * 24);
    }

    void recordLayoutIsLittleEndian24Bytes()
    {
        QTemporaryDir dir;
        {
            MetricStore store(dir.path());
            store.append(QStringLiteral("x"), qint64(258), 1.5, 2.0);
        }
        const QByteArray bin = TestSupport::readFile(dir.filePath(QStringLiteral("0.bin")));
        QCOMPARE(bin.size(), 24);
        QCOMPARE(quint8(bin[0]), quint8(2));
        QCOMPARE(quint8(bin[1]), quint8(1));
        double v;
        std::memcpy(&v, bin.constData() + 8, 8);
        QCOMPARE(v, 1.5);
    }

    // Metric files are run files in the private workspace: owner-only whatever the umask.
    void filesAreOwnerOnly()
    {
        QTemporaryDir dir;
        const QString metrics = dir.path() + QStringLiteral("/metrics");
        const mode_t previous = ::umask(022);
        {
            MetricStore store(metrics);
            QVERIFY(store.isValid());
            QVERIFY(store.append(QStringLiteral("loss"), std::nullopt, 1.0, 100.0));
            QVERIFY(store.flush());
        }
        ::umask(previous);
        const QStringList files = QDir(metrics).entryList(QDir::Files);
        QVERIFY(files.size() >= 2);
        for (const QString& name : files)
            QCOMPARE(TestSupport::modeOf(metrics + QLatin1Char('/') + name), 0600u);
        QCOMPARE(TestSupport::modeOf(metrics), 0700u);
    }
};

QTEST_GUILESS_MAIN(TestMetricStore)
#include "TestMetricStore.moc"
