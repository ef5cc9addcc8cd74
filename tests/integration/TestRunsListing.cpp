// `trainyard-cli runs` with --filter, --sort, --columns and --format over real submitted runs: script params
// from the estimator, a param the script logs with trainyard.log_param, metrics with their min and max, tags.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "TestSupport.h"

using namespace TestSupport;

class TestRunsListing : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QStringList m_ids; // a, b, c in submission order
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }

    QString submit(const QString& name, const QByteArray& params)
    {
        const QByteArray script = R"py(import argparse, trainyard
p = argparse.ArgumentParser()
p.add_argument('--lr', type=float)
p.add_argument('--losses')
p.add_argument('--stage')
p.add_argument('--comment', default=None)
a = p.parse_args()
for i, v in enumerate(a.losses.split(',')):
    trainyard.log('loss', float(v), step=i)
trainyard.log_param('warmup', int(round(a.lr * 1000)))
trainyard.log_tag('stage', a.stage)
if a.comment:
    trainyard.log_tag('comment', a.comment)
)py";
        const QString est = makeProject(m_dir.path() + QLatin1Char('/') + name, {{QStringLiteral("train.py"), script}},
                                        "entry_script: train.py\nscript_params:\n" + params);
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        if (r.exitCode != 0) {
            qWarning("submit: %s", r.err.constData());
            return {};
        }
        return QString::fromUtf8(r.out).split(QLatin1Char('\n')).constFirst().trimmed();
    }

    QByteArray runs(const QStringList& args, int expectedExit = 0)
    {
        const CliResult r = runCli(workspace(), QStringList{QStringLiteral("runs")} + args);
        if (r.exitCode != expectedExit)
            qWarning("runs %s: exit %d: %s%s", qPrintable(args.join(QLatin1Char(' '))), r.exitCode, r.out.constData(), r.err.constData());
        return expectedExit == 0 ? r.out : r.err;
    }

    // The ids of a CSV listing's rows (first column), as a/b/c.
    QString order(const QByteArray& csv)
    {
        QStringList names;
        const QList<QByteArray> lines = csv.trimmed().split('\n');
        for (int i = 1; i < lines.size(); ++i) {
            const QString id = QString::fromUtf8(lines.at(i).split(',').constFirst()).trimmed();
            names << QString(QChar(char16_t(u'a' + m_ids.indexOf(id))));
        }
        return names.join(QString());
    }

