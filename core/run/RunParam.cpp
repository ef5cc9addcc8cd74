#include "run/RunParam.h"

#include <QJsonArray>

#include <cmath>

RunParam RunParam::fromText(const QString& name, const QString& value, const QString& source)
{
    RunParam param;
    param.name = name;
    param.value = value;
    param.source = source;
    bool ok = false;
    const double number = value.trimmed().toDouble(&ok);
    if (ok && std::isfinite(number))
        param.number = number;
    return param;
}

QVector<RunParam> RunParam::fromEstimatorJson(const QJsonObject& estimator)
{
    QVector<RunParam> params;
    const QJsonArray scriptParams = estimator.value(QStringLiteral("script_params")).toArray();
    for (const auto& entry : scriptParams) {
        const QJsonObject object = entry.toObject();
        QString name = object.value(QStringLiteral("key")).toString();
        while (name.startsWith(QLatin1Char('-')))
            name.remove(0, 1);
        if (name.isEmpty())
            continue;
        const QString kind = object.value(QStringLiteral("kind")).toString();
        RunParam param;
        if (kind == QLatin1String("flag")) {
            param = fromText(name, QStringLiteral("true"), scriptSource());
        } else if (kind == QLatin1String("dataset")) {
            // A dataset reference is a name, never a number, even when the name is "2020".
            param.name = name;
            param.value = object.value(QStringLiteral("dataset")).toString();
            param.source = scriptSource();
        } else {
            param = fromText(name, object.value(QStringLiteral("value")).toString(), scriptSource());
        }
        for (int i = 0; i < params.size(); ++i) {
            if (params[i].name == name) {
                params.remove(i);
                break;
            }
        }
        params.append(param);
    }
    return params;
}
