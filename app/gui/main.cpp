// trainyard [--workspace DIR] [--screenshots DIR] [PROJECT_FOLDER | trainyard://run/ID]: the desktop application.
#include "shell/AppTheme.h"
#include "shell/MainWindow.h"
#include "shell/ScreenshotTour.h"
#include "shell/UiLanguage.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>
#include <QUrl>

#include <cstdio>
#include <memory>
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

} // namespace

int main(int argc, char** argv)
{
    QElapsedTimer sinceMain;
    sinceMain.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("trainyard"));
    QApplication::setOrganizationName(QStringLiteral("trainyard"));
    QApplication::setDesktopFileName(QStringLiteral("io.trainyard.Trainyard"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    UiLanguage::installSaved(); // Settings → Language, else the system's; needs the names above (QSettings)

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Trainyard: submit, watch and compare ML training runs."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"), QStringLiteral("Workspace folder to open."), QStringLiteral("DIR"));
    parser.addOption(workspaceOption);
    const QCommandLineOption screenshotsOption(QStringLiteral("screenshots"),
                                               QStringLiteral("Save PNGs of the main views to DIR, then quit (for the README; run under Xvfb)."),
                                               QStringLiteral("DIR"));
    parser.addOption(screenshotsOption);
    parser.addPositionalArgument(QStringLiteral("target"), QStringLiteral("A project folder to open in the estimator form, or trainyard://run/ID."),
                                 QStringLiteral("[PROJECT_FOLDER | trainyard://run/ID]"));
    parser.process(app);
    if (parser.positionalArguments().size() > 1) {
        std::fprintf(stderr, "trainyard: give at most one project folder or run link\n");
        return 2;
    }

    const QString location = Workspace::resolveLocation(parser.value(workspaceOption));
    QString error;
    const auto workspace = Workspace::open(location, &error);
    if (!workspace) {
        std::fprintf(stderr, "trainyard: %s\n", qPrintable(error));
        UserPrompts::warning(nullptr, QStringLiteral("Trainyard"), QStringLiteral("Cannot open workspace %1:\n%2").arg(location, error));
        return 1;
    }

    const bool takeScreenshots = parser.isSet(screenshotsOption);
    if (takeScreenshots)
        ScreenshotTour::prepareApplication();
    else
        AppTheme::applySaved();

    MainWindow window(*workspace);
    bool painted = false;
    const bool exitAfterFirstPaint = qEnvironmentVariableIntValue("TRAINYARD_EXIT_AFTER_FIRST_PAINT") == 1;
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

    if (!parser.positionalArguments().isEmpty()) {
        const QString target = parser.positionalArguments().constFirst();
        const QUrl url(target);
        if (url.scheme() == QLatin1String("trainyard")) {
            // An unknown run is said in the status bar by showRun(); only a malformed link needs a dialog.
            const QString runId = url.host() == QLatin1String("run") ? url.path().mid(1) : QString();
            if (runId.isEmpty())
                UserPrompts::warning(&window, QStringLiteral("Trainyard"),
                                     QStringLiteral("%1 is not a run link: expected trainyard://run/RUN_ID.").arg(target));
            else
                window.showRun(runId);
        } else {
            window.openProjectFolder(target);
        }
    }
    std::unique_ptr<ScreenshotTour> tour;
    if (takeScreenshots) {
        const QString target = parser.positionalArguments().value(0);
        const QString projectFolder = QUrl(target).scheme() == QLatin1String("trainyard") ? QString() : target;
        tour = std::make_unique<ScreenshotTour>(&window, parser.value(screenshotsOption), projectFolder);
        tour->start();
    }
    // A dialog above may have run its own event loop through the first paint and the quit.
    if (exitAfterFirstPaint && painted)
        return 0;
    return app.exec();
}
