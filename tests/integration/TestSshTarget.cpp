// Runs on an SSH target against real OpenSSH servers this test starts itself (tests/support/SshTestServer):
// one on loopback and one in a network namespace of its own, as a second machine. Everything goes through
// trainyard-cli as a user would drive it.
#include "KeyringSession.h"
#include "SshTestServer.h"
#include "TestSupport.h"
#include "logs/CombinedLog.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <functional>
#include <memory>

using namespace TestSupport;

namespace {

// A script that prints numbered lines at a steady pace, so a run is long enough to be interfered with and
// its whole log is known in advance.
const QByteArray kCounterScript = R"PY(
import argparse, os, sys, time
parser = argparse.ArgumentParser()
parser.add_argument("--count", type=int, default=40)
parser.add_argument("--pause", type=float, default=0.05)
options = parser.parse_args()
count, pause = options.count, options.pause
os.makedirs("logs", exist_ok=True)
with open("logs/progress.log", "w") as progress:
    for i in range(count):
        print("line %05d %s" % (i, "x" * (i % 50)), flush=True)
        progress.write("step %d\n" % i)
        progress.flush()
        print("loss: %f" % (1.0 / (i + 1)), flush=True)
        time.sleep(pause)
os.makedirs("outputs", exist_ok=True)
open("outputs/done.txt", "w").write("finished\n")
)PY";

QJsonObject showRun(const QString& workspace, const QString& runId)
{
    return runCli(workspace, {QStringLiteral("--json"), QStringLiteral("show"), runId}).json().object();
}

QString statusOf(const QJsonObject& run) { return run.value(QStringLiteral("status")).toString(); }

// Every live process of a run on the (loopback) remote: its environment names the remote run folder.
QVector<qint64> processesMarkedWith(const QString& remoteRunDir)
{
    const QByteArray marker = "TRAINYARD_RUN_DIR=" + remoteRunDir.toUtf8();
    return processesWhere(QStringLiteral("environ"), [&](const QList<QByteArray>& vars) { return vars.contains(marker); });
}

// The trainyard-runner process that watches a run (its command line names the run).
qint64 runnerOf(const QString& runId)
{
    const QVector<qint64> runners = processesWhere(QStringLiteral("cmdline"), [&](const QList<QByteArray>& args) {
        return !args.isEmpty() && args.first().endsWith("trainyard-runner") && args.contains(runId.toUtf8());
    });
    return runners.isEmpty() ? 0 : runners.first();
}

bool fileContains(const QString& path, const QByteArray& needle)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QByteArray carry;
    while (!file.atEnd()) {
        const QByteArray chunk = carry + file.read(1 << 20);
        if (chunk.contains(needle))
            return true;
        carry = chunk.right(needle.size());
    }
    return false;
}

} // namespace

