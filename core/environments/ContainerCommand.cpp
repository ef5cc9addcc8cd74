#include "environments/ContainerCommand.h"

QStringList ContainerCommand::wrap(const ContainerRun&, const QStringList& argv, const QString&, const QStringList&,
                                   const QStringList&, const QHash<QString, QString>&, const QHash<QString, QString>&)
{
    return argv; // placeholder: filled in with the container support
}

QStringList ContainerCommand::passedVariables(const QHash<QString, QString>& environment) { return environment.keys(); }

QStringList ContainerCommand::stop(const ContainerRun& c, int graceSeconds)
{
    return {c.engine, QStringLiteral("stop"), QStringLiteral("-t"), QString::number(graceSeconds), c.name};
}

QStringList ContainerCommand::kill(const ContainerRun& c) { return {c.engine, QStringLiteral("kill"), c.name}; }

QStringList ContainerCommand::remove(const ContainerRun& c) { return {c.engine, QStringLiteral("rm"), QStringLiteral("-f"), c.name}; }

QString ContainerCommand::nameForRun(const QString& runId) { return QStringLiteral("trainyard-") + runId; }
