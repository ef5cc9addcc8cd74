// TargetsPage: the compute targets of the workspace: a table with each target's kind and a summary of its
// settings, and add / edit / remove through TargetDialog. The built-in `local` target cannot be removed.
#pragma once

#include "targets/TargetConfig.h"
#include "workspace/Workspace.h"

#include <QPointer>
#include <QWidget>

class QPushButton;
class QTableWidget;
class TargetDialog;

class TargetsPage : public QWidget
{
    Q_OBJECT
public:
    enum Column { NameColumn, KindColumn, SummaryColumn, ColumnCount };

    explicit TargetsPage(const Workspace& workspace, QWidget* parent = nullptr);
    void refresh();

    // One line describing a target's settings, e.g. "max 1 concurrent, /usr/bin/python3, cancel grace 10 s".
    static QString summary(const TargetConfig& target);
    // Name of the selected target; empty when none.
    QString selectedTarget() const;
    void selectTarget(const QString& name);
    // The dialog opened by addTarget() / editSelected(), while it is open (tests and the main window use it).
    TargetDialog* openDialog() const;

public slots:
    void addTarget();
    void editSelected();
    void removeSelected();

signals:
    void targetsChanged();

private:
    void showDialog(TargetDialog* dialog);
    void updateButtons();

    Workspace m_workspace;
    QTableWidget* m_table = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_editButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QPointer<TargetDialog> m_dialog;
};
