#include "targets/ssh/SshProbe.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

namespace {
QString bytesText(double bytes)
{
    return QStringLiteral("%1 GiB").arg(bytes / (1024.0 * 1024 * 1024), 0, 'f', 1);
}
} // namespace

QStringList SshMachineReport::lines() const
{
    QStringList out;
    out << QStringLiteral("Host: %1").arg(facts.value(QStringLiteral("hostname")).toString());
    out << QStringLiteral("OS: %1").arg(facts.value(QStringLiteral("os")).toString());
    out << QStringLiteral("CPUs: %1").arg(facts.value(QStringLiteral("cpus")).toInt());
    out << QStringLiteral("Memory: %1").arg(bytesText(facts.value(QStringLiteral("memory_bytes")).toDouble()));
    out << QStringLiteral("Python: %1 (%2)")
               .arg(facts.value(QStringLiteral("python")).toString(), facts.value(QStringLiteral("python_executable")).toString());
    out << QStringLiteral("Working folder: %1 (%2 free%3)")
               .arg(facts.value(QStringLiteral("workdir")).toString(),
                    bytesText(facts.value(QStringLiteral("free_bytes")).toDouble()),
                    facts.value(QStringLiteral("writable")).toBool() ? QString() : QStringLiteral(", NOT writable"));
    const QJsonArray gpus = facts.value(QStringLiteral("gpus")).toArray();
    if (gpus.isEmpty())
        out << QStringLiteral("GPUs: none (no nvidia-smi)");
    for (const QJsonValue& gpu : gpus)
        out << QStringLiteral("GPU: %1, %2").arg(gpu.toObject().value(QStringLiteral("name")).toString(),
                                                  gpu.toObject().value(QStringLiteral("memory")).toString());
    out << QStringLiteral("Connected in %1 ms").arg(connectMs);
    return out;
}

std::optional<SshMachineReport> SshProbe::run(const TargetConfig& target, const QString& workspaceRoot, QString* error,
                                              SshFailure* failure, bool askOnTerminal)
{
    SshConnection connection(target, workspaceRoot);
    connection.setAskOnTerminal(askOnTerminal);
    QElapsedTimer timer;
    timer.start();
    if (!connection.ensureMaster(error, failure))
        return std::nullopt;
    SshMachineReport report;
    report.connectMs = timer.elapsed();
    if (!connection.installAgent(SshConnection::agentSource(workspaceRoot + QStringLiteral("/runtime")), error, failure))
        return std::nullopt;
    const SshResult probed = connection.run(connection.agentCommand({QStringLiteral("probe"), connection.endpoint().workDir}));
    if (!probed.ok()) {
        *error = probed.error;
        if (failure)
            *failure = probed.failure;
        return std::nullopt;
    }
    report.facts = QJsonDocument::fromJson(probed.out).object();
    return report;
}
