// Placeholder: the run's files tree (owned by the artifacts work).
#pragma once

#include "Workspace.h"

#include <QWidget>

class ArtifactsBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit ArtifactsBrowser(const Workspace& workspace, QWidget* parent = nullptr);
    void setRun(const QString& runId);
signals:
    void modelRegistered(const QString& name, int version);

private:
    Workspace m_workspace;
};
