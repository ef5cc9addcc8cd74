#include "ModelsCommand.h"

#include "metrics/SystemMetricName.h"
#include "registry/ModelRegistry.h"
#include "run/RunStore.h"

#include <QHash>
#include <QJsonArray>

ModelsCommand::ModelsCommand()
    : Command(QStringLiteral("models"), QStringLiteral("Models"), QStringLiteral("Lists the registered models, every version."))
{
}

int ModelsCommand::run()
{
    using F = OutputFormatter;
    if (!openWorkspace())
        return openFailure();
    QString error;
    const auto models = ModelRegistry(workspace()).list(&error);
    if (!error.isEmpty())
        return fail(error);
    // The source run's metrics say what each version is worth; a run deleted since has none to show.
    QHash<QString, QJsonObject> runMetrics;
    if (json()) {
        const RunStore runs(workspace());
        for (const ModelRecord& m : models) {
            if (m.runId.isEmpty() || runMetrics.contains(m.runId))
                continue;
            QJsonObject metrics;
            for (const RunMetricSummary& summary : runs.metricSummaries(m.runId, &error)) {
                if (!SystemMetricName::parse(summary.name))
                    metrics.insert(summary.name, summary.lastValue);
            }
            if (!error.isEmpty())
                return fail(error);
            runMetrics.insert(m.runId, metrics);
        }
    }
    output().printListing(
        models,
        [&runMetrics](const ModelRecord& m) {
            QJsonObject tags;
            for (const auto& t : m.tags)
                tags.insert(t.first, t.second);
            return QJsonObject{{QStringLiteral("name"), m.name}, {QStringLiteral("version"), m.version},
                               {QStringLiteral("aliases"), QJsonArray::fromStringList(m.aliases)},
                               {QStringLiteral("description"), m.description}, {QStringLiteral("tags"), tags},
                               {QStringLiteral("run_id"), m.runId}, {QStringLiteral("run_metrics"), runMetrics.value(m.runId)},
                               {QStringLiteral("path"), m.sourcePath}, {QStringLiteral("stored_path"), m.storedPath},
                               {QStringLiteral("size"), m.size},
                               {QStringLiteral("files"), m.fileCount}, {QStringLiteral("created_at"), F::timeValue(m.createdAt)}};
        },
        F::pad(QStringLiteral("MODEL"), 24) + F::pad(QStringLiteral("VERSION"), 9) + F::pad(QStringLiteral("ALIASES"), 20)
            + F::pad(QStringLiteral("RUN"), 28) + F::pad(QStringLiteral("SIZE"), 10) + QStringLiteral("PATH"),
        [](const ModelRecord& m) -> QString {
            return F::pad(m.name, 24) + F::pad(QString::number(m.version), 9)
                   + F::pad(m.aliases.isEmpty() ? QStringLiteral("-") : m.aliases.join(QLatin1Char(',')), 20) + F::pad(m.runId, 28)
                   + F::pad(F::humanSize(m.size), 10) + m.sourcePath;
        });
    return Ok;
}
