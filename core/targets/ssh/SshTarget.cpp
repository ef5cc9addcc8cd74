#include "targets/ssh/SshTarget.h"

#include "environments/ContainerCommand.h"
#include "environments/EnvironmentToolOutput.h"
#include "estimator/Estimator.h"
#include "run/DistributedLaunch.h"
#include "snapshot/SnapshotStore.h"
#include "targets/ssh/RemoteShell.h"
#include "targets/ssh/SshConnection.h"
#include "targets/ssh/SshHosts.h"
#include "targets/ssh/SshUpload.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <sys/wait.h>
#include <unistd.h>

namespace {

QString requiredText(const QJsonValue& v)
{
    return v.isString() && !v.toString().trimmed().isEmpty() ? QString() : QStringLiteral("expected a non-empty text");
}

QString portValue(const QJsonValue& v)
{
    return v.isDouble() && v.toInt() >= 1 && v.toInt() <= 65535 && v.toDouble() == double(v.toInt())
               ? QString()
               : QStringLiteral("expected a port number from 1 to 65535");
}

QString cleanupValue(const QJsonValue& v)
{
    static const QStringList policies{QStringLiteral("keep"), QStringLiteral("success"), QStringLiteral("always")};
    return policies.contains(v.toString()) ? QString() : QStringLiteral("expected keep, success or always");
}

QString secondsValue(const QJsonValue& v)
{
    return v.isDouble() && v.toDouble() >= 1 ? QString() : QStringLiteral("expected a number of seconds >= 1");
}

QString textList(const QJsonValue& v)
{
    if (!v.isArray())
        return QStringLiteral("expected a list of texts");
    for (const QJsonValue& item : v.toArray())
        if (!item.isString() || item.toString().isEmpty())
            return QStringLiteral("expected a list of non-empty texts");
    return QString();
}

QString networkValue(const QJsonValue& v)
{
    // OpenMPI's if_include: interface names or CIDR ranges, comma-separated.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_.:/-]+(,[A-Za-z0-9_.:/-]+)*$"));
    return v.isString() && pattern.match(v.toString()).hasMatch()
               ? QString()
               : QStringLiteral("expected interface names or CIDR ranges, comma-separated (eth0 or 10.0.0.0/24)");
}

QStringList hostCountProblems(const Estimator& estimator, const TargetConfig& target, const QString& label)
{
    const int hosts = int(SshHosts::names(target).size());
    if (estimator.nodeCount <= hosts)
        return {};
    return {QStringLiteral("%1: node_count: %2 nodes, but compute target %3 has %4 host%5 (its host and extra_hosts); "
                           "add one with trainyard-cli targets set %3 --extra-host HOST")
                .arg(label)
                .arg(estimator.nodeCount)
                .arg(target.name)
                .arg(hosts)
                .arg(hosts == 1 ? QString() : QStringLiteral("s"))};
}

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

// Outputs from this size on are fetched by a stream of their own straight into the file.
constexpr qint64 kDirectFetchBytes = 4 * 1024 * 1024;

QString humanBytes(qint64 bytes)
{
    if (bytes >= 1024LL * 1024 * 1024)
        return QStringLiteral("%1 GB").arg(double(bytes) / (1024.0 * 1024 * 1024), 0, 'f', 1);
    if (bytes >= 1024 * 1024)
        return QStringLiteral("%1 MB").arg(double(bytes) / (1024.0 * 1024), 0, 'f', 1);
    return QStringLiteral("%1 kB").arg(double(bytes) / 1024.0, 0, 'f', 1);
}

QJsonObject statsJson(const SshUploadStats& s)
{
    return {{QStringLiteral("files"), s.files},           {QStringLiteral("objects"), s.objects},
            {QStringLiteral("sent_objects"), s.sentObjects}, {QStringLiteral("sent_bytes"), s.sentBytes},
            {QStringLiteral("reused"), s.reused},           {QStringLiteral("from_spare"), s.fromSpare}};
}

// Local sizes of the live files, from which a watch stream resumes.
QJsonObject localOffsets(const RunContext& ctx)
{
    QJsonObject offsets;
    for (const QString& relative : {QStringLiteral("system/stdout.log"), QStringLiteral("system/stderr.log"),
                                    QStringLiteral("system/output-order.txt"),
                                    QStringLiteral("system/helper-metrics.jsonl"), QStringLiteral("system/node-host.out")}) {
        const QFileInfo info(ctx.runDir + QLatin1Char('/') + relative);
        if (info.exists())
            offsets.insert(relative, info.size());
    }
    const QDir nodes(ctx.systemDir() + QStringLiteral("/nodes"));
    for (const QFileInfo& info : nodes.entryInfoList({QStringLiteral("*.jsonl")}, QDir::Files | QDir::NoSymLinks))
        offsets.insert(QStringLiteral("system/nodes/") + info.fileName(), info.size());
    QDirIterator it(ctx.logsDir(), QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        offsets.insert(QDir(ctx.runDir).relativeFilePath(it.filePath()), it.fileInfo().size());
    }
    return offsets;
}

} // namespace

