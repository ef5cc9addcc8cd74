#include <QtTest>

#include "TestSupport.h"
#include "environments/EnvironmentSpec.h"
#include "snapshot/SnapshotStore.h"

#include <QTemporaryDir>

// EnvironmentSpec: one canonical definition however the packages are spelt or ordered, the manager that
// builds it, and the definition file read from the run's snapshot (or an absolute path) with clear errors.
class TestEnvironmentSpec : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static TargetConfig localTarget(const QJsonObject& settings = {})
    {
        return TargetConfig{QStringLiteral("local"), QStringLiteral("local"), settings};
    }

    static Estimator withPackages(const QStringList& pip, const QStringList& conda = {})
    {
        Estimator e;
        e.entryScript = QStringLiteral("train.py");
        e.pipPackages = pip;
        e.condaPackages = conda;
        return e;
    }

private slots:
    void pipSpellings_data()
    {
        QTest::addColumn<QString>("written");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("case and underscore") << "Scikit_Learn >= 1.0"
                                             << "scikit-learn>=1.0";
        QTest::newRow("dots and runs") << "zope..Interface"
                                       << "zope-interface";
        QTest::newRow("surrounding space") << "  numpy\t"
                                           << "numpy";
        QTest::newRow("specifier whitespace") << "numpy == 1.26"
                                              << "numpy==1.26";
        QTest::newRow("specifiers sorted") << "torch <3 , >= 2.0"
                                           << "torch<3,>=2.0";
        QTest::newRow("same specifiers other order") << "torch>=2.0,<3"
                                                     << "torch<3,>=2.0";
        QTest::newRow("parenthesised") << "requests (>=2.0)"
                                       << "requests>=2.0";
        QTest::newRow("marker") << "numpy == 1.26 ; python_version<'3.12'"
                                << "numpy==1.26; python_version<'3.12'";
        QTest::newRow("marker spaces") << "numpy==1.26;python_version  <  '3.12'   and  os_name == \"posix\""
                                       << "numpy==1.26; python_version<'3.12' and os_name==\"posix\"";
        QTest::newRow("marker quoted text kept") << "x; platform_release == 'a  b'"
                                                 << "x; platform_release=='a  b'";
        QTest::newRow("extras") << "Requests[Socks , security]"
                                << "requests[security,socks]";
        QTest::newRow("url") << "MyPkg@ https://example.org/p.whl"
                             << "mypkg @ https://example.org/p.whl";
        QTest::newRow("local wheel left alone") << " ./wheels/TyAlpha-1.0-py3-none-any.whl "
                                                << "./wheels/TyAlpha-1.0-py3-none-any.whl";
        QTest::newRow("wheel name left alone") << "TyAlpha-1.0-py3-none-any.whl"
                                               << "TyAlpha-1.0-py3-none-any.whl";
        QTest::newRow("option left alone") << "--pre"
                                           << "--pre";
        QTest::newRow("not a specifier left alone") << "numpy 1.2"
                                                    << "numpy 1.2";
        QTest::newRow("compatible release") << "Foo ~= 1.4.2"
                                            << "foo~=1.4.2";
        QTest::newRow("empty") << "   "
                               << "";
    }

    void pipSpellings()
    {
        QFETCH(QString, written);
        QFETCH(QString, canonical);
        QCOMPARE(EnvironmentSpec::normalisePackage(written), canonical);
    }

    void condaSpellings_data()
    {
        QTest::addColumn<QString>("written");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("case and pin") << "NumPy = 1.26"
                                      << "numpy=1.26";
        QTest::newRow("underscore kept") << "Typing_Extensions"
                                         << "typing_extensions";
        QTest::newRow("channel") << "conda-forge:: SciPy >=1.10"
                                 << "conda-forge::scipy>=1.10";
        QTest::newRow("build string") << "python   3.11.4   h955ad1f_0"
                                      << "python 3.11.4 h955ad1f_0";
        QTest::newRow("double equals") << "scikit-learn==1.2.2"
                                       << "scikit-learn==1.2.2";
    }

    void condaSpellings()
    {
        QFETCH(QString, written);
        QFETCH(QString, canonical);
        QCOMPARE(EnvironmentSpec::normaliseCondaPackage(written), canonical);
    }

    void orderSpellingAndDuplicatesGiveOneDefinition()
    {
        const TargetConfig target = localTarget();
        const EnvironmentSpec a(withPackages({QStringLiteral("tybeta"), QStringLiteral("TyAlpha==1.0")}),
                                target, std::nullopt);
        const EnvironmentSpec b(
            withPackages({QStringLiteral(" tyalpha == 1.0"), QStringLiteral("TYBETA"),
                          QStringLiteral("ty_beta"), QStringLiteral("tybeta"), QString()}),
            target, std::nullopt);
        QCOMPARE(a.canonicalJson().value(QStringLiteral("pip")).toArray(),
                 (QJsonArray{QStringLiteral("tyalpha==1.0"), QStringLiteral("tybeta")}));
        // ty_beta is the same project as ty-beta, not tybeta: it stays a package of its own.
        QCOMPARE(b.canonicalJson().value(QStringLiteral("pip")).toArray(),
                 (QJsonArray{QStringLiteral("ty-beta"), QStringLiteral("tyalpha==1.0"),
                             QStringLiteral("tybeta")}));
        const EnvironmentSpec c(withPackages({QStringLiteral(" tyalpha == 1.0"), QStringLiteral("TYBETA"),
                                              QStringLiteral("tybeta")}),
                                target, std::nullopt);
        QCOMPARE(c.canonicalJson(), a.canonicalJson());
        // A pin change is another environment.
        const EnvironmentSpec d(withPackages({QStringLiteral("tybeta"), QStringLiteral("TyAlpha==2.0")}),
                                target, std::nullopt);
        QVERIFY(d.canonicalJson() != a.canonicalJson());
    }

    void managerChoice()
    {
        const TargetConfig target = localTarget();
        const EnvironmentSpec::DefinitionFile requirements{
            QStringLiteral("requirements.txt"), QStringLiteral("requirements"), QStringLiteral("x\n")};
        const EnvironmentSpec::DefinitionFile yml{QStringLiteral("environment.yml"),
                                                  QStringLiteral("conda-yml"), QStringLiteral("name: x\n")};
        QCOMPARE(EnvironmentSpec(withPackages({}), target, std::nullopt).manager(), QStringLiteral("none"));
        QVERIFY(!EnvironmentSpec(withPackages({}), target, std::nullopt).needsTool());
        QCOMPARE(EnvironmentSpec(withPackages({QStringLiteral("a")}), target, std::nullopt).manager(),
                 QStringLiteral("pip"));
        QCOMPARE(EnvironmentSpec(withPackages({}), target, requirements).manager(), QStringLiteral("pip"));
        QCOMPARE(
            EnvironmentSpec(withPackages({QStringLiteral("a")}, {QStringLiteral("b")}), target, std::nullopt)
                .manager(),
            QStringLiteral("conda"));
        QCOMPARE(EnvironmentSpec(withPackages({QStringLiteral("a")}), target, yml).manager(),
                 QStringLiteral("conda"));
        QCOMPARE(EnvironmentSpec(withPackages({}, {QStringLiteral("b")}), target, requirements).manager(),
                 QStringLiteral("conda"));

        // An image alone needs the tool (to find or pull it) but builds nothing.
        Estimator image = withPackages({});
        image.customDockerImage = QStringLiteral(" localhost/pyimg:1 ");
        const EnvironmentSpec imageOnly(image, target, std::nullopt);
        QCOMPARE(imageOnly.manager(), QStringLiteral("none"));
        QVERIFY(imageOnly.needsTool());
        QCOMPARE(imageOnly.image(), QStringLiteral("localhost/pyimg:1"));
    }

    void userManagedBuildsNothing()
    {
        Estimator e = withPackages({QStringLiteral("tyalpha")}, {QStringLiteral("numpy")});
        e.userManagedDependencies = true;
        const EnvironmentSpec spec(e, localTarget(), std::nullopt);
        QCOMPARE(spec.manager(), QStringLiteral("none"));
        QVERIFY(!spec.needsTool());
        QVERIFY(spec.canonicalJson().value(QStringLiteral("user_managed")).toBool());
        e.userManagedDependencies = false;
        QVERIFY(!EnvironmentSpec(e, localTarget(), std::nullopt)
                     .canonicalJson()
                     .value(QStringLiteral("user_managed"))
                     .toBool());
    }

    void optionsFromTheTarget()
    {
        const TargetConfig target = localTarget(
            QJsonObject{{QStringLiteral("pip_index_url"), QStringLiteral("https://mirror.example/simple")},
                        {QStringLiteral("pip_find_links"), QJsonArray{QStringLiteral("/srv/wheels")}},
                        {QStringLiteral("pip_trusted_hosts"), QJsonArray{QStringLiteral("mirror.example")}},
                        {QStringLiteral("pip_system_site_packages"), true},
                        {QStringLiteral("conda_tool"), QStringLiteral("micromamba")}});
        const EnvironmentSpec pip(withPackages({QStringLiteral("a")}), target, std::nullopt);
        const QJsonObject options = pip.canonicalJson().value(QStringLiteral("options")).toObject();
        const QJsonObject pipOptions = options.value(QStringLiteral("pip")).toObject();
        QCOMPARE(pipOptions.value(QStringLiteral("index_url")).toString(),
                 QStringLiteral("https://mirror.example/simple"));
        QCOMPARE(pipOptions.value(QStringLiteral("find_links")).toArray(),
                 QJsonArray{QStringLiteral("/srv/wheels")});
        QCOMPARE(pipOptions.value(QStringLiteral("trusted_hosts")).toArray(),
                 QJsonArray{QStringLiteral("mirror.example")});
        QCOMPARE(pipOptions.value(QStringLiteral("extra_index_urls")).toArray(), QJsonArray{});
        QVERIFY(pipOptions.value(QStringLiteral("system_site_packages")).toBool());
        QCOMPARE(pip.pipOptions(), pipOptions);
        // The conda tool matters to conda environments only.
        QVERIFY(!options.contains(QStringLiteral("conda_tool")));
        const EnvironmentSpec conda(withPackages({}, {QStringLiteral("numpy")}), target, std::nullopt);
        QCOMPARE(conda.canonicalJson()
                     .value(QStringLiteral("options"))
                     .toObject()
                     .value(QStringLiteral("conda_tool"))
                     .toString(),
                 QStringLiteral("micromamba"));
        QCOMPARE(EnvironmentSpec::condaToolOf(localTarget()), QStringLiteral("auto"));
    }

    void fileKinds()
    {
        QCOMPARE(EnvironmentSpec::fileKind(QStringLiteral("environment.yml"), QString()),
                 QStringLiteral("conda-yml"));
        QCOMPARE(EnvironmentSpec::fileKind(QStringLiteral("Env.YAML"), QString()),
                 QStringLiteral("conda-yml"));
        QCOMPARE(EnvironmentSpec::fileKind(QStringLiteral("conda-linux-64.lock"), QString()),
                 QStringLiteral("conda-lock"));
        QCOMPARE(EnvironmentSpec::fileKind(QStringLiteral("spec.txt"),
                                           QStringLiteral("# comment\n@EXPLICIT\nhttps://x\n")),
                 QStringLiteral("conda-lock"));
        QCOMPARE(EnvironmentSpec::fileKind(QStringLiteral("requirements.txt"), QStringLiteral("numpy\n")),
                 QStringLiteral("requirements"));
    }

    void definitionFileFromTheSnapshot()
    {
        const QString source = m_dir.path() + QStringLiteral("/project");
        QVERIFY(TestSupport::writeFile(source + QStringLiteral("/train.py"), "print(1)\n"));
        QVERIFY(TestSupport::writeFile(source + QStringLiteral("/envs/requirements.txt"),
                                       "tyalpha==1.0\r\ntybeta\r\n"));
        const QString store = m_dir.path() + QStringLiteral("/store");
        QString error;
        const auto snapshot = SnapshotStore(store).create(source, &error);
        QVERIFY2(snapshot, qPrintable(error));
        // Changed after the snapshot: the run still gets the file as it was at submit.
        QVERIFY(TestSupport::writeFile(source + QStringLiteral("/envs/requirements.txt"), "changed\n"));

        Estimator e = withPackages({});
        e.sourceDirectory = source;
        e.environmentDefinition = QStringLiteral("envs/requirements.txt");
        const auto spec = EnvironmentSpec::forRun(e, localTarget(), store, snapshot->id, &error);
        QVERIFY2(spec, qPrintable(error));
        QCOMPARE(spec->manager(), QStringLiteral("pip"));
        const QJsonObject file = spec->canonicalJson().value(QStringLiteral("file")).toObject();
        QCOMPARE(file.value(QStringLiteral("name")).toString(), QStringLiteral("requirements.txt"));
        QCOMPARE(file.value(QStringLiteral("kind")).toString(), QStringLiteral("requirements"));
        QCOMPARE(file.value(QStringLiteral("content")).toString(), QStringLiteral("tyalpha==1.0\ntybeta\n"));
        QCOMPARE(file.value(QStringLiteral("sha256")).toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash("tyalpha==1.0\ntybeta\n", QCryptographicHash::Sha256).toHex()));

        // The same content with other line endings elsewhere is the same definition.
        const QString absolute = m_dir.path() + QStringLiteral("/elsewhere/requirements.txt");
        QVERIFY(TestSupport::writeFile(absolute, "tyalpha==1.0\ntybeta\n"));
        Estimator outside = e;
        outside.environmentDefinition = absolute;
        const auto fromDisk = EnvironmentSpec::forRun(outside, localTarget(), store, snapshot->id, &error);
        QVERIFY2(fromDisk, qPrintable(error));
        QCOMPARE(fromDisk->canonicalJson(), spec->canonicalJson());

        // Missing files are named.
        Estimator missing = e;
        missing.environmentDefinition = QStringLiteral("envs/nope.txt");
        QVERIFY(!EnvironmentSpec::forRun(missing, localTarget(), store, snapshot->id, &error));
        QVERIFY2(error.startsWith(QStringLiteral("environment_definition: ")) &&
                     error.contains(QStringLiteral("envs/nope.txt")),
                 qPrintable(error));
        missing.environmentDefinition = m_dir.path() + QStringLiteral("/gone.yml");
        QVERIFY(!EnvironmentSpec::forRun(missing, localTarget(), store, snapshot->id, &error));
        QVERIFY2(error.contains(m_dir.path() + QStringLiteral("/gone.yml")), qPrintable(error));
        // No file: nothing to read, no error.
        Estimator none = e;
        none.environmentDefinition.clear();
        error.clear();
        const auto without = EnvironmentSpec::forRun(none, localTarget(), store, snapshot->id, &error);
        QVERIFY(without);
        QVERIFY(error.isEmpty());
        QVERIFY(without->canonicalJson().value(QStringLiteral("file")).isNull());
    }

    void snapshotReadFile()
    {
        const QString source = m_dir.path() + QStringLiteral("/links");
        QVERIFY(TestSupport::writeFile(source + QStringLiteral("/real/env.yml"), "name: x\n"));
        QVERIFY(QFile::link(QStringLiteral("real/env.yml"), source + QStringLiteral("/env.yml")));
        QVERIFY(QFile::link(QStringLiteral("../outside.txt"), source + QStringLiteral("/escape.txt")));
        const QString store = m_dir.path() + QStringLiteral("/store2");
        QString error;
        const auto snapshot = SnapshotStore(store).create(source, &error);
        QVERIFY2(snapshot, qPrintable(error));
        const SnapshotStore snapshots(store);
        QCOMPARE(snapshots.readFile(snapshot->id, QStringLiteral("real/env.yml"), 1000, &error).value_or("?"),
                 QByteArray("name: x\n"));
        QCOMPARE(snapshots.readFile(snapshot->id, QStringLiteral("env.yml"), 1000, &error).value_or("?"),
                 QByteArray("name: x\n"));
        QVERIFY(!snapshots.readFile(snapshot->id, QStringLiteral("escape.txt"), 1000, &error));
        QVERIFY2(error.contains(QStringLiteral("outside the snapshot")), qPrintable(error));
        QVERIFY(!snapshots.readFile(snapshot->id, QStringLiteral("real/env.yml"), 3, &error));
        QVERIFY2(error.contains(QStringLiteral("too large")), qPrintable(error));
        QVERIFY(!snapshots.readFile(snapshot->id, QStringLiteral("nope"), 1000, &error));
        QVERIFY2(error.contains(QStringLiteral("nope is not in the snapshot")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentSpec)
#include "TestEnvironmentSpec.moc"
