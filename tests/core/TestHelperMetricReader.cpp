#include <QtTest>

#include "metrics/HelperMetricReader.h"
#include "TestSupport.h"

#include <cmath>

// Tailing the helper's JSON-lines metrics file while a script appends to it.
class TestHelperMetricReader : public QObject
{
    Q_OBJECT

    static void append(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        QCOMPARE(f.write(bytes), bytes.size());
    }

private slots:
    void readsMetricsTagsAndSkipsMalformed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("metrics.jsonl"));
        HelperMetricReader reader(path);
        QVERIFY(reader.poll().metrics.isEmpty()); // no file yet
        append(path, "{\"type\":\"metric\",\"name\":\"loss\",\"value\":0.5,\"step\":3,\"time\":1700000000.25}\n"
                     "{\"type\":\"metric\",\"name\":\"n\",\"value\":\"nan\",\"step\":null,\"time\":1}\n"
                     "{\"type\":\"metric\",\"name\":\"i\",\"value\":\"-inf\",\"time\":1}\n"
                     "not json\n"
                     "{\"type\":\"metric\",\"name\":\"bad\",\"value\":\"seven\"}\n"
                     "{\"type\":\"metric\",\"name\":\"frac\",\"value\":1,\"step\":1.5}\n"
                     "{\"type\":\"tag\",\"name\":\"opt\",\"value\":\"adam\"}\n"
                     "{\"type\":\"tag\",\"name\":\"n\",\"value\":3}\n"
                     "{\"type\":\"param\",\"name\":\"seed\",\"value\":\"1234\"}\n"
                     "{\"type\":\"param\",\"name\":\"warm\",\"value\":true}\n"
                     "{\"type\":\"metric\",\"name\":\"late\",\"value\":2");
        HelperMetricReader::Batch b = reader.poll();
        QCOMPARE(b.metrics.size(), 3);
        QCOMPARE(b.metrics[0].name, QStringLiteral("loss"));
        QCOMPARE(*b.metrics[0].step, 3);
        QCOMPARE(b.metrics[0].time, 1700000000.25);
        QVERIFY(!b.metrics[1].step);
        QVERIFY(std::isnan(b.metrics[1].value));
        QVERIFY(std::isinf(b.metrics[2].value) && b.metrics[2].value < 0);
        QCOMPARE(b.tags.size(), 2);
        QCOMPARE(b.tags[0], qMakePair(QStringLiteral("opt"), QStringLiteral("adam")));
        QCOMPARE(b.tags[1].second, QStringLiteral("3"));
        // Params are apart from the tags.
        QCOMPARE(b.params.size(), 2);
        QCOMPARE(b.params[0], qMakePair(QStringLiteral("seed"), QStringLiteral("1234")));
        QCOMPARE(b.params[1], qMakePair(QStringLiteral("warm"), QStringLiteral("true")));
        QCOMPARE(reader.malformedLines(), 3);
        // The partial line completes later.
        append(path, ",\"step\":9,\"time\":2}\n");
        b = reader.poll();
        QCOMPARE(b.metrics.size(), 1);
        QCOMPARE(b.metrics[0].name, QStringLiteral("late"));
        QCOMPARE(*b.metrics[0].step, 9);
        QVERIFY(reader.poll().metrics.isEmpty());
    }

    void hugeLineIsDroppedWithBoundedWork()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.jsonl"));
        HelperMetricReader reader(path, 2 * 1024 * 1024);
        append(path, "{\"type\":\"metric\",\"name\":\"a\",\"value\":1}\n");
        const QByteArray junk(1024 * 1024, 'x');
        for (int i = 0; i < 5; ++i)
            append(path, junk);
        int metrics = 0;
        for (int i = 0; i < 10; ++i)
            metrics += reader.poll().metrics.size();
        append(path, "\n{\"type\":\"metric\",\"name\":\"b\",\"value\":2}\n");
        for (int i = 0; i < 10; ++i)
            metrics += reader.poll().metrics.size();
        QCOMPARE(metrics, 2);
        QCOMPARE(reader.malformedLines(), 1);
        QCOMPARE(reader.offset(), QFileInfo(path).size());
    }

    void catchesUpInBoundedPolls()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.jsonl"));
        QByteArray lines;
        for (int i = 0; i < 100000; ++i)
            lines += "{\"type\":\"metric\",\"name\":\"x\",\"value\":" + QByteArray::number(i) + ",\"step\":"
                + QByteArray::number(i) + "}\n";
        append(path, lines);
        HelperMetricReader reader(path, 1024 * 1024 + 1);
        qint64 total = 0, polls = 0, lastStep = -1;
        do {
            const HelperMetricReader::Batch b = reader.poll();
            for (const HelperMetric& m : b.metrics) {
                QCOMPARE(*m.step, lastStep + 1);
                lastStep = *m.step;
            }
            total += b.metrics.size();
            ++polls;
        } while (reader.hasMore());
        QCOMPARE(total, 100000);
        QVERIFY(polls > 1);
    }
};

QTEST_GUILESS_MAIN(TestHelperMetricReader)
#include "TestHelperMetricReader.moc"
