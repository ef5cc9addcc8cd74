#include "EnvironmentsCommandSupport.h"

#include "Command.h"
#include "targets/TargetRegistry.h"

namespace EnvironmentsCommandSupport {

bool checkTarget(const Workspace& workspace, const QString& target, QString* error, int* exitCode)
{
    if (target.isEmpty())
        return true;
    if (TargetRegistry(workspace).find(target, error))
        return true;
    *exitCode = error->isEmpty() ? Command::InvalidInput : Command::Failure;
    if (error->isEmpty())
        *error = QStringLiteral("unknown target %1").arg(target);
    return false;
}

std::optional<EnvironmentRecord> find(const Workspace& workspace, const QString& target, const QString& hash,
                                      QString* error, int* exitCode)
{
    if (!checkTarget(workspace, target, error, exitCode))
        return std::nullopt;
    EnvironmentStore::FindFailure failure = EnvironmentStore::FindFailure::None;
    auto environment = EnvironmentStore(workspace).find(target, hash, error, &failure);
    if (!environment)
        *exitCode = failure == EnvironmentStore::FindFailure::Storage ? Command::Failure : Command::InvalidInput;
    return environment;
}

} // namespace EnvironmentsCommandSupport
