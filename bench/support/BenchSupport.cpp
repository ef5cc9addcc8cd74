#include "BenchSupport.h"

#include "SshTestServer.h"
#include "workspace/Workspace.h"

#include <QElapsedTimer>
#include <QDir>
#include <QFile>
#include <QThread>
#include <QVector>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>

#include <QFile>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace BenchSupport {

bool parseOptions(const QStringList& arguments, Options* options, bool acceptKeep, const char* usage)
{
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("--runs") && i + 1 < arguments.size())
            options->runCount = arguments.at(++i).toInt();
        else if (arguments.at(i) == QLatin1String("--repeats") && i + 1 < arguments.size())
            options->repeats = arguments.at(++i).toInt();
        else if (acceptKeep && arguments.at(i) == QLatin1String("--keep"))
            options->keep = true;
        else {
            std::fprintf(stderr, "%s\n", usage);
            return false;
        }
    }
    return true;
}

QString experimentName(int i) { return QStringLiteral("exp-%1-resnet-sweep").arg(i, 2, 10, QLatin1Char('0')); }

bool writeRunsInOneTransaction(const Workspace& workspace, int count,
                               const std::function<bool(int seq, QString* error)>& writeRun, QString* error)
{
    QSqlDatabase db = workspace.database();
    QSqlQuery begin(db);
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        *error = begin.lastError().text();
        return false;
    }
    for (int seq = 1; seq <= count; ++seq) {
        if (!writeRun(seq, error)) {
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    if (!QSqlQuery(db).exec(QStringLiteral("COMMIT"))) {
        *error = db.lastError().text();
        return false;
    }
    // Leave the database as a long-used workspace would be: checkpointed. No ANALYZE here: Trainyard never
    // runs it, and its statistics change the query plans.
    QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    return true;
}

ProcessResult runTimed(const QString& program, const QStringList& arguments, const QString& label,
                       const QProcessEnvironment& env)
{
    QProcess p;
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    p.start(program, arguments);
    ProcessResult result;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(label), qPrintable(QString::fromUtf8(p.readAllStandardError())));
        p.kill();
        p.waitForFinished(5000);
        return result;
    }
    result.wallMs = double(timer.nsecsElapsed()) / 1e6;
    result.standardOutput = p.readAllStandardOutput();
    result.ok = true;
    return result;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

QString machineLoad()
{
    return QStringLiteral("load %1, %2 cores").arg(loadAverage().section(QLatin1Char(' '), 0, 2)).arg(QThread::idealThreadCount());
}

void PairedRounds::add(double baseline, double subject)
{
    m_baselines.push_back(baseline);
    m_subjects.push_back(subject);
    m_ratios.push_back(baseline > 0 ? subject / baseline : 0);
}

double PairedRounds::medianRatio() const { return m_ratios.empty() ? 0 : median(m_ratios); }
double PairedRounds::medianBaseline() const { return m_baselines.empty() ? 0 : median(m_baselines); }
double PairedRounds::medianSubject() const { return m_subjects.empty() ? 0 : median(m_subjects); }

QString PairedRounds::ratios() const
{
    std::vector<double> sorted = m_ratios;
    std::sort(sorted.begin(), sorted.end());
    QStringList parts;
    for (double r : sorted)
        parts << QString::number(r, 'f', 2);
    return QStringLiteral("ratios ") + parts.join(QLatin1Char(' '));
}

namespace {
quint64 g_randomState = 0x9e3779b97f4a7c15ULL;
} // namespace

quint64 nextRandom()
{
    g_randomState ^= g_randomState << 13;
    g_randomState ^= g_randomState >> 7;
    g_randomState ^= g_randomState << 17;
    return g_randomState;
}

QByteArray randomBytes(qint64 size)
{
    QByteArray data(size, Qt::Uninitialized);
    auto* words = reinterpret_cast<quint64*>(data.data());
    for (qint64 i = 0; i < size / 8; ++i)
        words[i] = nextRandom();
    for (qint64 i = (size / 8) * 8; i < size; ++i)
        data[i] = char(nextRandom());
    return data;
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).trimmed() : QStringLiteral("unknown");
}

namespace {

QByteArray randomText(qint64 size)
{
    static const char* const words[] = {"def ", "return ", "self", ".weight", " = ", "torch", "(x)", "\n", "    ",
                                        "loss", "import ", "numpy", "# TODO ", "0.001", ", ", "for i in range"};
    QByteArray data;
    data.reserve(size + 32);
    while (data.size() < size)
        data.append(words[nextRandom() % (sizeof(words) / sizeof(words[0]))]);
    data.truncate(size);
    return data;
}

} // namespace

