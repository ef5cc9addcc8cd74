// Pure-Python wheels written on the spot, so pip installs from a local --find-links folder and never needs an
// index (none is reachable from the test machines).
#pragma once

#include <QString>
#include <QStringList>

class LocalWheels
{
public:
    // Writes FOLDER/NAME-VERSION-py3-none-any.whl: a package NAME whose __init__.py sets
    // __version__ = "VERSION", with one "Requires-Dist" line per entry of `requirements`. False with the reason
    // when the wheel could not be written.
    static bool write(const QString& folder, const QString& name, const QString& version, QString* error,
                      const QStringList& requirements = {});
    // A wheel whose installation fails: it requires `tymissing>=1`, which no folder of these tests holds, so pip
    // ends with "Could not find a version that satisfies the requirement tymissing>=1".
    static bool writeUninstallable(const QString& folder, const QString& name, const QString& version,
                                   QString* error);
    static QString missingRequirement() { return QStringLiteral("tymissing>=1"); }
};
