#include "targets/ComputeTarget.h"

#include "targets/local/LocalTarget.h"

#include <QThread>

std::unique_ptr<ComputeTarget> ComputeTarget::create(const TargetConfig& config, QString* error)
{
    if (config.kind == QLatin1String("local"))
        return std::make_unique<LocalTarget>();
    *error = QStringLiteral("compute target %1 has kind \"%2\", which this version cannot run").arg(config.name, config.kind);
    return nullptr;
}

void ComputeTarget::waitForChange(RunContext&, int timeoutMs)
{
    QThread::msleep(timeoutMs);
}
