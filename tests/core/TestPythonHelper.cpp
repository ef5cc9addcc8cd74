#include <QtTest>

#include "metrics/HelperMetricReader.h"
#include "TestSupport.h"

#include <cmath>

// The run-side Python helper (resources/python): both the `trainyard` module and the Azure ML `Run` shim,
// run by the system interpreter exactly as the supervisor runs a user's script.
class TestPythonHelper : public QObject
{
    Q_OBJECT

    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static Result runPython(const QString& script, const QProcessEnvironment& env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(TestSupport::systemPython(), {QStringLiteral("-c"), script});
        Result r;
        if (!p.waitForFinished(15000))
            return r;
        r.exitCode = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    static QProcessEnvironment helperEnv(const QString& metricsFile)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString root = TestSupport::sourceDir() + QStringLiteral("/resources/python/");
        env.insert(QStringLiteral("PYTHONPATH"),
                   root + QStringLiteral("trainyard:") + root + QStringLiteral("azureml"));
        if (metricsFile.isEmpty())
            env.remove(QStringLiteral("TRAINYARD_METRICS_FILE"));
        else
            env.insert(QStringLiteral("TRAINYARD_METRICS_FILE"), metricsFile);
        env.insert(QStringLiteral("TRAINYARD_RUN_ID"), QStringLiteral("run-42"));
        env.insert(QStringLiteral("TRAINYARD_EXPERIMENT"), QStringLiteral("mnist"));
        env.insert(QStringLiteral("TRAINYARD_RUN_DIR"), QStringLiteral("/runs/r42"));
        return env;
    }

private slots:
    void trainyardModuleLogsMetricsAndTags()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("metrics.jsonl"));
        const Result r = runPython(QStringLiteral(
                                       "import trainyard, warnings\n"
                                       "warnings.simplefilter('ignore')\n"
                                       "trainyard.log('loss', 0.3, step=1)\n"
                                       "trainyard.log('loss', 0.25, step=2)\n"
                                       "trainyard.log('nan', float('nan'))\n"
                                       "trainyard.log('pinf', float('inf'))\n"
                                       "trainyard.log('ninf', float('-inf'))\n"
                                       "trainyard.log('flag', True)\n"
                                       "trainyard.log('junk', object())\n"
                                       "trainyard.set_tag('optimizer', 'adam')\n"
                                       "trainyard.log('note', 'text value')\n"
                                       "trainyard.log_tag('old_name', 1)\n"
                                       "trainyard.set_name('  base\\nline ')\n"
                                       "print(trainyard.run_id())\n"
                                       "print(trainyard.output_path())\n"),
                                   helperEnv(file));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out.trimmed(), QByteArray("run-42\n/runs/r42/work/outputs"));
        HelperMetricReader reader(file);
        const HelperMetricReader::Batch b = reader.poll();
        QCOMPARE(reader.malformedLines(), 0);
        QCOMPARE(b.displayName, QStringLiteral("base line"));
        QCOMPARE(b.metrics.size(), 6);
        QCOMPARE(b.metrics[0].name, QStringLiteral("loss"));
        QCOMPARE(*b.metrics[0].step, 1);
        QCOMPARE(b.metrics[0].value, 0.3);
        QCOMPARE(*b.metrics[1].step, 2);
        QVERIFY(std::fabs(b.metrics[0].time - QDateTime::currentSecsSinceEpoch()) < 60);
        QVERIFY(!b.metrics[2].step);
        QVERIFY(std::isnan(b.metrics[2].value));
        QVERIFY(std::isinf(b.metrics[3].value) && b.metrics[3].value > 0);
        QVERIFY(std::isinf(b.metrics[4].value) && b.metrics[4].value < 0);
        QCOMPARE(b.metrics[5].value, 1.0);
        QCOMPARE(b.tags.size(), 3);
        QCOMPARE(b.tags[0], qMakePair(QStringLiteral("optimizer"), QStringLiteral("adam")));
        QCOMPARE(b.tags[1], qMakePair(QStringLiteral("note"), QStringLiteral("text value")));
        QCOMPARE(b.tags[2], qMakePair(QStringLiteral("old_name"), QStringLiteral("1")));
    }

    void azureMlRunShim()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("metrics.jsonl"));
        const Result r = runPython(QStringLiteral(
                                       "from azureml.core import Run\n"
                                       "from azureml.core.run import Run as SameRun\n"
                                       "run = Run.get_context()\n"
                                       "assert run is SameRun.get_context()\n"
                                       "run.log('accuracy', 0.9, description='acc')\n"
                                       "run.log_list('curve', [3, 2, 1])\n"
                                       "run.log_row('table', x=1, y=2.5)\n"
                                       "run.log_row('table', x=2, y=float('nan'))\n"
                                       "run.tag('kind', 'baseline')\n"
                                       "run.tag('flagged')\n"
                                       "run.complete(); run.fail()\n"
                                       "assert run.parent is None\n"
                                       "print(run.id, run.experiment.name, run.get_portal_url())\n"),
                                   helperEnv(file));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out.trimmed(), QByteArray("run-42 mnist trainyard://run/run-42"));
        HelperMetricReader reader(file);
        const HelperMetricReader::Batch b = reader.poll();
        QCOMPARE(b.metrics.size(), 1 + 3 + 4);
        QCOMPARE(b.metrics[0].name, QStringLiteral("accuracy"));
        QVERIFY(!b.metrics[0].step);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(b.metrics[1 + i].name, QStringLiteral("curve"));
            QCOMPARE(*b.metrics[1 + i].step, i);
            QCOMPARE(b.metrics[1 + i].value, 3.0 - i);
        }
        QCOMPARE(b.metrics[4].name, QStringLiteral("table/x"));
        QCOMPARE(*b.metrics[4].step, 0);
        QCOMPARE(b.metrics[5].name, QStringLiteral("table/y"));
        QCOMPARE(b.metrics[5].value, 2.5);
        QCOMPARE(*b.metrics[7].step, 1);
        QVERIFY(std::isnan(b.metrics[7].value));
        QCOMPARE(b.tags.size(), 2);
        QCOMPARE(b.tags[1], qMakePair(QStringLiteral("flagged"), QString()));
    }

    void manyProcessesAppendWholeLines()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("metrics.jsonl"));
        const Result r = runPython(QStringLiteral(
                                       "import os, trainyard\n"
                                       "pids = []\n"
                                       "for w in range(4):\n"
                                       "    pid = os.fork()\n"
                                       "    if pid == 0:\n"
                                       "        for i in range(500):\n"
                                       "            trainyard.log('w%d' % w, i, step=i)\n"
                                       "        os._exit(0)\n"
                                       "    pids.append(pid)\n"
                                       "for pid in pids:\n"
                                       "    os.waitpid(pid, 0)\n"),
                                   helperEnv(file));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        HelperMetricReader reader(file);
        const HelperMetricReader::Batch b = reader.poll();
        QCOMPARE(reader.malformedLines(), 0);
        QCOMPARE(b.metrics.size(), 2000);
    }

    void outsideTrainyardPrintsGuildLines()
    {
        const Result r = runPython(QStringLiteral("import trainyard\n"
                                                  "trainyard.log('loss', 0.5, step=3)\n"
                                                  "from azureml.core import Run\n"
                                                  "Run.get_context().log('acc', 1)\n"),
                                   helperEnv(QString()));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("step: 3\nloss: 0.5\nacc: 1.0\n"));
    }
};

QTEST_GUILESS_MAIN(TestPythonHelper)
#include "TestPythonHelper.moc"
