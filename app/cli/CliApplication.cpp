#include "CliApplication.h"

#include "estimator/CommandLineBuilder.h"
#include "registry/DatasetRegistry.h"
#include "estimator/Estimator.h"
#include "estimator/EstimatorParser.h"
#include "metrics/MetricReader.h"
#include "registry/ModelRegistry.h"
#include "run/RunFiles.h"
#include "run/RunScheduler.h"
#include "run/RunStore.h"
#include "run/RunWatcher.h"
#include "run/Submitter.h"
#include "targets/TargetRegistry.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>
#include <cstdio>

namespace {

enum ExitCode { Ok = 0, Failure = 1, InvalidInput = 2 };

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

void writeRaw(FILE* stream, const QByteArray& data)
{
    std::fwrite(data.constData(), 1, size_t(data.size()), stream);
    std::fflush(stream);
}

void printJson(const QJsonValue& value)
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    out() << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    out().flush();
}

QString isoTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(Qt::ISODateWithMs) : QString();
}

QJsonValue timeValue(qint64 ms) { return ms > 0 ? QJsonValue(isoTime(ms)) : QJsonValue(); }

// JSON has no NaN or infinity; they are written as strings so that no value is lost.
QJsonValue numberValue(double v)
{
    if (std::isnan(v))
        return QStringLiteral("nan");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return v;
}

QString duration(const RunRecord& run)
{
    if (run.startedAt <= 0)
        return QString();
    const qint64 end = run.endedAt > 0 ? run.endedAt : RunStore::nowMs();
    const qint64 s = qMax<qint64>(0, (end - run.startedAt) / 1000);
    return s >= 3600 ? QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QJsonObject runSummaryJson(const RunRecord& run)
{
    return QJsonObject{
        {QStringLiteral("id"), run.id},
        {QStringLiteral("experiment"), run.experiment},
        {QStringLiteral("status"), runStatusName(run.status)},
        {QStringLiteral("compute_target"), run.computeTarget},
        {QStringLiteral("submitted_at"), timeValue(run.submittedAt)},
        {QStringLiteral("started_at"), timeValue(run.startedAt)},
        {QStringLiteral("ended_at"), timeValue(run.endedAt)},
        {QStringLiteral("exit_code"), run.exitCode ? QJsonValue(*run.exitCode) : QJsonValue()},
        {QStringLiteral("error"), run.error.isEmpty() ? QJsonValue() : QJsonValue(run.error)},
    };
}

QString humanSize(qint64 bytes)
{
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return u == 0 ? QStringLiteral("%1 B").arg(bytes) : QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(units[u]));
}

QVector<QPair<QString, QString>> parseTags(const QStringList& items, QString* error)
{
    QVector<QPair<QString, QString>> tags;
    for (const QString& item : items) {
        const int eq = item.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *error = QStringLiteral("--tag %1: expected KEY=VALUE").arg(item);
            return {};
        }
        tags.append({item.left(eq), item.mid(eq + 1)});
    }
    return tags;
}

QString pad(const QString& s, int width) { return s.leftJustified(width); }

// Prints "trainyard-cli: ERROR" and hands back the exit code, so a failing step is one line.
int reportError(const QString& error, int code)
{
    err() << "trainyard-cli: " << error << "\n";
    return code;
}

// Prints `records` as a JSON array (--json) or as a table: `header` (none when empty), then one line per record.
// `toRow` must return a QString, not a QStringBuilder over temporaries that die when it returns.
template <typename Record, typename ToJson, typename ToRow>
void printListing(bool json, const QVector<Record>& records, ToJson toJson, const QString& header, ToRow toRow)
{
    if (json) {
        QJsonArray array;
        for (const Record& record : records)
            array.append(toJson(record));
        printJson(array);
        return;
    }
    if (!header.isEmpty())
        out() << header << "\n";
    for (const Record& record : records)
        out() << toRow(record) << "\n";
    out().flush();
}

} // namespace

CliApplication::CliApplication(const QStringList& arguments) : m_arguments(arguments) {}

