#include "estimator/AzureCommandJobParser.h"

#include "estimator/EstimatorParser.h"
#include "estimator/ShellWords.h"
#include "estimator/YamlSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace {

constexpr int MaxCount = 10000;

// An input of the job, as the command's ${{inputs.NAME}} becomes it.
struct JobInput {
    enum class Kind { Literal, Dataset, LocalPath };
    Kind kind = Kind::Literal;
    QString text;        // the literal, or the absolute local path
    QString dataset;     // NAME or NAME:VERSION
    QString datasetMode; // mount | download
};

// Estimator messages name estimator fields; a job file's user knows the job's keys. Longest first.
const QVector<QPair<QString, QString>>& estimatorToJobKeys()
{
    static const QVector<QPair<QString, QString>> keys{
        {QStringLiteral("process_count_per_node"), QStringLiteral("distribution.process_count_per_instance")},
        {QStringLiteral("environment_definition"), QStringLiteral("environment.conda_file")},
        {QStringLiteral("distributed_training"), QStringLiteral("distribution.type")},
        {QStringLiteral("custom_docker_image"), QStringLiteral("environment.image")},
        {QStringLiteral("source_directory"), QStringLiteral("code")},
        {QStringLiteral("compute_target"), QStringLiteral("compute")},
        {QStringLiteral("entry_script"), QStringLiteral("command")},
        {QStringLiteral("experiment"), QStringLiteral("experiment_name")},
        {QStringLiteral("node_count"), QStringLiteral("resources.instance_count")},
        {QStringLiteral("arguments"), QStringLiteral("command")},
    };
    return keys;
}

// Why a top-level key of Azure's schema is not read, for the keys a job file often has; a close known key
// for a misspelt one.
QString unsupportedKeyReason(const QString& key, const QStringList& known)
{
    static const QHash<QString, QString> reasons{
        {QStringLiteral("name"), QStringLiteral("Trainyard gives each run its own id; display_name names it")},
        {QStringLiteral("limits"), QStringLiteral("Trainyard sets no time limit on a run")},
        {QStringLiteral("services"), QStringLiteral("no interactive services (JupyterLab, SSH) are started for a run")},
        {QStringLiteral("identity"), QStringLiteral("a run has the identity of the user who submits it")},
        {QStringLiteral("queue_settings"), QStringLiteral("the compute target decides how runs wait")},
    };
    const auto reason = reasons.constFind(key);
    if (reason != reasons.constEnd())
        return QStringLiteral("not supported: ") + *reason;
    return QStringLiteral("not supported by Trainyard") + YamlSupport::suggestion(key, known);
}

class JobReader
{
public:
    JobReader(const QString& baseDir, const QString& label, QStringList* errors)
        : m_baseDir(QDir::cleanPath(QDir(baseDir).absolutePath()))
        , m_label(label)
        , m_errors(errors)
    {
    }

    std::optional<AzureCommandJob> read(const YAML::Node& root)
    {
        const qsizetype before = m_errors->size();
        const QStringList known = AzureCommandJobParser::knownKeys();
        for (const auto& entry : root) {
            if (!entry.first.IsScalar()) {
                addGeneral(QStringLiteral("a top-level key is not a name (got %1)").arg(YamlSupport::describe(entry.first)));
                continue;
            }
            const QString key = YamlSupport::text(entry.first.Scalar());
            if (!known.contains(key)) {
                add(key, unsupportedKeyReason(key, known));
                continue;
            }
            if (m_nodes.contains(key)) {
                add(key, QStringLiteral("appears more than once"));
                continue;
            }
            m_nodes.insert(key, entry.second);
        }

        AzureCommandJob job;
        Estimator& e = job.estimator;
        readSchemaAndType();
        e.sourceDirectory = readCode();
        e.experiment = Estimator::defaultExperimentName(e.sourceDirectory);
        if (const auto text = scalar(QStringLiteral("experiment_name")))
            e.experiment = *text;
        if (const auto text = scalar(QStringLiteral("display_name")))
            e.displayName = *text;
        if (const auto text = scalar(QStringLiteral("description")))
            e.description = *text;
        e.tags = stringMap(QStringLiteral("tags"));
        e.environmentVariables = stringMap(QStringLiteral("environment_variables"));
        readInputs(job);
        readOutputs(e);
        readCommand(e);
        readEnvironment(e);
        readCompute(e);
        readDistribution(e);
        readResources(e);

        if (m_errors->size() > before)
            return std::nullopt;
        // The estimator's own checks (names, files, combinations) for the rest, told in the job's keys.
        for (QString message : EstimatorParser::validate(e, m_label)) {
            const QString prefix = m_label + QStringLiteral(": ");
            for (const auto& [estimatorKey, jobKey] : estimatorToJobKeys()) {
                if (message.startsWith(prefix + estimatorKey)) {
                    message = prefix + jobKey + message.mid(prefix.size() + estimatorKey.size());
                    break;
                }
            }
            m_errors->append(message.replace(QStringLiteral(" source_directory "), QStringLiteral(" code ")));
        }
        if (m_errors->size() > before)
            return std::nullopt;
        return job;
    }

private:
    void add(const QString& path, const QString& message)
    {
        m_errors->append(m_label + QStringLiteral(": ") + path + QStringLiteral(": ") + message);
    }
    void addGeneral(const QString& message) { m_errors->append(m_label + QStringLiteral(": ") + message); }

