// The environment tool's image branch (resources/env/trainyard_container.py) run for real: the tool as it
// is shipped, with real podman and the test images. Engine choice and its error, the pull of a missing image
// and its error, an image's id and digest, the image's python3 (or none), a pip environment built inside the
// image from a local wheel and reused, and describe answering from inside the image.
#include <QtTest>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include "ContainerImages.h"
#include "TestSupport.h"

using namespace TestSupport;

namespace {
struct ToolRun
{
    int exitCode = -1;
    QStringList lines; // what it printed before its reply
    QJsonObject reply;
};
} // namespace

class TestContainerTool : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static QString tool() { return sourceDir() + QStringLiteral("/resources/env/trainyard_env.py"); }

    static ToolRun runTool(const QJsonObject& request, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        const CliResult r = runProgram(systemPython(), {tool()}, QJsonDocument(request).toJson(QJsonDocument::Compact), env, 600000);
        ToolRun run;
        run.exitCode = r.exitCode;
        const QByteArray output = r.out + r.err;
        const QList<QByteArray> lines = output.split('\n');
        for (const QByteArray& line : lines) {
            if (line.startsWith("@@trainyard-env "))
                run.reply = QJsonDocument::fromJson(line.mid(16)).object();
            else if (!line.isEmpty())
                run.lines << QString::fromUtf8(line);
        }
        if (run.reply.isEmpty())
            qWarning().noquote() << "no reply; output:" << r.out.right(3000) << r.err.right(3000);
        return run;
    }

    static QJsonObject ensureRequest(const QString& engine, const QString& image, const QJsonObject& definition,
                                     const QString& root, const QJsonObject& pipOptions = {})
    {
        return {{QStringLiteral("command"), QStringLiteral("ensure")},
                {QStringLiteral("root"), root},
                {QStringLiteral("python"), systemPython()},
                {QStringLiteral("target_kind"), QStringLiteral("local")},
                {QStringLiteral("target_name"), QStringLiteral("t1")},
                {QStringLiteral("definition"), definition},
                {QStringLiteral("pip_options"), pipOptions},
                {QStringLiteral("conda_tool"), QStringLiteral("auto")},
                {QStringLiteral("container"), QJsonObject{{QStringLiteral("engine"), engine}, {QStringLiteral("image"), image}}}};
    }

    static QJsonObject noPackages() { return {{QStringLiteral("manager"), QStringLiteral("none")}}; }

    static QString describe(const ToolRun& run)
    {
        return QString::fromUtf8(QJsonDocument(run.reply).toJson(QJsonDocument::Compact)) + QStringLiteral("\n")
               + run.lines.mid(qMax(0, int(run.lines.size()) - 30)).join(QLatin1Char('\n'));
    }

    // A pure-Python wheel NAME-VERSION written with zipfile into `dir`.
    static bool writeWheel(const QString& dir, const QString& name, const QString& version)
    {
        static const char script[] = R"(
import base64, hashlib, sys, zipfile
folder, name, version = sys.argv[1:4]
dist = "%s-%s.dist-info" % (name, version)
files = {name + "/__init__.py": "__version__ = %r\n" % version,
         dist + "/METADATA": "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version),
         dist + "/WHEEL": "Wheel-Version: 1.0\nGenerator: trainyard-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
def digest(text):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
record = "".join("%s,%s,%d\n" % (path, digest(text), len(text.encode())) for path, text in files.items())
record += dist + "/RECORD,,\n"
with zipfile.ZipFile("%s/%s-%s-py3-none-any.whl" % (folder, name, version), "w") as wheel:
    for path, text in files.items():
        wheel.writestr(path, text)
    wheel.writestr(dist + "/RECORD", record)
)";
        QDir().mkpath(dir);
        return runProgram(systemPython(), {QStringLiteral("-c"), QString::fromLatin1(script), dir, name, version}).exitCode == 0;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(ContainerImages::ensureBusybox(&error), qPrintable(error));
        QVERIFY2(ContainerImages::ensurePython(&error), qPrintable(error));
    }

    void noEngineIsAnError()
    {
        const QString root = m_dir.path() + QStringLiteral("/envs");
        const ToolRun named = runTool(ensureRequest(QStringLiteral("/nonexistent/podman"), QString::fromLatin1(ContainerImages::kBusybox), noPackages(), root));
        QCOMPARE(named.exitCode, 1);
        QCOMPARE(named.reply.value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY2(named.reply.value(QStringLiteral("error")).toString().startsWith(
                     QStringLiteral("custom_docker_image needs podman or docker on target t1")),
                 qPrintable(describe(named)));
        QVERIFY(named.reply.value(QStringLiteral("error")).toString().contains(QStringLiteral("/nonexistent/podman")));
        // auto with neither podman nor docker on PATH.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), m_dir.path() + QStringLiteral("/empty-bin"));
        const ToolRun automatic = runTool(ensureRequest(QStringLiteral("auto"), QString::fromLatin1(ContainerImages::kBusybox), noPackages(), root), env);
        QCOMPARE(automatic.reply.value(QStringLiteral("error")).toString(),
                 QStringLiteral("custom_docker_image needs podman or docker on target t1"));
    }

    void missingImageIsPulledAndItsFailureSaid()
    {
        const ToolRun run = runTool(ensureRequest(QStringLiteral("podman"), QStringLiteral("localhost/trainyard-test-missing:1"), noPackages(),
                                                  m_dir.path() + QStringLiteral("/envs")));
        QCOMPARE(run.exitCode, 1);
        const QString error = run.reply.value(QStringLiteral("error")).toString();
        QVERIFY2(error.startsWith(QStringLiteral("cannot pull image localhost/trainyard-test-missing:1: ")), qPrintable(describe(run)));
        QVERIFY2(error.size() > QStringLiteral("cannot pull image localhost/trainyard-test-missing:1: ").size(), qPrintable(error));
        QVERIFY(run.lines.contains(QStringLiteral("pulling image localhost/trainyard-test-missing:1")));
        // The engine's own output is in the log and the detail.
        QVERIFY2(run.lines.join(QLatin1Char('\n')).contains(QStringLiteral("localhost/trainyard-test-missing")), qPrintable(describe(run)));
        QVERIFY(!run.reply.value(QStringLiteral("error_detail")).toString().isEmpty());
    }

    void imageWithoutPythonRunsShellJobs()
    {
        const ToolRun run = runTool(ensureRequest(QStringLiteral("auto"), QString::fromLatin1(ContainerImages::kBusybox), noPackages(),
                                                  m_dir.path() + QStringLiteral("/envs")));
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.reply.value(QStringLiteral("ok")).toBool(), qPrintable(describe(run)));
        QCOMPARE(run.reply.value(QStringLiteral("python")).toString(), QString());
        QCOMPARE(run.reply.value(QStringLiteral("hash")).toString(), QString());
        const QJsonObject image = run.reply.value(QStringLiteral("image")).toObject();
        QCOMPARE(image.value(QStringLiteral("engine")).toString(), ContainerImages::podman());
        QCOMPARE(image.value(QStringLiteral("ref")).toString(), QString::fromLatin1(ContainerImages::kBusybox));
        const CliResult id = runProgram(ContainerImages::podman(), {QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("--format"),
                                                                    QStringLiteral("{{.Id}}"), QString::fromLatin1(ContainerImages::kBusybox)});
        QCOMPARE(image.value(QStringLiteral("id")).toString(), QStringLiteral("sha256:") + QString::fromUtf8(id.out.trimmed()));
        QVERIFY(image.value(QStringLiteral("digest")).toString().startsWith(QStringLiteral("sha256:")));
    }

    void imagePythonWithoutPackages()
    {
        const ToolRun run = runTool(ensureRequest(QStringLiteral("podman"), QString::fromLatin1(ContainerImages::kPython), noPackages(),
                                                  m_dir.path() + QStringLiteral("/envs")));
        QVERIFY2(run.reply.value(QStringLiteral("ok")).toBool(), qPrintable(describe(run)));
        QCOMPARE(run.reply.value(QStringLiteral("python")).toString(), QStringLiteral("python3"));
        QVERIFY(run.reply.value(QStringLiteral("python_version")).toString().startsWith(QStringLiteral("3.11.")));
    }

    // pip packages on top of the image: built inside it (from a wheel folder on this machine, mounted), in
    // root/image-<short id>/HASH, reused the second time; describe reads the freeze inside the image and the
    // host facts outside.
    void pipEnvironmentBuiltInsideTheImage()
    {
        const QString wheels = m_dir.path() + QStringLiteral("/wheels");
        QVERIFY(writeWheel(wheels, QStringLiteral("tyimg"), QStringLiteral("1.0")));
        const QString root = m_dir.path() + QStringLiteral("/envs");
        const QJsonObject definition{{QStringLiteral("manager"), QStringLiteral("pip")},
                                     {QStringLiteral("pip"), QJsonArray{QStringLiteral("tyimg==1.0")}},
                                     {QStringLiteral("conda"), QJsonArray{}},
                                     {QStringLiteral("file"), QJsonValue()},
                                     {QStringLiteral("options"), QJsonObject{}},
                                     {QStringLiteral("user_managed"), false}};
        const QJsonObject pipOptions{{QStringLiteral("index_url"), QString()},
                                     {QStringLiteral("extra_index_urls"), QJsonArray{}},
                                     {QStringLiteral("find_links"), QJsonArray{wheels}},
                                     {QStringLiteral("trusted_hosts"), QJsonArray{}},
                                     {QStringLiteral("system_site_packages"), false}};
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PIP_NO_INDEX"), QStringLiteral("1")); // passed into the image by name
        const QJsonObject request = ensureRequest(QStringLiteral("auto"), QString::fromLatin1(ContainerImages::kPython), definition, root, pipOptions);
        const ToolRun first = runTool(request, env);
        QVERIFY2(first.reply.value(QStringLiteral("ok")).toBool(), qPrintable(describe(first)));
        QCOMPARE(first.reply.value(QStringLiteral("built")).toBool(), true);
        const QString imageId = first.reply.value(QStringLiteral("image")).toObject().value(QStringLiteral("id")).toString();
        const QString prefix = first.reply.value(QStringLiteral("prefix")).toString();
        const QString hash = first.reply.value(QStringLiteral("hash")).toString();
        QCOMPARE(prefix, root + QStringLiteral("/image-") + imageId.mid(7, 12) + QLatin1Char('/') + hash);
        QVERIFY(QFileInfo::exists(prefix + QStringLiteral("/.trainyard-ready")));
        QVERIFY2(first.lines.join(QLatin1Char('\n')).contains(QStringLiteral("tyimg")), qPrintable(describe(first)));

        const ToolRun second = runTool(request, env);
        QVERIFY2(second.reply.value(QStringLiteral("ok")).toBool(), qPrintable(describe(second)));
        QCOMPARE(second.reply.value(QStringLiteral("built")).toBool(), false);
        QCOMPARE(second.reply.value(QStringLiteral("hash")).toString(), hash);

        const QJsonObject describeRequest{{QStringLiteral("command"), QStringLiteral("describe")},
                                          {QStringLiteral("python"), first.reply.value(QStringLiteral("python")).toString()},
                                          {QStringLiteral("prefix"), prefix},
                                          {QStringLiteral("container"), QJsonObject{{QStringLiteral("engine"), ContainerImages::podman()},
                                                                                    {QStringLiteral("image_id"), imageId}}}};
        const ToolRun described = runTool(describeRequest);
        QVERIFY2(described.reply.value(QStringLiteral("ok")).toBool(), qPrintable(describe(described)));
        QVERIFY2(described.reply.value(QStringLiteral("freeze")).toString().contains(QStringLiteral("tyimg==1.0")), qPrintable(describe(described)));
        const QJsonObject description = described.reply.value(QStringLiteral("description")).toObject();
        QVERIFY(description.value(QStringLiteral("interpreter")).toObject().value(QStringLiteral("version")).toString().startsWith(QStringLiteral("3.11.")));
        QCOMPARE(description.value(QStringLiteral("host")).toObject().value(QStringLiteral("name")).toString(), QSysInfo::machineHostName());
        QCOMPARE(description.value(QStringLiteral("image")).toObject().value(QStringLiteral("id")).toString(), imageId);
    }
};

QTEST_GUILESS_MAIN(TestContainerTool)
#include "TestContainerTool.moc"
