// Estimator: what to run — the entry script, its ordered parameters, packages, resources and environment.
// The same data backs the estimator form, the estimator.yml file (EstimatorParser / EstimatorWriter) and the
// JSON recorded with every run (toJson / fromJson).
#pragma once

#include <QJsonObject>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVector>

// One entry of script_params. Order matters (argparse users rely on it), so these live in a vector.
struct ScriptParam {
    enum class Kind { Value, Flag, Dataset };
    QString key;
    Kind kind = Kind::Value;
    QString value;   // literal text for Value ("0.8" stays "0.8", "1e-3" stays "1e-3")
    QString dataset; // NAME or NAME:VERSION for Dataset
    QString datasetMode = QStringLiteral("mount"); // mount | download

    bool operator==(const ScriptParam& other) const;
    bool operator!=(const ScriptParam& other) const { return !(*this == other); }
};

// One item of arguments: a literal word or a registered dataset, passed to the entry script after
// script_params, in order. Unlike script params, arguments have no keys: `--lr 0.1 data/` is three items.
struct ScriptArgument {
    enum class Kind { Value, Dataset };
    Kind kind = Kind::Value;
    QString value;   // the word itself for Value, passed as one argv element (may be empty)
    QString dataset; // NAME or NAME:VERSION for Dataset
    QString datasetMode = QStringLiteral("mount"); // mount | download

    static ScriptArgument literal(const QString& text);
    static ScriptArgument datasetReference(const QString& name, const QString& mode);

    bool operator==(const ScriptArgument& other) const;
    bool operator!=(const ScriptArgument& other) const { return !(*this == other); }
};

struct Estimator {
    QString filePath;        // absolute path of estimator.yml when loaded from a file (may be empty)
    QString experiment;      // default: the source directory's folder name, sanitised
    QString sourceDirectory; // absolute, cleaned
    QString entryScript;     // relative to sourceDirectory, '/'-separated
    QVector<ScriptParam> scriptParams; // order preserved
    QVector<ScriptArgument> arguments;  // after script_params, order preserved
    QString computeTarget = QStringLiteral("local");
    QStringList pipPackages;
    QStringList condaPackages;
    QString environmentDefinition; // relative to sourceDirectory (or absolute), optional
    QString customDockerImage;
    // Azure ML's user-managed dependencies: the run uses the target's interpreter as it is, and listed
    // packages are not installed for it.
    bool userManagedDependencies = false;
    int nodeCount = 1;
    int processCountPerNode = 1;
    QString distributedTraining = QStringLiteral("none");
    // Helper metrics of ranks >= 1 too (stored as rank<r>/<name>); by default only rank 0's.
    bool metricsFromAllRanks = false;
    QVector<QPair<QString, QString>> environmentVariables; // order preserved
    QStringList metricPatterns;
    // Folders made under ./outputs before the script starts (an Azure ML job's outputs), one name each.
    QStringList outputFolders;
    // What the run is given at submit: its display name, its tags (order preserved) and its note.
    QString displayName;
    QVector<QPair<QString, QString>> tags;
    QString description;

    // Lossless: fromJson(toJson()) reproduces every field, filePath included.
    QJsonObject toJson() const;
    static Estimator fromJson(const QJsonObject& json);

    // Compares what would run; filePath is left out on purpose, because the same estimator saved in another
    // place (or built in the form and never saved) is still the same estimator.
    bool operator==(const Estimator& other) const;
    bool operator!=(const Estimator& other) const { return !(*this == other); }

    // The experiment name used when the file names none: the folder name with characters outside
    // [A-Za-z0-9._-] replaced by '-', cut to 64 characters ("default" when nothing is left).
    static QString defaultExperimentName(const QString& sourceDirectory);
};
