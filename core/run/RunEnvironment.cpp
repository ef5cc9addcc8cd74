#include "run/RunEnvironment.h"

#include "targets/TargetKind.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>

bool RunEnvironment::isSecretName(const QString& name)
{
    static const QRegularExpression secret(QStringLiteral("TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|KEY$"),
                                           QRegularExpression::CaseInsensitiveOption);
    return secret.match(name).hasMatch();
}

void RunEnvironment::set(const QString& name, const QString& value)
{
    const bool secret = isSecretName(name);
    for (Variable& v : m_variables) {
        if (v.name == name) {
            v.value = secret ? QString() : value;
            v.secret = secret;
            return;
        }
    }
    m_variables.append({name, secret ? QString() : value, secret});
}

RunEnvironment RunEnvironment::decide(const TargetKind& kind, const TargetConfig& target, const Estimator& estimator,
                                      const QProcessEnvironment& submitter)
{
    RunEnvironment env;
    QStringList names = submitter.keys();
    std::sort(names.begin(), names.end());
    const QStringList base = kind.baseEnvironmentFor ? kind.baseEnvironmentFor(target) : kind.baseEnvironment;
    for (const QString& pattern : base) {
        const bool prefix = pattern.endsWith(QLatin1Char('*'));
        for (const QString& name : names)
            if (prefix ? name.startsWith(pattern.chopped(1)) : name == pattern)
                env.set(name, submitter.value(name));
    }
    for (const QString& name : target.passedEnvironment())
        if (submitter.contains(name))
            env.set(name, submitter.value(name));
    for (const auto& [name, value] : estimator.environmentVariables)
        env.set(name, value);
    return env;
}

RunEnvironment RunEnvironment::fromJson(const QJsonArray& json)
{
    RunEnvironment env;
    for (const QJsonValue& item : json) {
        const QJsonObject o = item.toObject();
        env.m_variables.append({o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("value")).toString(),
                                o.value(QStringLiteral("secret")).toBool()});
    }
    return env;
}

QJsonArray RunEnvironment::toJson() const
{
    QJsonArray array;
    for (const Variable& v : m_variables) {
        if (v.secret)
            array.append(QJsonObject{{QStringLiteral("name"), v.name}, {QStringLiteral("secret"), true}});
        else
            array.append(QJsonObject{{QStringLiteral("name"), v.name}, {QStringLiteral("value"), v.value}});
    }
    return array;
}

QHash<QString, QString> RunEnvironment::resolve(const Estimator& estimator, const QProcessEnvironment& starter) const
{
    QHash<QString, QString> result;
    for (const Variable& v : m_variables) {
        if (!v.secret)
            result.insert(v.name, v.value);
        else if (starter.contains(v.name))
            result.insert(v.name, starter.value(v.name));
    }
    for (const auto& [name, value] : estimator.environmentVariables)
        result.insert(name, value);
    return result;
}

bool RunEnvironment::writeRecord(const QString& path, const QHash<QString, QString>& environment, QString* error)
{
    QStringList names = environment.keys();
    std::sort(names.begin(), names.end());
    QJsonArray variables;
    for (const QString& name : names) {
        if (isSecretName(name))
            variables.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("secret"), true}});
        else
            variables.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), environment.value(name)}});
    }
    QSaveFile file(path);
    const QByteArray data = QJsonDocument(QJsonObject{{QStringLiteral("variables"), variables}}).toJson(QJsonDocument::Indented);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
