// The shared shape of the registry pages' item models: one row per name, its versions as child rows.
// Records arrive ordered by name then version (as ModelRegistry::list and DatasetRegistry::list give them);
// a name row stands for its newest version. Subclasses add the columns (columnCount, data, headerData).
#pragma once

#include <QAbstractItemModel>
#include <QVector>

#include <optional>

template <typename Record>
class VersionedTreeModel : public QAbstractItemModel
{
public:
    explicit VersionedTreeModel(QObject* parent = nullptr) : QAbstractItemModel(parent) {}

    // The version behind a version row; nullopt for a name row or no row.
    std::optional<Record> record(const QModelIndex& index) const
    {
        if (!index.isValid() || index.internalId() == kNameRow)
            return std::nullopt;
        return m_groups[int(index.internalId() - 1)].versions[index.row()];
    }

    // version 0: the name row.
    QModelIndex indexOf(const QString& name, int version = 0) const
    {
        for (int g = 0; g < m_groups.size(); ++g) {
            if (m_groups[g].name != name)
                continue;
            if (version == 0)
                return this->createIndex(g, 0, kNameRow);
            for (int v = 0; v < m_groups[g].versions.size(); ++v)
                if (m_groups[g].versions[v].version == version)
                    return this->createIndex(v, 0, quintptr(g + 1));
        }
        return {};
    }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override
    {
        if (!this->hasIndex(row, column, parent))
            return {};
        if (!parent.isValid())
            return this->createIndex(row, column, kNameRow);
        return this->createIndex(row, column, quintptr(parent.row() + 1));
    }

    QModelIndex parent(const QModelIndex& child) const override
    {
        if (!child.isValid() || child.internalId() == kNameRow)
            return {};
        return this->createIndex(int(child.internalId() - 1), 0, kNameRow);
    }

    int rowCount(const QModelIndex& parent = {}) const override
    {
        if (!parent.isValid())
            return m_groups.size();
        if (parent.column() > 0 || parent.internalId() != kNameRow)
            return 0;
        return m_groups[parent.row()].versions.size();
    }

protected:
    struct Group
    {
        QString name;
        QVector<Record> versions;
    };

    // internalId 0 marks a name row; a version row stores its group's row + 1.
    static constexpr quintptr kNameRow = 0;

    void setRecords(const QVector<Record>& records)
    {
        this->beginResetModel();
        m_groups.clear();
        for (const Record& record : records) {
            if (m_groups.isEmpty() || m_groups.last().name != record.name)
                m_groups.append(Group{record.name, {}});
            m_groups.last().versions.append(record);
        }
        this->endResetModel();
    }

    QVector<Group> m_groups;
};
