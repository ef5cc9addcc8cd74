#include "metrics/SystemMetricName.h"

namespace {
const QString kPrefix = QStringLiteral("system/");
} // namespace

bool SystemMetricName::isValidNode(const QString& node)
{
    // Bounded so that every series name stays within the metric store's 256 bytes.
    if (node.isEmpty() || node.size() > 128)
        return false;
    for (const QChar c : node) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                        (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                        (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-') ||
                        c == QLatin1Char('_');
        if (!ok)
            return false;
    }
    return true;
}

QString SystemMetricName::of(const QString& node, const QString& series)
{
    return kPrefix + node + QLatin1Char('/') + series;
}

std::optional<SystemMetricName> SystemMetricName::parse(const QString& metricName)
{
    if (!metricName.startsWith(kPrefix))
        return std::nullopt;
    const qsizetype slash = metricName.indexOf(QLatin1Char('/'), kPrefix.size());
    if (slash < 0 || slash + 1 >= metricName.size())
        return std::nullopt;
    SystemMetricName name;
    name.node = metricName.mid(kPrefix.size(), slash - kPrefix.size());
    name.series = metricName.mid(slash + 1);
    if (!isValidNode(name.node))
        return std::nullopt;
    return name;
}