    QString absolute(const QString& path) const
    {
        return QDir::cleanPath(QDir::isAbsolutePath(path) ? path : m_baseDir + QLatin1Char('/') + path);
    }

    // A scalar top-level key's text; nullopt when absent, null, or not a scalar (reported).
    std::optional<QString> scalar(const QString& key)
    {
        if (!m_nodes.contains(key) || m_nodes.value(key).IsNull())
            return std::nullopt;
        const YAML::Node node = m_nodes.value(key);
        if (!node.IsScalar()) {
            add(key, QStringLiteral("expected a string, got ") + YamlSupport::describe(node));
            return std::nullopt;
        }
        return YamlSupport::text(node.Scalar());
    }

    // A mapping with only the given keys; an unknown key is refused with its path. Null is an empty mapping.
    std::optional<YAML::Node> mapping(const YAML::Node& node, const QString& path, const QStringList& keys)
    {
        if (node.IsNull())
            return YAML::Node(YAML::NodeType::Map);
        if (!node.IsMap()) {
            add(path, QStringLiteral("expected a mapping, got ") + YamlSupport::describe(node));
            return std::nullopt;
        }
        bool ok = true;
        for (const auto& entry : node) {
            const QString key = entry.first.IsScalar() ? YamlSupport::text(entry.first.Scalar()) : QString();
            if (!keys.contains(key)) {
                add(path + QLatin1Char('.') + key,
                    QStringLiteral("not supported (expected %1)").arg(keys.join(QStringLiteral(", "))));
                ok = false;
            }
        }
        if (!ok)
            return std::nullopt;
        return node;
    }

    // A scalar sub-key's text; nullopt when absent or null, or not a scalar (reported).
    std::optional<QString> subScalar(const YAML::Node& map, const QString& key, const QString& path)
    {
        const YAML::Node node = map[key.toStdString()];
        if (!node || node.IsNull())
            return std::nullopt;
        if (!node.IsScalar()) {
            add(path, QStringLiteral("expected a string, got ") + YamlSupport::describe(node));
            return std::nullopt;
        }
        return YamlSupport::text(node.Scalar());
    }

    std::optional<int> count(const YAML::Node& map, const QString& key, const QString& path)
    {
        const auto text = subScalar(map, key, path);
        if (!text)
            return std::nullopt;
        static const QRegularExpression digits(QStringLiteral("^\\+?[0-9]{1,9}$"));
        const int value = digits.match(*text).hasMatch() ? text->toInt() : 0;
        if (value < 1) {
            add(path, QStringLiteral("expected a positive integer, got ") + YamlSupport::quoted(*text));
            return std::nullopt;
        }
        if (value > MaxCount) {
            add(path, QStringLiteral("expected at most %1, got %2").arg(MaxCount).arg(*text));
            return std::nullopt;
        }
        return value;
    }

