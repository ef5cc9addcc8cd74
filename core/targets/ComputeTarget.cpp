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

std::optional<QJsonObject> ComputeTarget::runEnvironmentTool(RunContext& ctx, const QJsonObject&,
                                                             const std::function<void(const QByteArray&)>&, QString* error)
{
    *error = QStringLiteral("compute target %1 cannot build environments").arg(ctx.target.name);
    return std::nullopt;
}

bool ComputeTarget::launchDistributed(RunContext& ctx, const QString&, QString* error)
{
    *error = QStringLiteral("compute target %1 cannot start distributed runs").arg(ctx.target.name);
    return false;
}

bool ComputeTarget::canDescribeRun(const RunContext&) const { return true; }

bool ComputeTarget::removeRunFolder(RunContext&, QString*) { return true; }

QString ComputeTarget::environmentRoot(const RunContext&) const { return QString(); }

bool ComputeTarget::runOnTarget(RunContext& ctx, const QStringList&, int, QString* error)
{
    *error = QStringLiteral("compute target %1 cannot run programs of its own").arg(ctx.target.name);
    return false;
}

TargetPoll TargetPoll::fromShellStatus(int status)
{
    TargetPoll result;
    if (status > 128 && status < 128 + 65) {
        result.state = TargetProcessState::Signaled;
        result.signal = status - 128;
    } else {
        result.state = TargetProcessState::Exited;
        result.exitCode = status;
    }
    return result;
}
