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

namespace {

// Of two params with the same name the later one counts, at the later one's place.
void appendReplacing(QVector<RunParam>& params, const RunParam& param)
{
    for (int i = 0; i < params.size(); ++i) {
        if (params[i].name == param.name) {
            params.remove(i);
            break;
        }
    }
    params.append(param);
}

bool isOptionWord(const QJsonObject& argument)
{
    return argument.value(QStringLiteral("kind")).toString() != QLatin1String("dataset")
        && argument.value(QStringLiteral("value")).toString().startsWith(QLatin1String("--"));
}

} // namespace

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
        appendReplacing(params, param);
    }

    // arguments read the way argparse reads them: "--name value" and "--name=value" are params, "--flag" before
    // another option or at the end is true, positional words are not params, and after "--" nothing is.
    const QJsonArray arguments = estimator.value(QStringLiteral("arguments")).toArray();
    for (int i = 0; i < arguments.size(); ++i) {
        const QJsonObject argument = arguments[i].toObject();
        if (!isOptionWord(argument))
            continue;
        const QString word = argument.value(QStringLiteral("value")).toString();
        if (word == QLatin1String("--"))
            break;
        QString name = word;
        while (name.startsWith(QLatin1Char('-')))
            name.remove(0, 1);
        const qsizetype equals = name.indexOf(QLatin1Char('='));
        if (equals >= 0) {
            const QString value = name.mid(equals + 1);
            name.truncate(equals);
            if (!name.isEmpty())
                appendReplacing(params, fromText(name, value, scriptSource()));
            continue;
        }
        if (name.isEmpty())
            continue;
        if (i + 1 >= arguments.size() || isOptionWord(arguments[i + 1].toObject())) {
            appendReplacing(params, fromText(name, QStringLiteral("true"), scriptSource()));
            continue;
        }
        const QJsonObject next = arguments[++i].toObject();
        if (next.value(QStringLiteral("kind")).toString() == QLatin1String("dataset")) {
            RunParam param;
            param.name = name;
            param.value = next.value(QStringLiteral("dataset")).toString();
            param.source = scriptSource();
            appendReplacing(params, param);
        } else {
            appendReplacing(params, fromText(name, next.value(QStringLiteral("value")).toString(), scriptSource()));
        }
    }
    return params;
}
