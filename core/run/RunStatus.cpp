#include "run/RunStatus.h"

#include <QStringList>

namespace {
struct NamedStatus { RunStatus status; const char* name; };
constexpr NamedStatus kNames[] = {
    {RunStatus::Queued, "Queued"},         {RunStatus::Preparing, "Preparing"},
    {RunStatus::Starting, "Starting"},     {RunStatus::Running, "Running"},
    {RunStatus::Finalizing, "Finalizing"}, {RunStatus::Completed, "Completed"},
    {RunStatus::Failed, "Failed"},         {RunStatus::Canceled, "Canceled"},
};
} // namespace

QString runStatusName(RunStatus status)
{
    for (const auto& n : kNames)
        if (n.status == status)
            return QString::fromLatin1(n.name);
    return {};
}

std::optional<RunStatus> runStatusFromName(const QString& name)
{
    for (const auto& n : kNames)
        if (name.compare(QLatin1String(n.name), Qt::CaseInsensitive) == 0)
            return n.status;
    return std::nullopt;
}

bool isTerminal(RunStatus status)
{
    return status == RunStatus::Completed || status == RunStatus::Failed || status == RunStatus::Canceled;
}

bool isLive(RunStatus status) { return !isTerminal(status) && status != RunStatus::Queued; }

QString liveStatusCondition()
{
    QStringList names;
    for (const auto& n : kNames)
        if (isLive(n.status))
            names << QLatin1Char('\'') + QLatin1String(n.name) + QLatin1Char('\'');
    return QStringLiteral("status IN (%1)").arg(names.join(QLatin1Char(',')));
}
