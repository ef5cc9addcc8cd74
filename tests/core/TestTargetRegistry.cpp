// Tests for TargetRegistry and TargetConfig: the built-in local target, saving and finding targets,
// validation messages, and the settings' defaults.
#include <QtTest>

#include "estimator/Estimator.h"

#include "targets/TargetKind.h"
#include "targets/TargetRegistry.h"
#include "TestSupport.h"
#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

namespace {

TargetConfig localTarget(const QString& name, const QJsonObject& settings = {})
{
    TargetConfig t;
    t.name = name;
    t.kind = QStringLiteral("local");
    t.settings = settings;
    return t;
}

bool anyContains(const QStringList& errors, const QString& needle)
{
    for (const QString& e : errors)
        if (e.contains(needle))
            return true;
    return false;
}

} // namespace

class TestTargetRegistry : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;

private slots:
    void init()
    {
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
    }

    void localExistsByDefault()
    {
        TargetRegistry registry(*m_ws);
        const auto local = registry.find(QStringLiteral("local"));
        QVERIFY(local);
        QCOMPARE(local->name, QStringLiteral("local"));
        QCOMPARE(local->kind, QStringLiteral("local"));
        const auto all = registry.list();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all[0].name, QStringLiteral("local"));
        QVERIFY(TargetRegistry::validate(*local).isEmpty());
        QVERIFY(TargetRegistry::knownKinds().contains(QStringLiteral("local")));
    }

    void saveFindAndList()
    {
        TargetRegistry registry(*m_ws);
        QString error;
        const QJsonObject settings{{QStringLiteral("max_concurrent_runs"), 3},
                                   {QStringLiteral("cancel_grace_seconds"), 2},
                                   {QStringLiteral("python"), QStringLiteral("/opt/venv/bin/python")}};
        QVERIFY2(registry.save(localTarget(QStringLiteral("gpu-box"), settings), &error), qPrintable(error));
        QVERIFY2(registry.save(localTarget(QStringLiteral("cpu.small")), &error), qPrintable(error));

        const auto found = registry.find(QStringLiteral("gpu-box"));
        QVERIFY(found);
        QCOMPARE(found->kind, QStringLiteral("local"));
        QCOMPARE(found->settings, settings);
        QCOMPARE(found->maxConcurrentRuns(), 3);
        QCOMPARE(found->cancelGraceSeconds(), 2);
        QCOMPARE(found->python(), QStringLiteral("/opt/venv/bin/python"));
        QVERIFY(!registry.find(QStringLiteral("nope")));

        const auto all = registry.list();
        QStringList names;
        for (const auto& t : all)
            names << t.name;
        QCOMPARE(names, (QStringList{QStringLiteral("cpu.small"), QStringLiteral("gpu-box"), QStringLiteral("local")}));

        // Saving again replaces.
        QVERIFY2(registry.save(localTarget(QStringLiteral("gpu-box"), {{QStringLiteral("max_concurrent_runs"), 8}}), &error),
                 qPrintable(error));
        QCOMPARE(registry.find(QStringLiteral("gpu-box"))->maxConcurrentRuns(), 8);
        QVERIFY(!registry.find(QStringLiteral("gpu-box"))->settings.contains(QStringLiteral("python")));
        QCOMPARE(registry.list().size(), 3);

        // The settings of local can be changed too.
        QVERIFY2(registry.save(localTarget(QStringLiteral("local"), {{QStringLiteral("max_concurrent_runs"), 2}}), &error),
                 qPrintable(error));
        QCOMPARE(registry.find(QStringLiteral("local"))->maxConcurrentRuns(), 2);
    }

    void persistsAcrossReopen()
    {
        TargetRegistry registry(*m_ws);
        QString error;
        QVERIFY2(registry.save(localTarget(QStringLiteral("kept"), {{QStringLiteral("max_concurrent_runs"), 4}}), &error),
                 qPrintable(error));
        const auto reopened = Workspace::open(m_ws->root(), &error);
        QVERIFY2(reopened, qPrintable(error));
        QCOMPARE(TargetRegistry(*reopened).find(QStringLiteral("kept"))->maxConcurrentRuns(), 4);
    }

    void validationErrors_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("settingsJson");
        QTest::addColumn<QString>("expected");

        QTest::newRow("empty name") << QString() << QStringLiteral("local") << QByteArray("{}") << QStringLiteral("target name");
        QTest::newRow("space in name") << QStringLiteral("my box") << QStringLiteral("local") << QByteArray("{}")
                                       << QStringLiteral("my box");
        QTest::newRow("slash in name") << QStringLiteral("a/b") << QStringLiteral("local") << QByteArray("{}")
                                       << QStringLiteral("a/b");
        QTest::newRow("name too long") << QString(65, QLatin1Char('x')) << QStringLiteral("local") << QByteArray("{}")
                                       << QStringLiteral("1-64");
        QTest::newRow("unknown kind") << QStringLiteral("k8s") << QStringLiteral("kubernetes") << QByteArray("{}")
                                      << QStringLiteral("kubernetes");
        QTest::newRow("empty kind") << QStringLiteral("nokind") << QString() << QByteArray("{}") << QStringLiteral("unknown kind");
        QTest::newRow("max 0") << QStringLiteral("t") << QStringLiteral("local") << QByteArray(R"({"max_concurrent_runs":0})")
                               << QStringLiteral("max_concurrent_runs");
        QTest::newRow("max 1.5") << QStringLiteral("t") << QStringLiteral("local") << QByteArray(R"({"max_concurrent_runs":1.5})")
                                 << QStringLiteral("max_concurrent_runs");
        QTest::newRow("max negative") << QStringLiteral("t") << QStringLiteral("local")
                                      << QByteArray(R"({"max_concurrent_runs":-2})") << QStringLiteral("max_concurrent_runs");
        QTest::newRow("max text") << QStringLiteral("t") << QStringLiteral("local") << QByteArray(R"({"max_concurrent_runs":"4"})")
                                  << QStringLiteral("max_concurrent_runs");
        QTest::newRow("negative grace") << QStringLiteral("t") << QStringLiteral("local")
                                        << QByteArray(R"({"cancel_grace_seconds":-1})") << QStringLiteral("cancel_grace_seconds");
        QTest::newRow("grace text") << QStringLiteral("t") << QStringLiteral("local")
                                    << QByteArray(R"({"cancel_grace_seconds":"soon"})") << QStringLiteral("cancel_grace_seconds");
        QTest::newRow("empty python") << QStringLiteral("t") << QStringLiteral("local") << QByteArray(R"({"python":""})")
                                      << QStringLiteral("python");
    }

    void validationErrors()
    {
        QFETCH(QString, name);
        QFETCH(QString, kind);
        QFETCH(QByteArray, settingsJson);
        QFETCH(QString, expected);
        TargetConfig target;
        target.name = name;
        target.kind = kind;
        target.settings = QJsonDocument::fromJson(settingsJson).object();

        const QStringList errors = TargetRegistry::validate(target);
        QVERIFY2(anyContains(errors, expected), qPrintable(errors.join(QLatin1Char('\n'))));

        TargetRegistry registry(*m_ws);
        QString error;
        QVERIFY(!registry.save(target, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(!registry.find(name) || name == QLatin1String("local"));
        QCOMPARE(registry.list().size(), 1);
    }

    void validSettingsPass()
    {
        QVERIFY(TargetRegistry::validate(localTarget(QStringLiteral("a"), {{QStringLiteral("max_concurrent_runs"), 1}})).isEmpty());
        QVERIFY(TargetRegistry::validate(localTarget(QStringLiteral("A.b_c-9"), {{QStringLiteral("cancel_grace_seconds"), 0}})).isEmpty());
        QVERIFY(TargetRegistry::validate(localTarget(QString(64, QLatin1Char('n')))).isEmpty());
    }

    // A grace period the validation accepts must be the one the runner uses, not silently the default.
    void acceptedFractionalGraceIsHonoured()
    {
        const TargetConfig target = localTarget(QStringLiteral("t"), {{QStringLiteral("cancel_grace_seconds"), 2.5}});
        if (!TargetRegistry::validate(target).isEmpty())
            return; // rejecting fractions is fine too
        QVERIFY2(target.cancelGraceSeconds() == 2 || target.cancelGraceSeconds() == 3,
                 qPrintable(QStringLiteral("cancel_grace_seconds 2.5 was accepted but reads back as %1")
                                .arg(target.cancelGraceSeconds())));
    }

    void severalErrorsAreAllReported()
    {
        TargetConfig target;
        target.name = QStringLiteral("bad name");
        target.kind = QStringLiteral("ssh2");
        target.settings = {{QStringLiteral("max_concurrent_runs"), 0}, {QStringLiteral("cancel_grace_seconds"), -5}};
        const QStringList errors = TargetRegistry::validate(target);
        QCOMPARE(errors.size(), 4);
    }

    void removeTargets()
    {
        TargetRegistry registry(*m_ws);
        QString error;
        QVERIFY(!registry.remove(QStringLiteral("local"), &error));
        QVERIFY2(error.contains(QStringLiteral("local")), qPrintable(error));
        QVERIFY(registry.find(QStringLiteral("local")));

        error.clear();
        QVERIFY(!registry.remove(QStringLiteral("ghost"), &error));
        QVERIFY2(error.contains(QStringLiteral("ghost")), qPrintable(error));

        QVERIFY2(registry.save(localTarget(QStringLiteral("temp")), &error), qPrintable(error));
        QVERIFY2(registry.remove(QStringLiteral("temp"), &error), qPrintable(error));
        QVERIFY(!registry.find(QStringLiteral("temp")));
        QCOMPARE(registry.list().size(), 1);
    }

    void kindsAreRegisteredInOnePlace()
    {
        QCOMPARE(TargetRegistry::knownKinds(), TargetKinds::names());
        const TargetKind* local = TargetKinds::find(QStringLiteral("local"));
        QVERIFY(local);
        QVERIFY(!TargetKinds::find(QStringLiteral("kubernetes")));
        QCOMPARE(local->pageName, QStringLiteral("TargetLocalPage"));
        QVERIFY(local->create);
        QStringList flags;
        for (const TargetSetting& setting : local->settings)
            flags << setting.cliFlag;
        QCOMPARE(flags, (QStringList{QStringLiteral("max-concurrent-runs"), QStringLiteral("cancel-grace-seconds"),
                                     QStringLiteral("python"), QStringLiteral("environment"), QStringLiteral("pip-index-url"),
                                     QStringLiteral("pip-extra-index-urls"), QStringLiteral("pip-find-links"),
                                     QStringLiteral("pip-trusted-hosts"), QStringLiteral("pip-system-site-packages"),
                                     QStringLiteral("conda-tool"), QStringLiteral("container-engine"), QStringLiteral("container-insecure-registries"),
                                     QStringLiteral("environments-dir")}));
        // The local target builds environments, runs images and runs every rank of a distributed run itself;
        // SSH targets place the nodes of a distributed run on their hosts, and say when they have too few.
        QCOMPARE(local->supportedFields, (QStringList{QStringLiteral("pip_packages"), QStringLiteral("conda_packages"),
                                                      QStringLiteral("environment_definition"), QStringLiteral("custom_docker_image"),
                                                      QStringLiteral("node_count"), QStringLiteral("process_count_per_node"),
                                                      QStringLiteral("distributed_training")}));
        for (const QString& field : {QStringLiteral("node_count"), QStringLiteral("process_count_per_node"),
                                     QStringLiteral("distributed_training")})
            QVERIFY(TargetKinds::find(QStringLiteral("ssh"))->supportedFields.contains(field));
        const TargetKind* ssh = TargetKinds::find(QStringLiteral("ssh"));
        QVERIFY(ssh->estimatorProblems);
        TargetConfig twoHosts{QStringLiteral("pair"), QStringLiteral("ssh"),
                              QJsonObject{{QStringLiteral("host"), QStringLiteral("a")},
                                          {QStringLiteral("extra_hosts"), QJsonArray{QStringLiteral("b:2222")}}}};
        Estimator estimator;
        estimator.nodeCount = 2;
        QVERIFY(ssh->estimatorProblems(estimator, twoHosts, QStringLiteral("e.yml")).isEmpty());
        estimator.nodeCount = 3;
        QCOMPARE(ssh->estimatorProblems(estimator, twoHosts, QStringLiteral("e.yml")),
                 QStringList{QStringLiteral("e.yml: node_count: 3 nodes, but compute target pair has 2 hosts (its host and "
                                            "extra_hosts); add one with trainyard-cli targets set pair --extra-host HOST")});
        const TargetSetting* extraHosts = ssh->setting(QStringLiteral("extra_hosts"));
        QVERIFY(extraHosts && extraHosts->repeatable);
        QVERIFY(extraHosts->validate(QJsonArray{QStringLiteral("gpu2"), QStringLiteral("10.0.0.3:2222")}).isEmpty());
        for (const QString& bad : {QStringLiteral("-oProxyCommand=x"), QStringLiteral("a b"), QStringLiteral("h:70000"),
                                   QStringLiteral("a,b"), QString()})
            QVERIFY2(!extraHosts->validate(QJsonArray{bad}).isEmpty(), qPrintable(bad));
        QVERIFY(local->baseEnvironment.contains(QStringLiteral("LC_*")));
    }

    void environmentSettingsAreValidated()
    {
        const auto problems = [](const QString& key, const QJsonValue& value) {
            return TargetRegistry::validate(localTarget(QStringLiteral("t"), {{key, value}}));
        };
        QVERIFY(problems(QStringLiteral("pip_index_url"), QStringLiteral("https://mirror.example/simple")).isEmpty());
        QVERIFY(problems(QStringLiteral("pip_index_url"), QString()).isEmpty());
        QCOMPARE(problems(QStringLiteral("pip_index_url"), QStringLiteral("https://a b")).value(0),
                 QStringLiteral("target t: pip_index_url: expected no spaces or control characters, got \"https://a b\""));
        QVERIFY(problems(QStringLiteral("pip_find_links"), QJsonArray{QStringLiteral("/srv/wheels"), QStringLiteral("https://x/")}).isEmpty());
        QCOMPARE(problems(QStringLiteral("pip_find_links"), QStringLiteral("/srv/wheels")).value(0),
                 QStringLiteral("target t: pip_find_links: expected a list (A,B,...)"));
        QVERIFY(!problems(QStringLiteral("pip_trusted_hosts"), QJsonArray{QString()}).isEmpty());
        QVERIFY(problems(QStringLiteral("pip_system_site_packages"), true).isEmpty());
        QCOMPARE(problems(QStringLiteral("pip_system_site_packages"), QStringLiteral("maybe")).value(0),
                 QStringLiteral("target t: pip_system_site_packages: expected true or false, got \"maybe\""));
        QVERIFY(problems(QStringLiteral("conda_tool"), QStringLiteral("micromamba")).isEmpty());
        QVERIFY(problems(QStringLiteral("conda_tool"), QStringLiteral("/opt/conda/bin/conda")).isEmpty());
        QCOMPARE(problems(QStringLiteral("conda_tool"), QStringLiteral("pixi")).value(0),
                 QStringLiteral("target t: conda_tool: expected auto, conda, mamba, micromamba or an absolute path, got \"pixi\""));
        QVERIFY(problems(QStringLiteral("container_engine"), QStringLiteral("podman")).isEmpty());
        QVERIFY(!problems(QStringLiteral("container_engine"), QStringLiteral("lxc")).isEmpty());
        QVERIFY(problems(QStringLiteral("environments_dir"), QStringLiteral("/scratch/envs")).isEmpty());
        QVERIFY(problems(QStringLiteral("environments_dir"), QStringLiteral("~/envs")).isEmpty());
        QVERIFY(!problems(QStringLiteral("environments_dir"), QStringLiteral("envs")).isEmpty());
        // The CLI's texts become the JSON the validation judges.
        const TargetSetting* site = TargetKinds::find(QStringLiteral("local"))->setting(QStringLiteral("pip_system_site_packages"));
        QVERIFY(site);
        QCOMPARE(site->fromText(QStringLiteral("True")), QJsonValue(true));
        QCOMPARE(site->fromText(QStringLiteral("false")), QJsonValue(false));
        QCOMPARE(site->fromText(QStringLiteral("maybe")), QJsonValue(QStringLiteral("maybe")));
        // The SSH kind takes the same settings.
        QVERIFY(TargetKinds::find(QStringLiteral("ssh"))->setting(QStringLiteral("pip_find_links")));
    }

    void environmentSettingIsValidated()
    {
        QVERIFY(TargetRegistry::validate(localTarget(QStringLiteral("t"), {{QStringLiteral("environment"),
                                                                            QJsonArray{QStringLiteral("CUDA_VISIBLE_DEVICES")}}}))
                    .isEmpty());
        const QStringList errors = TargetRegistry::validate(
            localTarget(QStringLiteral("t"), {{QStringLiteral("environment"), QJsonArray{QStringLiteral("NOT A NAME")}}}));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().contains(QStringLiteral("environment")) && errors.first().contains(QStringLiteral("NOT A NAME")),
                 qPrintable(errors.first()));
        const TargetConfig config = localTarget(QStringLiteral("t"), {{QStringLiteral("environment"),
                                                                      QJsonArray{QStringLiteral("A"), QStringLiteral("B")}}});
        QCOMPARE(config.passedEnvironment(), (QStringList{QStringLiteral("A"), QStringLiteral("B")}));
    }

    void configDefaults()
    {
        TargetConfig local = localTarget(QStringLiteral("local"));
        QCOMPARE(local.maxConcurrentRuns(), 1);
        QCOMPARE(local.cancelGraceSeconds(), 10);
        const QString expectedLocalPython = QFileInfo::exists(QStringLiteral("/usr/bin/python3"))
            ? QStringLiteral("/usr/bin/python3")
            : QStringLiteral("python3");
        QCOMPARE(local.python(), expectedLocalPython);

        TargetConfig other;
        other.name = QStringLiteral("remote");
        other.kind = QStringLiteral("ssh");
        QCOMPARE(other.python(), QStringLiteral("python3")); // the remote's own interpreter, found on its PATH

        TargetConfig configured = localTarget(QStringLiteral("c"), {{QStringLiteral("python"), QStringLiteral("python3.11")}});
        QCOMPARE(configured.python(), QStringLiteral("python3.11"));

        // Out-of-range values read back as the nearest sensible value.
        TargetConfig clamped = localTarget(QStringLiteral("c"), {{QStringLiteral("max_concurrent_runs"), 0},
                                                                 {QStringLiteral("cancel_grace_seconds"), -3}});
        QCOMPARE(clamped.maxConcurrentRuns(), 1);
        QCOMPARE(clamped.cancelGraceSeconds(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTargetRegistry)
#include "TestTargetRegistry.moc"
