// The item model of the environments page: one row per environment built on a target, with what defines it,
// its size, when it was built and last used, and how many runs used it.
#pragma once

#include "environments/EnvironmentStore.h"

#include <QAbstractTableModel>
#include <QVector>

#include <optional>

class EnvironmentsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentsModel)
public:
    enum Column { TargetColumn, HashColumn, ManagerColumn, PackagesColumn, SizeColumn, CreatedColumn, LastUsedColumn,
                  RunsColumn, ColumnCount };
    enum Role { HashRole = Qt::UserRole + 1, TargetRole, SortRole };

    explicit EnvironmentsModel(QObject* parent = nullptr);

    void setEnvironments(const QVector<EnvironmentRecord>& environments);
    std::optional<EnvironmentRecord> environment(int row) const;
    int rowOf(const QString& target, const QString& hash) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<EnvironmentRecord> m_environments;
};
