#include "compare/RunComparison.h"

#include "environments/RanWith.h"
#include "logs/FailureCause.h"
#include "run/DurationFormat.h"
#include "run/RunColumn.h"
#include "run/RunFiles.h"
#include "run/RunRecord.h"
#include "run/RunStore.h"
#include "workspace/DatabaseError.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <cmath>
#include <limits>

namespace {

// A package list far larger than any environment's is not one; reading stops there.
constexpr qint64 kMaxPackageListBytes = 4 << 20;

// What one run contributes, gathered from every table before the rows are made.
struct RunFacts {
    RunRecord record;
    QHash<QString, QPair<QString, std::optional<double>>> params;
    QStringList paramOrder;
    struct Metric {
        std::optional<double> last, min, max;
    };
    QHash<QString, Metric> metrics;
    QHash<QString, QString> tags;
    bool hasEnvironment = false;
    QString environmentHash;
    QString pythonVersion;
    QString image;
    QJsonObject definition;
    std::optional<RanWith> ranWith;
    // Package name (lower case) → version; hasPackages is false when the run recorded no list at all.
    QMap<QString, QString> packages;
    bool hasPackages = false;
};

ComparisonValue textValue(const QString& text)
{
    ComparisonValue v;
    v.missing = text.isEmpty();
    v.text = text;
    return v;
}

ComparisonValue numberValue(std::optional<double> number)
{
    ComparisonValue v;
    v.missing = !number.has_value();
    if (number) {
        v.number = *number;
        v.text = QString::number(*number, 'g', 8);
    }
    return v;
}

bool sameNumber(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

bool valuesDiffer(const QVector<ComparisonValue>& values)
{
    const ComparisonValue* first = nullptr;
    bool anyMissing = false;
    bool allNumbers = true;
    for (const ComparisonValue& v : values) {
        if (v.missing) {
            anyMissing = true;
            continue;
        }
        if (!first)
            first = &v;
        allNumbers = allNumbers && v.number.has_value();
    }
    if (!first)
        return false;
    if (anyMissing)
        return true;
    for (const ComparisonValue& v : values) {
        if (allNumbers ? !sameNumber(*v.number, *first->number) : v.text != first->text)
            return true;
    }
    return false;
}

ComparisonRow makeRow(const QString& key, const QString& label, QVector<ComparisonValue> values)
{
    ComparisonRow row{key, label, std::move(values), false};
    row.differs = valuesDiffer(row.values);
    return row;
}

// A row whose numbers are finer than what it shows (times in milliseconds, shown to the second): the runs
// differ where the text does, so two durations that both read "3s" are not marked.
ComparisonRow makeTextRow(const QString& key, const QString& label, QVector<ComparisonValue> values)
{
    QVector<ComparisonValue> texts = values;
    for (ComparisonValue& v : texts)
        v.number.reset();
    ComparisonRow row{key, label, std::move(values), valuesDiffer(texts)};
    return row;
}

// A metric value as stored: a REAL, or the text "nan"/"inf"/"-inf" SQLite cannot hold as a number.
std::optional<double> storedNumber(const QVariant& v)
{
    if (v.isNull())
        return std::nullopt;
    if (v.typeId() == QMetaType::QString) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        return ok ? std::optional<double>(d) : std::nullopt;
    }
    return v.toDouble();
}

QString idsJson(const QStringList& ids)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
}

// Runs one statement over all the runs (bound as a JSON array to `WHERE … IN (SELECT value FROM
// json_each(?))`).
bool runBatch(QSqlQuery& q, const QString& sql, const QString& ids, const QString& action,
              const Workspace& workspace, QString* error)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        DatabaseError::report(error, action, q.lastError(), workspace.databasePath());
        return false;
    }
    q.addBindValue(ids);
    if (!q.exec()) {
        DatabaseError::report(error, action, q.lastError(), workspace.databasePath());
        return false;
    }
    return true;
}

bool finishedReading(const QSqlQuery& q, const QString& action, const Workspace& workspace, QString* error)
{
    if (!q.lastError().isValid())
        return true;
    DatabaseError::report(error, action, q.lastError(), workspace.databasePath());
    return false;
}

