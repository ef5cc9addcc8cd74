// The model registry: a file or folder from a finished run's outputs registered under a name gets the next
// version (1, 2, 3 …). Files are copied into the workspace, so deleting the run never breaks a model.
// Aliases ("production", "staging", any name) point at one version of a model each and are moved by setting
// them again; "NAME@ALIAS" resolves like "NAME:VERSION". Description and tags stay editable.
#pragma once

#include "workspace/Workspace.h"

#include <QStringList>
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
    QStringList aliases; // the aliases that point at this version, sorted
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
    // "NAME" is the newest version; "NAME:2" a given one; "NAME@production" the one the alias points at.
    std::optional<ModelRecord> resolve(const QString& reference, QString* error) const;
    // Points `alias` of model `name` at `version` (moving it from the version it pointed at, returned in
    // *previousVersion, 0 when it is new). The version must exist.
    bool setAlias(const QString& name, int version, const QString& alias, QString* error, int* previousVersion = nullptr);
    bool removeAlias(const QString& name, const QString& alias, QString* error);
    // Replaces the description and the tags of one version.
    bool update(const QString& name, int version, const QString& description,
                const QVector<QPair<QString, QString>>& tags, QString* error);
    bool download(const ModelRecord& model, const QString& destination, QString* error) const;
    bool remove(const QString& name, int version, QString* error);

    static bool isValidName(const QString& name);
    // A letter, then up to 63 letters, digits, '.', '_' or '-': never a number, so "NAME@2" cannot be mistaken
    // for a version.
    static bool isValidAlias(const QString& alias);

private:
    QString versionDir(const QString& name, int version) const;
    Workspace m_workspace;
};
