// trainyard [--workspace DIR] [--screenshots DIR] [PROJECT_FOLDER | ESTIMATOR.yml | trainyard://run/ID]: the
// desktop application. The command line is read before any GUI starts, so --help, --version and a bad option
// work without a display; then a Trainyard already running for this user gets the argument (InstanceChannel)
// and this process exits, or this one becomes the window.
#include "run/RunLink.h"
#include "shell/AppTheme.h"
#include "shell/InstanceChannel.h"
#include "shell/MainWindow.h"
#include "shell/ScreenshotTour.h"
#include "shell/UiLanguage.h"
#include "TrainyardVersion.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStatusBar>
#include <QTimer>
#include <QUrl>

#include <cstdio>
#include <memory>
#include <optional>
#include <unistd.h>

namespace {

// Milliseconds since the kernel started this process (from /proc), so start-up figures include the dynamic
// loader and static initialisation that run before main; -1 where /proc is not there.
double msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray statLine = stat.readAll();
    // Field 22 (starttime, in clock ticks since boot) counts from after the command name, which may hold spaces.
    const QList<QByteArray> fields = statLine.mid(statLine.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double startTicks = fields.at(19).toDouble();
    const double upSeconds = uptime.readAll().split(' ').value(0).toDouble();
    return upSeconds * 1000.0 - startTicks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

struct StartOptions
{
    QString workspace;   // as given (--workspace or TRAINYARD_WORKSPACE); empty: the default one
    QString screenshots; // --screenshots DIR
    QString target;      // the positional argument, made absolute (a run link stays as it is)
    bool takeScreenshots = false;
};

// A folder or file argument as an absolute path (a later start runs in another folder than the window); a
// file:// URL, as a launcher passes a dropped folder, as its path; a trainyard: link unchanged.
QString absoluteTarget(const QString& argument)
{
    if (argument.isEmpty() || RunLink::isTrainyardUrl(argument))
        return argument;
    const QUrl url(argument);
    if (url.isLocalFile())
        return QFileInfo(url.toLocalFile()).absoluteFilePath();
    return QFileInfo(argument).absoluteFilePath();
}

// Reads the command line with a QCoreApplication only: a value when the process should exit with it.
std::optional<int> readCommandLine(int argc, char** argv, StartOptions* options)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("trainyard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRAINYARD_VERSION));
    QCommandLineParser parser;
    // Qt's own GUI options are single-dash words ("-platform offscreen"); read as such, not as -p -l -a ….
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Trainyard: submit, watch and compare ML training runs.\n"
                                            "A second start hands its argument to the window already open."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"),
                                             QCoreApplication::translate("main", "Workspace folder to open."),
                                             QStringLiteral("DIR"));
    parser.addOption(workspaceOption);
    const QCommandLineOption screenshotsOption(
        QStringLiteral("screenshots"),
        QCoreApplication::translate(
            "main", "Save PNGs of the main views to DIR, then quit (for the README; run under Xvfb)."),
        QStringLiteral("DIR"));
    parser.addOption(screenshotsOption);
    // The options QGuiApplication and QApplication take themselves (they remove them before the app sees its
    // arguments); known here only so that they are not bad options.
    for (const char* name :
         {"platform", "platformpluginpath", "platformtheme", "plugin", "qwindowgeometry", "qwindowicon",
          "qwindowtitle", "session", "display", "geometry", "style", "stylesheet", "name", "title"}) {
        QCommandLineOption qtOption(QString::fromLatin1(name), QString(), QStringLiteral("VALUE"));
        qtOption.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(qtOption);
    }
    for (const char* name : {"reverse", "widgetcount", "nograb", "dograb", "sync"}) {
        QCommandLineOption qtFlag(QString::fromLatin1(name));
        qtFlag.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(qtFlag);
    }
    parser.addPositionalArgument(
        QStringLiteral("target"),
        QCoreApplication::translate("main",
                                    "A project folder or estimator file to open in the estimator form, or a "
                                    "run link trainyard://run/ID to show."),
        QStringLiteral("[PROJECT_FOLDER | ESTIMATOR.yml | trainyard://run/ID]"));
    if (!parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "trainyard: %s\nTry 'trainyard --help'.\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(helpOption) || parser.isSet(QStringLiteral("help-all"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet(versionOption)) {
        std::printf("trainyard %s\n", qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    }
    if (parser.positionalArguments().size() > 1) {
        std::fprintf(stderr, "trainyard: give at most one project folder, estimator file or run link\n");
        return 2;
    }
    if (parser.isSet(screenshotsOption) && parser.value(screenshotsOption).isEmpty()) {
        std::fprintf(stderr, "trainyard: --screenshots needs a folder\n");
        return 2;
    }
    options->workspace = parser.isSet(workspaceOption) ? parser.value(workspaceOption)
                                                       : qEnvironmentVariable("TRAINYARD_WORKSPACE");
    options->takeScreenshots = parser.isSet(screenshotsOption);
    options->screenshots = parser.value(screenshotsOption);
    options->target = absoluteTarget(parser.positionalArguments().value(0));
    return std::nullopt;
}

bool sameFolder(const QString& a, const QString& b)
{
    const QFileInfo left(a), right(b);
    if (left.exists() && right.exists())
        return left.canonicalFilePath() == right.canonicalFilePath();
    return QDir::cleanPath(left.absoluteFilePath()) == QDir::cleanPath(right.absoluteFilePath());
}

// Opens what the command line (this one's or a later start's) named.
void openTarget(MainWindow& window, const QString& target)
{
    if (RunLink::isTrainyardUrl(target)) {
        // An unknown run is said in the status bar by showRun(); only a malformed link needs a dialog.
        const std::optional<QString> runId = RunLink::runId(target);
        if (!runId) {
            UserPrompts::warning(
                &window, QStringLiteral("Trainyard"),
                MainWindow::tr("%1 is not a run link: expected trainyard://run/RUN_ID.").arg(target));
            return;
        }
        const bool shown = window.showRun(*runId);
        qCInfo(lcInstanceChannel).noquote() << (shown ? "showing run" : "no such run:") << *runId;
        return;
    }
    const QFileInfo info(target);
    const QString suffix = info.suffix().toLower();
    if (info.isFile() && (suffix == QLatin1String("yml") || suffix == QLatin1String("yaml"))) {
        window.openEstimatorFile(target);
        qCInfo(lcInstanceChannel).noquote() << "opening estimator file" << target;
        return;
    }
    const bool opened = window.openProjectFolder(target);
    qCInfo(lcInstanceChannel).noquote()
        << (opened ? "opened project folder" : "cannot open project folder") << target;
}

} // namespace

int main(int argc, char** argv)
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    StartOptions options;
    if (const std::optional<int> exitCode = readCommandLine(argc, argv, &options))
        return *exitCode;

