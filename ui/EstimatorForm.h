// Placeholder: the estimator form (owned by the forms work).
#pragma once

#include "Estimator.h"
#include "Workspace.h"

#include <QWidget>

class EstimatorForm : public QWidget
{
    Q_OBJECT
public:
    explicit EstimatorForm(const Workspace& workspace, QWidget* parent = nullptr);
    // Loads estimator.yml of the folder, or guesses one; false + reason when the folder is unusable.
    bool openProjectFolder(const QString& folder, QString* whyNot);
    void setEstimator(const Estimator& estimator);
    Estimator estimator() const;

signals:
    void submitted(const QString& runId);

private:
    Workspace m_workspace;
    Estimator m_estimator;
};
