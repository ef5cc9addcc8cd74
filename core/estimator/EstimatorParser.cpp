#include "estimator/EstimatorParser.h"

#include "estimator/YamlSupport.h"
#include "metrics/StdoutMetricParser.h"
#include "run/RunStore.h"
#include "run/RunTagName.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <limits>

namespace {

constexpr int MaxCount = 10000;

const QString kExperiment = QStringLiteral("experiment");
const QString kSourceDirectory = QStringLiteral("source_directory");
const QString kEntryScript = QStringLiteral("entry_script");
const QString kScriptParams = QStringLiteral("script_params");
const QString kComputeTarget = QStringLiteral("compute_target");
const QString kPipPackages = QStringLiteral("pip_packages");
const QString kCondaPackages = QStringLiteral("conda_packages");
const QString kEnvironmentDefinition = QStringLiteral("environment_definition");
const QString kCustomDockerImage = QStringLiteral("custom_docker_image");
const QString kUserManagedDependencies = QStringLiteral("user_managed_dependencies");
const QString kNodeCount = QStringLiteral("node_count");
const QString kProcessCountPerNode = QStringLiteral("process_count_per_node");
const QString kDistributedTraining = QStringLiteral("distributed_training");
const QString kMetricsFromAllRanks = QStringLiteral("metrics_from_all_ranks");
const QString kEnvironmentVariables = QStringLiteral("environment_variables");
const QString kMetricPatterns = QStringLiteral("metric_patterns");
const QString kArguments = QStringLiteral("arguments");
const QString kOutputFolders = QStringLiteral("output_folders");
const QString kDisplayName = QStringLiteral("display_name");
const QString kTags = QStringLiteral("tags");
const QString kDescription = QStringLiteral("description");

bool isInside(const QString& path, const QString& directory)
{
    const QString dir = directory.endsWith(QLatin1Char('/')) ? directory : directory + QLatin1Char('/');
    return path.startsWith(dir);
}

// Collects messages "label: field: message", leaving out fields whose YAML was already malformed, so one
// mistake yields one message.
class ErrorCollector {
public:
    ErrorCollector(const QString& label, QStringList* errors)
        : m_label(label)
        , m_errors(errors)
    {
    }
    void skipField(const QString& field) { m_skipped.insert(field); }
    bool isSkipped(const QString& field) const { return m_skipped.contains(field); }
    // field is the top-level key the problem belongs to; path is what the message shows (field or deeper).
    void add(const QString& field, const QString& path, const QString& message)
    {
        if (m_skipped.contains(field))
            return;
        m_errors->append(m_label + QStringLiteral(": ") + path + QStringLiteral(": ") + message);
    }
    void addGeneral(const QString& message) { m_errors->append(m_label + QStringLiteral(": ") + message); }

private:
    QString m_label;
    QStringList* m_errors;
    QSet<QString> m_skipped;
};

QString resolvedEntryScriptPath(const Estimator& e)
{
    return QDir::cleanPath(QDir::isAbsolutePath(e.entryScript) ? e.entryScript
                                                               : e.sourceDirectory + QLatin1Char('/') + e.entryScript);
}

// Where an environment definition file is: relative to the source directory first, then to the folder of the
// estimator file. Returns an empty string when it is in neither place.
QString findEnvironmentDefinition(const QString& definition, const QString& sourceDirectory,
                                  const QString& estimatorDirectory)
{
    if (QDir::isAbsolutePath(definition))
        return QFileInfo(definition).isFile() ? QDir::cleanPath(definition) : QString();
    for (const QString& base : {sourceDirectory, estimatorDirectory}) {
        if (base.isEmpty())
            continue;
        const QString candidate = QDir::cleanPath(base + QLatin1Char('/') + definition);
        if (QFileInfo(candidate).isFile())
            return candidate;
    }
    return QString();
}

void validateInto(const Estimator& e, ErrorCollector& out)
{
    static const QRegularExpression experimentPattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    static const QRegularExpression targetPattern(QStringLiteral("^[A-Za-z0-9._-]+$"));
    static const QRegularExpression datasetPattern(QStringLiteral("^[A-Za-z0-9._-]+(:[1-9][0-9]*)?$"));
    static const QRegularExpression variablePattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));

    if (!experimentPattern.match(e.experiment).hasMatch())
        out.add(kExperiment, kExperiment,
                QStringLiteral("expected 1 to 64 characters from A-Z a-z 0-9 . _ -, got ") + YamlSupport::quoted(e.experiment));

    // Source directory and entry script: everything below depends on the folder being usable.
    bool sourceUsable = false;
    if (e.sourceDirectory.isEmpty()) {
        out.add(kSourceDirectory, kSourceDirectory, QStringLiteral("is empty"));
    } else if (!QDir::isAbsolutePath(e.sourceDirectory)) {
        out.add(kSourceDirectory, kSourceDirectory, e.sourceDirectory + QStringLiteral(" is not an absolute path"));
    } else {
        const QFileInfo info(e.sourceDirectory);
        if (!info.exists())
            out.add(kSourceDirectory, kSourceDirectory, e.sourceDirectory + QStringLiteral(" does not exist"));
        else if (!info.isDir())
            out.add(kSourceDirectory, kSourceDirectory, e.sourceDirectory + QStringLiteral(" is not a directory"));
        else
            sourceUsable = true;
    }
    if (out.isSkipped(kSourceDirectory))
        sourceUsable = false;

    if (e.entryScript.isEmpty()) {
        out.add(kEntryScript, kEntryScript, QStringLiteral("required, names the .py or .sh script to run"));
    } else {
        const QString suffix = QFileInfo(e.entryScript).suffix();
        if (suffix != QLatin1String("py") && suffix != QLatin1String("sh"))
            out.add(kEntryScript, kEntryScript,
                    e.entryScript + QStringLiteral(": expected a .py or .sh script"));
        if (sourceUsable) {
            const QString sourceDirectory = QDir::cleanPath(e.sourceDirectory);
            const QString lexical = resolvedEntryScriptPath(e);
            const QString outside = e.entryScript + QStringLiteral(" lies outside source_directory ") + sourceDirectory;
            const QFileInfo info(lexical);
            if (!isInside(lexical, sourceDirectory)) {
                out.add(kEntryScript, kEntryScript, outside);
            } else if (!info.exists()) {
                out.add(kEntryScript, kEntryScript,
                        e.entryScript + QStringLiteral(" does not exist in source_directory ") + sourceDirectory);
            } else if (!isInside(info.canonicalFilePath(), QFileInfo(sourceDirectory).canonicalFilePath())) {
                // A symlink (of the script or a folder on its way) that leads out of the snapshot.
                out.add(kEntryScript, kEntryScript, outside + QStringLiteral(" (through a symbolic link)"));
            } else if (!info.isFile()) {
                out.add(kEntryScript, kEntryScript, e.entryScript + QStringLiteral(" is not a regular file"));
            }
        }
    }

    QSet<QString> seenKeys;
    for (int i = 0; i < e.scriptParams.size(); ++i) {
        const ScriptParam& param = e.scriptParams[i];
        if (param.key.isEmpty()) {
            out.add(kScriptParams, kScriptParams + QStringLiteral("[%1]").arg(i), QStringLiteral("the key is empty"));
            continue;
        }
        const QString path = kScriptParams + QLatin1Char('.') + param.key;
        if (seenKeys.contains(param.key))
            out.add(kScriptParams, path, QStringLiteral("duplicate key"));
        seenKeys.insert(param.key);
        if (param.kind != ScriptParam::Kind::Dataset)
            continue;
        if (!datasetPattern.match(param.dataset).hasMatch())
            out.add(kScriptParams, path + QStringLiteral(".dataset"),
                    QStringLiteral("expected NAME or NAME:VERSION, got ") + YamlSupport::quoted(param.dataset));
        if (param.datasetMode != QLatin1String("mount") && param.datasetMode != QLatin1String("download"))
            out.add(kScriptParams, path + QStringLiteral(".mode"),
                    QStringLiteral("expected mount or download, got ") + YamlSupport::quoted(param.datasetMode));
    }

    for (int i = 0; i < e.arguments.size(); ++i) {
        const ScriptArgument& argument = e.arguments[i];
        if (argument.kind != ScriptArgument::Kind::Dataset)
            continue;
        const QString path = kArguments + QStringLiteral("[%1]").arg(i);
        if (!datasetPattern.match(argument.dataset).hasMatch())
            out.add(kArguments, path + QStringLiteral(".dataset"),
                    QStringLiteral("expected NAME or NAME:VERSION, got ") + YamlSupport::quoted(argument.dataset));
        if (argument.datasetMode != QLatin1String("mount") && argument.datasetMode != QLatin1String("download"))
            out.add(kArguments, path + QStringLiteral(".mode"),
                    QStringLiteral("expected mount or download, got ") + YamlSupport::quoted(argument.datasetMode));
    }

    if (!targetPattern.match(e.computeTarget).hasMatch())
        out.add(kComputeTarget, kComputeTarget,
                QStringLiteral("expected a target name from A-Z a-z 0-9 . _ -, got ") + YamlSupport::quoted(e.computeTarget));

    const auto checkPackages = [&out](const QString& field, const QStringList& packages) {
        for (int i = 0; i < packages.size(); ++i) {
            if (packages[i].trimmed().isEmpty())
                out.add(field, field + QStringLiteral("[%1]").arg(i), QStringLiteral("expected a package name, got ")
                                                                          + YamlSupport::quoted(packages[i]));
        }
    };
    checkPackages(kPipPackages, e.pipPackages);
    checkPackages(kCondaPackages, e.condaPackages);

    if (!e.environmentDefinition.isEmpty()) {
        const QString suffix = QFileInfo(e.environmentDefinition).suffix().toLower();
        if (suffix != QLatin1String("yml") && suffix != QLatin1String("yaml") && suffix != QLatin1String("txt")) {
            out.add(kEnvironmentDefinition, kEnvironmentDefinition,
                    e.environmentDefinition
                        + QStringLiteral(": expected a conda file (.yml, .yaml) or a pip requirements file (.txt)"));
        } else if (sourceUsable) {
            const QString estimatorDirectory =
                e.filePath.isEmpty() ? QString() : QFileInfo(e.filePath).absolutePath();
            if (findEnvironmentDefinition(e.environmentDefinition, e.sourceDirectory, estimatorDirectory).isEmpty())
                out.add(kEnvironmentDefinition, kEnvironmentDefinition,
                        e.environmentDefinition + QStringLiteral(" not found in source_directory ")
                            + QDir::cleanPath(e.sourceDirectory)
                            + (estimatorDirectory.isEmpty() ? QString()
                                                            : QStringLiteral(" nor in ") + estimatorDirectory));
        }
    }

    for (const QChar c : e.customDockerImage) {
        if (c.isSpace() || c.category() == QChar::Other_Control) {
            out.add(kCustomDockerImage, kCustomDockerImage,
                    QStringLiteral("an image name has no spaces or control characters, got ")
                        + YamlSupport::quoted(e.customDockerImage));
            break;
        }
    }

    const auto checkCount = [&out](const QString& field, int value) {
        if (value < 1)
            out.add(field, field, QStringLiteral("expected a positive integer, got %1").arg(value));
        else if (value > MaxCount)
            out.add(field, field, QStringLiteral("expected at most %1, got %2").arg(MaxCount).arg(value));
    };
    checkCount(kNodeCount, e.nodeCount);
    checkCount(kProcessCountPerNode, e.processCountPerNode);

    const QStringList modes{QStringLiteral("none"), QStringLiteral("mpi"), QStringLiteral("pytorch")};
    if (!modes.contains(e.distributedTraining)) {
        out.add(kDistributedTraining, kDistributedTraining,
                QStringLiteral("expected none, mpi or pytorch, got ") + YamlSupport::quoted(e.distributedTraining));
    } else if (e.distributedTraining == QLatin1String("none") && (e.nodeCount > 1 || e.processCountPerNode > 1)
               && !out.isSkipped(kNodeCount) && !out.isSkipped(kProcessCountPerNode)) {
        out.add(kDistributedTraining, kDistributedTraining,
                QStringLiteral("none cannot run %1 node(s) × %2 process(es) per node; choose mpi or pytorch, or "
                               "set node_count and process_count_per_node to 1")
                    .arg(e.nodeCount)
                    .arg(e.processCountPerNode));
    }

    QSet<QString> seenVariables;
    for (const auto& variable : e.environmentVariables) {
        const QString path = kEnvironmentVariables + QLatin1Char('.') + variable.first;
        if (!variablePattern.match(variable.first).hasMatch())
            out.add(kEnvironmentVariables, kEnvironmentVariables,
                    QStringLiteral("expected a variable name matching [A-Za-z_][A-Za-z0-9_]*, got ")
                        + YamlSupport::quoted(variable.first));
        else if (seenVariables.contains(variable.first))
            out.add(kEnvironmentVariables, path, QStringLiteral("duplicate variable"));
        seenVariables.insert(variable.first);
    }

    // The same rules as naming and tagging a run after the fact, so a submit never records what `rename` or
    // `tag` would refuse.
    QString problem;
    if (!RunStore::isValidDisplayName(e.displayName, &problem))
        out.add(kDisplayName, kDisplayName, problem);
    QSet<QString> seenTags;
    for (const auto& tag : e.tags) {
        if (!RunTagName::isValid(tag.first, &problem))
            out.add(kTags, kTags + QLatin1Char('.') + tag.first, problem);
        else if (seenTags.contains(tag.first))
            out.add(kTags, kTags + QLatin1Char('.') + tag.first, QStringLiteral("duplicate tag"));
        seenTags.insert(tag.first);
    }
    if (e.description.size() > RunStore::kMaxNoteLength)
        out.add(kDescription, kDescription,
                QStringLiteral("at most %1 characters (this one has %2)").arg(RunStore::kMaxNoteLength).arg(e.description.size()));

    // A name, never a path: each is made as ./outputs/NAME and must stay there.
    static const QRegularExpression folderPattern(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"));
    QSet<QString> seenFolders;
    for (int i = 0; i < e.outputFolders.size(); ++i) {
        const QString path = kOutputFolders + QStringLiteral("[%1]").arg(i);
        if (!folderPattern.match(e.outputFolders[i]).hasMatch())
            out.add(kOutputFolders, path,
                    QStringLiteral("expected a folder name of 1 to 128 characters from A-Z a-z 0-9 . _ - (not starting "
                                   "with . or -), got ")
                        + YamlSupport::quoted(e.outputFolders[i]));
        else if (seenFolders.contains(e.outputFolders[i]))
            out.add(kOutputFolders, path, QStringLiteral("duplicate folder ") + YamlSupport::quoted(e.outputFolders[i]));
        seenFolders.insert(e.outputFolders[i]);
    }

    for (int i = 0; i < e.metricPatterns.size(); ++i) {
        // The run's parser decides what a usable pattern is; asking it here keeps the two from disagreeing.
        QString reason;
        if (!StdoutMetricParser::compilePattern(e.metricPatterns[i], &reason))
            out.add(kMetricPatterns, kMetricPatterns + QStringLiteral("[%1]").arg(i),
                    YamlSupport::quoted(e.metricPatterns[i]) + QLatin1Char(' ') + reason);
    }
}