    // The screenshot tour and the start-up benchmark are one-shot runs of their own, never handed over.
    const bool exitAfterFirstPaint = qEnvironmentVariableIntValue("TRAINYARD_EXIT_AFTER_FIRST_PAINT") == 1;
    const bool singleInstance = !options.takeScreenshots && !exitAfterFirstPaint;
    InstanceChannel channel;
    if (singleInstance) {
        // A QCoreApplication again, not yet the GUI: a start that hands over never needs a display.
        QCoreApplication handOverApp(argc, argv);
        const InstanceChannel::Request request{
            options.target,
            options.workspace.isEmpty() ? QString() : QFileInfo(options.workspace).absoluteFilePath(),
            qEnvironmentVariable("XDG_ACTIVATION_TOKEN")};
        QString error;
        switch (channel.handOver(request, &error)) {
        case InstanceChannel::HandOver::Handed:
            if (request.workspace.isEmpty())
                std::fprintf(
                    stderr,
                    "trainyard: handed over to the Trainyard already running, in the workspace it shows\n");
            else
                std::fprintf(stderr,
                             "trainyard: handed over to the Trainyard already running, which switches to "
                             "workspace %s\n",
                             qPrintable(request.workspace));
            return 0;
        case InstanceChannel::HandOver::Failed:
            std::fprintf(stderr, "trainyard: %s\n", qPrintable(error));
            return 1;
        case InstanceChannel::HandOver::NoneRunning:
            break; // this process becomes the window (and holds the start lock until it listens)
        }
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("trainyard"));
    QApplication::setOrganizationName(QStringLiteral("trainyard"));
    QApplication::setDesktopFileName(QStringLiteral("io.trainyard.Trainyard"));
    QApplication::setApplicationVersion(QStringLiteral(TRAINYARD_VERSION));
    UiLanguage::installSaved(); // Settings → Language, else the system's; needs the names above (QSettings)

