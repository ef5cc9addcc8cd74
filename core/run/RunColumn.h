// One column of a run listing, named by a key the table, the filter language and the CLI share:
//   status, id, name, experiment, target, submitted, started, ended, duration, note
//   params.NAME
//   metrics.NAME (its last value), metrics.NAME.last, metrics.NAME.min, metrics.NAME.max
//   tags.NAME
// Metric names may contain dots ("val.acc"): a trailing .last/.min/.max is the aggregate, the rest the name.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

struct RunColumn
{
    enum class Kind { Field, Param, Metric, Tag };
    enum class Aggregate { Last, Min, Max };

    Kind kind = Kind::Field;
    QString name; // the field's key for Field; the param, metric or tag name otherwise
    Aggregate aggregate = Aggregate::Last;

    static RunColumn field(const QString& key) { return {Kind::Field, key, Aggregate::Last}; }
    static RunColumn param(const QString& name) { return {Kind::Param, name, Aggregate::Last}; }
    static RunColumn metric(const QString& name, Aggregate aggregate = Aggregate::Last)
    {
        return {Kind::Metric, name, aggregate};
    }
    static RunColumn tag(const QString& name) { return {Kind::Tag, name, Aggregate::Last}; }

    // The Field keys, in the order a listing shows them.
    static const QStringList& fieldKeys();
    // nullopt with *error naming what is wrong: an unknown field, a prefix without a name.
    static std::optional<RunColumn> parse(const QString& key, QString* error = nullptr);
    // Parses a comma-separated list ("id,params.lr,metrics.loss.min"); nullopt at the first bad key.
    static std::optional<QVector<RunColumn>> parseList(const QString& keys, QString* error = nullptr);

    // The key parse() reads back: metrics.NAME.min, params.NAME, …; a metric's last value is metrics.NAME.
    QString key() const;
    // A header for people: "lr", "loss (min)", "Submitted", "stage" (tag).
    QString label() const;
    static QString aggregateName(Aggregate aggregate);

    bool operator==(const RunColumn& other) const
    {
        return kind == other.kind && name == other.name && aggregate == other.aggregate;
    }
    bool operator!=(const RunColumn& other) const { return !(*this == other); }
};
