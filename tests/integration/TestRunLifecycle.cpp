// End to end through trainyard-cli and the detached runner, with real Python scripts: what a run records,
// how it ends, and that user values reach the script untouched.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/stat.h>

#include "TestSupport.h"

using namespace TestSupport;

class TestRunLifecycle : public QObject
{
    Q_OBJECT

    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }
    QString project(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }

    // Submits and waits; returns the run id (first stdout line of submit).
    QString submitAndWait(const QString& estimator, int expectedExit, CliResult* result = nullptr)
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), estimator, QStringLiteral("--wait")});
        if (result)
            *result = r;
        if (r.exitCode != expectedExit)
            qWarning() << "submit exit" << r.exitCode << r.err.left(2000);
        return QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
    }

    QTemporaryDir m_dir;

private slots:
    // Whatever the umask of whoever submits, a run's folders are owner-only and its records owner-read/write:
    // they hold the command, the uncommitted diff and the names of the environment's variables.
    void aRunsFilesArePrivateWhateverTheUmask()
    {
        const QString dir = project(QStringLiteral("private"));
        const QString est = makeProject(dir, {{QStringLiteral("train.py"), "open('outputs/w.txt', 'w').write('w')\n"}},
                                        "experiment: private\nentry_script: train.py\n");
        const auto git = [&](const QStringList& args) {
            QProcess p;
            p.setWorkingDirectory(dir);
            p.start(QStringLiteral("git"), QStringList{QStringLiteral("-c"), QStringLiteral("user.name=t"), QStringLiteral("-c"),
                                                       QStringLiteral("user.email=t@example.org")} + args);
            return p.waitForFinished(30000) && p.exitCode() == 0;
        };
        QVERIFY(git({QStringLiteral("init"), QStringLiteral("-q")}));
        QVERIFY(git({QStringLiteral("add"), QStringLiteral(".")}));
        QVERIFY(git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("first")}));
        QVERIFY(writeFile(dir + QStringLiteral("/train.py"), "open('outputs/w.txt', 'w').write('changed')\n"));

        const mode_t previous = ::umask(022); // the CLI and its runner inherit it
        const QString id = submitAndWait(est, 0);
        ::umask(previous);
        QVERIFY(!id.isEmpty());
        const QString runDir = workspace() + QStringLiteral("/runs/") + id;
        QVERIFY(QFileInfo::exists(runDir + QStringLiteral("/system/git.diff")));
        for (const QString& folder : {QString(), QStringLiteral("/system"), QStringLiteral("/work/outputs"), QStringLiteral("/work/logs")})
            QVERIFY2(modeOf(runDir + folder) == 0700, qPrintable(folder + QStringLiteral(": ") + QString::number(modeOf(runDir + folder), 8)));
        for (const QString& file : {QStringLiteral("/system/git.diff"), QStringLiteral("/system/environment.json")})
            QVERIFY2(modeOf(runDir + file) == 0600, qPrintable(file + QStringLiteral(": ") + QString::number(modeOf(runDir + file), 8)));
    }

    void completedRunRecordsEverything()
    {
        const QString est = makeProject(project(QStringLiteral("ok")),
                                        {{QStringLiteral("train.py"),
                                          "import os, sys\n"
                                          "print('step: 1')\nprint('loss: 0.5')\nprint('step: 2')\nprint('loss: 0.25')\n"
                                          "os.makedirs('outputs', exist_ok=True)\n"
                                          "open('outputs/model.txt','w').write('weights')\n"
                                          "os.makedirs('logs', exist_ok=True)\nopen('logs/extra.log','w').write('x')\n"
                                          "print('env', os.environ.get('MY_SETTING'))\n"
                                          "print('cwd-has-estimator', os.path.exists('estimator.yml'))\n"},
                                         {QStringLiteral("ignored/big.bin"), "should not be copied"},
                                         {QStringLiteral(".trainyardignore"), "ignored/\n"},
                                         {QStringLiteral("check.py"), "import os\nprint('ignored-present', os.path.exists('ignored'))\n"}},
                                        "experiment: life\nentry_script: train.py\n"
                                        "environment_variables: {MY_SETTING: \"hello world\"}\n");
        CliResult submit;
        const QString id = submitAndWait(est, 0, &submit);
        QVERIFY2(!id.isEmpty(), submit.err.constData());
        QVERIFY(submit.out.contains("loss: 0.25"));
        QVERIFY(submit.out.contains("env hello world"));
        const QJsonObject show = runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
        QCOMPARE(show.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QCOMPARE(show.value(QStringLiteral("exit_code")).toInt(-1), 0);
        QCOMPARE(show.value(QStringLiteral("experiment")).toString(), QStringLiteral("life"));
        QCOMPARE(show.value(QStringLiteral("compute_target")).toString(), QStringLiteral("local"));
        QVERIFY(!show.value(QStringLiteral("submitted_at")).toString().isEmpty());
        QVERIFY(!show.value(QStringLiteral("started_at")).toString().isEmpty());
        QVERIFY(!show.value(QStringLiteral("ended_at")).toString().isEmpty());
        QCOMPARE(show.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("loss")).toDouble(), 0.25);
        QCOMPARE(show.value(QStringLiteral("estimator")).toObject().value(QStringLiteral("entryScript")).toString().isEmpty()
                     && show.value(QStringLiteral("estimator")).toObject().isEmpty(), false);
        // The user's folder is untouched: the run worked in its own copy.
        QVERIFY(!QFileInfo::exists(project(QStringLiteral("ok")) + QStringLiteral("/outputs")));
        const QJsonArray files = runCli(workspace(), {QStringLiteral("files"), id, QStringLiteral("--json")}).json().array();
        QStringList paths;
        for (const auto& f : files)
            paths << f.toObject().value(QStringLiteral("path")).toString();
        QVERIFY2(paths.contains(QStringLiteral("outputs/model.txt")), qPrintable(paths.join(QLatin1Char(','))));
        QVERIFY(paths.contains(QStringLiteral("logs/extra.log")));
        QVERIFY(paths.contains(QStringLiteral("system/stdout.log")));
        // Downloads never overwrite.
        const QString dest = m_dir.path() + QStringLiteral("/downloaded.txt");
        QCOMPARE(runCli(workspace(), {QStringLiteral("download"), id, QStringLiteral("outputs/model.txt"), QStringLiteral("--to"), dest}).exitCode, 0);
        QCOMPARE(readFile(dest), QByteArray("weights"));
        const CliResult again = runCli(workspace(), {QStringLiteral("download"), id, QStringLiteral("outputs/model.txt"), QStringLiteral("--to"), dest});
        QVERIFY(again.exitCode != 0);
        QVERIFY(again.err.contains("already exists"));
    }

    void ignoredFilesStayOutOfTheSnapshot()
    {
        const QString est = makeProject(project(QStringLiteral("ign")),
                                        {{QStringLiteral("check.py"), "import os\nprint('ignored-present', os.path.exists('ignored'), os.path.exists('notes.tmp'))\n"},
                                         {QStringLiteral("ignored/big.bin"), "x"},
                                         {QStringLiteral("notes.tmp"), "x"},
                                         {QStringLiteral(".gitignore"), "*.tmp\n"},
                                         {QStringLiteral(".amlignore"), "ignored/\n"}},
                                        "entry_script: check.py\n");
        CliResult r;
        submitAndWait(est, 0, &r);
        QVERIFY2(r.out.contains("ignored-present False False"), r.out.constData());
    }

    void failingScriptIsFailedWithItsExitCode()
    {
        const QString est = makeProject(project(QStringLiteral("fail")),
                                        {{QStringLiteral("fail.py"), "import sys\nprint('about to fail')\nsys.stderr.write('boom\\n')\nsys.exit(3)\n"}},
                                        "entry_script: fail.py\n");
        CliResult r;
        const QString id = submitAndWait(est, 1, &r);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("boom"));
        const QJsonObject show = runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
        QCOMPARE(show.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QCOMPARE(show.value(QStringLiteral("exit_code")).toInt(), 3);
        QCOMPARE(show.value(QStringLiteral("error")).toString(), QStringLiteral("exit code 3"));
        // No traceback: the log's last line stands in as the cause.
        QCOMPARE(show.value(QStringLiteral("failure")).toObject().value(QStringLiteral("lines")).toArray(),
                 QJsonArray{QStringLiteral("boom")});
        const CliResult err = runCli(workspace(), {QStringLiteral("logs"), id, QStringLiteral("--stderr")});
        QCOMPARE(err.out, QByteArray("boom\n"));
    }

    // "exit code 1" says little: show names the exception that ended the script and where it was raised.
    void aFailedRunShowsTheExceptionThatEndedIt()
    {
        const QString est = makeProject(project(QStringLiteral("raise")),
                                        {{QStringLiteral("train.py"),
                                          "import sys\nprint('epoch 1', file=sys.stderr)\n"
                                          "def train(lr):\n    raise ValueError(f'learning rate must be positive, got {lr}')\n"
                                          "train(-1)\n"}},
                                        "entry_script: train.py\n");
        const QString id = submitAndWait(est, 1);
        const QJsonObject show = runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
        QCOMPARE(show.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QCOMPARE(show.value(QStringLiteral("error")).toString(), QStringLiteral("exit code 1"));
        const QJsonObject failure = show.value(QStringLiteral("failure")).toObject();
        QCOMPARE(failure.value(QStringLiteral("exception")).toString(),
                 QStringLiteral("ValueError: learning rate must be positive, got -1"));
        QCOMPARE(failure.value(QStringLiteral("location")).toString(), QStringLiteral("train.py, line 4, in train"));
        const CliResult text = runCli(workspace(), {QStringLiteral("show"), id});
        QVERIFY2(text.out.contains("\nCause       ValueError: learning rate must be positive, got -1  (train.py, line 4, in train)\n"),
                 text.out.constData());
    }

    void scriptKilledBySignalIsFailed()
    {
        const QString est = makeProject(project(QStringLiteral("sig")),
                                        {{QStringLiteral("die.py"), "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"}},
                                        "entry_script: die.py\n");
        const QString id = submitAndWait(est, 1);
        const QJsonObject show = runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
        QCOMPARE(show.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QVERIFY2(show.value(QStringLiteral("error")).toString().startsWith(QStringLiteral("killed by signal 9")),
                 qPrintable(show.value(QStringLiteral("error")).toString()));
    }

    void hostileParametersArriveLiterally()
    {
        const QString est = makeProject(
            project(QStringLiteral("argv")),
            {{QStringLiteral("argv.py"), "import sys, json, os\nos.makedirs('outputs', exist_ok=True)\n"
                                         "json.dump(sys.argv[1:], open('outputs/argv.json','w'))\n"}},
            "entry_script: argv.py\n"
            "script_params:\n"
            "  --cmd: \"; rm -rf ~\"\n"
            "  --sub: \"$(id)\"\n"
            "  --quotes: \"it's \\\"quoted\\\" `x`\"\n"
            "  --newline: \"line1\\nline2\"\n"
            "  --lr: 1e-3\n"
            "  --flag: \"\"\n"
            "  --glob: \"*\"\n");
        const QString id = submitAndWait(est, 0);
        // An override from the command line replaces in place and appends new keys.
        const QString dest = m_dir.path() + QStringLiteral("/argv.json");
        QCOMPARE(runCli(workspace(), {QStringLiteral("download"), id, QStringLiteral("outputs/argv.json"), QStringLiteral("--to"), dest}).exitCode, 0);
        const QJsonArray argv = QJsonDocument::fromJson(readFile(dest)).array();
        const QStringList expected{QStringLiteral("--cmd"), QStringLiteral("; rm -rf ~"), QStringLiteral("--sub"), QStringLiteral("$(id)"),
                                   QStringLiteral("--quotes"), QStringLiteral("it's \"quoted\" `x`"), QStringLiteral("--newline"),
                                   QStringLiteral("line1\nline2"), QStringLiteral("--lr"), QStringLiteral("1e-3"), QStringLiteral("--flag"),
                                   QStringLiteral("--glob"), QStringLiteral("*")};
        QStringList actual;
        for (const auto& a : argv)
            actual << a.toString();
        QCOMPARE(actual, expected);

        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait"), QStringLiteral("--param"),
                                                 QStringLiteral("--lr=0.5"), QStringLiteral("--param"), QStringLiteral("--extra=$HOME")});
        QCOMPARE(r.exitCode, 0);
        const QString id2 = QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
        const QString dest2 = m_dir.path() + QStringLiteral("/argv2.json");
        QCOMPARE(runCli(workspace(), {QStringLiteral("download"), id2, QStringLiteral("outputs/argv.json"), QStringLiteral("--to"), dest2}).exitCode, 0);
        const QJsonArray argv2 = QJsonDocument::fromJson(readFile(dest2)).array();
        QCOMPARE(argv2.at(9).toString(), QStringLiteral("0.5"));
        QCOMPARE(argv2.at(argv2.size() - 2).toString(), QStringLiteral("--extra"));
        QCOMPARE(argv2.last().toString(), QStringLiteral("$HOME"));
    }

    void everyByteOfOutputIsKept()
    {
        // Binary bytes, invalid UTF-8, a huge metric name and a last line without a newline.
        const QString est = makeProject(project(QStringLiteral("bytes")),
                                        {{QStringLiteral("bytes.py"),
                                          "import sys\nout = sys.stdout.buffer\n"
                                          "out.write(bytes(range(256)))\nout.write(b'\\n\\xff\\xfe invalid utf8\\n')\n"
                                          "out.write(b'x' * (10 * 1024 * 1024) + b': 1.0\\n')\n"
                                          "out.write(b'loss: nan\\nacc: inf\\nneg: -inf\\n')\n"
                                          "out.write(b'tail without newline')\n"}},
                                        "entry_script: bytes.py\n");
        const QString id = submitAndWait(est, 0);
        QByteArray expected;
        for (int i = 0; i < 256; ++i)
            expected.append(char(i));
        expected += "\n\xff\xfe invalid utf8\n" + QByteArray(10 * 1024 * 1024, 'x') + ": 1.0\nloss: nan\nacc: inf\nneg: -inf\ntail without newline";
        const CliResult logs = runCli(workspace(), {QStringLiteral("logs"), id});
        QCOMPARE(logs.out.size(), expected.size());
        QVERIFY(logs.out == expected);
        const QJsonObject metrics = runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")}).json().object();
        // The run's own metrics (the node's system samples, system/<node>/..., come beside them).
        QCOMPARE(QStringList(metrics.keys()).filter(QRegularExpression(QStringLiteral("^(?!system/)"))),
                 (QStringList{QStringLiteral("acc"), QStringLiteral("loss"), QStringLiteral("neg")}));
        QCOMPARE(metrics.value(QStringLiteral("loss")).toArray().at(0).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("nan"));
        QCOMPARE(metrics.value(QStringLiteral("acc")).toArray().at(0).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("inf"));
        QCOMPARE(metrics.value(QStringLiteral("neg")).toArray().at(0).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("-inf"));
    }

    void shellEntryScriptsRunWithBash()
    {
        const QString est = makeProject(project(QStringLiteral("sh")),
                                        {{QStringLiteral("run.sh"), "echo \"args:$#:$1\"\necho 'metric: 7'\n"}},
                                        "entry_script: run.sh\nscript_params:\n  \"a b\": \"\"\n");
        CliResult r;
        const QString id = submitAndWait(est, 0, &r);
        QVERIFY2(r.out.contains("args:1:a b"), r.out.constData());
        const QJsonObject show = runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
        QCOMPARE(show.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("metric")).toDouble(), 7.0);
    }

    void gitStateIsRecorded()
    {
        const QString dir = project(QStringLiteral("repo"));
        const QString est = makeProject(dir, {{QStringLiteral("t.py"), "print('ok')\n"}}, "entry_script: t.py\n");
        auto git = [&](const QStringList& args) {
            QProcess p;
            p.setWorkingDirectory(dir);
            p.start(QStringLiteral("git"), QStringList{QStringLiteral("-c"), QStringLiteral("user.name=T"), QStringLiteral("-c"),
                                                       QStringLiteral("user.email=t@example.org")} + args);
            p.waitForFinished();
            return p.exitCode();
        };
        QCOMPARE(git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("trunk")}), 0);
        git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), QStringLiteral("https://example.org/team/repo.git")});
        git({QStringLiteral("add"), QStringLiteral(".")});
        QCOMPARE(git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("first")}), 0);
        writeFile(dir + QStringLiteral("/t.py"), "print('changed')\n");
        const QString id = submitAndWait(est, 0);
        const QJsonObject show = runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
        const QJsonObject g = show.value(QStringLiteral("git")).toObject();
        QCOMPARE(g.value(QStringLiteral("repository")).toString(), QStringLiteral("https://example.org/team/repo.git"));
        QCOMPARE(g.value(QStringLiteral("branch")).toString(), QStringLiteral("trunk"));
        QCOMPARE(g.value(QStringLiteral("commit")).toString().size(), 40);
        QCOMPARE(g.value(QStringLiteral("dirty")).toBool(), true);
        const CliResult diff = runCli(workspace(), {QStringLiteral("logs"), id, QStringLiteral("--file"), QStringLiteral("system/git.diff")});
        QVERIFY2(diff.out.contains("+print('changed')"), diff.out.constData());
    }

    void listingsAreNewestFirstAndJson()
    {
        const QJsonArray runs = runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("3")}).json().array();
        QCOMPARE(runs.size(), 3);
        const auto seq = [](const QJsonValue& v) { return v.toObject().value(QStringLiteral("id")).toString().section(QLatin1Char('_'), -1).toInt(); };
        QVERIFY(seq(runs.at(0)) > seq(runs.at(1)));
        QVERIFY(seq(runs.at(1)) > seq(runs.at(2)));
        const CliResult bad = runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--limit"), QStringLiteral("zero")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("--limit"));
        const CliResult unknown = runCli(workspace(), {QStringLiteral("show"), QStringLiteral("nope_1")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("unknown run nope_1"));
    }
};

QTEST_GUILESS_MAIN(TestRunLifecycle)
#include "TestRunLifecycle.moc"