    const QString location = Workspace::resolveLocation(options.workspace);
    QString error;
    const auto workspace = Workspace::open(location, &error);
    if (!workspace) {
        std::fprintf(stderr, "trainyard: %s\n", qPrintable(error));
        UserPrompts::warning(nullptr, QStringLiteral("Trainyard"),
                             MainWindow::tr("Cannot open workspace %1:\n%2").arg(location, error));
        return 1;
    }

    if (options.takeScreenshots)
        ScreenshotTour::prepareApplication();
    else
        AppTheme::applySaved();

    MainWindow window(*workspace);
    if (singleInstance) {
        QObject::connect(
            &channel, &InstanceChannel::requestReceived, &window,
            [&window](const InstanceChannel::Request& request) {
                // Qt's Wayland plugin takes the launcher's token from here when the window asks for the
                // focus.
                if (!request.activationToken.isEmpty())
                    qputenv("XDG_ACTIVATION_TOKEN", request.activationToken.toUtf8());
                // A start that named a workspace wants that workspace: the window switches to it, as File →
                // Open Workspace would (it says so itself when it cannot). One that named none uses the
                // window's.
                if (!request.workspace.isEmpty() &&
                    !sameFolder(request.workspace, window.workspace().root())) {
                    qCInfo(lcInstanceChannel).noquote() << "switching to workspace" << request.workspace;
                    if (window.switchWorkspace(request.workspace))
                        window.statusBar()->showMessage(
                            MainWindow::tr("Switched to workspace %1, as Trainyard was started again with it")
                                .arg(QDir::toNativeSeparators(request.workspace)),
                            10000);
                }
                window.bringToFront();
                if (!request.target.isEmpty())
                    openTarget(window, request.target);
            });
        if (!channel.listen(&error))
            std::fprintf(stderr, "trainyard: %s; a second start opens a second window\n", qPrintable(error));
        // Gone before anything else the quit does: a Trainyard started from there (a restart) must find no
        // window here that would never answer it.
        QObject::connect(&app, &QCoreApplication::aboutToQuit, &channel, &InstanceChannel::close);
    }
    bool painted = false;
    if (exitAfterFirstPaint) {
        // Hidden switch for bench_app_start: report the time to the first paint and quit.
        QObject::connect(&window, &MainWindow::firstPainted, &app, [&sinceMain, &painted] {
            if (painted)
                return;
            painted = true;
            std::printf("first-paint-ms %.1f main-ms %lld\n", msSinceProcessStart(), static_cast<long long>(sinceMain.elapsed()));
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        });
    }
    window.show();

    if (!options.target.isEmpty())
        openTarget(window, options.target);
    std::unique_ptr<ScreenshotTour> tour;
    if (options.takeScreenshots) {
        const QString projectFolder = RunLink::isTrainyardUrl(options.target) ? QString() : options.target;
        tour = std::make_unique<ScreenshotTour>(&window, options.screenshots, projectFolder);
        tour->start();
    }
    // A dialog above may have run its own event loop through the first paint and the quit.
    if (exitAfterFirstPaint && painted)
        return 0;
    const int exitCode = app.exec();
    channel.close(); // (closed at aboutToQuit already, as a rule) while the application object is still there
    return exitCode;
}
