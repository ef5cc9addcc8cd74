#include "targets/TargetSlurmPage.h"

#include "shell/UserPrompts.h"
#include "targets/TargetConfig.h"
#include "targets/slurm/SlurmProbe.h"

#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>

namespace {
const QString kMaxConcurrent = QStringLiteral("max_concurrent_runs");
const QString kGrace = QStringLiteral("cancel_grace_seconds");
const QString kCpusPerTask = QStringLiteral("cpus_per_task");
const QString kSbatchOptions = QStringLiteral("sbatch_options");
const QString kSetup = QStringLiteral("setup");
// The text fields, each stored under its key when not empty.
const QStringList kTextKeys{
    QStringLiteral("partition"),  QStringLiteral("account"),     QStringLiteral("qos"),
    QStringLiteral("time_limit"), QStringLiteral("mem_per_cpu"), QStringLiteral("gpus_per_node"),
    QStringLiteral("slurm_conf"), QStringLiteral("python"),      QStringLiteral("mpi_plugin")};

QStringList linesOf(const QPlainTextEdit* edit)
{
    QStringList lines;
    for (const QString& line : edit->toPlainText().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty())
            lines << line.trimmed();
    return lines;
}

QString textOf(const QJsonValue& v)
{
    return v.isDouble() ? QString::number(v.toInteger()) : v.toString();
}
} // namespace

QLineEdit* TargetSlurmPage::addText(QFormLayout* form, const QString& label, const QString& objectName,
                                    const QString& accessibleName, const QString& placeholder,
                                    const QString& toolTip)
{
    auto* edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(toolTip);
    connect(edit, &QLineEdit::textChanged, this, &TargetKindPage::edited);
    form->addRow(label, edit);
    return edit;
}

QPlainTextEdit* TargetSlurmPage::addLines(QFormLayout* form, const QString& label, const QString& objectName,
                                          const QString& accessibleName, const QString& toolTip)
{
    auto* edit = new QPlainTextEdit;
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    edit->setToolTip(toolTip);
    edit->setTabChangesFocus(true);
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * 4 + 12);
    connect(edit, &QPlainTextEdit::textChanged, this, &TargetKindPage::edited);
    form->addRow(label, edit);
    return edit;
}

TargetSlurmPage::TargetSlurmPage(QWidget* parent) : TargetKindPage(parent)
{
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);

    m_partition = addText(form, tr("&Partition:"), QStringLiteral("slurmPartition"), tr("Slurm partition"),
                          tr("required"), tr("The partition runs are submitted to"));
    m_account = addText(form, tr("A&ccount:"), QStringLiteral("slurmAccount"), tr("Slurm account"),
                        tr("the default account"), tr("The account charged for the runs"));
    m_qos = addText(form, tr("&QoS:"), QStringLiteral("slurmQos"), tr("Quality of service"),
                    tr("the default QoS"), tr("Slurm quality of service"));
    m_timeLimit = addText(form, tr("&Time limit:"), QStringLiteral("slurmTimeLimit"), tr("Time limit"),
                          tr("the partition's default"), tr("sbatch --time: MINUTES, HH:MM:SS or D-HH:MM"));
    m_cpusPerTask = new QSpinBox;
    m_cpusPerTask->setObjectName(QStringLiteral("slurmCpusPerTask"));
    m_cpusPerTask->setAccessibleName(tr("CPUs per task"));
    m_cpusPerTask->setRange(0, 4096);
    m_cpusPerTask->setSpecialValueText(tr("default"));
    m_cpusPerTask->setToolTip(tr("CPUs per task; default leaves it to Slurm"));
    connect(m_cpusPerTask, &QSpinBox::valueChanged, this, &TargetKindPage::edited);
    form->addRow(tr("C&PUs per task:"), m_cpusPerTask);
    m_memPerCpu =
        addText(form, tr("&Memory per CPU:"), QStringLiteral("slurmMemPerCpu"), tr("Memory per CPU"),
                tr("the partition's default"), tr("Megabytes, or with K, M, G or T (4G)"));
    m_gpusPerNode = addText(form, tr("&GPUs per node:"), QStringLiteral("slurmGpusPerNode"),
                            tr("GPUs per node"), tr("none"), tr("A number, optionally with a type (a100:2)"));
    m_sbatchOptions = addLines(form, tr("Extra &#SBATCH options:"), QStringLiteral("slurmSbatchOptions"),
                               tr("Extra sbatch options"), tr("One option per line, e.g. --constraint=gpu"));
    m_setup =
        addLines(form, tr("&Setup lines:"), QStringLiteral("slurmSetupLines"), tr("Setup lines"),
                 tr("Shell lines the batch script runs before the job, one per line (module load cuda)"));

    m_slurmConf = new QLineEdit;
    m_slurmConf->setObjectName(QStringLiteral("slurmConf"));
    m_slurmConf->setAccessibleName(tr("slurm.conf"));
    m_slurmConf->setPlaceholderText(tr("SLURM_CONF, else the client's default"));
    m_slurmConf->setToolTip(tr("The slurm.conf the client commands use"));
    connect(m_slurmConf, &QLineEdit::textChanged, this, &TargetKindPage::edited);
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("browseSlurmConf"));
    browse->setAccessibleName(tr("Choose slurm.conf"));
    connect(browse, &QPushButton::clicked, this, &TargetSlurmPage::browseSlurmConf);
    form->addRow(tr("slurm.c&onf:"), withButton(m_slurmConf, browse));

    m_python =
        addText(form, tr("P&ython interpreter:"), QStringLiteral("slurmPython"), tr("Python interpreter"),
                QStringLiteral("python3"), tr("Runs .py entry scripts on the nodes"));
    m_mpiPlugin = addText(form, tr("MPI p&lugin:"), QStringLiteral("slurmMpiPlugin"), tr("MPI plugin"),
                          QStringLiteral("pmix"),
                          tr("srun's --mpi plugin for distributed_training mpi (pmix, pmi2); none: mpirun "
                             "inside the allocation"));
    m_maxConcurrent = addMaxConcurrentRuns(form, QStringLiteral("slurmMaxConcurrentRuns"));
    m_graceSeconds = addCancelGrace(form, QStringLiteral("slurmCancelGraceSeconds"));
    load({});
}

