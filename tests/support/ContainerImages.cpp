#include "ContainerImages.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <functional>

namespace ContainerImages {

namespace {

struct Result
{
    int exitCode = -1;
    QString output; // stdout and stderr together
};

Result run(const QString& program, const QStringList& args, int timeoutMs = 300000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    Result result;
    if (!process.waitForStarted(10000)) {
        result.output = QStringLiteral("cannot start %1: %2").arg(program, process.errorString());
        return result;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.output = QStringLiteral("%1 %2 did not finish in %3 s").arg(program, args.join(QLatin1Char(' '))).arg(timeoutMs / 1000);
        return result;
    }
    result.output = QString::fromLocal8Bit(process.readAll()).trimmed();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

bool runOrFail(const QString& program, const QStringList& args, QString* error)
{
    const Result r = run(program, args);
    if (r.exitCode == 0)
        return true;
    *error = QStringLiteral("%1 %2 failed (exit %3): %4").arg(program, args.join(QLatin1Char(' '))).arg(r.exitCode).arg(r.output.right(2000));
    return false;
}

bool writeText(const QString& path, const QByteArray& text, QString* error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size()) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    return true;
}

QString hostBusybox(QString* error)
{
    for (const QString& candidate : {QStringLiteral("/bin/busybox"), QStringLiteral("/usr/bin/busybox")}) {
        if (QFileInfo(candidate).isExecutable()) {
            // Only a static busybox runs in a root that has no C library.
            if (run(QStringLiteral("ldd"), {candidate}).exitCode == 0) {
                *error = QStringLiteral("%1 is dynamically linked: install busybox-static (scripts/setup.sh --tests)").arg(candidate);
                return QString();
            }
            return candidate;
        }
    }
    *error = QStringLiteral("busybox is missing: install busybox-static (scripts/setup.sh --tests)");
    return QString();
}

// /bin/busybox, a link per applet, /bin/bash handing over to busybox's sh, a root user and /tmp.
bool stageBusyboxRoot(const QString& root, QString* error)
{
    const QString busybox = hostBusybox(error);
    if (busybox.isEmpty())
        return false;
    QDir().mkpath(root + QStringLiteral("/bin"));
    if (!QFile::copy(busybox, root + QStringLiteral("/bin/busybox"))) {
        *error = QStringLiteral("cannot copy %1 into the image's root").arg(busybox);
        return false;
    }
    QFile::setPermissions(root + QStringLiteral("/bin/busybox"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                                                     | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther
                                                                     | QFile::ExeOther);
    const Result applets = run(busybox, {QStringLiteral("--list")});
    if (applets.exitCode != 0) {
        *error = QStringLiteral("%1 --list failed: %2").arg(busybox, applets.output);
        return false;
    }
    for (const QString& applet : applets.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QString name = applet.trimmed();
        if (name.isEmpty() || name == QLatin1String("busybox") || name.contains(QLatin1Char('/')))
            continue;
        QFile::link(QStringLiteral("busybox"), root + QStringLiteral("/bin/") + name);
    }
    // Trainyard runs .sh entry scripts with bash; busybox has none, its sh stands in.
    if (!writeText(root + QStringLiteral("/bin/bash"), "#!/bin/sh\nexec /bin/sh \"$@\"\n", error))
        return false;
    QFile::setPermissions(root + QStringLiteral("/bin/bash"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                                                  | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther
                                                                  | QFile::ExeOther);
    if (!writeText(root + QStringLiteral("/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n", error)
        || !writeText(root + QStringLiteral("/etc/group"), "root:x:0:\n", error))
        return false;
    QDir().mkpath(root + QStringLiteral("/root"));
    QDir().mkpath(root + QStringLiteral("/tmp"));
    return runOrFail(QStringLiteral("chmod"), {QStringLiteral("1777"), root + QStringLiteral("/tmp")}, error);
}

// The shared libraries `ldd` names for each file (absolute paths as the loader finds them).
bool sharedLibraries(const QStringList& files, QSet<QString>* libraries, QString* error)
{
    static const QRegularExpression resolved(QStringLiteral(R"(=>\s+(/\S+))"));
    static const QRegularExpression direct(QStringLiteral(R"(^\s*(/\S+)\s+\()"));
    for (const QString& file : files) {
        const Result r = run(QStringLiteral("ldd"), {file});
        if (r.exitCode != 0) {
            *error = QStringLiteral("ldd %1 failed: %2").arg(file, r.output);
            return false;
        }
        for (const QString& line : r.output.split(QLatin1Char('\n'))) {
            QRegularExpressionMatch m = resolved.match(line);
            if (!m.hasMatch())
                m = direct.match(line);
            if (m.hasMatch())
                libraries->insert(m.captured(1));
        }
    }
    return true;
}

bool buildPythonTarball(const QString& staging, const QString& tarball, QString* error)
{
    const QString python = QStringLiteral("/usr/bin/python3.11");
    const QString stdlib = QStringLiteral("/usr/lib/python3.11");
    if (!QFileInfo(python).isExecutable()) {
        *error = QStringLiteral("%1 is missing: install python3 (scripts/setup.sh)").arg(python);
        return false;
    }
    // `python3 -m venv` needs ensurepip and the wheels it installs (python3-venv).
    if (!QFileInfo::exists(stdlib + QStringLiteral("/ensurepip/__init__.py"))
        || QDir(QStringLiteral("/usr/share/python-wheels")).entryList({QStringLiteral("pip-*.whl")}).isEmpty()) {
        *error = QStringLiteral("ensurepip or /usr/share/python-wheels is missing: install python3-venv (scripts/setup.sh --tests)");
        return false;
    }
    if (!stageBusyboxRoot(staging, error))
        return false;
    QDir().mkpath(staging + QStringLiteral("/usr/bin"));
    QFile::link(QStringLiteral("python3.11"), staging + QStringLiteral("/usr/bin/python3"));
    QFile::link(QStringLiteral("python3.11"), staging + QStringLiteral("/usr/bin/python"));
    QFile osRelease(QStringLiteral("/etc/os-release"));
    if (!osRelease.open(QIODevice::ReadOnly) || !writeText(staging + QStringLiteral("/etc/os-release"), osRelease.readAll(), error)) {
        if (error->isEmpty())
            *error = QStringLiteral("cannot read /etc/os-release");
        return false;
    }

    QStringList binaries{python};
    const QString dynload = stdlib + QStringLiteral("/lib-dynload");
    for (const QString& module : QDir(dynload).entryList({QStringLiteral("*.so")}, QDir::Files))
        binaries << dynload + QLatin1Char('/') + module;
    QSet<QString> libraries;
    if (!sharedLibraries(binaries, &libraries, error))
        return false;
    QStringList relativeLibraries;
    for (const QString& library : libraries)
        relativeLibraries << library.mid(1);
    relativeLibraries.sort();

    if (!runOrFail(QStringLiteral("tar"), {QStringLiteral("-cf"), tarball, QStringLiteral("-C"), staging, QStringLiteral(".")}, error))
        return false;
    // Libraries as files (-h): on the host they are links, often through /lib -> usr/lib.
    if (!runOrFail(QStringLiteral("tar"), QStringList{QStringLiteral("-rhf"), tarball, QStringLiteral("-C"), QStringLiteral("/")} + relativeLibraries, error))
        return false;
    QStringList tree{QStringLiteral("-rf"), tarball, QStringLiteral("-C"), QStringLiteral("/"),
                     QStringLiteral("--exclude=usr/lib/python3.11/test"), QStringLiteral("--exclude=usr/lib/python3.11/idlelib"),
                     QStringLiteral("--exclude=usr/lib/python3.11/tkinter"), QStringLiteral("--exclude=__pycache__"),
                     QStringLiteral("usr/bin/python3.11"), QStringLiteral("usr/lib/python3.11"),
                     QStringLiteral("usr/share/python-wheels")};
    // Debian's sitecustomize.py links into /etc/python3.11.
    if (QFileInfo::exists(QStringLiteral("/etc/python3.11")))
        tree << QStringLiteral("etc/python3.11");
    return runOrFail(QStringLiteral("tar"), tree, error);
}

// The Debian packages whose files make up an MPI job, and the libraries they load (the ELF files' ldd closure).
bool mpiFiles(QStringList* files, QString* error)
{
    const QStringList packages{QStringLiteral("openmpi-bin"), QStringLiteral("openmpi-common"), QStringLiteral("libopenmpi3"),
                               QStringLiteral("libpmix2"), QStringLiteral("libhwloc15"), QStringLiteral("libevent-core-2.1-7"),
                               QStringLiteral("libevent-pthreads-2.1-7"), QStringLiteral("python3-mpi4py")};
    QSet<QString> chosen;
    QStringList elves;
    for (const QString& package : packages) {
        const Result listed = run(QStringLiteral("dpkg"), {QStringLiteral("-L"), package});
        if (listed.exitCode != 0) {
            *error = QStringLiteral("package %1 is not installed (scripts/setup.sh --tests installs openmpi-bin and python3-mpi4py)").arg(package);
            return false;
        }
        for (const QString& path : listed.output.split(QLatin1Char('\n'))) {
            const QFileInfo info(path);
            // The image's own MPI settings replace the host's (see buildMpiTarball).
            if (path.startsWith(QLatin1String("/usr/share/doc")) || path.startsWith(QLatin1String("/usr/share/man"))
                || path == QLatin1String("/etc/openmpi/openmpi-mca-params.conf") || !(info.isFile() || info.isSymLink())
                || path.contains(QLatin1String("__pycache__")))
                continue;
            chosen.insert(path);
            QFile file(path);
            if (!info.isSymLink() && file.open(QIODevice::ReadOnly) && file.read(4) == QByteArray("\x7f" "ELF"))
                elves << path;
        }
    }
    chosen.insert(QStringLiteral("/usr/bin/mpirun")); // an alternatives link: no package lists it
    QSet<QString> libraries;
    if (!sharedLibraries(elves, &libraries, error))
        return false;
    for (const QString& library : libraries)
        chosen.insert(library);
    for (const QString& path : chosen)
        *files << path.mid(1);
    files->sort();
    return true;
}

const char kMicromambaStandIn[] = R"(#!/usr/bin/python3
# Test stand-in for micromamba (conda cannot be installed here): makes a prefix whose interpreter is the
# image's python3 and records every call in it.
import json, os, sys
args = sys.argv[1:]
prefix = args[args.index("-p") + 1]
if args[0] == "create":
    os.makedirs(os.path.join(prefix, "bin"))
    os.symlink("/usr/bin/python3", os.path.join(prefix, "bin", "python"))
with open(os.path.join(prefix, ".micromamba-calls.jsonl"), "a") as f:
    f.write(json.dumps(args) + "\n")
)";

bool buildMpiTarball(const QString& staging, const QString& tarball, QString* error)
{
    QStringList files;
    if (!mpiFiles(&files, error) || !buildPythonTarball(staging, tarball, error))
        return false;
    // podman refuses a layer that names a path twice: leave out what the Python image already has (libc, …).
    const Result listed = run(QStringLiteral("tar"), {QStringLiteral("-tf"), tarball});
    if (listed.exitCode != 0) {
        *error = QStringLiteral("tar -tf %1 failed: %2").arg(tarball, listed.output);
        return false;
    }
    QSet<QString> present;
    for (QString name : listed.output.split(QLatin1Char('\n'))) {
        if (name.startsWith(QLatin1String("./")))
            name = name.mid(2);
        present.insert(name);
    }
    files.erase(std::remove_if(files.begin(), files.end(), [&present](const QString& f) { return present.contains(f); }), files.end());
    // Files as files (-h): mpirun is a chain of links through /etc/alternatives, libraries are links too.
    if (!runOrFail(QStringLiteral("tar"), QStringList{QStringLiteral("-rhf"), tarball, QStringLiteral("-C"), QStringLiteral("/")} + files, error))
        return false;
    const QString extra = staging + QStringLiteral("-mpi");
    // One machine: ranks are started by mpirun itself, never through ssh or rsh (the image has neither).
    if (!writeText(extra + QStringLiteral("/etc/openmpi/openmpi-mca-params.conf"), "plm = isolated\n", error)
        || !writeText(extra + QStringLiteral("/usr/bin/micromamba"), kMicromambaStandIn, error)
        || !QFile::setPermissions(extra + QStringLiteral("/usr/bin/micromamba"),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther))
        return false;
    return runOrFail(QStringLiteral("tar"), {QStringLiteral("-rf"), tarball, QStringLiteral("-C"), extra,
                                             QStringLiteral("etc/openmpi/openmpi-mca-params.conf"), QStringLiteral("usr/bin/micromamba")},
                     error);
}

bool buildBusyboxTarball(const QString& staging, const QString& tarball, QString* error)
{
    return stageBusyboxRoot(staging, error)
           && runOrFail(QStringLiteral("tar"), {QStringLiteral("-cf"), tarball, QStringLiteral("-C"), staging, QStringLiteral(".")}, error);
}

// Holds the machine-wide lock for as long as it lives.
class ImageLock
{
public:
    ImageLock()
    {
        m_fd = ::open("/var/tmp/trainyard-test-images.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (m_fd >= 0 && ::flock(m_fd, LOCK_EX) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~ImageLock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool held() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

bool ensure(const QString& tag, const std::function<bool(const QString&, const QString&, QString*)>& buildTarball,
            QString* error)
{
    const QString engine = podman();
    if (engine.isEmpty()) {
        *error = QStringLiteral("podman is not installed; the container tests need it (scripts/setup.sh --tests installs podman, runc and busybox-static)");
        return false;
    }
    const ImageLock lock;
    if (!lock.held()) {
        *error = QStringLiteral("cannot lock /var/tmp/trainyard-test-images.lock");
        return false;
    }
    // Looked up under the lock: a test that waited finds the image another one just built.
    if (run(engine, {QStringLiteral("image"), QStringLiteral("exists"), tag}).exitCode == 0)
        return true;
    QTemporaryDir work(QDir::tempPath() + QStringLiteral("/trainyard-image-XXXXXX"));
    if (!work.isValid()) {
        *error = QStringLiteral("cannot create a temporary folder in %1").arg(QDir::tempPath());
        return false;
    }
    const QString staging = work.path() + QStringLiteral("/root");
    const QString tarball = work.path() + QStringLiteral("/root.tar");
    QDir().mkpath(staging);
    if (!buildTarball(staging, tarball, error)) {
        *error = QStringLiteral("building %1: %2").arg(tag, *error);
        return false;
    }
    if (!runOrFail(engine, {QStringLiteral("import"), QStringLiteral("--quiet"), tarball, tag}, error)) {
        *error = QStringLiteral("building %1: %2").arg(tag, *error);
        return false;
    }
    return true;
}

} // namespace

QString podman() { return QStandardPaths::findExecutable(QStringLiteral("podman")); }

bool ensureBusybox(QString* error) { return ensure(QString::fromLatin1(kBusybox), buildBusyboxTarball, error); }

bool ensurePython(QString* error) { return ensure(QString::fromLatin1(kPython), buildPythonTarball, error); }

bool ensureMpi(QString* error) { return ensure(QString::fromLatin1(kMpi), buildMpiTarball, error); }

} // namespace ContainerImages
