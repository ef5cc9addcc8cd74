#include "PythonSdkCommand.h"

#include "workspace/RuntimeResources.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>

#include <optional>

namespace {

const QString kPthName = QStringLiteral("trainyard-azureml-sdk.pth");

// The package and the helper it logs through, as the runs get them (resources/python/...).
QStringList packageFolders()
{
    return {QStringLiteral(":/trainyard/python/azureml"), QStringLiteral(":/trainyard/python/trainyard")};
}

// What the command needs to know about an interpreter, in one start of it. A folder named azureml with a
// core/ package that is not a copy of the stand-in (whose _trainyard folder marks it) is a real Azure ML SDK,
// the same test the stand-in's own azureml/__init__.py makes before it steps aside.
const char kProbe[] = R"py(
import json, os, site, sys, sysconfig
real = []
for entry in sys.path:
    candidate = os.path.join(os.path.abspath(entry or os.getcwd()), "azureml")
    if candidate in real or os.path.isdir(os.path.join(candidate, "_trainyard")):
        continue
    if os.path.isdir(os.path.join(candidate, "core")):
        real.append(candidate)
user = site.getusersitepackages() if hasattr(site, "getusersitepackages") else ""
print(json.dumps({"executable": sys.executable, "version": ".".join(str(v) for v in sys.version_info[:3]),
                  "major": sys.version_info[0], "minor": sys.version_info[1],
                  "purelib": sysconfig.get_paths()["purelib"], "user_site": user,
                  "user_site_enabled": bool(site.ENABLE_USER_SITE),
                  "venv": sys.prefix != getattr(sys, "base_prefix", sys.prefix), "real_azureml": real}))
)py";

struct Interpreter {
    QString path;
    QJsonObject facts;
    QString version() const { return facts.value(QStringLiteral("version")).toString(); }
};

struct ProgramResult {
    bool started = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ProgramResult runPython(const QString& python, const QStringList& arguments)
{
    QProcess process;
    process.start(python, arguments);
    ProgramResult result;
    if (!process.waitForStarted(30000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    result.started = true;
    process.closeWriteChannel();
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = "did not answer within 120 s";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// The content-named folder the package is installed from: a new Trainyard with changed files gets a new one,
// and interpreters installed by an older one keep theirs.
QString packageRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/trainyard/python-sdk/") +
           QString::fromLatin1(RuntimeResources::contentHash(packageFolders()).left(12));
}

// Copies the package out of the binary (only what changed) and records which trainyard-cli it drives.
bool writePackage(const QString& root, QString* error)
{
    for (const QString& folder : packageFolders())
        if (!RuntimeResources::copy(folder, root + QLatin1Char('/') + QFileInfo(folder).fileName(), error))
            return false;
    const QJsonObject record{{QStringLiteral("cli"), QCoreApplication::applicationFilePath()},
                             {QStringLiteral("version"), QFileInfo(root).fileName()}};
    QSaveFile out(root + QStringLiteral("/install.json"));
    const QByteArray bytes = QJsonDocument(record).toJson();
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString());
        return false;
    }
    return true;
}

QString pythonPathOf(const QString& root)
{
    return root + QStringLiteral("/azureml:") + root + QStringLiteral("/trainyard");
}

} // namespace

PythonSdkCommand::PythonSdkCommand()
    : Command(
          QStringLiteral("python-sdk"), QStringLiteral("Python"),
          QStringLiteral(
              "Makes Azure ML SDK v1 code (Workspace, Experiment, Estimator, ScriptRunConfig, Run, Model) "
              "run against a Trainyard workspace: --install puts Trainyard's stand-in package into "
              "a Python interpreter (a .pth file in its site-packages naming a folder under the "
              "user's data folder), --uninstall takes it out again, --print-path prints the "
              "PYTHONPATH that gives it without installing. An interpreter that can import a real "
              "azureml-core is refused: the stand-in would step aside for it."))
{
    addFlag(QStringLiteral("install"), QStringLiteral("installs the package into the interpreter"));
    addFlag(QStringLiteral("uninstall"), QStringLiteral("removes it from the interpreter"));
    addFlag(QStringLiteral("print-path"), QStringLiteral("prints the PYTHONPATH entries of the package"));
    addOption(QStringLiteral("python"), QStringLiteral("PATH"), QStringLiteral("the interpreter"), Optional,
              QStringLiteral("python3 on PATH"));
    addFlag(QStringLiteral("user"),
            QStringLiteral("the interpreter's user site-packages instead of its own"));
}

