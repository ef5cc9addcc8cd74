// The environment a run's job sees, decided when the run is submitted, so that it is the same whichever
// Trainyard process later starts it. It is made of, in this order (later wins):
//   1. the target kind's base, taken from the submitting process (local: PATH, HOME, USER, LANG, LC_*,
//      TMPDIR);
//   2. the variables the target's `environment` setting lists, taken from the submitting process;
//   3. the estimator's environment_variables.
// Nothing else of the submitting or starting process reaches the job. Secret-looking variables (names with
// TOKEN, SECRET, PASSWORD, CREDENTIAL or ending in KEY) are recorded by name only: their values are never
// written to the database or a file, so the job gets them from the estimator or, for those of steps 1-2,
// from the process that starts it.
#pragma once

#include "estimator/Estimator.h"
#include "targets/TargetConfig.h"

#include <QHash>
#include <QJsonArray>
#include <QProcessEnvironment>
#include <QVector>

struct TargetKind;

class RunEnvironment
{
public:
    struct Variable
    {
        QString name;
        QString value; // empty for a secret
        bool secret = false;
    };

    static RunEnvironment decide(const TargetKind& kind, const TargetConfig& target, const Estimator& estimator,
                                 const QProcessEnvironment& submitter);
    static RunEnvironment fromJson(const QJsonArray& json);
    // Secret values left out.
    QJsonArray toJson() const;

    // What the job gets: the recorded values, secrets from the estimator or `starter`, then the estimator's.
    QHash<QString, QString> resolve(const Estimator& estimator, const QProcessEnvironment& starter) const;
    // system/environment.json: {"variables":[{"name","value"} | {"name","secret":true}]}.
    static bool writeRecord(const QString& path, const QHash<QString, QString>& environment, QString* error);

    static bool isSecretName(const QString& name);
    const QVector<Variable>& variables() const { return m_variables; }

private:
    void set(const QString& name, const QString& value);

    QVector<Variable> m_variables;
};
