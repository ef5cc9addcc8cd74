#include "run/DurationFormat.h"

QString DurationFormat::text(qint64 ms)
{
    if (ms < 0)
        return QString();
    const qint64 seconds = ms / 1000;
    const auto pair = [](qint64 large, const char* largeUnit, qint64 small, const char* smallUnit) {
        return QStringLiteral("%1%2 %3%4")
            .arg(large)
            .arg(QLatin1String(largeUnit))
            .arg(small, 2, 10, QLatin1Char('0'))
            .arg(QLatin1String(smallUnit));
    };
    if (seconds < 60)
        return QStringLiteral("%1s").arg(seconds);
    if (seconds < 3600)
        return pair(seconds / 60, "m", seconds % 60, "s");
    if (seconds < 86400)
        return pair(seconds / 3600, "h", (seconds % 3600) / 60, "m");
    return pair(seconds / 86400, "d", (seconds % 86400) / 3600, "h");
}
