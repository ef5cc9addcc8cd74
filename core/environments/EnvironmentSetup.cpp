#include "environments/EnvironmentSetup.h"

#include "environments/ContainerCommand.h"
#include "environments/EnvironmentStore.h"
#include "environments/RegistryLogins.h"
#include "run/RunStore.h"
#include "targets/ComputeTarget.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace {

// Inside an image the job's PATH is the image's default with the environment first; the image's own value
// is not known here, and this is what Debian and most Python images use.
const QString kImagePath = QStringLiteral("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

// What the build is doing, as the tool's lines tell it, shown with the run's status while the tool blocks.
// The tool may print nothing for minutes (a large wheel downloading), so a thread of its own keeps the
// elapsed seconds ticking.
class BuildProgress
{
public:
    explicit BuildProgress(const std::function<void(const QString&)>& report, const QString& initial)
        : m_report(report), m_phase(initial)
    {
        m_timer.start();
        if (!m_report)
            return;
        m_thread = std::thread([this] {
            std::unique_lock<std::mutex> lock(m_mutex);
            // Reusing a ready environment takes a few tens of milliseconds: that is not worth a word (nor two
            // writes to the database) in the runs table. Only a step that lasts gets its progress line.
            m_wake.wait_for(lock, std::chrono::milliseconds(300), [this] { return m_stop; });
            while (!m_stop) {
                const QString message =
                    QStringLiteral("%1, %2 s").arg(m_phase, QString::number(m_timer.elapsed() / 1000));
                m_reported = true;
                lock.unlock();
                m_report(message);
                lock.lock();
                m_wake.wait_for(lock, std::chrono::milliseconds(500), [this] { return m_stop; });
            }
        });
    }
    ~BuildProgress()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }
    bool reported()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_reported;
    }
    void see(const QString& line)
    {
        static const QRegularExpression building(QStringLiteral("^building environment ([0-9a-f]{6,})"));
        static const QRegularExpression waiting(QStringLiteral("^waiting for environment ([0-9a-f]{6,})"));
        static const QRegularExpression pulling(QStringLiteral("^pulling (?:image )?(\\S+)"));
        QString phase;
        if (const auto m = building.match(line); m.hasMatch())
            phase = QStringLiteral("building environment %1").arg(m.captured(1).left(12));
        else if (const auto m = waiting.match(line); m.hasMatch())
            phase = QStringLiteral("waiting for environment %1 (built by another run)")
                        .arg(m.captured(1).left(12));
        else if (const auto m = pulling.match(line); m.hasMatch())
            phase = QStringLiteral("pulling image %1").arg(m.captured(1));
        if (phase.isEmpty())
            return;
        std::lock_guard<std::mutex> lock(m_mutex);
        if (phase != m_phase) {
            m_phase = phase;
            m_timer.restart();
        }
    }

private:
    std::function<void(const QString&)> m_report;
    QString m_phase;
    QElapsedTimer m_timer;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    bool m_reported = false;
    std::thread m_thread;
};

QString detailText(const QJsonValue& detail)
{
    if (detail.isArray()) {
        QStringList lines;
        for (const QJsonValue& line : detail.toArray())
            lines << line.toString();
        return lines.join(QLatin1Char('\n')).trimmed();
    }
    return detail.toString().trimmed();
}

bool writePrivateFile(const QString& path, const QByteArray& data, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return true;
}

bool isInside(const QString& path, const QString& folder)
{
    return path == folder || path.startsWith(folder + QLatin1Char('/'));
}

} // namespace

EnvironmentSetup::EnvironmentSetup(ComputeTarget& target, RunContext& ctx) : m_target(target), m_ctx(ctx) {}

QJsonObject EnvironmentSetup::request(const EnvironmentSpec& spec, const QJsonObject& registryAuth) const
{
    QJsonObject request{{QStringLiteral("command"), QStringLiteral("ensure")},
                        {QStringLiteral("target_name"), m_ctx.target.name},
                        {QStringLiteral("root"), m_target.environmentRoot(m_ctx)},
                        {QStringLiteral("python"), m_ctx.target.python()},
                        {QStringLiteral("target_kind"), m_ctx.target.kind},
                        {QStringLiteral("definition"), spec.canonicalJson()},
                        {QStringLiteral("pip_options"), spec.pipOptions()},
                        {QStringLiteral("conda_tool"), spec.condaTool()}};
    if (!spec.image().isEmpty()) {
        const QString engine = m_ctx.target.settings.value(QStringLiteral("container_engine")).toString();
        QJsonObject container{{QStringLiteral("engine"), engine.isEmpty() ? QStringLiteral("auto") : engine},
                              {QStringLiteral("image"), spec.image()},
                              {QStringLiteral("insecure_registries"),
                               m_ctx.target.settings.value(QStringLiteral("container_insecure_registries")).toArray()}};
        // Only on the tool's stdin, used for a pull and never written anywhere (the request is not logged).
        if (!registryAuth.isEmpty())
            container.insert(QStringLiteral("registry_auth"), registryAuth);
        request.insert(QStringLiteral("container"), container);
    } else {
        request.insert(QStringLiteral("container"), QJsonValue::Null);
    }
    return request;
}

