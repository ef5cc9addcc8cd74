#include "targets/TargetKind.h"

#include "targets/local/LocalTarget.h"
#include "targets/slurm/SlurmTarget.h"
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
    static const QVector<TargetKind> kinds{LocalTarget::kind(), SshTarget::kind(), SlurmTarget::kind()};
    return kinds;
}
} // namespace

QJsonValue TargetSetting::numberValue(const QString& text)
{
    bool ok = false;
    const double number = text.trimmed().toDouble(&ok);
    return ok ? QJsonValue(number) : QJsonValue(text);
}

QJsonValue TargetSetting::textsValue(const QStringList& texts) { return QJsonArray::fromStringList(texts); }

QJsonValue TargetSetting::listValue(const QString& text)
{
    QJsonArray items;
    for (const QString& item : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        items.append(item.trimmed());
    return items;
}

QJsonValue TargetSetting::booleanValue(const QString& text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("1"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("0"))
        return false;
    return text;
}

QString TargetSetting::interpreterProblem(const QJsonValue& v)
{
    return v.isString() && !v.toString().isEmpty() ? QString() : QStringLiteral("expected an interpreter path or name");
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

QVector<TargetSetting> TargetKinds::environmentSettings()
{
    // Values reach the environment tool as arguments of its own programs (pip, conda), never a shell, but a
    // line break or a space in one is always a mistake that would surface far from here.
    const auto oneWord = [](const QJsonValue& v, bool allowEmpty) {
        if (!v.isString())
            return QStringLiteral("expected a text");
        const QString text = v.toString();
        if (text.isEmpty())
            return allowEmpty ? QString() : QStringLiteral("expected a value, got an empty text");
        for (const QChar c : text)
            if (c.isSpace() || c.category() == QChar::Other_Control)
                return QStringLiteral("expected no spaces or control characters, got \"%1\"").arg(text);
        return QString();
    };
    const auto url = [oneWord](const QJsonValue& v) { return oneWord(v, true); };
    const auto wordList = [oneWord](const QJsonValue& v) {
        if (!v.isArray())
            return QStringLiteral("expected a list (A,B,...)");
        for (const QJsonValue& item : v.toArray())
            if (const QString problem = oneWord(item, false); !problem.isEmpty())
                return problem;
        return QString();
    };
    const auto boolean = [](const QJsonValue& v) {
        return v.isBool() ? QString() : QStringLiteral("expected true or false, got \"%1\"").arg(v.toVariant().toString());
    };
    const auto toolChoice = [](const QStringList& names) {
        return [names](const QJsonValue& v) {
            const QString text = v.toString();
            if (v.isString() && (names.contains(text) || (text.startsWith(QLatin1Char('/')) && !text.contains(QLatin1Char('\n')))))
                return QString();
            return QStringLiteral("expected %1 or an absolute path, got \"%2\"")
                .arg(names.join(QStringLiteral(", ")), v.toVariant().toString());
        };
    };
    const auto folder = [](const QJsonValue& v) {
        const QString text = v.toString();
        if (!v.isString() || text.isEmpty() || text.contains(QLatin1Char('\n'))
            || !(text.startsWith(QLatin1Char('/')) || text.startsWith(QLatin1String("~/"))))
            return QStringLiteral("expected an absolute path (or one starting with ~/), got \"%1\"").arg(v.toVariant().toString());
        return QString();
    };
    return {
        {QStringLiteral("pip_index_url"), QStringLiteral("pip-index-url"), QStringLiteral("URL"),
         QStringLiteral("pip's package index (default: pip's own configuration)"), url},
        {QStringLiteral("pip_extra_index_urls"), QStringLiteral("pip-extra-index-urls"), QStringLiteral("URL,..."),
         QStringLiteral("Further package indexes pip searches"), wordList, TargetSetting::listValue},
        {QStringLiteral("pip_find_links"), QStringLiteral("pip-find-links"), QStringLiteral("DIR|URL,..."),
         QStringLiteral("Folders or pages of wheels pip installs from (offline mirrors)"), wordList, TargetSetting::listValue},
        {QStringLiteral("pip_trusted_hosts"), QStringLiteral("pip-trusted-hosts"), QStringLiteral("HOST,..."),
         QStringLiteral("Hosts pip reaches without a valid certificate"), wordList, TargetSetting::listValue},
        {QStringLiteral("pip_system_site_packages"), QStringLiteral("pip-system-site-packages"), QStringLiteral("true|false"),
         QStringLiteral("Environments also see the interpreter's own packages (numpy, torch of the system)"), boolean,
         TargetSetting::booleanValue},
        {QStringLiteral("conda_tool"), QStringLiteral("conda-tool"), QStringLiteral("auto|conda|mamba|micromamba|PATH"),
         QStringLiteral("What builds conda environments (auto: the first of conda, mamba, micromamba)"),
         toolChoice({QStringLiteral("auto"), QStringLiteral("conda"), QStringLiteral("mamba"), QStringLiteral("micromamba")})},
        {QStringLiteral("container_engine"), QStringLiteral("container-engine"), QStringLiteral("auto|podman|docker|PATH"),
         QStringLiteral("What runs custom_docker_image (auto: podman, else docker)"),
         toolChoice({QStringLiteral("auto"), QStringLiteral("podman"), QStringLiteral("docker")})},
        {QStringLiteral("container_insecure_registries"), QStringLiteral("container-insecure-registries"),
         QStringLiteral("HOST[:PORT],..."),
         QStringLiteral("Registries images are pulled from without TLS (a lab registry on plain HTTP)"), wordList,
         TargetSetting::listValue},
        {QStringLiteral("environments_dir"), QStringLiteral("environments-dir"), QStringLiteral("DIR"),
         QStringLiteral("Where the target keeps built environments"), folder},
    };
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
