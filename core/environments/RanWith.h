// What a run really ran with, as its supervisor recorded it in the run file system/ran-with.json: the
// interpreter, the host (name, OS, CPU, memory, GPUs), the environment's hash and the image with its digest.
// Read by `trainyard-cli show` and the run page.
#pragma once

#include "workspace/Workspace.h"

#include <QJsonObject>
#include <QString>

#include <optional>

struct RanWith
{
    static constexpr const char* kPath = "system/ran-with.json";
    static constexpr const char* kFreezePath = "system/pip-freeze.txt";
    static constexpr const char* kCondaListPath = "system/conda-list.txt";
    static constexpr const char* kBuildLogPath = "system/environment-build.log";

    bool present = false;     // the file exists (a run that has not started yet has none)
    QJsonObject host;         // {"name","os","kernel","cpu_model","cpu_count","memory_bytes","gpus":[…]}
    QJsonObject interpreter;  // {"path","version"}
    QJsonObject environment;  // {"hash",…} as the supervisor wrote it
    QJsonObject image;        // {"engine","ref","id","digest"} or empty
    QString describeError;    // the supervisor could not describe the run's side ("error" in the file)

    // present is false when the file does not exist; nullopt, with the reason, when it exists but cannot be
    // read or is not a JSON object.
    static std::optional<RanWith> read(const Workspace& workspace, const QString& runId, QString* error);

    // "gpu-box (Debian GNU/Linux 12, 16 × AMD EPYC 7763, 125.8 GiB, 1 GPU: NVIDIA H200)"; empty without a host.
    QString hostSummary() const;
};