bool EnvironmentSetup::openLog(QString* error)
{
    m_log.setFileName(buildLogPath(m_ctx));
    if (!m_log.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(m_log.fileName(), m_log.errorString());
        return false;
    }
    m_log.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    return true;
}

void EnvironmentSetup::appendLog(const QByteArray& line)
{
    if (!m_log.isOpen() && !m_log.open(QIODevice::WriteOnly | QIODevice::Append))
        return;
    m_log.write(line);
    m_log.write("\n", 1);
    // The Logs tab follows the file while the build runs.
    m_log.flush();
}

bool EnvironmentSetup::ensure(const Estimator& estimator, const Workspace& workspace, QString* error)
{
    m_spec = EnvironmentSpec::forRun(estimator, m_ctx.target, m_ctx.storeDir, m_ctx.snapshotId, error);
    if (!m_spec)
        return false;
    if (!m_spec->needsTool())
        return true; // the interpreter as it is: nothing to ask the target, Preparing takes no longer
    if (!openLog(error))
        return false;

    const QString initial = m_spec->manager() != QLatin1String("none")
                                ? QStringLiteral("preparing environment")
                                : QStringLiteral("checking image %1").arg(m_spec->image());
    QJsonObject registryAuth;
    if (!m_spec->image().isEmpty()) {
        QString loginError;
        if (const auto credentials = RegistryLogins(workspace).credentialsForImage(m_spec->image(), &loginError))
            registryAuth = *credentials;
        else if (!loginError.isEmpty())
            // The image may be on the target already, or public: the pull says so if it is neither.
            appendLog(QStringLiteral("%1; pulling without logging in").arg(loginError).toUtf8());
    }
    QString toolError;
    std::optional<QJsonObject> reply;
    bool reported = false;
    {
        BuildProgress progress(m_ctx.report, initial);
        const QJsonObject toolRequest = request(*m_spec, registryAuth);
        registryAuth = QJsonObject();
        reply = m_target.runEnvironmentTool(
            m_ctx, toolRequest,
            [&](const QByteArray& line) {
                appendLog(line);
                progress.see(QString::fromUtf8(line));
            },
            &toolError);
        reported = progress.reported();
    }
    if (reported && m_ctx.report)
        m_ctx.report(QString());
    if (!reply) {
        *error = QStringLiteral("environment build failed: %1").arg(toolError);
        appendLog(error->toUtf8());
        return false;
    }
    if (!reply->value(QStringLiteral("ok")).toBool()) {
        QString reason = reply->value(QStringLiteral("error")).toString();
        if (reason.isEmpty())
            reason = QStringLiteral("the environment tool gave no reason");
        *error = QStringLiteral("environment build failed: %1").arg(reason);
        const QString detail = detailText(reply->value(QStringLiteral("error_detail")));
        appendLog(error->toUtf8());
        if (!detail.isEmpty())
            *error += QLatin1Char('\n') + detail;
        return false;
    }
    m_reply = *reply;

    const QJsonObject image = m_reply.value(QStringLiteral("image")).toObject();
    if (!m_spec->image().isEmpty()) {
        if (image.value(QStringLiteral("engine")).toString().isEmpty() ||
            image.value(QStringLiteral("id")).toString().isEmpty()) {
            *error = QStringLiteral("environment build failed: the environment tool did not resolve image %1")
                         .arg(m_spec->image());
            appendLog(error->toUtf8());
            return false;
        }
        m_ctx.container.engine = image.value(QStringLiteral("engine")).toString();
        m_ctx.container.image = image.value(QStringLiteral("id")).toString();
        m_ctx.container.imageRef = image.value(QStringLiteral("ref")).toString(m_spec->image());
        m_ctx.container.imageDigest = image.value(QStringLiteral("digest")).toString();
        m_ctx.container.init = image.value(QStringLiteral("init")).toString();
        m_ctx.container.name = ContainerCommand::nameForRun(m_ctx.runId);
    }
    const QString hash = m_reply.value(QStringLiteral("hash")).toString();
    if (!hash.isEmpty()) {
        const bool built = m_reply.value(QStringLiteral("built")).toBool();
        appendLog(
            QStringLiteral("environment %1 %2: %3")
                .arg(hash.left(12),
                     built ? QStringLiteral("built in %1 s")
                                 .arg(m_reply.value(QStringLiteral("build_seconds")).toDouble(), 0, 'f', 1)
                           : QStringLiteral("reused"),
                     m_reply.value(QStringLiteral("prefix")).toString())
                .toUtf8());
    }
    if (m_ctx.container.isSet())
        appendLog(
            QStringLiteral("image %1 (%2)").arg(m_ctx.container.imageRef, m_ctx.container.image).toUtf8());
    return true;
}

