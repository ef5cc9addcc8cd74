#include "DatasetsPage.h"

DatasetsPage::DatasetsPage(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {}
void DatasetsPage::refresh() {}
