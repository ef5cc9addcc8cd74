#include "MetricsChartWidget.h"

MetricsChartWidget::MetricsChartWidget(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {}
void MetricsChartWidget::setRuns(const QStringList&) {}
