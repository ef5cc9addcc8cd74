#include "TargetsPage.h"

TargetsPage::TargetsPage(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {}
void TargetsPage::refresh() {}
