#include "TestSupport.h"

#include "run/RunStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/stat.h>

#include <unistd.h>

namespace TestSupport {

QString binDir() { return QStringLiteral(TRAINYARD_BIN_DIR); }
QString sourceDir() { return QStringLiteral(TRAINYARD_SOURCE_DIR); }
QString systemPython() { return QStringLiteral("/usr/bin/python3"); }

bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(data) == data.size();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

unsigned modeOf(const QString& path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

CliResult runCli(const QString& workspace, const QStringList& args, int timeoutMs, const QProcessEnvironment& env)
{
    return runCliWithInput(workspace, args, QByteArray(), env, timeoutMs);
}

CliResult runCliWithInput(const QString& workspace, const QStringList& args, const QByteArray& input,
                          const QProcessEnvironment& env, int timeoutMs)
{
    return runProgram(binDir() + QStringLiteral("/trainyard-cli"), QStringList{QStringLiteral("--workspace"), workspace} + args,
                      input, env, timeoutMs);
}

CliResult runOnTerminal(const QStringList& command, const QByteArray& prompt, const QByteArray& answer,
                        const QProcessEnvironment& env, int timeoutMs)
{
    // Python's pty module gives the program a controlling terminal; the test sees what it showed there.
    static const char driver[] = R"(
import os, pty, sys
prompt = sys.argv[1].encode()
answer = sys.stdin.buffer.read()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
shown = b""
def read():
    global shown
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        return False
    shown += chunk
    return bool(chunk)
while prompt not in shown and read():
    pass
os.write(fd, answer)
while read():
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(shown)
sys.exit(os.waitstatus_to_exitcode(status))
)";
    return runProgram(systemPython(), QStringList{QStringLiteral("-c"), QString::fromLatin1(driver), QString::fromUtf8(prompt)} + command,
                      answer, env, timeoutMs);
}

CliResult runProgram(const QString& program, const QStringList& args, const QByteArray& input,
                     const QProcessEnvironment& env, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    CliResult result;
    if (!process.waitForStarted(10000))
        return result;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = "timed out\n" + process.readAllStandardError();
        return result;
    }
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

QString makeProject(const QString& dir, const QHash<QString, QByteArray>& files, const QByteArray& estimatorYaml)
{
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        writeFile(dir + QLatin1Char('/') + it.key(), it.value());
    const QString estimator = dir + QStringLiteral("/estimator.yml");
    writeFile(estimator, estimatorYaml);
    return estimator;
}

QJsonObject waitForStatus(const QString& workspace, const QString& runId, const QStringList& statuses, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QJsonObject last;
    while (timer.elapsed() < timeoutMs) {
        const CliResult r = runCli(workspace, {QStringLiteral("show"), runId, QStringLiteral("--json")});
        last = r.json().object();
        if (statuses.contains(last.value(QStringLiteral("status")).toString()))
            return last;
        QThread::msleep(100);
    }
    return last;
}

QJsonObject waitForRun(const QString& workspace, const QString& runId,
                       const std::function<bool(const QJsonObject&)>& holds, int timeoutMs)
{
    const auto show = [&] {
        return runCli(workspace, {QStringLiteral("show"), runId, QStringLiteral("--json")}).json().object();
    };
    QElapsedTimer timer;
    timer.start();
    QJsonObject last = show();
    while (!holds(last) && timer.elapsed() < timeoutMs) {
        QTest::qWait(200);
        last = show();
    }
    return last;
}

QString lastValueOf(const QVector<QPair<QString, QString>>& pairs, const QString& name)
{
    QString found = QStringLiteral("<missing>");
    for (const auto& pair : pairs)
        if (pair.first == name)
            found = pair.second;
    return found;
}

QString compactJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)).left(3000);
}

std::optional<Workspace> openFreshWorkspace(const QTemporaryDir& parent)
{
    static int counter = 0;
    if (!parent.isValid()) {
        qWarning("the temporary folder for the workspace could not be created");
        return std::nullopt;
    }
    QString error;
    auto workspace = Workspace::open(parent.path() + QStringLiteral("/ws%1").arg(++counter), &error);
    if (!workspace)
        qWarning("cannot open the test workspace: %s", qPrintable(error));
    return workspace;
}

QString insertRun(const Workspace& workspace, const QString& experiment, RunStatus state, const QString& snapshotId)
{
    RunStore store(workspace);
    RunRecord run;
    run.experiment = experiment;
    run.computeTarget = QStringLiteral("local");
    run.snapshotId = snapshotId;
    QString error;
    if (!store.insert(run, &error)) {
        qWarning("insert: %s", qPrintable(error));
        return {};
    }
    if (state == RunStatus::Queued)
        return run.id;
    if (!store.transition(run.id, {RunStatus::Queued}, RunStatus::Running)) {
        qWarning("cannot start run %s: %s", qPrintable(run.id), qPrintable(store.lastError()));
        return {};
    }
    if (isTerminal(state) && !store.finish(run.id, state, state == RunStatus::Completed ? 0 : 1, QString())) {
        qWarning("cannot end run %s: %s", qPrintable(run.id), qPrintable(store.lastError()));
        return {};
    }
    return run.id;
}

QVector<qint64> processesWhere(const QString& what, const std::function<bool(const QList<QByteArray>&)>& passes)
{
    QVector<qint64> pids;
    const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString& entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok || pid == ::getpid())
            continue;
        QFile file(QStringLiteral("/proc/%1/%2").arg(pid).arg(what));
        if (file.open(QIODevice::ReadOnly) && passes(file.readAll().split('\0')))
            pids << pid;
    }
    return pids;
}

QVector<qint64> runnersOf(const QString& workspace)
{
    return processesWhere(QStringLiteral("cmdline"), [&workspace](const QList<QByteArray>& args) {
        return !args.isEmpty() && args.first().endsWith("trainyard-runner") &&
               args.join(' ').contains(QFile::encodeName(workspace));
    });
}

qint64 recordedRunnerPid(const QString& workspace, const QString& runId)
{
    // A connection of its own, closed again: the test never holds the database the runners write.
    const QString connection = QStringLiteral("test-support-runner-pid");
    QSqlDatabase db = QSqlDatabase::contains(connection) ? QSqlDatabase::database(connection, false)
                                                         : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.close();
    db.setDatabaseName(workspace + QStringLiteral("/workspace.db"));
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
    db.open();
    qint64 pid = 0;
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT runner_pid FROM runs WHERE id = ?"));
        q.addBindValue(runId);
        pid = q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    }
    db.close();
    return pid;
}

} // namespace TestSupport
