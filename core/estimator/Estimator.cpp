#include "estimator/Estimator.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

namespace {

QString kindName(ScriptParam::Kind kind)
{
    switch (kind) {
    case ScriptParam::Kind::Flag:
        return QStringLiteral("flag");
    case ScriptParam::Kind::Dataset:
        return QStringLiteral("dataset");
    case ScriptParam::Kind::Value:
        break;
    }
    return QStringLiteral("value");
}

ScriptParam::Kind kindFromName(const QString& name)
{
    if (name == QLatin1String("flag"))
        return ScriptParam::Kind::Flag;
    if (name == QLatin1String("dataset"))
        return ScriptParam::Kind::Dataset;
    return ScriptParam::Kind::Value;
}

QJsonArray toJsonArray(const QStringList& list)
{
    QJsonArray array;
    for (const QString& item : list)
        array.append(item);
    return array;
}

QStringList fromJsonArray(const QJsonValue& value)
{
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const QJsonValue& item : array)
        list.append(item.toString());
    return list;
}

} // namespace

bool ScriptParam::operator==(const ScriptParam& other) const
{
    return key == other.key && kind == other.kind && value == other.value && dataset == other.dataset
        && datasetMode == other.datasetMode;
}

ScriptArgument ScriptArgument::literal(const QString& text)
{
    ScriptArgument argument;
    argument.value = text;
    return argument;
}

ScriptArgument ScriptArgument::datasetReference(const QString& name, const QString& mode)
{
    ScriptArgument argument;
    argument.kind = Kind::Dataset;
    argument.dataset = name;
    argument.datasetMode = mode;
    return argument;
}

bool ScriptArgument::operator==(const ScriptArgument& other) const
{
    return kind == other.kind && value == other.value && dataset == other.dataset && datasetMode == other.datasetMode;
}

QJsonObject Estimator::toJson() const
{
    QJsonArray params;
    for (const ScriptParam& param : scriptParams) {
        params.append(QJsonObject{
            {QStringLiteral("key"), param.key},
            {QStringLiteral("kind"), kindName(param.kind)},
            {QStringLiteral("value"), param.value},
            {QStringLiteral("dataset"), param.dataset},
            {QStringLiteral("mode"), param.datasetMode},
        });
    }
    QJsonArray argumentItems;
    for (const ScriptArgument& argument : arguments) {
        argumentItems.append(QJsonObject{
            {QStringLiteral("kind"), argument.kind == ScriptArgument::Kind::Dataset ? QStringLiteral("dataset")
                                                                                   : QStringLiteral("value")},
            {QStringLiteral("value"), argument.value},
            {QStringLiteral("dataset"), argument.dataset},
            {QStringLiteral("mode"), argument.datasetMode},
        });
    }
    // Arrays of pairs, because QJsonObject sorts its keys and the order of variables and tags is kept.
    QJsonArray variables;
    for (const auto& variable : environmentVariables)
        variables.append(QJsonObject{{QStringLiteral("name"), variable.first}, {QStringLiteral("value"), variable.second}});
    QJsonArray tagItems;
    for (const auto& tag : tags)
        tagItems.append(QJsonObject{{QStringLiteral("name"), tag.first}, {QStringLiteral("value"), tag.second}});

    return QJsonObject{
        {QStringLiteral("file_path"), filePath},
        {QStringLiteral("experiment"), experiment},
        {QStringLiteral("source_directory"), sourceDirectory},
        {QStringLiteral("entry_script"), entryScript},
        {QStringLiteral("script_params"), params},
        {QStringLiteral("arguments"), argumentItems},
        {QStringLiteral("compute_target"), computeTarget},
        {QStringLiteral("pip_packages"), toJsonArray(pipPackages)},
        {QStringLiteral("conda_packages"), toJsonArray(condaPackages)},
        {QStringLiteral("environment_definition"), environmentDefinition},
        {QStringLiteral("custom_docker_image"), customDockerImage},
        {QStringLiteral("user_managed_dependencies"), userManagedDependencies},
        {QStringLiteral("node_count"), nodeCount},
        {QStringLiteral("process_count_per_node"), processCountPerNode},
        {QStringLiteral("distributed_training"), distributedTraining},
        {QStringLiteral("metrics_from_all_ranks"), metricsFromAllRanks},
        {QStringLiteral("environment_variables"), variables},
        {QStringLiteral("metric_patterns"), toJsonArray(metricPatterns)},
        {QStringLiteral("output_folders"), toJsonArray(outputFolders)},
        {QStringLiteral("display_name"), displayName},
        {QStringLiteral("tags"), tagItems},
        {QStringLiteral("description"), description},
    };
}