QString EnvironmentSetup::interpreter() const
{
    const QString python = m_reply.value(QStringLiteral("python")).toString();
    if (!python.isEmpty())
        return python;
    // An image without a python3 of its own can still run .sh entry scripts; a .py one then fails on it.
    return m_ctx.container.isSet() ? QStringLiteral("python3") : m_ctx.target.python();
}

void EnvironmentSetup::applyTo(QHash<QString, QString>& environment) const
{
    const QString prefix = m_reply.value(QStringLiteral("prefix")).toString();
    const QString binDir = m_reply.value(QStringLiteral("bin_dir")).toString();
    if (prefix.isEmpty())
        return;
    const QString manager = m_reply.value(QStringLiteral("manager")).toString();
    environment.insert(manager == QLatin1String("conda") ? QStringLiteral("CONDA_PREFIX")
                                                         : QStringLiteral("VIRTUAL_ENV"),
                       prefix);
    // In a container PATH is set inline by wrapCommand: the host's PATH means nothing there.
    if (!binDir.isEmpty() && !m_ctx.container.isSet()) {
        const QString path = environment.value(QStringLiteral("PATH"));
        // A target whose account brings its own PATH (ssh) leaves PATH out of the job's variables: the job
        // wrapper puts the environment's folder in front of the PATH it finds there.
        if (path.isEmpty())
            environment.insert(QStringLiteral("TRAINYARD_PATH_PREFIX"), binDir);
        else
            environment.insert(QStringLiteral("PATH"), binDir + QLatin1Char(':') + path);
    }
}

QStringList EnvironmentSetup::wrapCommand(const QStringList& argv) const
{
    if (!m_ctx.container.isSet())
        return argv;
    const QString runDir = m_target.pathOnTarget(m_ctx, m_ctx.runDir);
    const QStringList mounts{runDir};
    QStringList readOnly{m_target.pathOnTarget(m_ctx, m_ctx.runtimeDir)};
    const QString prefix = m_reply.value(QStringLiteral("prefix")).toString();
    if (!prefix.isEmpty())
        readOnly << prefix;
    // Registered datasets are used in place: read-only, so a script cannot change the registered data.
    for (const QString& path : m_ctx.datasetPaths)
        if (!isInside(path, runDir) && !readOnly.contains(path))
            readOnly << path;
    QHash<QString, QString> inlineVariables;
    const QString binDir = m_reply.value(QStringLiteral("bin_dir")).toString();
    if (!binDir.isEmpty())
        inlineVariables.insert(QStringLiteral("PATH"), binDir + QLatin1Char(':') + kImagePath);
    return ContainerCommand::wrap(m_ctx.container, argv, m_ctx.workDir, mounts, readOnly, m_ctx.environment,
                                  inlineVariables);
}

void EnvironmentSetup::recordUse(const Workspace& workspace)
{
    const QString hash = m_reply.value(QStringLiteral("hash")).toString();
    if (hash.isEmpty() || !m_spec)
        return;
    EnvironmentRecord record;
    record.target = m_ctx.target.name;
    record.hash = hash;
    record.manager = m_reply.value(QStringLiteral("manager")).toString();
    record.definition = m_spec->canonicalJson();
    record.prefix = m_reply.value(QStringLiteral("prefix")).toString();
    record.python = m_reply.value(QStringLiteral("python")).toString();
    record.pythonVersion = m_reply.value(QStringLiteral("python_version")).toString();
    record.image = m_ctx.container.imageRef;
    record.imageId = m_ctx.container.image;
    record.sizeBytes = qint64(m_reply.value(QStringLiteral("size_bytes")).toDouble());
    record.createdMs = qint64(m_reply.value(QStringLiteral("created_ms")).toDouble());
    record.lastUsedMs = RunStore::nowMs();
    QString error;
    if (!EnvironmentStore(workspace).recordUse(m_ctx.runId, record, &error))
        appendLog(QStringLiteral("the workspace could not record environment %1: %2")
                      .arg(hash.left(12), error)
                      .toUtf8());
    m_log.close();
}

QJsonObject EnvironmentSetup::handle() const
{
    const QString hash = m_reply.value(QStringLiteral("hash")).toString();
    if (m_reply.isEmpty())
        return {};
    QJsonObject handle{{QStringLiteral("python"), interpreter()}};
    if (!hash.isEmpty()) {
        for (const char* key :
             {"hash", "short", "manager", "prefix", "bin_dir", "python_version", "built", "waited"})
            handle.insert(QLatin1String(key), m_reply.value(QLatin1String(key)));
    }
    return handle;
}