private slots:
    void initTestCase()
    {
        m_ids << submit(QStringLiteral("a"), "  --lr: 0.1\n  --losses: \"0.9,0.4,0.6\"\n  --stage: dev\n");
        m_ids << submit(QStringLiteral("b"), "  --lr: 0.01\n  --losses: \"0.8,0.2,0.3\"\n  --stage: prod\n");
        m_ids << submit(QStringLiteral("c"),
                        "  --lr: 1\n  --losses: \"2.0,nan,1.5\"\n  --stage: dev\n  --comment: \"wide, \\\"deep\\\"\\nnet\"\n");
        for (const QString& id : std::as_const(m_ids))
            QVERIFY(!id.isEmpty());
    }

    void sortsByAParamAndByAMetric()
    {
        QCOMPARE(order(runs({"--sort", "params.lr:asc", "--columns", "id,params.lr", "--format", "csv"})), QStringLiteral("bac"));
        QCOMPARE(order(runs({"--sort", "params.lr", "--columns", "id", "--format", "csv"})), QStringLiteral("cab"));
        // The param the script logged, numerically (10 < 100 < 1000).
        QCOMPARE(order(runs({"--sort", "params.warmup:asc", "--columns", "id", "--format", "csv"})), QStringLiteral("bac"));
        QCOMPARE(order(runs({"--sort", "metrics.loss.min:desc", "--columns", "id", "--format", "csv"})), QStringLiteral("cab"));
        QCOMPARE(order(runs({"--sort", "metrics.loss:asc", "--columns", "id", "--format", "csv"})), QStringLiteral("bac"));
    }

    void filtersByAnExpression()
    {
        QCOMPARE(order(runs({"--filter", "params.warmup >= 100 and tags.stage = \"dev\"", "--columns", "id", "--format", "csv"})),
                 QStringLiteral("ca"));
        QCOMPARE(order(runs({"--filter", "metrics.loss.max < 1 or params.lr = 1", "--columns", "id", "--format", "csv"})),
                 QStringLiteral("cba"));
        QCOMPARE(order(runs({"--filter", "status = completed and metrics.loss.min <= 0.2", "--columns", "id", "--format", "csv"})),
                 QStringLiteral("b"));
        // Nothing matches: the header alone, exit 0.
        QCOMPARE(runs({"--filter", "params.lr > 5", "--columns", "id,params.lr", "--format", "csv"}).trimmed(), QByteArray("id,params.lr"));
    }

    void csvHasTheValuesAndQuotesWhatNeedsIt()
    {
        const QByteArray csv = runs({"--sort", "submitted:asc", "--columns", "id,status,params.lr,params.warmup,metrics.loss,"
                                     "metrics.loss.min,metrics.loss.max,tags.stage,tags.comment",
                                     "--format", "csv"});
        const QByteArray expected = "id,status,params.lr,params.warmup,metrics.loss,metrics.loss.min,metrics.loss.max,tags.stage,tags.comment\r\n"
                                    + m_ids[0].toUtf8() + ",Completed,0.1,100,0.6,0.4,0.9,dev,\r\n"
                                    + m_ids[1].toUtf8() + ",Completed,0.01,10,0.3,0.2,0.8,prod,\r\n"
                                    + m_ids[2].toUtf8() + ",Completed,1,1000,1.5,1.5,2,dev,\"wide, \"\"deep\"\"\nnet\"\r\n";
        QCOMPARE(csv, expected);
    }

    void tableShowsTheChosenColumns()
    {
        const QByteArray table = runs({"--sort", "params.lr:asc", "--columns", "id,params.lr,metrics.loss.min"});
        const QList<QByteArray> lines = table.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY2(lines.at(0).startsWith("RUN") && lines.at(0).contains("params.lr") && lines.at(0).contains("metrics.loss.min"),
                 table.constData());
        QVERIFY2(lines.at(1).startsWith(m_ids[1].toUtf8()) && lines.at(1).contains(" 0.01 ") && lines.at(1).endsWith("0.2"),
                 table.constData());
        // The default listing keeps its columns.
        const QByteArray plain = runs({});
        QVERIFY2(plain.startsWith("RUN") && plain.contains("STATUS") && plain.contains("DURATION"), plain.constData());
    }

    void jsonStaysTheRunSummariesAndAddsTheColumns()
    {
        const CliResult plain = runCli(workspace(), {QStringLiteral("--json"), QStringLiteral("runs")});
        QCOMPARE(plain.exitCode, 0);
        const QJsonArray all = plain.json().array();
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0).toObject().value(QStringLiteral("id")).toString(), m_ids[2]);
        QCOMPARE(all.at(0).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QVERIFY(!all.at(0).toObject().contains(QStringLiteral("columns")));
        const CliResult chosen = runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--format"), QStringLiteral("json"),
                                                      QStringLiteral("--columns"), QStringLiteral("params.lr,metrics.loss.max,tags.stage"),
                                                      QStringLiteral("--filter"), QStringLiteral("tags.stage = prod")});
        QCOMPARE(chosen.exitCode, 0);
        const QJsonArray one = chosen.json().array();
        QCOMPARE(one.size(), 1);
        const QJsonObject columns = one.at(0).toObject().value(QStringLiteral("columns")).toObject();
        QCOMPARE(columns.value(QStringLiteral("params.lr")).toDouble(), 0.01);
        QCOMPARE(columns.value(QStringLiteral("metrics.loss.max")).toDouble(), 0.8);
        QCOMPARE(columns.value(QStringLiteral("tags.stage")).toString(), QStringLiteral("prod"));
    }

    void badInputExitsTwoNamingIt()
    {
        const QByteArray filter = runs({"--filter", "params.lr > 0.05 and param.warmup > 1"}, 2);
        QVERIFY2(filter.contains("--filter: unknown field \"param.warmup\" (did you mean params.warmup?)\n"
                                 "  params.lr > 0.05 and param.warmup > 1\n"
                                 "                       ^^^^^^^^^^^^\n"),
                 filter.constData());
        const QByteArray value = runs({"--filter", "metrics.loss >= "}, 2);
        QVERIFY2(value.contains("expected a value after \">=\""), value.constData());
        const QByteArray column = runs({"--columns", "id,colour"}, 2);
        QVERIFY2(column.contains("--columns: unknown column \"colour\""), column.constData());
        const QByteArray sort = runs({"--sort", "metric.loss"}, 2);
        QVERIFY2(sort.contains("--sort: cannot sort by unknown column \"metric.loss\""), sort.constData());
        const QByteArray direction = runs({"--sort", "params.lr:up"}, 2);
        QVERIFY2(direction.contains("sort direction \"up\""), direction.constData());
        const QByteArray format = runs({"--format", "xml"}, 2);
        QVERIFY2(format.contains("--format: expected table, csv or json, got \"xml\""), format.constData());
    }
};

QTEST_GUILESS_MAIN(TestRunsListing)
#include "TestRunsListing.moc"