bool generateProjectTree(const QString& root)
{
    QVector<qint64> sizes;
    QVector<bool> binary;
    qint64 textTotal = 0;
    for (int i = 0; i < 18000; ++i) {
        sizes.append(500 + qint64(nextRandom() % 11500));
        binary.append(false);
        textTotal += sizes.last();
    }
    const int large = 10;
    const qint64 largeSize = 4 * 1024 * 1024;
    const int mid = kProjectTreeFiles - 18000 - large;
    const qint64 midSize = (kProjectTreeBytes - textTotal - large * largeSize) / mid;
    for (int i = 0; i < mid; ++i) {
        sizes.append(midSize / 2 + qint64(nextRandom() % quint64(midSize))); // averages midSize
        binary.append(true);
    }
    for (int i = 0; i < large; ++i) {
        sizes.append(largeSize);
        binary.append(true);
    }
    for (int i = 0; i < sizes.size(); ++i) {
        const QString dir = root + QStringLiteral("/pkg%1/mod%2").arg(i % 40).arg((i / 40) % 5);
        if (i < 200 && !QDir().mkpath(dir))
            return false;
        QFile file(dir + QStringLiteral("/file%1%2").arg(i).arg(binary[i] ? QStringLiteral(".bin") : QStringLiteral(".py")));
        const QByteArray content = binary[i] ? randomBytes(sizes[i]) : randomText(sizes[i]);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            return false;
    }
    return true;
}

bool addSshTarget(const QString& workspace, const QString& name, const SshTestServer& server,
                  const QString& remoteWorkDir, const QStringList& extra)
{
    const QString cli = QStringLiteral(TRAINYARD_BIN_DIR "/trainyard-cli");
    const QStringList add = QStringList{QStringLiteral("--workspace"), workspace, QStringLiteral("targets"), QStringLiteral("add"),
                                        QStringLiteral("ssh"), name, QStringLiteral("--host"), server.host(),
                                        QStringLiteral("--port"), QString::number(server.port()), QStringLiteral("--user"),
                                        server.user(), QStringLiteral("--identity-file"), server.clientKeyPath(),
                                        QStringLiteral("--workdir"), remoteWorkDir, QStringLiteral("--python"),
                                        QStringLiteral("/usr/bin/python3"), QStringLiteral("--cleanup"), QStringLiteral("keep")}
                            + extra;
    if (!runTimed(cli, add, QStringLiteral("targets add")).ok)
        return false;
    return runTimed(cli, {QStringLiteral("--workspace"), workspace, QStringLiteral("targets"), QStringLiteral("trust"), name,
                          QStringLiteral("--yes")},
                    QStringLiteral("targets trust"))
        .ok;
}

QStringList baselineSshOptions(const SshTestServer& server)
{
    return {QStringLiteral("-i"), server.clientKeyPath(), QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=no"),
            QStringLiteral("-o"), QStringLiteral("UserKnownHostsFile=/dev/null"), QStringLiteral("-o"),
            QStringLiteral("LogLevel=ERROR"), QStringLiteral("-o"), QStringLiteral("IdentitiesOnly=yes")};
}

QString submitScript(const QString& workspace, const QString& dir, const QByteArray& script,
                     const QByteArray& estimatorExtra, bool wait)
{
    QFile scriptFile(dir + QStringLiteral("/bench_script.py"));
    QFile estimator(dir + QStringLiteral("/estimator.yml"));
    const QByteArray yaml = "entry_script: bench_script.py\n" + estimatorExtra;
    if (!scriptFile.open(QIODevice::WriteOnly) || scriptFile.write(script) != script.size()
        || !estimator.open(QIODevice::WriteOnly) || estimator.write(yaml) != yaml.size()) {
        std::fprintf(stderr, "cannot write the project in %s\n", qPrintable(dir));
        return QString();
    }
    scriptFile.close();
    estimator.close();
    QStringList arguments{QStringLiteral("--workspace"), workspace, QStringLiteral("submit"), estimator.fileName()};
    if (wait)
        arguments << QStringLiteral("--wait");
    const ProcessResult submitted =
        runTimed(QStringLiteral(TRAINYARD_BIN_DIR "/trainyard-cli"), arguments, QStringLiteral("submit"));
    return submitted.ok ? QString::fromUtf8(submitted.standardOutput).split(QLatin1Char('\n')).constFirst().trimmed()
                        : QString();
}

namespace {

// Spawns `arguments` after `prepare` has added its redirections; the pid or -1.
pid_t spawnWith(const QStringList& arguments, const std::function<void(posix_spawn_file_actions_t*)>& prepare)
{
    std::vector<QByteArray> storage;
    for (const QString& a : arguments)
        storage.push_back(a.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& a : storage)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    prepare(&actions);
    pid_t pid = -1;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0)
        pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

} // namespace

ChildUsage runToFile(const QStringList& arguments, const QString& outputPath)
{
    const QByteArray out = outputPath.toLocal8Bit();
    ChildUsage child;
    const auto began = std::chrono::steady_clock::now();
    const pid_t pid = spawnWith(arguments, [&out](posix_spawn_file_actions_t* actions) {
        posix_spawn_file_actions_addopen(actions, STDOUT_FILENO, out.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    });
    int status = 0;
    struct rusage usage = {};
    if (pid <= 0 || wait4(pid, &status, 0, &usage) != pid)
        return child;
    child.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    child.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                       + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    child.peakRssMb = double(usage.ru_maxrss) / 1024.0;
    child.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return child;
}

int spawnWithStdoutPipe(const QStringList& arguments, int* stdoutFd)
{
    int fds[2] = {-1, -1};
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    const pid_t pid = spawnWith(arguments, [&fds](posix_spawn_file_actions_t* actions) {
        posix_spawn_file_actions_adddup2(actions, fds[1], STDOUT_FILENO);
    });
    ::close(fds[1]);
    if (pid <= 0) {
        ::close(fds[0]);
        return -1;
    }
    *stdoutFd = fds[0];
    return pid;
}

} // namespace BenchSupport
