#include "environments/ContainerCommand.h"

#include <QFileInfo>

#include <algorithm>

namespace {

// Variables that describe the session on this host rather than the job: inside the container they would
// name folders, users and sockets that are not there (the image brings its own PATH and HOME).
bool describesHostSession(const QString& name)
{
    static const QStringList exact = {QStringLiteral("PATH"),     QStringLiteral("HOME"),     QStringLiteral("HOSTNAME"),
                                      QStringLiteral("PWD"),      QStringLiteral("OLDPWD"),   QStringLiteral("SHELL"),
                                      QStringLiteral("USER"),     QStringLiteral("LOGNAME"),  QStringLiteral("TMPDIR"),
                                      QStringLiteral("DISPLAY"),  QStringLiteral("WAYLAND_DISPLAY"),
                                      QStringLiteral("TERM"),     QStringLiteral("SHLVL"),    QStringLiteral("MAIL"),
                                      QStringLiteral("XAUTHORITY"), QStringLiteral("_"),
                                      QStringLiteral("container")};
    static const QStringList prefixes = {QStringLiteral("LD_"), QStringLiteral("XDG_"), QStringLiteral("DBUS_"),
                                         QStringLiteral("SSH_"), QStringLiteral("GPG_")};
    if (exact.contains(name))
        return true;
    return std::any_of(prefixes.cbegin(), prefixes.cend(), [&name](const QString& p) { return name.startsWith(p); });
}

} // namespace

QStringList ContainerCommand::wrap(const ContainerRun& container, const QStringList& argv, const QString& workDir,
                                   const QStringList& mounts, const QStringList& readOnlyMounts,
                                   const QHash<QString, QString>& environment,
                                   const QHash<QString, QString>& inlineVariables)
{
    switch (engineKind(container.engine)) {
    case EngineKind::Apptainer: {
        QStringList result{container.engine, QStringLiteral("exec")};
        for (const QString& path : mounts)
            result << QStringLiteral("--bind") << path + QLatin1Char(':') + path;
        for (const QString& path : readOnlyMounts)
            result << QStringLiteral("--bind") << path + QLatin1Char(':') + path + QStringLiteral(":ro");
        if (!workDir.isEmpty())
            result << QStringLiteral("--pwd") << workDir;
        QStringList inlineNames = inlineVariables.keys();
        inlineNames.sort();
        for (const QString& name : inlineNames)
            result << QStringLiteral("--env") << name + QLatin1Char('=') + inlineVariables.value(name);
        return result << apptainerImage(container.image) << argv;
    }
    case EngineKind::Pyxis: {
        // One task: the job's single process (a distributed launch puts its own srun around the ranks).
        QStringList result{QStringLiteral("srun"), QStringLiteral("--ntasks=1"),
                           QStringLiteral("--container-image=") + pyxisImage(container.image)};
        QStringList pairs;
        for (const QString& path : mounts)
            pairs << path + QLatin1Char(':') + path;
        for (const QString& path : readOnlyMounts)
            pairs << path + QLatin1Char(':') + path + QStringLiteral(":ro");
        if (!pairs.isEmpty())
            result << QStringLiteral("--container-mounts=") + pairs.join(QLatin1Char(','));
        if (!workDir.isEmpty())
            result << QStringLiteral("--container-workdir=") + workDir;
        // srun hands its own environment to the container; what must differ inside it is set around the
        // command by env, inside the container.
        if (!inlineVariables.isEmpty()) {
            result << QStringLiteral("env");
            QStringList inlineNames = inlineVariables.keys();
            inlineNames.sort();
            for (const QString& name : inlineNames)
                result << name + QLatin1Char('=') + inlineVariables.value(name);
        }
        return result << argv;
    }
    case EngineKind::Docker:
        break;
    }
    // No -i/-t: the job's stdin is /dev/null and its output goes to the run's log files, not a terminal.
    // The engine's --sig-proxy (on by default without a terminal) passes the wrapper's SIGTERM to the job.
    QStringList result{container.engine, QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("--name"),
                       container.name, QStringLiteral("--network"), QStringLiteral("host")};
    // An init as PID 1 passes a cancel's SIGTERM on to the job, which then ends as it would outside (a job
    // that is PID 1 itself ignores it unless it installed a handler).
    if (container.init == QLatin1String("builtin"))
        result << QStringLiteral("--init");
    else if (!container.init.isEmpty())
        result << QStringLiteral("--init") << QStringLiteral("--init-path") << container.init;
    // The same path inside as outside, so that every path the job was given (run folder, runtime files,
    // datasets) means the same there.
    for (const QString& path : mounts)
        result << QStringLiteral("-v") << path + QLatin1Char(':') + path;
    for (const QString& path : readOnlyMounts)
        result << QStringLiteral("-v") << path + QLatin1Char(':') + path + QStringLiteral(":ro");
    if (!workDir.isEmpty())
        result << QStringLiteral("-w") << workDir;
    // By name only: the engine takes each value from its own environment (the job's), so none is on argv.
    // Sorted, so the same run gives the same command line.
    QStringList passed = passedVariables(environment);
    for (const QString& name : passed) {
        if (!inlineVariables.contains(name))
            result << QStringLiteral("--env") << name;
    }
    // Docker has no such wildcard: there they stay out.
    if (QFileInfo(container.engine).fileName().contains(QLatin1String("podman")))
        for (const QString& prefix : container.passedPrefixes)
            result << QStringLiteral("--env") << prefix + QLatin1Char('*');
    QStringList inlineNames = inlineVariables.keys();
    inlineNames.sort();
    for (const QString& name : inlineNames)
        result << QStringLiteral("--env") << name + QLatin1Char('=') + inlineVariables.value(name);
    result << container.image;
    result << argv;
    return result;
}