// "scikit-learn>=1.0" → ("scikit-learn", ">=1.0"); "numpy==1.26.4" → ("numpy", "1.26.4").
QPair<QString, QString> splitPackage(const QString& spec)
{
    static const QRegularExpression end(QStringLiteral("[<>=!~;\\[@ ]"));
    const QString trimmed = spec.trimmed();
    const qsizetype cut = trimmed.indexOf(end);
    if (cut <= 0)
        return {trimmed.toLower(), QString()};
    QString version = trimmed.mid(cut).trimmed();
    if (version.startsWith(QLatin1String("==")))
        version = version.mid(2).trimmed();
    return {trimmed.left(cut).toLower(), version};
}

// What the run really had installed (pip freeze, else conda list, as its supervisor recorded them), else
// what its environment's definition asked for.
void readPackages(const Workspace& workspace, RunFacts& facts, QStringList* warnings)
{
    const RunFiles files(workspace, facts.record.id);
    const auto readList = [&](const char* relative, QByteArray* data) {
        const QString path = files.absolutePath(QLatin1String(relative));
        if (path.isEmpty() || !QFileInfo::exists(path))
            return false;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *warnings << QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        *data = file.read(kMaxPackageListBytes);
        return true;
    };
    QByteArray data;
    if (readList(RanWith::kFreezePath, &data)) {
        facts.hasPackages = true;
        for (const QByteArray& line : data.split('\n')) {
            const QString text = QString::fromUtf8(line).trimmed();
            if (text.isEmpty() || text.startsWith(QLatin1Char('#')) || text.startsWith(QLatin1Char('-')))
                continue;
            const auto [name, version] = splitPackage(text);
            facts.packages.insert(name, version);
        }
        return;
    }
    if (readList(RanWith::kCondaListPath, &data)) {
        facts.hasPackages = true;
        for (const QByteArray& line : data.split('\n')) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() < 2 || fields.first().startsWith('#'))
                continue;
            facts.packages.insert(QString::fromUtf8(fields.at(0)).toLower(), QString::fromUtf8(fields.at(1)));
        }
        return;
    }
    for (const char* key : {"conda", "pip"}) {
        for (const QJsonValue& v : facts.definition.value(QLatin1String(key)).toArray()) {
            const auto [name, version] = splitPackage(v.toString());
            if (name.isEmpty())
                continue;
            facts.hasPackages = true;
            facts.packages.insert(name, version);
        }
    }
}

QString timeText(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                  : QString();
}

QByteArray diffOf(const QJsonObject& git)
{
    if (git.contains(QStringLiteral("diffBase64")))
        return QByteArray::fromBase64(git.value(QStringLiteral("diffBase64")).toString().toLatin1());
    return git.value(QStringLiteral("diff")).toString().toUtf8();
}

// The patch in a few words that still tell two patches apart: "12 lines, 3fa2c1d0".
QString diffText(const QByteArray& diff)
{
    if (diff.isEmpty())
        return QStringLiteral("none");
    const QByteArray hash = QCryptographicHash::hash(diff, QCryptographicHash::Sha256).toHex().left(8);
    return QStringLiteral("%1 lines, %2").arg(diff.count('\n')).arg(QString::fromLatin1(hash));
}

} // namespace

QString RunComparison::normalisedKey(const QString& key)
{
    const std::optional<RunColumn> column = RunColumn::parse(key);
    return column ? column->key() : key;
}

const ComparisonRow* RunComparison::row(const QString& key) const
{
    const auto found = m_rowIndex.constFind(normalisedKey(key));
    if (found == m_rowIndex.constEnd())
        return nullptr;
    return &m_sections.at(found->first).rows.at(found->second);
}

ComparisonNumbers RunComparison::numbers(const QStringList& keys) const
{
    ComparisonNumbers result{m_runIds, m_runLabels, {}};
    result.values.reserve(keys.size());
    for (const QString& key : keys) {
        QVector<double> axis(runCount(), std::numeric_limits<double>::quiet_NaN());
        if (const ComparisonRow* found = row(key)) {
            for (int run = 0; run < runCount(); ++run) {
                const ComparisonValue& v = found->values.at(run);
                if (!v.missing && v.number)
                    axis[run] = *v.number;
            }
        }
        result.values << axis;
    }
    return result;
}

