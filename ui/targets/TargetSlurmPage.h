// TargetSlurmPage: settings of a `slurm` compute target reached directly (the Slurm client commands on this
// machine): the partition and what each run asks of it (account, QoS, time limit, CPUs and memory, GPUs),
// extra #SBATCH options and setup lines (one per line), the slurm.conf the commands use, the Python that
// runs .py entry scripts, srun's MPI plugin for distributed runs, how many runs at once and the cancel grace.
// Its connection test lists the cluster's partitions with their state and free/total nodes (sinfo), on a
// worker.
#pragma once

#include "targets/TargetKindPage.h"

class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

class TargetSlurmPage final : public TargetKindPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetSlurmPage)
public:
    explicit TargetSlurmPage(QWidget* parent = nullptr);

    QString kind() const override { return QStringLiteral("slurm"); }
    void load(const QJsonObject& settings) override;
    QJsonObject settings(const QJsonObject& base) const override;
    QStringList validate() const override;
    TargetConnectionJob connectionTest(const TargetConfig& target,
                                       const QString& workspaceRoot) const override;

    // sinfo through the target's settings, blocking; run it on a worker.
    static TargetConnectionResult probe(const TargetConfig& target);

private:
    QLineEdit* addText(QFormLayout* form, const QString& label, const QString& objectName,
                       const QString& accessibleName, const QString& placeholder, const QString& toolTip);
    QPlainTextEdit* addLines(QFormLayout* form, const QString& label, const QString& objectName,
                             const QString& accessibleName, const QString& toolTip);
    void browseSlurmConf();

    QSpinBox* m_maxConcurrent = nullptr;
    QLineEdit* m_partition = nullptr;
    QLineEdit* m_account = nullptr;
    QLineEdit* m_qos = nullptr;
    QLineEdit* m_timeLimit = nullptr;
    QSpinBox* m_cpusPerTask = nullptr;
    QLineEdit* m_memPerCpu = nullptr;
    QLineEdit* m_gpusPerNode = nullptr;
    QPlainTextEdit* m_sbatchOptions = nullptr;
    QPlainTextEdit* m_setup = nullptr;
    QLineEdit* m_slurmConf = nullptr;
    QLineEdit* m_python = nullptr;
    QLineEdit* m_mpiPlugin = nullptr;
    QDoubleSpinBox* m_graceSeconds = nullptr;
};
