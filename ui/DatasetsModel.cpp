#include "DatasetsModel.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QStyle>

namespace {
// internalId 0 marks a name row; a version row stores its group's row + 1.
constexpr quintptr kNameRow = 0;
} // namespace

DatasetsModel::DatasetsModel(QObject* parent) : QAbstractItemModel(parent) {}

void DatasetsModel::setDatasets(const QVector<DatasetRecord>& datasets)
{
    beginResetModel();
    m_groups.clear();
    for (const DatasetRecord& dataset : datasets) {
        if (m_groups.isEmpty() || m_groups.last().name != dataset.name)
            m_groups.append(Group{dataset.name, {}});
        m_groups.last().versions.append(dataset);
    }
    endResetModel();
}

std::optional<DatasetRecord> DatasetsModel::record(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() == kNameRow)
        return std::nullopt;
    return m_groups[int(index.internalId() - 1)].versions[index.row()];
}

QModelIndex DatasetsModel::indexOf(const QString& name, int version) const
{
    for (int g = 0; g < m_groups.size(); ++g) {
        if (m_groups[g].name != name)
            continue;
        if (version == 0)
            return createIndex(g, 0, kNameRow);
        for (int v = 0; v < m_groups[g].versions.size(); ++v)
            if (m_groups[g].versions[v].version == version)
                return createIndex(v, 0, quintptr(g + 1));
    }
    return {};
}

QModelIndex DatasetsModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kNameRow);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex DatasetsModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kNameRow)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kNameRow);
}

int DatasetsModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return m_groups.size();
    if (parent.column() > 0 || parent.internalId() != kNameRow)
        return 0;
    return m_groups[parent.row()].versions.size();
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