class TestSshTarget : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    std::unique_ptr<SshTestServer> m_server;
    QString m_workspace;
    int m_workspaces = 0;

    // A fresh workspace with an ssh target `name` for `server`, its key trusted unless told otherwise.
    QString addTarget(const SshTestServer& server, const QString& name, bool trust = true, const QString& workdir = {})
    {
        const QString ws = m_root.filePath(QStringLiteral("ws%1").arg(++m_workspaces));
        const QString remoteDir = workdir.isEmpty() ? server.workRoot() + QStringLiteral("/wd%1").arg(m_workspaces) : workdir;
        const CliResult added = runCli(ws, {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"), name,
                                            QStringLiteral("--host"), server.host(), QStringLiteral("--port"),
                                            QString::number(server.port()), QStringLiteral("--user"), server.user(),
                                            QStringLiteral("--identity-file"), server.clientKeyPath(),
                                            QStringLiteral("--workdir"), remoteDir, QStringLiteral("--python"),
                                            systemPython(), QStringLiteral("--cleanup"), QStringLiteral("keep")});
        if (added.exitCode != 0)
            qWarning("targets add failed: %s", added.err.constData());
        if (trust) {
            const CliResult trusted = runCli(ws, {QStringLiteral("targets"), QStringLiteral("trust"), name, QStringLiteral("--yes")});
            if (trusted.exitCode != 0)
                qWarning("targets trust failed: %s", trusted.err.constData());
        }
        return ws;
    }

    QString counterProject(const QString& name, int count, double pause, const QString& target)
    {
        const QByteArray yaml = "experiment: " + name.toUtf8() + "\nentry_script: counter.py\ncompute_target: "
                                + target.toUtf8() + "\nscript_params:\n  --count: " + QByteArray::number(count)
                                + "\n  --pause: " + QByteArray::number(pause) + "\n";
        return makeProject(m_root.filePath(name), {{QStringLiteral("counter.py"), kCounterScript}}, yaml);
    }

    QString submit(const QString& ws, const QString& estimator, const QStringList& extra = {})
    {
        const CliResult submitted = runCli(ws, QStringList{QStringLiteral("submit"), estimator} + extra);
        if (submitted.exitCode != 0)
            qWarning("submit failed: %s", submitted.err.constData());
        return QString::fromUtf8(submitted.out).trimmed();
    }

    QString remoteRunDir(const QString& ws, const QString& runId)
    {
        QFile environment(ws + QStringLiteral("/runs/") + runId + QStringLiteral("/system/environment.json"));
        environment.open(QIODevice::ReadOnly);
        const QByteArray text = environment.readAll();
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("\"TRAINYARD_RUN_DIR\"[^\"]*\"value\"\\s*:\\s*\"([^\"]+)\"")).match(QString::fromUtf8(text));
        if (m.hasMatch())
            return m.captured(1);
        const QJsonDocument doc = QJsonDocument::fromJson(text);
        for (const QJsonValue& v : doc.array())
            if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("TRAINYARD_RUN_DIR"))
                return v.toObject().value(QStringLiteral("value")).toString();
        return doc.object().value(QStringLiteral("TRAINYARD_RUN_DIR")).toString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QString error;
        m_server = SshTestServer::start({}, &error);
        QVERIFY2(m_server, qPrintable(error));
    }

    void cleanupTestCase() { m_server.reset(); }

    void addingATargetChecksItsInput()
    {
        const QString ws = m_root.filePath(QStringLiteral("ws-add"));
        const auto add = [&](const QStringList& args) {
            return runCli(ws, QStringList{QStringLiteral("targets"), QStringLiteral("add")} + args);
        };
        QCOMPARE(add({QStringLiteral("ssh"), QStringLiteral("gpu"), QStringLiteral("--host"), QStringLiteral("lab-gpu"),
                      QStringLiteral("--max-concurrent"), QStringLiteral("3"), QStringLiteral("--cleanup"), QStringLiteral("success")})
                     .exitCode,
                 0);
        const QJsonObject shown = runCli(ws, {QStringLiteral("--json"), QStringLiteral("targets"), QStringLiteral("show"),
                                              QStringLiteral("gpu")})
                                      .json()
                                      .object();
        QVERIFY2(QJsonDocument(shown).toJson().contains("\"max_concurrent_runs\": 3"), QJsonDocument(shown).toJson().constData());
        const CliResult again = add({QStringLiteral("ssh"), QStringLiteral("gpu"), QStringLiteral("--host"), QStringLiteral("x")});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains("exists already"), again.err.constData());
        const CliResult noHost = add({QStringLiteral("ssh"), QStringLiteral("nohost")});
        QCOMPARE(noHost.exitCode, 2);
        QVERIFY2(noHost.err.contains("--host"), noHost.err.constData());
        const CliResult badPort = add({QStringLiteral("ssh"), QStringLiteral("port"), QStringLiteral("--host"), QStringLiteral("h"),
                                       QStringLiteral("--port"), QStringLiteral("70000")});
        QCOMPARE(badPort.exitCode, 2);
        QVERIFY2(badPort.err.contains("port"), badPort.err.constData());
        const CliResult badCleanup = add({QStringLiteral("ssh"), QStringLiteral("c"), QStringLiteral("--host"), QStringLiteral("h"),
                                          QStringLiteral("--cleanup"), QStringLiteral("sometimes")});
        QCOMPARE(badCleanup.exitCode, 2);
        QVERIFY2(badCleanup.err.contains("keep, success or always"), badCleanup.err.constData());
        QCOMPARE(add({QStringLiteral("warp"), QStringLiteral("w")}).exitCode, 2);
        const CliResult trustLocal = runCli(ws, {QStringLiteral("targets"), QStringLiteral("trust"), QStringLiteral("local")});
        QCOMPARE(trustLocal.exitCode, 2);
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("nowhere")}).exitCode, 2);
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("remove"), QStringLiteral("gpu")}).exitCode, 0);
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("show"), QStringLiteral("gpu")}).exitCode, 2);
    }

    void sampleProjectRunsAndOutputsComeHome()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        const CliResult tested = runCli(ws, {QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("lab")});
        QCOMPARE(tested.exitCode, 0);
        QVERIFY2(tested.out.contains("CPUs: ") && tested.out.contains("Python: 3."), tested.out.constData());

        const QString sample = sourceDir() + QStringLiteral("/resources/sample/estimator.yml");
        const CliResult run = runCli(ws, {QStringLiteral("submit"), sample, QStringLiteral("--target"), QStringLiteral("lab"),
                                          QStringLiteral("--wait")},
                                     300000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString runId = QString::fromUtf8(run.out.split('\n').first()).trimmed();
        const QJsonObject shown = showRun(ws, runId);
        QCOMPARE(statusOf(shown), QStringLiteral("Completed"));
        const QString runDir = ws + QStringLiteral("/runs/") + runId;
        QVERIFY(QFileInfo(runDir + QStringLiteral("/work/outputs/model.pkl")).size() > 0);
        QVERIFY(readFile(runDir + QStringLiteral("/system/stdout.log")).contains("model saved"));
        // The order of its stdout and stderr, recorded by the wrapper's capture there, came home with them.
        QVERIFY(QFileInfo::exists(runDir + QStringLiteral("/system/output-order.txt")));
        CombinedLog combined(runDir + QStringLiteral("/system"), ws + QStringLiteral("/combined-") + runId + QStringLiteral(".log"));
        QString combineError;
        while (combined.update(true, 16 << 20, &combineError) && combined.hasBacklog()) {
        }
        QVERIFY2(combineError.isEmpty(), qPrintable(combineError));
        QCOMPARE(combined.order(), CombinedLog::Order::Recorded);
        QVERIFY(combined.isComplete());
        QVERIFY(readFile(combined.outputPath()).contains("out | model saved"));
        const CliResult metrics = runCli(ws, {QStringLiteral("--json"), QStringLiteral("metrics"), runId});
        QVERIFY2(metrics.out.contains("val_accuracy") && metrics.out.contains("loss"), metrics.out.constData());

        const CliResult registered = runCli(ws, {QStringLiteral("register-model"), runId, QStringLiteral("--name"),
                                                 QStringLiteral("remote-model"), QStringLiteral("--path"),
                                                 QStringLiteral("outputs/model.pkl")});
        QVERIFY2(registered.exitCode == 0, registered.err.constData());
        QVERIFY(runCli(ws, {QStringLiteral("models")}).out.contains("remote-model"));

        // Resubmitting the unchanged tree sends none of its files again.
        const CliResult again = runCli(ws, {QStringLiteral("submit"), sample, QStringLiteral("--target"), QStringLiteral("lab"),
                                            QStringLiteral("--wait")},
                                       300000);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        const QString secondId = QString::fromUtf8(again.out.split('\n').first()).trimmed();
        const QJsonObject upload =
            QJsonDocument::fromJson(readFile(ws + QStringLiteral("/runs/") + secondId + QStringLiteral("/system/upload.json"))).object();
        QCOMPARE(upload.value(QStringLiteral("snapshot")).toObject().value(QStringLiteral("sent_objects")).toInt(), 0);
        QVERIFY(upload.value(QStringLiteral("runtime")).toObject().value(QStringLiteral("reused")).toBool());

        // Meanwhile the remote made the next run's folder ready: the third run takes it instead of linking.
        const QString spares = QFileInfo(remoteRunDir(ws, secondId)).dir().path() + QStringLiteral("/../spares");
        QTRY_VERIFY_WITH_TIMEOUT(!QDir(spares).entryList({QStringLiteral("*")}, QDir::Dirs | QDir::NoDotAndDotDot).isEmpty()
                                     && QFileInfo::exists(spares + QLatin1Char('/')
                                                          + QDir(spares).entryList(QDir::Dirs | QDir::NoDotAndDotDot).first()
                                                          + QStringLiteral("/ready")),
                                 60000);
        const CliResult third = runCli(ws, {QStringLiteral("submit"), sample, QStringLiteral("--target"), QStringLiteral("lab"),
                                            QStringLiteral("--wait")},
                                       300000);
        QVERIFY2(third.exitCode == 0, third.err.constData());
        const QString thirdId = QString::fromUtf8(third.out.split('\n').first()).trimmed();
        const QJsonObject thirdUpload =
            QJsonDocument::fromJson(readFile(ws + QStringLiteral("/runs/") + thirdId + QStringLiteral("/system/upload.json"))).object();
        QVERIFY2(thirdUpload.value(QStringLiteral("snapshot")).toObject().value(QStringLiteral("from_spare")).toBool(),
                 QJsonDocument(thirdUpload).toJson().constData());
        QVERIFY(QFileInfo(ws + QStringLiteral("/runs/") + thirdId + QStringLiteral("/work/outputs/model.pkl")).size() > 0);
    }

    // The files ranks and launchers of a distributed run write come home with the other live files: written
    // here by the script itself where the rank wrapper and the launcher would (distributed runs are refused
    // on SSH targets for now), the rank wrapper's temporary files left out.
    void distributedRunFilesAreStreamed()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("ranks"));
        // The job makes its rank files only once its first line has come home (so the agent's watch has
        // listed the files before they exist), and ends right after: they must still arrive before the end.
        const QString script = QStringLiteral(
            "import os, sys, time\n"
            "print('streaming', flush=True)\n"
            "home = os.path.join(%1, 'runs', os.environ['TRAINYARD_RUN_ID'], 'system', 'stdout.log')\n"
            "deadline = time.time() + 60\n"
            "while time.time() < deadline:\n"
            "    if os.path.exists(home) and b'streaming' in open(home, 'rb').read():\n"
            "        break\n"
            "    time.sleep(0.02)\n"
            "else:\n"
            "    sys.exit('the first line never came home')\n"
            "system = os.path.join(os.environ['TRAINYARD_RUN_DIR'], 'system')\n"
            "os.makedirs(os.path.join(system, 'ranks', '1'), exist_ok=True)\n"
            "open(os.path.join(system, 'launcher.log'), 'w').write('launcher line\\n')\n"
            "open(os.path.join(system, 'ranks', '1', 'stdout.log'), 'w').write('rank 1 line\\n')\n"
            "open(os.path.join(system, 'ranks', '1', 'helper-metrics.jsonl'), 'w').write('{}\\n')\n"
            "tmp = os.path.join(system, 'ranks', '1', '.exit.json.99')\n"
            "open(tmp, 'w').write('{\"rank\":1,\"exit_status\":0,\"node\":\"n\"}\\n')\n"
            "open(os.path.join(system, 'ranks', '1', '.partial'), 'w').write('never streamed')\n"
            "os.rename(tmp, os.path.join(system, 'ranks', '1', 'exit.json'))\n")
                                   // A JSON string is a Python string literal too.
                                   .arg(QString::fromUtf8(QJsonDocument(QJsonArray{ws}).toJson(QJsonDocument::Compact)).mid(1).chopped(1));
        const QString est = makeProject(m_root.filePath(QStringLiteral("ranks")), {{QStringLiteral("write.py"), script.toUtf8()}},
                                        "entry_script: write.py\ncompute_target: ranks\n");
        const CliResult run = runCli(ws, {QStringLiteral("submit"), est, QStringLiteral("--wait")}, 300000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString runId = QString::fromUtf8(run.out.split('\n').first()).trimmed();
        const QString system = ws + QStringLiteral("/runs/") + runId + QStringLiteral("/system");
        QCOMPARE(readFile(system + QStringLiteral("/launcher.log")), QByteArray("launcher line\n"));
        QCOMPARE(readFile(system + QStringLiteral("/ranks/1/stdout.log")), QByteArray("rank 1 line\n"));
        QCOMPARE(readFile(system + QStringLiteral("/ranks/1/helper-metrics.jsonl")), QByteArray("{}\n"));
        QCOMPARE(readFile(system + QStringLiteral("/ranks/1/exit.json")), QByteArray("{\"rank\":1,\"exit_status\":0,\"node\":\"n\"}\n"));
        QCOMPARE(QDir(system + QStringLiteral("/ranks/1")).entryList(QDir::Files | QDir::Hidden),
                 (QStringList{QStringLiteral("exit.json"), QStringLiteral("helper-metrics.jsonl"), QStringLiteral("stdout.log")}));

        // More nodes than the target's one host: refused at submit, naming the field (TestSshDistributed runs
        // distributed jobs over SSH).
        const QString distributed = makeProject(m_root.filePath(QStringLiteral("ranks-mpi")), {{QStringLiteral("write.py"), "print(1)\n"}},
                                                "entry_script: write.py\ncompute_target: ranks\ndistributed_training: mpi\n"
                                                "node_count: 2\n");
        const CliResult refused = runCli(ws, {QStringLiteral("submit"), distributed});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("node_count: 2 nodes, but compute target ranks has 1 host (its host and extra_hosts)"),
                 refused.err.constData());
    }

    void aFileChangedThroughItsLinkNeverReachesTheNextRun()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        // As root the script may write into its read-only working file, and with it into the remote's store.
        const QByteArray script = "import os, sys\nseen = open('data.txt').read()\nos.makedirs('outputs', exist_ok=True)\n"
                                  "open('outputs/seen.txt', 'w').write(seen)\n"
                                  "if sys.argv[-1] == 'yes':\n    open('data.txt', 'a').write(' changed')\n";
        const QString estimator = makeProject(m_root.filePath(QStringLiteral("inplace")),
                                              {{QStringLiteral("touch.py"), script}, {QStringLiteral("data.txt"), "original"}},
                                              "experiment: inplace\nentry_script: touch.py\ncompute_target: lab\n"
                                              "script_params:\n  --modify: \"no\"\n");
        const auto runWith = [&](const QString& modify) {
            const CliResult run = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--param"),
                                              QStringLiteral("script_params.--modify=") + modify, QStringLiteral("--wait")},
                                         120000);
            const QString runId = QString::fromUtf8(run.out.split('\n').first()).trimmed();
            return std::make_pair(run.exitCode, runId);
        };
        const auto seenBy = [&](const QString& runId) {
            return readFile(ws + QStringLiteral("/runs/") + runId + QStringLiteral("/work/outputs/seen.txt"));
        };
        const auto first = runWith(QStringLiteral("yes"));
        QCOMPARE(first.first, 0);
        QCOMPARE(seenBy(first.second), QByteArray("original"));
        const QString workdir = QFileInfo(remoteRunDir(ws, first.second)).dir().path() + QStringLiteral("/..");
        const auto spareIsCurrent = [&]() {
            const QStringList spares = QDir(workdir + QStringLiteral("/spares")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
            if (spares.isEmpty())
                return false;
            const QString spare = workdir + QStringLiteral("/spares/") + spares.first();
            return QFileInfo::exists(spare + QStringLiteral("/ready"))
                   && readFile(spare + QStringLiteral("/generation")).trimmed()
                          == (QFileInfo::exists(workdir + QStringLiteral("/store/generation"))
                                  ? readFile(workdir + QStringLiteral("/store/generation")).trimmed()
                                  : QByteArray("0"));
        };
        QTRY_VERIFY_WITH_TIMEOUT(spareIsCurrent(), 60000);
        // The changed object is noticed and sent again; the spare made from it is stale from then on.
        const auto second = runWith(QStringLiteral("no"));
        QCOMPARE(second.first, 0);
        QCOMPARE(seenBy(second.second), QByteArray("original"));
        QTRY_VERIFY_WITH_TIMEOUT(spareIsCurrent(), 60000);
        const auto third = runWith(QStringLiteral("no"));
        QCOMPARE(third.first, 0);
        QCOMPARE(seenBy(third.second), QByteArray("original"));
        const QJsonObject upload =
            QJsonDocument::fromJson(readFile(ws + QStringLiteral("/runs/") + third.second + QStringLiteral("/system/upload.json"))).object();
        QVERIFY(upload.value(QStringLiteral("snapshot")).toObject().value(QStringLiteral("from_spare")).toBool());
    }

    void unknownHostIsRefusedUntilTrusted()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("fresh"), false);
        const CliResult untrusted = runCli(ws, {QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("fresh")});
        QCOMPARE(untrusted.exitCode, 1);
        QVERIFY2(untrusted.err.contains("host key unknown"), untrusted.err.constData());

        const auto trustAnswering = [&](const QByteArray& answer) {
            return runCliWithInput(ws, {QStringLiteral("targets"), QStringLiteral("trust"), QStringLiteral("fresh")}, answer);
        };
        // Declined: the fingerprint was shown, nothing is trusted.
        const CliResult declined = trustAnswering("n\n");
        QCOMPARE(declined.exitCode, 1);
        QVERIFY(declined.out.contains(m_server->hostKeyFingerprint().toUtf8()));
        QVERIFY(!readFile(ws + QStringLiteral("/ssh/known_hosts")).contains("ssh-ed25519"));
        QCOMPARE(trustAnswering("y\n").exitCode, 0);
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("fresh")}).exitCode, 0);
    }

    void hostileParametersReachTheScriptLiterally()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        // Were any of it run by a shell, the marker file would appear.
        const QString marker = m_root.filePath(QStringLiteral("pwned"));
        const QString hostile = QStringLiteral("a b 'single' \"double\" $(touch %1) `touch %1` ; touch %1 | cat & \\ \n"
                                               "second line ünïcødé * %2")
                                    .arg(marker, QStringLiteral("~/"));
        const QByteArray script = "import json, sys, os\nos.makedirs('outputs', exist_ok=True)\n"
                                  "json.dump(sys.argv[1:], open('outputs/argv.json', 'w'))\n"
                                  "json.dump(sorted(os.listdir('data')), open('outputs/files.json', 'w'))\n"
                                  "open(os.path.join('outputs', sorted(os.listdir('data'))[0]), 'w').write('back')\n";
        // A file name with everything a shell would act on, uploaded and fetched home as it is.
        const QString oddName = QStringLiteral("we'ird \"$(touch pwned)\" `x`; & \\\nnämé.txt");
        QJsonObject params{{QStringLiteral("--text"), hostile}};
        const QString estimator = makeProject(m_root.filePath(QStringLiteral("hostile dir $(x)")),
                                              {{QStringLiteral("echo args.py"), script},
                                               {QStringLiteral("data/") + oddName, "odd\n"}},
                                              "experiment: hostile\nentry_script: echo args.py\ncompute_target: lab\n"
                                              "script_params: " + QJsonDocument(params).toJson(QJsonDocument::Compact) + "\n");
        const CliResult run = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 120000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString runId = QString::fromUtf8(run.out.split('\n').first()).trimmed();
        const QJsonArray argv =
            QJsonDocument::fromJson(readFile(ws + QStringLiteral("/runs/") + runId + QStringLiteral("/work/outputs/argv.json"))).array();
        QCOMPARE(argv.size(), 2);
        QCOMPARE(argv.at(0).toString(), QStringLiteral("--text"));
        QCOMPARE(argv.at(1).toString(), hostile);
        const QJsonArray files =
            QJsonDocument::fromJson(readFile(ws + QStringLiteral("/runs/") + runId + QStringLiteral("/work/outputs/files.json"))).array();
        QCOMPARE(files.size(), 1);
        QCOMPARE(files.at(0).toString(), oddName);
        QCOMPARE(readFile(ws + QStringLiteral("/runs/") + runId + QStringLiteral("/work/outputs/") + oddName), QByteArray("back"));
        QVERIFY(!QFileInfo::exists(marker));
    }

    void datasetIsUploadedOncePerContent()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        const QString data = m_root.filePath(QStringLiteral("dataset-files"));
        QVERIFY(writeFile(data + QStringLiteral("/part-0.csv"), QByteArray(200000, 'a')));
        QVERIFY(writeFile(data + QStringLiteral("/sub/part-1.csv"), QByteArray(100000, 'b')));
        QCOMPARE(runCli(ws, {QStringLiteral("datasets"), QStringLiteral("add"), QStringLiteral("rows"), data}).exitCode, 0);
        const QByteArray script = "import os, sys\npath = sys.argv[2]\n"
                                  "total = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)\n"
                                  "print('dataset at', path, 'holds', total, 'bytes')\n";
        for (const QString& mode : {QStringLiteral("mount"), QStringLiteral("download")}) {
            const QString estimator = makeProject(
                m_root.filePath(QStringLiteral("dataset-") + mode), {{QStringLiteral("read.py"), script}},
                "experiment: data\nentry_script: read.py\ncompute_target: lab\nscript_params:\n  --data: {dataset: rows, mode: "
                    + mode.toUtf8() + "}\n");
            const CliResult run = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 120000);
            QVERIFY2(run.exitCode == 0, run.err.constData());
            QVERIFY2(run.out.contains("holds 300000 bytes"), run.out.constData());
            const QString runId = QString::fromUtf8(run.out.split('\n').first()).trimmed();
            const QJsonObject upload =
                QJsonDocument::fromJson(readFile(ws + QStringLiteral("/runs/") + runId + QStringLiteral("/system/upload.json"))).object();
            const QJsonObject dataset = upload.value(QStringLiteral("datasets")).toArray().first().toObject();
            // The first run sends the dataset's content; the second finds it on the remote.
            QCOMPARE(dataset.value(QStringLiteral("reused")).toBool(), mode == QLatin1String("download"));
            if (mode == QLatin1String("mount"))
                QCOMPARE(dataset.value(QStringLiteral("sent_bytes")).toInteger(), 300000);
        }
    }

    void cancelEndsEveryRemoteProcess()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        // A child in the job's process group and a grandchild that left it (setsid).
        const QByteArray script = "import subprocess, sys, time, os\n"
                                  "subprocess.Popen(['sleep', '600'])\n"
                                  "subprocess.Popen(['setsid', 'sleep', '601'])\n"
                                  "print('children started', flush=True)\n"
                                  "time.sleep(600)\n";
        const QString estimator = makeProject(m_root.filePath(QStringLiteral("cancel")), {{QStringLiteral("hold.py"), script}},
                                              "experiment: cancel\nentry_script: hold.py\ncompute_target: lab\n");
        const QString runId = submit(ws, estimator);
        QVERIFY(!runId.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(readFile(ws + QStringLiteral("/runs/") + runId + QStringLiteral("/system/stdout.log"))
                                     .contains("children started"),
                                 60000);
        const QString remote = remoteRunDir(ws, runId);
        QVERIFY2(!remote.isEmpty(), "no TRAINYARD_RUN_DIR recorded");
        QTRY_VERIFY_WITH_TIMEOUT(processesMarkedWith(remote).size() >= 3, 20000);
        QCOMPARE(runCli(ws, {QStringLiteral("cancel"), runId}).exitCode, 0);
        const QJsonObject ended = waitForStatus(ws, runId, {QStringLiteral("Canceled"), QStringLiteral("Failed"), QStringLiteral("Completed")}, 60000);
        QCOMPARE(statusOf(ended), QStringLiteral("Canceled"));
        QTRY_VERIFY_WITH_TIMEOUT(processesMarkedWith(remote).isEmpty(), 20000);
    }

    void droppedConnectionResumesEveryStream()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        const QString estimator = counterProject(QStringLiteral("drop"), 300, 0.02, QStringLiteral("lab"));
        const QString runId = submit(ws, estimator);
        const QString stdoutPath = ws + QStringLiteral("/runs/") + runId + QStringLiteral("/system/stdout.log");
        QTRY_VERIFY_WITH_TIMEOUT(readFile(stdoutPath).contains("line 00040"), 60000);
        // Every per-connection sshd goes: the master, the watch stream, all of it.
        m_server->killConnections();
        const QJsonObject ended = waitForStatus(ws, runId, {QStringLiteral("Completed"), QStringLiteral("Failed")}, 120000);
        QCOMPARE(statusOf(ended), QStringLiteral("Completed"));

        // The same script on the local target writes the log the remote run must have delivered.
        const QString localEstimator = counterProject(QStringLiteral("drop-local"), 300, 0.0, QStringLiteral("local"));
        const CliResult local = runCli(ws, {QStringLiteral("submit"), localEstimator, QStringLiteral("--wait")}, 120000);
        QVERIFY2(local.exitCode == 0, local.err.constData());
        const QString localId = QString::fromUtf8(local.out.split('\n').first()).trimmed();
        const QByteArray expected = readFile(ws + QStringLiteral("/runs/") + localId + QStringLiteral("/system/stdout.log"));
        QCOMPARE(expected.count('\n'), 600);
        QCOMPARE(readFile(stdoutPath), expected);
        QCOMPARE(readFile(ws + QStringLiteral("/runs/") + runId + QStringLiteral("/work/logs/progress.log")),
                 readFile(ws + QStringLiteral("/runs/") + localId + QStringLiteral("/work/logs/progress.log")));
        // No metric point missing or doubled.
        const QJsonObject metrics =
            runCli(ws, {QStringLiteral("--json"), QStringLiteral("metrics"), runId}).json().object();
        const QJsonArray loss = metrics.value(QStringLiteral("loss")).toArray();
        QCOMPARE(loss.size(), 300);
    }

    void killedSupervisorIsReplacedAndTheRunCompletes()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        const QString estimator = counterProject(QStringLiteral("adopt"), 150, 0.03, QStringLiteral("lab"));
        const QString runId = submit(ws, estimator);
        const QString stdoutPath = ws + QStringLiteral("/runs/") + runId + QStringLiteral("/system/stdout.log");
        QTRY_VERIFY_WITH_TIMEOUT(readFile(stdoutPath).contains("line 00020"), 60000);
        const qint64 runner = runnerOf(runId);
        QVERIFY2(runner > 0, "no runner found");
        QCOMPARE(::kill(pid_t(runner), SIGKILL), 0);
        // The next CLI command notices the dead runner and starts one that adopts the remote job.
        const QJsonObject ended = waitForStatus(ws, runId, {QStringLiteral("Completed"), QStringLiteral("Failed")}, 120000);
        QCOMPARE(statusOf(ended), QStringLiteral("Completed"));
        const QByteArray log = readFile(stdoutPath);
        QCOMPARE(log.count('\n'), 300);
        QVERIFY(log.startsWith("line 00000 \nloss: 1.000000\n"));
        const QByteArray lastLines = QByteArray("line 00149 ") + QByteArray(149 % 50, 'x') + QByteArray("\nloss: 0.006667\n");
        QVERIFY(log.endsWith(lastLines));
    }

    void fullRemoteDiskFailsTheRunWithThatMessage()
    {
        QString error;
        const auto small = TmpfsMount::mount(256 * 1024, m_server->user(), &error);
        QVERIFY2(small, qPrintable(error));
        const QString ws = addTarget(*m_server, QStringLiteral("small"), true, small->path() + QStringLiteral("/wd"));
        const QString estimator = makeProject(m_root.filePath(QStringLiteral("big")),
                                              {{QStringLiteral("train.py"), "print('never')\n"},
                                               {QStringLiteral("weights.bin"), QByteArray(600 * 1024, 'w')}},
                                              "experiment: big\nentry_script: train.py\ncompute_target: small\n");
        const CliResult run = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 120000);
        QCOMPARE(run.exitCode, 1);
        const QString runId = QString::fromUtf8(run.out.split('\n').first()).trimmed();
        const QJsonObject shown = showRun(ws, runId);
        QCOMPARE(statusOf(shown), QStringLiteral("Failed"));
        QVERIFY2(shown.value(QStringLiteral("error")).toString().contains(QStringLiteral("remote disk full")),
                 qPrintable(shown.value(QStringLiteral("error")).toString()));
    }

    void largeOutputsComeHomeAndTheCleanupPolicyApplies()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("lab"), QStringLiteral("--cleanup"),
                             QStringLiteral("always")})
                     .exitCode,
                 0);
        // A large output (fetched by a stream of its own) and a small one (with the logs), checked by hash.
        const QByteArray script = "import hashlib, os, random\nos.makedirs('outputs/sub', exist_ok=True)\n"
                                  "data = random.Random(7).randbytes(12 * 1024 * 1024 + 321)\n"
                                  "open('outputs/big.bin', 'wb').write(data)\n"
                                  "open('outputs/sub/small.txt', 'w').write('small')\n"
                                  "print('sha256', hashlib.sha256(data).hexdigest())\n";
        const QString estimator = makeProject(m_root.filePath(QStringLiteral("large")), {{QStringLiteral("make.py"), script}},
                                              "experiment: large\nentry_script: make.py\ncompute_target: lab\n");
        const CliResult run = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 120000);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString runId = QString::fromUtf8(run.out.split('\n').first()).trimmed();
        const QString runDir = ws + QStringLiteral("/runs/") + runId;
        const QByteArray big = readFile(runDir + QStringLiteral("/work/outputs/big.bin"));
        QCOMPARE(big.size(), 12 * 1024 * 1024 + 321);
        QVERIFY2(run.out.contains(QByteArray(QByteArray("sha256 ") + QCryptographicHash::hash(big, QCryptographicHash::Sha256).toHex())), run.out.constData());
        QCOMPARE(readFile(runDir + QStringLiteral("/work/outputs/sub/small.txt")), QByteArray("small"));
        // cleanup always: the remote run folder goes once everything is home.
        const QString remote = remoteRunDir(ws, runId);
        QVERIFY(!remote.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(remote), 30000);

        // cleanup keep: the outputs and records stay on the remote, the copy of the snapshot goes.
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("lab"), QStringLiteral("--cleanup"),
                             QStringLiteral("keep")})
                     .exitCode,
                 0);
        const CliResult kept = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 120000);
        QVERIFY2(kept.exitCode == 0, kept.err.constData());
        const QString keptId = QString::fromUtf8(kept.out.split('\n').first()).trimmed();
        const QString keptRemote = remoteRunDir(ws, keptId);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(keptRemote + QStringLiteral("/work/make.py")), 30000);
        QVERIFY(QFileInfo(keptRemote + QStringLiteral("/work/outputs/big.bin")).size() > 0);
        QVERIFY(QFileInfo::exists(keptRemote + QStringLiteral("/system/stdout.log")));
    }

    // Deleting a run removes its folder on the remote as well; with the host unreachable the workspace's part
    // of it still goes, and the message names the folder left there and why.
    void deletingARunRemovesItsRemoteFolder()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        const QString estimator = makeProject(m_root.filePath(QStringLiteral("deleted")),
                                              {{QStringLiteral("make.py"), "open('outputs/kept.txt', 'w').write('kept')\n"}},
                                              "experiment: deleted\nentry_script: make.py\ncompute_target: lab\n");
        QStringList ids;
        QStringList remotes;
        for (int i = 0; i < 2; ++i) {
            const CliResult run = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 120000);
            QVERIFY2(run.exitCode == 0, run.err.constData());
            ids << QString::fromUtf8(run.out.split('\n').first()).trimmed();
            remotes << remoteRunDir(ws, ids.last());
            QVERIFY(!remotes.last().isEmpty());
            // cleanup keep: the records and outputs stay there, the copy of the snapshot goes.
            QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(remotes.last() + QStringLiteral("/work/make.py")), 30000);
            QVERIFY(QFileInfo::exists(remotes.last() + QStringLiteral("/work/outputs/kept.txt")));
        }

        CliResult deleted = runCli(ws, {QStringLiteral("delete"), ids.at(0), QStringLiteral("--yes")});
        QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        QVERIFY(!QFileInfo::exists(ws + QStringLiteral("/runs/") + ids.at(0)));
        QVERIFY2(!QFileInfo::exists(remotes.at(0)), qPrintable(remotes.at(0)));
        QVERIFY(QFileInfo::exists(remotes.at(1))); // only that run's

        // The host stops answering: the run still goes from the workspace, and the message says what is left.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const int deadPort = closed.serverPort();
        closed.close();
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("lab"), QStringLiteral("--port"),
                             QString::number(deadPort)})
                     .exitCode,
                 0);
        deleted = runCli(ws, {QStringLiteral("delete"), ids.at(1), QStringLiteral("--yes")});
        QCOMPARE(deleted.exitCode, 1);
        const QString left = QStringLiteral("run %1 is deleted from the workspace, but the remote folder %2@%3:%4 was left: ")
                                 .arg(ids.at(1), m_server->user(), m_server->host(), remotes.at(1));
        QVERIFY2(deleted.err.contains(left.toUtf8()), deleted.err.constData());
        QVERIFY2(deleted.err.contains("host unreachable"), deleted.err.constData());
        QVERIFY(!QFileInfo::exists(ws + QStringLiteral("/runs/") + ids.at(1)));
        QCOMPARE(runCli(ws, {QStringLiteral("show"), ids.at(1)}).exitCode, 2);
        QVERIFY(QFileInfo::exists(remotes.at(1) + QStringLiteral("/work/outputs/kept.txt")));
    }

    void failuresSayWhatHappened()
    {
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        const QString estimator = counterProject(QStringLiteral("failing"), 3, 0.01, QStringLiteral("lab"));
        const auto failWith = [&](const QString& target, const QString& expected) {
            const CliResult run = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--target"), target,
                                              QStringLiteral("--wait")},
                                         120000);
            const QString runId = QString::fromUtf8(run.out.split('\n').first()).trimmed();
            const QJsonObject shown = showRun(ws, runId);
            const QString error = shown.value(QStringLiteral("error")).toString();
            return run.exitCode == 1 && statusOf(shown) == QLatin1String("Failed") && error.contains(expected)
                       ? QString()
                       : QStringLiteral("%1: exit %2, %3 \"%4\"").arg(target).arg(run.exitCode).arg(statusOf(shown), error);
        };
        const auto add = [&](const QString& name, const QStringList& settings) {
            return runCli(ws, QStringList{QStringLiteral("targets"), QStringLiteral("set"), name} + settings).exitCode;
        };
        const QStringList base{QStringLiteral("--kind"), QStringLiteral("ssh"), QStringLiteral("--host"), m_server->host(),
                               QStringLiteral("--port"), QString::number(m_server->port()), QStringLiteral("--user"),
                               m_server->user(), QStringLiteral("--python"), systemPython()};
        QCOMPARE(add(QStringLiteral("nopython"), base + QStringList{QStringLiteral("--identity-file"), m_server->clientKeyPath(),
                                                                     QStringLiteral("--python"), QStringLiteral("/opt/none/python3")}),
                 0);
        QString error = failWith(QStringLiteral("nopython"), QStringLiteral("remote Python missing"));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // A working folder below a file can never be created.
        QCOMPARE(add(QStringLiteral("readonly"), base + QStringList{QStringLiteral("--identity-file"), m_server->clientKeyPath(),
                                                                     QStringLiteral("--workdir"), QStringLiteral("/etc/hostname/wd")}),
                 0);
        error = failWith(QStringLiteral("readonly"), QStringLiteral("not writable"));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // A key the server does not know.
        const QString strangerKey = m_root.filePath(QStringLiteral("stranger"));
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                                   QStringLiteral("-N"), QString(), QStringLiteral("-f"), strangerKey}),
                 0);
        QCOMPARE(add(QStringLiteral("stranger"), base + QStringList{QStringLiteral("--identity-file"), strangerKey}), 0);
        error = failWith(QStringLiteral("stranger"), QStringLiteral("authentication failed"));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // Nothing listens on a port this test just had and let go.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 freePort = probe.serverPort();
        probe.close();
        QCOMPARE(add(QStringLiteral("nowhere"), QStringList{QStringLiteral("--kind"), QStringLiteral("ssh"), QStringLiteral("--host"),
                                                            QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                                                            QString::number(freePort)}),
                 0);
        error = failWith(QStringLiteral("nowhere"), QStringLiteral("host unreachable"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void hostGoneForLongerThanTheLimitFailsTheRun()
    {
        QString error;
        const auto server = SshTestServer::start({}, &error);
        QVERIFY2(server, qPrintable(error));
        const QString ws = addTarget(*server, QStringLiteral("flaky"));
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("flaky"),
                             QStringLiteral("--connection-limit-seconds"), QStringLiteral("4")})
                     .exitCode,
                 0);
        const QString estimator = counterProject(QStringLiteral("gone"), 2000, 0.05, QStringLiteral("flaky"));
        const QString runId = submit(ws, estimator);
        QTRY_VERIFY_WITH_TIMEOUT(readFile(ws + QStringLiteral("/runs/") + runId + QStringLiteral("/system/stdout.log")).contains("line 00005"),
                                 60000);
        QVERIFY(server->stop());
        // Reconnecting is shown while it lasts; then the run fails with the reason, never left live.
        QTRY_VERIFY_WITH_TIMEOUT(showRun(ws, runId).value(QStringLiteral("waiting_reason")).toString().contains(QStringLiteral("reconnecting")),
                                 30000);
        const QJsonObject ended = waitForStatus(ws, runId, {QStringLiteral("Failed"), QStringLiteral("Completed"), QStringLiteral("Canceled")}, 120000);
        QCOMPARE(statusOf(ended), QStringLiteral("Failed"));
        QVERIFY2(ended.value(QStringLiteral("error")).toString().contains(QStringLiteral("lost for longer than 4 s")),
                 qPrintable(ended.value(QStringLiteral("error")).toString()));
        // The job itself never heard of it (it is another machine's); end it, as its host would at shutdown.
        for (const qint64 pid : processesMarkedWith(remoteRunDir(ws, runId)))
            ::kill(pid_t(pid), SIGKILL);
    }

    void passwordLoginThroughTheKeychainLeavesTheSecretNowhere()
    {
        KeyringSession keyring;
        QVERIFY2(keyring.ready(), qPrintable(keyring.error()));
        QString error;
        SshTestServerOptions options;
        options.passwordLogin = true;
        const auto server = SshTestServer::start(options, &error);
        QVERIFY2(server, qPrintable(error));
        const QByteArray password = server->password().toUtf8();
        QVERIFY(password.size() >= 8);

        const QString ws = m_root.filePath(QStringLiteral("ws-password"));
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"), QStringLiteral("pw"),
                             QStringLiteral("--host"), server->host(), QStringLiteral("--port"), QString::number(server->port()),
                             QStringLiteral("--user"), server->user(), QStringLiteral("--workdir"),
                             server->workRoot() + QStringLiteral("/wd"), QStringLiteral("--python"), systemPython()})
                     .exitCode,
                 0);
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("trust"), QStringLiteral("pw"), QStringLiteral("--yes")}).exitCode, 0);
        // No password stored yet: ssh's question goes unanswered and the failure says what to do.
        const CliResult without = runCli(ws, {QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("pw")});
        QCOMPARE(without.exitCode, 1);
        QVERIFY2(without.err.contains("authentication failed") && without.err.contains("set-password"), without.err.constData());

        const CliResult stored = runCliWithInput(ws, {QStringLiteral("targets"), QStringLiteral("set-password"), QStringLiteral("pw")},
                                                 password + "\n");
        QVERIFY2(stored.exitCode == 0, stored.err.constData());
        const CliResult tested = runCli(ws, {QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("pw")});
        QVERIFY2(tested.exitCode == 0, tested.err.constData());

        const QString estimator = counterProject(QStringLiteral("password-run"), 60, 0.05, QStringLiteral("pw"));
        const QString runId = submit(ws, estimator);
        QTRY_VERIFY_WITH_TIMEOUT(readFile(ws + QStringLiteral("/runs/") + runId + QStringLiteral("/system/stdout.log")).contains("line 00010"),
                                 60000);
        // While it runs: no command line and no environment of any process holds the password.
        const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
        int looked = 0;
        for (const QString& entry : entries) {
            bool isPid = false;
            entry.toLongLong(&isPid);
            if (!isPid)
                continue;
            for (const QString& what : {QStringLiteral("cmdline"), QStringLiteral("environ")}) {
                QFile file(QStringLiteral("/proc/%1/%2").arg(entry, what));
                if (file.open(QIODevice::ReadOnly)) {
                    QVERIFY2(!file.readAll().contains(password), qPrintable(QStringLiteral("/proc/%1/%2").arg(entry, what)));
                    ++looked;
                }
            }
        }
        QVERIFY(looked > 10);
        const QJsonObject ended = waitForStatus(ws, runId, {QStringLiteral("Completed"), QStringLiteral("Failed")}, 120000);
        QCOMPARE(statusOf(ended), QStringLiteral("Completed"));
        // Nor does any file of the workspace: database, records, logs, known_hosts, runner logs.
        QDirIterator it(ws, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const QString path = it.next();
            QVERIFY2(!fileContains(path, password), qPrintable(path));
            ++files;
        }
        QVERIFY(files > 5);
        QVERIFY(!without.err.contains(password) && !tested.out.contains(password) && !tested.err.contains(password));
    }

    void withoutAKeychainSshAsksOnTheTerminal()
    {
        QString error;
        SshTestServerOptions options;
        options.passwordLogin = true;
        const auto server = SshTestServer::start(options, &error);
        QVERIFY2(server, qPrintable(error));
        const QString ws = m_root.filePath(QStringLiteral("ws-terminal"));
        const QProcessEnvironment noKeychain = KeyringSession::withoutKeychain();
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"), QStringLiteral("tty"),
                             QStringLiteral("--host"), server->host(), QStringLiteral("--port"), QString::number(server->port()),
                             QStringLiteral("--user"), server->user(), QStringLiteral("--workdir"),
                             server->workRoot() + QStringLiteral("/wd"), QStringLiteral("--python"), systemPython()},
                        120000, noKeychain)
                     .exitCode,
                 0);
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("trust"), QStringLiteral("tty"), QStringLiteral("--yes")},
                        120000, noKeychain)
                     .exitCode,
                 0);
        // On a terminal: told that there is no keychain, asked by ssh, and what is typed is stored nowhere.
        const CliResult tested = runOnTerminal({binDir() + QStringLiteral("/trainyard-cli"), QStringLiteral("--workspace"), ws,
                                                QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("tty")},
                                               "password:", server->password().toUtf8() + "\n", noKeychain);
        QVERIFY2(tested.exitCode == 0, tested.out.constData());
        QVERIFY2(tested.out.contains("keychain is unavailable") && tested.out.contains("CPUs: "), tested.out.constData());
        QVERIFY2(!tested.out.contains(server->password().toUtf8()), "the terminal showed the password");
        // The connection made there serves a run submitted next, which no terminal watches.
        const QString estimator = counterProject(QStringLiteral("terminal-run"), 5, 0.01, QStringLiteral("tty"));
        const CliResult run = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 120000, noKeychain);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QDirIterator it(ws, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QVERIFY2(!fileContains(path, server->password().toUtf8()), qPrintable(path));
        }
    }

    void secondHostHasItsOwnKey()
    {
        QString error;
        SshTestServerOptions options;
        options.inNetworkNamespace = true;
        const auto other = SshTestServer::start(options, &error);
        QVERIFY2(other, qPrintable(error));
        QVERIFY(other->host() != m_server->host());
        const QString ws = addTarget(*m_server, QStringLiteral("lab"));
        // The loopback host's key is trusted in this workspace; the second machine's is not.
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("ssh"), QStringLiteral("gpu"),
                             QStringLiteral("--host"), other->host(), QStringLiteral("--port"), QString::number(other->port()),
                             QStringLiteral("--user"), other->user(), QStringLiteral("--identity-file"),
                             other->clientKeyPath(), QStringLiteral("--workdir"), other->workRoot() + QStringLiteral("/wd"),
                             QStringLiteral("--python"), systemPython()})
                     .exitCode,
                 0);
        const CliResult untrusted = runCli(ws, {QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("gpu")});
        QCOMPARE(untrusted.exitCode, 1);
        QVERIFY2(untrusted.err.contains("host key unknown"), untrusted.err.constData());
        QCOMPARE(runCli(ws, {QStringLiteral("targets"), QStringLiteral("trust"), QStringLiteral("gpu"), QStringLiteral("--yes")}).exitCode, 0);
        const QString estimator = counterProject(QStringLiteral("second"), 5, 0.01, QStringLiteral("gpu"));
        const CliResult run = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 120000);
        QVERIFY2(run.exitCode == 0, run.err.constData());

        // A changed key on that machine is refused, naming the trusted and the offered fingerprint.
        const QString oldFingerprint = other->hostKeyFingerprint();
        QVERIFY2(other->replaceHostKey(&error), qPrintable(error));
        QVERIFY(other->hostKeyFingerprint() != oldFingerprint);
        const CliResult changed = runCli(ws, {QStringLiteral("targets"), QStringLiteral("test"), QStringLiteral("gpu")});
        QCOMPARE(changed.exitCode, 1);
        QVERIFY2(changed.err.contains("host key changed"), changed.err.constData());
        QVERIFY2(changed.err.contains(oldFingerprint.toUtf8()) && changed.err.contains(other->hostKeyFingerprint().toUtf8()),
                 changed.err.constData());
        const CliResult retrust = runCli(ws, {QStringLiteral("targets"), QStringLiteral("trust"), QStringLiteral("gpu"), QStringLiteral("--yes")});
        QCOMPARE(retrust.exitCode, 1);
        QVERIFY2(retrust.err.contains("host key changed"), retrust.err.constData());
        const CliResult refusedRun = runCli(ws, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, 120000);
        QCOMPARE(refusedRun.exitCode, 1);
        QVERIFY2(refusedRun.err.contains("host key changed"), refusedRun.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestSshTarget)
#include "TestSshTarget.moc"