    // NAME: value pairs in order (tags, environment_variables); null values are empty.
    QVector<QPair<QString, QString>> stringMap(const QString& key)
    {
        QVector<QPair<QString, QString>> pairs;
        if (!m_nodes.contains(key) || m_nodes.value(key).IsNull())
            return pairs;
        const YAML::Node node = m_nodes.value(key);
        if (!node.IsMap()) {
            add(key, QStringLiteral("expected a mapping of NAME: value, got ") + YamlSupport::describe(node));
            return pairs;
        }
        for (const auto& entry : node) {
            const QString name = entry.first.IsScalar() ? YamlSupport::text(entry.first.Scalar()) : QString();
            if (!entry.second.IsScalar() && !entry.second.IsNull()) {
                add(key + QLatin1Char('.') + name, QStringLiteral("expected a string value, got ")
                                                       + YamlSupport::describe(entry.second));
                continue;
            }
            pairs.append({name, entry.second.IsNull() ? QString() : YamlSupport::text(entry.second.Scalar())});
        }
        return pairs;
    }

    void readSchemaAndType()
    {
        if (const auto schema = scalar(QStringLiteral("$schema"))) {
            if (!schema->contains(QLatin1String("commandJob"), Qt::CaseInsensitive))
                add(QStringLiteral("$schema"), YamlSupport::quoted(*schema)
                                                   + QStringLiteral(" is not a command job; Trainyard reads command jobs "
                                                                    "(…/commandJob.schema.json)"));
        }
        if (const auto type = scalar(QStringLiteral("type")); type && *type != QLatin1String("command"))
            add(QStringLiteral("type"), QStringLiteral("expected command, got ") + YamlSupport::quoted(*type)
                                            + QStringLiteral(" (Trainyard reads command jobs)"));
    }

    QString readCode()
    {
        const auto code = scalar(QStringLiteral("code"));
        if (!code)
            return m_baseDir; // no code: the job file's folder, as an estimator's source_directory defaults
        if (code->startsWith(QLatin1String("azureml:")) || code->contains(QLatin1String("://"))) {
            add(QStringLiteral("code"), YamlSupport::quoted(*code)
                                            + QStringLiteral(": only a folder on this machine can be the code"));
            return m_baseDir;
        }
        return absolute(*code);
    }

    void readInputs(AzureCommandJob& job)
    {
        static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (!m_nodes.contains(QStringLiteral("inputs")) || m_nodes.value(QStringLiteral("inputs")).IsNull())
            return;
        const YAML::Node node = m_nodes.value(QStringLiteral("inputs"));
        if (!node.IsMap()) {
            add(QStringLiteral("inputs"), QStringLiteral("expected a mapping of NAME: value or {type, path, mode}, got ")
                                              + YamlSupport::describe(node));
            return;
        }
        for (const auto& entry : node) {
            const QString name = entry.first.IsScalar() ? YamlSupport::text(entry.first.Scalar()) : QString();
            const QString path = QStringLiteral("inputs.") + name;
            if (!namePattern.match(name).hasMatch()) {
                add(path, QStringLiteral("an input's name is letters, digits and _, not starting with a digit"));
                continue;
            }
            const YAML::Node value = entry.second;
            if (value.IsScalar()) {
                m_inputs.insert(name, JobInput{JobInput::Kind::Literal, YamlSupport::text(value.Scalar()), {}, {}});
                continue;
            }
            if (!value.IsMap()) {
                add(path, QStringLiteral("expected a value or {type, path, mode}, got ") + YamlSupport::describe(value));
                continue;
            }
            if (const auto input = readDataInput(value, path)) {
                m_inputs.insert(name, *input);
                if (input->kind == JobInput::Kind::LocalPath)
                    job.localInputs << path;
            }
        }
    }

