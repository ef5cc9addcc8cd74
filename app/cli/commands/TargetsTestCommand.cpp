#include "TargetsTestCommand.h"

#include "secrets/SecretStore.h"
#include "targets/TargetRegistry.h"
#include "targets/slurm/SlurmProbe.h"
#include "targets/ssh/SshProbe.h"

#include <QJsonArray>

#include <QJsonObject>

#include <unistd.h>

TargetsTestCommand::TargetsTestCommand()
    : Command(QStringLiteral("targets test"), QStringLiteral("Datasets and targets"),
              QStringLiteral("Connects to a compute target as a run would and reports the machine: OS, CPUs, memory, "
                             "Python, free disk of the working folder and GPUs."))
{
    addPositional(QStringLiteral("NAME"), QStringLiteral("the target's name"));
}

int TargetsTestCommand::run()
{
    const auto target = openTarget();
    if (!target)
        return openFailure();
    QString error;
    if (target->kind == QLatin1String("slurm"))
        return testSlurm(*target);
    if (target->kind != QLatin1String("ssh")) {
        output().out() << target->name << " (" << target->kind << ") runs on this machine; nothing to connect to.\n";
        return Ok;
    }
    // No keychain: on a terminal ssh may ask there (each time; nothing is stored), else the user is told.
    bool askOnTerminal = false;
    if (::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO)) {
        QString keychainError;
        SecretFailure failure = SecretFailure::None;
        SecretStore::read(SecretStore::targetKey(workspace().root(), target->name, SecretStore::passwordWord()),
                          &keychainError, &failure);
        if (failure == SecretFailure::Unavailable) {
            output().err() << "trainyard-cli: " << keychainError
                           << "\nssh asks on this terminal instead; what you type is not stored.\n";
            output().err().flush();
            askOnTerminal = true;
        }
    }
    const auto report = SshProbe::run(*target, workspace().root(), &error, nullptr, askOnTerminal);
    if (!report)
        return fail(error);
    if (json()) {
        QJsonObject o = report->facts;
        o.insert(QStringLiteral("connect_ms"), report->connectMs);
        output().printJson(o);
        return Ok;
    }
    for (const QString& line : report->lines())
        output().out() << line << "\n";
    if (!report->facts.value(QStringLiteral("writable")).toBool())
        return fail(QStringLiteral("the remote working folder is not writable: %1")
                        .arg(report->facts.value(QStringLiteral("write_error")).toString()));
    return Ok;
}

int TargetsTestCommand::testSlurm(const TargetConfig& target)
{
    QString error;
    const auto probe = SlurmProbe::run(target, workspace().root(), &error);
    if (!probe)
        return fail(error);
    if (json()) {
        QJsonArray partitions;
        for (const SlurmPartition& p : probe->partitions)
            partitions.append(QJsonObject{{QStringLiteral("name"), p.name},
                                          {QStringLiteral("default"), p.isDefault},
                                          {QStringLiteral("state"), p.state},
                                          {QStringLiteral("free_nodes"), p.idleNodes},
                                          {QStringLiteral("allocated_nodes"), p.allocatedNodes},
                                          {QStringLiteral("other_nodes"), p.otherNodes},
                                          {QStringLiteral("total_nodes"), p.totalNodes}});
        output().printJson(QJsonObject{{QStringLiteral("slurm_conf"), probe->slurmConf}, {QStringLiteral("partitions"), partitions}});
        return Ok;
    }
    for (const QString& line : probe->lines(target.settings.value(QStringLiteral("partition")).toString()))
        output().out() << line << "\n";
    return Ok;
}
