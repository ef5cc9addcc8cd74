#include "estimator/CommandLineBuilder.h"

#include <QFileInfo>
#include <QRegularExpression>

std::optional<QStringList> CommandLineBuilder::build(const Estimator& e, const QString& python,
                                                     const QHash<QString, QString>& datasetPaths, QString* error)
{
    const QString suffix = QFileInfo(e.entryScript).suffix();
    QStringList argv;
    if (suffix == QLatin1String("py")) {
        if (python.isEmpty()) {
            if (error)
                *error = QStringLiteral("no Python interpreter given for ") + e.entryScript;
            return std::nullopt;
        }
        argv << python;
    } else if (suffix == QLatin1String("sh")) {
        argv << QStringLiteral("bash");
    } else {
        if (error)
            *error = QStringLiteral("entry_script: %1: expected a .py or .sh script").arg(e.entryScript);
        return std::nullopt;
    }
    argv << e.entryScript;

    for (const ScriptParam& param : e.scriptParams) {
        argv << param.key;
        switch (param.kind) {
        case ScriptParam::Kind::Value:
            // An empty value is a flag everywhere else (parser, overrides); keep argv consistent with that.
            if (!param.value.isEmpty())
                argv << param.value;
            break;
        case ScriptParam::Kind::Flag:
            break;
        case ScriptParam::Kind::Dataset: {
            const auto found = datasetPaths.constFind(param.dataset);
            if (found == datasetPaths.constEnd()) {
                if (error)
                    *error = QStringLiteral("script_params.%1: dataset \"%2\" has no resolved path on the target")
                                 .arg(param.key, param.dataset);
                return std::nullopt;
            }
            argv << found.value();
            break;
        }
        }
    }
    for (int i = 0; i < e.arguments.size(); ++i) {
        const ScriptArgument& argument = e.arguments[i];
        if (argument.kind == ScriptArgument::Kind::Value) {
            argv << argument.value; // one element, even when empty or holding spaces
            continue;
        }
        const auto found = datasetPaths.constFind(argument.dataset);
        if (found == datasetPaths.constEnd()) {
            if (error)
                *error = QStringLiteral("arguments[%1]: dataset \"%2\" has no resolved path on the target")
                             .arg(i)
                             .arg(argument.dataset);
            return std::nullopt;
        }
        argv << found.value();
    }
    return argv;
}

QHash<QString, QString> CommandLineBuilder::datasetPathMap(const QVector<ResolvedDataset>& datasets)
{
    QHash<QString, QString> map;
    for (const ResolvedDataset& dataset : datasets)
        map.insert(dataset.name, dataset.path);
    return map;
}

QString CommandLineBuilder::preview(const QStringList& argv)
{
    QStringList quoted;
    quoted.reserve(argv.size());
    for (const QString& arg : argv)
        quoted << shellQuote(arg);
    return quoted.join(QLatin1Char(' '));
}

QString CommandLineBuilder::shellQuote(const QString& arg)
{
    // Characters no POSIX shell treats specially anywhere in a word ('=' is left out because a first word
    // like a=b is an assignment, '~' because it expands at the start of a word).
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+:,./-]+$"));
    if (safe.match(arg).hasMatch())
        return arg;
    QString escaped = arg;
    escaped.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}