    std::optional<JobInput> readDataInput(const YAML::Node& value, const QString& path)
    {
        static const QRegularExpression versioned(QStringLiteral("^azureml:([A-Za-z0-9._-]+):([1-9][0-9]*)$"));
        static const QRegularExpression latest(QStringLiteral("^azureml:([A-Za-z0-9._-]+)@latest$"));
        const auto map = mapping(value, path, {QStringLiteral("type"), QStringLiteral("path"), QStringLiteral("mode"),
                                               QStringLiteral("description")});
        if (!map)
            return std::nullopt;
        bool ok = true;
        const QString type = subScalar(*map, QStringLiteral("type"), path + QStringLiteral(".type"))
                                 .value_or(QStringLiteral("uri_folder"));
        if (type != QLatin1String("uri_folder") && type != QLatin1String("uri_file")) {
            add(path + QStringLiteral(".type"),
                YamlSupport::quoted(type) + QStringLiteral(" not supported (uri_folder or uri_file; a literal value is "
                                                           "written as NAME: VALUE)"));
            ok = false;
        }
        const QString modeText = subScalar(*map, QStringLiteral("mode"), path + QStringLiteral(".mode"))
                                     .value_or(QStringLiteral("ro_mount"));
        QString mode;
        if (modeText == QLatin1String("ro_mount")) {
            mode = QStringLiteral("mount");
        } else if (modeText == QLatin1String("download")) {
            mode = QStringLiteral("download");
        } else {
            add(path + QStringLiteral(".mode"), YamlSupport::quoted(modeText) + QStringLiteral(" not supported (ro_mount or download)"));
            ok = false;
        }
        const auto location = subScalar(*map, QStringLiteral("path"), path + QStringLiteral(".path"));
        if (!location) {
            const YAML::Node& fields = *map;
            if (!fields["path"] || fields["path"].IsNull())
                add(path + QStringLiteral(".path"), QStringLiteral("required: azureml:NAME:VERSION, azureml:NAME@latest "
                                                                   "or a path on this machine"));
            return std::nullopt;
        }
        JobInput input;
        input.datasetMode = mode;
        if (const auto match = versioned.match(*location); match.hasMatch()) {
            input.kind = JobInput::Kind::Dataset;
            input.dataset = match.captured(1) + QLatin1Char(':') + match.captured(2);
        } else if (const auto match = latest.match(*location); match.hasMatch()) {
            input.kind = JobInput::Kind::Dataset;
            input.dataset = match.captured(1);
        } else if (location->startsWith(QLatin1String("azureml:")) || location->contains(QLatin1String("://"))) {
            add(path + QStringLiteral(".path"),
                YamlSupport::quoted(*location) + QStringLiteral(" not supported (azureml:NAME:VERSION or azureml:NAME@latest "
                                                                "for a registered dataset, or a path on this machine)"));
            return std::nullopt;
        } else {
            // Used in place on this machine, whatever the mode: nothing is mounted for a local path.
            input.kind = JobInput::Kind::LocalPath;
            input.text = absolute(*location);
            const QFileInfo info(input.text);
            if (!info.exists()) {
                add(path + QStringLiteral(".path"), input.text + QStringLiteral(" does not exist"));
                return std::nullopt;
            }
            if (type == QLatin1String("uri_file") && !info.isFile()) {
                add(path + QStringLiteral(".path"), input.text + QStringLiteral(" is not a file, but type is uri_file"));
                return std::nullopt;
            }
            if (type == QLatin1String("uri_folder") && !info.isDir()) {
                add(path + QStringLiteral(".path"), input.text + QStringLiteral(" is not a folder, but type is uri_folder"));
                return std::nullopt;
            }
        }
        if (!ok)
            return std::nullopt;
        return input;
    }

    void readOutputs(Estimator& e)
    {
        static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (!m_nodes.contains(QStringLiteral("outputs")) || m_nodes.value(QStringLiteral("outputs")).IsNull())
            return;
        const YAML::Node node = m_nodes.value(QStringLiteral("outputs"));
        if (!node.IsMap()) {
            add(QStringLiteral("outputs"), QStringLiteral("expected a mapping of NAME: {type, mode}, got ")
                                               + YamlSupport::describe(node));
            return;
        }
        for (const auto& entry : node) {
            const QString name = entry.first.IsScalar() ? YamlSupport::text(entry.first.Scalar()) : QString();
            const QString path = QStringLiteral("outputs.") + name;
            if (!namePattern.match(name).hasMatch()) {
                add(path, QStringLiteral("an output's name is letters, digits and _, not starting with a digit"));
                continue;
            }
            if (entry.second.IsMap() && entry.second["path"]) {
                add(path + QStringLiteral(".path"),
                    QStringLiteral("not supported: an output is the run's outputs/%1, kept with the run").arg(name));
                continue;
            }
            const auto map = mapping(entry.second, path, {QStringLiteral("type"), QStringLiteral("mode"),
                                                          QStringLiteral("description")});
            if (!map)
                continue;
            const QString type = subScalar(*map, QStringLiteral("type"), path + QStringLiteral(".type"))
                                     .value_or(QStringLiteral("uri_folder"));
            const QString mode = subScalar(*map, QStringLiteral("mode"), path + QStringLiteral(".mode"))
                                     .value_or(QStringLiteral("rw_mount"));
            const QStringList folderTypes{QStringLiteral("uri_folder"), QStringLiteral("custom_model"),
                                          QStringLiteral("mlflow_model")};
            if (!folderTypes.contains(type) && type != QLatin1String("uri_file")) {
                add(path + QStringLiteral(".type"), YamlSupport::quoted(type)
                                                        + QStringLiteral(" not supported (uri_folder, uri_file, "
                                                                         "custom_model or mlflow_model)"));
                continue;
            }
            if (mode != QLatin1String("rw_mount") && mode != QLatin1String("upload")) {
                add(path + QStringLiteral(".mode"), YamlSupport::quoted(mode) + QStringLiteral(" not supported (rw_mount or upload)"));
                continue;
            }
            m_outputs.insert(name);
            // A file output is a file the script writes into outputs/; a folder one is made for it.
            if (folderTypes.contains(type))
                e.outputFolders << name;
        }
    }

