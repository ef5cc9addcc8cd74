// Shared helpers for the test suites: isolated temporary folders and paths of the built programs.
#pragma once

#include <QString>
#include <QStringList>

namespace TestSupport {

// Directory holding trainyard-cli and trainyard-runner of this build.
QString binDir();
// Root of the source tree (for resources/sample and friends).
QString sourceDir();
// Debian's interpreter, which sees python3-numpy and python3-sklearn (the pyenv one on PATH may not).
QString systemPython();
// Writes a file (creating parent folders); returns false on failure.
bool writeFile(const QString& path, const QByteArray& data);
QByteArray readFile(const QString& path);

} // namespace TestSupport
