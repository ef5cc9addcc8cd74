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

    static QString tagValue(const RunStore& store, const QString& runId, const QString& name)
    {
        for (const auto& tag : store.tags(runId))
            if (tag.first == name)
                return tag.second;
        return QStringLiteral("<no tag %1>").arg(name);
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

    void tagsAndTheRunNameArriveWhileTheRunRuns()
    {
        const auto workspace = openFreshWorkspace(m_dir);
        QVERIFY(workspace);
        const QString runId = insertRun(*workspace, QStringLiteral("tags"), RunStatus::Running);
        RunContext ctx;
        ctx.runId = runId;
        ctx.runDir = workspace->runDir(runId);
        QDir().mkpath(ctx.systemDir());
        QVERIFY(append(ctx.helperMetricsPath(), "{\"type\":\"tag\",\"name\":\"stage\",\"value\":\"dev\"}\n"
                                                "{\"type\":\"name\",\"value\":\"first try\"}\n"));
        RunMetricIngest ingest(*workspace, ctx, {});
        ingest.poll(false);
        RunStore store(*workspace);
        QCOMPARE(tagValue(store, runId, QStringLiteral("stage")), QStringLiteral("dev"));
        QCOMPARE(store.find(runId)->displayName, QStringLiteral("first try"));

        // A later tag replaces the value; a later name from the script replaces its own earlier one only
        // while nobody else named the run.
        QVERIFY(append(ctx.helperMetricsPath(), "{\"type\":\"tag\",\"name\":\"stage\",\"value\":\"prod\"}\n"));
        QVERIFY(store.setDisplayName(runId, QString()));
        QVERIFY(append(ctx.helperMetricsPath(), "{\"type\":\"name\",\"value\":\"second\"}\n"));
        ingest.poll(false);
        QCOMPARE(tagValue(store, runId, QStringLiteral("stage")), QStringLiteral("prod"));
        QCOMPARE(store.find(runId)->displayName, QStringLiteral("second"));
        QVERIFY(store.setDisplayName(runId, QStringLiteral("named by a person")));
        QVERIFY(append(ctx.helperMetricsPath(), "{\"type\":\"name\",\"value\":\"third\"}\n"));
        ingest.poll(true);
        QCOMPARE(store.find(runId)->displayName, QStringLiteral("named by a person"));
    }

    // A real MLflow's file store under ./logs/mlruns (laid out as MLflow's FileStore writes it): its metrics,
    // params, tags and run name reach the run, and a later ingest continues without reading a point twice.
    void anMlflowFileStoreUnderLogsReachesTheRun()
    {
        const auto workspace = openFreshWorkspace(m_dir);
        QVERIFY(workspace);
        const QString runId = insertRun(*workspace, QStringLiteral("mlflow"), RunStatus::Running);
        RunContext ctx;
        ctx.runId = runId;
        ctx.runDir = workspace->runDir(runId);
        QDir().mkpath(ctx.systemDir());
        const QString run = ctx.logsDir() + QStringLiteral("/mlruns/0/6f1c2e4b9a7d4c3e8b1a2f3e4d5c6b7a");
        QVERIFY(writeFile(ctx.logsDir() + QStringLiteral("/mlruns/0/meta.yaml"), "experiment_id: '0'\nname: Default\n"));
        QVERIFY(writeFile(run + QStringLiteral("/meta.yaml"),
                          "experiment_id: '0'\nrun_id: 6f1c2e4b9a7d4c3e8b1a2f3e4d5c6b7a\nrun_name: sweep-3\n"
                          "start_time: 1700000000000\nstatus: 1\n"));
        QVERIFY(writeFile(run + QStringLiteral("/metrics/loss"), "1700000000000 0.5 0\n1700000001000 0.25 1\n"));
        QVERIFY(writeFile(run + QStringLiteral("/params/lr"), "0.01"));
        QVERIFY(writeFile(run + QStringLiteral("/tags/stage"), "dev"));
        QVERIFY(writeFile(run + QStringLiteral("/tags/mlflow.user"), "root"));
        {
            RunMetricIngest ingest(*workspace, ctx, {});
            ingest.poll(true);
        }
        RunStore store(*workspace);
        QCOMPARE(counts(*workspace, runId), (QHash<QString, qint64>{{QStringLiteral("loss"), 2}}));
        QCOMPARE(store.metricSummaries(runId).value(0).lastValue, 0.25);
        QCOMPARE(store.params(runId).value(0).name, QStringLiteral("lr"));
        QCOMPARE(store.params(runId).value(0).number, std::optional<double>(0.01));
        QCOMPARE(tagValue(store, runId, QStringLiteral("stage")), QStringLiteral("dev"));
        QCOMPARE(store.tags(runId).size(), 1);
        QCOMPARE(store.find(runId)->displayName, QStringLiteral("sweep-3"));

        QVERIFY(append(run + QStringLiteral("/metrics/loss"), "1700000002000 0.125 2\n"));
        {
            RunMetricIngest ingest(*workspace, ctx, {});
            ingest.poll(true);
        }
        QCOMPARE(counts(*workspace, runId), (QHash<QString, qint64>{{QStringLiteral("loss"), 3}}));
        QCOMPARE(store.metricSummaries(runId).value(0).lastValue, 0.125);
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
