// The environment tool (resources/env/trainyard_env.py) run directly, as every target runs it: a JSON request
// on stdin, log lines and a last "@@trainyard-env" reply line on stdout. Real venv and pip with Debian's
// interpreter; pip installs from a folder of wheels the test writes (PIP_NO_INDEX=1: no index is reachable).
#include "LocalWheels.h"
#include "TestSupport.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QtTest>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace {

const QByteArray replyMark = "@@trainyard-env ";

struct ToolRun
{
    int exitCode = -1;
    QList<QByteArray> lines; // the log lines, the reply line not included
    QJsonObject reply;
    qint64 elapsedMs = 0;
    bool hasLine(const QByteArray& part) const
    {
        for (const QByteArray& line : lines)
            if (line.contains(part))
                return true;
        return false;
    }
    int countLines(const QByteArray& part) const
    {
        int count = 0;
        for (const QByteArray& line : lines)
            count += line.contains(part) ? 1 : 0;
        return count;
    }
    QString log() const { return QString::fromUtf8(lines.join('\n')); }
};

QString toolPath() { return TestSupport::sourceDir() + QStringLiteral("/resources/env/trainyard_env.py"); }

class ToolProcess
{
public:
    void start(const QJsonObject& request, const QProcessEnvironment& env)
    {
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_timer.start();
        m_process.start(TestSupport::systemPython(), QStringList{toolPath()});
        m_process.waitForStarted(30000);
        m_process.write(QJsonDocument(request).toJson(QJsonDocument::Compact));
        // Without an event loop the request would reach the tool only in finish(): two tools started one after
        // the other must both have theirs now.
        m_process.waitForBytesWritten(30000);
        m_process.closeWriteChannel();
    }
    ToolRun finish()
    {
        ToolRun run;
        if (!m_process.waitForFinished(600000) || m_process.exitStatus() != QProcess::NormalExit) {
            m_process.kill();
            m_process.waitForFinished();
            return run;
        }
        run.elapsedMs = m_timer.elapsed();
        run.exitCode = m_process.exitCode();
        run.lines = m_process.readAll().split('\n');
        while (!run.lines.isEmpty() && run.lines.last().isEmpty())
            run.lines.removeLast();
        if (!run.lines.isEmpty() && run.lines.last().startsWith(replyMark))
            run.reply = QJsonDocument::fromJson(run.lines.takeLast().mid(replyMark.size())).object();
        return run;
    }

private:
    QProcess m_process;
    QElapsedTimer m_timer;
};

QJsonArray sortedArray(QStringList values)
{
    // What EnvironmentSpec::canonicalJson does with normalised names: sorted, duplicates dropped.
    values.sort();
    values.removeDuplicates();
    return QJsonArray::fromStringList(values);
}

QJsonObject pipDefinition(const QStringList& packages, bool systemSitePackages = false)
{
    QJsonObject options{{QStringLiteral("pip_system_site_packages"), systemSitePackages}};
    return QJsonObject{{QStringLiteral("manager"), QStringLiteral("pip")},
                       {QStringLiteral("pip"), sortedArray(packages)},
                       {QStringLiteral("conda"), QJsonArray()},
                       {QStringLiteral("file"), QJsonValue::Null},
                       {QStringLiteral("options"), options},
                       {QStringLiteral("user_managed"), false}};
}

QString pythonVersion()
{
    const TestSupport::CliResult result = TestSupport::runProgram(
        TestSupport::systemPython(),
        QStringList{QStringLiteral("-c"), QStringLiteral("import platform; print(platform.python_version())")});
    return QString::fromUtf8(result.out).trimmed();
}

QString expectedHash(const QJsonObject& definition)
{
    // The protocol's hash: sha256 of json.dumps({...}, sort_keys=True, separators=(",",":")); Qt's compact JSON
    // sorts keys the same way and, for these ASCII values, writes the same bytes.
    const QJsonObject hashed{{QStringLiteral("definition"), definition},
                             {QStringLiteral("python_version"), pythonVersion()},
                             {QStringLiteral("target_kind"), QStringLiteral("local")},
                             {QStringLiteral("image_id"), QString()}};
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(hashed).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256)
            .toHex());
}

