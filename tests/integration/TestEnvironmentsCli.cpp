// trainyard-cli environments (list, show, remove, prune) and the environment a run shows, through the real CLI on
// a workspace whose environment records are seeded through EnvironmentStore: listing and showing them, invalid
// input (exit 2), refusing to remove one a live run uses (exit 1, naming the run), removing and pruning on the
// target through the environment tool, and `show RUN` with a record and a hand-written ran-with.json.
#include <QtTest>

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include "environments/EnvironmentStore.h"
#include "run/RunContext.h"
#include "run/RunStore.h"
#include "targets/ComputeTarget.h"
#include "targets/TargetRegistry.h"
#include "TestSupport.h"

using namespace TestSupport;

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

EnvironmentRecord seedRecord(const QString& target, const QString& hash, const QStringList& pip, qint64 lastUsedMs)
{
    EnvironmentRecord r;
    r.target = target;
    r.hash = hash;
    r.manager = QStringLiteral("pip");
    r.definition = QJsonObject{{QStringLiteral("manager"), QStringLiteral("pip")},
                               {QStringLiteral("pip"), QJsonArray::fromStringList(pip)},
                               {QStringLiteral("conda"), QJsonArray()},
                               {QStringLiteral("file"), QJsonValue()},
                               {QStringLiteral("options"), QJsonObject{{QStringLiteral("index_url"), QString()}}},
                               {QStringLiteral("user_managed"), false}};
    r.prefix = QStringLiteral("/envs/") + hash;
    r.python = r.prefix + QStringLiteral("/bin/python");
    r.pythonVersion = QStringLiteral("3.11.2");
    r.sizeBytes = 3 * 1024 * 1024;
    r.createdMs = lastUsedMs - kDayMs;
    r.lastUsedMs = lastUsedMs;
    return r;
}

QString hashOf(const QString& start) { return start + QString(64 - start.size(), QLatin1Char('0')); }

} // namespace

class TestEnvironmentsCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QString workspace() const { return m_ws->root(); }

    // A run the supervisor of another machine owns: live, and left alone by this machine's recovery.
    QString liveRun()
    {
        const QString run = insertRun(*m_ws, QStringLiteral("e"), RunStatus::Running);
        QSqlQuery q(m_ws->database());
        q.prepare(QStringLiteral("UPDATE runs SET runner_host = 'another-host' WHERE id = ?"));
        q.addBindValue(run);
        if (!q.exec())
            qWarning("cannot hand run %s to another host: %s", qPrintable(run), qPrintable(q.lastError().text()));
        return run;
    }

    bool seed(const QString& runId, const EnvironmentRecord& record)
    {
        QString error;
        if (EnvironmentStore(*m_ws).recordUse(runId, record, &error))
            return true;
        qWarning("cannot seed %s: %s", qPrintable(record.hash), qPrintable(error));
        return false;
    }

