// Runs in container images (custom_docker_image) end to end through trainyard-cli and the detached runner,
// with real podman on the local target and test images built from this machine's own files: outputs, the
// helper's metrics and the exit code come out of the container as without one, cancel leaves no container,
// and a missing engine or an image that cannot be pulled fails the run in Preparing with the reason.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <unistd.h>

#include "ContainerImages.h"
#include "TestSupport.h"

using namespace TestSupport;

class TestContainerRuns : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }
    QString project(const QString& name) const { return m_dir.path() + QLatin1Char('/') + name; }

    QString submit(const QString& estimator, CliResult* result = nullptr)
    {
        const CliResult r = runCli(workspace(), {QStringLiteral("submit"), estimator});
        if (result)
            *result = r;
        if (r.exitCode != 0)
            qWarning() << "submit exit" << r.exitCode << r.err.left(2000);
        return QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
    }

    QJsonObject waitForEnd(const QString& id, int timeoutMs = 180000)
    {
        return waitForStatus(workspace(), id, {QStringLiteral("Completed"), QStringLiteral("Failed"), QStringLiteral("Canceled")},
                             timeoutMs);
    }

    QStringList runFiles(const QString& id)
    {
        QStringList paths;
        for (const auto& f : runCli(workspace(), {QStringLiteral("files"), id, QStringLiteral("--json")}).json().array())
            paths << f.toObject().value(QStringLiteral("path")).toString();
        return paths;
    }

    // `podman ps -a` for the run's container: empty once nothing of it is left, running or stopped.
    QByteArray containersOf(const QString& id)
    {
        const CliResult r = runProgram(ContainerImages::podman(), {QStringLiteral("ps"), QStringLiteral("-a"), QStringLiteral("-q"),
                                                                   QStringLiteral("--filter"), QStringLiteral("name=trainyard-") + id});
        return r.exitCode == 0 ? r.out.trimmed() : QByteArray("podman ps failed: ") + r.err;
    }

    static QString describe(const QJsonObject& show)
    {
        return QString::fromUtf8(QJsonDocument(show).toJson(QJsonDocument::Compact)).left(3000);
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(ContainerImages::ensureBusybox(&error), qPrintable(error));
        QVERIFY2(ContainerImages::ensurePython(&error), qPrintable(error));
        // A short grace period: a job that is its container's init ignores SIGTERM, so cancel ends in the
        // engine's kill.
        QCOMPARE(runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("local"),
                                      QStringLiteral("--cancel-grace-seconds"), QStringLiteral("2")}).exitCode, 0);
    }

    // A Python job in the image: its output file is the run's, its metric logged through the helper is the
    // run's, and its exit code 3 fails the run with exit code 3.
    void pythonJobInImage()
    {
        const QString est = makeProject(
            project(QStringLiteral("py")),
            {{QStringLiteral("train.py"),
              "import os, sys, trainyard\n"
              "inside = not os.path.exists('/usr/bin/apt-get')\n"
              "open('outputs/x.txt', 'w').write('inside=%s python=%s' % (inside, sys.version.split()[0]))\n"
              "trainyard.log('acc', 0.75, step=1)\n"
              "trainyard.log('acc', 0.8, step=2)\n"
              "print('value-from-host', os.environ.get('MY_SETTING'), flush=True)\n"
              "sys.exit(3)\n"}},
            QByteArray("experiment: ctr\nentry_script: train.py\ncustom_docker_image: ") + ContainerImages::kPython
                + "\nenvironment_variables: {MY_SETTING: \"hello container\"}\n");
        const QString id = submit(est);
        QVERIFY(!id.isEmpty());
        const QJsonObject show = waitForEnd(id);
        QCOMPARE(show.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QCOMPARE(show.value(QStringLiteral("exit_code")).toInt(-1), 3);
        QVERIFY2(show.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("acc")).toDouble() == 0.8, qPrintable(describe(show)));
        const QJsonObject metrics = runCli(workspace(), {QStringLiteral("metrics"), id, QStringLiteral("--json")}).json().object();
        QCOMPARE(metrics.value(QStringLiteral("acc")).toArray().size(), 2);
        QVERIFY2(runFiles(id).contains(QStringLiteral("outputs/x.txt")), qPrintable(runFiles(id).join(QLatin1Char(','))));
        const QByteArray written = readFile(workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/work/outputs/x.txt"));
        QVERIFY2(written.startsWith("inside=True python=3.11"), written.constData());
        const CliResult logs = runCli(workspace(), {QStringLiteral("logs"), id});
        QVERIFY2(logs.out.contains("value-from-host hello container"), logs.out.constData());
        QCOMPARE(containersOf(id), QByteArray());
        // What it ran with: the image and the interpreter inside it, the host outside.
        const QJsonObject ranWith =
            QJsonDocument::fromJson(readFile(workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/system/ran-with.json"))).object();
        QCOMPARE(ranWith.value(QStringLiteral("image")).toObject().value(QStringLiteral("ref")).toString(), QString::fromLatin1(ContainerImages::kPython));
        const QJsonObject description = ranWith.value(QStringLiteral("description")).toObject();
        QVERIFY2(description.value(QStringLiteral("image")).toObject().value(QStringLiteral("id")).toString().startsWith(QStringLiteral("sha256:")),
                 qPrintable(describe(ranWith)));
        QVERIFY(description.value(QStringLiteral("interpreter")).toObject().value(QStringLiteral("version")).toString().startsWith(QStringLiteral("3.11.")));
        QCOMPARE(description.value(QStringLiteral("host")).toObject().value(QStringLiteral("name")).toString(), QSysInfo::machineHostName());
    }

    // What a run ran with in an image is asked of a container once per image id: the next run of the same
    // image takes it from the environments folder (a marker written into that record shows it was read).
    void imageDescriptionIsKeptPerImageId()
    {
        const QString est = makeProject(project(QStringLiteral("described")), {{QStringLiteral("train.py"), "print('described')\n"}},
                                        QByteArray("experiment: ctr\nentry_script: train.py\ncustom_docker_image: ")
                                            + ContainerImages::kPython + "\n");
        const QString first = submit(est);
        QCOMPARE(waitForEnd(first).value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        const QJsonObject firstRan = QJsonDocument::fromJson(readFile(workspace() + QStringLiteral("/runs/") + first
                                                                      + QStringLiteral("/system/ran-with.json")))
                                         .object();
        const QString imageId = firstRan.value(QStringLiteral("image")).toObject().value(QStringLiteral("id")).toString();
        QVERIFY2(!imageId.isEmpty(), qPrintable(describe(firstRan)));
        const QString cache = workspace() + QStringLiteral("/environments/local/image-") + imageId.section(QLatin1Char(':'), -1).left(12)
                              + QStringLiteral("/.trainyard-describe.json");
        QJsonObject known = QJsonDocument::fromJson(readFile(cache)).object();
        QVERIFY2(known.value(QStringLiteral("interpreter")).toObject().value(QStringLiteral("version")).toString().startsWith(
                     QStringLiteral("3.11")),
                 qPrintable(cache));
        known.insert(QStringLiteral("freeze"), QStringLiteral("kept-per-image==1\n"));
        QFile file(cache);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(known).toJson());
        file.close();

        const QString second = submit(est);
        QCOMPARE(waitForEnd(second).value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
        QCOMPARE(readFile(workspace() + QStringLiteral("/runs/") + second + QStringLiteral("/system/pip-freeze.txt")),
                 QByteArray("kept-per-image==1\n"));
    }

    // A shell job in the busybox image (no Python in it): it runs and completes.
    void shellJobInBusyboxImage()
    {
        const QString est = makeProject(project(QStringLiteral("sh")),
                                        {{QStringLiteral("run.sh"),
                                          "busybox | head -n 1 > outputs/who.txt\n"
                                          "echo \"shell says $MY_SETTING\"\n"
                                          "test -e /usr/bin/apt-get && exit 9\n"
                                          "exit 0\n"}},
                                        QByteArray("experiment: ctr\nentry_script: run.sh\ncustom_docker_image: ")
                                            + ContainerImages::kBusybox + "\nenvironment_variables: {MY_SETTING: hi}\n");
        const QString id = submit(est);
        QVERIFY(!id.isEmpty());
        const QJsonObject show = waitForEnd(id);
        QVERIFY2(show.value(QStringLiteral("status")).toString() == QLatin1String("Completed"), qPrintable(describe(show)));
        QCOMPARE(show.value(QStringLiteral("exit_code")).toInt(-1), 0);
        QVERIFY(readFile(workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/work/outputs/who.txt")).startsWith("BusyBox"));
        QVERIFY(runCli(workspace(), {QStringLiteral("logs"), id}).out.contains("shell says hi"));
        QCOMPARE(containersOf(id), QByteArray());
    }

    // Cancel of a job sleeping in its container: the run is Canceled and no container is left.
    void cancelLeavesNoContainer()
    {
        const QString est = makeProject(project(QStringLiteral("sleep")),
                                        {{QStringLiteral("sleep.py"), "import time\nprint('sleeping', flush=True)\ntime.sleep(300)\n"}},
                                        QByteArray("experiment: ctr\nentry_script: sleep.py\ncustom_docker_image: ") + ContainerImages::kPython + "\n");
        const QString id = submit(est);
        QVERIFY(!id.isEmpty());
        QCOMPARE(waitForStatus(workspace(), id, {QStringLiteral("Running")}, 120000).value(QStringLiteral("status")).toString(),
                 QStringLiteral("Running"));
        const QString stdoutLog = workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/system/stdout.log");
        QTRY_VERIFY_WITH_TIMEOUT(readFile(stdoutLog).contains("sleeping"), 60000);
        QVERIFY(!containersOf(id).isEmpty()); // the container runs now
        // The node's sampler samples the host, from the host: it runs in this machine's pid namespace, beside
        // the engine's client, not in the container.
        const QString systemDir = workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/system");
        QTRY_VERIFY_WITH_TIMEOUT(QDir(systemDir + QStringLiteral("/nodes")).entryList({QStringLiteral("*.jsonl")}, QDir::Files).size() == 1
                                     && QFileInfo(QDir(systemDir + QStringLiteral("/nodes")).entryInfoList({QStringLiteral("*.jsonl")}).first()).size() > 0,
                                 30000);
        QString samplerPid;
        for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            const QList<QByteArray> args = readFile(QStringLiteral("/proc/") + entry + QStringLiteral("/cmdline")).split('\0');
            if (args.size() > 1 && args.at(1).endsWith("trainyard_sample.py") && args.contains(systemDir.toUtf8()))
                samplerPid = entry;
        }
        QVERIFY(!samplerPid.isEmpty());
        const auto pidNamespace = [](const QString& pid) {
            char target[128] = {};
            const ssize_t n = ::readlink(QFile::encodeName(QStringLiteral("/proc/") + pid + QStringLiteral("/ns/pid")).constData(),
                                         target, sizeof target - 1);
            return n > 0 ? QByteArray(target, int(n)) : QByteArray();
        };
        QVERIFY(!pidNamespace(samplerPid).isEmpty());
        QCOMPARE(pidNamespace(samplerPid), pidNamespace(QStringLiteral("self")));
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject show = waitForEnd(id, 60000);
        QVERIFY2(show.value(QStringLiteral("status")).toString() == QLatin1String("Canceled"), qPrintable(describe(show)));
        QCOMPARE(containersOf(id), QByteArray());
    }

    // The container's init (catatonit) passes a cancel's SIGTERM on to a job that has no handler of its own:
    // the run ends at once, long before this target's 300 s grace period would have the engine kill it.
    void cancelReachesAJobWithoutAHandler()
    {
        QCOMPARE(runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("patient"), QStringLiteral("--kind"),
                                      QStringLiteral("local"), QStringLiteral("--cancel-grace-seconds"), QStringLiteral("300")})
                     .exitCode,
                 0);
        const QString est = makeProject(project(QStringLiteral("patient")),
                                        {{QStringLiteral("sleep.py"), "import time\nprint('sleeping', flush=True)\ntime.sleep(600)\n"}},
                                        QByteArray("experiment: ctr\nentry_script: sleep.py\ncompute_target: patient\ncustom_docker_image: ")
                                            + ContainerImages::kPython + "\n");
        const QString id = submit(est);
        QVERIFY(!id.isEmpty());
        const QString stdoutLog = workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/system/stdout.log");
        QTRY_VERIFY_WITH_TIMEOUT(readFile(stdoutLog).contains("sleeping"), 120000);
        QCOMPARE(runCli(workspace(), {QStringLiteral("cancel"), id}).exitCode, 0);
        const QJsonObject show = waitForEnd(id, 60000);
        QVERIFY2(show.value(QStringLiteral("status")).toString() == QLatin1String("Canceled"), qPrintable(describe(show)));
        QCOMPARE(containersOf(id), QByteArray());
    }

    // An engine that is not there: the run fails in Preparing (it never ran) and says why.
    void missingEngineFailsInPreparing()
    {
        QCOMPARE(runCli(workspace(), {QStringLiteral("targets"), QStringLiteral("set"), QStringLiteral("noengine"), QStringLiteral("--kind"),
                                      QStringLiteral("local"), QStringLiteral("--container-engine"), QStringLiteral("/nonexistent/podman")})
                     .exitCode,
                 0);
        const QString est = makeProject(project(QStringLiteral("noengine")), {{QStringLiteral("train.py"), "print('never')\n"}},
                                        QByteArray("experiment: ctr\nentry_script: train.py\ncompute_target: noengine\ncustom_docker_image: ")
                                            + ContainerImages::kPython + "\n");
        const QString id = submit(est);
        QVERIFY(!id.isEmpty());
        const QJsonObject show = waitForEnd(id);
        QCOMPARE(show.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        const QString error = show.value(QStringLiteral("error")).toString();
        QVERIFY2(error.contains(QStringLiteral("custom_docker_image needs podman or docker on target noengine")), qPrintable(describe(show)));
        QVERIFY2(error.contains(QStringLiteral("/nonexistent/podman")), qPrintable(error));
        QVERIFY2(show.value(QStringLiteral("started_at")).toString().isEmpty(), qPrintable(describe(show)));
    }

    // An image that is neither here nor pullable (no registry is reachable): Failed in Preparing with the
    // engine's own reason.
    void unpullableImageFailsInPreparing()
    {
        const QString est = makeProject(project(QStringLiteral("nopull")), {{QStringLiteral("train.py"), "print('never')\n"}},
                                        "experiment: ctr\nentry_script: train.py\ncustom_docker_image: localhost/trainyard-test-missing:1\n");
        const QString id = submit(est);
        QVERIFY(!id.isEmpty());
        const QJsonObject show = waitForEnd(id);
        QCOMPARE(show.value(QStringLiteral("status")).toString(), QStringLiteral("Failed"));
        QVERIFY2(show.value(QStringLiteral("error")).toString().contains(QStringLiteral("cannot pull image localhost/trainyard-test-missing:1: ")),
                 qPrintable(describe(show)));
        QVERIFY2(show.value(QStringLiteral("started_at")).toString().isEmpty(), qPrintable(describe(show)));
        QVERIFY(readFile(workspace() + QStringLiteral("/runs/") + id + QStringLiteral("/system/environment-build.log")).contains("pulling image"));
    }
};

QTEST_GUILESS_MAIN(TestContainerRuns)
#include "TestContainerRuns.moc"
