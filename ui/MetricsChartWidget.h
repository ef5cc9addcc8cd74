// Placeholder: metric charts of one or more runs (owned by the charts work).
#pragma once

#include "Workspace.h"

#include <QWidget>

class MetricsChartWidget : public QWidget
{
    Q_OBJECT
public:
    explicit MetricsChartWidget(const Workspace& workspace, QWidget* parent = nullptr);
    void setRuns(const QStringList& runIds);
signals:


private:
    Workspace m_workspace;
};