int CliApplication::usage(int code)
{
    QTextStream& s = code == Ok ? out() : err();
    s << "usage: trainyard-cli [--workspace DIR] [--json] COMMAND ...\n\n"
         "Runs\n"
         "  submit ESTIMATOR.yml [--experiment N] [--target T] [--param KEY=VALUE]... [--wait]\n"
         "  runs [--experiment N] [--status S] [--limit N]\n"
         "  show RUN\n"
         "  logs RUN [--follow] [--stderr | --file PATH]\n"
         "  metrics RUN [--name NAME]\n"
         "  files RUN\n"
         "  download RUN PATH --to DEST\n"
         "  cancel RUN\n"
         "Models\n"
         "  register-model RUN --name N --path outputs/... [--description D] [--tag K=V]...\n"
         "  models\n"
         "  model-download NAME[:VERSION] --to DEST\n"
         "  model-delete NAME:VERSION\n"
         "Datasets and targets\n"
         "  datasets add NAME PATH [--description D]\n"
         "  datasets list\n"
         "  targets list\n"
         "  targets show NAME\n"
         "  targets set NAME [--kind local] [--max-concurrent-runs N] [--python PATH] [--cancel-grace-seconds S]\n\n"
         "The workspace is --workspace, else $TRAINYARD_WORKSPACE, else the per-user default.\n";
    s.flush();
    return code;
}

int CliApplication::exec()
{
    // Global options may stand anywhere; the first other word is the command.
    QStringList rest;
    QString command;
    for (int i = 1; i < m_arguments.size(); ++i) {
        const QString& a = m_arguments.at(i);
        if (a == QLatin1String("--workspace") && i + 1 < m_arguments.size()) {
            m_workspaceDir = m_arguments.at(++i);
        } else if (a.startsWith(QLatin1String("--workspace="))) {
            m_workspaceDir = a.mid(12);
        } else if (a == QLatin1String("--json")) {
            m_json = true;
        } else if (command.isEmpty() && (a == QLatin1String("-h") || a == QLatin1String("--help"))) {
            return usage(Ok);
        } else if (command.isEmpty() && !a.startsWith(QLatin1Char('-'))) {
            command = a;
        } else {
            rest << a;
        }
    }
    if (command.isEmpty())
        return usage(InvalidInput);
    using Handler = int (CliApplication::*)(const QStringList&);
    const QHash<QString, Handler> handlers{
        {QStringLiteral("submit"), &CliApplication::submit},
        {QStringLiteral("runs"), &CliApplication::runs},
        {QStringLiteral("show"), &CliApplication::show},
        {QStringLiteral("logs"), &CliApplication::logs},
        {QStringLiteral("metrics"), &CliApplication::metrics},
        {QStringLiteral("files"), &CliApplication::files},
        {QStringLiteral("download"), &CliApplication::download},
        {QStringLiteral("cancel"), &CliApplication::cancel},
        {QStringLiteral("register-model"), &CliApplication::registerModel},
        {QStringLiteral("models"), &CliApplication::models},
        {QStringLiteral("model-download"), &CliApplication::modelDownload},
        {QStringLiteral("model-delete"), &CliApplication::modelDelete},
        {QStringLiteral("datasets"), &CliApplication::datasets},
        {QStringLiteral("targets"), &CliApplication::targets},
    };
    const auto handler = handlers.find(command);
    if (handler == handlers.end()) {
        err() << "trainyard-cli: unknown command \"" << command << "\"\n";
        return usage(InvalidInput);
    }
    const int code = (this->*handler.value())(rest);
    out().flush();
    err().flush();
    return code;
}

bool CliApplication::parse(QCommandLineParser& parser, const QStringList& args, int positionals, const QString& synopsis)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(QStringList{QStringLiteral("trainyard-cli")} + args)) {
        err() << "trainyard-cli: " << parser.errorText() << "\nusage: trainyard-cli " << synopsis << "\n";
        err().flush();
        return false;
    }
    if (positionals >= 0 && parser.positionalArguments().size() != positionals) {
        err() << "trainyard-cli: expected " << positionals << " argument(s)\nusage: trainyard-cli " << synopsis << "\n";
        err().flush();
        return false;
    }
    return true;
}

bool CliApplication::requireOptions(const QCommandLineParser& parser, const QStringList& options, const QString& what,
                                    const QString& synopsis)
{
    for (const QString& option : options) {
        if (!parser.isSet(option)) {
            err() << "trainyard-cli: " << what << "\nusage: trainyard-cli " << synopsis << "\n";
            return false;
        }
    }
    return true;
}

