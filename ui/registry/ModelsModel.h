// The item model of the models page: one row per registered model name, its versions as child rows with
// the aliases that point at each, when it was created, the run it came from, its size, files, tags,
// description and where it is stored.
#pragma once

#include "registry/ModelRegistry.h"

#include "registry/VersionedTreeModel.h"

#include <optional>

class ModelsModel final : public VersionedTreeModel<ModelRecord>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelsModel)
public:
    enum Column { NameColumn, AliasesColumn, CreatedColumn, SourceRunColumn, SizeColumn, FilesColumn, TagsColumn, DescriptionColumn, PathColumn, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1, VersionRole, RunIdRole };

    explicit ModelsModel(QObject* parent = nullptr);

    // Replaces the contents with `models` (every version, ordered by name then version, as the registry lists).
    void setModels(const QVector<ModelRecord>& models);
    int versionCount() const;

    static QString tagsText(const QVector<QPair<QString, QString>>& tags);
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};
