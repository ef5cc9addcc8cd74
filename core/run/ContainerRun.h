#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// The container a job runs in (custom_docker_image), named after the run so that stop, kill and rm reach it
// from any supervisor. Empty engine: no container.
struct ContainerRun
{
    QString engine; // the engine's path on the target (podman or docker)
    QString image;  // what was resolved at Preparing: the image id, so the job runs exactly that
    QString imageRef;    // as the estimator named it
    QString imageDigest; // the registry digest when the image has one
    QString name;        // trainyard-<run id>
    // The init the engine runs as the container's PID 1 (podman: catatonit or tini-static on the target;
    // docker: "builtin", its own docker-init). Empty: none found, the job is PID 1 and ignores a SIGTERM it
    // has no handler for, so a cancel waits for the grace period and the engine's kill.
    QString init;
    // Variables the job only gets where it runs, passed in by prefix from the engine's own environment
    // (podman's --env PREFIX*): SLURM_ for a Slurm job. Set by the target before the command is wrapped.
    QStringList passedPrefixes;

    bool isSet() const { return !engine.isEmpty(); }
    QJsonObject toJson() const;
    static ContainerRun fromJson(const QJsonObject& json);
};
