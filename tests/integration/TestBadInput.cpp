// Bad input gets a clear error naming what is wrong, and nothing is lost: malformed estimators, paths that
// escape, huge and looping source trees, racing submits and a CLI killed halfway through a submit.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "TestSupport.h"

#include <csignal>

using namespace TestSupport;

class TestBadInput : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }
    QString path(const QString& relative) const { return m_dir.path() + QLatin1Char('/') + relative; }

private slots:
    void missingAndMalformedEstimators()
    {
        CliResult r = runCli(workspace(), {QStringLiteral("submit"), path(QStringLiteral("none/estimator.yml"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("none/estimator.yml"), r.err.constData());

        const QString broken = makeProject(path(QStringLiteral("broken")), {{QStringLiteral("t.py"), "print(1)\n"}},
                                           "entry_script: t.py\nscript_params: [unclosed\n");
        r = runCli(workspace(), {QStringLiteral("submit"), broken});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("estimator.yml: line"), r.err.constData());

        const QString many = makeProject(path(QStringLiteral("many")), {{QStringLiteral("t.py"), "print(1)\n"}},
                                         "entry_scrpt: t.py\nnode_count: two\nscript_params:\n  --lr: [1, 2]\n");
        r = runCli(workspace(), {QStringLiteral("submit"), many});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown key \"entry_scrpt\" (did you mean \"entry_script\"?)"), r.err.constData());
        QVERIFY(r.err.contains("node_count"));
        QVERIFY(r.err.contains("estimator.yml: script_params.--lr: expected a scalar, a flag (\"\") or {dataset: NAME}"));

        const QString outside = makeProject(path(QStringLiteral("outside/src")), {{QStringLiteral("t.py"), "print(1)\n"}},
                                            "source_directory: .\nentry_script: ../t2.py\n");
        writeFile(path(QStringLiteral("outside/t2.py")), "print(2)\n");
        r = runCli(workspace(), {QStringLiteral("submit"), outside});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("entry_script") && r.err.contains("outside"), r.err.constData());

        const QString target = makeProject(path(QStringLiteral("target")), {{QStringLiteral("t.py"), "print(1)\n"}},
                                           "entry_script: t.py\ncompute_target: gpu-farm\n");
        r = runCli(workspace(), {QStringLiteral("submit"), target});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("compute_target: unknown target \"gpu-farm\""), r.err.constData());

        r = runCli(workspace(), {QStringLiteral("submit"), target, QStringLiteral("--param"), QStringLiteral("novalue")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--param novalue"));

        r = runCli(workspace(), {QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown command"));
        // Nothing was recorded for any of these.
        QCOMPARE(runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--json")}).json().array().size(), 0);
    }

    void symlinkLoopsDoNotHang()
    {
        const QString est = makeProject(path(QStringLiteral("loop")), {{QStringLiteral("t.py"), "import os\nprint('islink', os.path.islink('a/loop'))\n"}},
                                        "entry_script: t.py\n");
        QDir().mkpath(path(QStringLiteral("loop/a")));
        QVERIFY(QFile::link(path(QStringLiteral("loop/a")), path(QStringLiteral("loop/a/loop"))));
        QVERIFY(QFile::link(path(QStringLiteral("loop/self")), path(QStringLiteral("loop/self"))));
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")}, 60000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("islink True"), r.out.constData());
    }

    void hundredThousandFilesHaveNoLimit()
    {
        const QString dir = path(QStringLiteral("huge"));
        for (int d = 0; d < 100; ++d) {
            const QString sub = dir + QStringLiteral("/d%1").arg(d);
            QDir().mkpath(sub);
            for (int f = 0; f < 1000; ++f) {
                QFile file(sub + QStringLiteral("/f%1.txt").arg(f));
                QVERIFY(file.open(QIODevice::WriteOnly));
                file.write(QByteArray::number(d * 1000 + f));
            }
        }
        const QString est = makeProject(dir, {{QStringLiteral("count.py"), "import os\nprint('files', sum(len(f) for _, _, f in os.walk('.')))\n"}},
                                        "entry_script: count.py\n");
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")}, 300000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("files 100002"), r.out.constData());
    }

    void cliKilledMidSubmitLosesNothing()
    {
        // A fresh 20,000-file tree (no stat cache yet) takes long enough to snapshot that the kill lands mid-way.
        const QString dir = path(QStringLiteral("killed"));
        for (int d = 0; d < 20; ++d) {
            const QString sub = dir + QStringLiteral("/d%1").arg(d);
            QDir().mkpath(sub);
            for (int f = 0; f < 1000; ++f) {
                QFile file(sub + QStringLiteral("/f%1.txt").arg(f));
                QVERIFY(file.open(QIODevice::WriteOnly));
                file.write(QByteArray(512, char('a' + f % 26)) + QByteArray::number(d * 1000 + f));
            }
        }
        makeProject(dir, {{QStringLiteral("count.py"), "import os\nprint('files', sum(len(f) for _, _, f in os.walk('.')))\n"}},
                    "entry_script: count.py\n");
        const int before = runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("1000")}).json().array().size();
        QProcess submit;
        submit.start(binDir() + QStringLiteral("/trainyard-cli"),
                     {QStringLiteral("--workspace"), workspace(), QStringLiteral("submit"), path(QStringLiteral("killed/estimator.yml"))});
        QVERIFY(submit.waitForStarted());
        QTest::qWait(300);
        ::kill(pid_t(submit.processId()), SIGKILL);
        submit.waitForFinished();
        // The workspace still works, and a new submit of the same tree completes.
        const CliResult again = runCli(workspace(), {QStringLiteral("submit"), path(QStringLiteral("killed/estimator.yml")), QStringLiteral("--wait")}, 300000);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        const QJsonArray runs = runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("1000")}).json().array();
        QVERIFY(runs.size() == before + 1 || runs.size() == before + 2);
        // A run the killed CLI managed to record is not stuck: it runs to an end like any other.
        for (const auto& run : runs) {
            const QString id = run.toObject().value(QStringLiteral("id")).toString();
            const QString status = waitForStatus(workspace(), id, {QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")}, 120000)
                                       .value(QStringLiteral("status")).toString();
            QVERIFY2(status == QLatin1String("Completed"), qPrintable(id + QLatin1Char(' ') + status));
        }
    }

    void concurrentSubmitsGetDistinctRuns()
    {
        const QString est = makeProject(path(QStringLiteral("race")), {{QStringLiteral("t.py"), "print('raced')\n"}}, "entry_script: t.py\nexperiment: race\n");
        QList<QProcess*> processes;
        for (int i = 0; i < 6; ++i) {
            auto* p = new QProcess(this);
            p->start(binDir() + QStringLiteral("/trainyard-cli"), {QStringLiteral("--workspace"), workspace(), QStringLiteral("submit"), est});
            processes << p;
        }
        QSet<QString> ids;
        for (QProcess* p : processes) {
            QVERIFY(p->waitForFinished(120000));
            QCOMPARE(p->exitCode(), 0);
            ids.insert(QString::fromUtf8(p->readAllStandardOutput()).trimmed());
        }
        QCOMPARE(ids.size(), 6);
        for (const QString& id : ids)
            QCOMPARE(waitForStatus(workspace(), id, {QStringLiteral("Completed"), QStringLiteral("Failed")}, 120000).value(QStringLiteral("status")).toString(),
                     QStringLiteral("Completed"));
    }

    void downloadRefusesEscapes()
    {
        const QJsonArray runs = runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("1")}).json().array();
        const QString id = runs.at(0).toObject().value(QStringLiteral("id")).toString();
        for (const QString& bad : {QStringLiteral("../../workspace.db"), QStringLiteral("/etc/passwd"), QStringLiteral("work/count.py")}) {
            const CliResult r = runCli(workspace(), {QStringLiteral("download"), id, bad, QStringLiteral("--to"), path(QStringLiteral("x"))});
            QVERIFY2(r.exitCode != 0, qPrintable(bad));
            QVERIFY(!QFileInfo::exists(path(QStringLiteral("x"))));
        }
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "TestBadInput.moc"