std::optional<RunRecord> CliApplication::openRun(const QCommandLineParser& parser)
{
    if (!openWorkspace())
        return std::nullopt;
    const QString id = parser.positionalArguments().constFirst();
    auto run = RunStore(*m_workspace).find(id);
    if (!run)
        err() << "trainyard-cli: unknown run " << id << "\n";
    return run;
}

bool CliApplication::openWorkspace()
{
    QString error;
    m_workspace = Workspace::open(Workspace::resolveLocation(m_workspaceDir), &error);
    if (!m_workspace) {
        err() << "trainyard-cli: " << error << "\n";
        err().flush();
        return false;
    }
    // Every program that opens a workspace settles runs whose runner died and starts what is queued.
    RunScheduler(*m_workspace).recover();
    return true;
}

int CliApplication::submit(const QStringList& args)
{
    QCommandLineParser p;
    p.addOptions({{QStringLiteral("experiment"), QString(), QStringLiteral("N")},
                  {QStringLiteral("target"), QString(), QStringLiteral("T")},
                  {QStringLiteral("param"), QString(), QStringLiteral("KEY=VALUE")},
                  {QStringLiteral("wait"), QString()}});
    const QString synopsis = QStringLiteral("submit ESTIMATOR.yml [--experiment N] [--target T] [--param KEY=VALUE]... [--wait]");
    if (!parse(p, args, 1, synopsis))
        return InvalidInput;
    QStringList errors;
    auto estimator = EstimatorParser::parseFile(p.positionalArguments().constFirst(), &errors);
    if (estimator) {
        if (p.isSet(QStringLiteral("experiment")))
            estimator->experiment = p.value(QStringLiteral("experiment"));
        if (p.isSet(QStringLiteral("target")))
            estimator->computeTarget = p.value(QStringLiteral("target"));
        for (const QString& item : p.values(QStringLiteral("param"))) {
            QString error;
            if (!EstimatorParser::applyOverride(*estimator, item, &error))
                errors << QStringLiteral("--param %1: %2").arg(item, error);
        }
    }
    if (!errors.isEmpty()) {
        for (const QString& e : errors)
            err() << e << "\n";
        err().flush();
        return InvalidInput;
    }
    if (!openWorkspace())
        return Failure;
    const auto run = Submitter::run(*m_workspace, *estimator, &errors);
    if (!run) {
        for (const QString& e : errors)
            err() << e << "\n";
        err().flush();
        // Problems with the estimator or what it names are invalid input; anything else is a failure.
        return errors.join(QLatin1Char('\n')).contains(QLatin1String("snapshot of")) ? Failure : InvalidInput;
    }
    if (m_json)
        printJson(runSummaryJson(*run));
    else
        out() << run->id << "\n";
    out().flush();
    err() << "Submitted run " << run->id << " (" << runStatusName(run->status) << ") to " << run->computeTarget
          << ". Open it: trainyard://run/" << run->id << "\n";
    err().flush();
    if (!p.isSet(QStringLiteral("wait")))
        return Ok;
    return followRun(run->id, {{QStringLiteral("system/stdout.log"), stdout}, {QStringLiteral("system/stderr.log"), stderr}}, true);
}

int CliApplication::followRun(const QString& runId, const QHash<QString, FILE*>& destinations, bool reportEnd)
{
    RunWatcher watcher(*m_workspace, runId);
    for (auto it = destinations.cbegin(); it != destinations.cend(); ++it)
        watcher.follow(it.key());
    int code = Failure;
    QObject::connect(&watcher, &RunWatcher::output, &watcher, [&destinations](const QString& path, const QByteArray& data) {
        writeRaw(destinations.value(path, stdout), data);
    });
    QObject::connect(&watcher, &RunWatcher::finished, &watcher, [&code, runId, reportEnd, this](RunStatus status) {
        if (reportEnd) {
            const auto run = RunStore(*m_workspace).find(runId);
            err() << "Run " << runId << " " << runStatusName(status);
            if (run && run->exitCode)
                err() << " (exit code " << *run->exitCode << ")";
            if (run && !run->error.isEmpty() && status != RunStatus::Completed)
                err() << ": " << run->error;
            err() << "\n";
            err().flush();
        }
        code = status == RunStatus::Completed ? Ok : Failure;
        QCoreApplication::exit(0);
    });
    watcher.start(200);
    QCoreApplication::exec();
    return code;
}

