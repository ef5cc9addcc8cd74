#include "estimator/YamlSupport.h"

#include <QFile>
#include <QFileInfo>
#include <QVector>

#include <yaml-cpp/depthguard.h>

#include <algorithm>

namespace {

int editDistance(const QString& a, const QString& b)
{
    QVector<int> previous(b.size() + 1), current(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

} // namespace

QString YamlSupport::text(const std::string& text) { return QString::fromUtf8(text.data(), qsizetype(text.size())); }

QString YamlSupport::quoted(const QString& text)
{
    constexpr int MaxShown = 60;
    QString shown = text.size() > MaxShown ? text.left(MaxShown) + QStringLiteral("…") : text;
    shown.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    shown.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    shown.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    shown.replace(QLatin1Char('\t'), QStringLiteral("\\t"));
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

QString YamlSupport::describe(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Null:
        return QStringLiteral("nothing (null)");
    case YAML::NodeType::Scalar:
        return quoted(text(node.Scalar()));
    case YAML::NodeType::Sequence:
        return QStringLiteral("a list");
    case YAML::NodeType::Map:
        return QStringLiteral("a mapping");
    case YAML::NodeType::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString YamlSupport::suggestion(const QString& key, const QStringList& known)
{
    QString best;
    int bestDistance = 3;
    for (const QString& candidate : known) {
        const int distance = editDistance(key, candidate);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return best.isEmpty() ? QString() : QStringLiteral(" (did you mean ") + quoted(best) + QStringLiteral("?)");
}

QString YamlSupport::label(const QString& path)
{
    const QString name = QFileInfo(path).fileName();
    return name.isEmpty() ? path : name;
}

std::optional<QByteArray> YamlSupport::readFile(const QString& path, qint64 maxSize, const QString& kind,
                                                QStringList* errors)
{
    const QFileInfo info(path);
    const QString prefix = label(path) + QStringLiteral(": ");
    if (!info.exists()) {
        errors->append(prefix + QStringLiteral("file not found: ") + info.absoluteFilePath());
        return std::nullopt;
    }
    if (!info.isFile()) {
        errors->append(prefix + QStringLiteral("not a regular file: ") + info.absoluteFilePath());
        return std::nullopt;
    }
    if (info.size() > maxSize) {
        errors->append(prefix + QStringLiteral("file is too large (%1 bytes; %2 is at most %3 bytes)")
                                    .arg(info.size())
                                    .arg(kind)
                                    .arg(maxSize));
        return std::nullopt;
    }
    QFile file(info.absoluteFilePath());
    if (!file.open(QIODevice::ReadOnly)) {
        errors->append(prefix + QStringLiteral("cannot read ") + info.absoluteFilePath() + QStringLiteral(": ")
                       + file.errorString());
        return std::nullopt;
    }
    // Bounded by the size check above, with one byte more to notice a file that grew meanwhile.
    const QByteArray data = file.read(maxSize + 1);
    if (data.size() > maxSize) {
        errors->append(prefix + QStringLiteral("file is too large (%1 is at most %2 bytes)").arg(kind).arg(maxSize));
        return std::nullopt;
    }
    return data;
}

std::optional<YAML::Node> YamlSupport::load(const QByteArray& yaml, const QString& label, QStringList* errors)
{
    try {
        return YAML::Load(std::string(yaml.constData(), std::size_t(yaml.size())));
    } catch (const YAML::DeepRecursion& exception) {
        // yaml-cpp's own message here is "bad file", which tells the user nothing.
        errors->append(label + QStringLiteral(": line %1, column %2: nested too deeply (%3 levels)")
                                   .arg(exception.mark.line + 1)
                                   .arg(exception.mark.column + 1)
                                   .arg(exception.depth()));
    } catch (const YAML::Exception& exception) {
        errors->append(label + QStringLiteral(": line %1, column %2: %3")
                                   .arg(exception.mark.line + 1)
                                   .arg(exception.mark.column + 1)
                                   .arg(text(exception.msg)));
    }
    return std::nullopt;
}
