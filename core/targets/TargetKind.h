// One place per kind of compute target: how to build it, which settings it takes (with their validation,
// their CLI flags and the page of the targets dialog that edits them), what of an estimator it can run
// and which variables of the submitting environment its runs see. TargetRegistry, ComputeTarget::create,
// the CLI and the targets dialog all ask here instead of knowing kinds themselves.
#pragma once

#include "targets/TargetConfig.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVector>
#include <functional>
#include <memory>

class ComputeTarget;
struct Estimator;

struct TargetSetting
{
    QString key;       // in the target's settings JSON, e.g. max_concurrent_runs
    QString cliFlag;   // for `trainyard-cli targets set`, e.g. max-concurrent-runs
    QString valueName; // for the CLI synopsis, e.g. N
    QString help;
    // An error message naming what is wrong, or an empty string when the value is acceptable.
    std::function<QString(const QJsonValue& value)> validate;
    // The value a user typed (a CLI flag's argument) as the settings JSON holds it; validate() judges it.
    std::function<QJsonValue(const QString& text)> fromText = textValue;
    // A flag given once per value (`--setup LINE --setup LINE`); fromTexts turns all of them into the value.
    bool repeatable = false;
    std::function<QJsonValue(const QStringList& texts)> fromTexts = textsValue;

    static QJsonValue textValue(const QString& text) { return text; }
    // Each value of a repeated flag as one item of a list.
    static QJsonValue textsValue(const QStringList& texts);
    // A number when the text is one (validate() then says whether that number fits), else the text.
    static QJsonValue numberValue(const QString& text);
    // "A,B,C" as ["A","B","C"]; an empty text is an empty list.
    static QJsonValue listValue(const QString& text);
    // "true" / "false" (any case; also yes/no, 1/0) as a JSON boolean, anything else as the text.
    static QJsonValue booleanValue(const QString& text);
    // validate() of an interpreter setting (python): a path or a name, not empty.
    static QString interpreterProblem(const QJsonValue& value);
};

struct TargetKind
{
    QString name;     // "local"
    QString pageName; // the targets dialog page that edits it (ui/targets), e.g. "TargetLocalPage"
    std::function<std::unique_ptr<ComputeTarget>(const TargetConfig& config)> create;
    QVector<TargetSetting> settings;
    // Estimator fields, of those a target may or may not implement (pip_packages, conda_packages,
    // environment_definition, custom_docker_image, node_count, process_count_per_node,
    // distributed_training), that this kind honours. A submit using any other is refused.
    QStringList supportedFields;
    // What of an estimator this kind cannot run with a target's settings (an SSH target with fewer hosts than
    // node_count), as messages beginning with "LABEL: FIELD: "; none when unset.
    std::function<QStringList(const Estimator& estimator, const TargetConfig& target, const QString& label)>
        estimatorProblems;
    // Variables taken from the submitting process into every run ("LC_*" matches a prefix), before the
    // ones the target's `environment` setting lists and the estimator's environment_variables.
    QStringList baseEnvironment;
    // Whether the target queues runs itself (Slurm): a run that waits in that queue (Starting, with the
    // queue's reason as its waiting reason) takes none of the target's max_concurrent_runs slots, so the next
    // run is submitted and the cluster decides the order. Runs past the queue take their slot as elsewhere.
    bool queuesRuns = false;
    // When set, the base for one target instead (a Slurm target through a login node takes the locale only,
    // as ssh does: this machine's PATH and HOME mean nothing on the cluster).
    std::function<QStringList(const TargetConfig& target)> baseEnvironmentFor;
    // Checks that span settings or other targets (target.login is resolved): an error naming the setting, or
    // empty. TargetRegistry::save runs it after each setting's own validate().
    std::function<QString(const TargetConfig& target)> validateTarget;

    const TargetSetting* setting(const QString& key) const;
};

class TargetKinds
{
public:
    static const TargetKind* find(const QString& name);
    static QStringList names();
    // The estimator fields a target kind may leave unimplemented, in the order errors name them.
    static QStringList optionalFields();
    // Settings every kind takes (max_concurrent_runs, cancel_grace_seconds); a kind lists them first.
    static QVector<TargetSetting> commonSettings();
    // The `environment` setting: variables of the submitting environment that runs also see.
    static TargetSetting environmentSetting();
    // How runs of the target get their packages and images: pip_index_url, pip_extra_index_urls,
    // pip_find_links, pip_trusted_hosts, pip_system_site_packages, conda_tool, container_engine,
    // environments_dir. Every kind that builds environments lists them.
    static QVector<TargetSetting> environmentSettings();
    // The settings of every kind, each CLI flag once (the first kind's wording), for `targets set`.
    static QVector<TargetSetting> allSettings();
};
