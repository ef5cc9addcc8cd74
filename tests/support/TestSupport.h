// Shared helpers for the test suites: isolated temporary folders and paths of the built programs.
#pragma once

#include "run/RunStatus.h"
#include "workspace/Workspace.h"

#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <optional>

class QTemporaryDir;

namespace TestSupport {

// Directory holding trainyard-cli and trainyard-runner of this build.
QString binDir();
// Root of the source tree (for resources/sample and friends).
QString sourceDir();
// Debian's interpreter, which sees python3-numpy and python3-sklearn (the pyenv one on PATH may not).
QString systemPython();
// Writes a file (creating parent folders); returns false on failure.
bool writeFile(const QString& path, const QByteArray& data);
QByteArray readFile(const QString& path);
// The permission bits of a file or folder (links followed), 0 when it cannot be read.
unsigned modeOf(const QString& path);

struct CliResult
{
    int exitCode = -1; // -1: crashed or timed out
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

// Runs trainyard-cli --workspace WORKSPACE ARGS... (no shell) and waits for it.
CliResult runCli(const QString& workspace, const QStringList& args, int timeoutMs = 120000,
                 const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());
// The same with `input` as its stdin (closed after it).
CliResult runCliWithInput(const QString& workspace, const QStringList& args, const QByteArray& input,
                          const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                          int timeoutMs = 120000);
// Runs any program (no shell) with `input` on its stdin and waits for it.
CliResult runProgram(const QString& program, const QStringList& args, const QByteArray& input = QByteArray(),
                     const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                     int timeoutMs = 120000);

// Runs `command` (program first) on a pseudo-terminal of its own, waits until the terminal shows `prompt`,
// types `answer` there, and returns everything the terminal showed as out, with the program's exit code.
CliResult runOnTerminal(const QStringList& command, const QByteArray& prompt, const QByteArray& answer,
                        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                        int timeoutMs = 60000);

// A project folder with the given files (relative path -> content) and an estimator.yml made of
// `estimatorYaml`; returns the estimator's path.
QString makeProject(const QString& dir, const QHash<QString, QByteArray>& files, const QByteArray& estimatorYaml);

// Polls `show RUN --json` until the status is one of `statuses` or the timeout passes; returns the last JSON.
QJsonObject waitForStatus(const QString& workspace, const QString& runId, const QStringList& statuses,
                          int timeoutMs = 60000);

// Polls `show RUN --json` until `holds` is true of it or the timeout passes; returns the last JSON.
QJsonObject waitForRun(const QString& workspace, const QString& runId,
                       const std::function<bool(const QJsonObject&)>& holds, int timeoutMs);
// A JSON object on one line, cut at 3000 characters: for a failing check's message.
QString compactJson(const QJsonObject& object);

// The value of the last pair named NAME ("<missing>" when none), so a QCOMPARE names what was missing.
QString lastValueOf(const QVector<QPair<QString, QString>>& pairs, const QString& name);

// A new workspace in `parent` (ws1, ws2, … over the calls of one test program, so each test function gets
// its own), opened; empty, with a warning naming why, when it cannot be opened.
std::optional<Workspace> openFreshWorkspace(const QTemporaryDir& parent);

// Inserts a run of `experiment` on the local target and moves it to `state` the way a runner would: Running
// from Queued, a terminal state through Running (exit code 0 for Completed, 1 otherwise). The run's id, or
// empty with a warning when a step failed.
QString insertRun(const Workspace& workspace, const QString& experiment, RunStatus state = RunStatus::Queued,
                  const QString& snapshotId = QString());

// The pids of this machine's processes (this test's own left out) whose /proc/PID/<what> ("environ",
// "cmdline"), split at NULs, passes.
QVector<qint64> processesWhere(const QString& what, const std::function<bool(const QList<QByteArray>&)>& passes);

// The trainyard-runner processes working for `workspace` (it is on their command line).
QVector<qint64> runnersOf(const QString& workspace);
// The runner pid recorded for a run, read straight from the workspace's database; 0 when there is none.
qint64 recordedRunnerPid(const QString& workspace, const QString& runId);

} // namespace TestSupport
