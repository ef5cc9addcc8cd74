#include "run/Submitter.h"

#include "registry/DatasetRegistry.h"
#include "estimator/EstimatorParser.h"
#include "snapshot/GitState.h"
#include "run/RunEnvironment.h"
#include "run/RunScheduler.h"
#include "run/RunStore.h"
#include "snapshot/SnapshotStore.h"
#include "targets/TargetKind.h"
#include "targets/TargetRegistry.h"

#include <QDir>
#include <QFile>
#include <QPointer>
#include <QSaveFile>
#include <QtConcurrent>

Submitter::Submitter(const Workspace& workspace, QObject* parent) : QObject(parent), m_workspace(workspace) {}

Submitter::~Submitter() = default;

void Submitter::submit(const Estimator& estimator)
{
    m_cancel = std::make_shared<std::atomic_bool>(false);
    QPointer<Submitter> self(this);
    const Workspace workspace = m_workspace;
    const std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    (void)QtConcurrent::run([self, workspace, estimator, cancel]() {
        QStringList errors;
        const auto run = Submitter::run(workspace, estimator, &errors, [self, cancel](qint64 done, qint64 total) {
            if (self)
                QMetaObject::invokeMethod(self, [self, done, total]() { if (self) emit self->progressChanged(done, total); },
                                          Qt::QueuedConnection);
            return !cancel->load();
        });
        if (!self)
            return;
        QMetaObject::invokeMethod(self, [self, run, errors]() {
            if (!self)
                return;
            if (run)
                emit self->submitted(run->id);
            else
                emit self->failed(errors);
        }, Qt::QueuedConnection);
    });
}

QStringList Submitter::unsupportedFields(const Estimator& estimator, const TargetConfig& target, const TargetKind& kind,
                                         const QString& label)
{
    const QHash<QString, bool> used{
        {QStringLiteral("pip_packages"), !estimator.pipPackages.isEmpty()},
        {QStringLiteral("conda_packages"), !estimator.condaPackages.isEmpty()},
        {QStringLiteral("environment_definition"), !estimator.environmentDefinition.isEmpty()},
        {QStringLiteral("custom_docker_image"), !estimator.customDockerImage.isEmpty()},
        {QStringLiteral("node_count"), estimator.nodeCount > 1},
        {QStringLiteral("process_count_per_node"), estimator.processCountPerNode > 1},
        {QStringLiteral("distributed_training"), estimator.distributedTraining != QLatin1String("none")},
    };
    QStringList errors;
    // Refused rather than ignored: a run that silently lacks its packages fails far from the cause.
    for (const QString& field : TargetKinds::optionalFields())
        if (used.value(field) && !kind.supportedFields.contains(field))
            errors << QStringLiteral("%1: %2: compute target %3 (kind %4) does not support %2 yet; remove it to run there")
                          .arg(label, field, target.name, kind.name);
    if (kind.estimatorProblems)
        errors << kind.estimatorProblems(estimator, target, label);
    return errors;
}

