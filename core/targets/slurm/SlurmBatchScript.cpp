#include "targets/slurm/SlurmBatchScript.h"

#include <QJsonArray>

QString SlurmBatchScript::sbatchWord(const QString& word)
{
    // sbatch reads an #SBATCH line's words itself: quotes group, a backslash escapes the next character
    // (also inside quotes), an unquoted # starts a comment.
    QString escaped = word;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString SlurmBatchScript::shellWord(const QString& word)
{
    QString escaped = word;
    escaped.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QStringList SlurmBatchScript::reservedOptions()
{
    return {QStringLiteral("--job-name"),
            QStringLiteral("-J"),
            QStringLiteral("--chdir"),
            QStringLiteral("-D"),
            QStringLiteral("--output"),
            QStringLiteral("-o"),
            QStringLiteral("--error"),
            QStringLiteral("-e"),
            QStringLiteral("--export"),
            QStringLiteral("--wrap"),
            QStringLiteral("--array"),
            QStringLiteral("-a"),
            QStringLiteral("--parsable"),
            QStringLiteral("--wait"),
            QStringLiteral("--nodes"),
            QStringLiteral("-N"),
            QStringLiteral("--ntasks-per-node"),
            QStringLiteral("--input"),
            QStringLiteral("-i")};
}

QString SlurmBatchScript::slurmOutputPattern() const
{
    QString dir = systemDir;
    dir.replace(QLatin1Char('%'), QLatin1String("%%")); // sbatch expands %j, %u, ... in file names
    return dir + QStringLiteral("/slurm-%j.out");
}

QString SlurmBatchScript::text(QString* error) const
{
    const QStringList carried{jobName, workDir, systemDir, stdoutPath,      stderrPath,
                              wrapper, python,  hostTool,  hostFile,        containerEngine,
                              containerName};
    for (const QString& value : carried + argv)
        if (value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')) ||
            value.contains(QChar(0))) {
            *error = QStringLiteral("cannot put \"%1\" into a batch script: it contains a line break")
                         .arg(value.simplified());
            return QString();
        }
    if (argv.isEmpty()) {
        *error = QStringLiteral("no command to run");
        return QString();
    }
    QStringList options{QStringLiteral("--job-name=") + jobName, QStringLiteral("--chdir=") + workDir,
                        QStringLiteral("--output=") + slurmOutputPattern(),
                        QStringLiteral("--nodes=%1").arg(qMax(1, nodes)),
                        QStringLiteral("--ntasks-per-node=%1").arg(qMax(1, tasksPerNode))};
    const auto textOf = [this](const char* key) {
        const QJsonValue v = settings.value(QLatin1String(key));
        return v.isDouble() ? QString::number(v.toInteger()) : v.toString();
    };
    const QList<std::pair<const char*, const char*>> mapped{{"partition", "--partition="},
                                                            {"account", "--account="},
                                                            {"qos", "--qos="},
                                                            {"time_limit", "--time="},
                                                            {"cpus_per_task", "--cpus-per-task="},
                                                            {"mem_per_cpu", "--mem-per-cpu="},
                                                            {"gpus_per_node", "--gpus-per-node="}};
    for (const auto& [key, option] : mapped)
        if (const QString value = textOf(key); !value.isEmpty())
            options << QLatin1String(option) + value;
    for (const QJsonValue& option : settings.value(QStringLiteral("sbatch_options")).toArray())
        options << option.toString();

    QString script =
        QStringLiteral("#!/bin/bash\n"
                       "# Written by Trainyard and submitted with sbatch --parsable; values are quoted.\n");
    for (const QString& option : options) {
        if (option.contains(QLatin1Char('\n'))) {
            *error = QStringLiteral("cannot put the sbatch option \"%1\" into a batch script")
                         .arg(option.simplified());
            return QString();
        }
        script += QStringLiteral("#SBATCH ") + sbatchWord(option) + QLatin1Char('\n');
    }
    // A setup line that fails fails the job before it starts, with the line's output in slurm-<id>.out.
    script += QStringLiteral("set -e\n");
    const QJsonArray setup = settings.value(QStringLiteral("setup")).toArray();
    if (!setup.isEmpty())
        script += QStringLiteral("# The target's setup lines, as written there:\n");
    for (const QJsonValue& line : setup) {
        if (line.toString().contains(QLatin1Char('\n'))) {
            *error = QStringLiteral("a setup line contains a line break");
            return QString();
        }
        script += line.toString() + QLatin1Char('\n');
    }
    // After the setup lines (a module load may be what puts the interpreter on the PATH); before the job, so
    // the description is there once the job runs, however short it is. A node that cannot describe itself
    // still runs the job.
    if (!hostTool.isEmpty() && !python.isEmpty())
        script += QStringLiteral("# This node describes itself for the run's record of what it ran with.\n"
                                 "printf '%s\\n' '{\"command\":\"host\"}' | timeout 60 ") +
                  shellWord(python) + QLatin1Char(' ') + shellWord(hostTool) + QStringLiteral(" >") +
                  shellWord(hostFile) + QStringLiteral(" 2>&1 || true\n");
    if (distributed == QLatin1String("pytorch")) {
        // This script runs on the allocation's first node, the master: the port is free here.
        script += QStringLiteral(
            "# PyTorch's rendezvous: the allocation's first node (this one) and a free port of it.\n"
            "if [ -z \"${MASTER_ADDR:-}\" ]; then\n"
            "    MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1) &&\n"
            "        export MASTER_ADDR\n"
            "fi\n"
            "if [ -z \"${MASTER_PORT:-}\" ]; then\n"
            "    MASTER_PORT=$(");
        script += shellWord(python.isEmpty() ? QStringLiteral("python3") : python) + QStringLiteral(" -c ") +
                  shellWord(QStringLiteral(
                      "import socket; s = socket.socket(); s.bind((\"\", 0)); print(s.getsockname()[1])")) +
                  QStringLiteral(") && export MASTER_PORT\nfi\n");
    }
    const bool ownsContainer = !containerEngine.isEmpty() && !containerName.isEmpty();
    QStringList words{QStringLiteral("/bin/sh"), shellWord(wrapper),    shellWord(systemDir),
                      shellWord(workDir),        shellWord(stdoutPath), shellWord(stderrPath)};
    for (const QString& arg : argv)
        words << shellWord(arg);
    if (!ownsContainer) {
        script += QStringLiteral("exec ") + words.join(QLatin1Char(' ')) + QLatin1Char('\n');
        return script;
    }
    // The wrapper runs as a child so that this shell is there to stop the container on a cancel (Slurm's
    // SIGTERM reaches the engine's client, which passes it on, but not the container's own processes, and
    // its SIGKILL after KillWait would leave them running) and to remove it after the job.
    const QString engine = shellWord(containerEngine);
    const QString name = shellWord(containerName);
    const bool podman = containerEngine.section(QLatin1Char('/'), -1).contains(QLatin1String("podman"));
    script += QStringLiteral("set +e\n");
    script += QStringLiteral("trainyard_signaled=0\n");
    script += QStringLiteral("trainyard_stop_container() { trainyard_signaled=1; %1 stop -t %2 %3 >/dev/null 2>&1; }\n")
                  .arg(engine, QString::number(qMax(1, containerStopSeconds)), name);
    script += QStringLiteral("trap trainyard_stop_container TERM INT HUP\n");
    script += words.join(QLatin1Char(' ')) + QStringLiteral(" &\n");
    // A caught signal ends wait early with 128+n, and the job may end while the trap stops the container:
    // wait again, which then returns the job's own status (the shell keeps it until it is waited for).
    script += QStringLiteral("job=$!\n"
                             "while :; do\n"
                             "    trainyard_signaled=0\n"
                             "    wait \"$job\"\n"
                             "    status=$?\n"
                             "    [ \"$trainyard_signaled\" = 1 ] && [ \"$status\" -gt 128 ] || break\n"
                             "done\n");
    script += QStringLiteral("%1 rm -f%2 %3 >/dev/null 2>&1\n")
                  .arg(engine, podman ? QStringLiteral(" --ignore") : QString(), name);
    script += QStringLiteral("exit \"$status\"\n");
    return script;
}