// Turns the YAML tree into an Estimator, reporting shape errors (wrong YAML types) and marking those fields so
// validateInto does not report them a second time.
class YamlReader {
public:
    YamlReader(const QString& baseDir, ErrorCollector& out)
        : m_baseDir(QDir::cleanPath(QDir(baseDir).absolutePath()))
        , m_out(out)
    {
    }

    Estimator read(const YAML::Node& root)
    {
        Estimator e;
        QSet<QString> seen;
        const QStringList known = EstimatorParser::knownKeys();
        for (const auto& entry : root) {
            if (!entry.first.IsScalar()) {
                m_out.addGeneral(QStringLiteral("a top-level key is not a name (got %1)").arg(YamlSupport::describe(entry.first)));
                continue;
            }
            const QString key = YamlSupport::text(entry.first.Scalar());
            if (!known.contains(key)) {
                m_out.addGeneral(QStringLiteral("unknown key ") + YamlSupport::quoted(key) + YamlSupport::suggestion(key, known));
                continue;
            }
            if (seen.contains(key)) {
                fail(key, key, QStringLiteral("appears more than once"));
                continue;
            }
            seen.insert(key);
            m_nodes.insert(key, entry.second);
        }

        // Source directory first: other paths are relative to it.
        e.sourceDirectory = m_baseDir;
        if (const auto text = scalar(kSourceDirectory, false))
            e.sourceDirectory = absolute(*text, m_baseDir);

        e.experiment = Estimator::defaultExperimentName(e.sourceDirectory);
        if (const auto text = scalar(kExperiment, false))
            e.experiment = *text;

        if (!m_nodes.contains(kEntryScript))
            fail(kEntryScript, kEntryScript, QStringLiteral("required key missing (the .py or .sh script to run)"));
        else if (const auto text = scalar(kEntryScript, false))
            e.entryScript = relativeEntryScript(*text, e.sourceDirectory);

        readScriptParams(e);
        readArguments(e);

        if (const auto text = scalar(kComputeTarget, false))
            e.computeTarget = *text;
        e.pipPackages = stringList(kPipPackages);
        e.condaPackages = stringList(kCondaPackages);
        if (const auto text = scalar(kEnvironmentDefinition, true))
            e.environmentDefinition = locateEnvironmentDefinition(*text, e.sourceDirectory);
        if (const auto text = scalar(kCustomDockerImage, true))
            e.customDockerImage = *text;
        if (const auto flag = boolean(kUserManagedDependencies))
            e.userManagedDependencies = *flag;
        if (const auto count = positiveInteger(kNodeCount))
            e.nodeCount = *count;
        if (const auto count = positiveInteger(kProcessCountPerNode))
            e.processCountPerNode = *count;
        if (const auto text = scalar(kDistributedTraining, false))
            e.distributedTraining = *text;
        if (const auto flag = boolean(kMetricsFromAllRanks))
            e.metricsFromAllRanks = *flag;
        readEnvironmentVariables(e);
        e.metricPatterns = stringList(kMetricPatterns);
        e.outputFolders = stringList(kOutputFolders);
        if (const auto text = scalar(kDisplayName, true))
            e.displayName = *text;
        readTags(e);
        if (const auto text = scalar(kDescription, true))
            e.description = *text;
        return e;
    }

private:
    void fail(const QString& field, const QString& path, const QString& message)
    {
        m_out.add(field, path, message);
        m_out.skipField(field);
    }

