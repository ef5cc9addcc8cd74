#include "BenchSupport.h"

#include "workspace/Workspace.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cstdio>

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
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    QString load = QStringLiteral("unknown");
    if (loadavg.open(QIODevice::ReadOnly))
        load = QString::fromLatin1(loadavg.readAll()).section(QLatin1Char(' '), 0, 2);
    return QStringLiteral("load %1, %2 cores").arg(load).arg(QThread::idealThreadCount());
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

} // namespace BenchSupport
