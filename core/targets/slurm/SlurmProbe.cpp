#include "targets/slurm/SlurmProbe.h"

#include "targets/slurm/SlurmCommands.h"
#include "targets/slurm/SlurmTarget.h"

#include <QFileInfo>

QVector<SlurmPartition> SlurmProbe::parseSinfo(const QByteArray& output)
{
    QVector<SlurmPartition> result;
    for (const QByteArray& raw : output.split('\n')) {
        const QStringList fields = QString::fromUtf8(raw).trimmed().split(QLatin1Char('|'));
        if (fields.size() < 3 || fields.at(0).isEmpty())
            continue;
        SlurmPartition partition;
        partition.name = fields.at(0);
        if (partition.name.endsWith(QLatin1Char('*'))) {
            partition.isDefault = true;
            partition.name.chop(1);
        }
        partition.state = fields.at(1);
        const QStringList counts = fields.at(2).split(QLatin1Char('/'));
        if (counts.size() == 4) {
            partition.allocatedNodes = counts.at(0).toInt();
            partition.idleNodes = counts.at(1).toInt();
            partition.otherNodes = counts.at(2).toInt();
            partition.totalNodes = counts.at(3).toInt();
        }
        result << partition;
    }
    return result;
}

QStringList SlurmProbe::lines(const QString& targetPartition) const
{
    QStringList result;
    if (!slurmConf.isEmpty())
        result << QStringLiteral("slurm.conf  %1").arg(slurmConf);
    for (const SlurmPartition& p : partitions) {
        QString name = p.name;
        if (p.isDefault)
            name += QStringLiteral(" (default)");
        if (p.name == targetPartition)
            name += QStringLiteral(" ← this target");
        result << QStringLiteral("%1  %2  %3/%4 nodes free")
                      .arg(name, p.state)
                      .arg(p.idleNodes)
                      .arg(p.totalNodes);
    }
    return result;
}

std::optional<SlurmProbe> SlurmProbe::run(const TargetConfig& target, QString* error)
{
    return run(target, QString(), error);
}

std::optional<SlurmProbe> SlurmProbe::run(const TargetConfig& target, const QString& workspaceRoot,
                                          QString* error)
{
    const std::unique_ptr<SlurmCommands> reached = SlurmTarget::commandsFor(target, workspaceRoot, error);
    if (!reached)
        return std::nullopt;
    const SlurmCommands& commands = *reached;
    SlurmProbe probe;
    probe.slurmConf = commands.slurmConf();
    // On a login node the file is there, not here: sinfo says when it is missing.
    if (commands.onThisMachine() && !probe.slurmConf.isEmpty() && !QFileInfo(probe.slurmConf).isFile()) {
        *error = QStringLiteral("slurm_conf: %1 does not exist").arg(probe.slurmConf);
        return std::nullopt;
    }
    const SlurmCommandResult listed = commands.run(
        {QStringLiteral("sinfo"), QStringLiteral("--noheader"), QStringLiteral("--format=%P|%a|%F")}, 30000);
    if (!listed.ok()) {
        *error = QStringLiteral("cannot list the cluster's partitions: %1")
                     .arg(listed.failure(QStringLiteral("sinfo")));
        return std::nullopt;
    }
    probe.partitions = parseSinfo(listed.out);
    const QString wanted = target.settings.value(QStringLiteral("partition")).toString();
    bool found = wanted.isEmpty();
    for (const SlurmPartition& p : probe.partitions)
        found = found || p.name == wanted;
    if (!found) {
        QStringList names;
        for (const SlurmPartition& p : probe.partitions)
            names << p.name;
        *error = QStringLiteral("the cluster has no partition %1 (it has: %2)")
                     .arg(wanted, names.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    return probe;
}