    static QString absolute(const QString& path, const QString& base)
    {
        return QDir::cleanPath(QDir::isAbsolutePath(path) ? path : base + QLatin1Char('/') + path);
    }

    // The entry script as a '/'-separated path relative to the source directory. A path that leaves the folder
    // is kept as written so the validation message shows what the user wrote.
    static QString relativeEntryScript(const QString& text, const QString& sourceDirectory)
    {
        const QString cleaned = QDir::cleanPath(QDir::fromNativeSeparators(text));
        if (QDir::isAbsolutePath(cleaned) && isInside(cleaned, sourceDirectory))
            return QDir(sourceDirectory).relativeFilePath(cleaned);
        return cleaned;
    }

    // Stored relative to the source directory when it lies there, otherwise absolute; a missing file is kept as
    // written for the validation message.
    QString locateEnvironmentDefinition(const QString& text, const QString& sourceDirectory) const
    {
        if (text.isEmpty())
            return text;
        const QString found = findEnvironmentDefinition(text, sourceDirectory, m_baseDir);
        if (found.isEmpty())
            return text;
        if (isInside(found, QDir::cleanPath(sourceDirectory)))
            return QDir(sourceDirectory).relativeFilePath(found);
        return found;
    }

    // A scalar field's text; nullopt when absent or malformed (malformed ones are reported).
    std::optional<QString> scalar(const QString& field, bool nullMeansEmpty)
    {
        if (!m_nodes.contains(field))
            return std::nullopt;
        const YAML::Node node = m_nodes.value(field);
        if (node.IsNull() && nullMeansEmpty)
            return QString();
        if (!node.IsScalar()) {
            fail(field, field, QStringLiteral("expected a string, got ") + YamlSupport::describe(node));
            return std::nullopt;
        }
        return YamlSupport::text(node.Scalar());
    }

