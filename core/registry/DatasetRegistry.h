// Registered datasets: a name points at a file or folder on this machine; registering the same name again
// adds a version. Runs refer to them from script_params as {dataset: NAME} or {dataset: NAME:VERSION}.
#pragma once

#include "workspace/Workspace.h"

#include <QVector>
#include <optional>

struct DatasetRecord
{
    QString name;
    int version = 0;
    QString path;
    bool isFolder = false;
    qint64 size = 0;
    qint64 fileCount = 0;
    QString description;
    qint64 registeredAt = 0;
};

class DatasetRegistry
{
public:
    explicit DatasetRegistry(const Workspace& workspace) : m_workspace(workspace) {}

    std::optional<DatasetRecord> add(const QString& name, const QString& path, const QString& description, QString* error);
    // Every version, by name then version. A failed query sets *error (cleared on success) and returns nothing.
    QVector<DatasetRecord> list(QString* error = nullptr) const;
    // "NAME" is the newest version; "NAME:3" a given one.
    std::optional<DatasetRecord> resolve(const QString& reference, QString* error) const;

    static bool isValidName(const QString& name);

private:
    Workspace m_workspace;
};
