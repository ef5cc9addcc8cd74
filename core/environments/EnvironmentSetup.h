// The run's environment at Preparing, through the environment tool on the target: decides what the
// estimator needs (EnvironmentSpec), has the tool build or reuse it (and resolve the image), follows the
// build live (system/environment-build.log, a progress line with the run's status), and then tells the
// supervisor what the job runs with: the interpreter, the variables, the container around its command.
// After the job started, describe() records what it really ran with (system/ran-with.json and friends).
#pragma once

#include "environments/EnvironmentSpec.h"
#include "run/RunContext.h"
#include "workspace/Workspace.h"

#include <QFile>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

class ComputeTarget;

class EnvironmentSetup
{
public:
    EnvironmentSetup(ComputeTarget& target, RunContext& ctx);

    // Reads what the estimator asks for; when there are packages or an image, runs the tool's ensure (which
    // blocks while it builds) and fills ctx.container for an image. A run that asks for neither never calls
    // the tool. False with the run's error: the unreadable definition file, or "environment build failed:
    // ERROR" followed by a line break and the end of pip's or conda's own output.
    // A pull of a private image logs in with the workspace's login to the image's registry (RegistryLogins).
    bool ensure(const Estimator& estimator, const Workspace& workspace, QString* error);

    // The interpreter for CommandLineBuilder: the environment's (inside the image when there is one), else
    // the target's.
    QString interpreter() const;
    // PATH with the environment's bin folder first and VIRTUAL_ENV or CONDA_PREFIX, in the job's variables.
    void applyTo(QHash<QString, QString>& environment) const;
    // The job's command inside the run's container (the run folder mounted read-write; the runtime files, the
    // environment and the datasets read-only, each at its own path); argv as it is without a container.
    QStringList wrapCommand(const QStringList& argv) const;
    // Links the run to its environment in the workspace; a failure is noted in the build log, never fatal.
    void recordUse(const Workspace& workspace);
    // What a later supervisor needs to describe the run (stored as targetHandle["environment"]); empty when
    // the run has no built environment.
    QJsonObject handle() const;

    // Runs the tool's describe for the job's interpreter and writes system/ran-with.json (description,
    // environment, image, the job's variables from system/environment.json, freeze), system/pip-freeze.txt
    // and, for conda, system/conda-list.txt. A failure is written into ran-with.json's "error"; it never
    // fails the run.
    static void describe(ComputeTarget& target, RunContext& ctx, const QJsonObject& environmentHandle);

    static QString buildLogPath(const RunContext& ctx)
    {
        return ctx.systemDir() + QStringLiteral("/environment-build.log");
    }
    static QString ranWithPath(const RunContext& ctx)
    {
        return ctx.systemDir() + QStringLiteral("/ran-with.json");
    }

private:
    QJsonObject request(const EnvironmentSpec& spec, const QJsonObject& registryAuth) const;
    bool openLog(QString* error);
    void appendLog(const QByteArray& line);

    ComputeTarget& m_target;
    RunContext& m_ctx;
    std::optional<EnvironmentSpec> m_spec;
    QJsonObject m_reply; // the tool's ensure reply once it succeeded
    QFile m_log;
};