    void readCommand(Estimator& e)
    {
        const QString key = QStringLiteral("command");
        if (!m_nodes.contains(key) || m_nodes.value(key).IsNull()) {
            add(key, QStringLiteral("required: python SCRIPT.py ARGUMENTS…"));
            return;
        }
        const auto command = scalar(key);
        if (!command)
            return;
        if (command->contains(QLatin1String("$[["))) {
            add(key, QStringLiteral("optional arguments ($[[…]]) are not supported; write the argument itself"));
            return;
        }
        QString error;
        const auto words = ShellWords::split(*command, &error);
        if (!words) {
            add(key, error);
            return;
        }
        const auto literal = [](const ShellWord& word) -> std::optional<QString> {
            if (word.hasPlaceholder())
                return std::nullopt;
            return word.literalText();
        };
        const auto found = [&](int index) {
            return index < words->size() ? QStringLiteral("\"") + wordText(words->at(index)) + QLatin1Char('"')
                                         : QStringLiteral("nothing");
        };
        const auto program = words->isEmpty() ? std::nullopt : literal(words->first());
        if (!program || (*program != QLatin1String("python") && *program != QLatin1String("python3"))) {
            add(key, QStringLiteral("expected python or python3 SCRIPT.py ARGUMENTS…, found %1 as the program").arg(found(0)));
            return;
        }
        int index = 1;
        // Runs are unbuffered already (PYTHONUNBUFFERED), so -u changes nothing; other options run something else.
        while (index < words->size() && literal(words->at(index)) == QStringLiteral("-u"))
            ++index;
        const auto script = index < words->size() ? literal(words->at(index)) : std::nullopt;
        if (!script || !script->endsWith(QLatin1String(".py")) || script->startsWith(QLatin1Char('-'))) {
            add(key, QStringLiteral("expected a .py script after %1, found %2").arg(*program, found(index)));
            return;
        }
        const QString cleaned = QDir::cleanPath(*script);
        const QString source = QDir::cleanPath(e.sourceDirectory);
        e.entryScript = QDir::isAbsolutePath(cleaned) && cleaned.startsWith(source + QLatin1Char('/'))
                            ? QDir(source).relativeFilePath(cleaned)
                            : cleaned;
        for (int i = index + 1; i < words->size(); ++i)
            if (const auto argument = mapWord(words->at(i)))
                e.arguments << *argument;
    }

    // The word as written, for messages: placeholders shown as ${{…}}.
    static QString wordText(const ShellWord& word)
    {
        QString text;
        for (const ShellWordPart& part : word.parts)
            text += part.placeholder ? QStringLiteral("${{") + part.text + QStringLiteral("}}") : part.text;
        return text;
    }

