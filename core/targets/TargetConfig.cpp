#include "targets/TargetConfig.h"

#include <QFileInfo>
#include <QJsonArray>

QString TargetConfig::python() const
{
    const QString configured = settings.value(QStringLiteral("python")).toString();
    if (!configured.isEmpty())
        return configured;
    // A pyenv or virtualenv python3 first on PATH often cannot see the distribution's ML packages; the
    // system interpreter is the predictable default for the local target.
    if (kind == QLatin1String("local") && QFileInfo::exists(QStringLiteral("/usr/bin/python3")))
        return QStringLiteral("/usr/bin/python3");
    return QStringLiteral("python3");
}

QStringList TargetConfig::passedEnvironment() const
{
    QStringList names;
    for (const QJsonValue& v : settings.value(QStringLiteral("environment")).toArray())
        names << v.toString();
    return names;
}
