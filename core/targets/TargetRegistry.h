// The workspace's compute targets: `local` is built in; others are added by the user.
#pragma once

#include "targets/TargetConfig.h"
#include "workspace/Workspace.h"

#include <QVector>
#include <optional>

class TargetRegistry
{
public:
    explicit TargetRegistry(const Workspace& workspace) : m_workspace(workspace) {}

    // Both fail with *error set (disk, damaged database) rather than answering "no targets" or "unknown".
    QVector<TargetConfig> list(QString* error = nullptr) const;
    std::optional<TargetConfig> find(const QString& name, QString* error = nullptr) const;
    // Adds or replaces a target after validating its kind and settings.
    bool save(const TargetConfig& target, QString* error);
    bool remove(const QString& name, QString* error);

    static QStringList knownKinds();
    static QStringList validate(const TargetConfig& target);

private:
    Workspace m_workspace;
};
