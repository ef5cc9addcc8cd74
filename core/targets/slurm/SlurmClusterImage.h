// The environment tool's part for an image that a cluster engine runs, apptainer (or singularity) or pyxis:
// these run the image as one of the job's processes, so no environment is built in it. apptainer's image is
// pulled once into a .sif under the target's environments folder (the nodes share it), or a .sif the
// estimator names is used as it is; pyxis imports the image on each node as the step starts, so it is only
// named. Packages in such an image are refused (they need podman or docker), and so is a description of
// what is inside.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>

class SlurmClusterImage
{
public:
    // Runs a program where the image is pulled (argv, time limit); false with *error set when it failed.
    using RunProgram = std::function<bool(const QStringList& argv, int timeoutMs, QString* error)>;

    // request: the environment tool's request (ensure or describe) with its container; returns the tool's
    // reply shape: {"ok": true, "image": {...}} or {"ok": false, "error": "..."}.
    static QJsonObject resolve(const QJsonObject& request, const QString& targetName,
                               const QString& environmentRoot, const RunProgram& run,
                               const std::function<void(const QByteArray& line)>& onLine);
};
