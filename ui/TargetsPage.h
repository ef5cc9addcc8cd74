// Placeholder: the compute targets page (owned by the forms work).
#pragma once

#include "Workspace.h"

#include <QWidget>

class TargetsPage : public QWidget
{
    Q_OBJECT
public:
    explicit TargetsPage(const Workspace& workspace, QWidget* parent = nullptr);
    void refresh();
signals:


private:
    Workspace m_workspace;
};