    std::optional<int> positiveInteger(const QString& field)
    {
        if (!m_nodes.contains(field))
            return std::nullopt;
        static const QRegularExpression digits(QStringLiteral("^\\+?[0-9]+$"));
        const YAML::Node node = m_nodes.value(field);
        const QString text = node.IsScalar() ? YamlSupport::text(node.Scalar()) : QString();
        bool ok = false;
        const qlonglong value = digits.match(text).hasMatch() ? text.toLongLong(&ok) : 0;
        if (!node.IsScalar() || !ok || value < 1) {
            fail(field, field, QStringLiteral("expected a positive integer, got ") + YamlSupport::describe(node));
            return std::nullopt;
        }
        if (value > MaxCount) {
            fail(field, field, QStringLiteral("expected at most %1, got %2").arg(MaxCount).arg(text));
            return std::nullopt;
        }
        return int(value);
    }

    // true/false (yes/no, on/off, any case); null means false.
    std::optional<bool> boolean(const QString& field)
    {
        if (!m_nodes.contains(field))
            return std::nullopt;
        const YAML::Node node = m_nodes.value(field);
        if (node.IsNull())
            return false;
        const QString text = node.IsScalar() ? YamlSupport::text(node.Scalar()).toLower() : QString();
        if (text == QLatin1String("true") || text == QLatin1String("yes") || text == QLatin1String("on"))
            return true;
        if (text == QLatin1String("false") || text == QLatin1String("no") || text == QLatin1String("off"))
            return false;
        fail(field, field, QStringLiteral("expected true or false, got ") + YamlSupport::describe(node));
        return std::nullopt;
    }