QStringList ContainerCommand::passedVariables(const QHash<QString, QString>& environment)
{
    QStringList names;
    for (auto it = environment.cbegin(); it != environment.cend(); ++it) {
        // A name with '=' could not be passed by name; an empty one is no variable.
        if (!it.key().isEmpty() && !it.key().contains(QLatin1Char('=')) && !describesHostSession(it.key()))
            names << it.key();
    }
    names.sort();
    return names;
}

QStringList ContainerCommand::stop(const ContainerRun& c, int graceSeconds)
{
    return {c.engine, QStringLiteral("stop"), QStringLiteral("-t"), QString::number(graceSeconds), c.name};
}

QStringList ContainerCommand::kill(const ContainerRun& c) { return {c.engine, QStringLiteral("kill"), c.name}; }

QStringList ContainerCommand::remove(const ContainerRun& c)
{
    // After a normal end `run --rm` has removed it already: podman's --ignore makes that one quiet call
    // instead of an error and a second look (docker has no such flag; its "No such container" is read as gone).
    if (QFileInfo(c.engine).fileName().contains(QLatin1String("podman")))
        return {c.engine, QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("--ignore"), c.name};
    return {c.engine, QStringLiteral("rm"), QStringLiteral("-f"), c.name};
}

QString ContainerCommand::nameForRun(const QString& runId) { return QStringLiteral("trainyard-") + runId; }

ContainerCommand::EngineKind ContainerCommand::engineKind(const QString& engine)
{
    const QString name = QFileInfo(engine).fileName();
    if (name == QLatin1String("pyxis"))
        return EngineKind::Pyxis;
    if (name.contains(QLatin1String("apptainer")) || name.contains(QLatin1String("singularity")))
        return EngineKind::Apptainer;
    return EngineKind::Docker;
}

QString ContainerCommand::apptainerImage(const QString& image)
{
    if (image.startsWith(QLatin1Char('/')) || image.contains(QLatin1String("://")))
        return image;
    return QStringLiteral("docker://") + image;
}

QString ContainerCommand::pyxisImage(const QString& image)
{
    if (image.startsWith(QLatin1Char('/')) || image.contains(QLatin1Char('#')))
        return image;
    QString ref = image;
    if (ref.startsWith(QLatin1String("docker://")))
        ref = ref.mid(9);
    const qsizetype slash = ref.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return ref;
    const QString first = ref.left(slash);
    if (first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':')) || first == QLatin1String("localhost"))
        return first + QLatin1Char('#') + ref.mid(slash + 1);
    return ref;
}
