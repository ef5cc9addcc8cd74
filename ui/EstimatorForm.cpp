#include "EstimatorForm.h"

EstimatorForm::EstimatorForm(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {}
bool EstimatorForm::openProjectFolder(const QString&, QString* whyNot) { *whyNot = QStringLiteral("not yet"); return false; }
void EstimatorForm::setEstimator(const Estimator& estimator) { m_estimator = estimator; }
Estimator EstimatorForm::estimator() const { return m_estimator; }
