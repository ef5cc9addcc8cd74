// A named compute target and its settings, as stored in the workspace.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>

struct TargetConfig
{
    QString name;
    QString kind; // local | ssh | slurm
    QJsonObject settings;
    // The target its `login` setting names (a Slurm target reached through an SSH target's connection), as
    // the registry found it with this one; null without a login or when no such target exists.
    std::shared_ptr<const TargetConfig> login = nullptr;

    int maxConcurrentRuns() const { return qMax(1, settings.value(QStringLiteral("max_concurrent_runs")).toInt(1)); }
    // The interpreter for .py entry scripts; python3, preferring the system one that sees Debian's packages.
    QString python() const;
    // Variables of the submitting process that runs on this target see, besides the kind's base.
    QStringList passedEnvironment() const;
    int cancelGraceSeconds() const { return qMax(0, int(settings.value(QStringLiteral("cancel_grace_seconds")).toDouble(10))); }
};