    // A list of strings; null means empty. Items that are not scalars are reported with their index.
    QStringList stringList(const QString& field)
    {
        QStringList list;
        if (!m_nodes.contains(field))
            return list;
        const YAML::Node node = m_nodes.value(field);
        if (node.IsNull())
            return list;
        if (!node.IsSequence()) {
            fail(field, field, QStringLiteral("expected a list of strings, got ") + YamlSupport::describe(node));
            return list;
        }
        bool malformed = false;
        for (std::size_t i = 0; i < node.size(); ++i) {
            const YAML::Node item = node[i];
            if (!item.IsScalar()) {
                m_out.add(field, field + QStringLiteral("[%1]").arg(i),
                          QStringLiteral("expected a string, got ") + YamlSupport::describe(item));
                malformed = true;
                continue;
            }
            list.append(YamlSupport::text(item.Scalar()));
        }
        if (malformed)
            m_out.skipField(field);
        return list;
    }

    void readScriptParams(Estimator& e)
    {
        if (!m_nodes.contains(kScriptParams))
            return;
        const YAML::Node node = m_nodes.value(kScriptParams);
        if (node.IsNull())
            return;
        if (!node.IsMap()) {
            fail(kScriptParams, kScriptParams,
                 QStringLiteral("expected a mapping of parameter: value (in order), got ") + YamlSupport::describe(node));
            return;
        }
        bool malformed = false;
        int index = 0;
        for (const auto& entry : node) {
            const int position = index++;
            if (!entry.first.IsScalar() || entry.first.Scalar().empty()) {
                m_out.add(kScriptParams, kScriptParams + QStringLiteral("[%1]").arg(position),
                          QStringLiteral("expected a non-empty parameter name as key, got ") + YamlSupport::describe(entry.first));
                malformed = true;
                continue;
            }
            ScriptParam param;
            param.key = YamlSupport::text(entry.first.Scalar());
            const QString path = kScriptParams + QLatin1Char('.') + param.key;
            const YAML::Node value = entry.second;
            if (value.IsScalar()) {
                param.value = YamlSupport::text(value.Scalar());
                // Only a quoted "" or '' reaches here empty: a bare `--x:` is a null node, rejected below.
                param.kind = param.value.isEmpty() ? ScriptParam::Kind::Flag : ScriptParam::Kind::Value;
            } else if (value.IsMap() && value["dataset"]) {
                param.kind = ScriptParam::Kind::Dataset;
                if (!readDataset(kScriptParams, value, path, param.dataset, param.datasetMode)) {
                    malformed = true;
                    continue;
                }
            } else {
                m_out.add(kScriptParams, path, QStringLiteral("expected a scalar, a flag (\"\") or {dataset: NAME}"));
                malformed = true;
                continue;
            }
            e.scriptParams.append(param);
        }
        if (malformed)
            m_out.skipField(kScriptParams);
    }

