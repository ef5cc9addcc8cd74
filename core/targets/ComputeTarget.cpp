#include "targets/ComputeTarget.h"

#include "targets/TargetKind.h"

#include <QThread>

std::unique_ptr<ComputeTarget> ComputeTarget::create(const TargetConfig& config, QString* error)
{
    if (const TargetKind* kind = TargetKinds::find(config.kind))
        return kind->create(config);
    *error = QStringLiteral("compute target %1 has kind \"%2\", which this version cannot run").arg(config.name, config.kind);
    return nullptr;
}

void ComputeTarget::waitForChange(RunContext&, int timeoutMs)
{
    QThread::msleep(timeoutMs);
}

QStringList ComputeTarget::logStreams(const RunContext&) const
{
    return {QStringLiteral("system/stdout.log"), QStringLiteral("system/stderr.log")};
}

QString ComputeTarget::pathOnTarget(const RunContext&, const QString& localPath) const { return localPath; }