int CliApplication::runs(const QStringList& args)
{
    QCommandLineParser p;
    p.addOptions({{QStringLiteral("experiment"), QString(), QStringLiteral("N")},
                  {QStringLiteral("status"), QString(), QStringLiteral("S")},
                  {QStringLiteral("limit"), QString(), QStringLiteral("N"), QStringLiteral("50")}});
    if (!parse(p, args, 0, QStringLiteral("runs [--experiment N] [--status S] [--limit N]")))
        return InvalidInput;
    RunFilter filter;
    filter.experiment = p.value(QStringLiteral("experiment"));
    bool ok = false;
    filter.limit = p.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || filter.limit < 1) {
        err() << "trainyard-cli: --limit: expected a positive number, got \"" << p.value(QStringLiteral("limit")) << "\"\n";
        return InvalidInput;
    }
    if (p.isSet(QStringLiteral("status"))) {
        filter.status = runStatusFromName(p.value(QStringLiteral("status")));
        if (!filter.status) {
            err() << "trainyard-cli: --status: unknown status \"" << p.value(QStringLiteral("status")) << "\"\n";
            return InvalidInput;
        }
    }
    if (!openWorkspace())
        return Failure;
    printListing(m_json, RunStore(*m_workspace).list(filter), runSummaryJson,
                 pad(QStringLiteral("RUN"), 28) + pad(QStringLiteral("STATUS"), 11) + pad(QStringLiteral("TARGET"), 10)
                     + pad(QStringLiteral("SUBMITTED"), 21) + QStringLiteral("DURATION"),
                 [](const RunRecord& run) -> QString {
                     return pad(run.id, 28) + pad(runStatusName(run.status), 11) + pad(run.computeTarget, 10)
                            + pad(QDateTime::fromMSecsSinceEpoch(run.submittedAt).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), 21)
                            + duration(run);
                 });
    return Ok;
}

int CliApplication::show(const QStringList& args)
{
    QCommandLineParser p;
    if (!parse(p, args, 1, QStringLiteral("show RUN")))
        return InvalidInput;
    const auto run = openRun(p);
    if (!run)
        return Failure;
    const QString id = run->id;
    RunStore store(*m_workspace);
    QJsonObject o = runSummaryJson(*run);
    o.insert(QStringLiteral("estimator"), run->estimator);
    o.insert(QStringLiteral("command"), QJsonArray::fromStringList(run->command));
    o.insert(QStringLiteral("snapshot"), run->snapshotId);
    QJsonObject git{{QStringLiteral("repository"), run->git.value(QStringLiteral("repository"))},
                    {QStringLiteral("branch"), run->git.value(QStringLiteral("branch"))},
                    {QStringLiteral("commit"), run->git.value(QStringLiteral("commit"))},
                    {QStringLiteral("dirty"), run->git.value(QStringLiteral("dirty"))}};
    if (!run->git.value(QStringLiteral("inRepository")).toBool(true) || run->git.value(QStringLiteral("commit")).isUndefined())
        git = QJsonObject{};
    o.insert(QStringLiteral("git"), git.isEmpty() ? QJsonValue() : QJsonValue(git));
    QJsonObject metrics;
    for (const RunMetricSummary& m : store.metricSummaries(id))
        metrics.insert(m.name, numberValue(m.lastValue));
    o.insert(QStringLiteral("metrics"), metrics);
    QJsonObject tags;
    for (const auto& t : store.tags(id))
        tags.insert(t.first, t.second);
    o.insert(QStringLiteral("tags"), tags);
    const RunFiles files(*m_workspace, id);
    o.insert(QStringLiteral("workspace"), m_workspace->root());
    o.insert(QStringLiteral("run_dir"), m_workspace->runDir(id));
    o.insert(QStringLiteral("outputs_dir"), files.absolutePath(QStringLiteral("outputs")));
    o.insert(QStringLiteral("logs_dir"), files.absolutePath(QStringLiteral("logs")));
    o.insert(QStringLiteral("url"), QString(QStringLiteral("trainyard://run/") + id));
    if (m_json) {
        printJson(o);
        return Ok;
    }
    out() << "Run         " << run->id << "  (trainyard://run/" << run->id << ")\n"
          << "Experiment  " << run->experiment << "\n"
          << "Status      " << runStatusName(run->status);
    if (run->exitCode)
        out() << "  exit code " << *run->exitCode;
    if (!run->error.isEmpty())
        out() << "  " << run->error;
    out() << "\nTarget      " << run->computeTarget << "\n"
          << "Submitted   " << isoTime(run->submittedAt) << "\n"
          << "Started     " << isoTime(run->startedAt) << "\n"
          << "Ended       " << isoTime(run->endedAt) << "  " << duration(*run) << "\n";
    if (!git.isEmpty())
        out() << "Git         " << git.value(QStringLiteral("repository")).toString() << " "
              << git.value(QStringLiteral("branch")).toString() << " "
              << git.value(QStringLiteral("commit")).toString().left(12)
              << (git.value(QStringLiteral("dirty")).toBool() ? "  (dirty: see system/git.diff)" : "") << "\n";
    if (!run->command.isEmpty())
        out() << "Command     " << CommandLineBuilder::preview(run->command) << "\n";
    out() << "Outputs     " << files.absolutePath(QStringLiteral("outputs")) << "\n";
    if (!metrics.isEmpty()) {
        out() << "Metrics\n";
        for (const RunMetricSummary& m : store.metricSummaries(id))
            out() << "  " << pad(m.name, 24) << QString::number(m.lastValue, 'g', 8) << "  (step " << m.lastStep
                  << ", " << m.count << " points)\n";
    }
    if (!tags.isEmpty()) {
        out() << "Tags\n";
        for (const auto& t : store.tags(id))
            out() << "  " << t.first << " = " << t.second << "\n";
    }
    out().flush();
    return Ok;
}