void TargetSlurmPage::load(const QJsonObject& settings)
{
    const TargetConfig config{QString(), kind(), settings};
    m_maxConcurrent->setValue(config.maxConcurrentRuns());
    m_graceSeconds->setValue(settings.value(kGrace).toDouble(10));
    const QList<QLineEdit*> edits{m_partition,   m_account,   m_qos,    m_timeLimit, m_memPerCpu,
                                  m_gpusPerNode, m_slurmConf, m_python, m_mpiPlugin};
    for (int i = 0; i < edits.size(); ++i)
        edits.at(i)->setText(textOf(settings.value(kTextKeys.at(i))));
    m_cpusPerTask->setValue(settings.value(kCpusPerTask).toInt(0));
    QStringList options;
    for (const QJsonValue& v : settings.value(kSbatchOptions).toArray())
        options << v.toString();
    m_sbatchOptions->setPlainText(options.join(QLatin1Char('\n')));
    QStringList setup;
    for (const QJsonValue& v : settings.value(kSetup).toArray())
        setup << v.toString();
    m_setup->setPlainText(setup.join(QLatin1Char('\n')));
}

QJsonObject TargetSlurmPage::settings(const QJsonObject& base) const
{
    QJsonObject result = base;
    result.insert(kMaxConcurrent, m_maxConcurrent->value());
    result.insert(kGrace, m_graceSeconds->value());
    const QList<QLineEdit*> edits{m_partition,   m_account,   m_qos,    m_timeLimit, m_memPerCpu,
                                  m_gpusPerNode, m_slurmConf, m_python, m_mpiPlugin};
    for (int i = 0; i < edits.size(); ++i) {
        const QString text = edits.at(i)->text().trimmed();
        if (text.isEmpty())
            result.remove(kTextKeys.at(i)); // the default follows Slurm's, so it is not pinned here
        else
            result.insert(kTextKeys.at(i), text);
    }
    if (m_cpusPerTask->value() > 0)
        result.insert(kCpusPerTask, m_cpusPerTask->value());
    else
        result.remove(kCpusPerTask);
    const QStringList options = linesOf(m_sbatchOptions);
    if (options.isEmpty())
        result.remove(kSbatchOptions);
    else
        result.insert(kSbatchOptions, QJsonArray::fromStringList(options));
    const QStringList setup = linesOf(m_setup);
    if (setup.isEmpty())
        result.remove(kSetup);
    else
        result.insert(kSetup, QJsonArray::fromStringList(setup));
    return result;
}

QStringList TargetSlurmPage::validate() const
{
    QStringList errors;
    if (m_partition->text().trimmed().isEmpty())
        errors << tr("partition: a Slurm target needs a partition");
    const QString conf = m_slurmConf->text().trimmed();
    if (!conf.isEmpty() && !QFileInfo(conf).isFile())
        errors << tr("slurm_conf: %1 does not exist").arg(conf);
    return errors;
}

TargetConnectionJob TargetSlurmPage::connectionTest(const TargetConfig& target,
                                                    const QString& /*workspaceRoot*/) const
{
    return [target]() { return probe(target); };
}

TargetConnectionResult TargetSlurmPage::probe(const TargetConfig& target)
{
    QString error;
    const auto report = SlurmProbe::run(target, &error);
    if (!report)
        return {false, error, {}, {}};
    return {true,
            tr("The controller lists %n partition(s)", nullptr, int(report->partitions.size())),
            report->lines(target.settings.value(QStringLiteral("partition")).toString()),
            {}};
}

void TargetSlurmPage::browseSlurmConf()
{
    const QString path = UserPrompts::openFileName(this, tr("slurm.conf"), QStringLiteral("/etc/slurm"));
    if (!path.isEmpty())
        m_slurmConf->setText(path);
}
