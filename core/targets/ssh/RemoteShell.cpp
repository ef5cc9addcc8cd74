#include "targets/ssh/RemoteShell.h"

QString RemoteShell::quote(const QString& value)
{
    QString result;
    result.reserve(value.size() + 2);
    result += QLatin1Char('\'');
    for (const QChar c : value) {
        if (c == QLatin1Char('\''))
            result += QStringLiteral("'\\''");
        else
            result += c;
    }
    result += QLatin1Char('\'');
    return result;
}

QString RemoteShell::quotePath(const QString& path)
{
    if (path == QLatin1String("~"))
        return QStringLiteral("\"$HOME\"");
    if (path.startsWith(QLatin1String("~/")))
        return QStringLiteral("\"$HOME\"/") + quote(path.mid(2));
    return quote(path);
}

QString RemoteShell::commandLine(const QStringList& argv)
{
    QStringList quoted;
    quoted.reserve(argv.size());
    for (const QString& arg : argv)
        quoted << quote(arg);
    return quoted.join(QLatin1Char(' '));
}

QString RemoteShell::join(const QString& folder, const QString& relative)
{
    if (folder.endsWith(QLatin1Char('/')))
        return folder + relative;
    return folder + QLatin1Char('/') + relative;
}