    // {dataset: NAME, mode: MODE} of script_params or arguments (field), reported at path.
    bool readDataset(const QString& field, const YAML::Node& value, const QString& path, QString& dataset,
                     QString& mode)
    {
        bool ok = true;
        for (const auto& sub : value) {
            const QString subKey = sub.first.IsScalar() ? YamlSupport::text(sub.first.Scalar()) : QString();
            if (subKey != QLatin1String("dataset") && subKey != QLatin1String("mode")) {
                m_out.add(field, path,
                          QStringLiteral("unknown key ") + YamlSupport::quoted(subKey) + QStringLiteral(" (expected dataset, mode)"));
                ok = false;
                continue;
            }
            if (!sub.second.IsScalar()) {
                m_out.add(field, path + QLatin1Char('.') + subKey,
                          QStringLiteral("expected a string, got ") + YamlSupport::describe(sub.second));
                ok = false;
                continue;
            }
            (subKey == QLatin1String("dataset") ? dataset : mode) = YamlSupport::text(sub.second.Scalar());
        }
        return ok;
    }

    void readArguments(Estimator& e)
    {
        if (!m_nodes.contains(kArguments))
            return;
        const YAML::Node node = m_nodes.value(kArguments);
        if (node.IsNull())
            return;
        if (!node.IsSequence()) {
            fail(kArguments, kArguments,
                 QStringLiteral("expected a list of arguments (each a scalar or {dataset: NAME}), got ") + YamlSupport::describe(node));
            return;
        }
        bool malformed = false;
        for (std::size_t i = 0; i < node.size(); ++i) {
            const YAML::Node item = node[i];
            const QString path = kArguments + QStringLiteral("[%1]").arg(i);
            if (item.IsScalar()) {
                // The literal text: 0.10 stays "0.10", yes stays "yes".
                e.arguments.append(ScriptArgument::literal(YamlSupport::text(item.Scalar())));
                continue;
            }
            if (item.IsMap() && item["dataset"]) {
                ScriptArgument argument = ScriptArgument::datasetReference(QString(), QStringLiteral("mount"));
                if (readDataset(kArguments, item, path, argument.dataset, argument.datasetMode))
                    e.arguments.append(argument);
                else
                    malformed = true;
                continue;
            }
            m_out.add(kArguments, path, QStringLiteral("expected a scalar or {dataset: NAME, mode: mount|download}, got ")
                                            + YamlSupport::describe(item));
            malformed = true;
        }
        if (malformed)
            m_out.skipField(kArguments);
    }

