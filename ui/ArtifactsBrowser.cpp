#include "ArtifactsBrowser.h"

ArtifactsBrowser::ArtifactsBrowser(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {}
void ArtifactsBrowser::setRun(const QString&) {}
