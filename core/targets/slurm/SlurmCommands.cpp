#include "targets/slurm/SlurmCommands.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

QString SlurmCommandResult::failure(const QString& program) const
{
    if (!started)
        return QStringLiteral("cannot run %1: %2").arg(program, startError);
    if (timedOut)
        return QStringLiteral("%1 did not answer within the time limit").arg(program);
    const QString text = QString::fromLocal8Bit(err + out).trimmed();
    const QString last = text.section(QLatin1Char('\n'), -1).trimmed();
    return QStringLiteral("%1 exited with %2%3")
        .arg(program)
        .arg(exitCode)
        .arg(last.isEmpty() ? QString() : QStringLiteral(": ") + last);
}

SlurmCommands::SlurmCommands(const TargetConfig& target) : m_target(target) {}

QString SlurmCommands::slurmConf() const
{
    const QString configured = m_target.settings.value(QStringLiteral("slurm_conf")).toString();
    return configured.isEmpty() ? QProcessEnvironment::systemEnvironment().value(QStringLiteral("SLURM_CONF"))
                                : configured;
}

SlurmCommandResult SlurmCommands::run(const QStringList& argv, int timeoutMs,
                                      const QHash<QString, QString>& environment) const
{
    SlurmCommandResult result;
    QElapsedTimer timer;
    timer.start();
    if (argv.isEmpty()) {
        result.startError = QStringLiteral("no program");
        return result;
    }
    // Looked up on this process's PATH: a run's PATH (handed to sbatch for the job) may not have the client.
    const QString program = QStandardPaths::findExecutable(argv.constFirst());
    if (program.isEmpty()) {
        result.startError = QStringLiteral("%1 is not on PATH (are the Slurm client commands installed?)")
                                .arg(argv.constFirst());
        return result;
    }
    QProcessEnvironment env;
    if (environment.isEmpty()) {
        env = QProcessEnvironment::systemEnvironment();
    } else {
        for (auto it = environment.cbegin(); it != environment.cend(); ++it)
            env.insert(it.key(), it.value());
    }
    const QString conf = slurmConf();
    if (!conf.isEmpty())
        env.insert(QStringLiteral("SLURM_CONF"), conf);
    QProcess process;
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(program, argv.mid(1));
    if (!process.waitForStarted(10000)) {
        result.startError = process.errorString();
        return result;
    }
    result.started = true;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.timedOut = true;
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.elapsedMs = timer.elapsed();
    return result;
}
