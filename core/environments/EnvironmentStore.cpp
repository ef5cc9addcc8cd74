#include "environments/EnvironmentStore.h"

EnvironmentStore::EnvironmentStore(const Workspace& workspace) : m_workspace(workspace) {}

// Placeholder until the environments tables exist: every call fails, so nothing reads as empty.
bool EnvironmentStore::recordUse(const QString&, const EnvironmentRecord&, QString* error)
{
    *error = QStringLiteral("environment records are not implemented yet");
    return false;
}

std::optional<QVector<EnvironmentRecord>> EnvironmentStore::list(const QString&, QString* error) const
{
    *error = QStringLiteral("environment records are not implemented yet");
    return std::nullopt;
}

std::optional<EnvironmentRecord> EnvironmentStore::find(const QString&, const QString&, QString* error) const
{
    *error = QStringLiteral("environment records are not implemented yet");
    return std::nullopt;
}

std::optional<EnvironmentRecord> EnvironmentStore::forRun(const QString&, bool* found, QString* error) const
{
    *found = false;
    *error = QStringLiteral("environment records are not implemented yet");
    return std::nullopt;
}

std::optional<QStringList> EnvironmentStore::liveRuns(const QString&, const QString&, QString* error) const
{
    *error = QStringLiteral("environment records are not implemented yet");
    return std::nullopt;
}

bool EnvironmentStore::remove(const QString&, const QString&, QString* error)
{
    *error = QStringLiteral("environment records are not implemented yet");
    return false;
}
