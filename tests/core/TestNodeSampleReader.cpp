// The system samples of a node (system/nodes/<node>.jsonl, written by resources/job/trainyard_sample.py):
// how a line becomes points of system/<node>/..., how a growing file is read, and how RunMetricIngest stores
// them in the run's metric store and continues from its saved offsets.
#include <QtTest>

#include "TestSupport.h"

#include "metrics/MetricReader.h"
#include "metrics/NodeSampleReader.h"
#include "metrics/RunMetricIngest.h"
#include "metrics/SystemMetricName.h"
#include "run/RunStore.h"

#include <QTemporaryDir>

using namespace TestSupport;

namespace {

const QByteArray kSample =
    R"({"t":1700000000.5,"cpu_percent":12.5,"memory_used_mb":2048.0,"memory_total_mb":8192.0,)"
    R"("gpus":[{"index":0,"utilization_percent":37,"memory_used_mb":1234,"power_w":55.5},)"
    R"({"index":1,"utilization_percent":80,"memory_used_mb":2048,"power_w":null}]})";

QHash<QString, double> byName(const QVector<SystemSamplePoint>& points)
{
    QHash<QString, double> out;
    for (const SystemSamplePoint& p : points)
        out.insert(p.name, p.value);
    return out;
}

bool append(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::Append) && file.write(bytes) == bytes.size();
}

} // namespace

