// Times run environments on the local target, each figure a median of rounds paired with their own baseline:
//
// - reuse: submit → Running of a run whose pip environment (5 wheels) already exists, against the same run
//   with no packages (target: at most 1.1× plus 100 ms);
// - build: what building that environment adds to submit → Running (the run's time minus the no-packages
//   run's time in the same round), against `python -m venv` + `pip install` of the same wheels by hand
//   (target: at most 1.1×);
// - container: what running a trivial job in an image adds to submit → Completed (the run's time minus the
//   same job's without an image, same round), against `podman run --rm IMAGE true` by hand (target: at most
//   1.2×).
//
// The wheels come from a local folder (no index is reachable here; PIP_NO_INDEX=1 for both sides).
//
//   bench_environments [--rounds N] [--skip-reuse] [--skip-build] [--skip-container] [scratch-folder]
#include "BenchSupport.h"
#include "ContainerImages.h"
#include "LocalWheels.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

namespace {

const char kUsage[] =
    "usage: bench_environments [--rounds N] [--skip-reuse] [--skip-build] [--skip-container] [scratch-folder]\n";
const QString kPython = QStringLiteral("/usr/bin/python3");
const QStringList kPackages{QStringLiteral("tybencha"), QStringLiteral("tybenchb"), QStringLiteral("tybenchc"),
                            QStringLiteral("tybenchd"), QStringLiteral("tybenche")};

QString cli() { return QStringLiteral(TRAINYARD_BIN_DIR "/trainyard-cli"); }

QProcessEnvironment offlineEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PIP_NO_INDEX"), QStringLiteral("1"));
    env.insert(QStringLiteral("PIP_DISABLE_PIP_VERSION_CHECK"), QStringLiteral("1"));
    return env;
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

bool runCli(const QString& workspace, const QStringList& arguments, QByteArray* output = nullptr)
{
    const auto result = BenchSupport::runTimed(cli(), QStringList{QStringLiteral("--workspace"), workspace} + arguments,
                                               QStringLiteral("trainyard-cli ") + arguments.join(QLatin1Char(' ')),
                                               offlineEnvironment());
    if (output)
        *output = result.standardOutput;
    return result.ok;
}

struct RunTimes
{
    bool ok = false;
    double toRunningMs = -1;   // submitted → Running
    double toCompletedMs = -1; // submitted → Completed
};

qint64 timeOf(const QJsonObject& run, const char* key)
{
    return QDateTime::fromString(run.value(QLatin1String(key)).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

// Submits, waits for the end and reads the run's own timestamps (`show --json`).
RunTimes submitAndTime(const QString& workspace, const QString& estimator)
{
    RunTimes times;
    QByteArray output;
    if (!runCli(workspace, {QStringLiteral("submit"), estimator, QStringLiteral("--wait")}, &output))
        return times;
    // `submit --wait` prints the run's id first, then the run's output.
    const QString runId = QString::fromUtf8(output.split('\n').value(0).trimmed());
    QByteArray shown;
    if (!runCli(workspace, {QStringLiteral("--json"), QStringLiteral("show"), runId}, &shown))
        return times;
    const QJsonObject run = QJsonDocument::fromJson(shown).object();
    if (run.value(QStringLiteral("status")).toString() != QLatin1String("Completed")) {
        std::fprintf(stderr, "run %s did not complete: %s\n", qPrintable(runId), shown.left(2000).constData());
        return times;
    }
    times.toRunningMs = double(timeOf(run, "started_at") - timeOf(run, "submitted_at"));
    times.toCompletedMs = double(timeOf(run, "ended_at") - timeOf(run, "submitted_at"));
    times.ok = true;
    return times;
}

// python -m venv + pip install of the same wheels, by hand.
double buildByHand(const QString& scratch, const QString& wheels)
{
    const QString venv = scratch + QStringLiteral("/by-hand-venv");
    QDir(venv).removeRecursively();
    QElapsedTimer timer;
    timer.start();
    const auto created = BenchSupport::runTimed(kPython, {QStringLiteral("-m"), QStringLiteral("venv"), venv},
                                                QStringLiteral("python -m venv"), offlineEnvironment());
    const auto installed = created.ok ? BenchSupport::runTimed(
                                            venv + QStringLiteral("/bin/python"),
                                            QStringList{QStringLiteral("-m"), QStringLiteral("pip"),
                                                        QStringLiteral("install"), QStringLiteral("--no-input"),
                                                        QStringLiteral("--find-links"), wheels}
                                                + kPackages,
                                            QStringLiteral("pip install"), offlineEnvironment())
                                      : BenchSupport::ProcessResult{};
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    QDir(venv).removeRecursively();
    return installed.ok ? ms : -1;
}

void report(const char* name, const BenchSupport::PairedRounds& rounds, const char* unit, double target,
            double slackMs)
{
    std::printf("%s: baseline median %.0f ms, subject median %.0f %s, ratio median %.3f (%s)\n", name,
                rounds.medianBaseline(), rounds.medianSubject(), unit, rounds.medianRatio(),
                qPrintable(rounds.ratios()));
    // A pure ratio target is judged on the median of the per-round ratios; one with an absolute slack on the
    // medians of both sides (a ratio cannot carry the slack).
    const bool met = slackMs > 0 ? rounds.medianSubject() <= rounds.medianBaseline() * target + slackMs
                                 : rounds.medianRatio() <= target;
    std::printf("%s: target at most %.2fx%s: %s\n", name, target,
                slackMs > 0 ? qPrintable(QStringLiteral(" + %1 ms").arg(slackMs)) : "", met ? "met" : "missed");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int rounds = 5;
    bool reuse = true, build = true, container = true;
    QString scratchParent;
    const QStringList args = app.arguments().mid(1);
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--rounds") && i + 1 < args.size())
            rounds = args[++i].toInt();
        else if (args[i] == QLatin1String("--skip-reuse"))
            reuse = false;
        else if (args[i] == QLatin1String("--skip-build"))
            build = false;
        else if (args[i] == QLatin1String("--skip-container"))
            container = false;
        else if (!args[i].startsWith(QLatin1String("--")) && scratchParent.isEmpty())
            scratchParent = args[i];
        else {
            std::fputs(kUsage, stderr);
            return 2;
        }
    }
    if (rounds < 1) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    QTemporaryDir scratchDir(scratchParent.isEmpty() ? QDir::tempPath() + QStringLiteral("/bench-env-XXXXXX")
                                                     : scratchParent + QStringLiteral("/bench-env-XXXXXX"));
    const QString scratch = scratchDir.path();
    std::printf("machine: %s\n", qPrintable(BenchSupport::machineLoad()));

    const QString wheels = scratch + QStringLiteral("/wheels");
    const QString project = scratch + QStringLiteral("/project");
    const QString workspace = scratch + QStringLiteral("/workspace");
    QDir().mkpath(wheels);
    QDir().mkpath(project);
    QString error;
    for (const QString& name : kPackages)
        if (!LocalWheels::write(wheels, name, QStringLiteral("1.0"), &error)) {
            std::fprintf(stderr, "cannot write the wheels: %s\n", qPrintable(error));
            return 1;
        }
    QByteArray packages;
    for (const QString& name : kPackages)
        packages += "  - " + name.toUtf8() + "\n";
    if (!writeFile(project + QStringLiteral("/train.py"), "print('trained')\n")
        || !writeFile(project + QStringLiteral("/job.sh"), "true\n")
        || !writeFile(project + QStringLiteral("/plain.yml"),
                      "experiment: env-bench\nentry_script: train.py\ncompute_target: envbench\n")
        || !writeFile(project + QStringLiteral("/packages.yml"),
                      "experiment: env-bench\nentry_script: train.py\ncompute_target: envbench\npip_packages:\n" + packages)
        || !writeFile(project + QStringLiteral("/shell.yml"),
                      "experiment: env-bench\nentry_script: job.sh\ncompute_target: envbench\n")
        || !runCli(workspace, {QStringLiteral("targets"), QStringLiteral("add"), QStringLiteral("local"),
                               QStringLiteral("envbench"), QStringLiteral("--pip-find-links"), wheels})) {
        std::fprintf(stderr, "cannot set up the project and the workspace\n");
        return 1;
    }
    const QString plain = project + QStringLiteral("/plain.yml");
    const QString withPackages = project + QStringLiteral("/packages.yml");
    const QString environmentsRoot = workspace + QStringLiteral("/environments/envbench");

    if (reuse) {
        // The environment is built once before the rounds; every round reuses it.
        if (!submitAndTime(workspace, withPackages).ok)
            return 1;
        BenchSupport::PairedRounds paired;
        for (int round = 0; round < rounds; ++round) {
            const RunTimes baseline = submitAndTime(workspace, plain);
            const RunTimes subject = submitAndTime(workspace, withPackages);
            if (!baseline.ok || !subject.ok)
                return 1;
            paired.add(baseline.toRunningMs, subject.toRunningMs);
        }
        report("reuse (submit to Running, environment exists vs no packages)", paired, "ms", 1.1, 100);
    }

    if (build) {
        BenchSupport::PairedRounds paired;
        for (int round = 0; round < rounds; ++round) {
            const double byHand = buildByHand(scratch, wheels);
            QDir(environmentsRoot).removeRecursively(); // the next run builds its environment again
            const RunTimes plainRun = submitAndTime(workspace, plain);
            const RunTimes building = submitAndTime(workspace, withPackages);
            if (byHand < 0 || !plainRun.ok || !building.ok)
                return 1;
            paired.add(byHand, building.toRunningMs - plainRun.toRunningMs);
        }
        report("build (5 wheels: added to submit to Running vs venv + pip install by hand)", paired, "ms", 1.1, 0);
    }

    if (container) {
        const QString image = QString::fromLatin1(ContainerImages::kBusybox);
        const QString podman = ContainerImages::podman();
        if (!ContainerImages::ensureBusybox(&error)) {
            std::fprintf(stderr, "no test image: %s\n", qPrintable(error));
            return 1;
        }
        const QString inImage = project + QStringLiteral("/image.yml");
        if (!writeFile(inImage, "experiment: env-bench\nentry_script: job.sh\ncompute_target: envbench\n"
                                "custom_docker_image: "
                                    + image.toUtf8() + "\n")
            || !submitAndTime(workspace, inImage).ok) // the first run of an image describes it once
            return 1;
        BenchSupport::PairedRounds paired;
        for (int round = 0; round < rounds; ++round) {
            const auto byHand = BenchSupport::runTimed(
                podman, {QStringLiteral("run"), QStringLiteral("--rm"), image, QStringLiteral("true")},
                QStringLiteral("podman run --rm"));
            const RunTimes shell = submitAndTime(workspace, project + QStringLiteral("/shell.yml"));
            const RunTimes contained = submitAndTime(workspace, inImage);
            if (!byHand.ok || !shell.ok || !contained.ok)
                return 1;
            paired.add(byHand.wallMs, contained.toCompletedMs - shell.toCompletedMs);
        }
        report("container (added to submit to Completed vs podman run --rm by hand)", paired, "ms", 1.2, 0);
    }
    std::printf("machine: %s\n", qPrintable(BenchSupport::machineLoad()));
    return 0;
}
