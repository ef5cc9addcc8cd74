#include "EnvironmentsListCommand.h"

#include "environments/EnvironmentStore.h"
#include "EnvironmentsCommandSupport.h"

EnvironmentsListCommand::EnvironmentsListCommand()
    : Command(QStringLiteral("environments"), QStringLiteral("Environments"),
              QStringLiteral("Lists the environments built on the compute targets (pip or conda packages, possibly "
                             "inside an image): what defines them, their size, when they were built and last used, "
                             "and how many runs used them."))
{
    addOption(QStringLiteral("target"), QStringLiteral("T"), QStringLiteral("only the environments of this target"));
}

QJsonObject EnvironmentsListCommand::toJson(const EnvironmentRecord& e, bool full)
{
    using F = OutputFormatter;
    QJsonObject o{{QStringLiteral("target"), e.target},
                  {QStringLiteral("hash"), e.hash},
                  {QStringLiteral("short"), e.shortHash()},
                  {QStringLiteral("manager"), e.manager},
                  {QStringLiteral("packages"), QJsonArray::fromStringList(e.packages())},
                  {QStringLiteral("python"), e.python},
                  {QStringLiteral("python_version"), e.pythonVersion},
                  {QStringLiteral("image"), e.image.isEmpty() ? QJsonValue() : QJsonValue(e.image)},
                  {QStringLiteral("image_id"), e.imageId.isEmpty() ? QJsonValue() : QJsonValue(e.imageId)},
                  {QStringLiteral("size_bytes"), e.sizeBytes},
                  {QStringLiteral("created_at"), F::timeValue(e.createdMs)},
                  {QStringLiteral("last_used_at"), F::timeValue(e.lastUsedMs)},
                  {QStringLiteral("runs"), int(e.runIds.size())}};
    if (full) {
        o.insert(QStringLiteral("definition"), e.definition);
        o.insert(QStringLiteral("prefix"), e.prefix);
        o.insert(QStringLiteral("run_ids"), QJsonArray::fromStringList(e.runIds));
    }
    return o;
}

int EnvironmentsListCommand::run()
{
    using F = OutputFormatter;
    if (!openWorkspace())
        return openFailure();
    QString error;
    const QString target = value(QStringLiteral("target"));
    int code = Ok;
    if (!EnvironmentsCommandSupport::checkTarget(workspace(), target, &error, &code))
        return fail(error, code);
    const auto environments = EnvironmentStore(workspace()).list(target, &error);
    if (!environments)
        return fail(error);
    output().printListing(
        *environments, [](const EnvironmentRecord& e) { return toJson(e, false); },
        F::pad(QStringLiteral("TARGET"), 14) + F::pad(QStringLiteral("HASH"), 14) + F::pad(QStringLiteral("MANAGER"), 9)
            + F::pad(QStringLiteral("PACKAGES"), 36) + F::pad(QStringLiteral("SIZE"), 10) + F::pad(QStringLiteral("CREATED"), 21)
            + F::pad(QStringLiteral("LAST USED"), 21) + QStringLiteral("RUNS"),
        [](const EnvironmentRecord& e) -> QString {
            const auto minute = [](qint64 ms) { return F::isoTime(ms).left(16).replace(QLatin1Char('T'), QLatin1Char(' ')); };
            return F::pad(e.target, 13) + QLatin1Char(' ') + F::pad(e.shortHash(), 14) + F::pad(e.manager, 9)
                   + F::pad(e.packagesSummary(), 35) + QLatin1Char(' ') + F::pad(F::humanSize(e.sizeBytes), 10)
                   + F::pad(minute(e.createdMs), 21) + F::pad(minute(e.lastUsedMs), 21) + QString::number(e.runIds.size());
        });
    return Ok;
}
