#include "estimator/EstimatorWriter.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

namespace {

// Characters a single-quoted YAML scalar cannot carry as they are (line breaks fold, control characters are
// not printable), so text holding them is double-quoted with escapes.
bool needsEscapes(const QString& text)
{
    for (const QChar c : text) {
        const ushort u = c.unicode();
        if (u < 0x20 || u == 0x7F || u == 0x85 || u == 0x2028 || u == 0x2029 || u == 0xFEFF
            || (u >= 0x80 && u < 0xA0))
            return true;
    }
    return false;
}

QString doubleQuoted(const QString& text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        const ushort u = c.unicode();
        switch (u) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        default:
            if (u < 0x20 || u == 0x7F || (u >= 0x80 && u < 0xA0))
                out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
            else if (u == 0x2028 || u == 0x2029 || u == 0xFEFF)
                out += QStringLiteral("\\u%1").arg(u, 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

QString relativePath(const QString& path, const QString& relativeTo)
{
    const QString relative = QDir(relativeTo).relativeFilePath(path);
    return relative.isEmpty() ? QStringLiteral(".") : relative;
}

// The environment definition as the parser will find it again: relative to the source directory when it is
// stored that way; an absolute path outside is written relative to the file, unless that relative name also
// exists in the source directory (the parser looks there first), in which case it stays absolute.
QString environmentDefinitionForFile(const Estimator& e, const QString& relativeTo)
{
    if (e.environmentDefinition.isEmpty() || !QDir::isAbsolutePath(e.environmentDefinition))
        return e.environmentDefinition;
    const QString relative = relativePath(e.environmentDefinition, relativeTo);
    if (QFileInfo::exists(e.sourceDirectory + QLatin1Char('/') + relative))
        return e.environmentDefinition;
    return relative;
}

void appendList(QString& out, const QString& key, const QStringList& items)
{
    out += key + QLatin1Char(':');
    if (items.isEmpty()) {
        out += QStringLiteral(" []\n");
        return;
    }
    out += QLatin1Char('\n');
    for (const QString& item : items)
        out += QStringLiteral("  - ") + EstimatorWriter::yamlScalar(item) + QLatin1Char('\n');
}

} // namespace

QString EstimatorWriter::yamlScalar(const QString& text)
{
    // Plain text that YAML reads back unchanged: no indicators, no null spellings (yaml-cpp keeps the literal
    // text of numbers and booleans, so only null words change meaning). A leading '-' is fine when a name
    // character follows, which keeps "--lr" readable.
    static const QRegularExpression plain(QStringLiteral("^-*[A-Za-z0-9_.][A-Za-z0-9_./+=@-]*$"));
    if (plain.match(text).hasMatch() && text != QLatin1String("null") && text != QLatin1String("Null")
        && text != QLatin1String("NULL"))
        return text;
    if (needsEscapes(text))
        return doubleQuoted(text);
    QString escaped = text;
    escaped.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QByteArray EstimatorWriter::toYaml(const Estimator& e, const QString& relativeTo)
{
    const QString base = QDir::cleanPath(QDir(relativeTo).absolutePath());
    QString out = QStringLiteral("# estimator.yml — paths are relative to this file\n");
    out += QStringLiteral("experiment: ") + yamlScalar(e.experiment) + QLatin1Char('\n');
    // What the run is given at submit: written only when set, so a plain estimator's file stays as it was.
    if (!e.displayName.isEmpty())
        out += QStringLiteral("display_name: ") + yamlScalar(e.displayName) + QLatin1Char('\n');
    if (!e.description.isEmpty())
        out += QStringLiteral("description: ") + yamlScalar(e.description) + QLatin1Char('\n');
    if (!e.tags.isEmpty()) {
        out += QStringLiteral("tags:\n");
        for (const auto& tag : e.tags)
            out += QStringLiteral("  ") + yamlScalar(tag.first) + QStringLiteral(": ")
                + (tag.second.isEmpty() ? QStringLiteral("\"\"") : yamlScalar(tag.second)) + QLatin1Char('\n');
    }
    out += QStringLiteral("source_directory: ") + yamlScalar(relativePath(e.sourceDirectory, base)) + QLatin1Char('\n');
    out += QStringLiteral("entry_script: ") + yamlScalar(e.entryScript) + QLatin1Char('\n');

    out += QStringLiteral("script_params:");
    if (e.scriptParams.isEmpty())
        out += QStringLiteral(" {}");
    out += QLatin1Char('\n');
    for (const ScriptParam& param : e.scriptParams) {
        out += QStringLiteral("  ") + yamlScalar(param.key) + QStringLiteral(": ");
        switch (param.kind) {
        case ScriptParam::Kind::Dataset:
            out += QStringLiteral("{dataset: ") + yamlScalar(param.dataset) + QStringLiteral(", mode: ")
                + yamlScalar(param.datasetMode) + QLatin1Char('}');
            break;
        case ScriptParam::Kind::Flag:
            out += QStringLiteral("\"\"");
            break;
        case ScriptParam::Kind::Value:
            out += param.value.isEmpty() ? QStringLiteral("\"\"") : yamlScalar(param.value);
            break;
        }
        out += QLatin1Char('\n');
    }

    if (!e.arguments.isEmpty()) {
        out += QStringLiteral("arguments:\n");
        for (const ScriptArgument& argument : e.arguments) {
            out += QStringLiteral("  - ");
            if (argument.kind == ScriptArgument::Kind::Dataset)
                out += QStringLiteral("{dataset: ") + yamlScalar(argument.dataset) + QStringLiteral(", mode: ")
                    + yamlScalar(argument.datasetMode) + QLatin1Char('}');
            else
                out += argument.value.isEmpty() ? QStringLiteral("\"\"") : yamlScalar(argument.value);
            out += QLatin1Char('\n');
        }
    }

    out += QStringLiteral("compute_target: ") + yamlScalar(e.computeTarget) + QLatin1Char('\n');
    appendList(out, QStringLiteral("pip_packages"), e.pipPackages);
    appendList(out, QStringLiteral("conda_packages"), e.condaPackages);
    out += QStringLiteral("environment_definition: ") + yamlScalar(environmentDefinitionForFile(e, base))
        + QLatin1Char('\n');
    out += QStringLiteral("custom_docker_image: ") + yamlScalar(e.customDockerImage) + QLatin1Char('\n');
    out += QStringLiteral("user_managed_dependencies: ") + (e.userManagedDependencies ? QStringLiteral("true") : QStringLiteral("false"))
        + QLatin1Char('\n');
    out += QStringLiteral("node_count: %1\n").arg(e.nodeCount);
    out += QStringLiteral("process_count_per_node: %1\n").arg(e.processCountPerNode);
    out += QStringLiteral("distributed_training: ") + yamlScalar(e.distributedTraining) + QLatin1Char('\n');
    out += QStringLiteral("metrics_from_all_ranks: ") + (e.metricsFromAllRanks ? QStringLiteral("true") : QStringLiteral("false"))
        + QLatin1Char('\n');

    out += QStringLiteral("environment_variables:");
    if (e.environmentVariables.isEmpty())
        out += QStringLiteral(" {}");
    out += QLatin1Char('\n');
    for (const auto& variable : e.environmentVariables)
        out += QStringLiteral("  ") + yamlScalar(variable.first) + QStringLiteral(": ") + yamlScalar(variable.second)
            + QLatin1Char('\n');

    appendList(out, QStringLiteral("metric_patterns"), e.metricPatterns);
    if (!e.outputFolders.isEmpty())
        appendList(out, QStringLiteral("output_folders"), e.outputFolders);
    return out.toUtf8();
}

bool EstimatorWriter::save(const Estimator& e, const QString& path, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray yaml = toYaml(e, QFileInfo(path).absolutePath());
    if (file.write(yaml) != yaml.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
