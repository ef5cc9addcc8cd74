#include "run/RunColumn.h"

#include <QVector>

namespace {

const QString kParams = QStringLiteral("params.");
const QString kMetrics = QStringLiteral("metrics.");
const QString kTags = QStringLiteral("tags.");

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

QString fieldLabel(const QString& key)
{
    if (key == QLatin1String("id"))
        return QStringLiteral("Run");
    if (key == QLatin1String("name"))
        return QStringLiteral("Name");
    QString label = key;
    label[0] = label[0].toUpper();
    return label;
}

} // namespace

const QStringList& RunColumn::fieldKeys()
{
    static const QStringList keys{QStringLiteral("status"),    QStringLiteral("id"),      QStringLiteral("name"),
                                  QStringLiteral("experiment"), QStringLiteral("target"),  QStringLiteral("submitted"),
                                  QStringLiteral("started"),   QStringLiteral("ended"),   QStringLiteral("duration"),
                                  QStringLiteral("note")};
    return keys;
}

QString RunColumn::aggregateName(Aggregate aggregate)
{
    switch (aggregate) {
    case Aggregate::Min:
        return QStringLiteral("min");
    case Aggregate::Max:
        return QStringLiteral("max");
    case Aggregate::Last:
        break;
    }
    return QStringLiteral("last");
}

std::optional<RunColumn> RunColumn::parse(const QString& rawKey, QString* error)
{
    const QString key = rawKey.trimmed();
    auto named = [&](const QString& prefix, Kind kind, const char* noun) -> std::optional<RunColumn> {
        const QString name = key.mid(prefix.size());
        if (name.trimmed().isEmpty()) {
            setError(error, QStringLiteral("column \"%1\" names no %2 after \"%3\"").arg(key, QLatin1String(noun), prefix));
            return std::nullopt;
        }
        return RunColumn{kind, name, Aggregate::Last};
    };
    if (key.startsWith(kParams))
        return named(kParams, Kind::Param, "parameter");
    if (key.startsWith(kTags))
        return named(kTags, Kind::Tag, "tag");
    if (key.startsWith(kMetrics)) {
        std::optional<RunColumn> column = named(kMetrics, Kind::Metric, "metric");
        if (!column)
            return column;
        for (Aggregate aggregate : {Aggregate::Last, Aggregate::Min, Aggregate::Max}) {
            const QString suffix = QLatin1Char('.') + aggregateName(aggregate);
            if (column->name.endsWith(suffix) && column->name.size() > suffix.size()) {
                column->name.chop(suffix.size());
                column->aggregate = aggregate;
                break;
            }
        }
        return column;
    }
    if (fieldKeys().contains(key))
        return field(key);
    setError(error, QStringLiteral("unknown column \"%1\": use one of %2, or params.NAME, metrics.NAME[.last|.min|.max], "
                                   "tags.NAME")
                        .arg(key, fieldKeys().join(QStringLiteral(", "))));
    return std::nullopt;
}

std::optional<QVector<RunColumn>> RunColumn::parseList(const QString& keys, QString* error)
{
    QVector<RunColumn> columns;
    for (const QString& key : keys.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        std::optional<RunColumn> column = parse(key, error);
        if (!column)
            return std::nullopt;
        columns.append(*column);
    }
    if (columns.isEmpty()) {
        setError(error, QStringLiteral("no columns named in \"%1\"").arg(keys));
        return std::nullopt;
    }
    return columns;
}

QString RunColumn::key() const
{
    switch (kind) {
    case Kind::Param:
        return kParams + name;
    case Kind::Tag:
        return kTags + name;
    case Kind::Metric:
        return aggregate == Aggregate::Last ? QString(kMetrics + name)
                                            : QString(kMetrics + name + QLatin1Char('.') + aggregateName(aggregate));
    case Kind::Field:
        break;
    }
    return name;
}

QString RunColumn::label() const
{
    switch (kind) {
    case Kind::Param:
    case Kind::Tag:
        return name;
    case Kind::Metric:
        return aggregate == Aggregate::Last ? name : QStringLiteral("%1 (%2)").arg(name, aggregateName(aggregate));
    case Kind::Field:
        break;
    }
    return fieldLabel(name);
}
