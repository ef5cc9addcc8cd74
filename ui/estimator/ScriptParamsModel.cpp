#include "estimator/ScriptParamsModel.h"

#include <QColor>

ScriptParamsModel::ScriptParamsModel(QObject* parent) : QAbstractTableModel(parent) {}

QString ScriptParamsModel::kindName(ScriptParam::Kind kind)
{
    switch (kind) {
    case ScriptParam::Kind::Value: return tr("Value");
    case ScriptParam::Kind::Flag: return tr("Flag");
    case ScriptParam::Kind::Dataset: return tr("Dataset");
    }
    return QString();
}

std::optional<ScriptParam::Kind> ScriptParamsModel::kindFromName(const QString& name)
{
    for (const auto kind : {ScriptParam::Kind::Value, ScriptParam::Kind::Flag, ScriptParam::Kind::Dataset})
        if (name.compare(kindName(kind), Qt::CaseInsensitive) == 0)
            return kind;
    return std::nullopt;
}

QStringList ScriptParamsModel::kindNames()
{
    return {kindName(ScriptParam::Kind::Value), kindName(ScriptParam::Kind::Flag), kindName(ScriptParam::Kind::Dataset)};
}

void ScriptParamsModel::setRowProblems(const QHash<int, QStringList>& problems)
{
    if (problems == m_rowProblems)
        return;
    m_rowProblems = problems;
    if (!m_params.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::ForegroundRole, Qt::ToolTipRole});
}

void ScriptParamsModel::setParams(const QVector<ScriptParam>& params)
{
    beginResetModel();
    m_params = params;
    m_rowProblems.clear();
    endResetModel();
    emit paramsChanged();
}

int ScriptParamsModel::appendParam(const ScriptParam& param)
{
    const int row = int(m_params.size());
    beginInsertRows({}, row, row);
    m_params.append(param);
    endInsertRows();
    emit paramsChanged();
    return row;
}

bool ScriptParamsModel::moveParam(int from, int to)
{
    if (from < 0 || from >= m_params.size() || to < 0 || to >= m_params.size() || from == to)
        return false;
    // beginMoveRows wants the destination as "insert before this row" in the pre-move numbering.
    if (!beginMoveRows({}, from, from, {}, to > from ? to + 1 : to))
        return false;
    m_params.move(from, to);
    m_rowProblems.clear(); // row numbers changed; the next validation fills them in again
    endMoveRows();
    emit paramsChanged();
    return true;
}

int ScriptParamsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_params.size()); }

int ScriptParamsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ScriptParamsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const ScriptParam& param = m_params[index.row()];
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case KeyColumn: return param.key;
        case KindColumn: return kindName(param.kind);
        case ValueColumn:
            if (param.kind == ScriptParam::Kind::Dataset)
                return param.dataset;
            if (param.kind == ScriptParam::Kind::Flag)
                return role == Qt::DisplayRole ? QVariant() : QVariant(QString());
            return param.value;
        case ModeColumn:
            return param.kind == ScriptParam::Kind::Dataset ? QVariant(param.datasetMode) : QVariant();
        default: return {};
        }
    }
    const QStringList problems = m_rowProblems.value(index.row());
    if (role == Qt::ForegroundRole && index.column() == KeyColumn && !problems.isEmpty())
        return QColor(0xd9, 0x53, 0x4f); // mid-tone red: readable on light and dark palettes
    if (role == Qt::ToolTipRole && !problems.isEmpty())
        return problems.join(QLatin1Char('\n'));
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case KindColumn: return tr("Value: key and value; Flag: the key alone; Dataset: the key and the dataset's path");
        case ValueColumn:
            return param.kind == ScriptParam::Kind::Dataset ? tr("Dataset NAME or NAME:VERSION")
                                                            : tr("Passed to the script exactly as written");
        case ModeColumn: return tr("mount: use the dataset in place; download: copy it next to the run");
        default: return {};
        }
    }
    return {};
}

bool ScriptParamsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return false;
    ScriptParam& param = m_params[index.row()];
    const QString text = value.toString();
    switch (index.column()) {
    case KeyColumn:
        param.key = text.trimmed();
        break;
    case KindColumn: {
        const auto kind = kindFromName(text);
        if (!kind)
            return false;
        param.kind = *kind;
        // Value and mode columns show differently per kind.
        emit dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
        emit paramsChanged();
        return true;
    }
    case ValueColumn:
        if (param.kind == ScriptParam::Kind::Flag)
            return false;
        if (param.kind == ScriptParam::Kind::Dataset)
            param.dataset = text.trimmed();
        else
            param.value = text; // literal: "1e-3" stays "1e-3", spaces included
        break;
    case ModeColumn:
        if (param.kind != ScriptParam::Kind::Dataset
            || (text != QLatin1String("mount") && text != QLatin1String("download")))
            return false;
        param.datasetMode = text;
        break;
    default:
        return false;
    }
    emit dataChanged(index, index);
    emit paramsChanged();
    return true;
}

Qt::ItemFlags ScriptParamsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    const ScriptParam& param = m_params[index.row()];
    const bool editable = (index.column() == KeyColumn || index.column() == KindColumn)
                          || (index.column() == ValueColumn && param.kind != ScriptParam::Kind::Flag)
                          || (index.column() == ModeColumn && param.kind == ScriptParam::Kind::Dataset);
    if (editable)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant ScriptParamsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn: return tr("Key");
    case KindColumn: return tr("Kind");
    case ValueColumn: return tr("Value / dataset");
    case ModeColumn: return tr("Mode");
    default: return {};
    }
}

bool ScriptParamsModel::removeRows(int row, int count, const QModelIndex& parent)
{
    if (parent.isValid() || row < 0 || count < 1 || row + count > m_params.size())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_params.remove(row, count);
    m_rowProblems.clear();
    endRemoveRows();
    emit paramsChanged();
    return true;
}
