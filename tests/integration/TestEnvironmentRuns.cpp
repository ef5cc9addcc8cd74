// Runs with pip packages through trainyard-cli and the real environment tool: a venv built from a local
// wheel folder (no index is reachable here, PIP_NO_INDEX keeps pip from trying), reused by later runs that
// ask for the same packages however spelt, rebuilt for a pin change, built once for two runs at the same
// time, a failing install failing its run in Preparing with pip's own words, and a record of what each run
// ran with.
#include <QtTest>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>

#include "LocalWheels.h"
#include "TestSupport.h"

using namespace TestSupport;

namespace {

bool writeWheel(const QString& folder, const QString& name, const QString& version)
{
    QString error;
    if (!LocalWheels::write(folder, name, version, &error))
        qWarning("%s", qPrintable(error));
    return error.isEmpty();
}

const QByteArray kPrintVersions = "import sys\n"
                                  "import tyalpha\n"
                                  "print('tyalpha', tyalpha.__version__)\n"
                                  "print('prefix', sys.prefix)\n"
                                  "print('executable', sys.executable)\n";

} // namespace

class TestEnvironmentRuns : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }
    QString wheels() const { return m_dir.path() + QStringLiteral("/wheels"); }
    QString runFile(const QString& id, const QString& relative) const
    {
        return workspace() + QStringLiteral("/runs/") + id + QLatin1Char('/') + relative;
    }
    // pip never reaches for an index: the target passes PIP_NO_INDEX from the submitting environment.
    static QProcessEnvironment offline()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PIP_NO_INDEX"), QStringLiteral("1"));
        return env;
    }

    QString project(const QString& name, const QByteArray& packagesYaml,
                    const QByteArray& script = kPrintVersions)
    {
        return makeProject(m_dir.path() + QLatin1Char('/') + name, {{QStringLiteral("train.py"), script}},
                           "experiment: env\nentry_script: train.py\n" + packagesYaml);
    }

    CliResult submit(const QString& estimator, bool wait = true)
    {
        QStringList args{QStringLiteral("submit"), estimator};
        if (wait)
            args << QStringLiteral("--wait");
        return runCli(workspace(), args, 300000, offline());
    }

    static QString runId(const CliResult& r)
    {
        return QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
    }

    QJsonObject show(const QString& id) const
    {
        return runCli(workspace(), {QStringLiteral("show"), id, QStringLiteral("--json")}).json().object();
    }

    QJsonObject ranWith(const QString& id) const
    {
        return QJsonDocument::fromJson(readFile(runFile(id, QStringLiteral("system/ran-with.json"))))
            .object();
    }

    QString hashOf(const QString& id) const
    {
        return ranWith(id)
            .value(QStringLiteral("environment"))
            .toObject()
            .value(QStringLiteral("hash"))
            .toString();
    }

    QByteArray buildLog(const QString& id) const
    {
        return readFile(runFile(id, QStringLiteral("system/environment-build.log")));
    }

    // From submit to Running: the Preparing of the run, the environment's build or reuse included.
    qint64 preparingMs(const QString& id) const
    {
        const QJsonObject s = show(id);
        const QDateTime submitted =
            QDateTime::fromString(s.value(QStringLiteral("submitted_at")).toString(), Qt::ISODateWithMs);
        const QDateTime started =
            QDateTime::fromString(s.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
        return submitted.msecsTo(started);
    }

    QString m_firstRun;
    qint64 m_firstPreparingMs = 0;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(writeWheel(wheels(), QStringLiteral("tyalpha"), QStringLiteral("1.0")));
        QVERIFY(writeWheel(wheels(), QStringLiteral("tyalpha"), QStringLiteral("2.0")));
        QVERIFY(writeWheel(wheels(), QStringLiteral("tybeta"), QStringLiteral("1.0")));
        QVERIFY(writeWheel(wheels(), QStringLiteral("tygamma"), QStringLiteral("1.0")));
        QString error;
        QVERIFY2(LocalWheels::writeUninstallable(wheels(), QStringLiteral("tybroken"), QStringLiteral("1.0"),
                                                 &error),
                 qPrintable(error));
        const CliResult set =
            runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                 QStringLiteral("--pip-find-links"), wheels(),
                                 QStringLiteral("--environment"), QStringLiteral("PIP_NO_INDEX"),
                                 QStringLiteral("--max-concurrent-runs"), QStringLiteral("4")});
        QVERIFY2(set.exitCode == 0, set.err.constData());
        const QJsonObject shown = runCli(workspace(), {QStringLiteral("--json"), QStringLiteral("targets"),
                                                       QStringLiteral("show"), QStringLiteral("local")})
                                      .json()
                                      .object();
        QCOMPARE(shown.value(QStringLiteral("pip_find_links")).toArray(), QJsonArray{wheels()});
    }

    void environmentSettingsAreValidated()
    {
        const CliResult bad =
            runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                 QStringLiteral("--pip-system-site-packages"), QStringLiteral("maybe")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("pip_system_site_packages: expected true or false"), bad.err.constData());
        const CliResult engine =
            runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                 QStringLiteral("--container-engine"), QStringLiteral("lxc")});
        QCOMPARE(engine.exitCode, 2);
        QVERIFY2(engine.err.contains("container_engine: expected auto, podman, docker or an absolute path"),
                 engine.err.constData());
        const CliResult dir =
            runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                 QStringLiteral("--environments-dir"), QStringLiteral("relative/envs")});
        QCOMPARE(dir.exitCode, 2);
        QVERIFY2(dir.err.contains("environments_dir: expected an absolute path"), dir.err.constData());
    }

    // A run without packages asks the target nothing in Preparing: no build log, no environment; what it ran
    // with is still recorded.
    void aRunWithoutPackagesNeverCallsTheTool()
    {
        const QString est =
            project(QStringLiteral("plain"), QByteArray(), "import sys\nprint('plain', sys.executable)\n");
        const CliResult r = submit(est);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = runId(r);
        QVERIFY(!QFileInfo::exists(runFile(id, QStringLiteral("system/environment-build.log"))));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(runFile(id, QStringLiteral("system/ran-with.json"))),
                                 10000);
        QVERIFY(ranWith(id).value(QStringLiteral("environment")).isNull());
    }

    void aPipRunImportsItsPackagesInsideTheJob()
    {
        const QString est = project(QStringLiteral("first"), "pip_packages: ['TyAlpha == 1.0', tybeta]\n");
        const CliResult r = submit(est);
        QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
        const QString id = runId(r);
        QVERIFY2(r.out.contains("tyalpha 1.0"), r.out.constData());
        const QByteArray log = buildLog(id);
        QVERIFY2(log.contains("Successfully installed"), log.constData());
        // The build log is one of the run's files.
        const QJsonArray files =
            runCli(workspace(), {QStringLiteral("files"), id, QStringLiteral("--json")}).json().array();
        QStringList paths;
        for (const QJsonValue& f : files)
            paths << f.toObject().value(QStringLiteral("path")).toString();
        QVERIFY2(paths.contains(QStringLiteral("system/environment-build.log")),
                 qPrintable(paths.join(QLatin1Char(','))));

        // What it ran with: the venv's interpreter, this host, the freeze.
        const QJsonObject record = ranWith(id);
        const QJsonObject environment = record.value(QStringLiteral("environment")).toObject();
        const QString prefix = environment.value(QStringLiteral("prefix")).toString();
        QCOMPARE(environment.value(QStringLiteral("hash")).toString().size(), 64);
        QCOMPARE(environment.value(QStringLiteral("manager")).toString(), QStringLiteral("pip"));
        QVERIFY2(prefix.startsWith(workspace() + QStringLiteral("/environments/local/")), qPrintable(prefix));
        QVERIFY2(r.out.contains(QByteArray("prefix " + prefix.toUtf8())), r.out.constData());
        const QJsonObject description = record.value(QStringLiteral("description")).toObject();
        QCOMPARE(description.value(QStringLiteral("interpreter"))
                     .toObject()
                     .value(QStringLiteral("path"))
                     .toString(),
                 prefix + QStringLiteral("/bin/python"));
        QVERIFY(!description.value(QStringLiteral("host"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString()
                     .isEmpty());
        QVERIFY2(record.value(QStringLiteral("freeze")).toString().contains(QStringLiteral("tyalpha==1.0")),
                 qPrintable(record.value(QStringLiteral("freeze")).toString()));
        QVERIFY(readFile(runFile(id, QStringLiteral("system/pip-freeze.txt"))).contains("tybeta==1.0"));
        // The job's variables, as recorded for it.
        bool sawVirtualEnv = false;
        for (const QJsonValue& v : record.value(QStringLiteral("variables")).toArray())
            sawVirtualEnv |=
                v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("VIRTUAL_ENV") &&
                v.toObject().value(QStringLiteral("value")).toString() == prefix;
        QVERIFY(sawVirtualEnv);
        QCOMPARE(
            show(id).value(QStringLiteral("environment")).toObject().value(QStringLiteral("hash")).toString(),
            environment.value(QStringLiteral("hash")).toString());
        QVERIFY2(!log.contains("could not record"), log.constData());
        m_firstRun = id;
        m_firstPreparingMs = preparingMs(id);
    }

    // Another estimator listing the same packages in another order and spelling reuses the environment.
    void theSamePackagesOtherwiseWrittenReuseTheEnvironment()
    {
        QVERIFY(!m_firstRun.isEmpty());
        const QString est = project(QStringLiteral("second"), "pip_packages: [TYBETA, ' tyalpha==1.0 ']\n");
        const CliResult r = submit(est);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = runId(r);
        QVERIFY2(r.out.contains("tyalpha 1.0"), r.out.constData());
        QCOMPARE(hashOf(id), hashOf(m_firstRun));
        // The workspace links both runs to that one environment.
        QCOMPARE(
            show(id).value(QStringLiteral("environment")).toObject().value(QStringLiteral("hash")).toString(),
            hashOf(m_firstRun));
        const QByteArray log = buildLog(id);
        QVERIFY2(!log.contains("Successfully installed"), log.constData());
        QVERIFY2(
            preparingMs(id) < m_firstPreparingMs,
            qPrintable(
                QStringLiteral("reuse %1 ms, build %2 ms").arg(preparingMs(id)).arg(m_firstPreparingMs)));
    }

    void aPinChangeBuildsAnotherEnvironment()
    {
        QVERIFY(!m_firstRun.isEmpty());
        const QString est = project(QStringLiteral("pinned"), "pip_packages: [tyalpha==2.0, tybeta]\n");
        const CliResult r = submit(est);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = runId(r);
        QVERIFY2(r.out.contains("tyalpha 2.0"), r.out.constData());
        QVERIFY(!hashOf(id).isEmpty());
        QVERIFY(hashOf(id) != hashOf(m_firstRun));
        QVERIFY(buildLog(id).contains("Successfully installed"));
    }

    // pip's own error reaches the run's error, the run fails in Preparing, and the next submit tries again.
    void aFailingInstallFailsThePreparing()
    {
        const QString est = project(QStringLiteral("broken"), "pip_packages: [tybroken]\n");
        const QString pipsError = QStringLiteral("Could not find a version that satisfies the requirement ") +
                                  LocalWheels::missingRequirement();
        for (int attempt = 0; attempt < 2; ++attempt) {
            const CliResult r = submit(est);
            QVERIFY(r.exitCode != 0);
            const QString id = runId(r);
            const QJsonObject s = waitForStatus(workspace(), id, {QStringLiteral("Failed")});
            QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
            QVERIFY(s.value(QStringLiteral("started_at")).isNull()); // never Running
            const QString error = s.value(QStringLiteral("error")).toString();
            QVERIFY2(error.startsWith(QStringLiteral("environment build failed: ")), qPrintable(error));
            QVERIFY2(error.contains(pipsError), qPrintable(error));
            const CliResult human = runCli(workspace(), {QStringLiteral("show"), id});
            QVERIFY2(human.out.contains(pipsError.toUtf8()), human.out.constData());
            // Not reused: each attempt builds, and fails, again.
            QVERIFY2(buildLog(id).contains("Could not find a version"), buildLog(id).constData());
            QVERIFY(!QFileInfo::exists(runFile(id, QStringLiteral("system/stdout.log"))));
        }
    }

    // Two runs that need the same missing environment at once: one builds, the other waits for it and reuses
    // it; the runs table shows what the build is doing meanwhile.
    void twoRunsAtOnceBuildOnce()
    {
        const QString a = project(QStringLiteral("together-a"), "pip_packages: [tygamma, tyalpha]\n");
        const QString b = project(QStringLiteral("together-b"), "pip_packages: [TyAlpha, TyGamma]\n");
        const CliResult ra = submit(a, false);
        const CliResult rb = submit(b, false);
        QVERIFY2(ra.exitCode == 0 && rb.exitCode == 0, QByteArray(ra.err + rb.err).constData());
        const QString idA = runId(ra);
        const QString idB = runId(rb);
        static const QRegularExpression building(
            QStringLiteral("^building environment [0-9a-f]{12}, \\d+ s$"));
        bool sawProgress = false;
        QElapsedTimer timer;
        timer.start();
        QStringList statuses;
        while (timer.elapsed() < 240000) {
            statuses.clear();
            for (const QString& id : {idA, idB}) {
                const QJsonObject s = show(id);
                statuses << s.value(QStringLiteral("status")).toString();
                sawProgress |=
                    building.match(s.value(QStringLiteral("waiting_reason")).toString()).hasMatch();
            }
            if (statuses.count(QStringLiteral("Completed")) + statuses.count(QStringLiteral("Failed")) == 2)
                break;
            QThread::msleep(50);
        }
        QCOMPARE(statuses, (QStringList{QStringLiteral("Completed"), QStringLiteral("Completed")}));
        QVERIFY(sawProgress);
        QCOMPARE(hashOf(idA), hashOf(idB));
        const QByteArray logA = buildLog(idA);
        const QByteArray logB = buildLog(idB);
        QCOMPARE(int(logA.contains("Successfully installed")) + int(logB.contains("Successfully installed")),
                 1);
        const QByteArray& waiter = logA.contains("Successfully installed") ? logB : logA;
        QVERIFY2(waiter.contains(QByteArray("waiting for environment " + hashOf(idA).left(12).toUtf8() +
                                            " (built by another run)")),
                 waiter.constData());
    }

    // The record is made as soon as the job is seen running, not at its end.
    void whatARunRanWithIsRecordedWhileItRuns()
    {
        const QString release = m_dir.path() + QStringLiteral("/release-the-job");
        const QString est = project(QStringLiteral("running"), "pip_packages: [tyalpha==1.0, tybeta]\n",
                                    "import os, sys, time\n"
                                    "while not os.path.exists(sys.argv[1]):\n"
                                    "    time.sleep(0.05)\n"
                                    "print('released')\n");
        QVERIFY(writeFile(est, readFile(est) + "script_params: {" + release.toUtf8() + ": ''}\n"));
        const CliResult r = submit(est, false);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = runId(r);
        // Whatever fails below, the job is let go.
        const auto releaseTheJob = qScopeGuard([&] { writeFile(release, "go"); });
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(runFile(id, QStringLiteral("system/ran-with.json"))),
                                 60000);
        QCOMPARE(show(id).value(QStringLiteral("status")).toString(), QStringLiteral("Running"));
        QCOMPARE(hashOf(id), hashOf(m_firstRun));
        QVERIFY(writeFile(release, "go"));
        QCOMPARE(waitForStatus(workspace(), id, {QStringLiteral("Completed"), QStringLiteral("Failed")})
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("Completed"));
    }

    // What a run ran with is a record, not a condition: when the target's interpreter cannot even run the
    // environment tool, a shell job still runs and completes, and the record says why it is missing.
    void aFailedDescribeNeverFailsTheRun()
    {
        const CliResult set =
            runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("nopython"),
                                 QStringLiteral("--python"), QStringLiteral("/nonexistent/python3")});
        QVERIFY2(set.exitCode == 0, set.err.constData());
        const QString est = makeProject(m_dir.path() + QStringLiteral("/shell"),
                                        {{QStringLiteral("run.sh"), "echo shell-ran\n"}},
                                        "experiment: env\nentry_script: run.sh\ncompute_target: nopython\n");
        const CliResult r = submit(est);
        QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
        QVERIFY(r.out.contains("shell-ran"));
        const QString id = runId(r);
        QCOMPARE(show(id).value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        const QString error = ranWith(id).value(QStringLiteral("error")).toString();
        QVERIFY2(error.startsWith(QStringLiteral("cannot describe the run's environment: ")) &&
                     error.contains(QStringLiteral("/nonexistent/python3")),
                 qPrintable(error));
    }

    // "Use the interpreter as it is": listed packages are not installed, nothing is built.
    void userManagedDependenciesBuildNothing()
    {
        const QString est =
            project(QStringLiteral("managed"), "pip_packages: [tyalpha]\nuser_managed_dependencies: true\n",
                    "import sys\nprint('managed', sys.executable)\n");
        const CliResult r = submit(est);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString id = runId(r);
        QVERIFY2(r.out.contains(QByteArray("managed " + systemPython().toUtf8())), r.out.constData());
        QVERIFY(!QFileInfo::exists(runFile(id, QStringLiteral("system/environment-build.log"))));
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentRuns)
#include "TestEnvironmentRuns.moc"
