// Command lines for a remote POSIX shell. ssh hands the remote account's shell one string, so every value
// (script parameters, file names, paths) is quoted here, whatever it contains: spaces, quotes, $(),
// backticks, ';', newlines, non-ASCII. Nothing a user typed is ever left for the remote shell to interpret.
#pragma once

#include <QString>
#include <QStringList>

class RemoteShell
{
public:
    // 'value' with every ' written as '\'' : the shell reads it back byte for byte.
    static QString quote(const QString& value);
    // A path whose leading "~/" the remote shell expands to the account's home ("$HOME"/'rest'); any other
    // path is quoted as it is.
    static QString quotePath(const QString& path);
    // Each argument quoted, separated by spaces.
    static QString commandLine(const QStringList& argv);
    // A path below a folder given with "~/": joined without losing the "~/" for quotePath.
    static QString join(const QString& folder, const QString& relative);
};
