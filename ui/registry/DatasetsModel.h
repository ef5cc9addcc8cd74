// The item model of the datasets page: one row per dataset name, its versions as child rows with the
// registered path, size, file count and registration time.
#pragma once

#include "registry/DatasetRegistry.h"

#include "registry/VersionedTreeModel.h"

#include <optional>

class DatasetsModel final : public VersionedTreeModel<DatasetRecord>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatasetsModel)
public:
    enum Column { NameColumn, SizeColumn, FilesColumn, RegisteredColumn, PathColumn, DescriptionColumn, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1, VersionRole, SizeBytesRole };

    explicit DatasetsModel(QObject* parent = nullptr);

    // Replaces the contents with `datasets` (every version, ordered by name then version).
    void setDatasets(const QVector<DatasetRecord>& datasets);
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};
