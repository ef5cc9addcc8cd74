#include "targets/TargetKind.h"

#include "targets/local/LocalTarget.h"
#include "targets/ssh/SshTarget.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace {
QString positiveInteger(const QJsonValue& v)
{
    return v.isDouble() && v.toDouble() >= 1 && v.toDouble() == double(v.toInt()) ? QString()
                                                                                   : QStringLiteral("expected a positive integer");
}

QString secondsValue(const QJsonValue& v)
{
    return v.isDouble() && v.toDouble() >= 0 ? QString() : QStringLiteral("expected a number of seconds >= 0");
}

const QVector<TargetKind>& allKinds()
{
    // Every kind of target is registered on this line, and nowhere else.
    static const QVector<TargetKind> kinds{LocalTarget::kind(), SshTarget::kind()};
    return kinds;
}
} // namespace

QJsonValue TargetSetting::numberValue(const QString& text)
{
    bool ok = false;
    const double number = text.trimmed().toDouble(&ok);
    return ok ? QJsonValue(number) : QJsonValue(text);
}

QJsonValue TargetSetting::listValue(const QString& text)
{
    QJsonArray items;
    for (const QString& item : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        items.append(item.trimmed());
    return items;
}

const TargetSetting* TargetKind::setting(const QString& key) const
{
    for (const TargetSetting& s : settings)
        if (s.key == key)
            return &s;
    return nullptr;
}

const TargetKind* TargetKinds::find(const QString& name)
{
    for (const TargetKind& kind : allKinds())
        if (kind.name == name)
            return &kind;
    return nullptr;
}

QStringList TargetKinds::names()
{
    QStringList result;
    for (const TargetKind& kind : allKinds())
        result << kind.name;
    return result;
}

QStringList TargetKinds::optionalFields()
{
    return {QStringLiteral("pip_packages"),       QStringLiteral("conda_packages"),
            QStringLiteral("environment_definition"), QStringLiteral("custom_docker_image"),
            QStringLiteral("node_count"),         QStringLiteral("process_count_per_node"),
            QStringLiteral("distributed_training")};
}

QVector<TargetSetting> TargetKinds::commonSettings()
{
    return {{QStringLiteral("max_concurrent_runs"), QStringLiteral("max-concurrent-runs"), QStringLiteral("N"),
             QStringLiteral("Runs of this target at the same time"), positiveInteger, TargetSetting::numberValue},
            {QStringLiteral("cancel_grace_seconds"), QStringLiteral("cancel-grace-seconds"), QStringLiteral("S"),
             QStringLiteral("Seconds between asking a canceled job to stop and ending it"), secondsValue,
             TargetSetting::numberValue}};
}

TargetSetting TargetKinds::environmentSetting()
{
    const auto variableNames = [](const QJsonValue& v) {
        static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (!v.isArray())
            return QStringLiteral("expected a list of environment variable names");
        for (const QJsonValue& item : v.toArray())
            if (!item.isString() || !name.match(item.toString()).hasMatch())
                return QStringLiteral("expected a list of environment variable names, got \"%1\"").arg(item.toVariant().toString());
        return QString();
    };
    return {QStringLiteral("environment"), QStringLiteral("environment"), QStringLiteral("NAME,..."),
            QStringLiteral("Variables of the submitting environment that runs see, besides the base"), variableNames,
            TargetSetting::listValue};
}

QVector<TargetSetting> TargetKinds::allSettings()
{
    QVector<TargetSetting> result;
    QStringList flags;
    for (const TargetKind& kind : allKinds())
        for (const TargetSetting& setting : kind.settings)
            if (!flags.contains(setting.cliFlag)) {
                flags << setting.cliFlag;
                result << setting;
            }
    return result;
}
