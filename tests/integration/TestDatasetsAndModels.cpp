// Datasets referenced from script_params, and the model registry, through trainyard-cli with real runs.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "TestSupport.h"

using namespace TestSupport;

class TestDatasetsAndModels : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }
    QString m_modelRun;

private slots:
    void initTestCase()
    {
        writeFile(m_dir.path() + QStringLiteral("/data/v1/rows.csv"), "a,b\n1,2\n");
        writeFile(m_dir.path() + QStringLiteral("/data/v2/rows.csv"), "a,b\n1,2\n3,4\n");
    }

    void datasetsAreVersioned()
    {
        CliResult r = runCli(workspace(), {QStringLiteral("datasets"), QStringLiteral("add"), QStringLiteral("rows"), m_dir.path() + QStringLiteral("/data/v1")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("version 1"));
        r = runCli(workspace(), {QStringLiteral("datasets"), QStringLiteral("add"), QStringLiteral("rows"), m_dir.path() + QStringLiteral("/data/v2")});
        QVERIFY(r.out.contains("version 2"));
        const QJsonArray list = runCli(workspace(), {QStringLiteral("datasets"), QStringLiteral("list"), QStringLiteral("--json")}).json().array();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("size")).toInt(), 12);
        r = runCli(workspace(), {QStringLiteral("datasets"), QStringLiteral("add"), QStringLiteral("bad name"), m_dir.path()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("dataset name"));
        r = runCli(workspace(), {QStringLiteral("datasets"), QStringLiteral("add"), QStringLiteral("missing"), m_dir.path() + QStringLiteral("/nope")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("does not exist"));
    }

    void mountAndDownloadModes()
    {
        const QString est = makeProject(m_dir.path() + QStringLiteral("/proj"),
                                        {{QStringLiteral("d.py"), "import sys, os\nm, d = sys.argv[2], sys.argv[4]\n"
                                                                  "print('mount', m)\nprint('download', d)\n"
                                                                  "print('rows', len(open(os.path.join(m, 'rows.csv')).readlines()), len(open(os.path.join(d, 'rows.csv')).readlines()))\n"}},
                                        "entry_script: d.py\nscript_params:\n"
                                        "  --mounted: {dataset: rows}\n"
                                        "  --copied: {dataset: \"rows:1\", mode: download}\n");
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains(QByteArray(QByteArray("mount ") + QFileInfo(m_dir.path() + QStringLiteral("/data/v2")).canonicalFilePath().toUtf8())), r.out.constData());
        QVERIFY(r.out.contains(QByteArray(QByteArray("download ") + QFileInfo(workspace()).absoluteFilePath().toUtf8())));
        QVERIFY(r.out.contains("rows 3 2"));
        const QString id = QString::fromUtf8(r.out.split('\n').value(0));
        // The run records the dataset version it used.
        const QJsonObject est2 = runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object().value(QStringLiteral("estimator")).toObject();
        QVERIFY2(QJsonDocument(est2).toJson().contains("rows:2"), QJsonDocument(est2).toJson().constData());
    }

    void unknownDatasetIsInvalidInput()
    {
        const QString est = makeProject(m_dir.path() + QStringLiteral("/proj2"), {{QStringLiteral("d.py"), "print(1)\n"}},
                                        "entry_script: d.py\nscript_params:\n  --data: {dataset: nothere}\n");
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("script_params.--data: unknown dataset nothere"), r.err.constData());
        QCOMPARE(runCli(workspace(), {QStringLiteral("runs"), QStringLiteral("--json")}).json().array().size(), 1);
    }

    void modelsGetVersions()
    {
        const QString est = makeProject(m_dir.path() + QStringLiteral("/model"),
                                        {{QStringLiteral("m.py"), "import os\nos.makedirs('outputs/bundle', exist_ok=True)\n"
                                                                  "open('outputs/model.pkl','wb').write(b'\\x00model')\n"
                                                                  "open('outputs/bundle/a.txt','w').write('a')\n"
                                                                  "os.symlink('/etc/passwd', 'outputs/escape')\n"}},
                                        "entry_script: m.py\n");
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        QCOMPARE(r.exitCode, 0);
        m_modelRun = QString::fromUtf8(r.out.split('\n').value(0));
        CliResult reg = runCli(workspace(), {QStringLiteral("register-model"), m_modelRun, QStringLiteral("--name"), QStringLiteral("clf"),
                                             QStringLiteral("--path"), QStringLiteral("outputs/model.pkl"), QStringLiteral("--description"),
                                             QStringLiteral("first"), QStringLiteral("--tag"), QStringLiteral("stage=dev")});
        QCOMPARE(reg.exitCode, 0);
        QVERIFY(reg.out.contains("version 1"));
        reg = runCli(workspace(), {QStringLiteral("register-model"), m_modelRun, QStringLiteral("--name"), QStringLiteral("clf"),
                                   QStringLiteral("--path"), QStringLiteral("outputs/bundle")});
        QVERIFY(reg.out.contains("version 2"));
        const QJsonArray models = runCli(workspace(), {QStringLiteral("models"), QStringLiteral("--json")}).json().array();
        QCOMPARE(models.size(), 2);
        QCOMPARE(models.at(0).toObject().value(QStringLiteral("description")).toString(), QStringLiteral("first"));
        QCOMPARE(models.at(0).toObject().value(QStringLiteral("tags")).toObject().value(QStringLiteral("stage")).toString(), QStringLiteral("dev"));
        QCOMPARE(models.at(0).toObject().value(QStringLiteral("run_id")).toString(), m_modelRun);

        // The registry keeps its own copy: the run's folder can go.
        QVERIFY(QDir(workspace() + QStringLiteral("/runs/") + m_modelRun).removeRecursively());
        const QString dest = m_dir.path() + QStringLiteral("/dl");
        QDir().mkpath(dest);
        QCOMPARE(runCli(workspace(), {QStringLiteral("model-download"), QStringLiteral("clf:1"), QStringLiteral("--to"), dest}).exitCode, 0);
        QCOMPARE(readFile(dest + QStringLiteral("/model.pkl")), QByteArray("\x00model", 6));
        QCOMPARE(runCli(workspace(), {QStringLiteral("model-download"), QStringLiteral("clf"), QStringLiteral("--to"), dest}).exitCode, 0);
        QCOMPARE(readFile(dest + QStringLiteral("/bundle/a.txt")), QByteArray("a"));
        const CliResult twice = runCli(workspace(), {QStringLiteral("model-download"), QStringLiteral("clf:1"), QStringLiteral("--to"), dest});
        QCOMPARE(twice.exitCode, 1);
        QVERIFY(twice.err.contains("already exists"));
        QCOMPARE(runCli(workspace(), {QStringLiteral("model-delete"), QStringLiteral("clf:1")}).exitCode, 0);
        QCOMPARE(runCli(workspace(), {QStringLiteral("models"), QStringLiteral("--json")}).json().array().size(), 1);
    }

    // Aliases name one version each, move when set again, resolve in model-download and show in models; the
    // description and tags can be changed after registering.
    void aliasesAndEditsAfterRegistering()
    {
        const QString est = makeProject(m_dir.path() + QStringLiteral("/aliased"),
                                        {{QStringLiteral("m.py"), "import os\nos.makedirs('outputs', exist_ok=True)\n"
                                                                  "v = os.environ.get('V', 'one')\n"
                                                                  "open('outputs/model.txt','w').write(v)\n"
                                                                  "print('accuracy: 0.91')\n"}},
                                        "entry_script: m.py\nmetric_patterns: ['accuracy: (?P<value>[0-9.]+)']\n");
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        QCOMPARE(r.exitCode, 0);
        const QString run = QString::fromUtf8(r.out.split('\n').value(0));
        for (int i = 0; i < 2; ++i)
            QCOMPARE(runCli(workspace(), {QStringLiteral("register-model"), run, QStringLiteral("--name"), QStringLiteral("ranker"),
                                          QStringLiteral("--path"), QStringLiteral("outputs/model.txt")}).exitCode, 0);
        CliResult alias = runCli(workspace(), {QStringLiteral("model-alias"), QStringLiteral("ranker:1"), QStringLiteral("production")});
        QCOMPARE(alias.exitCode, 0);
        QCOMPARE(alias.out, QByteArray("ranker@production is version 1\n"));
        alias = runCli(workspace(), {QStringLiteral("model-alias"), QStringLiteral("ranker:2"), QStringLiteral("production")});
        QCOMPARE(alias.out, QByteArray("ranker@production moved from version 1 to version 2\n"));
        QCOMPARE(runCli(workspace(), {QStringLiteral("model-alias"), QStringLiteral("ranker:1"), QStringLiteral("staging")}).exitCode, 0);

        const QString dest = m_dir.path() + QStringLiteral("/prod");
        QDir().mkpath(dest);
        QCOMPARE(runCli(workspace(), {QStringLiteral("model-download"), QStringLiteral("ranker@production"), QStringLiteral("--to"), dest}).exitCode, 0);
        QVERIFY(QFile::exists(dest + QStringLiteral("/model.txt")));
        const CliResult unknownAlias = runCli(workspace(), {QStringLiteral("model-download"), QStringLiteral("ranker@dev"), QStringLiteral("--to"), dest});
        QCOMPARE(unknownAlias.exitCode, 1);
        QVERIFY2(unknownAlias.err.contains("model ranker has no alias dev"), unknownAlias.err.constData());

        QCOMPARE(runCli(workspace(), {QStringLiteral("model-edit"), QStringLiteral("ranker@production"), QStringLiteral("--description"),
                                      QStringLiteral("the one in use"), QStringLiteral("--tag"), QStringLiteral("owner=ml")}).exitCode, 0);
        QJsonArray models = runCli(workspace(), {QStringLiteral("models"), QStringLiteral("--json")}).json().array();
        QJsonObject second;
        for (const auto& m : models)
            if (m.toObject().value(QStringLiteral("name")) == QLatin1String("ranker") && m.toObject().value(QStringLiteral("version")).toInt() == 2)
                second = m.toObject();
        QCOMPARE(second.value(QStringLiteral("aliases")).toArray(), QJsonArray{QStringLiteral("production")});
        QCOMPARE(second.value(QStringLiteral("description")).toString(), QStringLiteral("the one in use"));
        QCOMPARE(second.value(QStringLiteral("tags")).toObject().value(QStringLiteral("owner")).toString(), QStringLiteral("ml"));
        QCOMPARE(second.value(QStringLiteral("run_metrics")).toObject().value(QStringLiteral("accuracy")).toDouble(), 0.91);
        const CliResult table = runCli(workspace(), {QStringLiteral("models")});
        QVERIFY2(table.out.contains("ALIASES") && table.out.contains("production"), table.out.constData());

        QCOMPARE(runCli(workspace(), {QStringLiteral("model-edit"), QStringLiteral("ranker:2"), QStringLiteral("--untag"), QStringLiteral("owner")}).exitCode, 0);
        const CliResult noTag = runCli(workspace(), {QStringLiteral("model-edit"), QStringLiteral("ranker:2"), QStringLiteral("--untag"), QStringLiteral("owner")});
        QCOMPARE(noTag.exitCode, 2);
        QVERIFY2(noTag.err.contains("has no tag owner"), noTag.err.constData());

        for (const QStringList& bad : {QStringList{QStringLiteral("model-alias"), QStringLiteral("ranker"), QStringLiteral("production")},
                                       QStringList{QStringLiteral("model-alias"), QStringLiteral("ranker:2"), QStringLiteral("7")},
                                       QStringList{QStringLiteral("model-alias"), QStringLiteral("ranker:9"), QStringLiteral("production")},
                                       QStringList{QStringLiteral("model-alias"), QStringLiteral("--remove"), QStringLiteral("ranker:1"), QStringLiteral("staging")},
                                       QStringList{QStringLiteral("model-edit"), QStringLiteral("ranker:2")}}) {
            const CliResult refused = runCli(workspace(), bad);
            QVERIFY2(refused.exitCode == 2, qPrintable(bad.join(QLatin1Char(' ')) + QStringLiteral(": ") + QString::fromUtf8(refused.err)));
            QVERIFY2(!refused.err.isEmpty(), qPrintable(bad.join(QLatin1Char(' '))));
        }
        QCOMPARE(runCli(workspace(), {QStringLiteral("model-alias"), QStringLiteral("--remove"), QStringLiteral("ranker"), QStringLiteral("staging")}).exitCode, 0);
        QCOMPARE(runCli(workspace(), {QStringLiteral("model-download"), QStringLiteral("ranker@staging"), QStringLiteral("--to"), dest}).exitCode, 1);
    }

    void registerRefusesPathsOutsideOutputs()
    {
        const QString est = makeProject(m_dir.path() + QStringLiteral("/model2"),
                                        {{QStringLiteral("m.py"), "import os\nos.makedirs('outputs', exist_ok=True)\nopen('outputs/m','w').write('m')\n"
                                                                  "os.symlink('/etc', 'outputs/etc')\n"}},
                                        "entry_script: m.py\n");
        const int modelsBefore = runCli(workspace(), {QStringLiteral("models"), QStringLiteral("--json")}).json().array().size();
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), est, QStringLiteral("--wait")});
        const QString id = QString::fromUtf8(r.out.split('\n').value(0));
        for (const QString& path : {QStringLiteral("../../workspace.db"), QStringLiteral("outputs/../system/stdout.log"),
                                    QStringLiteral("/etc/passwd"), QStringLiteral("logs"), QStringLiteral("outputs/etc/passwd"),
                                    QStringLiteral("outputs/missing")}) {
            const CliResult reg = runCli(workspace(), {QStringLiteral("register-model"), id, QStringLiteral("--name"), QStringLiteral("x"),
                                                       QStringLiteral("--path"), path});
            QVERIFY2(reg.exitCode == 2, qPrintable(path));
            QVERIFY2(!reg.err.isEmpty(), qPrintable(path));
        }
        QCOMPARE(runCli(workspace(), {QStringLiteral("models"), QStringLiteral("--json")}).json().array().size(), modelsBefore);
    }
};

QTEST_GUILESS_MAIN(TestDatasetsAndModels)
#include "TestDatasetsAndModels.moc"
