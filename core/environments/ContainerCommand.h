// The container engine's command lines (podman or docker: the same flags): the job's argv wrapped to run
// inside the run's container, and the engine's own stop, kill and rm for that container. Argument lists
// only; nothing here goes through a shell, and no variable's value is put on a command line.
#pragma once

#include "run/ContainerRun.h"

#include <QHash>
#include <QString>
#include <QStringList>

class ContainerCommand
{
public:
    // engine run --rm --name NAME --network host -i? -v P:P (each of mounts) -v P:P:ro (each of readOnlyMounts)
    // -w workDir --env NAME (each of passedVariables(environment)) --env NAME=VALUE (each of inlineVariables:
    // values that must differ inside the container, such as PATH) IMAGE argv...
    //
    // For the engines of clusters (engineKind): apptainer/singularity `engine exec --bind P:P --bind P:P:ro
    // --pwd workDir --env NAME=VALUE IMAGE argv...` (the job's variables pass by themselves: apptainer
    // keeps the caller's environment), and pyxis `srun --container-image=IMAGE --container-mounts=P:P,P:P:ro
    // --container-workdir=workDir argv...` (srun passes the job's environment into the container). Their
    // containers are processes of the job: nothing is left to stop or remove by name.
    static QStringList wrap(const ContainerRun& container, const QStringList& argv, const QString& workDir,
                            const QStringList& mounts, const QStringList& readOnlyMounts,
                            const QHash<QString, QString>& environment, const QHash<QString, QString>& inlineVariables);
    // Which of the job's variables go into the container: all but those that describe this host's session
    // (PATH, HOME, HOSTNAME, PWD, SHELL, USER, LOGNAME, TMPDIR, LD_*, XDG_*, DBUS_*, SSH_*, DISPLAY, …).
    static QStringList passedVariables(const QHash<QString, QString>& environment);
    static QStringList stop(const ContainerRun& container, int graceSeconds); // engine stop -t N NAME
    static QStringList kill(const ContainerRun& container);                   // engine kill NAME
    static QStringList remove(const ContainerRun& container);                 // engine rm -f NAME
    // The name a run's container gets: trainyard-<run id>.
    static QString nameForRun(const QString& runId);

    enum class EngineKind { Docker, Apptainer, Pyxis }; // Docker: podman or docker (the same flags)
    static EngineKind engineKind(const QString& engine);
    // The image as apptainer names it: a .sif file or a URI (docker://, oras://, library://) as it is, any
    // other reference from a registry: docker://REF.
    static QString apptainerImage(const QString& image);
    // The image as pyxis (enroot) names it: a squashfs file as it is; REGISTRY/PATH:TAG as REGISTRY#PATH:TAG,
    // enroot's separator of the registry (a first component with a dot, a colon or "localhost").
    static QString pyxisImage(const QString& image);
};
