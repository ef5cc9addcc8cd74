#include "environments/EnvironmentSpec.h"

#include "snapshot/SnapshotStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace {

// Environment files are a few kilobytes; a larger "requirements.txt" is almost certainly the wrong file.
constexpr qint64 kMaxDefinitionBytes = 4 * 1024 * 1024;

QString pep503Name(const QString& name)
{
    static const QRegularExpression separators(QStringLiteral("[-_.]+"));
    return name.toLower().replace(separators, QStringLiteral("-"));
}

// Whitespace around the operators goes, other runs of whitespace become one space; quoted text is kept as
// it is. Used for markers and conda specs, where words ("and", "not in", a build string) need their spaces.
QString squeezeAroundOperators(const QString& text, const QString& operators)
{
    QString out;
    bool pendingSpace = false;
    QChar quote;
    for (const QChar c : text.trimmed()) {
        if (!quote.isNull()) {
            out += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c.isSpace()) {
            pendingSpace = true;
            continue;
        }
        if (pendingSpace && !out.isEmpty() && !operators.contains(c) && !operators.contains(out.back()))
            out += QLatin1Char(' ');
        pendingSpace = false;
        if (c == QLatin1Char('\'') || c == QLatin1Char('"'))
            quote = c;
        out += c;
    }
    return out;
}

QString withoutWhitespace(const QString& text)
{
    QString out;
    for (const QChar c : text)
        if (!c.isSpace())
            out += c;
    return out;
}

bool looksLikeArchiveOrPath(const QString& text)
{
    static const QRegularExpression archive(QStringLiteral("\\.(whl|zip|tar\\.gz|tgz|tar\\.bz2|tar\\.xz)$"),
                                            QRegularExpression::CaseInsensitiveOption);
    return text.contains(QLatin1Char('/')) || text.contains(QLatin1Char('\\')) ||
           archive.match(text).hasMatch();
}

QJsonArray stringArray(const QJsonValue& value)
{
    QJsonArray out;
    if (value.isString()) {
        // A value set by hand as one text: "a,b" like the CLI's list flags.
        for (const QString& item : value.toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
            out.append(item.trimmed());
        return out;
    }
    for (const QJsonValue& item : value.toArray())
        if (!item.toString().trimmed().isEmpty())
            out.append(item.toString().trimmed());
    return out;
}

QJsonArray toArray(const QStringList& list)
{
    QJsonArray out;
    for (const QString& item : list)
        out.append(item);
    return out;
}

} // namespace

QString EnvironmentSpec::normalisePackage(const QString& requirement)
{
    const QString text = requirement.trimmed();
    if (text.isEmpty())
        return text;
    const qsizetype semicolon = text.indexOf(QLatin1Char(';'));
    const QString requirementPart = (semicolon < 0 ? text : text.left(semicolon)).trimmed();
    const QString marker = semicolon < 0
                               ? QString()
                               : squeezeAroundOperators(text.mid(semicolon + 1), QStringLiteral("<>=!~()"));

    static const QRegularExpression shape(
        QStringLiteral("^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[([^\\]]*)\\])?\\s*(.*)$"),
        QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = shape.match(requirementPart);
    if (!match.hasMatch() || looksLikeArchiveOrPath(match.captured(1)))
        return text;

    QString result = pep503Name(match.captured(1));
    if (match.capturedLength(2) > 0) {
        QStringList extras;
        for (const QString& extra : match.captured(2).split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!extra.trimmed().isEmpty())
                extras << pep503Name(extra.trimmed());
        std::sort(extras.begin(), extras.end());
        extras.removeDuplicates();
        if (!extras.isEmpty())
            result += QLatin1Char('[') + extras.join(QLatin1Char(',')) + QLatin1Char(']');
    }
    const QString rest = match.captured(3).trimmed();
    if (rest.startsWith(QLatin1Char('@'))) {
        result += QStringLiteral(" @ ") + rest.mid(1).trimmed();
    } else if (!rest.isEmpty()) {
        QString specifiers = withoutWhitespace(rest);
        if (specifiers.startsWith(QLatin1Char('(')) && specifiers.endsWith(QLatin1Char(')')))
            specifiers = specifiers.mid(1, specifiers.size() - 2);
        static const QRegularExpression operatorFirst(QStringLiteral("^(===|==|!=|~=|<=|>=|<|>)"));
        QStringList parts = specifiers.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString& part : parts)
            if (!operatorFirst.match(part).hasMatch())
                return text; // not a requirement pip would read; left for pip to judge as written
        std::sort(parts.begin(), parts.end());
        parts.removeDuplicates();
        result += parts.join(QLatin1Char(','));
    }
    if (!marker.isEmpty())
        result += QStringLiteral("; ") + marker;
    return result;
}

