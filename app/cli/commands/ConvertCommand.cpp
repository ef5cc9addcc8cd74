#include "ConvertCommand.h"

#include "estimator/AzureCommandJobParser.h"
#include "estimator/EstimatorWriter.h"

#include <QDir>
#include <QFileInfo>

ConvertCommand::ConvertCommand()
    : Command(QStringLiteral("convert"), QStringLiteral("Runs"),
              QStringLiteral("Converts an Azure ML v2 command job file (job.yml) into the estimator.yml that runs the "
                             "same script with the same arguments, written to FILE or, without -o, to stdout (its "
                             "paths then relative to the job file's folder). Nothing is submitted."))
{
    addPositional(QStringLiteral("JOB.yml"), QStringLiteral("the command job file"));
    addOption(QStringLiteral("to"), QStringLiteral("FORMAT"), QStringLiteral("what to write: estimator"), Required);
    addOption(QStringLiteral("output"), QStringLiteral("FILE"), QStringLiteral("the estimator file to write"));
    addOption(QStringLiteral("o"), QStringLiteral("FILE"), QStringLiteral("the same as --output"));
    addFlag(QStringLiteral("force"), QStringLiteral("replaces FILE when it exists"));
}

int ConvertCommand::run()
{
    if (value(QStringLiteral("to")) != QLatin1String("estimator"))
        return invalidUsage(QStringLiteral("--to \"%1\": the one format is estimator").arg(value(QStringLiteral("to"))));
    if (isSet(QStringLiteral("output")) && isSet(QStringLiteral("o")))
        return invalidUsage(QStringLiteral("give the output file once, as --output or -o"));
    const QString outputPath = isSet(QStringLiteral("o")) ? value(QStringLiteral("o")) : value(QStringLiteral("output"));
    const QString input = positional(0);
    if (!AzureCommandJobParser::isJobFile(input)) {
        const bool exists = QFileInfo(input).isFile();
        return fail(exists ? QStringLiteral("%1 is not an Azure ML command job file (no $schema, or no command and code)").arg(input)
                           : QStringLiteral("%1: file not found").arg(input),
                    InvalidInput);
    }
    QStringList errors;
    const auto job = AzureCommandJobParser::parseFile(input, &errors);
    if (!job) {
        for (const QString& e : errors)
            output().err() << e << "\n";
        return InvalidInput;
    }
    const QString label = QFileInfo(input).fileName();
    for (const QString& local : job->localInputs)
        output().err() << label << ": " << local
                             << ".path: written as an absolute path on this machine; only a local compute target sees it\n";
    if (outputPath.isEmpty()) {
        output().out() << QString::fromUtf8(EstimatorWriter::toYaml(job->estimator, QFileInfo(input).absolutePath()));
        return Ok;
    }
    const QFileInfo target(outputPath);
    if (target.exists() && !isSet(QStringLiteral("force")))
        return fail(QStringLiteral("%1 exists; add --force to replace it").arg(outputPath), InvalidInput);
    QString error;
    if (!EstimatorWriter::save(job->estimator, target.absoluteFilePath(), &error))
        return fail(error);
    output().err() << "Wrote " << QDir::toNativeSeparators(target.absoluteFilePath()) << " from " << label << "\n";
    return Ok;
}
