// Placeholder: the datasets page (owned by the artifacts work).
#pragma once

#include "Workspace.h"

#include <QWidget>

class DatasetsPage : public QWidget
{
    Q_OBJECT
public:
    explicit DatasetsPage(const Workspace& workspace, QWidget* parent = nullptr);
    void refresh();
signals:


private:
    Workspace m_workspace;
};