QString EnvironmentSpec::normaliseCondaPackage(const QString& spec)
{
    const QString text = spec.trimmed();
    if (text.isEmpty())
        return text;
    QString channel;
    QString rest = text;
    const qsizetype channelEnd = text.indexOf(QStringLiteral("::"));
    if (channelEnd > 0) {
        channel = text.left(channelEnd).trimmed() + QStringLiteral("::");
        rest = text.mid(channelEnd + 2).trimmed();
    }
    static const QRegularExpression shape(QStringLiteral("^([A-Za-z0-9_][A-Za-z0-9._-]*)(.*)$"),
                                          QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = shape.match(rest);
    if (!match.hasMatch() || looksLikeArchiveOrPath(rest))
        return text;
    const QString version = squeezeAroundOperators(match.captured(2), QStringLiteral("=<>!~,|[]"));
    const bool needsSpace = !version.isEmpty() && !QStringLiteral("=<>!~[").contains(version.front());
    return channel + match.captured(1).toLower() + (needsSpace ? QStringLiteral(" ") : QString()) + version;
}

QStringList EnvironmentSpec::normalisedPip(const QStringList& requirements)
{
    QStringList out;
    for (const QString& r : requirements)
        if (const QString n = normalisePackage(r); !n.isEmpty())
            out << n;
    std::sort(out.begin(), out.end());
    out.removeDuplicates();
    return out;
}

QStringList EnvironmentSpec::normalisedConda(const QStringList& specs)
{
    QStringList out;
    for (const QString& s : specs)
        if (const QString n = normaliseCondaPackage(s); !n.isEmpty())
            out << n;
    std::sort(out.begin(), out.end());
    out.removeDuplicates();
    return out;
}

QString EnvironmentSpec::fileKind(const QString& name, const QString& content)
{
    const QString lower = name.toLower();
    if (lower.endsWith(QLatin1String(".yml")) || lower.endsWith(QLatin1String(".yaml")))
        return QStringLiteral("conda-yml");
    if (lower.endsWith(QLatin1String(".lock")) || content.contains(QLatin1String("@EXPLICIT")))
        return QStringLiteral("conda-lock");
    return QStringLiteral("requirements");
}

QJsonObject EnvironmentSpec::pipOptionsOf(const TargetConfig& target)
{
    const QJsonObject& s = target.settings;
    const QJsonValue site = s.value(QStringLiteral("pip_system_site_packages"));
    return QJsonObject{
        {QStringLiteral("index_url"), s.value(QStringLiteral("pip_index_url")).toString().trimmed()},
        {QStringLiteral("extra_index_urls"), stringArray(s.value(QStringLiteral("pip_extra_index_urls")))},
        {QStringLiteral("find_links"), stringArray(s.value(QStringLiteral("pip_find_links")))},
        {QStringLiteral("trusted_hosts"), stringArray(s.value(QStringLiteral("pip_trusted_hosts")))},
        {QStringLiteral("system_site_packages"),
         site.isBool() ? site.toBool() : site.toString() == QLatin1String("true")},
    };
}

QString EnvironmentSpec::condaToolOf(const TargetConfig& target)
{
    const QString tool = target.settings.value(QStringLiteral("conda_tool")).toString().trimmed();
    return tool.isEmpty() ? QStringLiteral("auto") : tool;
}

EnvironmentSpec::EnvironmentSpec(const Estimator& estimator, const TargetConfig& target,
                                 const std::optional<DefinitionFile>& file)
    : m_pip(normalisedPip(estimator.pipPackages)), m_conda(normalisedConda(estimator.condaPackages)),
      m_file(file), m_pipOptions(pipOptionsOf(target)), m_condaTool(condaToolOf(target)),
      m_image(estimator.customDockerImage.trimmed()), m_userManaged(estimator.userManagedDependencies)
{
    const bool condaFile = m_file && m_file->kind != QLatin1String("requirements");
    if (m_userManaged)
        m_manager = QStringLiteral("none");
    else if (!m_conda.isEmpty() || condaFile)
        m_manager = QStringLiteral("conda");
    else if (!m_pip.isEmpty() || m_file)
        m_manager = QStringLiteral("pip");
    else
        m_manager = QStringLiteral("none");
}

bool EnvironmentSpec::readDefinitionFile(const Estimator& estimator, const QString& storeDir,
                                         const QString& snapshotId, std::optional<DefinitionFile>* file,
                                         QString* error)
{
    file->reset();
    const QString path = estimator.environmentDefinition.trimmed();
    if (path.isEmpty())
        return true;
    QByteArray bytes;
    if (QDir::isAbsolutePath(path)) {
        QFile in(path);
        if (!in.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("environment_definition: cannot read %1: %2").arg(path, in.errorString());
            return false;
        }
        if (in.size() > kMaxDefinitionBytes) {
            *error = QStringLiteral("environment_definition: %1 is too large (%2 bytes; at most %3)")
                         .arg(path)
                         .arg(in.size())
                         .arg(kMaxDefinitionBytes);
            return false;
        }
        bytes = in.read(kMaxDefinitionBytes + 1);
        if (in.error() != QFileDevice::NoError) {
            *error = QStringLiteral("environment_definition: cannot read %1: %2").arg(path, in.errorString());
            return false;
        }
    } else {
        QString readError;
        const auto content =
            SnapshotStore(storeDir).readFile(snapshotId, path, kMaxDefinitionBytes, &readError);
        if (!content) {
            *error = QStringLiteral("environment_definition: cannot read %1 (in %2): %3")
                         .arg(path, estimator.sourceDirectory, readError);
            return false;
        }
        bytes = *content;
    }
    QString text = QString::fromUtf8(bytes);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    const QString name = QFileInfo(path).fileName();
    *file = DefinitionFile{name, fileKind(name, text), text};
    return true;
}

std::optional<EnvironmentSpec> EnvironmentSpec::forRun(const Estimator& estimator, const TargetConfig& target,
                                                       const QString& storeDir, const QString& snapshotId,
                                                       QString* error)
{
    std::optional<DefinitionFile> file;
    if (!readDefinitionFile(estimator, storeDir, snapshotId, &file, error))
        return std::nullopt;
    return EnvironmentSpec(estimator, target, file);
}

QJsonObject EnvironmentSpec::canonicalJson() const
{
    QJsonValue file;
    if (m_file) {
        const QByteArray content = m_file->content.toUtf8();
        file = QJsonObject{
            {QStringLiteral("name"), m_file->name},
            {QStringLiteral("kind"), m_file->kind},
            {QStringLiteral("sha256"),
             QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex())},
            {QStringLiteral("content"), m_file->content}};
    }
    QJsonObject options{{QStringLiteral("pip"), m_pipOptions}};
    if (m_manager == QLatin1String("conda"))
        options.insert(QStringLiteral("conda_tool"), m_condaTool);
    return QJsonObject{
        {QStringLiteral("manager"), m_manager},      {QStringLiteral("pip"), toArray(m_pip)},
        {QStringLiteral("conda"), toArray(m_conda)}, {QStringLiteral("file"), file},
        {QStringLiteral("options"), options},        {QStringLiteral("user_managed"), m_userManaged}};
}
