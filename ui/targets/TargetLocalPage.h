// TargetLocalPage: settings of a `local` compute target: how many runs at once, which Python interpreter runs
// .py entry scripts, and how long a cancelled run gets between SIGTERM and SIGKILL.
#pragma once

#include "targets/TargetKindPage.h"

class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

class TargetLocalPage final : public TargetKindPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetLocalPage)
public:
    explicit TargetLocalPage(QWidget* parent = nullptr);

    QString kind() const override { return QStringLiteral("local"); }
    void load(const QJsonObject& settings) override;
    QJsonObject settings(const QJsonObject& base) const override;
    QStringList validate() const override;
    TargetConnectionJob connectionTest(const TargetConfig& target, const QString& workspaceRoot) const override;

    // The interpreter the target would use with these fields (the configured one, else the default).
    QString effectivePython() const;
    // `python --version`, blocking; run it on a worker.
    static TargetConnectionResult probePython(const QString& python);

private:
    void browsePython();

    QSpinBox* m_maxConcurrent = nullptr;
    QLineEdit* m_python = nullptr;
    QDoubleSpinBox* m_graceSeconds = nullptr;
};