std::optional<RunRecord> Submitter::run(const Workspace& workspace, const Estimator& input, QStringList* errors,
                                        const std::function<bool(qint64, qint64)>& progress)
{
    Estimator estimator = input;
    const QString label = estimator.filePath.isEmpty() ? QStringLiteral("estimator")
                                                       : QFileInfo(estimator.filePath).fileName();
    *errors = EstimatorParser::validate(estimator, label);
    if (estimator.experiment.isEmpty())
        estimator.experiment = Estimator::defaultExperimentName(estimator.sourceDirectory);
    QString targetError;
    const auto target = TargetRegistry(workspace).find(estimator.computeTarget, &targetError);
    const TargetKind* kind = target ? TargetKinds::find(target->kind) : nullptr;
    if (!targetError.isEmpty())
        *errors << targetError;
    else if (!target)
        *errors << QStringLiteral("%1: compute_target: unknown target \"%2\" (see: trainyard-cli targets list)")
                       .arg(label, estimator.computeTarget);
    else if (!kind)
        *errors << QStringLiteral("%1: compute_target: target %2 has kind \"%3\", which this version cannot run")
                       .arg(label, target->name, target->kind);
    else
        *errors << unsupportedFields(estimator, *target, *kind, label);
    // Datasets are pinned to the version current at submit, so the run can be repeated exactly.
    const DatasetRegistry datasets(workspace);
    const auto pin = [&](QString& reference, const QString& path) {
        QString error;
        const auto dataset = datasets.resolve(reference, &error);
        if (!dataset)
            *errors << QStringLiteral("%1: %2: %3").arg(label, path, error);
        else
            reference = QStringLiteral("%1:%2").arg(dataset->name).arg(dataset->version);
    };
    for (ScriptParam& param : estimator.scriptParams)
        if (param.kind == ScriptParam::Kind::Dataset)
            pin(param.dataset, QStringLiteral("script_params.") + param.key);
    for (int i = 0; i < estimator.arguments.size(); ++i)
        if (estimator.arguments[i].kind == ScriptArgument::Kind::Dataset)
            pin(estimator.arguments[i].dataset, QStringLiteral("arguments[%1]").arg(i));
    if (!errors->isEmpty())
        return std::nullopt;

    QString error;
    SnapshotStore snapshots(workspace.storeDir());
    const auto snapshot = snapshots.create(estimator.sourceDirectory, &error, progress);
    if (!snapshot) {
        *errors << QStringLiteral("snapshot of %1: %2").arg(estimator.sourceDirectory, error);
        return std::nullopt;
    }
    const GitState git = GitState::capture(estimator.sourceDirectory, &error);

    // Decided here, from this process, so that it does not depend on which process starts the run later.
    const RunEnvironment environment = RunEnvironment::decide(*kind, *target, estimator, QProcessEnvironment::systemEnvironment());

    RunRecord run;
    run.displayName = estimator.displayName.trimmed();
    run.note = estimator.description.trimmed().isEmpty() ? QString() : estimator.description;
    run.environment = environment.toJson();
    run.experiment = estimator.experiment;
    run.computeTarget = estimator.computeTarget;
    run.estimator = estimator.toJson();
    run.snapshotId = snapshot->id;
    run.git = git.toJson();
    RunStore store(workspace);
    // Name, note and tags go in with the run, in its transaction: a listing never shows it without them.
    if (!store.insert(run, &error, estimator.tags)) {
        *errors << error;
        return std::nullopt;
    }
    const QString systemDir = workspace.runDir(run.id) + QStringLiteral("/system");
    QDir().mkpath(systemDir);
    // Private whatever the umask: the run's records hold the command, the diff and variable names.
    const auto ownerOnly = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
    QFile::setPermissions(workspace.runDir(run.id), ownerOnly);
    QFile::setPermissions(systemDir, ownerOnly);
    {
        QSaveFile record(systemDir + QStringLiteral("/environment.json"));
        const QByteArray data = QJsonDocument(QJsonObject{{QStringLiteral("variables"), run.environment}}).toJson();
        if (record.open(QIODevice::WriteOnly) && record.write(data) == data.size() && record.commit())
            QFile::setPermissions(systemDir + QStringLiteral("/environment.json"), QFile::ReadOwner | QFile::WriteOwner);
    }
    if (git.inRepository && !git.diff.isEmpty()) {
        QSaveFile diff(systemDir + QStringLiteral("/git.diff"));
        if (diff.open(QIODevice::WriteOnly)) {
            if (diff.write(git.diff) == git.diff.size() && diff.commit())
                QFile::setPermissions(systemDir + QStringLiteral("/git.diff"), QFile::ReadOwner | QFile::WriteOwner);
        }
    }
    RunScheduler(workspace).startQueuedRuns();
    return store.find(run.id);
}
