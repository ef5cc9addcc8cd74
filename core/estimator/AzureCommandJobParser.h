// AzureCommandJobParser: reads an Azure ML v2 command job file (job.yml, `$schema` …/commandJob.schema.json)
// into the Estimator that runs the same script with the same arguments, so such files submit, convert to
// estimator.yml and open in the form unchanged. The command is split into words without a shell (ShellWords)
// and each `${{inputs.NAME}}` / `${{outputs.NAME}}` becomes one argument, never re-split. Whatever cannot be
// mapped is refused with its key's path ("resources.instance_type: not supported …"), every problem at once.
#pragma once

#include "estimator/Estimator.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

struct AzureCommandJob {
    Estimator estimator;
    // Inputs given as paths on this machine ("inputs.NAME"), passed to the script as absolute paths: only a
    // target that runs on this machine sees them (see localInputProblems).
    QStringList localInputs;
};

class AzureCommandJobParser
{
public:
    static constexpr qint64 MaxFileSize = 16 * 1024 * 1024;

    // Whether the file is a job file rather than an estimator file: a YAML mapping with `$schema`, or with
    // `command` and `code` (or `type: command`). Estimator files have none of these keys.
    static bool isJobFile(const QString& path);
    static bool isJobText(const QByteArray& yaml);

    // Parse + map + validate. On failure nullopt and one message per problem, each "LABEL: KEY.PATH: reason".
    // Relative paths (code, local input paths, conda_file) are relative to the job file's folder. The
    // estimator's filePath is left empty: the job file is not an estimator file to save over.
    static std::optional<AzureCommandJob> parseFile(const QString& path, QStringList* errors);
    static std::optional<AzureCommandJob> parseText(const QByteArray& yaml, const QString& baseDir,
                                                    const QString& label, QStringList* errors);

    // The job's local inputs as problems on a compute target of kind targetKind: none on a `local` kind target,
    // one per input elsewhere (the path names a file on this machine, which that target does not see).
    static QStringList localInputProblems(const AzureCommandJob& job, const QString& targetName,
                                          const QString& targetKind, const QString& label);

    // The top-level keys a job file may hold.
    static QStringList knownKeys();
};
