#include "targets/slurm/SlurmLoginCommands.h"

#include "targets/ssh/RemoteShell.h"
#include "targets/ssh/SshConnection.h"

#include <QElapsedTimer>

SlurmLoginCommands::SlurmLoginCommands(const TargetConfig& slurm, const TargetConfig& login,
                                       const QString& workspaceRoot)
    : SlurmCommands(slurm), m_slurmConf(slurm.settings.value(QStringLiteral("slurm_conf")).toString()),
      m_connection(std::make_unique<SshConnection>(login, workspaceRoot))
{
}

SlurmLoginCommands::~SlurmLoginCommands() = default;

QString SlurmLoginCommands::slurmConf() const
{
    return m_slurmConf;
}

QString SlurmLoginCommands::where() const
{
    return m_connection->endpoint().display();
}

QString SlurmLoginCommands::commandLine(const QStringList& argv, const QString& slurmConf)
{
    const QString command = RemoteShell::commandLine(argv);
    return slurmConf.isEmpty()
               ? command
               : QStringLiteral("env ") + RemoteShell::quote(QStringLiteral("SLURM_CONF=") + slurmConf) +
                     QLatin1Char(' ') + command;
}

SlurmCommandResult SlurmLoginCommands::run(const QStringList& argv, int timeoutMs,
                                           const QHash<QString, QString>& environment) const
{
    SlurmCommandResult result;
    QElapsedTimer timer;
    timer.start();
    if (argv.isEmpty()) {
        result.startError = QStringLiteral("no program");
        return result;
    }
    if (!environment.isEmpty()) {
        result.startError =
            QStringLiteral("a run's environment goes to the login node only through the agent");
        return result;
    }
    QString error;
    if (!m_connection->ensureMaster(&error)) {
        result.startError = QStringLiteral("cannot reach the login node %1: %2").arg(where(), error);
        return result;
    }
    const SshResult done = m_connection->run(commandLine(argv, m_slurmConf), {}, timeoutMs);
    result.elapsedMs = timer.elapsed();
    result.out = done.out;
    result.err = done.err;
    switch (done.failure) {
    case SshFailure::None:
    case SshFailure::RemoteError:
        result.started = true;
        result.exitCode = done.exitCode;
        // The login node's shell says 127 when the program is not there.
        if (done.exitCode == 127 && result.err.contains("not found")) {
            result.started = false;
            result.startError =
                QStringLiteral("%1 is not on the PATH of the login node %2 (are the Slurm client "
                               "commands installed there?)")
                    .arg(argv.constFirst(), where());
        }
        break;
    case SshFailure::Timeout:
        result.started = true;
        result.timedOut = true;
        break;
    default:
        result.startError = QStringLiteral("cannot reach the login node %1: %2").arg(where(), done.error);
        break;
    }
    return result;
}
