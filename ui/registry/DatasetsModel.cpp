#include "registry/DatasetsModel.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QStyle>

DatasetsModel::DatasetsModel(QObject* parent) : VersionedTreeModel<DatasetRecord>(parent) {}

void DatasetsModel::setDatasets(const QVector<DatasetRecord>& datasets)
{
    setRecords(datasets);
}

int DatasetsModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant DatasetsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const bool nameRow = index.internalId() == kNameRow;
    const Group& group = m_groups[nameRow ? index.row() : int(index.internalId() - 1)];
    // A name row shows its newest version's figures.
    const DatasetRecord& dataset = nameRow ? group.versions.last() : group.versions[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return nameRow ? group.name : tr("version %1").arg(dataset.version);
        case SizeColumn:
            return QLocale().formattedDataSize(dataset.size);
        case FilesColumn:
            return dataset.fileCount;
        case RegisteredColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(dataset.registeredAt), QLocale::ShortFormat);
        case PathColumn:
            return dataset.path;
        case DescriptionColumn:
            return nameRow ? tr("%n version(s), newest %1", nullptr, int(group.versions.size())).arg(dataset.version)
                           : dataset.description;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == NameColumn && !nameRow)
            return QApplication::style()->standardIcon(dataset.isFolder ? QStyle::SP_DirIcon : QStyle::SP_FileIcon);
        return {};
    case Qt::ToolTipRole:
        return nameRow ? tr("Use in script parameters as {dataset: %1}").arg(group.name)
                       : tr("Use in script parameters as {dataset: %1:%2}").arg(group.name).arg(dataset.version);
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == FilesColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case NameRole:
        return group.name;
    case VersionRole:
        return nameRow ? 0 : dataset.version;
    case SizeBytesRole:
        return dataset.size;
    }
    return {};
}

QVariant DatasetsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Dataset");
    case SizeColumn:
        return tr("Size");
    case FilesColumn:
        return tr("Files");
    case RegisteredColumn:
        return tr("Registered");
    case PathColumn:
        return tr("Path");
    case DescriptionColumn:
        return tr("Description");
    }
    return {};
}
