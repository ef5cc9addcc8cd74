#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace TestSupport {

QString binDir() { return QStringLiteral(TRAINYARD_BIN_DIR); }
QString sourceDir() { return QStringLiteral(TRAINYARD_SOURCE_DIR); }
QString systemPython() { return QStringLiteral("/usr/bin/python3"); }

bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(data) == data.size();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace TestSupport
