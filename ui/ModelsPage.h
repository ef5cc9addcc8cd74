// Placeholder: the model registry page (owned by the artifacts work).
#pragma once

#include "Workspace.h"

#include <QWidget>

class ModelsPage : public QWidget
{
    Q_OBJECT
public:
    explicit ModelsPage(const Workspace& workspace, QWidget* parent = nullptr);
    void refresh();
signals:
    void openRunRequested(const QString& runId);

private:
    Workspace m_workspace;
};
