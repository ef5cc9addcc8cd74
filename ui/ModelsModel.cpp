#include "ModelsModel.h"

#include <QDateTime>
#include <QLocale>

namespace {
// internalId 0 marks a name row; a version row stores its group's row + 1.
constexpr quintptr kNameRow = 0;

QString timeText(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat) : QString();
}
} // namespace

ModelsModel::ModelsModel(QObject* parent) : QAbstractItemModel(parent) {}

void ModelsModel::setModels(const QVector<ModelRecord>& models)
{
    beginResetModel();
    m_groups.clear();
    for (const ModelRecord& model : models) {
        if (m_groups.isEmpty() || m_groups.last().name != model.name)
            m_groups.append(Group{model.name, {}});
        m_groups.last().versions.append(model);
    }
    endResetModel();
}

std::optional<ModelRecord> ModelsModel::record(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() == kNameRow)
        return std::nullopt;
    return m_groups[int(index.internalId() - 1)].versions[index.row()];
}

QModelIndex ModelsModel::indexOf(const QString& name, int version) const
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

int ModelsModel::versionCount() const
{
    int count = 0;
    for (const Group& group : m_groups)
        count += group.versions.size();
    return count;
}

QString ModelsModel::tagsText(const QVector<QPair<QString, QString>>& tags)
{
    QStringList parts;
    for (const auto& tag : tags)
        parts << tag.first + QLatin1Char('=') + tag.second;
    return parts.join(QStringLiteral(", "));
}

QModelIndex ModelsModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kNameRow);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex ModelsModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kNameRow)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kNameRow);
}

int ModelsModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return m_groups.size();
    if (parent.column() > 0 || parent.internalId() != kNameRow)
        return 0;
    return m_groups[parent.row()].versions.size();
}

int ModelsModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant ModelsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kNameRow) {
        const Group& group = m_groups[index.row()];
        const ModelRecord& newest = group.versions.last();
        switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
            case NameColumn:
                return group.name;
            case CreatedColumn:
                return timeText(newest.createdAt);
            case DescriptionColumn:
                return tr("%n version(s), newest %1", nullptr, int(group.versions.size())).arg(newest.version);
            }
            return {};
        case NameRole:
            return group.name;
        case VersionRole:
            return 0;
        }
        return {};
    }
    const ModelRecord& model = m_groups[int(index.internalId() - 1)].versions[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return tr("version %1").arg(model.version);
        case CreatedColumn:
            return timeText(model.createdAt);
        case SourceRunColumn:
            return model.runId;
        case SizeColumn:
            return QLocale().formattedDataSize(model.size);
        case FilesColumn:
            return model.fileCount;
        case TagsColumn:
            return tagsText(model.tags);
        case DescriptionColumn:
            return model.description;
        case PathColumn:
            return model.storedPath;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SourceRunColumn)
            return tr("Registered from %1 of run %2; double-click to open the run").arg(model.sourcePath, model.runId);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == FilesColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case NameRole:
        return model.name;
    case VersionRole:
        return model.version;
    case RunIdRole:
        return model.runId;
    }
    return {};
}

QVariant ModelsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Model");
    case CreatedColumn:
        return tr("Created");
    case SourceRunColumn:
        return tr("Source run");
    case SizeColumn:
        return tr("Size");
    case FilesColumn:
        return tr("Files");
    case TagsColumn:
        return tr("Tags");
    case DescriptionColumn:
        return tr("Description");
    case PathColumn:
        return tr("Path");
    }
    return {};
}
