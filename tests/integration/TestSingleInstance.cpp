// The desktop app's command line and its one window per user, through the real `trainyard` program
// (offscreen): --help, --version and bad options with no display at all; a second `trainyard PATH` or
// `trainyard trainyard://run/ID` hands its argument (a relative path made absolute) to the window already
// running and exits 0; --workspace of another workspace switches the window to it; two starts at once make
// one window; a socket left behind by a Trainyard killed mid-run does not stop the next one from taking over.
#include <QtTest>

#include "TestSupport.h"
#include "workspace/Workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QLocalSocket>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <unistd.h>

using namespace TestSupport;

class TestSingleInstance : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    std::vector<std::unique_ptr<QProcess>> m_windows;
    QHash<QProcess*, QByteArray> m_logs;

    QString gui() const { return binDir() + QStringLiteral("/trainyard"); }
    QString socketPath() const
    {
        return m_dir.filePath(QStringLiteral("runtime/trainyard-")) + QString::number(::getuid());
    }
    QString workspace(const QString& name) const { return m_dir.filePath(name); }

    // A trainyard that stays (the window); its stderr, the instance channel's log, is collected in m_logs.
    QProcess* startWindow(const QStringList& args)
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(m_env);
        QProcess* raw = process.get();
        connect(raw, &QProcess::readyReadStandardError, this,
                [this, raw] { m_logs[raw] += raw->readAllStandardError(); });
        raw->start(gui(), args);
        m_windows.push_back(std::move(process));
        return raw;
    }

    // A trainyard that should hand over and exit, run in `folder`.
    CliResult startAndWait(const QStringList& args, const QString& folder = QString(), int timeoutMs = 30000)
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        if (!folder.isEmpty())
            process.setWorkingDirectory(folder);
        process.start(gui(), args);
        CliResult r;
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
            r.err = "did not exit within the time: " + process.readAllStandardError();
            return r;
        }
        r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        r.out = process.readAllStandardOutput();
        r.err = process.readAllStandardError();
        return r;
    }

    void stopWindows()
    {
        for (auto& process : m_windows) {
            process->kill();
            process->waitForFinished(10000);
        }
        m_windows.clear();
        m_logs.clear();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(QFileInfo(gui()).isExecutable());
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("runtime"))));
        QFile::setPermissions(m_dir.filePath(QStringLiteral("runtime")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        m_env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir.filePath(QStringLiteral("runtime")));
        m_env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("home/.config")));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("home/.local/share")));
        m_env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("trainyard.instance.info=true"));
        m_env.remove(QStringLiteral("TRAINYARD_WORKSPACE"));
        m_env.remove(QStringLiteral("TRAINYARD_EXIT_AFTER_FIRST_PAINT"));
        m_env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")); // no notifications from these windows
    }

    void cleanup() { stopWindows(); }

    void helpVersionAndBadOptionsNeedNoDisplay()
    {
        QProcessEnvironment bare = m_env;
        for (const char* name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            bare.remove(QString::fromLatin1(name));
        CliResult r = runProgram(gui(), {QStringLiteral("--help")}, {}, bare, 30000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("Usage: ") && r.out.contains("--workspace <DIR>") &&
                     r.out.contains("trainyard://run/ID"),
                 r.out.constData());
        QVERIFY2(!r.out.contains("platformtheme"),
                 r.out.constData()); // Qt's own options stay out of the help
        r = runProgram(gui(), {QStringLiteral("--version")}, {}, bare, 30000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("trainyard 0.1.0\n"));
        // Qt's own options are no bad options (the GUI takes them itself).
        r = runProgram(
            gui(), {QStringLiteral("-platform"), QStringLiteral("offscreen"), QStringLiteral("--version")},
            {}, bare, 30000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = runProgram(gui(), {QStringLiteral("--no-such-option")}, {}, bare, 30000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("trainyard: Unknown option 'no-such-option'."), r.err.constData());
        r = runProgram(gui(), {QStringLiteral("--workspace")}, {}, bare, 30000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("Missing value after '--workspace'"), r.err.constData());
        r = runProgram(gui(), {QStringLiteral("a"), QStringLiteral("b")}, {}, bare, 30000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("at most one"), r.err.constData());
    }

    void aSecondStartHandsItsArgumentToTheWindow()
    {
        QString error;
        const auto ws = Workspace::open(workspace(QStringLiteral("ws")), &error);
        QVERIFY2(ws, qPrintable(error));
        const QString run = insertRun(*ws, QStringLiteral("mnist"), RunStatus::Completed);
        const auto other = Workspace::open(workspace(QStringLiteral("other-ws")), &error);
        QVERIFY2(other, qPrintable(error));
        const QString otherRun = insertRun(*other, QStringLiteral("elsewhere"), RunStatus::Completed);
        makeProject(m_dir.filePath(QStringLiteral("projects/digits")),
                    {{QStringLiteral("train.py"), "print(1)\n"}}, "entry_script: train.py\n");

        QProcess* window = startWindow({QStringLiteral("--workspace"), ws->root()});
        QTRY_VERIFY2_WITH_TIMEOUT(
            m_logs[window].contains(QByteArray("listening on " + socketPath().toUtf8())),
            m_logs[window].constData(), 30000);
        QVERIFY(QFileInfo::exists(socketPath()));
        QCOMPARE(modeOf(socketPath()) & 077u,
                 0u); // the user's alone, also where the runtime folder is not private

        // A relative folder, from another working folder: the window gets it absolute.
        CliResult r = startAndWait({QStringLiteral("digits")}, m_dir.filePath(QStringLiteral("projects")));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("handed over to the Trainyard already running"), r.err.constData());
        const QByteArray folder =
            QFileInfo(m_dir.filePath(QStringLiteral("projects/digits"))).absoluteFilePath().toUtf8();
        QTRY_VERIFY2_WITH_TIMEOUT(m_logs[window].contains(QByteArray("opened project folder " + folder)),
                                  m_logs[window].constData(), 30000);

        // A file:// URL, as a launcher's %U passes a folder, is that folder.
        r = startAndWait({QUrl::fromLocalFile(QString::fromUtf8(folder)).toString()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QTRY_VERIFY2_WITH_TIMEOUT(m_logs[window].count(QByteArray("opened project folder " + folder + "\n")) == 2,
                                  m_logs[window].constData(), 30000);

        r = startAndWait({QStringLiteral("trainyard://run/") + run});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QTRY_VERIFY2_WITH_TIMEOUT(m_logs[window].contains(QByteArray("showing run " + run.toUtf8())),
                                  m_logs[window].constData(), 30000);

        // Another workspace named: the window switches to it and shows the run there; the starter says so.
        r = startAndWait(
            {QStringLiteral("--workspace"), other->root(), QStringLiteral("trainyard://run/") + otherRun});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains(QByteArray("switches to workspace " + other->root().toUtf8())),
                 r.err.constData());
        QTRY_VERIFY2_WITH_TIMEOUT(
            m_logs[window].contains(QByteArray("switching to workspace " + other->root().toUtf8())),
            m_logs[window].constData(), 30000);
        QTRY_VERIFY2_WITH_TIMEOUT(m_logs[window].contains(QByteArray("showing run " + otherRun.toUtf8())),
                                  m_logs[window].constData(), 30000);
        QCOMPARE(window->state(), QProcess::Running); // still the one window

        // Something else on the socket that is no request: dropped, and the window keeps answering.
        QLocalSocket stranger;
        stranger.connectToServer(socketPath());
        QVERIFY(stranger.waitForConnected(10000));
        stranger.write("GET / HTTP/1.0\n");
        QTRY_COMPARE_WITH_TIMEOUT(stranger.state(), QLocalSocket::UnconnectedState, 10000);
        QVERIFY(stranger.readAll().isEmpty());
        QTRY_VERIFY2_WITH_TIMEOUT(m_logs[window].contains("dropped a malformed request"),
                                  m_logs[window].constData(), 30000);
        r = startAndWait({QStringLiteral("trainyard://run/") + otherRun});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(window->state(), QProcess::Running);
    }

    // Two starts at the same moment, nobody running yet: one becomes the window, the other hands over to it.
    void twoStartsAtOnceMakeOneWindow()
    {
        QString error;
        const auto ws = Workspace::open(workspace(QStringLiteral("race-ws")), &error);
        QVERIFY2(ws, qPrintable(error));
        QProcess* first = startWindow({QStringLiteral("--workspace"), ws->root()});
        QProcess* second = startWindow({QStringLiteral("--workspace"), ws->root()});
        QTRY_VERIFY_WITH_TIMEOUT(
            first->state() == QProcess::NotRunning || second->state() == QProcess::NotRunning, 30000);
        QProcess* handedOver = first->state() == QProcess::NotRunning ? first : second;
        QProcess* window = handedOver == first ? second : first;
        QCOMPARE(handedOver->exitStatus(), QProcess::NormalExit);
        QVERIFY2(handedOver->exitCode() == 0, m_logs[handedOver].constData());
        m_logs[handedOver] += handedOver->readAllStandardError();
        QVERIFY2(m_logs[handedOver].contains("handed over to the Trainyard already running"),
                 m_logs[handedOver].constData());
        QTRY_VERIFY2_WITH_TIMEOUT(m_logs[window].contains("listening on "), m_logs[window].constData(),
                                  30000);
        QCOMPARE(window->state(), QProcess::Running);
    }

    void aCrashedWindowsSocketIsTakenOver()
    {
        QString error;
        const auto ws = Workspace::open(workspace(QStringLiteral("crash-ws")), &error);
        QVERIFY2(ws, qPrintable(error));
        const QString run = insertRun(*ws, QStringLiteral("after"), RunStatus::Completed);
        QProcess* crashed = startWindow({QStringLiteral("--workspace"), ws->root()});
        QTRY_VERIFY2_WITH_TIMEOUT(m_logs[crashed].contains("listening on "), m_logs[crashed].constData(),
                                  30000);
        crashed->kill(); // SIGKILL: no chance to remove its socket
        QVERIFY(crashed->waitForFinished(10000));
        QVERIFY(QFileInfo::exists(socketPath()));

        QProcess* window = startWindow({QStringLiteral("--workspace"), ws->root()});
        QTRY_VERIFY2_WITH_TIMEOUT(m_logs[window].contains("listening on "), m_logs[window].constData(),
                                  30000);
        // Handed to the new window, not a window of its own.
        const CliResult r = startAndWait({QStringLiteral("trainyard://run/") + run});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QTRY_VERIFY2_WITH_TIMEOUT(m_logs[window].contains(QByteArray("showing run " + run.toUtf8())),
                                  m_logs[window].constData(), 30000);
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "TestSingleInstance.moc"
