// ProjectInspector: looks at a project folder a user opened (or dropped) and says what the estimator form should
// show: the folder's estimator.yml (with its problems), or a guessed estimator; the scripts it could run; and
// its git state. Pure file-system work without widgets, safe to call from a worker thread, so the GUI can run it
// off the event loop; checkFolder() is the cheap part that can answer at once.
#pragma once

#include "estimator/Estimator.h"
#include "snapshot/GitState.h"

#include <QString>
#include <QStringList>

struct ProjectInspection
{
    bool usable = false;
    QString whyNot;   // why the folder cannot be used, when !usable
    QString folder;   // absolute, cleaned

    bool hasEstimatorFile = false; // estimator.yml exists in the folder
    QString estimatorFile;         // its absolute path when it exists
    QStringList estimatorErrors;   // problems of that file; estimator is then the guess instead
    Estimator estimator;           // the file's estimator, else the job file's, else the guess

    // Without estimator.yml: the folder's Azure ML command job file (job.yml or job.yaml) the estimator was
    // converted from, or the one that could not be (jobErrors; the estimator is the guess then).
    QString jobFile;
    QStringList jobErrors;

    QStringList scripts;          // .py and .sh files, relative '/'-separated, sorted, at most MaxScripts
    bool scriptsTruncated = false; // the walk stopped at MaxScripts or MaxEntries

    GitState git;
    QString gitError; // libgit2 could not read the repository (the rest still stands)
};

class ProjectInspector
{
public:
    // Bounds of the script walk: a project folder may hold a dataset of millions of files.
    static constexpr int MaxScripts = 2000;
    static constexpr int MaxEntries = 100000;
    // A file larger than this is not read when looking for `__main__`.
    static constexpr qint64 MaxScriptBytes = 1024 * 1024;

    // Cheap checks only (exists, is a folder, readable): false + a message naming the path and the problem.
    static bool checkFolder(const QString& folder, QString* whyNot);
    // Everything: loads or guesses the estimator, lists scripts, captures git state. May take a while.
    static ProjectInspection inspect(const QString& folder);

    // Job file names looked for, in this order, when a folder has no estimator.yml.
    static QStringList jobFileNames();
    // The estimator to propose for a folder without estimator.yml or job file.
    static Estimator guessEstimator(const QString& folder);
    // train.py, else main.py, else the only top-level .py mentioning __main__; empty when none fits.
    static QString guessEntryScript(const QString& folder);
    // requirements.txt, else environment.yml / environment.yaml, relative to folder; empty when none.
    static QString guessEnvironmentDefinition(const QString& folder);
    // .py/.sh files below folder, skipping isSkippedDirectory() folders, bounded by limit and MaxEntries.
    static QStringList listScripts(const QString& folder, int limit, bool* truncated);
    // Folders that hold tooling or caches rather than the project's own code.
    static bool isSkippedDirectory(const QString& name);
};