int CliApplication::logs(const QStringList& args)
{
    QCommandLineParser p;
    p.addOptions({{QStringLiteral("follow"), QString()},
                  {QStringLiteral("stderr"), QString()},
                  {QStringLiteral("file"), QString(), QStringLiteral("PATH")}});
    if (!parse(p, args, 1, QStringLiteral("logs RUN [--follow] [--stderr | --file PATH]")))
        return InvalidInput;
    const auto run = openRun(p);
    if (!run)
        return Failure;
    const QString id = run->id;
    QString file = QStringLiteral("system/stdout.log");
    if (p.isSet(QStringLiteral("stderr")))
        file = QStringLiteral("system/stderr.log");
    if (p.isSet(QStringLiteral("file")))
        file = p.value(QStringLiteral("file"));
    const RunFiles files(*m_workspace, id);
    const QString path = files.absolutePath(file);
    if (path.isEmpty()) {
        err() << "trainyard-cli: --file " << file << ": expected a path under outputs/, logs/ or system/\n";
        return InvalidInput;
    }
    if (p.isSet(QStringLiteral("follow")))
        return followRun(id, {{file, stdout}}, false);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (!QFileInfo::exists(path))
            return Ok; // nothing written yet
        err() << "trainyard-cli: cannot read " << path << "\n";
        return Failure;
    }
    QByteArray chunk;
    while (!(chunk = f.read(1 << 20)).isEmpty())
        writeRaw(stdout, chunk);
    return Ok;
}

int CliApplication::metrics(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("name"), QString(), QStringLiteral("NAME")});
    if (!parse(p, args, 1, QStringLiteral("metrics RUN [--name NAME]")))
        return InvalidInput;
    const auto run = openRun(p);
    if (!run)
        return Failure;
    const QString id = run->id;
    MetricReader reader(m_workspace->runDir(id) + QStringLiteral("/metrics"));
    QStringList names = reader.names();
    if (p.isSet(QStringLiteral("name"))) {
        if (!names.contains(p.value(QStringLiteral("name")))) {
            err() << "trainyard-cli: run " << id << " has no metric \"" << p.value(QStringLiteral("name")) << "\"\n";
            return Failure;
        }
        names = QStringList{p.value(QStringLiteral("name"))};
    }
    if (m_json) {
        QJsonObject o;
        for (const QString& name : names) {
            QJsonArray points;
            for (const MetricPoint& pt : reader.points(name))
                points.append(QJsonObject{{QStringLiteral("step"), pt.step},
                                          {QStringLiteral("value"), numberValue(pt.value)},
                                          {QStringLiteral("time"), pt.time}});
            o.insert(name, points);
        }
        printJson(o);
        return Ok;
    }
    for (const QString& name : names) {
        out() << name << "\n";
        for (const MetricPoint& pt : reader.points(name))
            out() << "  step " << pt.step << "\t" << QString::number(pt.value, 'g', 10) << "\t"
                  << QDateTime::fromMSecsSinceEpoch(qint64(pt.time * 1000)).toString(Qt::ISODateWithMs) << "\n";
    }
    out().flush();
    return Ok;
}

