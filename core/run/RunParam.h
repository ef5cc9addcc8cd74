// One parameter of a run: a script param of its estimator, or one the run logged while it ran. Kept as text
// (the value the user wrote, "1e-3" stays "1e-3") and, where the text reads as a number, as that number, so
// parameters sort and compare numerically in listings and filters.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QVector>

#include <optional>

struct RunParam
{
    QString name;
    QString value;
    std::optional<double> number; // the value as a finite number, when it reads as one
    QString source;               // "script" or "logged"

    static QString scriptSource() { return QStringLiteral("script"); }
    static QString loggedSource() { return QStringLiteral("logged"); }

    static RunParam fromText(const QString& name, const QString& value, const QString& source);
    // The script params of an estimator (its toJson() form), in their order: the key without leading
    // dashes ("--regularization" → "regularization"), a bare flag as "true", a dataset as its reference.
    // Params whose key is nothing but dashes are left out; of two with the same name the later one counts.
    // Then the estimator's arguments: "--name value" and "--name=value" give name, a "--flag" followed by another
    // "--" word (or last) gives "true", a dataset value its reference; positional words give nothing.
    static QVector<RunParam> fromEstimatorJson(const QJsonObject& estimator);

    bool operator==(const RunParam& other) const
    {
        return name == other.name && value == other.value && number == other.number && source == other.source;
    }
};
