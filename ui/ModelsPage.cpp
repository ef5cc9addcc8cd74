#include "ModelsPage.h"

ModelsPage::ModelsPage(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {}
void ModelsPage::refresh() {}