int CliApplication::files(const QStringList& args)
{
    QCommandLineParser p;
    if (!parse(p, args, 1, QStringLiteral("files RUN")))
        return InvalidInput;
    const auto run = openRun(p);
    if (!run)
        return Failure;
    const QString id = run->id;
    printListing(
        m_json, RunFiles(*m_workspace, id).list(),
        [](const RunFileEntry& e) {
            return QJsonObject{{QStringLiteral("path"), e.path},
                               {QStringLiteral("size"), e.size},
                               {QStringLiteral("is_dir"), e.isDir},
                               {QStringLiteral("modified"), isoTime(e.modifiedMs)}};
        },
        QString(), // no header
        [](const RunFileEntry& e) -> QString {
            return pad(e.isDir ? QStringLiteral("-") : humanSize(e.size), 10) + QLatin1Char(' ') + e.path
                   + (e.isDir ? QStringLiteral("/") : QString());
        });
    return Ok;
}

int CliApplication::download(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("to"), QString(), QStringLiteral("DEST")});
    const QString synopsis = QStringLiteral("download RUN PATH --to DEST");
    if (!parse(p, args, 2, synopsis))
        return InvalidInput;
    if (!requireOptions(p, {QStringLiteral("to")}, QStringLiteral("--to DEST is required"), synopsis))
        return InvalidInput;
    const auto run = openRun(p);
    if (!run)
        return Failure;
    const QString id = run->id;
    QString error;
    if (!RunFiles(*m_workspace, id).download(p.positionalArguments().at(1), p.value(QStringLiteral("to")), &error))
        return reportError(error, Failure);
    return Ok;
}

int CliApplication::cancel(const QStringList& args)
{
    QCommandLineParser p;
    if (!parse(p, args, 1, QStringLiteral("cancel RUN")))
        return InvalidInput;
    const auto run = openRun(p);
    if (!run)
        return Failure;
    const QString id = run->id;
    RunStore store(*m_workspace);
    if (isTerminal(run->status)) {
        err() << "trainyard-cli: run " << id << " has already ended (" << runStatusName(run->status) << ")\n";
        return Failure;
    }
    if (store.cancel(id) == RunStore::CancelResult::Failed)
        return reportError(QStringLiteral("cannot record the cancel request of run %1").arg(id), Failure);
    err() << "Cancel requested for run " << id << "\n";
    return Ok;
}

int CliApplication::registerModel(const QStringList& args)
{
    QCommandLineParser p;
    p.addOptions({{QStringLiteral("name"), QString(), QStringLiteral("N")},
                  {QStringLiteral("path"), QString(), QStringLiteral("P")},
                  {QStringLiteral("description"), QString(), QStringLiteral("D")},
                  {QStringLiteral("tag"), QString(), QStringLiteral("K=V")}});
    const QString synopsis = QStringLiteral("register-model RUN --name N --path P [--description D] [--tag K=V]...");
    if (!parse(p, args, 1, synopsis))
        return InvalidInput;
    if (!requireOptions(p, {QStringLiteral("name"), QStringLiteral("path")}, QStringLiteral("--name and --path are required"), synopsis))
        return InvalidInput;
    QString error;
    const auto tags = parseTags(p.values(QStringLiteral("tag")), &error);
    if (!error.isEmpty())
        return reportError(error, InvalidInput);
    if (!openWorkspace())
        return Failure;
    const auto model = ModelRegistry(*m_workspace).registerModel(p.positionalArguments().constFirst(), p.value(QStringLiteral("path")),
                                                                 p.value(QStringLiteral("name")), p.value(QStringLiteral("description")), tags, &error);
    if (!model)
        return reportError(error, InvalidInput);
    if (m_json)
        printJson(QJsonObject{{QStringLiteral("name"), model->name}, {QStringLiteral("version"), model->version}});
    else
        out() << "Registered model " << model->name << " version " << model->version << "\n";
    out().flush();
    return Ok;
}