TargetKind SshTarget::kind()
{
    TargetKind k;
    k.name = QStringLiteral("ssh");
    k.pageName = QStringLiteral("TargetSshPage");
    k.create = [](const TargetConfig& config) { return std::make_unique<SshTarget>(config); };
    k.settings = TargetKinds::commonSettings();
    k.settings << TargetSetting{QStringLiteral("host"), QStringLiteral("host"), QStringLiteral("HOST"),
                                QStringLiteral("Host name, address or ~/.ssh/config alias (its ProxyJump, User, Port apply)"),
                                requiredText}
               << TargetSetting{QStringLiteral("port"), QStringLiteral("port"), QStringLiteral("P"),
                                QStringLiteral("SSH port (default: ssh's configuration, usually 22)"), portValue,
                                TargetSetting::numberValue}
               << TargetSetting{QStringLiteral("user"), QStringLiteral("user"), QStringLiteral("U"),
                                QStringLiteral("Remote account (default: ssh's configuration)"), requiredText}
               << TargetSetting{QStringLiteral("identity_file"), QStringLiteral("identity-file"), QStringLiteral("F"),
                                QStringLiteral("Private key file (default: the SSH agent and ssh's configuration)"), requiredText}
               << TargetSetting{QStringLiteral("workdir"), QStringLiteral("workdir"), QStringLiteral("DIR"),
                                QStringLiteral("Remote working folder (default ~/.trainyard)"), requiredText}
               << TargetSetting{QStringLiteral("python"), QStringLiteral("python"), QStringLiteral("PATH"),
                                QStringLiteral("Interpreter for .py entry scripts"), requiredText}
               << TargetSetting{QStringLiteral("cleanup"), QStringLiteral("cleanup"), QStringLiteral("keep|success|always"),
                                QStringLiteral("Remove the remote run folder after the run: never, on success, always"),
                                cleanupValue}
               << TargetSetting{QStringLiteral("connection_limit_seconds"), QStringLiteral("connection-limit-seconds"),
                                QStringLiteral("S"),
                                QStringLiteral("How long a run may stay disconnected before it fails (default 900)"),
                                secondsValue, TargetSetting::numberValue}
               << TargetKinds::environmentSetting();
    TargetSetting extraHosts{QStringLiteral("extra_hosts"), QStringLiteral("extra-host"), QStringLiteral("HOST[:PORT]"),
                             QStringLiteral("Another host of a multi-node run (repeat for more): it shares the working "
                                            "folder, the main host reaches it by this name over ssh"),
                             SshHosts::extraHostsProblem};
    extraHosts.repeatable = true;
    TargetSetting mpirunOptions{QStringLiteral("mpirun_options"), QStringLiteral("mpirun-option"), QStringLiteral("ARG"),
                                QStringLiteral("An extra argument of mpirun over several hosts (repeat for more), "
                                               "e.g. --mca then plm_rsh_agent then \"ssh -F FILE\""),
                                textList};
    mpirunOptions.repeatable = true;
    k.settings << extraHosts
               << TargetSetting{QStringLiteral("mpi_network"), QStringLiteral("mpi-network"), QStringLiteral("NETS"),
                                QStringLiteral("Interfaces or CIDR ranges MPI uses between the hosts (eth0, 10.0.0.0/24)"),
                                networkValue}
               << mpirunOptions;
    k.settings << TargetKinds::environmentSettings();
    // Environments are built on the remote by the same tool as locally; images run under the remote's engine.
    // Distributed runs place node_count nodes on the target's hosts.
    k.supportedFields = {QStringLiteral("pip_packages"),          QStringLiteral("conda_packages"),
                         QStringLiteral("environment_definition"), QStringLiteral("custom_docker_image"),
                         QStringLiteral("node_count"),            QStringLiteral("process_count_per_node"),
                         QStringLiteral("distributed_training")};
    k.estimatorProblems = hostCountProblems;
    // The remote account brings its own PATH, HOME and USER; only the locale travels.
    k.baseEnvironment = {QStringLiteral("LANG"), QStringLiteral("LC_*")};
    return k;
}

SshTarget::SshTarget(const TargetConfig& config) : m_config(config) {}

SshTarget::~SshTarget()
{
    if (m_watch) {
        m_watch->kill();
        m_watch->waitForFinished(2000);
    }
}

int SshTarget::connectionLimitSeconds() const
{
    return qMax(1, int(m_config.settings.value(QStringLiteral("connection_limit_seconds")).toDouble(900)));
}

void SshTarget::report(const RunContext& ctx, const QString& message) const
{
    if (ctx.report)
        ctx.report(message);
}

bool SshTarget::connect(const RunContext& ctx, QString* error)
{
    if (m_config.settings.value(QStringLiteral("host")).toString().isEmpty()) {
        *error = QStringLiteral("the SSH target %1 has no host (trainyard-cli targets set %1 --host HOST)").arg(m_config.name);
        return false;
    }
    const QString workspaceRoot = QFileInfo(ctx.runtimeDir).path();
    if (!m_connection)
        m_connection = std::make_unique<SshConnection>(m_config, workspaceRoot);
    if (!m_connection->ensureMaster(error))
        return false;
    return m_connection->installAgent(SshConnection::agentSource(ctx.runtimeDir), error);
}

QString SshTarget::pathOnTarget(const RunContext& ctx, const QString& localPath) const
{
    if (!m_remoteRunDir.isEmpty() && (localPath == ctx.runDir || localPath.startsWith(ctx.runDir + QLatin1Char('/'))))
        return m_remoteRunDir + localPath.mid(ctx.runDir.size());
    if (!m_remoteRuntimeDir.isEmpty()
        && (localPath == ctx.runtimeDir || localPath.startsWith(ctx.runtimeDir + QLatin1Char('/'))))
        return m_remoteRuntimeDir + localPath.mid(ctx.runtimeDir.size());
    return localPath;
}

