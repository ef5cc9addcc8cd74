#include "SlurmCluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

#include <unistd.h>

namespace {

// A cluster with accounting initialises a MariaDB data folder first; on a loaded 2-core machine that and
// the daemons' start take a while.
constexpr int kStartTimeoutMs = 180000;
constexpr int kStopTimeoutMs = 90000;

struct ScriptResult {
    bool ok = false;
    QString output;
};

ScriptResult runScript(const QStringList& args, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral("/bin/bash"), QStringList{SlurmCluster::scriptPath()} + args);
    ScriptResult result;
    const QString command = QStringLiteral("bash scripts/slurm-cluster.sh ") + args.join(QLatin1Char(' '));
    if (!process.waitForStarted(10000)) {
        result.output = QStringLiteral("could not start %1: %2").arg(command, process.errorString());
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.output = QStringLiteral("%1 did not finish within %2 s:\n%3")
                            .arg(command)
                            .arg(timeoutMs / 1000)
                            .arg(QString::fromLocal8Bit(process.readAll()));
        return result;
    }
    result.output = QString::fromLocal8Bit(process.readAll());
    result.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    if (!result.ok)
        result.output = QStringLiteral("%1 failed (exit %2):\n%3")
                            .arg(command)
                            .arg(process.exitCode())
                            .arg(result.output);
    return result;
}

QString lastLines(const QString& path, int count)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // The logs of a short test cluster are small; the tail keeps a failure message readable.
    const QList<QByteArray> lines = file.readAll().split('\n');
    return QString::fromLocal8Bit(lines.mid(qMax(0, int(lines.size()) - count)).join('\n'));
}

} // namespace

QString SlurmCluster::scriptPath()
{
    return TestSupport::sourceDir() + QStringLiteral("/scripts/slurm-cluster.sh");
}

std::unique_ptr<SlurmCluster> SlurmCluster::start(bool accounting, QString* error)
{
    SlurmClusterOptions options;
    options.accounting = accounting;
    return start(options, error);
}

std::unique_ptr<SlurmCluster> SlurmCluster::start(const SlurmClusterOptions& options, QString* error)
{
    QString localError;
    std::unique_ptr<SlurmCluster> cluster(new SlurmCluster);
    if (!cluster->setUp(options, error ? error : &localError))
        return nullptr; // the destructor stops whatever part of it came up
    return cluster;
}

bool SlurmCluster::setUp(const SlurmClusterOptions& options, QString* error)
{
    if (::geteuid() != 0) {
        *error = QStringLiteral("the Slurm test cluster needs root (network namespaces, mounts, daemons)");
        return false;
    }
    if (!QFileInfo(scriptPath()).isFile()) {
        *error = QStringLiteral("%1 is missing").arg(scriptPath());
        return false;
    }
    // Under /var/tmp, not /tmp: the nodes each have a private /tmp and would not see it.
    m_dir =
        std::make_unique<QTemporaryDir>(QStringLiteral("/var/tmp/trainyard-slurm-%1-XXXXXX").arg(::getpid()));
    if (!m_dir->isValid()) {
        *error = QStringLiteral("could not create a folder in /var/tmp: %1").arg(m_dir->errorString());
        return false;
    }
    // munged refuses a socket below a folder that others cannot search.
    QFile::setPermissions(m_dir->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                             QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                             QFile::ExeOther);
    if (!QDir().mkpath(sharedDir())) {
        *error = QStringLiteral("could not create %1").arg(sharedDir());
        return false;
    }
    m_accounting = options.accounting;
    QStringList args = {QStringLiteral("start"),
                        QStringLiteral("--dir"),
                        stateDir(),
                        QStringLiteral("--owner"),
                        QString::number(::getpid()),
                        QStringLiteral("--min-job-age"),
                        QString::number(options.minJobAgeSeconds)};
    if (options.accounting)
        args << QStringLiteral("--accounting");
    // Set before the script runs: a start that fails half-way is stopped again by the destructor.
    m_running = true;
    const ScriptResult result = runScript(args, kStartTimeoutMs);
    if (!result.ok) {
        *error = result.output;
        return false;
    }
    return readClusterEnv(error);
}

