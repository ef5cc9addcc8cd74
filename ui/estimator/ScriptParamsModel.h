// ScriptParamsModel: the estimator's script_params as an editable, ordered table for the estimator form.
// Order is what the script receives on its command line, so rows can be moved, not sorted.
#pragma once

#include "estimator/Estimator.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>
#include <QVector>
#include <optional>

class ScriptParamsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptParamsModel)
public:
    enum Column { KeyColumn, KindColumn, ValueColumn, ModeColumn, ColumnCount };

    explicit ScriptParamsModel(QObject* parent = nullptr);

    void setParams(const QVector<ScriptParam>& params);
    QVector<ScriptParam> params() const { return m_params; }

    // Appends a row (a Value param with an empty key for the user to fill in); returns its row.
    int appendParam(const ScriptParam& param = {});
    bool moveParam(int from, int to);
    // Validation messages per row, shown as the row's tooltip and a warning colour on its key, so a problem
    // such as "script_params.--lr.dataset" points at the row and not only at the table.
    void setRowProblems(const QHash<int, QStringList>& problems);
    QStringList rowProblems(int row) const { return m_rowProblems.value(row); }

    static QString kindName(ScriptParam::Kind kind);
    static std::optional<ScriptParam::Kind> kindFromName(const QString& name);
    static QStringList kindNames();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool removeRows(int row, int count, const QModelIndex& parent = {}) override;

signals:
    // Any edit, insertion, removal or move: the form revalidates and refreshes the preview.
    void paramsChanged();

private:
    QVector<ScriptParam> m_params;
    QHash<int, QStringList> m_rowProblems;
};
