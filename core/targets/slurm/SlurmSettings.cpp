#include "targets/slurm/SlurmSettings.h"

#include "targets/slurm/SlurmBatchScript.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QRegularExpression>

namespace {
QString oneWord(const QJsonValue& v)
{
    if (!v.isString() || v.toString().isEmpty())
        return QStringLiteral("expected a value without spaces");
    for (const QChar c : v.toString())
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return QStringLiteral("expected no spaces or control characters, got \"%1\"").arg(v.toString());
    return QString();
}

QString positiveInteger(const QJsonValue& v)
{
    return v.isDouble() && v.toDouble() >= 1 && v.toDouble() == double(v.toInt())
               ? QString()
               : QStringLiteral("expected a positive integer, got \"%1\"").arg(v.toVariant().toString());
}

QString timeLimit(const QJsonValue& v)
{
    // sbatch --time: minutes, minutes:seconds, hours:minutes:seconds, days-hours, days-hours:minutes,
    // days-hours:minutes:seconds, or UNLIMITED.
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d+(:\\d{1,2}){0,2}|\\d+-\\d{1,2}(:\\d{1,2}){0,2}|UNLIMITED|INFINITE)$"),
        QRegularExpression::CaseInsensitiveOption);
    const QString text = v.isDouble() ? QString::number(v.toInteger()) : v.toString();
    if ((v.isString() || v.isDouble()) && pattern.match(text).hasMatch() && text != QLatin1String("0"))
        return QString();
    return QStringLiteral("expected a Slurm time limit (MINUTES, HH:MM:SS, D-HH:MM, UNLIMITED), got \"%1\"")
        .arg(v.toVariant().toString());
}

QString memorySize(const QJsonValue& v)
{
    static const QRegularExpression pattern(QStringLiteral("^[1-9]\\d*[KMGT]?$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QString text = v.isDouble() ? QString::number(v.toInteger()) : v.toString();
    return (v.isString() || v.isDouble()) && pattern.match(text).hasMatch()
               ? QString()
               : QStringLiteral(
                     "expected a size in megabytes or with a K, M, G or T suffix (4000, 4G), got \"%1\"")
                     .arg(v.toVariant().toString());
}

QString gpuCount(const QJsonValue& v)
{
    static const QRegularExpression pattern(QStringLiteral("^([A-Za-z0-9_.-]+:)?[1-9]\\d*$"));
    const QString text = v.isDouble() ? QString::number(v.toInteger()) : v.toString();
    return (v.isString() || v.isDouble()) && pattern.match(text).hasMatch()
               ? QString()
               : QStringLiteral("expected a number of GPUs, optionally with a type (2, a100:2), got \"%1\"")
                     .arg(v.toVariant().toString());
}

QString sbatchOptions(const QJsonValue& v)
{
    if (!v.isArray())
        return QStringLiteral("expected a list of sbatch options");
    for (const QJsonValue& item : v.toArray()) {
        const QString option = item.toString();
        if (!item.isString() || !option.startsWith(QLatin1Char('-')))
            return QStringLiteral(
                       "expected an sbatch option starting with -, like --constraint=gpu, got \"%1\"")
                .arg(item.toVariant().toString());
        for (const QChar c : option)
            if (c.category() == QChar::Other_Control)
                return QStringLiteral("the sbatch option \"%1\" contains a control character")
                    .arg(option.simplified());
        const QString name = option.section(QLatin1Char('='), 0, 0).section(QLatin1Char(' '), 0, 0);
        const bool shortWithValue = name.size() > 2 && !name.startsWith(QLatin1String("--"));
        if (SlurmBatchScript::reservedOptions().contains(shortWithValue ? name.left(2) : name))
            return QStringLiteral(
                       "the sbatch option %1 is set by Trainyard for every run and cannot be given")
                .arg(name);
    }
    return QString();
}

QString setupLines(const QJsonValue& v)
{
    if (!v.isArray())
        return QStringLiteral("expected a list of shell lines");
    for (const QJsonValue& item : v.toArray()) {
        if (!item.isString() || item.toString().trimmed().isEmpty())
            return QStringLiteral("expected a shell line, got an empty one");
        for (const QChar c : item.toString())
            if (c != QLatin1Char('\t') && c.category() == QChar::Other_Control)
                return QStringLiteral("the setup line \"%1\" contains a line break or control character")
                    .arg(item.toString().simplified());
    }
    return QString();
}

QString mpiPlugin(const QJsonValue& v)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_]+$"));
    return v.isString() && pattern.match(v.toString()).hasMatch()
               ? QString()
               : QStringLiteral("expected the name of srun's MPI plugin (pmix, pmi2) or none, got \"%1\"")
                     .arg(v.toVariant().toString());
}

QString absolutePath(const QJsonValue& v)
{
    const QString text = v.toString();
    return v.isString() && text.startsWith(QLatin1Char('/')) && !text.contains(QLatin1Char('\n'))
               ? QString()
               : QStringLiteral("expected an absolute path, got \"%1\"").arg(v.toVariant().toString());
}

QString containerEngine(const QJsonValue& v)
{
    static const QStringList names{QStringLiteral("auto"),        QStringLiteral("podman"),
                                   QStringLiteral("docker"),      QStringLiteral("apptainer"),
                                   QStringLiteral("singularity"), QStringLiteral("pyxis")};
    const QString text = v.toString();
    if (v.isString() &&
        (names.contains(text) || (text.startsWith(QLatin1Char('/')) && !text.contains(QLatin1Char('\n')))))
        return QString();
    return QStringLiteral("expected %1 or an absolute path, got \"%2\"")
        .arg(names.join(QStringLiteral(", ")), v.toVariant().toString());
}

