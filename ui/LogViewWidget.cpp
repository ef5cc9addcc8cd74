#include "LogViewWidget.h"

LogViewWidget::LogViewWidget(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {}
void LogViewWidget::setRun(const QString&) {}
