#include "environments/EnvironmentRemoval.h"

#include "run/RunContext.h"
#include "targets/ComputeTarget.h"
#include "targets/TargetRegistry.h"

#include <QDir>
#include <QJsonObject>
#include <QTemporaryDir>

EnvironmentRemovalResult EnvironmentRemoval::remove(const EnvironmentRecord& environment,
                                                    const std::function<void(const QByteArray&)>& onLine) const
{
    EnvironmentRemovalResult result;
    const QString name = QStringLiteral("environment %1 on target %2").arg(environment.shortHash(), environment.target);
    EnvironmentStore store(m_workspace);
    const auto live = store.liveRuns(environment.target, environment.hash, &result.error);
    if (!live)
        return result;
    if (!live->isEmpty()) {
        result.outcome = EnvironmentRemovalResult::Outcome::InUse;
        result.liveRuns = *live;
        result.error = QStringLiteral("%1 is used by live run(s) %2; remove it once they ended")
                           .arg(name, live->join(QStringLiteral(", ")));
        return result;
    }
    QString error;
    const auto config = TargetRegistry(m_workspace).find(environment.target, &error);
    if (!config) {
        result.error = error.isEmpty() ? QStringLiteral("cannot remove %1: the workspace has no target %2 any more")
                                             .arg(name, environment.target)
                                       : error;
        return result;
    }
    std::unique_ptr<ComputeTarget> target = ComputeTarget::create(*config, &error);
    if (!target) {
        result.error = QStringLiteral("cannot remove %1: %2").arg(name, error);
        return result;
    }
    // The tool runs outside any run: it gets a context of its own, with a folder that goes when it is done.
    QTemporaryDir scratch(QDir::tempPath() + QStringLiteral("/trainyard-environment-remove-XXXXXX"));
    if (!scratch.isValid()) {
        result.error = QStringLiteral("cannot remove %1: cannot create a scratch folder: %2").arg(name, scratch.errorString());
        return result;
    }
    RunContext ctx;
    ctx.target = *config;
    ctx.runtimeDir = m_workspace.runtimeDir();
    ctx.storeDir = m_workspace.storeDir();
    ctx.runDir = scratch.path();
    const QJsonObject request{{QStringLiteral("command"), QStringLiteral("remove")},
                              {QStringLiteral("root"), target->environmentRoot(ctx)},
                              {QStringLiteral("hash"), environment.hash}};
    const std::function<void(const QByteArray&)> ignore = [](const QByteArray&) {};
    const auto reply = target->runEnvironmentTool(ctx, request, onLine ? onLine : ignore, &error);
    if (!reply) {
        result.error = QStringLiteral("cannot remove %1: %2").arg(name, error);
        return result;
    }
    if (!reply->value(QStringLiteral("ok")).toBool()) {
        result.error = QStringLiteral("cannot remove %1: %2")
                           .arg(name, reply->value(QStringLiteral("error")).toString(QStringLiteral("the target gave no reason")));
        return result;
    }
    result.freedBytes = qint64(reply->value(QStringLiteral("freed_bytes")).toDouble());
    if (!store.remove(environment.target, environment.hash, &result.error)) {
        result.error = QStringLiteral("%1 was removed from the target, but its record was not: %2").arg(name, result.error);
        return result;
    }
    result.outcome = EnvironmentRemovalResult::Outcome::Removed;
    return result;
}