QString loginName(const QJsonValue& v)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return v.isString() && pattern.match(v.toString()).hasMatch()
               ? QString()
               : QStringLiteral("expected the name of an SSH target, got \"%1\"")
                     .arg(v.toVariant().toString());
}

QString remoteFolder(const QJsonValue& v)
{
    const QString text = v.toString();
    return v.isString() && (text.startsWith(QLatin1Char('/')) || text.startsWith(QLatin1String("~/"))) &&
                   !text.contains(QLatin1Char('\n'))
               ? QString()
               : QStringLiteral("expected an absolute folder on the cluster (or ~/...), got \"%1\"")
                     .arg(v.toVariant().toString());
}

} // namespace

QVector<TargetSetting> SlurmSettings::all()
{
    QVector<TargetSetting> settings = TargetKinds::commonSettings();
    settings << TargetSetting{QStringLiteral("login"), QStringLiteral("login"), QStringLiteral("SSH_TARGET"),
                              QStringLiteral(
                                  "Reach the cluster through this SSH target's login node (needs --workdir)"),
                              loginName}
             << TargetSetting{QStringLiteral("workdir"), QStringLiteral("workdir"), QStringLiteral("DIR"),
                              QStringLiteral(
                                  "Working folder on the cluster's shared file system (needed with --login)"),
                              remoteFolder}
             << TargetSetting{QStringLiteral("partition"), QStringLiteral("partition"), QStringLiteral("P"),
                              QStringLiteral("Slurm partition the runs are submitted to"), oneWord}
             << TargetSetting{QStringLiteral("python"), QStringLiteral("python"), QStringLiteral("PATH"),
                              QStringLiteral("Interpreter for .py entry scripts"),
                              TargetSetting::interpreterProblem}
             << TargetSetting{QStringLiteral("account"), QStringLiteral("account"), QStringLiteral("A"),
                              QStringLiteral("Slurm account charged for the runs"), oneWord}
             << TargetSetting{QStringLiteral("qos"), QStringLiteral("qos"), QStringLiteral("Q"),
                              QStringLiteral("Slurm quality of service"), oneWord}
             << TargetSetting{QStringLiteral("time_limit"), QStringLiteral("time-limit"), QStringLiteral("T"),
                              QStringLiteral(
                                  "Time limit of each run (sbatch --time: MINUTES, HH:MM:SS, D-HH:MM)"),
                              timeLimit}
             << TargetSetting{QStringLiteral("cpus_per_task"),
                              QStringLiteral("cpus-per-task"),
                              QStringLiteral("N"),
                              QStringLiteral("CPUs per task"),
                              positiveInteger,
                              TargetSetting::numberValue}
             << TargetSetting{QStringLiteral("mem_per_cpu"), QStringLiteral("mem-per-cpu"),
                              QStringLiteral("M"),
                              QStringLiteral("Memory per CPU (sbatch --mem-per-cpu: MB, or with K/M/G/T)"),
                              memorySize}
             << TargetSetting{QStringLiteral("gpus_per_node"),
                              QStringLiteral("gpus-per-node"),
                              QStringLiteral("N"),
                              QStringLiteral("GPUs per node, optionally typed (2, a100:2)"),
                              gpuCount,
                              TargetSetting::numberValue};
    TargetSetting options{
        QStringLiteral("sbatch_options"), QStringLiteral("sbatch-option"), QStringLiteral("OPT"),
        QStringLiteral("An extra #SBATCH option (repeat for more), e.g. --constraint=gpu"), sbatchOptions};
    options.repeatable = true;
    TargetSetting setup{
        QStringLiteral("setup"), QStringLiteral("setup"), QStringLiteral("LINE"),
        QStringLiteral(
            "A shell line the batch script runs first (repeat for more), e.g. \"module load cuda\""),
        setupLines};
    setup.repeatable = true;
    settings << options << setup
             << TargetSetting{QStringLiteral("submit_timeout_seconds"),
                              QStringLiteral("submit-timeout-seconds"),
                              QStringLiteral("S"),
                              QStringLiteral("How long sbatch may take to answer (default 30); a job it "
                                             "submitted all the same is found by its name and canceled"),
                              positiveInteger,
                              TargetSetting::numberValue}
             << TargetSetting{QStringLiteral("slurm_conf"), QStringLiteral("slurm-conf"),
                              QStringLiteral("PATH"),
                              QStringLiteral("slurm.conf the client commands use (exported as SLURM_CONF)"),
                              absolutePath}
             << TargetSetting{QStringLiteral("mpi_plugin"), QStringLiteral("mpi-plugin"),
                              QStringLiteral("PLUGIN"),
                              QStringLiteral("srun's MPI plugin for distributed_training mpi (pmix by "
                                             "default, pmi2; none: mpirun inside the allocation)"),
                              mpiPlugin}
             << TargetKinds::environmentSetting();
    settings << TargetKinds::environmentSettings();
    // Besides podman and docker, the engines of clusters: apptainer (or singularity) and Slurm's own pyxis.
    for (TargetSetting& setting : settings)
        if (setting.key == QLatin1String("container_engine")) {
            setting.valueName = QStringLiteral("auto|podman|docker|apptainer|singularity|pyxis|PATH");
            setting.help =
                QStringLiteral("What runs custom_docker_image on the nodes (auto: podman, else "
                               "docker; apptainer, singularity or pyxis's srun --container-image)");
            setting.validate = containerEngine;
        }
    return settings;
}
