#include "environments/EnvironmentsModel.h"

#include <QDateTime>
#include <QLocale>

EnvironmentsModel::EnvironmentsModel(QObject* parent) : QAbstractTableModel(parent) {}

void EnvironmentsModel::setEnvironments(const QVector<EnvironmentRecord>& environments)
{
    beginResetModel();
    m_environments = environments;
    endResetModel();
}

std::optional<EnvironmentRecord> EnvironmentsModel::environment(int row) const
{
    if (row < 0 || row >= m_environments.size())
        return std::nullopt;
    return m_environments.at(row);
}

int EnvironmentsModel::rowOf(const QString& target, const QString& hash) const
{
    for (int row = 0; row < m_environments.size(); ++row)
        if (m_environments.at(row).target == target && m_environments.at(row).hash == hash)
            return row;
    return -1;
}

int EnvironmentsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_environments.size()); }

int EnvironmentsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant EnvironmentsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_environments.size())
        return {};
    const EnvironmentRecord& e = m_environments.at(index.row());
    const auto time = [](qint64 ms) {
        return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat) : QString();
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TargetColumn:
            return e.target;
        case HashColumn:
            return e.shortHash();
        case ManagerColumn:
            return e.image.isEmpty() ? e.manager : tr("%1 in %2").arg(e.manager, e.image);
        case PackagesColumn:
            return e.packagesSummary();
        case SizeColumn:
            return QLocale().formattedDataSize(e.sizeBytes);
        case CreatedColumn:
            return time(e.createdMs);
        case LastUsedColumn:
            return time(e.lastUsedMs);
        case RunsColumn:
            return int(e.runIds.size());
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case HashColumn:
            return e.hash;
        case PackagesColumn:
            return e.packages().join(QLatin1Char('\n'));
        case RunsColumn:
            return e.runIds.join(QLatin1Char('\n'));
        }
        return tr("%1 on %2, python %3 at %4").arg(e.shortHash(), e.target, e.pythonVersion, e.prefix);
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == RunsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case SizeColumn:
            return e.sizeBytes;
        case CreatedColumn:
            return e.createdMs;
        case LastUsedColumn:
            return e.lastUsedMs;
        case RunsColumn:
            return int(e.runIds.size());
        }
        return data(index, Qt::DisplayRole);
    case HashRole:
        return e.hash;
    case TargetRole:
        return e.target;
    }
    return {};
}

QVariant EnvironmentsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TargetColumn:
        return tr("Target");
    case HashColumn:
        return tr("Hash");
    case ManagerColumn:
        return tr("Manager");
    case PackagesColumn:
        return tr("Packages");
    case SizeColumn:
        return tr("Size");
    case CreatedColumn:
        return tr("Created");
    case LastUsedColumn:
        return tr("Last used");
    case RunsColumn:
        return tr("Runs");
    }
    return {};
}