class TestNodeSampleReader : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void aSampleBecomesOnePointPerSeries()
    {
        QVector<SystemSamplePoint> points;
        QVERIFY(NodeSampleReader::parseLine(kSample, QStringLiteral("gpu-a"), &points));
        const QHash<QString, double> values = byName(points);
        QCOMPARE(values.value(QStringLiteral("system/gpu-a/cpu_percent")), 12.5);
        QCOMPARE(values.value(QStringLiteral("system/gpu-a/memory_used_mb")), 2048.0);
        QCOMPARE(values.value(QStringLiteral("system/gpu-a/memory_total_mb")), 8192.0);
        QCOMPARE(values.value(QStringLiteral("system/gpu-a/gpu0/utilization_percent")), 37.0);
        QCOMPARE(values.value(QStringLiteral("system/gpu-a/gpu0/memory_used_mb")), 1234.0);
        QCOMPARE(values.value(QStringLiteral("system/gpu-a/gpu0/power_w")), 55.5);
        QCOMPARE(values.value(QStringLiteral("system/gpu-a/gpu1/utilization_percent")), 80.0);
        // nvidia-smi's [N/A] arrives as null: no point rather than a made-up zero.
        QVERIFY(!values.contains(QStringLiteral("system/gpu-a/gpu1/power_w")));
        QCOMPARE(points.size(), 8);
        for (const SystemSamplePoint& p : points)
            QCOMPARE(p.time, 1700000000.5);
    }

    void whatIsNotASampleGivesNoPoints()
    {
        QVector<SystemSamplePoint> points;
        for (const QByteArray& line :
             {QByteArray("not json"), QByteArray("[1,2]"), QByteArray(R"({"cpu_percent":3})"),
              QByteArray(R"({"t":"soon","cpu_percent":3})"), QByteArray(R"({"t":1700000000})"),
              QByteArray(R"({"t":1700000000,"cpu_percent":"high"})")}) {
            QVERIFY2(!NodeSampleReader::parseLine(line, QStringLiteral("n"), &points), line.constData());
        }
        QVERIFY(points.isEmpty());
        // A GPU with a nonsense index is left out, the rest of the sample stays.
        QVERIFY(NodeSampleReader::parseLine(
            R"({"t":1700000000,"cpu_percent":1,"gpus":[{"index":-1,"power_w":3},)"
            R"({"index":"x","power_w":3},{"index":1.5,"power_w":3},{"index":99999,"power_w":3}]})",
            QStringLiteral("n"), &points));
        QCOMPARE(points.size(), 1);
    }

    void nodeNamesAreCheckedAndSplit()
    {
        QVERIFY(SystemMetricName::isValidNode(QStringLiteral("gpu-node_01")));
        for (const QString& bad :
             {QString(), QStringLiteral("a/b"), QStringLiteral(".."), QStringLiteral("a b"),
              QStringLiteral("host.example.org"), QString(129, QLatin1Char('a'))})
            QVERIFY2(!SystemMetricName::isValidNode(bad), qPrintable(bad));
        const auto name = SystemMetricName::parse(QStringLiteral("system/gpu-a/gpu0/power_w"));
        QVERIFY(name);
        QCOMPARE(name->node, QStringLiteral("gpu-a"));
        QCOMPARE(name->series, QStringLiteral("gpu0/power_w"));
        QVERIFY(!SystemMetricName::parse(QStringLiteral("loss")));
        QVERIFY(!SystemMetricName::parse(QStringLiteral("system/only-node")));
        QVERIFY(!SystemMetricName::parse(QStringLiteral("systems/a/cpu_percent")));
    }

    void aGrowingFileIsReadLineByLine()
    {
        const QString path = m_dir.filePath(QStringLiteral("grow.jsonl"));
        NodeSampleReader reader(path, QStringLiteral("n"));
        QVERIFY(reader.poll().isEmpty()); // no file yet
        QVERIFY(append(path, "{\"t\":1700000001,\"cpu_percent\":1}\n{\"t\":1700000002,\"cpu_p"));
        QVector<SystemSamplePoint> points = reader.poll();
        QCOMPARE(points.size(), 1);
        QCOMPARE(points.first().value, 1.0);
        // The half-written line waits for its end.
        QVERIFY(append(path, "ercent\":2}\ngarbage\n\n"));
        points = reader.poll();
        QCOMPARE(points.size(), 1);
        QCOMPARE(points.first().value, 2.0);
        QCOMPARE(points.first().time, 1700000002.0);
        QCOMPARE(reader.malformedLines(), qint64(1));
        QCOMPARE(reader.offset(), QFileInfo(path).size());
        // A line too long to be a sample is dropped as it streams past, whatever its length.
        QVERIFY(append(path, QByteArray(NodeSampleReader::kMaxLineBytes + 10, 'x')));
        QVERIFY(reader.poll().isEmpty());
        QVERIFY(append(path, "yyy\n"
                             R"({"t":1700000003,"cpu_percent":3})"
                             "\n"));
        points = reader.poll();
        QCOMPARE(points.size(), 1);
        QCOMPARE(points.first().value, 3.0);
        QCOMPARE(reader.malformedLines(), qint64(2));
    }

    void ingestStoresEveryNodeAndContinuesFromItsOffsets()
    {
        auto workspace = openFreshWorkspace(m_dir);
        QVERIFY(workspace);
        const QString runId = insertRun(*workspace, QStringLiteral("sys"), RunStatus::Running);
        QVERIFY(!runId.isEmpty());
        RunContext ctx;
        ctx.runId = runId;
        ctx.runDir = workspace->runDir(runId);
        const QString nodes = ctx.systemDir() + QStringLiteral("/nodes");
        QVERIFY(QDir().mkpath(nodes));
        QVERIFY(append(nodes + QStringLiteral("/alpha.jsonl"), kSample + "\n"));
        QVERIFY(append(nodes + QStringLiteral("/beta.jsonl"),
                       R"({"t":1700000000,"cpu_percent":50,"memory_used_mb":1,"memory_total_mb":2})"
                       "\n"));
        QVERIFY(append(nodes + QStringLiteral("/not a node.jsonl"), R"({"t":1700000000,"cpu_percent":50})"
                                                                    "\n"));
        {
            RunMetricIngest ingest(*workspace, ctx, {});
            ingest.poll(true);
        }
        // A second supervisor (one that adopted the run) reads only what is new.
        QVERIFY(append(nodes + QStringLiteral("/alpha.jsonl"), R"({"t":1700000005,"cpu_percent":99})"
                                                               "\n"));
        {
            RunMetricIngest ingest(*workspace, ctx, {});
            ingest.poll(true);
        }
        const MetricReader reader(ctx.metricsDir());
        const QStringList names = reader.names();
        QVERIFY2(names.contains(QStringLiteral("system/alpha/gpu0/power_w")), qPrintable(names.join(',')));
        QVERIFY(names.contains(QStringLiteral("system/beta/memory_total_mb")));
        QVERIFY(!names.contains(QStringLiteral("system/not a node/cpu_percent")));
        QString error;
        QVector<MetricPoint> cpu;
        QVERIFY2(reader.readPoints(
                     QStringLiteral("system/alpha/cpu_percent"),
                     [&](const MetricPoint* p, qint64 n) {
                         for (qint64 i = 0; i < n; ++i)
                             cpu << p[i];
                         return true;
                     },
                     &error),
                 qPrintable(error));
        QCOMPARE(cpu.size(), 2);
        QCOMPARE(cpu.at(0).value, 12.5);
        QCOMPARE(cpu.at(1).value, 99.0);
        QCOMPARE(cpu.at(1).time, 1700000005.0);
        QVERIFY(cpu.at(1).step > cpu.at(0).step);
        // Listed with the run like any metric.
        bool listed = false;
        for (const RunMetricSummary& s : RunStore(*workspace).metricSummaries(runId))
            listed = listed || (s.name == QLatin1String("system/beta/cpu_percent") && s.lastValue == 50.0);
        QVERIFY(listed);
    }
};

QTEST_GUILESS_MAIN(TestNodeSampleReader)
#include "TestNodeSampleReader.moc"
