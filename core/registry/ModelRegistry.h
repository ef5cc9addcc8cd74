// The model registry: a file or folder from a finished run's outputs registered under a name gets the next
// version (1, 2, 3 …). Files are copied into the workspace, so deleting the run never breaks a model.
#pragma once

#include "workspace/Workspace.h"

#include <QVector>
#include <optional>

struct ModelRecord
{
    QString name;
    int version = 0;
    QString description;
    QVector<QPair<QString, QString>> tags;
    QString runId;
    QString sourcePath; // as given, relative to the run: outputs/…
    qint64 size = 0;
    qint64 fileCount = 0;
    qint64 createdAt = 0;
    QString storedPath; // where the registry keeps the files
};

class ModelRegistry
{
public:
    explicit ModelRegistry(const Workspace& workspace) : m_workspace(workspace) {}

    std::optional<ModelRecord> registerModel(const QString& runId, const QString& path, const QString& name,
                                             const QString& description, const QVector<QPair<QString, QString>>& tags,
                                             QString* error);
    // Every version, by name then version. A failed query sets *error (cleared on success) and returns nothing.
    QVector<ModelRecord> list(QString* error = nullptr) const;
    // "NAME" is the newest version; "NAME:2" a given one.
    std::optional<ModelRecord> resolve(const QString& reference, QString* error) const;
    bool download(const ModelRecord& model, const QString& destination, QString* error) const;
    bool remove(const QString& name, int version, QString* error);

    static bool isValidName(const QString& name);

private:
    QString versionDir(const QString& name, int version) const;
    Workspace m_workspace;
};