void EnvironmentSetup::describe(ComputeTarget& target, RunContext& ctx, const QJsonObject& environmentHandle)
{
    const QString python =
        environmentHandle.value(QStringLiteral("python"))
            .toString(ctx.container.isSet() ? QStringLiteral("python3") : ctx.target.python());
    const QString prefix = environmentHandle.value(QStringLiteral("prefix")).toString();
    // root: where the tool may keep what it learnt of an image (its id names fixed contents).
    QJsonObject request{{QStringLiteral("command"), QStringLiteral("describe")},
                        {QStringLiteral("python"), python},
                        {QStringLiteral("prefix"), prefix},
                        {QStringLiteral("root"), target.environmentRoot(ctx)}};
    QJsonValue image;
    if (ctx.container.isSet()) {
        request.insert(QStringLiteral("container"),
                       QJsonObject{{QStringLiteral("engine"), ctx.container.engine},
                                   {QStringLiteral("image_id"), ctx.container.image}});
        image = QJsonObject{{QStringLiteral("engine"), ctx.container.engine},
                            {QStringLiteral("ref"), ctx.container.imageRef},
                            {QStringLiteral("id"), ctx.container.image},
                            {QStringLiteral("digest"), ctx.container.imageDigest}};
    } else {
        request.insert(QStringLiteral("container"), QJsonValue::Null);
    }

    QJsonObject ranWith;
    QJsonObject environment;
    if (!environmentHandle.value(QStringLiteral("hash")).toString().isEmpty()) {
        for (const char* key :
             {"hash", "short", "manager", "prefix", "python", "python_version", "built", "waited"})
            environment.insert(QLatin1String(key), environmentHandle.value(QLatin1String(key)));
    }
    ranWith.insert(QStringLiteral("environment"),
                   environment.isEmpty() ? QJsonValue::Null : QJsonValue(environment));
    ranWith.insert(QStringLiteral("image"), image);
    // The job's variables as recorded at Preparing, secret values already left out there.
    QFile record(ctx.systemDir() + QStringLiteral("/environment.json"));
    if (record.open(QIODevice::ReadOnly))
        ranWith.insert(QStringLiteral("variables"),
                       QJsonDocument::fromJson(record.readAll()).object().value(QStringLiteral("variables")));

    QString error;
    QStringList lastLines;
    const auto reply = target.runEnvironmentTool(
        ctx, request,
        [&lastLines](const QByteArray& line) {
            lastLines << QString::fromUtf8(line);
            if (lastLines.size() > 5)
                lastLines.removeFirst();
        },
        &error);
    if (reply && reply->value(QStringLiteral("ok")).toBool()) {
        const QString freeze = reply->value(QStringLiteral("freeze")).toString();
        const QString condaList = reply->value(QStringLiteral("conda_list")).toString();
        ranWith.insert(QStringLiteral("description"), reply->value(QStringLiteral("description")));
        ranWith.insert(QStringLiteral("freeze"), freeze);
        // The tool says why it has no freeze (no pip in that interpreter); the rest of the record stands.
        if (const QString freezeError = reply->value(QStringLiteral("freeze_error")).toString();
            !freezeError.isEmpty())
            ranWith.insert(QStringLiteral("freeze_error"), freezeError);
        if (!condaList.isEmpty())
            ranWith.insert(QStringLiteral("conda_list"), condaList);
        QString writeError;
        if (!writePrivateFile(ctx.systemDir() + QStringLiteral("/pip-freeze.txt"), freeze.toUtf8(),
                              &writeError))
            ranWith.insert(QStringLiteral("error"), writeError);
        if (!condaList.isEmpty() && !writePrivateFile(ctx.systemDir() + QStringLiteral("/conda-list.txt"),
                                                      condaList.toUtf8(), &writeError))
            ranWith.insert(QStringLiteral("error"), writeError);
    } else {
        if (reply)
            error = reply->value(QStringLiteral("error"))
                        .toString(QStringLiteral("the environment tool gave no reason"));
        if (!lastLines.isEmpty())
            error += QLatin1Char('\n') + lastLines.join(QLatin1Char('\n'));
        ranWith.insert(QStringLiteral("error"),
                       QStringLiteral("cannot describe the run's environment: %1").arg(error));
    }
    ranWith.insert(QStringLiteral("described_at"),
                   QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    QString writeError;
    if (!writePrivateFile(ranWithPath(ctx), QJsonDocument(ranWith).toJson(QJsonDocument::Indented),
                          &writeError))
        qWarning("trainyard-runner: %s", qPrintable(writeError));
}