int lockExclusive(const QString& path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT, 0644);
    if (fd >= 0 && ::flock(fd, LOCK_EX) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

class TestEnvironmentTool : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_wheels;
    QString m_root;

    QProcessEnvironment toolEnvironment(const QString& path = QString()) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PIP_NO_INDEX"), QStringLiteral("1"));
        if (!path.isEmpty())
            env.insert(QStringLiteral("PATH"), path);
        return env;
    }

    QJsonObject ensureRequest(const QJsonObject& definition, bool systemSitePackages = false) const
    {
        QJsonObject pipOptions{{QStringLiteral("index_url"), QString()},
                               {QStringLiteral("extra_index_urls"), QJsonArray()},
                               {QStringLiteral("find_links"), QJsonArray{m_wheels}},
                               {QStringLiteral("trusted_hosts"), QJsonArray()},
                               {QStringLiteral("system_site_packages"), systemSitePackages}};
        return QJsonObject{{QStringLiteral("command"), QStringLiteral("ensure")},
                           {QStringLiteral("root"), m_root},
                           {QStringLiteral("python"), TestSupport::systemPython()},
                           {QStringLiteral("target_kind"), QStringLiteral("local")},
                           {QStringLiteral("target_name"), QStringLiteral("here")},
                           {QStringLiteral("definition"), definition},
                           {QStringLiteral("pip_options"), pipOptions},
                           {QStringLiteral("conda_tool"), QStringLiteral("auto")},
                           {QStringLiteral("container"), QJsonValue::Null}};
    }

    ToolRun runTool(const QJsonObject& request, const QProcessEnvironment& env) const
    {
        ToolProcess tool;
        tool.start(request, env);
        return tool.finish();
    }

    ToolRun runTool(const QJsonObject& request) const { return runTool(request, toolEnvironment()); }

    QJsonObject baseDefinition() const
    {
        return pipDefinition({QStringLiteral("tyalpha==1.0"), QStringLiteral("tybeta")});
    }

    QString importedVersion(const QString& python, const QString& module) const
    {
        const TestSupport::CliResult result = TestSupport::runProgram(
            python, QStringList{QStringLiteral("-c"), QStringLiteral("import %1; print(%1.__version__)").arg(module)});
        return QString::fromUtf8(result.out + result.err).trimmed();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_wheels = m_dir.filePath(QStringLiteral("wheels"));
        m_root = m_dir.filePath(QStringLiteral("environments"));
        QString error;
        QVERIFY2(LocalWheels::write(m_wheels, QStringLiteral("tyalpha"), QStringLiteral("1.0"), &error), qPrintable(error));
        QVERIFY2(LocalWheels::write(m_wheels, QStringLiteral("tyalpha"), QStringLiteral("2.0"), &error), qPrintable(error));
        QVERIFY2(LocalWheels::write(m_wheels, QStringLiteral("tybeta"), QStringLiteral("1.0"), &error), qPrintable(error));
        QVERIFY2(LocalWheels::writeUninstallable(m_wheels, QStringLiteral("tybroken"), QStringLiteral("1.0"), &error),
                 qPrintable(error));
    }

    // Two ensures of one missing environment at once: one builds, the other waits for it and reuses it.
    void twoEnsuresAtOnceBuildOnce()
    {
        const QJsonObject request = ensureRequest(baseDefinition());
        ToolProcess first;
        ToolProcess second;
        first.start(request, toolEnvironment());
        second.start(request, toolEnvironment());
        const ToolRun a = first.finish();
        const ToolRun b = second.finish();
        QVERIFY2(a.reply.value(QStringLiteral("ok")).toBool(), qPrintable(a.log()));
        QVERIFY2(b.reply.value(QStringLiteral("ok")).toBool(), qPrintable(b.log()));
        QCOMPARE(a.exitCode, 0);
        QCOMPARE(b.exitCode, 0);
        QCOMPARE(a.reply.value(QStringLiteral("hash")), b.reply.value(QStringLiteral("hash")));
        QCOMPARE(a.countLines("building environment ") + b.countLines("building environment "), 1);
        QCOMPARE(a.countLines("Successfully installed") + b.countLines("Successfully installed"), 1);
        const ToolRun& builder = a.reply.value(QStringLiteral("built")).toBool() ? a : b;
        const ToolRun& waiter = a.reply.value(QStringLiteral("built")).toBool() ? b : a;
        QVERIFY(builder.reply.value(QStringLiteral("built")).toBool());
        QVERIFY(!waiter.reply.value(QStringLiteral("built")).toBool());
        QVERIFY2(waiter.reply.value(QStringLiteral("waited")).toBool(), qPrintable(waiter.log()));
        const QString shortHash = builder.reply.value(QStringLiteral("short")).toString();
        QVERIFY2(waiter.hasLine(QStringLiteral("waiting for environment %1 (built by another run)").arg(shortHash).toUtf8()),
                 qPrintable(waiter.log()));
    }

    void buildsFromTwoWheels()
    {
        const ToolRun run = runTool(ensureRequest(baseDefinition()));
        QVERIFY2(run.reply.value(QStringLiteral("ok")).toBool(), qPrintable(run.log()));
        const QString hash = run.reply.value(QStringLiteral("hash")).toString();
        QCOMPARE(hash, expectedHash(baseDefinition()));
        QCOMPARE(run.reply.value(QStringLiteral("short")).toString(), hash.left(12));
        const QString prefix = m_root + QLatin1Char('/') + hash;
        QCOMPARE(run.reply.value(QStringLiteral("prefix")).toString(), prefix);
        QCOMPARE(run.reply.value(QStringLiteral("python")).toString(), prefix + QStringLiteral("/bin/python"));
        QCOMPARE(run.reply.value(QStringLiteral("bin_dir")).toString(), prefix + QStringLiteral("/bin"));
        QCOMPARE(run.reply.value(QStringLiteral("manager")).toString(), QStringLiteral("pip"));
        QCOMPARE(run.reply.value(QStringLiteral("python_version")).toString(), pythonVersion());
        QVERIFY(run.reply.value(QStringLiteral("size_bytes")).toDouble() > 0);
        QVERIFY(QFile::exists(prefix + QStringLiteral("/.trainyard-ready")));
        QVERIFY(TestSupport::readFile(prefix + QStringLiteral("/.trainyard-freeze.txt")).contains("tyalpha==1.0"));
        const QJsonObject record =
            QJsonDocument::fromJson(TestSupport::readFile(prefix + QStringLiteral("/.trainyard-environment.json"))).object();
        QCOMPARE(record.value(QStringLiteral("definition")).toObject(), baseDefinition());
        QCOMPARE(record.value(QStringLiteral("hash")).toString(), hash);
        QCOMPARE(importedVersion(prefix + QStringLiteral("/bin/python"), QStringLiteral("tyalpha")), QStringLiteral("1.0"));
        QCOMPARE(importedVersion(prefix + QStringLiteral("/bin/python"), QStringLiteral("tybeta")), QStringLiteral("1.0"));
    }

    void secondEnsureReuses()
    {
        // The build itself happened in twoEnsuresAtOnceBuildOnce (or here, when run alone).
        const ToolRun warm = runTool(ensureRequest(baseDefinition()));
        QVERIFY2(warm.reply.value(QStringLiteral("ok")).toBool(), qPrintable(warm.log()));
        QElapsedTimer timer;
        timer.start();
        const ToolRun reuse = runTool(ensureRequest(baseDefinition()));
        QVERIFY2(reuse.reply.value(QStringLiteral("ok")).toBool(), qPrintable(reuse.log()));
        QVERIFY(!reuse.reply.value(QStringLiteral("built")).toBool());
        QVERIFY(!reuse.reply.value(QStringLiteral("waited")).toBool());
        QVERIFY2(!reuse.hasLine("building environment") && !reuse.hasLine("pip install") &&
                     !reuse.hasLine("Successfully installed"),
                 qPrintable(reuse.log()));
        QVERIFY(QFile::exists(reuse.reply.value(QStringLiteral("prefix")).toString() +
                              QStringLiteral("/.trainyard-last-used")));
        // A build starts a venv and pip (seconds); a reuse only asks the interpreter its version.
        QVERIFY2(reuse.elapsedMs < 5000, qPrintable(QString::number(reuse.elapsedMs)));
    }

    // The canonical definition lists packages sorted, so any order of the estimator's list hashes the same.
    void otherOrderSameHash()
    {
        const ToolRun ordered = runTool(ensureRequest(baseDefinition()));
        const ToolRun reordered =
            runTool(ensureRequest(pipDefinition({QStringLiteral("tybeta"), QStringLiteral("tyalpha==1.0")})));
        QVERIFY2(reordered.reply.value(QStringLiteral("ok")).toBool(), qPrintable(reordered.log()));
        QCOMPARE(reordered.reply.value(QStringLiteral("hash")), ordered.reply.value(QStringLiteral("hash")));
        QVERIFY(!reordered.reply.value(QStringLiteral("built")).toBool());
        // The tool hashes the definition as given: an unsorted list is another definition.
        QJsonObject unsorted = baseDefinition();
        unsorted.insert(QStringLiteral("pip"), QJsonArray{QStringLiteral("tybeta"), QStringLiteral("tyalpha==1.0")});
        QVERIFY(expectedHash(unsorted) != ordered.reply.value(QStringLiteral("hash")).toString());
    }

    // A pin change is another environment; this one also inherits the interpreter's site-packages.
    void pinChangeBuildsAnotherEnvironment()
    {
        const ToolRun first = runTool(ensureRequest(baseDefinition()));
        QVERIFY2(first.reply.value(QStringLiteral("ok")).toBool(), qPrintable(first.log()));
        const QJsonObject pinned = pipDefinition({QStringLiteral("tyalpha==2.0"), QStringLiteral("tybeta")}, true);
        const ToolRun run = runTool(ensureRequest(pinned, true));
        QVERIFY2(run.reply.value(QStringLiteral("ok")).toBool(), qPrintable(run.log()));
        QVERIFY(run.reply.value(QStringLiteral("built")).toBool());
        QVERIFY(run.reply.value(QStringLiteral("hash")) != first.reply.value(QStringLiteral("hash")));
        QCOMPARE(run.reply.value(QStringLiteral("hash")).toString(), expectedHash(pinned));
        QCOMPARE(importedVersion(run.reply.value(QStringLiteral("python")).toString(), QStringLiteral("tyalpha")),
                 QStringLiteral("2.0"));
        QCOMPARE(importedVersion(first.reply.value(QStringLiteral("python")).toString(), QStringLiteral("tyalpha")),
                 QStringLiteral("1.0"));
        // pip options that are not set are not passed: pip's own configuration (PIP_NO_INDEX here) decides.
        QVERIFY2(run.hasLine("--find-links " + m_wheels.toUtf8()), qPrintable(run.log()));
        QVERIFY2(!run.hasLine("--index-url") && !run.hasLine("--no-index") && !run.hasLine("--trusted-host"),
                 qPrintable(run.log()));
        const QByteArray inheriting =
            TestSupport::readFile(run.reply.value(QStringLiteral("prefix")).toString() + QStringLiteral("/pyvenv.cfg"));
        const QByteArray isolated =
            TestSupport::readFile(first.reply.value(QStringLiteral("prefix")).toString() + QStringLiteral("/pyvenv.cfg"));
        QVERIFY2(inheriting.contains("include-system-site-packages = true"), inheriting.constData());
        QVERIFY2(isolated.contains("include-system-site-packages = false"), isolated.constData());
    }

    void failingInstallLeavesNothingAndRetries()
    {
        const QJsonObject definition = pipDefinition({QStringLiteral("tybroken")});
        const QString prefix = m_root + QLatin1Char('/') + expectedHash(definition);
        for (int attempt = 0; attempt < 2; ++attempt) {
            const ToolRun run = runTool(ensureRequest(definition));
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(!run.reply.isEmpty(), qPrintable(run.log()));
            QVERIFY(!run.reply.value(QStringLiteral("ok")).toBool());
            QCOMPARE(run.reply.value(QStringLiteral("error")).toString(), QStringLiteral("pip install failed (exit 1)"));
            const QString detail = run.reply.value(QStringLiteral("error_detail")).toString();
            QVERIFY2(detail.contains(QStringLiteral("Could not find a version that satisfies the requirement ") +
                                     LocalWheels::missingRequirement()),
                     qPrintable(detail));
            QVERIFY(detail.split(QLatin1Char('\n')).size() <= 40);
            // Every attempt builds again: a failed build is never reused.
            QVERIFY2(run.hasLine("building environment"), qPrintable(run.log()));
            QVERIFY2(!QFileInfo::exists(prefix), qPrintable(prefix));
            QVERIFY(!QFileInfo::exists(prefix + QStringLiteral(".definition")));
        }
    }

    void condaNeedsATool()
    {
        QJsonObject definition = pipDefinition({});
        definition.insert(QStringLiteral("manager"), QStringLiteral("conda"));
        definition.insert(QStringLiteral("conda"), QJsonArray{QStringLiteral("tyconda")});
        QTemporaryDir emptyBin;
        const ToolRun run = runTool(ensureRequest(definition), toolEnvironment(emptyBin.path() + QStringLiteral(":/usr/bin:/bin")));
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.reply.value(QStringLiteral("ok")), QJsonValue(false));
        QCOMPARE(run.reply.value(QStringLiteral("error")).toString(),
                 QStringLiteral("conda_packages needs conda, mamba or micromamba on target here"));
        QVERIFY(!QFileInfo::exists(m_root + QLatin1Char('/') + expectedHash(definition)));
    }

    // conda cannot be installed here: a stand-in micromamba records how it is called and makes a prefix whose
    // interpreter is Debian's.
    void condaBuildsWithMicromamba()
    {
        QTemporaryDir bin;
        const QString calls = bin.filePath(QStringLiteral("calls.txt"));
        const QString standIn = bin.filePath(QStringLiteral("micromamba"));
        QVERIFY(TestSupport::writeFile(standIn, QStringLiteral(R"(#!/usr/bin/python3
import json, os, sys
with open(%1, "a") as f:
    f.write(json.dumps(sys.argv[1:]) + "\n")
args = sys.argv[1:]
prefix = args[args.index("-p") + 1]
if args[0] == "create":
    os.makedirs(os.path.join(prefix, "bin"))
    os.symlink("/usr/bin/python3", os.path.join(prefix, "bin", "python"))
    print("stand-in micromamba created", prefix)
elif args[0] == "list":
    print("tyconda=1.0=0")
)")
                                                           .arg(QString::fromUtf8(QJsonDocument(QJsonArray{calls}).toJson(QJsonDocument::Compact)).mid(1).chopped(1))
                                                           .toUtf8()));
        QVERIFY(QFile::setPermissions(standIn, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                   QFile::ReadOther | QFile::ExeOther));
        QJsonObject definition = pipDefinition({});
        definition.insert(QStringLiteral("manager"), QStringLiteral("conda"));
        definition.insert(QStringLiteral("conda"), QJsonArray{QStringLiteral("tyconda=1.0")});
        const ToolRun run = runTool(ensureRequest(definition), toolEnvironment(bin.path() + QStringLiteral(":/usr/bin:/bin")));
        QVERIFY2(run.reply.value(QStringLiteral("ok")).toBool(), qPrintable(run.log()));
        QVERIFY(run.reply.value(QStringLiteral("built")).toBool());
        QCOMPARE(run.reply.value(QStringLiteral("manager")).toString(), QStringLiteral("conda"));
        const QString prefix = run.reply.value(QStringLiteral("prefix")).toString();
        QCOMPARE(prefix, m_root + QLatin1Char('/') + expectedHash(definition));
        QVERIFY2(run.hasLine("stand-in micromamba created"), qPrintable(run.log()));
        const QString majorMinor = pythonVersion().section(QLatin1Char('.'), 0, 1);
        const QList<QByteArray> recorded = TestSupport::readFile(calls).trimmed().split('\n');
        QCOMPARE(recorded.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(recorded.at(0)).array(),
                 QJsonArray({QStringLiteral("create"), QStringLiteral("-y"), QStringLiteral("-p"), prefix,
                             QStringLiteral("tyconda=1.0"), QString(QStringLiteral("python=") + majorMinor)}));
        QCOMPARE(QJsonDocument::fromJson(recorded.at(1)).array(),
                 QJsonArray({QStringLiteral("list"), QStringLiteral("-p"), prefix, QStringLiteral("--export")}));
        QVERIFY(QFile::exists(prefix + QStringLiteral("/.trainyard-ready")));
        QCOMPARE(TestSupport::readFile(prefix + QStringLiteral("/.trainyard-conda-list.txt")), QByteArray("tyconda=1.0=0\n"));
        // Ready means reused: the stand-in is not asked again.
        const ToolRun again = runTool(ensureRequest(definition), toolEnvironment(bin.path() + QStringLiteral(":/usr/bin:/bin")));
        QVERIFY(!again.reply.value(QStringLiteral("built")).toBool());
        QCOMPARE(TestSupport::readFile(calls).trimmed().split('\n').size(), 2);
    }

    void describeReportsHostAndFreeze()
    {
        const ToolRun built = runTool(ensureRequest(baseDefinition()));
        QVERIFY2(built.reply.value(QStringLiteral("ok")).toBool(), qPrintable(built.log()));
        const QString prefix = built.reply.value(QStringLiteral("prefix")).toString();
        // Built environments answer from the freeze written at build time, without asking pip.
        const QString freezeFile = prefix + QStringLiteral("/.trainyard-freeze.txt");
        const QByteArray frozen = TestSupport::readFile(freezeFile);
        QVERIFY(TestSupport::writeFile(freezeFile, frozen + "recorded-at-build==1\n"));
        const ToolRun run = runTool(QJsonObject{{QStringLiteral("command"), QStringLiteral("describe")},
                                                {QStringLiteral("python"), QString(prefix + QStringLiteral("/bin/python"))},
                                                {QStringLiteral("prefix"), prefix},
                                                {QStringLiteral("container"), QJsonValue::Null}});
        QVERIFY(TestSupport::writeFile(freezeFile, frozen));
        QVERIFY2(run.reply.value(QStringLiteral("ok")).toBool(), qPrintable(run.log()));
        QVERIFY(run.reply.value(QStringLiteral("freeze")).toString().contains(QStringLiteral("tyalpha==1.0")));
        QVERIFY(run.reply.value(QStringLiteral("freeze")).toString().contains(QStringLiteral("recorded-at-build==1")));
        const QJsonObject description = run.reply.value(QStringLiteral("description")).toObject();
        const QJsonObject interpreter = description.value(QStringLiteral("interpreter")).toObject();
        QCOMPARE(interpreter.value(QStringLiteral("path")).toString(), prefix + QStringLiteral("/bin/python"));
        QCOMPARE(interpreter.value(QStringLiteral("version")).toString(), pythonVersion());
        const QJsonObject host = description.value(QStringLiteral("host")).toObject();
        QCOMPARE(host.value(QStringLiteral("name")).toString(), QSysInfo::machineHostName());
        QCOMPARE(host.value(QStringLiteral("kernel")).toString(), QSysInfo::kernelVersion());
        QVERIFY(TestSupport::readFile(QStringLiteral("/etc/os-release"))
                    .contains(QByteArray("PRETTY_NAME=\"" + host.value(QStringLiteral("os")).toString().toUtf8() + "\"")));
        QVERIFY(TestSupport::readFile(QStringLiteral("/proc/cpuinfo"))
                    .contains(host.value(QStringLiteral("cpu_model")).toString().toUtf8()));
        QVERIFY(!host.value(QStringLiteral("cpu_model")).toString().isEmpty());
        QVERIFY(host.value(QStringLiteral("cpu_count")).toInt() >= 1);
        QVERIFY(host.value(QStringLiteral("memory_bytes")).toDouble() > 1024.0 * 1024 * 1024 * 0.1);
        QVERIFY(host.value(QStringLiteral("gpus")).isArray());

        // The interpreter as it is: its freeze comes from pip.
        const ToolRun plain = runTool(QJsonObject{{QStringLiteral("command"), QStringLiteral("describe")},
                                                  {QStringLiteral("python"), TestSupport::systemPython()},
                                                  {QStringLiteral("prefix"), QString()}});
        QVERIFY2(plain.reply.value(QStringLiteral("ok")).toBool(), qPrintable(plain.log()));
        QVERIFY2(plain.reply.value(QStringLiteral("freeze")).toString().contains(QStringLiteral("numpy==")),
                 qPrintable(plain.reply.value(QStringLiteral("freeze")).toString()));
        QVERIFY(!plain.reply.value(QStringLiteral("freeze")).toString().contains(QStringLiteral("tyalpha")));
    }

    // No GPU here: a stand-in nvidia-smi answers the query the tool makes, and only that query.
    void describeListsGpusFromNvidiaSmi()
    {
        QTemporaryDir bin;
        const QString standIn = bin.filePath(QStringLiteral("nvidia-smi"));
        QVERIFY(TestSupport::writeFile(standIn, R"(#!/usr/bin/python3
import sys
if sys.argv[1:] != ["--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"]:
    sys.exit("unexpected arguments: %r" % sys.argv[1:])
print("NVIDIA H200, 143771 MiB, 550.54.15")
print("NVIDIA H200, 143771 MiB, 550.54.15")
)"));
        QVERIFY(QFile::setPermissions(standIn, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const ToolRun run = runTool(QJsonObject{{QStringLiteral("command"), QStringLiteral("describe")},
                                                {QStringLiteral("python"), TestSupport::systemPython()}},
                                    toolEnvironment(bin.path() + QStringLiteral(":/usr/bin:/bin")));
        QVERIFY2(run.reply.value(QStringLiteral("ok")).toBool(), qPrintable(run.log()));
        const QJsonObject host =
            run.reply.value(QStringLiteral("description")).toObject().value(QStringLiteral("host")).toObject();
        const QJsonObject gpu{{QStringLiteral("name"), QStringLiteral("NVIDIA H200")},
                              {QStringLiteral("memory"), QStringLiteral("143771 MiB")},
                              {QStringLiteral("driver"), QStringLiteral("550.54.15")}};
        QCOMPARE(host.value(QStringLiteral("gpus")).toArray(), QJsonArray({gpu, gpu}));
        QVERIFY2(!host.contains(QStringLiteral("gpus_error")), qPrintable(host.value(QStringLiteral("gpus_error")).toString()));
    }

    void nothingToBuildUsesTheInterpreter()
    {
        QJsonObject definition = pipDefinition({});
        definition.insert(QStringLiteral("manager"), QStringLiteral("none"));
        QJsonObject request = ensureRequest(definition);
        request.insert(QStringLiteral("root"), m_dir.filePath(QStringLiteral("never-made")));
        const ToolRun run = runTool(request);
        QVERIFY2(run.reply.value(QStringLiteral("ok")).toBool(), qPrintable(run.log()));
        QCOMPARE(run.reply.value(QStringLiteral("hash")).toString(), QString());
        QCOMPARE(run.reply.value(QStringLiteral("python")).toString(), TestSupport::systemPython());
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("never-made"))));
    }

    void badRequestsAreRefused()
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(TestSupport::systemPython(), QStringList{toolPath()});
        process.write("not json");
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAll().trimmed().startsWith(QByteArray(replyMark + "{\"ok\":false")));
        const ToolRun unknown = runTool(QJsonObject{{QStringLiteral("command"), QStringLiteral("rebuild")}});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.reply.value(QStringLiteral("error")).toString().contains(QStringLiteral("rebuild")));
        const ToolRun traversal = runTool(QJsonObject{{QStringLiteral("command"), QStringLiteral("remove")},
                                                      {QStringLiteral("root"), m_root},
                                                      {QStringLiteral("hash"), QStringLiteral("../wheels")}});
        QCOMPARE(traversal.exitCode, 2);
        QVERIFY(QFileInfo::exists(m_wheels));
    }

    void listAndRemove()
    {
        const ToolRun built = runTool(ensureRequest(baseDefinition()));
        QVERIFY2(built.reply.value(QStringLiteral("ok")).toBool(), qPrintable(built.log()));
        const QString hash = built.reply.value(QStringLiteral("hash")).toString();
        const QString prefix = built.reply.value(QStringLiteral("prefix")).toString();
        const QJsonObject listRequest{{QStringLiteral("command"), QStringLiteral("list")}, {QStringLiteral("root"), m_root}};
        auto listed = [&]() {
            QStringList hashes;
            const ToolRun list = runTool(listRequest);
            for (const QJsonValue& entry : list.reply.value(QStringLiteral("environments")).toArray()) {
                hashes << entry.toObject().value(QStringLiteral("hash")).toString();
                if (entry.toObject().value(QStringLiteral("hash")).toString() == hash) {
                    [&]() {
                        QCOMPARE(entry.toObject().value(QStringLiteral("size_bytes")),
                                 built.reply.value(QStringLiteral("size_bytes")));
                        QVERIFY(entry.toObject().value(QStringLiteral("created_ms")).toDouble() > 0);
                        QVERIFY(entry.toObject().value(QStringLiteral("last_used_ms")).toDouble() >=
                                entry.toObject().value(QStringLiteral("created_ms")).toDouble());
                    }();
                }
            }
            return hashes;
        };
        QVERIFY2(listed().contains(hash), qPrintable(listed().join(QLatin1Char(' '))));
        // The failed build of failingInstallLeavesNothingAndRetries is not listed.
        QVERIFY(!listed().contains(expectedHash(pipDefinition({QStringLiteral("tybroken")}))));

        const QJsonObject removeRequest{{QStringLiteral("command"), QStringLiteral("remove")},
                                        {QStringLiteral("root"), m_root},
                                        {QStringLiteral("hash"), hash}};
        const int lock = lockExclusive(m_root + QLatin1Char('/') + hash + QStringLiteral(".lock"));
        QVERIFY(lock >= 0);
        const ToolRun busy = runTool(removeRequest);
        ::close(lock);
        QCOMPARE(busy.exitCode, 1);
        QCOMPARE(busy.reply.value(QStringLiteral("error")).toString(),
                 QStringLiteral("environment %1 is being built").arg(hash));
        QVERIFY(QFile::exists(prefix + QStringLiteral("/.trainyard-ready")));

        const ToolRun removed = runTool(removeRequest);
        QVERIFY2(removed.reply.value(QStringLiteral("ok")).toBool(), qPrintable(removed.log()));
        QVERIFY(removed.reply.value(QStringLiteral("freed_bytes")).toDouble() >=
                built.reply.value(QStringLiteral("size_bytes")).toDouble());
        QVERIFY(!QFileInfo::exists(prefix));
        QVERIFY(!listed().contains(hash));
        const ToolRun again = runTool(removeRequest);
        QVERIFY(again.reply.value(QStringLiteral("ok")).toBool());
        QCOMPARE(again.reply.value(QStringLiteral("freed_bytes")).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentTool)
#include "TestEnvironmentTool.moc"
