// Placeholder: the live log viewer of a run (owned by the logs work).
#pragma once

#include "Workspace.h"

#include <QWidget>

class LogViewWidget : public QWidget
{
    Q_OBJECT
public:
    explicit LogViewWidget(const Workspace& workspace, QWidget* parent = nullptr);
    void setRun(const QString& runId);
signals:


private:
    Workspace m_workspace;
};
