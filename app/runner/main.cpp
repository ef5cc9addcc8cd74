// trainyard-runner: the detached process that watches one run. Started by the scheduler, never by hand:
// `--workspace DIR RUN` starts a claimed run, `--workspace DIR --adopt RUN` takes over the live job of a
// run whose runner is gone. `--help` and `--version` say what it is and exit 0; a bad option exits 2.
#include "TrainyardVersion.h"

#include "run/RunSupervisor.h"
#include "workspace/Workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <csignal>
#include <cstdio>
#include <sys/prctl.h>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("trainyard-runner"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRAINYARD_VERSION));
    // The runner must outlive the terminal of whoever submitted.
    ::signal(SIGHUP, SIG_IGN);
    ::signal(SIGPIPE, SIG_IGN);
    // Orphans of the run (a child that called setsid, then lost its parent) become this process's
    // children, so that none of them outlives the run.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Watches one Trainyard run: places it on its compute target, follows it to its end and "
                       "records the outcome. Started by trainyard and trainyard-cli for each run, not by hand."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    parser.addOption({QStringLiteral("workspace"), QStringLiteral("Workspace folder."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("adopt"), QStringLiteral("Take over the live job of a run whose runner is gone.")});
    parser.addPositionalArgument(QStringLiteral("run"), QStringLiteral("The run to supervise."));
    const bool parsed = parser.parse(app.arguments());
    if (parsed && parser.isSet(helpOption)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parsed && parser.isSet(versionOption)) {
        std::printf("trainyard-runner %s\n", TRAINYARD_VERSION);
        return 0;
    }
    if (!parsed)
        std::fprintf(stderr, "trainyard-runner: %s\n", qPrintable(parser.errorText()));
    if (!parsed || parser.positionalArguments().size() != 1 || !parser.isSet(QStringLiteral("workspace"))) {
        std::fprintf(stderr, "usage: trainyard-runner --workspace DIR [--adopt] RUN_ID\n");
        return 2;
    }
    QString error;
    const auto workspace = Workspace::open(parser.value(QStringLiteral("workspace")), &error);
    if (!workspace) {
        std::fprintf(stderr, "trainyard-runner: %s\n", qPrintable(error));
        return 2;
    }
    const QString runId = parser.positionalArguments().constFirst();
    // Diagnostics of the runner itself go beside the run's logs, not to a terminal that may be gone.
    const QByteArray logPath = QFile::encodeName(workspace->runDir(runId) + QStringLiteral("/system/runner.log"));
    QDir().mkpath(workspace->runDir(runId) + QStringLiteral("/system"));
    if (std::freopen(logPath.constData(), "a", stderr) == nullptr)
        std::fprintf(stdout, "trainyard-runner: cannot open %s\n", logPath.constData());
    RunSupervisor supervisor(*workspace, runId,
                             parser.isSet(QStringLiteral("adopt")) ? RunSupervisor::Mode::Adopt : RunSupervisor::Mode::Start);
    return supervisor.exec();
}