    std::optional<ScriptArgument> mapWord(const ShellWord& word)
    {
        const QString key = QStringLiteral("command");
        QString text;
        for (const ShellWordPart& part : word.parts) {
            if (!part.placeholder) {
                text += part.text;
                continue;
            }
            const QString shown = QStringLiteral("${{") + part.text + QStringLiteral("}}");
            static const QRegularExpression reference(QStringLiteral("^(inputs|outputs)\\.([A-Za-z_][A-Za-z0-9_]*)$"));
            const QRegularExpressionMatch match = reference.match(part.text);
            if (!match.hasMatch()) {
                add(key, shown + QStringLiteral(": only ${{inputs.NAME}} and ${{outputs.NAME}} are supported"));
                return std::nullopt;
            }
            const QString name = match.captured(2);
            if (match.captured(1) == QLatin1String("outputs")) {
                if (!m_outputs.contains(name)) {
                    add(key, shown + QStringLiteral(": no output %1 under outputs").arg(name));
                    return std::nullopt;
                }
                text += QStringLiteral("outputs/") + name;
                continue;
            }
            const auto input = m_inputs.constFind(name);
            if (input == m_inputs.constEnd()) {
                add(key, shown + QStringLiteral(": no input %1 under inputs").arg(name));
                return std::nullopt;
            }
            if (input->kind == JobInput::Kind::Dataset) {
                // Its path is known only on the target, as one argument of its own.
                if (word.parts.size() != 1) {
                    add(key, QStringLiteral("\"%1\": a registered dataset input must be an argument of its own (write "
                                            "\"--name %2\" instead of \"--name=%2\")")
                                 .arg(wordText(word), shown));
                    return std::nullopt;
                }
                return ScriptArgument::datasetReference(input->dataset, input->datasetMode);
            }
            text += input->text;
        }
        return ScriptArgument::literal(text);
    }

    void readEnvironment(Estimator& e)
    {
        const QString key = QStringLiteral("environment");
        if (!m_nodes.contains(key) || m_nodes.value(key).IsNull())
            return;
        const YAML::Node node = m_nodes.value(key);
        if (node.IsScalar()) {
            add(key, YamlSupport::quoted(YamlSupport::text(node.Scalar()))
                         + QStringLiteral(": a registered environment is not supported; write it inline as image "
                                          "and conda_file"));
            return;
        }
        const auto map = mapping(node, key, {QStringLiteral("image"), QStringLiteral("conda_file")});
        if (!map)
            return;
        if (const auto image = subScalar(*map, QStringLiteral("image"), key + QStringLiteral(".image")))
            e.customDockerImage = *image;
        if (const auto conda = subScalar(*map, QStringLiteral("conda_file"), key + QStringLiteral(".conda_file"))) {
            const QString path = absolute(*conda);
            if (!QFileInfo(path).isFile()) {
                add(key + QStringLiteral(".conda_file"), path + QStringLiteral(" does not exist"));
                return;
            }
            const QString source = QDir::cleanPath(e.sourceDirectory);
            e.environmentDefinition = path.startsWith(source + QLatin1Char('/')) ? QDir(source).relativeFilePath(path) : path;
        }
    }

    void readCompute(Estimator& e)
    {
        const auto compute = scalar(QStringLiteral("compute"));
        if (!compute)
            return;
        e.computeTarget = compute->startsWith(QLatin1String("azureml:")) ? compute->mid(8) : *compute;
    }

    void readDistribution(Estimator& e)
    {
        const QString key = QStringLiteral("distribution");
        if (!m_nodes.contains(key) || m_nodes.value(key).IsNull())
            return;
        const auto map = mapping(m_nodes.value(key), key, {QStringLiteral("type"), QStringLiteral("process_count_per_instance")});
        if (!map)
            return;
        const auto type = subScalar(*map, QStringLiteral("type"), key + QStringLiteral(".type"));
        if (!type) {
            add(key + QStringLiteral(".type"), QStringLiteral("required: mpi or pytorch"));
            return;
        }
        if (*type != QLatin1String("mpi") && *type != QLatin1String("pytorch")) {
            add(key + QStringLiteral(".type"), YamlSupport::quoted(*type) + QStringLiteral(" not supported (mpi or pytorch)"));
            return;
        }
        e.distributedTraining = *type;
        if (const auto processes = count(*map, QStringLiteral("process_count_per_instance"),
                                         key + QStringLiteral(".process_count_per_instance")))
            e.processCountPerNode = *processes;
    }