int CliApplication::models(const QStringList& args)
{
    QCommandLineParser p;
    if (!parse(p, args, 0, QStringLiteral("models")))
        return InvalidInput;
    if (!openWorkspace())
        return Failure;
    printListing(
        m_json, ModelRegistry(*m_workspace).list(),
        [](const ModelRecord& m) {
            QJsonObject tags;
            for (const auto& t : m.tags)
                tags.insert(t.first, t.second);
            return QJsonObject{{QStringLiteral("name"), m.name}, {QStringLiteral("version"), m.version},
                               {QStringLiteral("description"), m.description}, {QStringLiteral("tags"), tags},
                               {QStringLiteral("run_id"), m.runId}, {QStringLiteral("path"), m.sourcePath},
                               {QStringLiteral("size"), m.size}, {QStringLiteral("files"), m.fileCount},
                               {QStringLiteral("created_at"), timeValue(m.createdAt)}};
        },
        pad(QStringLiteral("MODEL"), 24) + pad(QStringLiteral("VERSION"), 9) + pad(QStringLiteral("RUN"), 28)
            + pad(QStringLiteral("SIZE"), 10) + QStringLiteral("PATH"),
        [](const ModelRecord& m) -> QString {
            return pad(m.name, 24) + pad(QString::number(m.version), 9) + pad(m.runId, 28) + pad(humanSize(m.size), 10)
                   + m.sourcePath;
        });
    return Ok;
}

int CliApplication::modelDownload(const QStringList& args)
{
    QCommandLineParser p;
    p.addOption({QStringLiteral("to"), QString(), QStringLiteral("DEST")});
    const QString synopsis = QStringLiteral("model-download NAME[:VERSION] --to DEST");
    if (!parse(p, args, 1, synopsis))
        return InvalidInput;
    if (!requireOptions(p, {QStringLiteral("to")}, QStringLiteral("--to DEST is required"), synopsis))
        return InvalidInput;
    if (!openWorkspace())
        return Failure;
    QString error;
    const ModelRegistry registry(*m_workspace);
    const auto model = registry.resolve(p.positionalArguments().constFirst(), &error);
    if (!model || !registry.download(*model, p.value(QStringLiteral("to")), &error))
        return reportError(error, Failure);
    return Ok;
}

int CliApplication::modelDelete(const QStringList& args)
{
    QCommandLineParser p;
    if (!parse(p, args, 1, QStringLiteral("model-delete NAME:VERSION")))
        return InvalidInput;
    const QString ref = p.positionalArguments().constFirst();
    const int colon = ref.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const int version = colon > 0 ? ref.mid(colon + 1).toInt(&ok) : 0;
    if (!ok) {
        err() << "trainyard-cli: model-delete " << ref << ": expected NAME:VERSION\n";
        return InvalidInput;
    }
    if (!openWorkspace())
        return Failure;
    QString error;
    if (!ModelRegistry(*m_workspace).remove(ref.left(colon), version, &error))
        return reportError(error, Failure);
    return Ok;
}

int CliApplication::datasets(const QStringList& args)
{
    const QString sub = args.value(0);
    QCommandLineParser p;
    if (sub == QLatin1String("add")) {
        p.addOption({QStringLiteral("description"), QString(), QStringLiteral("D")});
        if (!parse(p, args.mid(1), 2, QStringLiteral("datasets add NAME PATH [--description D]")))
            return InvalidInput;
        if (!openWorkspace())
            return Failure;
        QString error;
        const auto d = DatasetRegistry(*m_workspace).add(p.positionalArguments().at(0), p.positionalArguments().at(1),
                                                         p.value(QStringLiteral("description")), &error);
        if (!d)
            return reportError(error, InvalidInput);
        out() << "Registered dataset " << d->name << " version " << d->version << " (" << d->path << ")\n";
        out().flush();
        return Ok;
    }
    if (sub == QLatin1String("list")) {
        if (!parse(p, args.mid(1), 0, QStringLiteral("datasets list")))
            return InvalidInput;
        if (!openWorkspace())
            return Failure;
        printListing(
            m_json, DatasetRegistry(*m_workspace).list(),
            [](const DatasetRecord& d) {
                return QJsonObject{{QStringLiteral("name"), d.name}, {QStringLiteral("version"), d.version},
                                   {QStringLiteral("path"), d.path}, {QStringLiteral("is_folder"), d.isFolder},
                                   {QStringLiteral("size"), d.size}, {QStringLiteral("files"), d.fileCount},
                                   {QStringLiteral("description"), d.description},
                                   {QStringLiteral("registered_at"), timeValue(d.registeredAt)}};
            },
            pad(QStringLiteral("DATASET"), 24) + pad(QStringLiteral("VERSION"), 9) + pad(QStringLiteral("SIZE"), 10) + QStringLiteral("PATH"),
            [](const DatasetRecord& d) -> QString { return pad(d.name, 24) + pad(QString::number(d.version), 9) + pad(humanSize(d.size), 10) + d.path; });
        return Ok;
    }
    err() << "usage: trainyard-cli datasets add NAME PATH | datasets list\n";
    return InvalidInput;
}

