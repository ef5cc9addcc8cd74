// `targets test` for a Slurm target: asks the controller (sinfo) for the partitions with their state and
// free/total nodes. A controller that cannot be reached is an error, never an empty list.
#pragma once

#include "targets/TargetConfig.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

struct SlurmPartition {
    QString name;
    bool isDefault = false;
    QString state; // up, down, drain, inact
    int allocatedNodes = 0;
    int idleNodes = 0;
    int otherNodes = 0;
    int totalNodes = 0;
};

struct SlurmProbe {
    QVector<SlurmPartition> partitions;
    QString slurmConf;

    // One line per partition: "debug (default)  up  2/2 nodes free", the target's own partition marked.
    QStringList lines(const QString& targetPartition) const;

    static std::optional<SlurmProbe> run(const TargetConfig& target, QString* error);
    // The same through the target's login node when it has one (the workspace holds its known hosts).
    static std::optional<SlurmProbe> run(const TargetConfig& target, const QString& workspaceRoot,
                                         QString* error);
    // sinfo --noheader --format=%P|%a|%F output.
    static QVector<SlurmPartition> parseSinfo(const QByteArray& output);
};
