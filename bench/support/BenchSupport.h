// Shared helpers for the benchmark programs: their common command-line options, filling a workspace with
// runs straight through SQL, timing a child process, and the median of a set of timings.
#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class SshTestServer;
class Workspace;

namespace BenchSupport {

struct Options
{
    int runCount = 100000;
    int repeats = 7;
    bool keep = false; // only where the bench accepts --keep
};

// Reads --runs N, --repeats N and, where `acceptKeep`, --keep into `options` (whose values are the defaults).
// Anything else prints `usage` to stderr and returns false.
bool parseOptions(const QStringList& arguments, Options* options, bool acceptKeep, const char* usage);

// "exp-07-resnet-sweep": the experiment names of the large generated workspaces.
QString experimentName(int i);

// Calls `writeRun(seq)` for seq 1..count inside one write transaction, then commits and checkpoints the
// database. RunStore::insert takes its own write lock per run, which would make 100,000 inserts take
// minutes. `writeRun` binds and executes statements it prepared on the workspace's database; on its failure
// (it sets the error) everything is rolled back.
bool writeRunsInOneTransaction(const Workspace& workspace, int count,
                               const std::function<bool(int seq, QString* error)>& writeRun, QString* error);

struct ProcessResult
{
    bool ok = false; // exited normally with code 0 within a minute
    double wallMs = -1;
    QByteArray standardOutput;
};

// Runs `program` to its end and times it from start to exit. `env` empty: the program inherits ours. On
// failure prints "<label> failed: <its stderr>" to stderr.
ProcessResult runTimed(const QString& program, const QStringList& arguments, const QString& label,
                       const QProcessEnvironment& env = {});

// The median; the mean of the two middle values for an even count. `values` must not be empty.
double median(std::vector<double> values);

// "load 1.52 0.98 0.61, 2 cores": how busy the machine was, printed at the start and end of every bench so
// that a figure can be read against the load it was measured under.
QString machineLoad();

// Rounds of a subject timed right after its own baseline, so that background load hits both sides of each
// ratio alike. The figure is the median of the per-round ratios, never the best round.
class PairedRounds
{
public:
    void add(double baseline, double subject);
    int count() const { return int(m_ratios.size()); }
    double medianRatio() const;
    double medianBaseline() const;
    double medianSubject() const;
    // "ratios 0.91 1.02 1.10 1.12 1.40": every round, for the spread.
    QString ratios() const;

private:
    std::vector<double> m_baselines;
    std::vector<double> m_subjects;
    std::vector<double> m_ratios;
};

// "1.23 0.98 0.77 2/345 6789" from /proc/loadavg: how busy the machine was while it measured.
QString loadAverage();

// The same pseudo-random sequence in every bench (xorshift64), so generated trees are alike from run to run.
quint64 nextRandom();
// `size` bytes of that sequence: incompressible file content.
QByteArray randomBytes(qint64 size);

// The source tree of the snapshot benches: 20,000 files, 500 MB in 40 x 5 folders; 18,000 text files of
// 0.5-12 kB, ~2,000 incompressible binaries of ~175 kB and ten of 4 MiB. False when a write failed.
bool generateProjectTree(const QString& root);
constexpr int kProjectTreeFiles = 20000;
constexpr qint64 kProjectTreeBytes = 500LL * 1000 * 1000;

// Adds the ssh target `name` for `server` to `workspace` through trainyard-cli (remote working folder
// `remoteWorkDir`, the system Python, cleanup keep, `extra` flags) and trusts its host key. False after
// printing why.
bool addSshTarget(const QString& workspace, const QString& name, const SshTestServer& server,
                  const QString& remoteWorkDir, const QStringList& extra = {});

// ssh's options for a baseline tool (rsync -e, scp) talking to `server` with its client key: the same sshd
// and cipher as the target, host key checks off (the baseline only).
QStringList baselineSshOptions(const SshTestServer& server);

// A project in `dir` with `script` as its entry script (and `estimatorExtra` appended to its estimator),
// submitted to `workspace` through trainyard-cli (waiting for its end when `wait`); the run id, or empty after
// printing why.
QString submitScript(const QString& workspace, const QString& dir, const QByteArray& script,
                     const QByteArray& estimatorExtra, bool wait);

struct ChildUsage
{
    bool ok = false; // exited with code 0
    double wallSeconds = 0;
    double cpuSeconds = 0; // user + system
    double peakRssMb = 0;  // of this child alone, from wait4
};

// Runs `arguments` (program first, no shell) with stdout written to `outputPath` and times it.
ChildUsage runToFile(const QStringList& arguments, const QString& outputPath);

// Starts `arguments` (program first, no shell) with its stdout on a pipe; the pid (-1 when it could not start)
// and the pipe's read end in *stdoutFd.
int spawnWithStdoutPipe(const QStringList& arguments, int* stdoutFd);

} // namespace BenchSupport