    void readTags(Estimator& e)
    {
        if (!m_nodes.contains(kTags))
            return;
        const YAML::Node node = m_nodes.value(kTags);
        if (node.IsNull())
            return;
        if (!node.IsMap()) {
            fail(kTags, kTags, QStringLiteral("expected a mapping of NAME: value, got ") + YamlSupport::describe(node));
            return;
        }
        bool malformed = false;
        for (const auto& entry : node) {
            if (!entry.first.IsScalar()) {
                m_out.add(kTags, kTags, QStringLiteral("expected a tag name as key, got ") + YamlSupport::describe(entry.first));
                malformed = true;
                continue;
            }
            const QString name = YamlSupport::text(entry.first.Scalar());
            // Null is an empty value, as `tag RUN NAME=` records one.
            if (!entry.second.IsScalar() && !entry.second.IsNull()) {
                m_out.add(kTags, kTags + QLatin1Char('.') + name,
                          QStringLiteral("expected a string value, got ") + YamlSupport::describe(entry.second));
                malformed = true;
                continue;
            }
            e.tags.append({name, entry.second.IsNull() ? QString() : YamlSupport::text(entry.second.Scalar())});
        }
        if (malformed)
            m_out.skipField(kTags);
    }

    void readEnvironmentVariables(Estimator& e)
    {
        if (!m_nodes.contains(kEnvironmentVariables))
            return;
        const YAML::Node node = m_nodes.value(kEnvironmentVariables);
        if (node.IsNull())
            return;
        if (!node.IsMap()) {
            fail(kEnvironmentVariables, kEnvironmentVariables,
                 QStringLiteral("expected a mapping of NAME: value, got ") + YamlSupport::describe(node));
            return;
        }
        bool malformed = false;
        for (const auto& entry : node) {
            const QString name = entry.first.IsScalar() ? YamlSupport::text(entry.first.Scalar()) : QString();
            if (!entry.second.IsScalar()) {
                m_out.add(kEnvironmentVariables, kEnvironmentVariables + QLatin1Char('.') + name,
                          QStringLiteral("expected a string value, got ") + YamlSupport::describe(entry.second));
                malformed = true;
                continue;
            }
            e.environmentVariables.append({name, YamlSupport::text(entry.second.Scalar())});
        }
        if (malformed)
            m_out.skipField(kEnvironmentVariables);
    }