Estimator Estimator::fromJson(const QJsonObject& json)
{
    Estimator e;
    e.filePath = json.value(QStringLiteral("file_path")).toString();
    e.experiment = json.value(QStringLiteral("experiment")).toString();
    e.sourceDirectory = json.value(QStringLiteral("source_directory")).toString();
    e.entryScript = json.value(QStringLiteral("entry_script")).toString();
    const QJsonArray params = json.value(QStringLiteral("script_params")).toArray();
    for (const QJsonValue& item : params) {
        const QJsonObject object = item.toObject();
        ScriptParam param;
        param.key = object.value(QStringLiteral("key")).toString();
        param.kind = kindFromName(object.value(QStringLiteral("kind")).toString());
        param.value = object.value(QStringLiteral("value")).toString();
        param.dataset = object.value(QStringLiteral("dataset")).toString();
        param.datasetMode = object.value(QStringLiteral("mode")).toString(QStringLiteral("mount"));
        e.scriptParams.append(param);
    }
    const QJsonArray argumentItems = json.value(QStringLiteral("arguments")).toArray();
    for (const QJsonValue& item : argumentItems) {
        const QJsonObject object = item.toObject();
        ScriptArgument argument;
        argument.kind = object.value(QStringLiteral("kind")).toString() == QLatin1String("dataset")
                            ? ScriptArgument::Kind::Dataset
                            : ScriptArgument::Kind::Value;
        argument.value = object.value(QStringLiteral("value")).toString();
        argument.dataset = object.value(QStringLiteral("dataset")).toString();
        argument.datasetMode = object.value(QStringLiteral("mode")).toString(QStringLiteral("mount"));
        e.arguments.append(argument);
    }
    e.computeTarget = json.value(QStringLiteral("compute_target")).toString(QStringLiteral("local"));
    e.pipPackages = fromJsonArray(json.value(QStringLiteral("pip_packages")));
    e.condaPackages = fromJsonArray(json.value(QStringLiteral("conda_packages")));
    e.environmentDefinition = json.value(QStringLiteral("environment_definition")).toString();
    e.customDockerImage = json.value(QStringLiteral("custom_docker_image")).toString();
    e.userManagedDependencies = json.value(QStringLiteral("user_managed_dependencies")).toBool(false);
    e.nodeCount = json.value(QStringLiteral("node_count")).toInt(1);
    e.processCountPerNode = json.value(QStringLiteral("process_count_per_node")).toInt(1);
    e.distributedTraining = json.value(QStringLiteral("distributed_training")).toString(QStringLiteral("none"));
    e.metricsFromAllRanks = json.value(QStringLiteral("metrics_from_all_ranks")).toBool(false);
    const QJsonArray variables = json.value(QStringLiteral("environment_variables")).toArray();
    for (const QJsonValue& item : variables) {
        const QJsonObject object = item.toObject();
        e.environmentVariables.append(
            {object.value(QStringLiteral("name")).toString(), object.value(QStringLiteral("value")).toString()});
    }
    e.metricPatterns = fromJsonArray(json.value(QStringLiteral("metric_patterns")));
    e.outputFolders = fromJsonArray(json.value(QStringLiteral("output_folders")));
    e.displayName = json.value(QStringLiteral("display_name")).toString();
    const QJsonArray tagItems = json.value(QStringLiteral("tags")).toArray();
    for (const QJsonValue& item : tagItems) {
        const QJsonObject object = item.toObject();
        e.tags.append({object.value(QStringLiteral("name")).toString(), object.value(QStringLiteral("value")).toString()});
    }
    e.description = json.value(QStringLiteral("description")).toString();
    return e;
}

bool Estimator::operator==(const Estimator& other) const
{
    return experiment == other.experiment && sourceDirectory == other.sourceDirectory
        && entryScript == other.entryScript && scriptParams == other.scriptParams && arguments == other.arguments
        && computeTarget == other.computeTarget && pipPackages == other.pipPackages
        && condaPackages == other.condaPackages && environmentDefinition == other.environmentDefinition
        && customDockerImage == other.customDockerImage && userManagedDependencies == other.userManagedDependencies
        && nodeCount == other.nodeCount
        && processCountPerNode == other.processCountPerNode && distributedTraining == other.distributedTraining
        && metricsFromAllRanks == other.metricsFromAllRanks
        && environmentVariables == other.environmentVariables && metricPatterns == other.metricPatterns
        && outputFolders == other.outputFolders && displayName == other.displayName && tags == other.tags
        && description == other.description;
}

QString Estimator::defaultExperimentName(const QString& sourceDirectory)
{
    static const QRegularExpression disallowed(QStringLiteral("[^A-Za-z0-9._-]"));
    QString name = QFileInfo(QDir::cleanPath(sourceDirectory)).fileName();
    name.replace(disallowed, QStringLiteral("-"));
    name.truncate(64);
    if (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String(".."))
        return QStringLiteral("default");
    return name;
}
