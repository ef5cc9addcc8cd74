#include "registry/ModelsModel.h"

#include <QDateTime>
#include <QLocale>

namespace {

QString timeText(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat) : QString();
}
} // namespace

ModelsModel::ModelsModel(QObject* parent) : VersionedTreeModel<ModelRecord>(parent) {}

void ModelsModel::setModels(const QVector<ModelRecord>& models)
{
    setRecords(models);
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
            case AliasesColumn: {
                // Each alias with the version it names: what "production" is, without opening the name.
                QStringList aliases;
                for (const ModelRecord& version : group.versions)
                    for (const QString& alias : version.aliases)
                        aliases << QStringLiteral("%1 → %2").arg(alias).arg(version.version);
                return aliases.join(QStringLiteral(", "));
            }
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
        case AliasesColumn:
            return model.aliases.join(QStringLiteral(", "));
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
    case AliasesColumn:
        return tr("Aliases");
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