    void readResources(Estimator& e)
    {
        const QString key = QStringLiteral("resources");
        if (!m_nodes.contains(key) || m_nodes.value(key).IsNull())
            return;
        const YAML::Node node = m_nodes.value(key);
        if (node.IsMap() && node["instance_type"]) {
            add(key + QStringLiteral(".instance_type"),
                QStringLiteral("not supported: the compute target (compute) decides the machine"));
            return;
        }
        const auto map = mapping(node, key, {QStringLiteral("instance_count")});
        if (!map)
            return;
        if (const auto instances = count(*map, QStringLiteral("instance_count"), key + QStringLiteral(".instance_count")))
            e.nodeCount = *instances;
        if (e.nodeCount > 1 && e.distributedTraining == QLatin1String("none"))
            add(key + QStringLiteral(".instance_count"),
                QStringLiteral("%1 instances need a distribution (type: mpi or pytorch)").arg(e.nodeCount));
    }

    QString m_baseDir;
    QString m_label;
    QStringList* m_errors;
    QHash<QString, YAML::Node> m_nodes;
    QHash<QString, JobInput> m_inputs;
    QSet<QString> m_outputs;
};

} // namespace

QStringList AzureCommandJobParser::knownKeys()
{
    return {QStringLiteral("$schema"),      QStringLiteral("type"),         QStringLiteral("experiment_name"),
            QStringLiteral("display_name"), QStringLiteral("description"),  QStringLiteral("tags"),
            QStringLiteral("code"),         QStringLiteral("command"),      QStringLiteral("inputs"),
            QStringLiteral("outputs"),      QStringLiteral("environment"),  QStringLiteral("compute"),
            QStringLiteral("distribution"), QStringLiteral("resources"),    QStringLiteral("environment_variables")};
}

bool AzureCommandJobParser::isJobText(const QByteArray& yaml)
{
    QStringList ignored;
    const auto root = YamlSupport::load(yaml, QString(), &ignored);
    if (!root || !root->IsMap())
        return false;
    try {
        const YAML::Node type = (*root)["type"];
        const bool commandType = type && type.IsScalar() && type.Scalar() == "command";
        return (*root)["$schema"] || ((*root)["command"] && ((*root)["code"] || commandType));
    } catch (const YAML::Exception&) {
        return false;
    }
}

bool AzureCommandJobParser::isJobFile(const QString& path)
{
    QStringList ignored;
    const auto data = YamlSupport::readFile(path, MaxFileSize, QStringLiteral("a job file"), &ignored);
    return data && isJobText(*data);
}

std::optional<AzureCommandJob> AzureCommandJobParser::parseFile(const QString& path, QStringList* errors)
{
    QStringList localErrors;
    QStringList& out = errors ? *errors : localErrors;
    const auto data = YamlSupport::readFile(path, MaxFileSize, QStringLiteral("a job file"), &out);
    if (!data)
        return std::nullopt;
    return parseText(*data, QFileInfo(path).absolutePath(), YamlSupport::label(path), &out);
}

std::optional<AzureCommandJob> AzureCommandJobParser::parseText(const QByteArray& yaml, const QString& baseDir,
                                                                const QString& label, QStringList* errors)
{
    QStringList localErrors;
    QStringList& out = errors ? *errors : localErrors;
    const auto root = YamlSupport::load(yaml, label, &out);
    if (!root)
        return std::nullopt;
    if (!root->IsMap()) {
        out.append(label + QStringLiteral(": expected a command job (a mapping with $schema, command, code, …), got ")
                   + YamlSupport::describe(*root));
        return std::nullopt;
    }
    try {
        return JobReader(baseDir, label, &out).read(*root);
    } catch (const YAML::Exception& exception) {
        // Reading a well-formed tree should not throw; this keeps a surprise in yaml-cpp a message, not a crash.
        out.append(label + QStringLiteral(": ") + YamlSupport::text(exception.what()));
        return std::nullopt;
    }
}

QStringList AzureCommandJobParser::localInputProblems(const AzureCommandJob& job, const QString& targetName,
                                                      const QString& targetKind, const QString& label)
{
    QStringList problems;
    if (targetKind == QLatin1String("local"))
        return problems;
    for (const QString& input : job.localInputs)
        problems << QStringLiteral("%1: %2.path: a path on this machine, which compute target %3 (kind %4) does not "
                                   "see; register it (trainyard-cli datasets add NAME PATH) and write path: "
                                   "azureml:NAME@latest")
                        .arg(label, input, targetName, targetKind);
    return problems;
}