    QString m_baseDir;
    ErrorCollector& m_out;
    QHash<QString, YAML::Node> m_nodes;
};

} // namespace

QStringList EstimatorParser::knownKeys()
{
    return {kExperiment,    kDisplayName,       kDescription,  kTags,
            kSourceDirectory,   kEntryScript,  kScriptParams,   kArguments,     kComputeTarget,
            kPipPackages,   kCondaPackages,     kEnvironmentDefinition,                 kCustomDockerImage,
            kUserManagedDependencies,
            kNodeCount,     kProcessCountPerNode, kDistributedTraining, kMetricsFromAllRanks,
            kEnvironmentVariables, kMetricPatterns, kOutputFolders};
}

std::optional<Estimator> EstimatorParser::parseFile(const QString& path, QStringList* errors)
{
    QStringList localErrors;
    QStringList& out = errors ? *errors : localErrors;
    const auto data = YamlSupport::readFile(path, MaxFileSize, QStringLiteral("an estimator file"), &out);
    if (!data)
        return std::nullopt;
    const QFileInfo info(path);
    QStringList parseErrors;
    std::optional<Estimator> estimator = parseText(*data, info.absolutePath(), YamlSupport::label(path), &parseErrors);
    if (!estimator) {
        out.append(parseErrors);
        return std::nullopt;
    }
    estimator->filePath = QDir::cleanPath(info.absoluteFilePath());
    return estimator;
}

std::optional<Estimator> EstimatorParser::parseText(const QByteArray& yaml, const QString& baseDir,
                                                    const QString& label, QStringList* errors)
{
    QStringList localErrors;
    QStringList& out = errors ? *errors : localErrors;
    const qsizetype errorsBefore = out.size();
    ErrorCollector collector(label, &out);

    const auto loaded = YamlSupport::load(yaml, label, &out);
    if (!loaded)
        return std::nullopt;
    const YAML::Node root = *loaded;
    if (root.IsNull() || !root.IsDefined()) {
        collector.addGeneral(QStringLiteral("the file is empty; at least entry_script is required"));
        return std::nullopt;
    }
    if (!root.IsMap()) {
        collector.addGeneral(QStringLiteral("expected a mapping of keys such as entry_script: train.py, got ")
                             + YamlSupport::describe(root));
        return std::nullopt;
    }

    Estimator estimator;
    try {
        YamlReader reader(baseDir, collector);
        estimator = reader.read(root);
    } catch (const YAML::Exception& exception) {
        // Reading a well-formed tree should not throw; this keeps a surprise in yaml-cpp a message, not a crash.
        collector.addGeneral(YamlSupport::text(exception.what()));
        return std::nullopt;
    }
    validateInto(estimator, collector);
    if (out.size() > errorsBefore)
        return std::nullopt;
    return estimator;
}

QStringList EstimatorParser::validate(const Estimator& e, const QString& label)
{
    QStringList errors;
    ErrorCollector collector(label, &errors);
    validateInto(e, collector);
    return errors;
}

bool EstimatorParser::applyOverride(Estimator& e, const QString& keyEqualsValue, QString* error)
{
    const qsizetype equals = keyEqualsValue.indexOf(QLatin1Char('='));
    if (equals < 0) {
        if (error)
            *error = QStringLiteral("--param ") + YamlSupport::quoted(keyEqualsValue)
                + QStringLiteral(": expected KEY=VALUE (or KEY= for a bare flag)");
        return false;
    }
    const QString key = keyEqualsValue.left(equals);
    const QString value = keyEqualsValue.mid(equals + 1);
    if (key.isEmpty()) {
        if (error)
            *error = QStringLiteral("--param ") + YamlSupport::quoted(keyEqualsValue) + QStringLiteral(": the key before '=' is empty");
        return false;
    }
    ScriptParam replacement;
    replacement.key = key;
    replacement.kind = value.isEmpty() ? ScriptParam::Kind::Flag : ScriptParam::Kind::Value;
    replacement.value = value;
    for (ScriptParam& param : e.scriptParams) {
        if (param.key == key) {
            param = replacement;
            return true;
        }
    }
    e.scriptParams.append(replacement);
    return true;
}