int CliApplication::targets(const QStringList& args)
{
    const QString sub = args.value(0);
    QCommandLineParser p;
    auto targetJson = [](const TargetConfig& t) {
        QJsonObject o{{QStringLiteral("name"), t.name}, {QStringLiteral("kind"), t.kind},
                      {QStringLiteral("max_concurrent_runs"), t.maxConcurrentRuns()},
                      {QStringLiteral("python"), t.python()},
                      {QStringLiteral("cancel_grace_seconds"), t.cancelGraceSeconds()}};
        for (auto it = t.settings.begin(); it != t.settings.end(); ++it)
            if (!o.contains(it.key()))
                o.insert(it.key(), it.value());
        return o;
    };
    if (sub == QLatin1String("list")) {
        if (!parse(p, args.mid(1), 0, QStringLiteral("targets list")) || !openWorkspace())
            return InvalidInput;
        printListing(m_json, TargetRegistry(*m_workspace).list(), targetJson,
                     pad(QStringLiteral("TARGET"), 20) + pad(QStringLiteral("KIND"), 8) + QStringLiteral("MAX RUNS"),
                     [](const TargetConfig& t) -> QString { return pad(t.name, 20) + pad(t.kind, 8) + QString::number(t.maxConcurrentRuns()); });
        return Ok;
    }
    if (sub == QLatin1String("show")) {
        if (!parse(p, args.mid(1), 1, QStringLiteral("targets show NAME")) || !openWorkspace())
            return InvalidInput;
        const auto t = TargetRegistry(*m_workspace).find(p.positionalArguments().constFirst());
        if (!t) {
            err() << "trainyard-cli: unknown target " << p.positionalArguments().constFirst() << "\n";
            return Failure;
        }
        const QJsonObject o = targetJson(*t);
        if (m_json) {
            printJson(o);
        } else {
            for (auto it = o.begin(); it != o.end(); ++it)
                out() << pad(it.key(), 24) << it.value().toVariant().toString() << "\n";
            out().flush();
        }
        return Ok;
    }
    if (sub == QLatin1String("set")) {
        p.addOptions({{QStringLiteral("kind"), QString(), QStringLiteral("KIND")},
                      {QStringLiteral("max-concurrent-runs"), QString(), QStringLiteral("N")},
                      {QStringLiteral("python"), QString(), QStringLiteral("PATH")},
                      {QStringLiteral("cancel-grace-seconds"), QString(), QStringLiteral("S")}});
        if (!parse(p, args.mid(1), 1, QStringLiteral("targets set NAME [--kind local] [--max-concurrent-runs N] [--python PATH] [--cancel-grace-seconds S]"))
            || !openWorkspace())
            return InvalidInput;
        TargetRegistry registry(*m_workspace);
        const QString name = p.positionalArguments().constFirst();
        TargetConfig t = registry.find(name).value_or(TargetConfig{name, QStringLiteral("local"), {}});
        if (p.isSet(QStringLiteral("kind")))
            t.kind = p.value(QStringLiteral("kind"));
        auto setNumber = [&](const QString& option, const QString& key) {
            if (!p.isSet(option))
                return true;
            bool ok = false;
            const int v = p.value(option).toInt(&ok);
            if (!ok) {
                err() << "trainyard-cli: --" << option << ": expected a number\n";
                return false;
            }
            t.settings.insert(key, v);
            return true;
        };
        if (!setNumber(QStringLiteral("max-concurrent-runs"), QStringLiteral("max_concurrent_runs"))
            || !setNumber(QStringLiteral("cancel-grace-seconds"), QStringLiteral("cancel_grace_seconds")))
            return InvalidInput;
        if (p.isSet(QStringLiteral("python")))
            t.settings.insert(QStringLiteral("python"), p.value(QStringLiteral("python")));
        QString error;
        if (!registry.save(t, &error))
            return reportError(error, InvalidInput);
        return Ok;
    }
    err() << "usage: trainyard-cli targets list | targets show NAME | targets set NAME ...\n";
    return InvalidInput;
}
