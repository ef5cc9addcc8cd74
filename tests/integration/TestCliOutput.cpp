// What trainyard-cli prints, through the real program: help made from the commands, and `metrics --json`,
// which is streamed while the store is read, byte for byte what QJsonDocument writes for the same points.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "TestSupport.h"
#include "metrics/MetricReader.h"
#include "run/RunStore.h"

#include <cmath>

using namespace TestSupport;

class TestCliOutput : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }

    // What `metrics --json` printed before it was streamed: one QJsonDocument of every point.
    static QByteArray documentOf(const MetricReader& reader, const QStringList& names)
    {
        QJsonObject o;
        for (const QString& name : names) {
            QJsonArray points;
            for (const MetricPoint& pt : reader.points(name)) {
                QJsonValue value = pt.value;
                if (std::isnan(pt.value))
                    value = QStringLiteral("nan");
                else if (std::isinf(pt.value))
                    value = pt.value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
                points.append(QJsonObject{{QStringLiteral("step"), pt.step}, {QStringLiteral("value"), value},
                                          {QStringLiteral("time"), pt.time}});
            }
            o.insert(name, points);
        }
        return QJsonDocument(o).toJson(QJsonDocument::Indented);
    }

private slots:
    void helpListsEveryCommand()
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char* line : {"  submit ESTIMATOR.yml [--experiment N] [--target T] [--param KEY=VALUE]... [--name NAME] [--tag K=V]... [--wait]\n",
                                 "  convert JOB.yml --to FORMAT [--output FILE] [--o FILE] [--force]\n",
                                 "  logs RUN [--follow]", "  download RUN PATH --to DEST\n",
                                 "  register-model RUN --name N --path outputs/... [--description D] [--tag K=V]...\n",
                                 "  model-delete NAME:VERSION\n", "  datasets add NAME PATH [--description D]\n",
                                 "  datasets list\n", "  targets show NAME\n", "  targets set NAME [--kind KIND]"})
            QVERIFY2(r.out.contains(line), line);
        const CliResult none = runCli(workspace(), {});
        QCOMPARE(none.exitCode, 2);
        QCOMPARE(none.err, r.out);
    }

    void helpOfOneCommand()
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("help"), QStringLiteral("submit")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("usage: trainyard-cli submit ESTIMATOR.yml"), r.out.constData());
        QVERIFY2(r.out.contains("--wait") && r.out.contains("follows the run to its end"), r.out.constData());
        QVERIFY2(r.out.contains("--param KEY=VALUE") && r.out.contains("(repeatable)"), r.out.constData());
        QCOMPARE(runCli(workspace(), {QStringLiteral("submit"), QStringLiteral("--help")}).out, r.out);

        const CliResult sub = runCli(workspace(), {QStringLiteral("help"), QStringLiteral("targets"), QStringLiteral("set")});
        QCOMPARE(sub.exitCode, 0);
        QVERIFY2(sub.out.contains("--max-concurrent-runs N"), sub.out.constData());
        const CliResult group = runCli(workspace(), {QStringLiteral("help"), QStringLiteral("datasets")});
        QCOMPARE(group.exitCode, 0);
        QVERIFY2(group.out.contains("trainyard-cli datasets add NAME PATH") && group.out.contains("trainyard-cli datasets list"),
                 group.out.constData());

        const CliResult unknown = runCli(workspace(), {QStringLiteral("help"), QStringLiteral("nosuch")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("unknown command \"nosuch\""), unknown.err.constData());
    }

    // `targets set` offers every setting a target kind registers, converts each to its type and lets the
    // kind's validation judge it.
    void targetsSetTakesTheSettingsTheKindRegisters()
    {
        const CliResult help = runCli(workspace(), {QStringLiteral("help"), QStringLiteral("targets"), QStringLiteral("set")});
        QVERIFY2(help.out.contains("--environment NAME,...") && help.out.contains("--python PATH"), help.out.constData());

        QCOMPARE(runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                      QStringLiteral("--environment"), QStringLiteral("HF_HOME,WANDB_MODE"),
                                      QStringLiteral("--max-concurrent-runs"), QStringLiteral("2")})
                     .exitCode,
                 0);
        const QJsonObject shown =
            runCli(workspace(), {QStringLiteral("--json"), QStringLiteral("targets"), QStringLiteral("show"), QStringLiteral("local")})
                .json()
                .object();
        QCOMPARE(shown.value(QStringLiteral("environment")).toArray(),
                 (QJsonArray{QStringLiteral("HF_HOME"), QStringLiteral("WANDB_MODE")}));
        QCOMPARE(shown.value(QStringLiteral("max_concurrent_runs")).toInt(), 2);

        const CliResult badName = runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                                       QStringLiteral("--environment"), QStringLiteral("A B")});
        QCOMPARE(badName.exitCode, 2);
        QVERIFY2(badName.err.contains("environment: expected a list of environment variable names"), badName.err.constData());
        const CliResult badNumber = runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                                         QStringLiteral("--max-concurrent-runs"), QStringLiteral("many")});
        QCOMPARE(badNumber.exitCode, 2);
        QVERIFY2(badNumber.err.contains("max_concurrent_runs: expected a positive integer"), badNumber.err.constData());
        // Nothing of the refused changes was kept.
        QCOMPARE(runCli(workspace(), {QStringLiteral("--json"), QStringLiteral("targets"), QStringLiteral("show"), QStringLiteral("local")})
                     .json()
                     .object()
                     .value(QStringLiteral("max_concurrent_runs"))
                     .toInt(),
                 2);
    }

    void badArgumentsShowTheGeneratedUsage()
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("download"), QStringLiteral("run_1"), QStringLiteral("outputs")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, QByteArray("trainyard-cli: --to DEST is required\nusage: trainyard-cli download RUN PATH --to DEST\n"));
        const CliResult both = runCli(workspace(), {QStringLiteral("register-model"), QStringLiteral("run_1")});
        QCOMPARE(both.exitCode, 2);
        QVERIFY2(both.err.startsWith("trainyard-cli: --name and --path are required\n"), both.err.constData());
        const CliResult count = runCli(workspace(), {QStringLiteral("show")});
        QCOMPARE(count.exitCode, 2);
        QCOMPARE(count.err, QByteArray("trainyard-cli: expected 1 argument(s)\nusage: trainyard-cli show RUN\n"));
    }

    void metricsJsonReadsAsTheDocumentDid()
    {
        // Values of every magnitude and shape Qt writes differently: integers up to 2^53 and past it, shortest
        // decimals, exponents, subnormals, negative zero, NaN and infinities; names that need escaping.
        const QByteArray script = R"py(import math, random, trainyard
random.seed(7)
special = [0.0, -0.0, 1.0, -3.0, 100.0, 1e5, 1e15, 2.0**53, 2.0**53 + 2, 1e16, 1e21, 1e22, 1e100, 1.7976931348623157e308,
           5e-324, 2.2250738585072014e-308, 0.1, 0.001, 0.0001, 1.5e-7, 123456.789, 1700000000.123, -2.5e-300,
           float('nan'), float('inf'), float('-inf')]
for i, v in enumerate(special):
    trainyard.log('special', v, step=i)
for i in range(4000):
    v = random.uniform(-10, 10) * 10.0 ** random.randint(-320, 308)
    if i % 7 == 0:
        v = float(round(random.uniform(-1e6, 1e6)))
    trainyard.log('random', v, step=i * 3 - 5000)
trainyard.log('val/loss "q" \\ naïve', 0.5)
trainyard.log('Zeta', 1.0)
trainyard.log('alpha', 2.0)
)py";
        const QString est = makeProject(m_dir.path() + QStringLiteral("/metrics"), {{QStringLiteral("m.py"), script}},
                                        "entry_script: m.py\n");
        const CliResult submitted = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        QVERIFY2(submitted.exitCode == 0, submitted.err.constData());
        const QString id = QString::fromUtf8(submitted.out).split('\n').constFirst().trimmed();

        const MetricReader reader(workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/metrics"));
        QCOMPARE(reader.count(QStringLiteral("random")), 4000);
        QCOMPARE(reader.count(QStringLiteral("special")), 26);
        const CliResult all = runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")});
        QCOMPARE(all.exitCode, 0);
        const QByteArray expected = documentOf(reader, reader.names());
        if (all.out != expected) {
            const QList<QByteArray> got = all.out.split('\n'), want = expected.split('\n');
            for (int i = 0; i < qMin(got.size(), want.size()); ++i)
                if (got.at(i) != want.at(i))
                    QFAIL(qPrintable(QStringLiteral("line %1: got %2, want %3").arg(i + 1).arg(QString::fromUtf8(got.at(i)), QString::fromUtf8(want.at(i)))));
            QCOMPARE(got.size(), want.size());
        }
        const CliResult one = runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json"), QStringLiteral("--name"), QStringLiteral("special")});
        QCOMPARE(one.exitCode, 0);
        QCOMPARE(one.out, documentOf(reader, {QStringLiteral("special")}));
        QCOMPARE(one.json().object().value(QStringLiteral("special")).toArray().at(23).toObject().value(QStringLiteral("value")).toString(),
                 QStringLiteral("nan"));
    }

    // A status with a long reason widens the STATUS column for the whole listing: every row's TARGET starts
    // where the header's does.
    void runsListingKeepsItsColumnsWithLongStatuses()
    {
        QTemporaryDir dir;
        const QString ws = dir.path() + QStringLiteral("/ws");
        QString error;
        const auto workspace = Workspace::open(ws, &error);
        QVERIFY2(workspace, qPrintable(error));
        const QString waiting = insertRun(*workspace, QStringLiteral("cols"), RunStatus::Queued);
        QVERIFY(RunStore(*workspace).transition(waiting, {RunStatus::Queued}, RunStatus::Preparing));
        RunStore(*workspace).setWaitingReason(waiting, QStringLiteral("building environment 3f2a9c1b2d4e, 40 s"));
        insertRun(*workspace, QStringLiteral("cols"), RunStatus::Completed);
        const CliResult r = runCli(ws, {QStringLiteral("runs")});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const qsizetype column = lines.at(0).indexOf("TARGET");
        QVERIFY(column > 0);
        QVERIFY2(lines.at(1).contains("building environment 3f2a9c1b2d4e, 40 s") || lines.at(2).contains("building environment"),
                 r.out.constData());
        for (int i = 1; i < lines.size(); ++i)
            QVERIFY2(lines.at(i).mid(column, 5) == "local", r.out.constData());
    }

    // `show` names the run's link, the one the desktop app opens, in text and in JSON.
    void showPrintsTheRunLink()
    {
        QTemporaryDir dir;
        const QString ws = dir.path() + QStringLiteral("/ws");
        QString error;
        const auto workspace = Workspace::open(ws, &error);
        QVERIFY2(workspace, qPrintable(error));
        const QString id = insertRun(*workspace, QStringLiteral("linked"), RunStatus::Completed);
        QVERIFY(!id.isEmpty());
        const QByteArray link = "trainyard://run/" + id.toUtf8();
        const CliResult text = runCli(ws, {QStringLiteral("show"), id});
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY2(text.out.contains(QByteArray("\nLink        " + link + "\n")), text.out.constData());
        const CliResult json = runCli(ws, {QStringLiteral("show"), id, QStringLiteral("--json")});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        QCOMPARE(json.json().object().value(QStringLiteral("link")).toString().toUtf8(), link);
    }

    void metricsJsonOfARunWithoutMetrics()
    {
        const QString est = makeProject(m_dir.path() + QStringLiteral("/none"), {{QStringLiteral("n.py"), "print(1)\n"}},
                                        "entry_script: n.py\n");
        const CliResult submitted = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        QCOMPARE(submitted.exitCode, 0);
        const QString id = QString::fromUtf8(submitted.out).split('\n').constFirst().trimmed();
        const CliResult r = runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QJsonDocument(QJsonObject{}).toJson(QJsonDocument::Indented));
    }
};

QTEST_GUILESS_MAIN(TestCliOutput)
#include "TestCliOutput.moc"
