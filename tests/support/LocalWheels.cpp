#include "LocalWheels.h"

#include "TestSupport.h"

#include <QProcess>

namespace {

// Wheels are zip files with a RECORD of sha256 digests; Python's zipfile writes them without setuptools.
const char wheelWriter[] = R"(
import base64, hashlib, os, sys, zipfile
folder, name, version, requirements = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
dist = "%s-%s.dist-info" % (name, version)
files = [
    ("%s/__init__.py" % name, '__version__ = "%s"\n' % version),
    ("%s/METADATA" % dist, "Metadata-Version: 2.1\nName: %s\nVersion: %s\n%s"
        % (name, version, "".join("Requires-Dist: %s\n" % r for r in requirements))),
    ("%s/WHEEL" % dist, "Wheel-Version: 1.0\nGenerator: trainyard-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
]
def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
record = "".join("%s,%s,%d\n" % (p, digest(t.encode()), len(t.encode())) for p, t in files)
record += "%s/RECORD,,\n" % dist
os.makedirs(folder, exist_ok=True)
path = os.path.join(folder, "%s-%s-py3-none-any.whl" % (name, version))
with zipfile.ZipFile(path + ".part", "w", zipfile.ZIP_DEFLATED) as wheel:
    for p, t in files:
        wheel.writestr(p, t)
    wheel.writestr("%s/RECORD" % dist, record)
os.replace(path + ".part", path)
)";

} // namespace

bool LocalWheels::write(const QString& folder, const QString& name, const QString& version, QString* error,
                        const QStringList& requirements)
{
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start(TestSupport::systemPython(),
                 QStringList{QStringLiteral("-c"), QString::fromUtf8(wheelWriter), folder, name, version} +
                     requirements);
    if (!python.waitForFinished(60000) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        *error = QStringLiteral("cannot write the wheel %1 %2 into %3: %4")
                     .arg(name, version, folder, QString::fromUtf8(python.readAll()) + python.errorString());
        return false;
    }
    return true;
}

bool LocalWheels::writeUninstallable(const QString& folder, const QString& name, const QString& version,
                                     QString* error)
{
    return write(folder, name, version, error, QStringList{missingRequirement()});
}
