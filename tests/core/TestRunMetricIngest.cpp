// Tests for RunMetricIngest with a distributed run's per-rank helper metrics: kept apart as rank<r>/<name>
// with metrics_from_all_ranks, left alone without it, and continued from the saved offsets by a later ingest
// (a runner that adopts the run) without a point read twice.
#include <QtTest>

#include "TestSupport.h"
#include "metrics/RunMetricIngest.h"
#include "run/RunStore.h"

#include <QTemporaryDir>

using namespace TestSupport;

namespace {

QByteArray metricLine(const char* name, double value, int step)
{
    return QByteArray("{\"type\":\"metric\",\"name\":\"") + name +
           "\",\"value\":" + QByteArray::number(value) + ",\"step\":" + QByteArray::number(step) +
           ",\"time\":1700000000.0}\n";
}

bool append(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Append) && f.write(data) == data.size();
}

} // namespace

class TestRunMetricIngest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    RunContext contextFor(const Workspace& workspace, const QString& runId, bool allRanks) const
    {
        RunContext ctx;
        ctx.runId = runId;
        ctx.runDir = workspace.runDir(runId);
        ctx.distributed = {QStringLiteral("mpi"), 1, 3, allRanks};
        QDir().mkpath(ctx.systemDir());
        return ctx;
    }

    static QHash<QString, qint64> counts(const Workspace& workspace, const QString& runId)
    {
        QString error;
        QHash<QString, qint64> result;
        for (const RunMetricSummary& s : RunStore(workspace).metricSummaries(runId, &error))
            result.insert(s.name, s.count);
        return result;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void everyRanksMetricsAreKeptApartAndContinuedAfterARestart()
    {
        const auto workspace = openFreshWorkspace(m_dir);
        QVERIFY(workspace);
        const QString runId = insertRun(*workspace, QStringLiteral("ranks"), RunStatus::Running);
        QVERIFY(!runId.isEmpty());
        const RunContext ctx = contextFor(*workspace, runId, true);
        QVERIFY(append(ctx.helperMetricsPath(), metricLine("loss", 1.0, 0)));
        QVERIFY(append(ctx.rankDir(1) + QStringLiteral("/helper-metrics.jsonl"), metricLine("loss", 2.0, 0)));
        QVERIFY(append(ctx.rankDir(2) + QStringLiteral("/helper-metrics.jsonl"),
                       metricLine("loss", 3.0, 0) + metricLine("acc", 0.5, 0)));
        {
            RunMetricIngest ingest(*workspace, ctx, {});
            ingest.poll(true);
        }
        QHash<QString, qint64> expected{{QStringLiteral("loss"), 1},
                                        {QStringLiteral("rank1/loss"), 1},
                                        {QStringLiteral("rank2/loss"), 1},
                                        {QStringLiteral("rank2/acc"), 1}};
        QCOMPARE(counts(*workspace, runId), expected);

        // A later ingest (another runner) starts where this one stopped.
        QVERIFY(append(ctx.rankDir(1) + QStringLiteral("/helper-metrics.jsonl"), metricLine("loss", 1.5, 1)));
        {
            RunMetricIngest ingest(*workspace, ctx, {});
            ingest.poll(true);
        }
        expected[QStringLiteral("rank1/loss")] = 2;
        QCOMPARE(counts(*workspace, runId), expected);
    }

    void loggedParamsAndMetricRangesReachTheDatabase()
    {
        const auto workspace = openFreshWorkspace(m_dir);
        QVERIFY(workspace);
        const QString runId = insertRun(*workspace, QStringLiteral("params"), RunStatus::Running);
        RunContext ctx;
        ctx.runId = runId;
        ctx.runDir = workspace->runDir(runId);
        QDir().mkpath(ctx.systemDir());
        QVERIFY(append(ctx.helperMetricsPath(), metricLine("loss", 0.7, 0) + metricLine("loss", 0.25, 1) + metricLine("loss", 0.5, 2)
                                                     + "{\"type\":\"param\",\"name\":\"seed\",\"value\":\"42\"}\n"
                                                     + "{\"type\":\"param\",\"name\":\"schedule\",\"value\":\"cosine\"}\n"));
        {
            RunMetricIngest ingest(*workspace, ctx, {});
            ingest.poll(true);
        }
        QString error;
        const QVector<RunMetricSummary> summaries = RunStore(*workspace).metricSummaries(runId, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(summaries.size(), 1);
        QCOMPARE(summaries[0].lastValue, 0.5);
        QCOMPARE(summaries[0].minValue, std::optional<double>(0.25));
        QCOMPARE(summaries[0].maxValue, std::optional<double>(0.7));
        const QVector<RunParam> params = RunStore(*workspace).params(runId, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(params.size(), 2);
        const RunParam& seed = params[0].name == QLatin1String("seed") ? params[0] : params[1];
        const RunParam& schedule = params[0].name == QLatin1String("seed") ? params[1] : params[0];
        QCOMPARE(seed.name, QStringLiteral("seed"));
        QCOMPARE(seed.number, std::optional<double>(42));
        QCOMPARE(seed.source, RunParam::loggedSource());
        QCOMPARE(schedule.name, QStringLiteral("schedule"));
        QCOMPARE(schedule.value, QStringLiteral("cosine"));
    }

    void otherRanksAreIgnoredUnlessAskedFor()
    {
        const auto workspace = openFreshWorkspace(m_dir);
        QVERIFY(workspace);
        const QString runId = insertRun(*workspace, QStringLiteral("rank0"), RunStatus::Running);
        const RunContext ctx = contextFor(*workspace, runId, false);
        QVERIFY(append(ctx.helperMetricsPath(), metricLine("loss", 1.0, 0)));
        QVERIFY(append(ctx.rankDir(1) + QStringLiteral("/helper-metrics.jsonl"), metricLine("loss", 2.0, 0)));
        RunMetricIngest ingest(*workspace, ctx, {});
        ingest.poll(true);
        QCOMPARE(counts(*workspace, runId), (QHash<QString, qint64>{{QStringLiteral("loss"), 1}}));
    }
};

QTEST_GUILESS_MAIN(TestRunMetricIngest)
#include "TestRunMetricIngest.moc"
