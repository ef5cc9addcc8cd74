// ScriptParamsDelegate: editors for the script params table: a combo of kinds, a combo of modes, and for
// dataset rows an editable combo of the workspace's registered dataset names.
#pragma once

#include <QStringList>
#include <QStyledItemDelegate>

class ScriptParamsDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptParamsDelegate)
public:
    explicit ScriptParamsDelegate(QObject* parent = nullptr);
    void setDatasetNames(const QStringList& names) { m_datasetNames = names; }

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;

private:
    QStringList m_datasetNames;
};