bool SlurmCluster::readClusterEnv(QString* error)
{
    const QString path = stateDir() + QStringLiteral("/cluster.env");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the cluster started but %1 cannot be read").arg(path);
        return false;
    }
    QHash<QString, QString> values;
    for (const QByteArray& line : file.readAll().split('\n')) {
        const int equals = line.indexOf('=');
        if (equals > 0)
            values.insert(QString::fromLocal8Bit(line.left(equals)),
                          QString::fromLocal8Bit(line.mid(equals + 1)));
    }
    m_slurmConf = values.value(QStringLiteral("SLURM_CONF"));
    m_nodes = values.value(QStringLiteral("SLURM_NODES")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    m_nodeAddresses =
        values.value(QStringLiteral("SLURM_NODE_ADDRESSES")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    m_partition = values.value(QStringLiteral("SLURM_PARTITION"));
    m_clusterName = values.value(QStringLiteral("SLURM_CLUSTER_NAME"));
    m_slot = values.value(QStringLiteral("SLURM_SLOT")).toInt();
    if (m_slurmConf.isEmpty() || m_nodes.size() != 2 || m_nodeAddresses.size() != 2 ||
        m_partition.isEmpty() || m_slot == 0) {
        *error = QStringLiteral("%1 lacks SLURM_CONF, SLURM_NODES, SLURM_NODE_ADDRESSES, SLURM_PARTITION or "
                                "SLURM_SLOT:\n%2")
                     .arg(path, QString::fromLocal8Bit(TestSupport::readFile(path)));
        return false;
    }
    return true;
}

SlurmCluster::~SlurmCluster()
{
    QString error;
    if (!stop(&error))
        qWarning("%s", qPrintable(error));
}

bool SlurmCluster::stop(QString* error)
{
    if (!m_running)
        return true;
    const ScriptResult result =
        runScript({QStringLiteral("stop"), QStringLiteral("--dir"), stateDir()}, kStopTimeoutMs);
    if (!result.ok) {
        if (error)
            *error = result.output;
        return false;
    }
    m_running = false;
    return true;
}

QString SlurmCluster::stateDir() const
{
    return m_dir->filePath(QStringLiteral("cluster"));
}

QString SlurmCluster::sharedDir() const
{
    return m_dir->filePath(QStringLiteral("shared"));
}

QProcessEnvironment SlurmCluster::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SLURM_CONF"), m_slurmConf);
    return env;
}

TestSupport::CliResult SlurmCluster::run(const QString& program, const QStringList& args, int timeoutMs) const
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.setWorkingDirectory(sharedDir());
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(program, args);
    TestSupport::CliResult result;
    if (!process.waitForStarted(10000)) {
        result.err = process.errorString().toLocal8Bit();
        return result;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = process.readAllStandardError() + "\n(timed out)";
        result.out = process.readAllStandardOutput();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString SlurmCluster::jobState(const QString& jobId) const
{
    const TestSupport::CliResult r =
        run(QStringLiteral("scontrol"),
            {QStringLiteral("-o"), QStringLiteral("show"), QStringLiteral("job"), jobId});
    const QString text = QString::fromUtf8(r.out);
    const qsizetype at = text.indexOf(QLatin1String("JobState="));
    return at < 0 ? QString() : text.mid(at + 9).section(QLatin1Char(' '), 0, 0);
}

QString SlurmCluster::occupyAllNodes() const
{
    const TestSupport::CliResult r =
        run(QStringLiteral("sbatch"),
            {QStringLiteral("--parsable"), QStringLiteral("--nodes=2"), QStringLiteral("--exclusive"),
             QStringLiteral("--wrap"), QStringLiteral("sleep 600")});
    const QString id = QString::fromUtf8(r.out).trimmed();
    QElapsedTimer timer;
    timer.start();
    while (jobState(id) != QLatin1String("RUNNING") && timer.elapsed() < 30000)
        QTest::qWait(100);
    return jobState(id) == QLatin1String("RUNNING") ? id : QString();
}

QString SlurmCluster::logTails() const
{
    QString text;
    const QStringList logs =
        QDir(stateDir())
            .entryList({QStringLiteral("*.log"), QStringLiteral("*.out")}, QDir::Files, QDir::Name);
    for (const QString& log : logs)
        text += QStringLiteral("---- %1\n%2\n").arg(log, lastLines(QDir(stateDir()).filePath(log), 20));
    return text;
}
