#include "estimator/ScriptParamsDelegate.h"

#include "estimator/ScriptParamsModel.h"

#include <QComboBox>

ScriptParamsDelegate::ScriptParamsDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QWidget* ScriptParamsDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                            const QModelIndex& index) const
{
    const QString kind = index.siblingAtColumn(ScriptParamsModel::KindColumn).data(Qt::EditRole).toString();
    if (index.column() == ScriptParamsModel::KindColumn) {
        auto* combo = new QComboBox(parent);
        combo->addItems(ScriptParamsModel::kindNames());
        combo->setAccessibleName(tr("Parameter kind"));
        return combo;
    }
    if (index.column() == ScriptParamsModel::ModeColumn) {
        auto* combo = new QComboBox(parent);
        combo->addItems({QStringLiteral("mount"), QStringLiteral("download")});
        combo->setAccessibleName(tr("Dataset mode"));
        return combo;
    }
    if (index.column() == ScriptParamsModel::ValueColumn
        && kind == ScriptParamsModel::kindName(ScriptParam::Kind::Dataset)) {
        auto* combo = new QComboBox(parent);
        combo->setEditable(true); // NAME:VERSION is typed by hand
        combo->addItems(m_datasetNames);
        combo->setAccessibleName(tr("Dataset"));
        return combo;
    }
    return QStyledItemDelegate::createEditor(parent, option, index);
}

void ScriptParamsDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        combo->setCurrentText(index.data(Qt::EditRole).toString());
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void ScriptParamsDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        model->setData(index, combo->currentText(), Qt::EditRole);
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}