std::optional<RunComparison> RunComparison::build(const Workspace& workspace, const QStringList& requestedIds,
                                                  QString* error, Failure* failure)
{
    const auto refuse = [&](Failure why, const QString& message) -> std::optional<RunComparison> {
        *error = message;
        if (failure)
            *failure = why;
        return std::nullopt;
    };
    if (failure)
        *failure = Failure::None;
    QStringList ids;
    for (const QString& id : requestedIds)
        if (!ids.contains(id))
            ids << id;
    if (ids.size() < 2)
        return refuse(Failure::TooFewRuns,
                      QStringLiteral("a comparison needs at least two runs, got %1").arg(ids.size()));
    const QString idList = idsJson(ids);
    const QSqlDatabase db = workspace.database();
    QString storageError;
    const auto storageFailure = [&] { return refuse(Failure::Storage, storageError); };

    QHash<QString, int> indexOf;
    for (int i = 0; i < ids.size(); ++i)
        indexOf.insert(ids.at(i), i);
    QVector<RunFacts> facts(ids.size());
    QVector<bool> found(ids.size(), false);

    {
        QSqlQuery q(db);
        const QString action = QStringLiteral("cannot read the runs to compare");
        if (!runBatch(
                q,
                QStringLiteral(
                    "SELECT id, experiment, status, compute_target, snapshot_id, git_json, submitted_at, "
                    "started_at, ended_at, exit_code, error, waiting_reason, display_name FROM runs "
                    "WHERE id IN (SELECT value FROM json_each(?))"),
                idList, action, workspace, &storageError))
            return storageFailure();
        while (q.next()) {
            const int i = indexOf.value(q.value(0).toString(), -1);
            if (i < 0)
                continue;
            found[i] = true;
            RunRecord& r = facts[i].record;
            r.id = q.value(0).toString();
            r.experiment = q.value(1).toString();
            r.status = runStatusFromName(q.value(2).toString()).value_or(RunStatus::Failed);
            r.computeTarget = q.value(3).toString();
            r.snapshotId = q.value(4).toString();
            r.git = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
            r.submittedAt = q.value(6).toLongLong();
            r.startedAt = q.value(7).toLongLong();
            r.endedAt = q.value(8).toLongLong();
            if (!q.value(9).isNull())
                r.exitCode = q.value(9).toInt();
            r.error = q.value(10).toString();
            r.waitingReason = q.value(11).toString();
            r.displayName = q.value(12).toString();
        }
        if (!finishedReading(q, action, workspace, &storageError))
            return storageFailure();
    }
    QStringList unknown;
    for (int i = 0; i < ids.size(); ++i)
        if (!found[i])
            unknown << ids.at(i);
    if (!unknown.isEmpty())
        return refuse(Failure::UnknownRuns,
                      unknown.size() == 1
                          ? QStringLiteral("unknown run %1").arg(unknown.first())
                          : QStringLiteral("unknown runs %1").arg(unknown.join(QStringLiteral(", "))));

    {
        QSqlQuery q(db);
        const QString action = QStringLiteral("cannot read the parameters of the runs to compare");
        if (!runBatch(
                q,
                QStringLiteral("SELECT run_id, name, value, number FROM run_params "
                               "WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, position"),
                idList, action, workspace, &storageError))
            return storageFailure();
        while (q.next()) {
            RunFacts& f = facts[indexOf.value(q.value(0).toString())];
            const QString name = q.value(1).toString();
            const QVariant number = q.value(3);
            f.params.insert(name,
                            {q.value(2).toString(),
                             number.isNull() ? std::nullopt : std::optional<double>(number.toDouble())});
            f.paramOrder << name;
        }
        if (!finishedReading(q, action, workspace, &storageError))
            return storageFailure();
    }
    QSet<QString> metricNameSet;
    {
        QSqlQuery q(db);
        const QString action = QStringLiteral("cannot read the metrics of the runs to compare");
        if (!runBatch(q,
                      QStringLiteral("SELECT run_id, name, last_value, min_value, max_value FROM run_metrics "
                                     "WHERE run_id IN (SELECT value FROM json_each(?))"),
                      idList, action, workspace, &storageError))
            return storageFailure();
        while (q.next()) {
            RunFacts& f = facts[indexOf.value(q.value(0).toString())];
            const QString name = q.value(1).toString();
            f.metrics.insert(name,
                             {storedNumber(q.value(2)), storedNumber(q.value(3)), storedNumber(q.value(4))});
            metricNameSet.insert(name);
        }
        if (!finishedReading(q, action, workspace, &storageError))
            return storageFailure();
    }
    QSet<QString> tagNameSet;
    {
        QSqlQuery q(db);
        const QString action = QStringLiteral("cannot read the tags of the runs to compare");
        if (!runBatch(q,
                      QStringLiteral("SELECT run_id, name, value FROM run_tags WHERE run_id IN (SELECT value "
                                     "FROM json_each(?))"),
                      idList, action, workspace, &storageError))
            return storageFailure();
        while (q.next()) {
            RunFacts& f = facts[indexOf.value(q.value(0).toString())];
            f.tags.insert(q.value(1).toString(), q.value(2).toString());
            tagNameSet.insert(q.value(1).toString());
        }
        if (!finishedReading(q, action, workspace, &storageError))
            return storageFailure();
    }
    {
        QSqlQuery q(db);
        const QString action = QStringLiteral("cannot read the environments of the runs to compare");
        if (!runBatch(q,
                      QStringLiteral("SELECT l.run_id, l.hash, e.python_version, e.image, e.definition_json "
                                     "FROM run_environments l LEFT JOIN environments e ON e.target = "
                                     "l.target AND e.hash = l.hash "
                                     "WHERE l.run_id IN (SELECT value FROM json_each(?))"),
                      idList, action, workspace, &storageError))
            return storageFailure();
        while (q.next()) {
            RunFacts& f = facts[indexOf.value(q.value(0).toString())];
            f.hasEnvironment = true;
            f.environmentHash = q.value(1).toString();
            f.pythonVersion = q.value(2).toString();
            f.image = q.value(3).toString();
            f.definition = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object();
        }
        if (!finishedReading(q, action, workspace, &storageError))
            return storageFailure();
    }

    RunComparison c;
    c.m_runIds = ids;
    for (RunFacts& f : facts) {
        c.m_runLabels << (f.record.displayName.isEmpty() ? f.record.id : f.record.displayName);
        c.m_snapshotIds << f.record.snapshotId;
        c.m_gitDiffs << diffOf(f.record.git);
        QString ranWithError;
        f.ranWith = RanWith::read(workspace, f.record.id, &ranWithError);
        if (!f.ranWith)
            c.m_warnings << ranWithError;
        readPackages(workspace, f, &c.m_warnings);
    }
    const int n = int(ids.size());
    const auto column = [&](const auto& valueOf) {
        QVector<ComparisonValue> values;
        values.reserve(n);
        for (int i = 0; i < n; ++i)
            values << valueOf(facts[i]);
        return values;
    };

    ComparisonSection runSection{QStringLiteral("Run"), {}};
    runSection.rows << makeRow(QStringLiteral("name"), QStringLiteral("Name"),
                               column([](const RunFacts& f) { return textValue(f.record.displayName); }));
    runSection.rows << makeRow(QStringLiteral("status"), QStringLiteral("Status"),
                               column([](const RunFacts& f) { return textValue(runStatusText(f.record)); }));
    runSection.rows << makeRow(QStringLiteral("experiment"), QStringLiteral("Experiment"),
                               column([](const RunFacts& f) { return textValue(f.record.experiment); }));
    runSection.rows << makeRow(QStringLiteral("target"), QStringLiteral("Target"),
                               column([](const RunFacts& f) { return textValue(f.record.computeTarget); }));
    runSection.rows << makeTextRow(QStringLiteral("submitted"), QStringLiteral("Submitted"),
                                   column([](const RunFacts& f) {
                                       ComparisonValue v = textValue(timeText(f.record.submittedAt));
                                       if (!v.missing)
                                           v.number = double(f.record.submittedAt);
                                       return v;
                                   }));
    const qint64 now = RunStore::nowMs();
    runSection.rows << makeTextRow(
        QStringLiteral("duration"), QStringLiteral("Duration"), column([now](const RunFacts& f) {
            if (f.record.startedAt <= 0)
                return ComparisonValue{};
            const qint64 ms =
                qMax<qint64>(0, (f.record.endedAt > 0 ? f.record.endedAt : now) - f.record.startedAt);
            ComparisonValue v = textValue(DurationFormat::text(ms));
            v.number = ms / 1000.0;
            return v;
        }));
    runSection.rows << makeRow(
        QStringLiteral("exit_code"), QStringLiteral("Exit code"), column([](const RunFacts& f) {
            return numberValue(f.record.exitCode ? std::optional<double>(*f.record.exitCode) : std::nullopt);
        }));
    runSection.rows << makeRow(QStringLiteral("failure"), QStringLiteral("Failure"),
                               column([&](const RunFacts& f) {
                                   // A failed run says why in the words of its stderr where it can, as the
                                   // run page does.
                                   if (f.record.status == RunStatus::Failed) {
                                       FailureCause cause;
                                       QString causeError;
                                       if (FailureCause::fromFile(workspace.runDir(f.record.id) +
                                                                      QStringLiteral("/system/stderr.log"),
                                                                  &cause, &causeError) &&
                                           !cause.exception.isEmpty())
                                           return textValue(cause.headline());
                                   }
                                   return textValue(f.record.error);
                               }));

    ComparisonSection paramSection{QStringLiteral("Parameters"), {}};
    QStringList paramNames;
    QSet<QString> seenParams;
    for (const RunFacts& f : facts) {
        for (const QString& name : f.paramOrder) {
            if (!seenParams.contains(name)) {
                seenParams.insert(name);
                paramNames << name;
            }
        }
    }
    for (const QString& name : paramNames) {
        paramSection.rows << makeRow(RunColumn::param(name).key(), name, column([&name](const RunFacts& f) {
                                         const auto p = f.params.constFind(name);
                                         if (p == f.params.constEnd())
                                             return ComparisonValue{};
                                         ComparisonValue v;
                                         v.missing = false;
                                         v.text = p->first;
                                         v.number = p->second;
                                         return v;
                                     }));
    }

    ComparisonSection metricSection{QStringLiteral("Metrics"), {}};
    QStringList metricNames = metricNameSet.values();
    metricNames.sort();
    for (const QString& name : metricNames) {
        using Aggregate = RunColumn::Aggregate;
        for (const Aggregate aggregate : {Aggregate::Last, Aggregate::Min, Aggregate::Max}) {
            const RunColumn metric = RunColumn::metric(name, aggregate);
            ComparisonRow row = makeRow(
                metric.key(), QStringLiteral("%1 (%2)").arg(name, RunColumn::aggregateName(aggregate)),
                column([&](const RunFacts& f) {
                    const auto m = f.metrics.constFind(name);
                    if (m == f.metrics.constEnd())
                        return ComparisonValue{};
                    return numberValue(aggregate == Aggregate::Last  ? m->last
                                       : aggregate == Aggregate::Min ? m->min
                                                                     : m->max);
                }));
            // Minimum and maximum are recorded by newer ingests only: a row no run has says nothing.
            const bool empty = std::all_of(row.values.cbegin(), row.values.cend(),
                                           [](const ComparisonValue& v) { return v.missing; });
            if (aggregate == Aggregate::Last || !empty)
                metricSection.rows << row;
        }
    }

    ComparisonSection tagSection{QStringLiteral("Tags"), {}};
    QStringList tagNames = tagNameSet.values();
    tagNames.sort();
    for (const QString& name : tagNames) {
        tagSection.rows << makeRow(RunColumn::tag(name).key(), name, column([&name](const RunFacts& f) {
                                       const auto t = f.tags.constFind(name);
                                       if (t == f.tags.constEnd())
                                           return ComparisonValue{};
                                       ComparisonValue v;
                                       v.missing = false;
                                       v.text = *t;
                                       return v;
                                   }));
    }

    ComparisonSection gitSection{QStringLiteral("Git"), {}};
    const auto inRepository = [](const RunFacts& f) {
        return f.record.git.value(QStringLiteral("inRepository")).toBool(false);
    };
    gitSection.rows << makeRow(
        QStringLiteral("git.repository"), QStringLiteral("Repository"), column([&](const RunFacts& f) {
            return inRepository(f) ? textValue(f.record.git.value(QStringLiteral("repository")).toString())
                                   : ComparisonValue{};
        }));
    gitSection.rows << makeRow(
        QStringLiteral("git.commit"), QStringLiteral("Commit"), column([&](const RunFacts& f) {
            return inRepository(f) ? textValue(f.record.git.value(QStringLiteral("commit")).toString())
                                   : ComparisonValue{};
        }));
    gitSection.rows << makeRow(
        QStringLiteral("git.branch"), QStringLiteral("Branch"), column([&](const RunFacts& f) {
            return inRepository(f) ? textValue(f.record.git.value(QStringLiteral("branch")).toString())
                                   : ComparisonValue{};
        }));
    gitSection.rows << makeRow(
        QStringLiteral("git.dirty"), QStringLiteral("Dirty"), column([&](const RunFacts& f) {
            return inRepository(f) ? textValue(f.record.git.value(QStringLiteral("dirty")).toBool()
                                                   ? QStringLiteral("yes")
                                                   : QStringLiteral("no"))
                                   : ComparisonValue{};
        }));
    gitSection.rows << makeRow(
        QStringLiteral("git.diff"), QStringLiteral("Uncommitted diff"), column([&](const RunFacts& f) {
            return inRepository(f) ? textValue(diffText(diffOf(f.record.git))) : ComparisonValue{};
        }));

    ComparisonSection environmentSection{QStringLiteral("Environment"), {}};
    const auto ranWith = [](const RunFacts& f) {
        return f.ranWith && f.ranWith->present ? &*f.ranWith : nullptr;
    };
    environmentSection.rows << makeRow(
        QStringLiteral("environment.hash"), QStringLiteral("Environment"), column([&](const RunFacts& f) {
            QString hash = f.environmentHash;
            if (hash.isEmpty() && ranWith(f))
                hash = ranWith(f)->environment.value(QStringLiteral("hash")).toString();
            return textValue(hash.left(12));
        }));
    environmentSection.rows << makeRow(
        QStringLiteral("environment.image"), QStringLiteral("Image"), column([&](const RunFacts& f) {
            const QJsonObject image = ranWith(f) ? ranWith(f)->image : QJsonObject();
            QString text = image.value(QStringLiteral("ref")).toString();
            if (text.isEmpty())
                text = f.image;
            const QString digest = image.value(QStringLiteral("digest")).toString();
            if (!text.isEmpty() && !digest.isEmpty())
                text += QStringLiteral(" (%1)").arg(digest.left(19));
            return textValue(text);
        }));
    environmentSection.rows << makeRow(
        QStringLiteral("environment.host"), QStringLiteral("Host"), column([&](const RunFacts& f) {
            return textValue(ranWith(f) ? ranWith(f)->host.value(QStringLiteral("name")).toString()
                                        : QString());
        }));
    environmentSection.rows << makeRow(
        QStringLiteral("environment.python"), QStringLiteral("Python"), column([&](const RunFacts& f) {
            QString version = f.pythonVersion;
            if (version.isEmpty() && ranWith(f))
                version = ranWith(f)->interpreter.value(QStringLiteral("version")).toString();
            return textValue(version);
        }));
    // Only the packages whose versions differ, among the runs that recorded a list: a run without one has
    // nothing to say about any package, so it does not make every package differ.
    QSet<QString> packageNameSet;
    for (const RunFacts& f : facts)
        for (auto p = f.packages.constBegin(); p != f.packages.constEnd(); ++p)
            packageNameSet.insert(p.key());
    QStringList packageNames = packageNameSet.values();
    packageNames.sort();
    for (const QString& name : packageNames) {
        QSet<QString> versions;
        bool absentSomewhere = false;
        for (const RunFacts& f : facts) {
            if (!f.hasPackages)
                continue;
            const auto p = f.packages.constFind(name);
            if (p == f.packages.constEnd())
                absentSomewhere = true;
            else
                versions.insert(*p);
        }
        if (versions.size() < 2 && !absentSomewhere)
            continue;
        ComparisonRow row{QStringLiteral("packages.") + name, name, column([&name](const RunFacts& f) {
                              const auto p = f.packages.constFind(name);
                              if (p == f.packages.constEnd())
                                  return ComparisonValue{};
                              ComparisonValue v;
                              v.missing = false;
                              v.text = p->isEmpty() ? QStringLiteral("(any version)") : *p;
                              return v;
                          }),
                          true};
        environmentSection.rows << row;
    }

    c.m_sections = {runSection, paramSection, metricSection, tagSection, gitSection, environmentSection};
    for (int s = 0; s < c.m_sections.size(); ++s)
        for (int r = 0; r < c.m_sections.at(s).rows.size(); ++r)
            c.m_rowIndex.insert(c.m_sections.at(s).rows.at(r).key, {s, r});
    return c;
}
