#include "EnvironmentsPruneCommand.h"

#include "EnvironmentsCommandSupport.h"
#include "environments/EnvironmentRemoval.h"
#include "run/RunStore.h"

EnvironmentsPruneCommand::EnvironmentsPruneCommand()
    : Command(QStringLiteral("environments prune"), QStringLiteral("Environments"),
              QStringLiteral("Removes every environment that no run used for DAYS days, on its target and from the "
                             "workspace, and says how much it freed. An environment a live run uses is kept."))
{
    addOption(QStringLiteral("unused-for"), QStringLiteral("DAYS"),
              QStringLiteral("how long unused (days, may be fractional: 0.5 is twelve hours)"), Required);
    addOption(QStringLiteral("target"), QStringLiteral("T"), QStringLiteral("only the environments of this target"));
    addFlag(QStringLiteral("dry-run"), QStringLiteral("say what would be removed, remove nothing"));
}

int EnvironmentsPruneCommand::run()
{
    using F = OutputFormatter;
    bool number = false;
    const QString daysText = value(QStringLiteral("unused-for"));
    const double days = daysText.toDouble(&number);
    if (!number || !(days >= 0) || days > 100000)
        return invalidUsage(QStringLiteral("--unused-for \"%1\": expected a number of days, 0 or more").arg(daysText));
    if (!openWorkspace())
        return openFailure();
    QString error;
    int code = Ok;
    const QString target = value(QStringLiteral("target"));
    if (!EnvironmentsCommandSupport::checkTarget(workspace(), target, &error, &code))
        return fail(error, code);
    EnvironmentStore store(workspace());
    const auto environments = store.list(target, &error);
    if (!environments)
        return fail(error);
    const bool dryRun = isSet(QStringLiteral("dry-run"));
    const qint64 cutoff = RunStore::nowMs() - qint64(days * 24 * 3600 * 1000);
    const EnvironmentRemoval removal(workspace());
    QJsonArray removed, kept, failed;
    qint64 freed = 0, wouldFree = 0;
    QTextStream& out = output().out();
    for (const EnvironmentRecord& e : *environments) {
        if (e.lastUsedMs >= cutoff)
            continue;
        const QString name = QStringLiteral("%1 on %2").arg(e.shortHash(), e.target);
        const QJsonObject entry{{QStringLiteral("target"), e.target}, {QStringLiteral("hash"), e.hash},
                                {QStringLiteral("last_used_at"), F::timeValue(e.lastUsedMs)},
                                {QStringLiteral("size_bytes"), e.sizeBytes}};
        if (dryRun) {
            const auto live = store.liveRuns(e.target, e.hash, &error);
            if (!live)
                return fail(error);
            if (!live->isEmpty()) {
                QJsonObject keptEntry = entry;
                keptEntry.insert(QStringLiteral("live_runs"), QJsonArray::fromStringList(*live));
                kept.append(keptEntry);
                if (!json())
                    out << "would keep " << name << ": used by live run(s) " << live->join(QStringLiteral(", ")) << "\n";
                continue;
            }
            wouldFree += e.sizeBytes;
            removed.append(entry);
            if (!json())
                out << "would remove " << name << " (" << F::humanSize(e.sizeBytes) << ", last used "
                    << F::isoTime(e.lastUsedMs) << ")\n";
            continue;
        }
        const EnvironmentRemovalResult result = removal.remove(e);
        QJsonObject done = entry;
        switch (result.outcome) {
        case EnvironmentRemovalResult::Outcome::Removed:
            freed += result.freedBytes;
            done.insert(QStringLiteral("freed_bytes"), result.freedBytes);
            removed.append(done);
            if (!json())
                out << "removed " << name << ", freed " << F::humanSize(result.freedBytes) << "\n";
            break;
        case EnvironmentRemovalResult::Outcome::InUse:
            done.insert(QStringLiteral("live_runs"), QJsonArray::fromStringList(result.liveRuns));
            kept.append(done);
            if (!json())
                out << "kept " << name << ": used by live run(s) " << result.liveRuns.join(QStringLiteral(", ")) << "\n";
            break;
        case EnvironmentRemovalResult::Outcome::Failed:
            done.insert(QStringLiteral("error"), result.error);
            failed.append(done);
            output().error(result.error);
            break;
        }
    }
    if (json()) {
        output().printJson(QJsonObject{{QStringLiteral("dry_run"), dryRun},
                                       {dryRun ? QStringLiteral("would_remove") : QStringLiteral("removed"), removed},
                                       {QStringLiteral("kept"), kept},
                                       {QStringLiteral("failed"), failed},
                                       {dryRun ? QStringLiteral("would_free_bytes") : QStringLiteral("freed_bytes"),
                                        dryRun ? wouldFree : freed}});
    } else if (dryRun) {
        out << "would free " << F::humanSize(wouldFree) << " (" << removed.size() << " environment(s))\n";
    } else {
        out << "freed " << F::humanSize(freed) << " (" << removed.size() << " environment(s) removed";
        if (!failed.isEmpty())
            out << ", " << failed.size() << " failed";
        out << ")\n";
    }
    out.flush();
    return failed.isEmpty() ? Ok : Failure;
}
