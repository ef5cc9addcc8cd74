#include "targets/ssh/SshHosts.h"

#include <QJsonArray>
#include <QRegularExpression>

SshHostEntry SshHosts::parse(const QString& entry)
{
    SshHostEntry parsed;
    const QString text = entry.trimmed();
    // A host never starts with '-' (it would read as an option of ssh or mpirun) and holds no space, comma
    // (mpirun's --host list separator) or colon besides the port's.
    static const QRegularExpression pattern(QStringLiteral("^([A-Za-z0-9_.][A-Za-z0-9_.-]*)(?::(\\d{1,5}))?$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return parsed;
    const int port = match.captured(2).isEmpty() ? 0 : match.captured(2).toInt();
    if (!match.captured(2).isEmpty() && (port < 1 || port > 65535))
        return parsed;
    parsed.host = match.captured(1);
    parsed.port = port;
    return parsed;
}

QString SshHosts::extraHostsProblem(const QJsonValue& value)
{
    if (!value.isArray())
        return QStringLiteral("expected a list of hosts (HOST or HOST:PORT)");
    for (const QJsonValue& item : value.toArray()) {
        if (!item.isString() || parse(item.toString()).host.isEmpty())
            return QStringLiteral("expected HOST or HOST:PORT (a name or address, a port from 1 to 65535), not \"%1\"")
                .arg(item.isString() ? item.toString() : QStringLiteral("a non-text value"));
    }
    return QString();
}

QStringList SshHosts::names(const TargetConfig& target)
{
    QStringList result{target.settings.value(QStringLiteral("host")).toString()};
    for (const QJsonValue& item : target.settings.value(QStringLiteral("extra_hosts")).toArray())
        result << parse(item.toString()).host;
    return result;
}

QVector<TargetConfig> SshHosts::configs(const TargetConfig& target)
{
    QVector<TargetConfig> result{target};
    for (const QJsonValue& item : target.settings.value(QStringLiteral("extra_hosts")).toArray()) {
        const SshHostEntry entry = parse(item.toString());
        TargetConfig host = target;
        host.settings.insert(QStringLiteral("host"), entry.host);
        if (entry.port > 0)
            host.settings.insert(QStringLiteral("port"), entry.port);
        host.settings.remove(QStringLiteral("extra_hosts"));
        result << host;
    }
    return result;
}