int PythonSdkCommand::run()
{
    const int actions = int(isSet(QStringLiteral("install"))) + int(isSet(QStringLiteral("uninstall"))) +
                        int(isSet(QStringLiteral("print-path")));
    if (actions != 1)
        return invalidUsage(QStringLiteral("give one of --install, --uninstall and --print-path"));

    QString error;
    const QString root = packageRoot();
    if (isSet(QStringLiteral("print-path"))) {
        if (isSet(QStringLiteral("python")) || isSet(QStringLiteral("user")))
            return invalidUsage(
                QStringLiteral("--print-path names no interpreter: --python and --user do not apply"));
        if (!writePackage(root, &error))
            return fail(error);
        if (json())
            output().printJson(QJsonObject{{QStringLiteral("pythonpath"), pythonPathOf(root)},
                                           {QStringLiteral("package"), root}});
        else
            output().out() << pythonPathOf(root) << "\n";
        return Ok;
    }

    // The interpreter: --python (a path, or a name found on PATH), else python3 on PATH.
    const QString wanted =
        isSet(QStringLiteral("python")) ? value(QStringLiteral("python")) : QStringLiteral("python3");
    QString python = wanted.contains(QLatin1Char('/')) ? QFileInfo(wanted).absoluteFilePath()
                                                       : QStandardPaths::findExecutable(wanted);
    if (python.isEmpty() || !QFileInfo(python).isFile() || !QFileInfo(python).isExecutable())
        return fail(isSet(QStringLiteral("python"))
                        ? QStringLiteral("--python %1: not an executable file").arg(wanted)
                        : QStringLiteral("no python3 on PATH; name the interpreter with --python PATH"),
                    InvalidInput);
    const ProgramResult probed = runPython(python, {QStringLiteral("-c"), QString::fromUtf8(kProbe)});
    const QJsonObject facts = QJsonDocument::fromJson(probed.out).object();
    if (probed.exitCode != 0 || facts.isEmpty())
        return fail(QStringLiteral("%1 could not be asked where its packages go: %2")
                        .arg(python, QString::fromUtf8(probed.err.trimmed().right(2000))));
    const Interpreter interpreter{python, facts};
    const bool user = isSet(QStringLiteral("user"));
    if (user && !facts.value(QStringLiteral("user_site_enabled")).toBool())
        return fail(QStringLiteral("--user: %1 has no user site-packages%2")
                        .arg(python, facts.value(QStringLiteral("venv")).toBool()
                                         ? QStringLiteral(" (it is a virtual environment)")
                                         : QString()),
                    InvalidInput);
    const QString purelib = facts.value(QStringLiteral("purelib")).toString();
    const QString userSite = facts.value(QStringLiteral("user_site")).toString();

    if (isSet(QStringLiteral("uninstall"))) {
        QStringList removed;
        for (const QString& site : user ? QStringList{userSite} : QStringList{purelib, userSite}) {
            const QString pth = site + QLatin1Char('/') + kPthName;
            if (site.isEmpty() || !QFileInfo::exists(pth))
                continue;
            if (!QFile::remove(pth))
                return fail(QStringLiteral("cannot remove %1").arg(pth));
            removed << pth;
        }
        if (removed.isEmpty())
            return fail(
                QStringLiteral("Trainyard's Azure ML SDK stand-in is not installed for %1").arg(python));
        if (json())
            output().printJson(QJsonObject{{QStringLiteral("python"), python},
                                           {QStringLiteral("removed"), QJsonArray::fromStringList(removed)}});
        else
            for (const QString& pth : removed)
                output().out() << "Removed " << pth << "\n";
        return Ok;
    }

    if (facts.value(QStringLiteral("major")).toInt() < 3 ||
        (facts.value(QStringLiteral("major")).toInt() == 3 &&
         facts.value(QStringLiteral("minor")).toInt() < 7))
        return fail(QStringLiteral("%1 is Python %2; the stand-in needs Python 3.7 or newer")
                        .arg(python, interpreter.version()),
                    InvalidInput);
    const QJsonArray real = facts.value(QStringLiteral("real_azureml")).toArray();
    if (!real.isEmpty())
        return fail(QStringLiteral(
                        "%1 can import a real Azure ML SDK (azureml in %2); refusing to install Trainyard's "
                        "stand-in there, which would step aside for it anyway. Uninstall azureml-core from "
                        "that interpreter, or use another one (a venv).")
                        .arg(python, real.at(0).toString()));
    const QString site = user ? userSite : purelib;
    if (!writePackage(root, &error))
        return fail(error);
    if (!QDir().mkpath(site))
        return fail(QStringLiteral("cannot create %1%2")
                        .arg(site, user ? QString() : QStringLiteral("; try --user")));
    QSaveFile pth(site + QLatin1Char('/') + kPthName);
    const QByteArray lines =
        (root + QStringLiteral("/azureml\n") + root + QStringLiteral("/trainyard\n")).toUtf8();
    if (!pth.open(QIODevice::WriteOnly) || pth.write(lines) != lines.size() || !pth.commit())
        return fail(
            QStringLiteral("cannot write %1: %2%3")
                .arg(pth.fileName(), pth.errorString(), user ? QString() : QStringLiteral("; try --user")));

    // The interpreter must now find this copy: something earlier on its path (PYTHONPATH) could shadow it.
    const ProgramResult check = runPython(
        python, {QStringLiteral("-c"),
                 QStringLiteral("import os, azureml._trainyard, trainyard\n"
                                "print(os.path.dirname(os.path.dirname(azureml._trainyard.__file__)))")});
    const QString found = QString::fromUtf8(check.out).trimmed();
    if (check.exitCode != 0 || QFileInfo(found).canonicalFilePath() !=
                                   QFileInfo(root + QStringLiteral("/azureml/azureml")).canonicalFilePath())
        return fail(QStringLiteral("wrote %1, but %2 imports azureml from %3 instead")
                        .arg(pth.fileName(), python,
                             found.isEmpty() ? QString::fromUtf8(check.err.trimmed().right(1000)) : found));
    if (json()) {
        output().printJson(QJsonObject{{QStringLiteral("python"), python},
                                       {QStringLiteral("python_version"), interpreter.version()},
                                       {QStringLiteral("pth"), pth.fileName()},
                                       {QStringLiteral("package"), root},
                                       {QStringLiteral("cli"), QCoreApplication::applicationFilePath()}});
    } else {
        output().out() << "Installed Trainyard's Azure ML SDK stand-in for " << python << " (Python "
                       << interpreter.version() << "): " << pth.fileName() << " names " << root << "\n";
    }
    return Ok;
}