private slots:
    void init()
    {
        m_ws = openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
        QString error;
        QVERIFY2(TargetRegistry(*m_ws).save(TargetConfig{QStringLiteral("gpu-box"), QStringLiteral("local"), {}}, &error),
                 qPrintable(error));
    }

    void listsTheEnvironmentsWithTheirRuns()
    {
        const qint64 now = RunStore::nowMs();
        const QString run1 = insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        const QString run2 = insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        const QStringList packages{QStringLiteral("numpy==1.26"), QStringLiteral("scikit-learn>=1.0"),
                                   QStringLiteral("tyalpha==2.0"), QStringLiteral("tybeta")};
        QVERIFY(seed(run1, seedRecord(QStringLiteral("local"), hashOf(QStringLiteral("3f2a9c1b2d4e")), packages, now - kDayMs)));
        QVERIFY(seed(run2, seedRecord(QStringLiteral("local"), hashOf(QStringLiteral("3f2a9c1b2d4e")), packages, now - kDayMs)));
        QVERIFY(seed(QString(), seedRecord(QStringLiteral("gpu-box"), hashOf(QStringLiteral("77aa")), {QStringLiteral("torch")}, now)));

        CliResult r = runCli(workspace(), {QStringLiteral("environments")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        for (const char* column : {"TARGET", "HASH", "MANAGER", "PACKAGES", "SIZE", "CREATED", "LAST USED", "RUNS"})
            QVERIFY2(lines.at(0).contains(column), lines.at(0).constData());
        // Newest use first.
        QVERIFY2(lines.at(1).startsWith("gpu-box") && lines.at(1).contains("77aa00000000 ") && lines.at(1).trimmed().endsWith(" 0"),
                 lines.at(1).constData());
        QVERIFY2(lines.at(2).contains("3f2a9c1b2d4e ") && !lines.at(2).contains("3f2a9c1b2d4e0")
                     && lines.at(2).contains("numpy, scikit-learn, tyalpha +1 more") && lines.at(2).contains("3.0 MB")
                     && lines.at(2).trimmed().endsWith(" 2"),
                 lines.at(2).constData());

        r = runCli(workspace(), {QStringLiteral("environments"), QStringLiteral("--target"), QStringLiteral("local"),
                                 QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray local = r.json().array();
        QCOMPARE(local.size(), 1);
        const QJsonObject e = local.at(0).toObject();
        QCOMPARE(e.value(QStringLiteral("hash")).toString(), hashOf(QStringLiteral("3f2a9c1b2d4e")));
        QCOMPARE(e.value(QStringLiteral("target")).toString(), QStringLiteral("local"));
        QCOMPARE(e.value(QStringLiteral("manager")).toString(), QStringLiteral("pip"));
        QCOMPARE(e.value(QStringLiteral("packages")).toArray().size(), 4);
        QCOMPARE(e.value(QStringLiteral("runs")).toInt(), 2);
        QCOMPARE(e.value(QStringLiteral("size_bytes")).toInteger(), qint64(3 * 1024 * 1024));
        QVERIFY(e.value(QStringLiteral("last_used_at")).isString());

        r = runCli(workspace(), {QStringLiteral("environments"), QStringLiteral("show"), QStringLiteral("3f2a9c"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject shown = r.json().object();
        QCOMPARE(shown.value(QStringLiteral("definition")).toObject().value(QStringLiteral("pip")).toArray().size(), 4);
        QCOMPARE(shown.value(QStringLiteral("run_ids")).toArray(), QJsonArray::fromStringList({run1, run2}));
        QCOMPARE(shown.value(QStringLiteral("prefix")).toString(), QStringLiteral("/envs/") + hashOf(QStringLiteral("3f2a9c1b2d4e")));

        r = runCli(workspace(), {QStringLiteral("environments"), QStringLiteral("show"), QStringLiteral("3F2A9C")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains(hashOf(QStringLiteral("3f2a9c1b2d4e")).toUtf8()) && r.out.contains("scikit-learn>=1.0")
                     && r.out.contains("\"user_managed\": false") && r.out.contains(run1.toUtf8()) && r.out.contains(run2.toUtf8()),
                 r.out.constData());
    }

    void invalidInputExitsTwo()
    {
        const qint64 now = RunStore::nowMs();
        QVERIFY(seed(QString(), seedRecord(QStringLiteral("local"), hashOf(QStringLiteral("abcd1")), {}, now)));
        QVERIFY(seed(QString(), seedRecord(QStringLiteral("local"), hashOf(QStringLiteral("abcd2")), {}, now)));
        QVERIFY(seed(QString(), seedRecord(QStringLiteral("gpu-box"), hashOf(QStringLiteral("abcd1")), {}, now)));
        const auto expectInvalid = [this](const QStringList& args, const QByteArray& message) {
            const CliResult r = runCli(workspace(), args);
            QVERIFY2(r.exitCode == 2 && r.err.contains(message),
                     qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": exit %1: ").arg(r.exitCode) + QString::fromUtf8(r.err)));
        };
        const QString environments = QStringLiteral("environments");
        expectInvalid({environments, QStringLiteral("--target"), QStringLiteral("nowhere")}, "unknown target nowhere");
        expectInvalid({environments, QStringLiteral("show"), QStringLiteral("abcd1"), QStringLiteral("--target"), QStringLiteral("nowhere")},
                      "unknown target nowhere");
        expectInvalid({environments, QStringLiteral("show"), QStringLiteral("ffff")}, "no environment ffff");
        expectInvalid({environments, QStringLiteral("show"), QStringLiteral("abcd")}, "matches several environments");
        // The same hash on two targets, until a target is named.
        expectInvalid({environments, QStringLiteral("remove"), QStringLiteral("abcd1")}, "--target");
        expectInvalid({environments, QStringLiteral("show"), QStringLiteral("abc")}, "too short");
        expectInvalid({environments, QStringLiteral("show"), QStringLiteral("zzzz")}, "hexadecimal");
        expectInvalid({environments, QStringLiteral("remove"), QStringLiteral("ffff")}, "no environment ffff");
        expectInvalid({environments, QStringLiteral("prune"), QStringLiteral("--unused-for"), QStringLiteral("-1")}, "--unused-for");
        expectInvalid({environments, QStringLiteral("prune"), QStringLiteral("--unused-for"), QStringLiteral("week")}, "--unused-for \"week\"");
        expectInvalid({environments, QStringLiteral("prune")}, "--unused-for DAYS is required");
        expectInvalid({environments, QStringLiteral("prune"), QStringLiteral("--unused-for"), QStringLiteral("3"), QStringLiteral("--target"),
                       QStringLiteral("nowhere")},
                      "unknown target nowhere");
        // Nothing was removed by any of them.
        QString error;
        QCOMPARE(EnvironmentStore(*m_ws).list(QString(), &error)->size(), 3);
    }

    void removeAndPruneNeverTakeOneALiveRunUses()
    {
        const qint64 now = RunStore::nowMs();
        const QString live = liveRun();
        const QString ended = insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        const QString usedHash = hashOf(QStringLiteral("5eed"));
        const QString idleHash = hashOf(QStringLiteral("1d1e"));
        QVERIFY(seed(ended, seedRecord(QStringLiteral("local"), usedHash, {QStringLiteral("tyalpha")}, now - 30 * kDayMs)));
        QVERIFY(seed(live, seedRecord(QStringLiteral("local"), usedHash, {QStringLiteral("tyalpha")}, now - 30 * kDayMs)));
        QVERIFY(seed(QString(), seedRecord(QStringLiteral("local"), idleHash, {QStringLiteral("tybeta")}, now - 20 * kDayMs)));

        CliResult r = runCli(workspace(), {QStringLiteral("environments"), QStringLiteral("remove"), QStringLiteral("5eed")});
        QVERIFY2(r.exitCode == 1, r.err.constData());
        QVERIFY2(r.err.contains(live.toUtf8()) && r.err.contains("live run"), r.err.constData());
        QVERIFY2(!r.err.contains(ended.toUtf8()), r.err.constData());

        r = runCli(workspace(), {QStringLiteral("environments"), QStringLiteral("prune"), QStringLiteral("--unused-for"),
                                 QStringLiteral("7"), QStringLiteral("--dry-run")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains(QByteArray(QByteArray("would keep 5eed00000000 on local: used by live run(s) ") + live.toUtf8())), r.out.constData());
        QVERIFY2(r.out.contains("would remove 1d1e00000000 on local (3.0 MB"), r.out.constData());
        QVERIFY2(r.out.contains("would free 3.0 MB (1 environment(s))"), r.out.constData());

        r = runCli(workspace(), {QStringLiteral("environments"), QStringLiteral("prune"), QStringLiteral("--unused-for"),
                                 QStringLiteral("25"), QStringLiteral("--dry-run"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().object().value(QStringLiteral("would_remove")).toArray().size(), 0);
        QCOMPARE(r.json().object().value(QStringLiteral("kept")).toArray().size(), 1);

        // Both are still recorded: a refusal and a dry run remove nothing.
        QString error;
        const auto listed = EnvironmentStore(*m_ws).list(QString(), &error);
        QVERIFY2(listed, qPrintable(error));
        QCOMPARE(listed->size(), 2);
    }

    void aDamagedDatabaseIsAFailureNotAnEmptyList()
    {
        QVERIFY(seed(QString(), seedRecord(QStringLiteral("local"), hashOf(QStringLiteral("dead")), {}, RunStore::nowMs())));
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("DROP TABLE environments")));
        const CliResult r = runCli(workspace(), {QStringLiteral("environments")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot read the environments"), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    // Removal happens on the target, through its environment tool: the folder goes, then the record.
    void removeAndPruneOnTheTarget()
    {
        const auto config = TargetRegistry(*m_ws).find(QStringLiteral("local"));
        QVERIFY(config);
        QString error;
        std::unique_ptr<ComputeTarget> target = ComputeTarget::create(*config, &error);
        QVERIFY2(target, qPrintable(error));
        RunContext ctx;
        ctx.target = *config;
        ctx.runtimeDir = m_ws->runtimeDir();
        ctx.storeDir = m_ws->storeDir();
        ctx.runDir = m_dir.path() + QStringLiteral("/scratch");
        const QString root = target->environmentRoot(ctx);
        if (root.isEmpty())
            QSKIP("the local target does not say where it keeps environments yet (ComputeTarget::environmentRoot)");

        const qint64 now = RunStore::nowMs();
        const QString removedHash = hashOf(QStringLiteral("e1e1"));
        const QString prunedHash = hashOf(QStringLiteral("e2e2"));
        const QString recentHash = hashOf(QStringLiteral("e3e3"));
        for (const QString& hash : {removedHash, prunedHash, recentHash}) {
            QVERIFY(writeFile(root + QLatin1Char('/') + hash + QStringLiteral("/lib/site-packages/pkg.py"), QByteArray(100000, 'x')));
            QVERIFY(writeFile(root + QLatin1Char('/') + hash + QStringLiteral("/.trainyard-ready"), ""));
        }
        const QString ended = insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        QVERIFY(seed(ended, seedRecord(QStringLiteral("local"), removedHash, {}, now)));
        QVERIFY(seed(QString(), seedRecord(QStringLiteral("local"), prunedHash, {}, now - 40 * kDayMs)));
        QVERIFY(seed(QString(), seedRecord(QStringLiteral("local"), recentHash, {}, now - kDayMs)));

        CliResult r = runCli(workspace(), {QStringLiteral("environments"), QStringLiteral("remove"), QStringLiteral("e1e1")});
        if (r.err.contains("not implemented yet") || r.err.contains("cannot build environments"))
            QSKIP(qPrintable(QStringLiteral("the environment tool cannot remove yet: ") + QString::fromUtf8(r.err)));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("removed environment e1e1e1e1e1e1 on local, freed "), r.out.constData());
        QVERIFY(!QFileInfo::exists(root + QLatin1Char('/') + removedHash));
        EnvironmentStore store(*m_ws);
        EnvironmentStore::FindFailure failure = EnvironmentStore::FindFailure::None;
        QVERIFY(!store.find(QStringLiteral("local"), removedHash, &error, &failure));
        QCOMPARE(failure, EnvironmentStore::FindFailure::NotFound);
        // The run still says which environment it ran with.
        r = runCli(workspace(), {QStringLiteral("show"), ended, QStringLiteral("--json")});
        QCOMPARE(r.json().object().value(QStringLiteral("environment")).toObject().value(QStringLiteral("hash")).toString(), removedHash);

        r = runCli(workspace(), {QStringLiteral("environments"), QStringLiteral("prune"), QStringLiteral("--unused-for"), QStringLiteral("30")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("removed e2e2e2e2e2e2 on local, freed ") && r.out.contains("(1 environment(s) removed)"), r.out.constData());
        QVERIFY(!QFileInfo::exists(root + QLatin1Char('/') + prunedHash));
        QVERIFY(QFileInfo::exists(root + QLatin1Char('/') + recentHash + QStringLiteral("/lib/site-packages/pkg.py")));
        const auto left = store.list(QString(), &error);
        QVERIFY2(left, qPrintable(error));
        QCOMPARE(left->size(), 1);
        QCOMPARE(left->constFirst().hash, recentHash);
    }

    void showRunSaysWhatItRanWith()
    {
        const QString run = insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        EnvironmentRecord env = seedRecord(QStringLiteral("local"), hashOf(QStringLiteral("c0ffee")), {QStringLiteral("tyalpha")},
                                           RunStore::nowMs());
        env.image = QStringLiteral("localhost/trainyard-test-python:1");
        env.imageId = QStringLiteral("sha256:1111");
        env.python = QStringLiteral("/envs/image-1111/c0ffee/bin/python");
        QVERIFY(seed(run, env));
        const QJsonObject ranWith{
            {QStringLiteral("description"),
             QJsonObject{{QStringLiteral("host"),
                          QJsonObject{{QStringLiteral("name"), QStringLiteral("trainbox-7")},
                                      {QStringLiteral("os"), QStringLiteral("Debian GNU/Linux 12 (bookworm)")},
                                      {QStringLiteral("kernel"), QStringLiteral("6.1.0")},
                                      {QStringLiteral("cpu_model"), QStringLiteral("AMD EPYC 7763")},
                                      {QStringLiteral("cpu_count"), 16},
                                      {QStringLiteral("memory_bytes"), 137438953472.0},
                                      {QStringLiteral("gpus"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("NVIDIA H200")},
                                                                                     {QStringLiteral("memory"), QStringLiteral("143771 MiB")},
                                                                                     {QStringLiteral("driver"), QStringLiteral("550.54")}}}}}},
                         {QStringLiteral("interpreter"), QJsonObject{{QStringLiteral("path"), env.python},
                                                                     {QStringLiteral("version"), QStringLiteral("3.11.2")}}}}},
            {QStringLiteral("environment"), QJsonObject{{QStringLiteral("hash"), env.hash}}},
            {QStringLiteral("image"), QJsonObject{{QStringLiteral("ref"), env.image},
                                                  {QStringLiteral("id"), env.imageId},
                                                  {QStringLiteral("digest"), QStringLiteral("sha256:2222")}}}};
        QVERIFY(writeFile(m_ws->runDir(run) + QStringLiteral("/system/ran-with.json"), QJsonDocument(ranWith).toJson()));

        CliResult r = runCli(workspace(), {QStringLiteral("show"), run, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject shown = r.json().object();
        const QJsonObject environment = shown.value(QStringLiteral("environment")).toObject();
        QCOMPARE(environment.value(QStringLiteral("hash")).toString(), env.hash);
        QCOMPARE(environment.value(QStringLiteral("manager")).toString(), QStringLiteral("pip"));
        QCOMPARE(environment.value(QStringLiteral("python")).toString(), env.python);
        QCOMPARE(environment.value(QStringLiteral("python_version")).toString(), QStringLiteral("3.11.2"));
        QCOMPARE(environment.value(QStringLiteral("image")).toString(), env.image);
        QCOMPARE(environment.value(QStringLiteral("image_id")).toString(), QStringLiteral("sha256:1111"));
        QCOMPARE(environment.value(QStringLiteral("image_digest")).toString(), QStringLiteral("sha256:2222"));
        QCOMPARE(shown.value(QStringLiteral("host")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("trainbox-7"));
        QCOMPARE(shown.value(QStringLiteral("host")).toObject().value(QStringLiteral("cpu_count")).toInt(), 16);

        r = runCli(workspace(), {QStringLiteral("show"), run});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("Environment c0ffee000000  (pip, python 3.11.2, image localhost/trainyard-test-python:1)"),
                 r.out.constData());
        QVERIFY2(r.out.contains("Host        trainbox-7 (Debian GNU/Linux 12 (bookworm), 16 × AMD EPYC 7763, 128.0 GiB, 1 GPU: NVIDIA H200)"),
                 r.out.constData());

        // A run without an environment and without the file says so, with nulls in JSON.
        const QString plain = insertRun(*m_ws, QStringLiteral("e"), RunStatus::Completed);
        r = runCli(workspace(), {QStringLiteral("show"), plain, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.json().object().value(QStringLiteral("environment")).isNull());
        QVERIFY(r.json().object().value(QStringLiteral("host")).isNull());
        // A damaged ran-with.json is said, and the rest of the run is still shown.
        QVERIFY(writeFile(m_ws->runDir(plain) + QStringLiteral("/system/ran-with.json"), "{not json"));
        r = runCli(workspace(), {QStringLiteral("show"), plain});
        QVERIFY2(r.exitCode == 0 && r.err.contains("ran-with.json is not a JSON object"), r.err.constData());
        QVERIFY(r.out.contains(plain.toUtf8()));
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentsCli)
#include "TestEnvironmentsCli.moc"
