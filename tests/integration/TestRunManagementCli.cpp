// tag, untag, note, rename, archive, unarchive and delete through trainyard-cli on runs really submitted and
// finished: what they record is what `show` (text and --json) reads back, invalid input exits 2 naming it and
// changes nothing, a live run is never deleted, and delete asks on a terminal and refuses without --yes
// elsewhere.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "TestSupport.h"

using namespace TestSupport;

class TestRunManagementCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QStringList m_runs; // two finished runs, in submission order
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }

    CliResult cli(const QStringList& args) { return runCli(workspace(), args); }
    QJsonObject show(const QString& id)
    {
        return cli({QStringLiteral("--json"), QStringLiteral("show"), id}).json().object();
    }

    QString submitAndWait(const QString& project, const QByteArray& script)
    {
        const QString estimator =
            makeProject(m_dir.path() + QLatin1Char('/') + project, {{QStringLiteral("train.py"), script}},
                        "entry_script: train.py\nscript_params:\n  --regularization: 0.1\n");
        const CliResult r = cli({QStringLiteral("submit"), estimator, QStringLiteral("--wait")});
        if (r.exitCode != 0)
            qWarning("submit: %s", r.err.constData());
        return QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QByteArray script = "import os, sys\nos.makedirs('outputs', exist_ok=True)\n"
                                  "open('outputs/model.pkl', 'w').write('weights')\nprint('accuracy', 0.9)\n";
        for (const QString& project : {QStringLiteral("first"), QStringLiteral("second")}) {
            const QString id = submitAndWait(project, script);
            QVERIFY(!id.isEmpty());
            QCOMPARE(show(id).value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
            m_runs << id;
        }
    }

    void tagAndUntag()
    {
        const QString id = m_runs.at(0);
        CliResult r =
            cli({QStringLiteral("--json"), QStringLiteral("tag"), id, QStringLiteral("stage=dev"),
                 QStringLiteral("owner=ana"), QStringLiteral("formula=a=b"), QStringLiteral("empty=")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject expected{{QStringLiteral("stage"), QStringLiteral("dev")},
                                   {QStringLiteral("owner"), QStringLiteral("ana")},
                                   {QStringLiteral("formula"), QStringLiteral("a=b")},
                                   {QStringLiteral("empty"), QString()}};
        QCOMPARE(r.json().object().value(QStringLiteral("tags")).toObject(), expected);
        QCOMPARE(show(id).value(QStringLiteral("tags")).toObject(), expected);
        r = cli({QStringLiteral("show"), id});
        QVERIFY2(r.out.contains("Tags\n") && r.out.contains("  stage = dev\n") &&
                     r.out.contains("  formula = a=b\n"),
                 r.out.constData());

        // A new value replaces the old one.
        QCOMPARE(cli({QStringLiteral("tag"), id, QStringLiteral("stage=prod")}).exitCode, 0);
        QCOMPARE(show(id).value(QStringLiteral("tags")).toObject().value(QStringLiteral("stage")).toString(),
                 QStringLiteral("prod"));

        // Bad names and a bare name are refused, and none of the other tags of the command is written.
        for (const QStringList& bad : {QStringList{QStringLiteral("ok=1"), QStringLiteral("stage")},
                                       QStringList{QStringLiteral("ok=1"), QStringLiteral("two words=x")},
                                       QStringList{QStringLiteral("ok=1"), QStringLiteral("=x")}}) {
            r = cli(QStringList{QStringLiteral("tag"), id} + bad);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("usage: trainyard-cli tag RUN NAME=VALUE..."), r.err.constData());
            QVERIFY(!show(id).value(QStringLiteral("tags")).toObject().contains(QStringLiteral("ok")));
        }
        r = cli({QStringLiteral("tag"), id, QStringLiteral("stage")});
        QVERIFY2(r.err.contains("tag \"stage\": expected NAME=VALUE (NAME= for an empty value)"),
                 r.err.constData());
        r = cli({QStringLiteral("tag"), QStringLiteral("nope_9"), QStringLiteral("a=b")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown run nope_9"), r.err.constData());
        r = cli({QStringLiteral("tag"), id});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("expected at least 2 argument(s)"), r.err.constData());

        // untag: all named tags, or none when one is missing.
        r = cli({QStringLiteral("untag"), id, QStringLiteral("owner"), QStringLiteral("nothere")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(
            r.err.contains(QStringLiteral("run %1 has no tag nothere; nothing was removed").arg(id).toUtf8()),
            r.err.constData());
        QVERIFY(show(id).value(QStringLiteral("tags")).toObject().contains(QStringLiteral("owner")));
        r = cli({QStringLiteral("--json"), QStringLiteral("untag"), id, QStringLiteral("owner"),
                 QStringLiteral("formula"), QStringLiteral("empty")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject left{{QStringLiteral("stage"), QStringLiteral("prod")}};
        QCOMPARE(r.json().object().value(QStringLiteral("tags")).toObject(), left);
        QCOMPARE(show(id).value(QStringLiteral("tags")).toObject(), left);
    }

    void noteAndRename()
    {
        const QString id = m_runs.at(0);
        CliResult r = cli({QStringLiteral("note"), id, QStringLiteral("baseline with the old split")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(show(id).value(QStringLiteral("note")).toString(),
                 QStringLiteral("baseline with the old split"));
        // From stdin, several lines, without the last line end.
        r = runCliWithInput(workspace(), {QStringLiteral("note"), id, QStringLiteral("-")},
                            "line one\nline two\n");
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(show(id).value(QStringLiteral("note")).toString(), QStringLiteral("line one\nline two"));
        r = cli({QStringLiteral("show"), id});
        QVERIFY2(r.out.contains("Note\n  line one\n  line two\n"), r.out.constData());

        r = cli({QStringLiteral("--json"), QStringLiteral("rename"), id, QStringLiteral("  baseline  ")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().object().value(QStringLiteral("name")).toString(), QStringLiteral("baseline"));
        QCOMPARE(show(id).value(QStringLiteral("name")).toString(), QStringLiteral("baseline"));
        r = cli({QStringLiteral("show"), id});
        QVERIFY2(r.out.contains("Name        baseline\n"), r.out.constData());
        r = cli({QStringLiteral("rename"), id, QStringLiteral("two\nlines")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("a run's name is one line"), r.err.constData());
        QCOMPARE(show(id).value(QStringLiteral("name")).toString(), QStringLiteral("baseline"));
        r = cli({QStringLiteral("rename"), QStringLiteral("nope_9"), QStringLiteral("x")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown run nope_9"), r.err.constData());

        // Empty clears both; show --json says null.
        QCOMPARE(cli({QStringLiteral("rename"), id, QString()}).exitCode, 0);
        QCOMPARE(cli({QStringLiteral("note"), id, QString()}).exitCode, 0);
        const QJsonObject cleared = show(id);
        QVERIFY(cleared.value(QStringLiteral("name")).isNull());
        QVERIFY(cleared.value(QStringLiteral("note")).isNull());
        QVERIFY(!cli({QStringLiteral("show"), id}).out.contains("Name "));
    }

    void archiveAndUnarchive()
    {
        QVERIFY(!show(m_runs.at(0)).value(QStringLiteral("archived")).toBool());
        CliResult r = cli({QStringLiteral("archive"), m_runs.at(0), QStringLiteral("nope_9"), m_runs.at(1)});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown run nope_9; nothing was changed"), r.err.constData());
        QVERIFY(!show(m_runs.at(0)).value(QStringLiteral("archived")).toBool());

        r = cli({QStringLiteral("--json"), QStringLiteral("archive"), m_runs.at(0), m_runs.at(1)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json().object().value(QStringLiteral("archived")).toArray(),
                 QJsonArray::fromStringList(m_runs));
        QVERIFY(show(m_runs.at(0)).value(QStringLiteral("archived")).toBool());
        QVERIFY(show(m_runs.at(1)).value(QStringLiteral("archived")).toBool());
        QVERIFY(cli({QStringLiteral("show"), m_runs.at(1)}).out.contains("Archived    yes\n"));
        r = cli({QStringLiteral("unarchive"), m_runs.at(0), m_runs.at(1)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!show(m_runs.at(0)).value(QStringLiteral("archived")).toBool());
        QVERIFY(!show(m_runs.at(1)).value(QStringLiteral("archived")).toBool());
    }

    void helpNamesTheNewCommands()
    {
        const CliResult r = cli({QStringLiteral("--help")});
        for (const char* line :
             {"tag RUN NAME=VALUE...", "untag RUN NAME...", "note RUN TEXT", "rename RUN NAME",
              "archive RUN...", "unarchive RUN...", "delete RUN... [--yes]"})
            QVERIFY2(r.out.contains(line), line);
        QVERIFY(cli({QStringLiteral("help"), QStringLiteral("tag")}).out.contains("A bare NAME is refused"));
    }

    void deleteRefusesALiveRunAndAsks()
    {
        // A live run: refused by name, and the finished run named with it is not deleted either.
        const QString estimator = makeProject(
            m_dir.path() + QStringLiteral("/sleeper"),
            {{QStringLiteral("train.py"), "import time\ntime.sleep(300)\n"}}, "entry_script: train.py\n");
        const QString live = QString::fromUtf8(cli({QStringLiteral("submit"), estimator}).out).trimmed();
        QVERIFY(!live.isEmpty());
        QCOMPARE(waitForStatus(workspace(), live, {QStringLiteral("Running")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("Running"));
        CliResult r = cli({QStringLiteral("delete"), m_runs.at(1), live, QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(
            r.err.contains(
                QStringLiteral("run %1 is Running: cancel it first; nothing was deleted").arg(live).toUtf8()),
            r.err.constData());
        QCOMPARE(show(m_runs.at(1)).value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QCOMPARE(cli({QStringLiteral("cancel"), live}).exitCode, 0);
        QCOMPARE(waitForStatus(workspace(), live, {QStringLiteral("Canceled")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("Canceled"));

        // Not a terminal and no --yes: refused, nothing deleted.
        r = cli({QStringLiteral("delete"), m_runs.at(1)});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("add --yes"), r.err.constData());
        QVERIFY(QFileInfo::exists(workspace() + QStringLiteral("/runs/") + m_runs.at(1)));

        // On a terminal: asked, and "n" deletes nothing.
        const QStringList command{binDir() + QStringLiteral("/trainyard-cli"),
                                  QStringLiteral("--workspace"),
                                  workspace(),
                                  QStringLiteral("delete"),
                                  m_runs.at(1),
                                  live};
        r = runOnTerminal(command, "Delete 2 runs and their files? [y/N] ", "n\n");
        QVERIFY2(r.exitCode == 1, r.out.constData());
        QVERIFY2(r.out.contains("nothing was deleted"), r.out.constData());
        QCOMPARE(show(live).value(QStringLiteral("status")).toString(), QStringLiteral("Canceled"));

        // Registered as a model first: deleting says the model keeps its files.
        QCOMPARE(cli({QStringLiteral("register-model"), m_runs.at(1), QStringLiteral("--name"),
                      QStringLiteral("clf"), QStringLiteral("--path"), QStringLiteral("outputs/model.pkl")})
                     .exitCode,
                 0);
        r = runOnTerminal(command, "Delete 2 runs and their files? [y/N] ", "y\n");
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY2(r.out.contains(QStringLiteral("Deleted run %1").arg(m_runs.at(1)).toUtf8()),
                 r.out.constData());
        QVERIFY2(r.out.contains("model clf:1 keeps its own copy of the files"), r.out.constData());
        for (const QString& id : {m_runs.at(1), live}) {
            r = cli({QStringLiteral("show"), id});
            QCOMPARE(r.exitCode, 2);
            QVERIFY(!QFileInfo::exists(workspace() + QStringLiteral("/runs/") + id));
        }
        QVERIFY(QDir(workspace() + QStringLiteral("/runs"))
                    .entryList({QStringLiteral(".deleting-*")}, QDir::AllEntries | QDir::Hidden)
                    .isEmpty());
        const QString download = m_dir.path() + QStringLiteral("/clf");
        r = cli(
            {QStringLiteral("model-download"), QStringLiteral("clf:1"), QStringLiteral("--to"), download});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // --json and --yes; an unknown run deletes nothing.
        r = cli({QStringLiteral("delete"), m_runs.at(0), QStringLiteral("nope_9"), QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown run nope_9"), r.err.constData());
        QCOMPARE(show(m_runs.at(0)).value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        r = cli({QStringLiteral("--json"), QStringLiteral("delete"), m_runs.at(0), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject result = r.json().array().at(0).toObject();
        QCOMPARE(result.value(QStringLiteral("run")).toString(), m_runs.at(0));
        QVERIFY(result.value(QStringLiteral("deleted")).toBool());
        QVERIFY(result.value(QStringLiteral("error")).isNull());
        QCOMPARE(cli({QStringLiteral("--json"), QStringLiteral("runs")}).json().array().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRunManagementCli)
#include "TestRunManagementCli.moc"