bool SshTarget::prepare(RunContext& ctx, QString* error)
{
    report(ctx, QStringLiteral("connecting to %1").arg(SshEndpoint::fromConfig(m_config).display()));
    if (!connect(ctx, error))
        return false;
    const QString remoteRoot = m_connection->remoteWorkDir();
    m_remoteRunDir = remoteRoot + QStringLiteral("/runs/") + ctx.runId;
    if (!uploadRuntime(ctx, error))
        return false;
    SnapshotStore store(ctx.storeDir);
    SshUpload upload(*m_connection, store);

    SshUploadStats snapshotStats;
    qint64 lastReport = 0;
    const auto progress = [&](qint64 sent, qint64 total) {
        if (nowMs() - lastReport < 500)
            return;
        lastReport = nowMs();
        report(ctx, QStringLiteral("uploading %1 of %2").arg(humanBytes(sent), humanBytes(total)));
    };
    report(ctx, QStringLiteral("uploading the snapshot"));
    // A run folder left by an earlier attempt of this run is replaced.
    if (!upload.materialise(ctx.snapshotId, m_remoteRunDir + QStringLiteral("/work"), false, error, progress, &snapshotStats,
                            m_remoteRunDir))
        return false;
    m_uploadRecord.insert(QStringLiteral("snapshot"), statsJson(snapshotStats));
    if (!uploadDatasets(ctx, error))
        return false;

    // This machine keeps the run's records and, as they stream in, its logs and outputs.
    ctx.workDir = m_remoteRunDir + QStringLiteral("/work");
    QDir().mkpath(ctx.systemDir());
    for (const QString& folder : {ctx.outputsDir(), ctx.logsDir()}) {
        QDir().mkpath(folder);
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QSaveFile record(ctx.systemDir() + QStringLiteral("/upload.json"));
    if (record.open(QIODevice::WriteOnly)) {
        record.write(QJsonDocument(m_uploadRecord).toJson());
        record.commit();
    }
    report(ctx, QString());
    return true;
}

bool SshTarget::launchDistributed(RunContext& ctx, const QString& python, QString* error)
{
    const DistributedLayout& layout = ctx.distributed;
    const QVector<TargetConfig> hosts = SshHosts::configs(m_config);
    if (layout.nodeCount > hosts.size()) {
        *error = QStringLiteral("node_count %1 is more than the %2 host(s) of compute target %3 (its host and "
                                "extra_hosts)")
                     .arg(layout.nodeCount)
                     .arg(hosts.size())
                     .arg(m_config.name);
        return false;
    }
    const bool severalHosts = layout.nodeCount > 1;
    if (severalHosts && ctx.container.isSet()) {
        *error = QStringLiteral("custom_docker_image with node_count %1 on the SSH target %2: a run over several hosts "
                                "runs without an image")
                     .arg(layout.nodeCount)
                     .arg(m_config.name);
        return false;
    }
    DistributedLaunch::Paths paths;
    paths.rankWrapper = DistributedLaunch::rankWrapperPath(m_remoteRuntimeDir);
    paths.launcher = DistributedLaunch::launcherPath(m_remoteRuntimeDir);
    paths.recordDir = m_remoteRunDir + QStringLiteral("/system");
    paths.python = python;

    // One round trip to the main host: the token the other hosts must find, its user id (OpenMPI refuses root
    // unless told), whether mpirun is there, and for PyTorch over several hosts a free port.
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString marker = m_remoteRunDir + QStringLiteral("/system/.shared-folder-check");
    const bool needMpirun = !ctx.container.isSet() && (layout.mode == QLatin1String("mpi") || severalHosts);
    const bool needPort = severalHosts && layout.mode == QLatin1String("pytorch");
    QString script = QStringLiteral("umask 077; mkdir -p %3 && printf '%s\\n' %1 > %2 || exit 71; id -u; uname -n")
                         .arg(RemoteShell::quote(token), RemoteShell::quote(marker),
                              RemoteShell::quote(m_remoteRunDir + QStringLiteral("/system")));
    if (needMpirun)
        script += QStringLiteral("; command -v mpirun >/dev/null 2>&1 || exit 72");
    if (needPort)
        script += QStringLiteral("; %1 -c %2")
                      .arg(RemoteShell::quotePath(python),
                           RemoteShell::quote(QStringLiteral("import socket\n"
                                                             "s = socket.socket()\n"
                                                             "s.bind(('', 0))\n"
                                                             "print(s.getsockname()[1])\n")));
    const QString host = m_connection->endpoint().display();
    const SshResult answer = m_connection->run(script, {}, 60000);
    if (!answer.ok()) {
        if (answer.exitCode == 72)
            *error = QStringLiteral("distributed_training %1: mpirun is not on the PATH of %2 (install OpenMPI there, "
                                    "e.g. the openmpi-bin package)")
                         .arg(layout.mode, host);
        else if (answer.exitCode == 71)
            *error = QStringLiteral("cannot write to the run folder %1 on %2: %3")
                         .arg(m_remoteRunDir, host, QString::fromUtf8(answer.err).trimmed());
        else
            *error = QStringLiteral("cannot prepare the distributed run on %1: %2").arg(host, answer.error);
        return false;
    }
    const QStringList lines = QString::fromUtf8(answer.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const bool asRoot = lines.value(0).trimmed() == QLatin1String("0");
    const QString mainHostName = lines.value(1).trimmed();
    if (!checkSharedRunFolder(ctx, token, layout.nodeCount, error))
        return false;

    DistributedCommand command;
    if (!severalHosts) {
        // Every rank on the one host, as on local.
        command = DistributedLaunch::forLocal(layout, ctx.argv, paths, asRoot);
    } else {
        DistributedLaunch::HostsOptions options;
        // The main host by its own name, which mpirun knows for its own; the others as listed.
        options.hosts << (mainHostName.isEmpty() ? m_config.settings.value(QStringLiteral("host")).toString() : mainHostName);
        options.hosts << SshHosts::names(m_config).mid(1);
        options.network = m_config.settings.value(QStringLiteral("mpi_network")).toString();
        for (const QJsonValue& item : m_config.settings.value(QStringLiteral("mpirun_options")).toArray())
            options.mpirunOptions << item.toString();
        options.forwarded = ctx.environment.keys();
        options.forwarded << QStringLiteral("PATH");
        options.asRoot = asRoot;
        options.masterAddress = m_config.settings.value(QStringLiteral("host")).toString();
        options.masterPort = needPort ? lines.value(2).trimmed().toInt() : 0;
        if (needPort && options.masterPort <= 0) {
            *error = QStringLiteral("could not find a free port for MASTER_PORT on %1").arg(host);
            return false;
        }
        command = DistributedLaunch::forHosts(layout, ctx.argv, paths, options);
    }
    ctx.argv = command.argv;
    for (auto it = command.environment.cbegin(); it != command.environment.cend(); ++it)
        ctx.environment.insert(it.key(), it.value());
    return true;
}

bool SshTarget::checkSharedRunFolder(RunContext& ctx, const QString& token, int nodeCount, QString* error)
{
    const QVector<TargetConfig> hosts = SshHosts::configs(m_config);
    const QString workspaceRoot = QFileInfo(ctx.runtimeDir).path();
    const QString marker = m_remoteRunDir + QStringLiteral("/system/.shared-folder-check");
    const QString rankWrapper = DistributedLaunch::rankWrapperPath(m_remoteRuntimeDir);
    m_otherHosts.clear();
    for (int node = 1; node < nodeCount; ++node) {
        auto connection = std::make_unique<SshConnection>(hosts.at(node), workspaceRoot);
        const QString name = connection->endpoint().display();
        report(ctx, QStringLiteral("checking that %1 shares the run folder").arg(name));
        QString reason;
        if (!connection->ensureMaster(&reason)) {
            *error = QStringLiteral("cannot reach host %1 of compute target %2: %3").arg(name, m_config.name, reason);
            return false;
        }
        const SshResult seen = connection->run(
            QStringLiteral("cat %1 && test -f %2").arg(RemoteShell::quote(marker), RemoteShell::quote(rankWrapper)), {},
            60000);
        if (seen.failure != SshFailure::None && seen.failure != SshFailure::RemoteError) {
            *error = QStringLiteral("cannot reach host %1 of compute target %2: %3").arg(name, m_config.name, seen.error);
            return false;
        }
        if (!seen.ok() || QString::fromUtf8(seen.out).trimmed() != token) {
            *error = QStringLiteral("host %1 does not see the run folder %2 of %3: the hosts of compute target %4 must "
                                    "share the working folder %5")
                         .arg(name, m_remoteRunDir, m_connection->endpoint().display(), m_config.name,
                              m_connection->remoteWorkDir());
            return false;
        }
        m_otherHosts.push_back(std::move(connection));
    }
    report(ctx, QString());
    return true;
}

void SshTarget::endLeftoversOnOtherHosts(RunContext& ctx)
{
    if (ctx.distributed.nodeCount < 2 || m_remoteRunDir.isEmpty())
        return;
    const QVector<TargetConfig> hosts = SshHosts::configs(m_config);
    const QString workspaceRoot = QFileInfo(ctx.runtimeDir).path();
    // After adopt() the connections are made here; a host that cannot be reached keeps what runs there.
    for (int node = 1; node < ctx.distributed.nodeCount && node < hosts.size(); ++node) {
        if (size_t(node) > m_otherHosts.size())
            m_otherHosts.push_back(std::make_unique<SshConnection>(hosts.at(node), workspaceRoot));
        SshConnection& connection = *m_otherHosts.at(size_t(node - 1));
        QString ignored;
        if (connection.ensureMaster(&ignored) && connection.installAgent(SshConnection::agentSource(ctx.runtimeDir), &ignored))
            connection.run(connection.agentCommand({QStringLiteral("signal"), m_remoteRunDir, QStringLiteral("KILL"),
                                                    QStringLiteral("leftovers")}),
                           {}, 30000);
    }
}

bool SshTarget::uploadRuntime(RunContext& ctx, QString* error)
{
    // The runtime files (job wrapper, Python helper, environment tool) go like a snapshot: once per version,
    // shared by runs.
    SnapshotStore store(ctx.storeDir);
    SshUpload upload(*m_connection, store);
    auto runtime = store.create(ctx.runtimeDir, error);
    if (!runtime)
        return false;
    const QString remoteRuntimeDir = m_connection->remoteWorkDir() + QStringLiteral("/runtime/") + runtime->id;
    SshUploadStats runtimeStats;
    if (!upload.materialise(runtime->id, remoteRuntimeDir, true, error, {}, &runtimeStats))
        return false;
    m_remoteRuntimeDir = remoteRuntimeDir;
    m_uploadRecord.insert(QStringLiteral("runtime"), statsJson(runtimeStats));
    return true;
}

bool SshTarget::uploadDatasets(RunContext& ctx, QString* error)
{
    if (ctx.datasets.isEmpty())
        return true;
    SnapshotStore store(ctx.storeDir);
    SshUpload upload(*m_connection, store);
    QJsonArray records;
    for (const DatasetMount& dataset : ctx.datasets) {
        report(ctx, QStringLiteral("uploading dataset %1").arg(dataset.name));
        const QFileInfo source(dataset.sourcePath);
        // A dataset goes once per content: its snapshot id names its folder in the remote's datasets.
        std::optional<SnapshotSummary> summary;
        QString fileName;
        if (source.isDir()) {
            summary = store.create(source.absoluteFilePath(), error);
        } else {
            // A single file: snapshot a folder that holds only it (a hard link where possible).
            QTemporaryDir holder(ctx.storeDir + QStringLiteral("/tmp-dataset-XXXXXX"));
            fileName = source.fileName();
            const QString placed = holder.filePath(fileName);
            if (::link(QFile::encodeName(source.absoluteFilePath()).constData(), QFile::encodeName(placed).constData()) != 0
                && !QFile::copy(source.absoluteFilePath(), placed)) {
                *error = QStringLiteral("cannot read dataset %1 at %2").arg(dataset.name, dataset.sourcePath);
                return false;
            }
            summary = store.create(holder.path(), error);
        }
        if (!summary)
            return false;
        const QString shared = m_connection->remoteWorkDir() + QStringLiteral("/datasets/") + summary->id;
        SshUploadStats stats;
        if (!upload.materialise(summary->id, shared, true, error, {}, &stats))
            return false;
        QString path = shared;
        if (dataset.download) {
            // Download mode: a private copy inside the run, never the shared one.
            const QString copy = m_remoteRunDir + QStringLiteral("/datasets/") + dataset.name;
            const SshResult copied =
                m_connection->run(m_connection->agentCommand({QStringLiteral("copy-tree"), shared, copy}), {}, 3600000);
            if (!copied.ok()) {
                *error = QStringLiteral("cannot copy dataset %1 on %2: %3")
                             .arg(dataset.name, m_connection->endpoint().display(), copied.error);
                return false;
            }
            path = copy;
        }
        if (!fileName.isEmpty())
            path += QLatin1Char('/') + fileName;
        ctx.datasetPaths.insert(dataset.name, path);
        QJsonObject record = statsJson(stats);
        record.insert(QStringLiteral("name"), dataset.name);
        record.insert(QStringLiteral("content"), summary->id);
        records.append(record);
    }
    m_uploadRecord.insert(QStringLiteral("datasets"), records);
    return true;
}

bool SshTarget::start(RunContext& ctx, QString* error)
{
    if (ctx.argv.isEmpty()) {
        *error = QStringLiteral("no command to run");
        return false;
    }
    QJsonObject env;
    for (auto it = ctx.environment.cbegin(); it != ctx.environment.cend(); ++it)
        env.insert(it.key(), it.value());
    const QJsonObject request{{QStringLiteral("wrapper"), QString(m_remoteRuntimeDir + QStringLiteral("/job/trainyard-job.sh"))},
                              {QStringLiteral("argv"), QJsonArray::fromStringList(ctx.argv)},
                              {QStringLiteral("env"), env},
                              {QStringLiteral("work_dir"), ctx.workDir}};
    // The command and its environment travel on stdin, never on a command line the remote's ps shows.
    const SshResult started = m_connection->run(m_connection->agentCommand({QStringLiteral("start"), m_remoteRunDir}),
                                                QJsonDocument(request).toJson(QJsonDocument::Compact));
    if (!started.ok()) {
        *error = QStringLiteral("cannot start the job on %1: %2").arg(m_connection->endpoint().display(), started.error);
        return false;
    }
    const QJsonObject answer = QJsonDocument::fromJson(started.out).object();
    ctx.pid = answer.value(QStringLiteral("wrapper_pid")).toInteger();
    ctx.processGroup = 0; // on the remote: never signalled from here
    ctx.targetHandle = QJsonObject{{QStringLiteral("kind"), QStringLiteral("ssh")},
                                   {QStringLiteral("host"), m_connection->endpoint().display()},
                                   {QStringLiteral("remote_run_dir"), m_remoteRunDir},
                                   {QStringLiteral("remote_runtime_dir"), m_remoteRuntimeDir},
                                   {QStringLiteral("wrapper"), answer}};
    m_frames = std::make_unique<SshFrameReader>(ctx.runDir);
    return openWatch(ctx, error);
}

bool SshTarget::adopt(RunContext& ctx, QString* error)
{
    m_remoteRunDir = ctx.targetHandle.value(QStringLiteral("remote_run_dir")).toString();
    m_remoteRuntimeDir = ctx.targetHandle.value(QStringLiteral("remote_runtime_dir")).toString();
    if (m_remoteRunDir.isEmpty()) {
        *error = QStringLiteral("lost: the runner ended before the job was started on the remote");
        return false;
    }
    m_frames = std::make_unique<SshFrameReader>(ctx.runDir);
    QString reason;
    if (!connect(ctx, &reason) || !openWatch(ctx, &reason)) {
        // Not fatal: the job lives on the remote; poll() keeps retrying within the connection limit.
        m_connected = false;
        m_disconnectedAtMs = nowMs();
        m_nextAttemptMs = nowMs() + m_backoffMs;
        m_disconnectReason = reason;
    }
    return true;
}

bool SshTarget::openWatch(RunContext& ctx, QString* error)
{
    if (m_watch) {
        m_watch->kill();
        m_watch->waitForFinished(2000);
    }
    m_frames->reset();
    m_frames->closeFiles();
    QStringList watch{QStringLiteral("watch"), m_remoteRunDir};
    if (m_jobRunsElsewhere)
        watch << QStringLiteral("elsewhere");
    m_watch = m_connection->spawn(m_connection->agentCommand(watch));
    if (!m_watch->waitForStarted(10000)) {
        *error = QStringLiteral("cannot run ssh: %1").arg(m_watch->errorString());
        m_watch.reset();
        return false;
    }
    m_watch->write(QJsonDocument(localOffsets(ctx)).toJson(QJsonDocument::Compact) + '\n');
    m_watch->closeWriteChannel();
    m_connected = true;
    m_backoffMs = 1000;
    m_disconnectReason.clear();
    // The watchdog gives a new stream from now on its first heartbeat's time.
    m_watchStartedMs = nowMs();
    if (!m_pendingSignal.isEmpty() && signalRemote(m_pendingSignal, QStringLiteral("group")))
        m_pendingSignal.clear();
    return true;
}

bool SshTarget::watchStartedJob(RunContext& ctx, QString* error)
{
    m_frames = std::make_unique<SshFrameReader>(ctx.runDir);
    return openWatch(ctx, error);
}

void SshTarget::keepWatching(RunContext& ctx)
{
    reapStrayMasters();
    readWatch();
    tryReconnect(ctx);
}

QJsonObject SshTarget::watchedStatus() const
{
    return m_frames ? m_frames->status() : QJsonObject();
}

bool SshTarget::watchEnded() const
{
    return m_frames && m_frames->ended();
}

qint64 SshTarget::watchLastFrameMs() const
{
    return m_frames ? m_frames->lastFrameMs() : 0;
}

bool SshTarget::watchLostForGood() const
{
    return !m_connected && m_disconnectedAtMs > 0 &&
           nowMs() - m_disconnectedAtMs > qint64(connectionLimitSeconds()) * 1000;
}

void SshTarget::dropWatch(const QString& reason)
{
    if (m_watch) {
        m_watch->kill();
        m_watch->waitForFinished(2000);
        m_watch.reset();
    }
    if (m_connected) {
        m_connected = false;
        m_disconnectedAtMs = nowMs();
        m_backoffMs = 1000;
    }
    m_disconnectReason = reason;
    m_nextAttemptMs = nowMs() + m_backoffMs;
}

void SshTarget::readWatch()
{
    if (!m_watch)
        return;
    // Without an event loop QProcess reads what has arrived only inside a wait.
    m_watch->waitForReadyRead(0);
    const QByteArray bytes = m_watch->readAllStandardOutput();
    QString error;
    if (!bytes.isEmpty() && !m_frames->feed(bytes, &error)) {
        dropWatch(error);
        return;
    }
    if (m_frames->ended())
        return;
    if (m_watch->state() == QProcess::NotRunning) {
        const QByteArray err = m_watch->readAllStandardError();
        const SshFailure failure = SshConnection::classify(err);
        dropWatch(failure == SshFailure::None && m_watch && m_watch->exitCode() != 255
                      ? QString::fromUtf8(err).trimmed()
                      : m_connection->describe(failure == SshFailure::None ? SshFailure::Unreachable : failure, err));
        return;
    }
    // The agent beats every second; a silent stream is a connection that died without saying so.
    const qint64 last = qMax(m_frames->lastFrameMs(), m_watchStartedMs);
    if (nowMs() - last > 10000)
        dropWatch(QStringLiteral("no word from %1 for 10 s").arg(m_connection->endpoint().display()));
}

void SshTarget::tryReconnect(RunContext& ctx)
{
    if (m_connected || nowMs() < m_nextAttemptMs)
        return;
    QString error;
    if (connect(ctx, &error) && openWatch(ctx, &error))
        return;
    m_disconnectReason = error;
    m_backoffMs = qMin(m_backoffMs * 2, 30000);
    m_nextAttemptMs = nowMs() + m_backoffMs;
}

bool SshTarget::sync(RunContext&, QString*)
{
    readWatch();
    return true;
}

void SshTarget::reapStrayMasters()
{
    // A master connection goes to the background (ssh -f) and, the runner being a child subreaper, ends up
    // as its child: collect it once it exited. Only exited ssh processes are reaped, never a QProcess's.
    const auto tasks = QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& task : tasks) {
        QFile children(QStringLiteral("/proc/self/task/%1/children").arg(task));
        if (!children.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& field : children.readAll().split(' ')) {
            const pid_t pid = pid_t(field.trimmed().toLongLong());
            if (pid <= 0 || (m_watch && m_watch->processId() == pid))
                continue;
            QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            const QByteArray text = stat.readAll();
            const qsizetype close = text.lastIndexOf(')');
            if (text.contains("(ssh)") && close > 0 && text.mid(close + 2, 1) == "Z")
                ::waitpid(pid, nullptr, WNOHANG);
        }
    }
}

TargetPoll SshTarget::poll(RunContext& ctx)
{
    reapStrayMasters();
    readWatch();
    tryReconnect(ctx);
    TargetPoll result;
    const QString host = m_connection ? m_connection->endpoint().display() : m_config.name;
    if (!m_connected) {
        const qint64 downMs = nowMs() - m_disconnectedAtMs;
        if (downMs > qint64(connectionLimitSeconds()) * 1000) {
            result.state = TargetProcessState::Lost;
            result.reason = QStringLiteral("connection to %1 lost for longer than %2 s: %3")
                                .arg(host)
                                .arg(connectionLimitSeconds())
                                .arg(m_disconnectReason);
            return result;
        }
        result.state = TargetProcessState::Running;
        result.note = QStringLiteral("reconnecting: %1").arg(m_disconnectReason);
        return result;
    }
    if (!m_frames->hasStatus()) {
        result.state = TargetProcessState::Waiting;
        return result;
    }
    const QJsonObject status = m_frames->status();
    if (m_frames->ended()) {
        if (status.contains(QStringLiteral("exit_status")))
            return TargetPoll::fromShellStatus(status.value(QStringLiteral("exit_status")).toInt());
        result.state = TargetProcessState::Lost;
        result.reason = status.contains(QStringLiteral("job"))
                            ? QStringLiteral("lost on %1: the job ended without recording an exit status").arg(host)
                            : QStringLiteral("lost on %1: the job never started").arg(host);
        return result;
    }
    // Until the stream says it delivered everything, the run is live (its last bytes may be on their way).
    result.state = status.contains(QStringLiteral("job")) || status.contains(QStringLiteral("exit_status"))
                       ? TargetProcessState::Running
                       : TargetProcessState::Waiting;
    return result;
}

void SshTarget::waitForChange(RunContext& ctx, int timeoutMs)
{
    if (m_watch && m_watch->state() == QProcess::Running && !m_frames->ended()) {
        m_watch->waitForReadyRead(timeoutMs);
        return;
    }
    ComputeTarget::waitForChange(ctx, qMin(timeoutMs, 200));
}

bool SshTarget::signalRemote(const QString& signal, const QString& who)
{
    if (!m_connection || m_remoteRunDir.isEmpty())
        return false;
    const SshResult result =
        m_connection->run(m_connection->agentCommand({QStringLiteral("signal"), m_remoteRunDir, signal, who}), {}, 30000);
    return result.ok();
}

void SshTarget::terminate(RunContext&)
{
    if (!signalRemote(QStringLiteral("TERM"), QStringLiteral("group")))
        m_pendingSignal = QStringLiteral("TERM");
}

void SshTarget::kill(RunContext& ctx)
{
    // The container lives under the engine's monitor, not under the job's process group: the engine ends it.
    if (ctx.container.isSet()) {
        QString ignored;
        runOnTarget(ctx, ContainerCommand::kill(ctx.container), 30000, &ignored);
    }
    if (!signalRemote(QStringLiteral("KILL"), QStringLiteral("group")))
        m_pendingSignal = QStringLiteral("KILL");
}

bool SshTarget::fetchHome(RunContext& ctx, QString* error)
{
    // One command ends what the job left running and lists what comes home.
    const SshResult listed = m_connection->run(m_connection->agentCommand({QStringLiteral("collect"), m_remoteRunDir}));
    if (!listed.ok()) {
        *error = listed.error;
        return false;
    }
    QJsonArray wanted;
    QVector<QPair<QString, qint64>> large; // relative path, remote size
    qint64 total = 0;
    for (const QJsonValue& value : QJsonDocument::fromJson(listed.out).array()) {
        const QJsonObject entry = value.toObject();
        const QString relative = entry.value(QStringLiteral("path")).toString();
        if (!SshFrameReader::isStreamedPath(relative))
            continue;
        const QString local = ctx.runDir + QLatin1Char('/') + relative;
        if (entry.value(QStringLiteral("dir")).toBool()) {
            QDir().mkpath(local);
            continue;
        }
        if (entry.contains(QStringLiteral("symlink"))) {
            QDir().mkpath(QFileInfo(local).path());
            QFile::remove(local);
            QFile::link(entry.value(QStringLiteral("symlink")).toString(), local);
            continue;
        }
        const qint64 size = entry.value(QStringLiteral("size")).toInteger();
        QFileInfo have(local);
        qint64 offset = have.exists() ? have.size() : 0;
        if (offset > size) {
            QFile::resize(local, 0); // a different file than the one half fetched before
            offset = 0;
        }
        if (offset == size && have.exists())
            continue;
        if (!have.exists()) {
            QDir().mkpath(have.path());
            QFile touch(local);
            touch.open(QIODevice::WriteOnly);
        }
        if (size - offset >= kDirectFetchBytes)
            large << qMakePair(relative, size);
        else
            wanted.append(QJsonArray{relative, offset});
        total += size - offset;
    }
    // A large file goes straight from ssh into its copy, resumed from the copy's size: no byte passes
    // through this process.
    qint64 done = 0;
    for (const auto& [relative, size] : std::as_const(large)) {
        const QString local = ctx.runDir + QLatin1Char('/') + relative;
        const qint64 offset = QFileInfo(local).size();
        report(ctx, QStringLiteral("downloading outputs: %1 of %2").arg(humanBytes(done), humanBytes(total)));
        QProcess cat;
        m_connection->setUp(cat, m_connection->agentCommand({QStringLiteral("cat"), m_remoteRunDir, relative, QString::number(offset)}));
        cat.setStandardInputFile(QProcess::nullDevice());
        cat.setStandardOutputFile(local, QIODevice::Append);
        cat.start();
        if (!cat.waitForFinished(-1) || cat.exitStatus() != QProcess::NormalExit || cat.exitCode() != 0
            || QFileInfo(local).size() != size) {
            const QByteArray err = cat.readAllStandardError();
            *error = QStringLiteral("downloading %1 broke off at %2 of %3 bytes: %4")
                         .arg(relative)
                         .arg(QFileInfo(local).size())
                         .arg(size)
                         .arg(m_connection->describe(SshConnection::classify(err), err));
            return false;
        }
        done += size - offset;
    }
    if (wanted.isEmpty()) {
        report(ctx, QString());
        return true;
    }
    std::unique_ptr<QProcess> send = m_connection->spawn(m_connection->agentCommand({QStringLiteral("send"), m_remoteRunDir}));
    if (!send->waitForStarted(10000)) {
        *error = send->errorString();
        return false;
    }
    send->write(QJsonDocument(wanted).toJson(QJsonDocument::Compact));
    send->closeWriteChannel();
    SshFrameReader reader(ctx.runDir);
    qint64 lastReport = 0;
    while (!reader.ended()) {
        if (!send->waitForReadyRead(30000) && send->state() == QProcess::NotRunning && send->bytesAvailable() == 0)
            break;
        if (!reader.feed(send->readAllStandardOutput(), error))
            return false;
        if (nowMs() - lastReport > 500) {
            lastReport = nowMs();
            report(ctx, QStringLiteral("downloading outputs: %1 of %2").arg(humanBytes(reader.bytesWritten()), humanBytes(total)));
        }
    }
    send->waitForFinished(30000);
    if (!reader.ended()) {
        *error = m_connection->describe(SshConnection::classify(send->readAllStandardError()), send->readAllStandardError());
        return false;
    }
    report(ctx, QString());
    return true;
}

bool SshTarget::removeRunFolder(RunContext& ctx, QString* error)
{
    const QString remoteRunDir = ctx.targetHandle.value(QStringLiteral("remote_run_dir")).toString();
    if (remoteRunDir.isEmpty())
        return true; // the run never reached the remote
    const SshEndpoint endpoint = SshEndpoint::fromConfig(m_config);
    const QString where = QStringLiteral("%1:%2").arg(
        endpoint.user.isEmpty() ? endpoint.host : endpoint.user + QLatin1Char('@') + endpoint.host, remoteRunDir);
    // A damaged or edited handle must never make this remove anything but a folder of this run.
    if (QFileInfo(remoteRunDir).fileName() != ctx.runId ||
        QFileInfo(QFileInfo(remoteRunDir).path()).fileName() != QLatin1String("runs")) {
        *error = QStringLiteral("the remote folder %1 was left: it is not a run folder of run %2")
                     .arg(where, ctx.runId);
        return false;
    }
    if (m_config.settings.value(QStringLiteral("host")).toString().isEmpty()) {
        *error = QStringLiteral("the remote folder %1 was left: target %2 has no host").arg(where, m_config.name);
        return false;
    }
    if (!m_connection)
        m_connection = std::make_unique<SshConnection>(m_config, QFileInfo(ctx.runtimeDir).path());
    QString why;
    if (!m_connection->ensureMaster(&why)) {
        *error = QStringLiteral("the remote folder %1 was left: %2").arg(where, why);
        return false;
    }
    const SshResult removed =
        m_connection->run(QStringLiteral("rm -rf -- ") + RemoteShell::quotePath(remoteRunDir), {}, 120000);
    if (!removed.ok()) {
        const QString said = QString::fromUtf8(removed.err).trimmed().section(QLatin1Char('\n'), -1);
        *error = QStringLiteral("the remote folder %1 was left: %2")
                     .arg(where, removed.failure == SshFailure::RemoteError && !said.isEmpty() ? said
                                                                                               : removed.error);
        return false;
    }
    return true;
}

std::optional<QByteArray> SshTarget::readRemoteRunFile(const RunContext& ctx, const QString& relative,
                                                       QString* error)
{
    const QString remoteRunDir = m_remoteRunDir.isEmpty()
                                     ? ctx.targetHandle.value(QStringLiteral("remote_run_dir")).toString()
                                     : m_remoteRunDir;
    if (remoteRunDir.isEmpty()) {
        *error = QStringLiteral("the run has no folder on %1").arg(SshEndpoint::fromConfig(m_config).display());
        return std::nullopt;
    }
    if (!connect(ctx, error))
        return std::nullopt;
    const SshResult read = m_connection->run(
        m_connection->agentCommand({QStringLiteral("cat"), remoteRunDir, relative, QStringLiteral("0")}), {},
        30000);
    if (!read.ok()) {
        const QString said = QString::fromUtf8(read.err).trimmed().section(QLatin1Char('\n'), -1);
        *error = QStringLiteral("cannot read %1 on %2: %3")
                     .arg(RemoteShell::join(remoteRunDir, relative), m_connection->endpoint().display(),
                          read.failure == SshFailure::RemoteError && !said.isEmpty() ? said : read.error);
        return std::nullopt;
    }
    return read.out;
}

bool SshTarget::finish(RunContext& ctx, QString* error)
{
    if (m_watch) {
        m_watch->waitForFinished(5000);
        m_watch.reset();
    }
    if (m_frames)
        m_frames->closeFiles();
    if (m_remoteRunDir.isEmpty())
        return true; // never reached the remote
    if (!m_frames) {
        // The job never started (preparing failed or was canceled): nothing to bring home, and no reason
        // to wait for a connection that may be what failed.
        if (m_connection && m_connection->masterAlive())
            m_connection->run(m_connection->agentCommand({QStringLiteral("cleanup"), m_remoteRunDir, QStringLiteral("always"),
                                                          QStringLiteral("failure")}));
        return true;
    }
    // Nothing of a container run is left running on the remote: its container goes before the outputs come.
    if (ctx.container.isSet()) {
        QString ignored; // a container already gone is fine; a connection that failed is retried below
        runOnTarget(ctx, ContainerCommand::remove(ctx.container), 60000, &ignored);
    }
    endLeftoversOnOtherHosts(ctx);
    // Outputs and logs come home, resumably: a dropped connection is retried within the connection limit.
    const qint64 deadline = nowMs() + qint64(connectionLimitSeconds()) * 1000;
    int backoff = 1000;
    QString reason;
    bool fetched = false;
    for (;;) {
        if (connect(ctx, &reason)) {
            if (fetchHome(ctx, &reason)) {
                fetched = true;
                break;
            }
        }
        if (nowMs() + backoff > deadline)
            break;
        report(ctx, QStringLiteral("reconnecting to fetch outputs: %1").arg(reason));
        QThread::msleep(backoff);
        backoff = qMin(backoff * 2, 30000);
    }
    if (!fetched) {
        *error = QStringLiteral("outputs left on %1 in %2: %3").arg(SshEndpoint::fromConfig(m_config).display(), m_remoteRunDir, reason);
        return false;
    }
    const QString policy = m_config.settings.value(QStringLiteral("cleanup")).toString(QStringLiteral("keep"));
    const bool success = m_frames && m_frames->status().value(QStringLiteral("exit_status")).toInt(-1) == 0;
    // Everything is home: the run's end need not wait for the remote folder's removal.
    QProcess cleanup;
    m_connection->setUp(cleanup, m_connection->agentCommand({QStringLiteral("cleanup"), m_remoteRunDir, policy,
                                                             success ? QStringLiteral("success") : QStringLiteral("failure")}));
    cleanup.setStandardInputFile(QProcess::nullDevice());
    cleanup.setStandardOutputFile(QProcess::nullDevice());
    cleanup.setStandardErrorFile(QProcess::nullDevice());
    cleanup.startDetached();
    return true;
}

std::optional<QJsonObject> SshTarget::runEnvironmentTool(RunContext& ctx, const QJsonObject& request,
                                                         const std::function<void(const QByteArray&)>& onLine,
                                                         QString* error)
{
    if (!connect(ctx, error))
        return std::nullopt;
    // Before prepare() (removing an environment outside any run) the runtime files may not be there yet.
    if (m_remoteRuntimeDir.isEmpty() && !uploadRuntime(ctx, error))
        return std::nullopt;
    const QString host = m_connection->endpoint().display();
    std::unique_ptr<QProcess> tool =
        m_connection->spawn(m_connection->agentCommand({QStringLiteral("env-tool"), m_remoteRuntimeDir}));
    if (!tool->waitForStarted(10000)) {
        *error = QStringLiteral("cannot run ssh (OpenSSH's client): %1").arg(tool->errorString());
        return std::nullopt;
    }
    // The request travels on stdin: it may name credentials later, and the remote's ps shows argv.
    tool->write(QJsonDocument(request).toJson(QJsonDocument::Compact));
    tool->closeWriteChannel();

    EnvironmentToolOutput output(onLine);
    // No time limit: a build takes as long as pip needs; a dead connection ends ssh through its keep-alives.
    while (tool->state() != QProcess::NotRunning) {
        tool->waitForReadyRead(200);
        output.append(tool->readAllStandardOutput());
    }
    output.append(tool->readAllStandardOutput());
    output.finish();
    const QByteArray err = tool->readAllStandardError();
    const int exitCode = tool->exitStatus() == QProcess::NormalExit ? tool->exitCode() : -1;
    if (!output.hasReply()) {
        if (exitCode == 255 || exitCode == -1) {
            const SshFailure failure = SshConnection::classify(err);
            *error = m_connection->describe(failure == SshFailure::None ? SshFailure::Unreachable : failure, err);
        } else {
            const QString said = QString::fromUtf8(err.trimmed().isEmpty() ? output.lastLine() : err.trimmed());
            *error = QStringLiteral("the environment tool on %1 ended with exit code %2 without a reply")
                         .arg(host)
                         .arg(exitCode);
            if (!said.isEmpty())
                *error += QStringLiteral(": ") + said;
        }
        return std::nullopt;
    }
    QString parseError;
    const auto reply = output.reply(&parseError);
    if (!reply)
        *error = QStringLiteral("the environment tool on %1 replied with no JSON object: %2").arg(host, parseError);
    return reply;
}

QString SshTarget::environmentRoot(const RunContext&) const
{
    const QString configured = m_config.settings.value(QStringLiteral("environments_dir")).toString().trimmed();
    if (!configured.isEmpty())
        return configured;
    return RemoteShell::join(SshEndpoint::fromConfig(m_config).workDir, QStringLiteral("environments"));
}

bool SshTarget::runOnTarget(RunContext& ctx, const QStringList& argv, int timeoutMs, QString* error)
{
    if (argv.isEmpty()) {
        *error = QStringLiteral("no program to run on %1").arg(m_config.name);
        return false;
    }
    if (!connect(ctx, error))
        return false;
    const SshResult result = m_connection->run(RemoteShell::commandLine(argv), {}, timeoutMs);
    if (result.ok())
        return true;
    if (result.failure == SshFailure::RemoteError) {
        const QString said = QString::fromUtf8(result.err.trimmed().isEmpty() ? result.out.trimmed() : result.err.trimmed());
        *error = QStringLiteral("%1 on %2 exited with code %3")
                     .arg(argv.first(), m_connection->endpoint().display())
                     .arg(result.exitCode);
        if (!said.isEmpty())
            *error += QStringLiteral(": ") + said.section(QLatin1Char('\n'), -1);
    } else {
        *error = result.error;
    }
    return false;
}
