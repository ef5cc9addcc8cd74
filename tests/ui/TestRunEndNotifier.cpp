// Desktop notifications when a run ends, against a real D-Bus: a private session bus (dbus-daemon) with a
// notification service on it that records what it is sent, as a desktop's notification server would get it.
// The main window learns of the ends the way the app does (another connection commits, its watcher sees
// it); a notification says how the run ended, how long it ran and its main metric's last value; a click
// (ActionInvoked "default") shows the run; none while the window is active or the setting is off.
#include "run/RunStore.h"
#include "runs/RunPage.h"
#include "runs/RunsTableModel.h"
#include "runs/RunsView.h"
#include "shell/MainWindow.h"
#include "shell/NavigationPane.h"
#include "shell/RunEndNotifier.h"
#include "shell/UserPrompts.h"

#include "SessionBus.h"
#include "TestSupport.h"

#include <QAction>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>
#include <QtTest>

using namespace TestSupport;

// The notification server: org.freedesktop.Notifications on its own connection to the bus, so the app's calls
// travel through the daemon as they would to a desktop's server.
class NotificationRecorder : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        uint id = 0;
        QString appName;
        uint replacesId = 0;
        QString icon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int timeout = 0;
    };
    QVector<Call> calls;

    explicit NotificationRecorder(const QDBusConnection& bus) : m_bus(bus) {}

    bool registerOnBus(QString* error)
    {
        if (!m_bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), this,
                                  QDBusConnection::ExportAllSlots)) {
            *error = m_bus.lastError().message();
            return false;
        }
        if (!m_bus.registerService(QStringLiteral("org.freedesktop.Notifications"))) {
            *error = m_bus.lastError().message();
            return false;
        }
        return true;
    }

    // What the server sends when the user clicks a notification.
    bool click(uint id, const QString& actionKey)
    {
        QDBusMessage signal = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/Notifications"),
                                                         QStringLiteral("org.freedesktop.Notifications"),
                                                         QStringLiteral("ActionInvoked"));
        signal << id << actionKey;
        return m_bus.send(signal);
    }

public slots:
    uint Notify(const QString& appName, uint replacesId, const QString& icon, const QString& summary,
                const QString& body, const QStringList& actions, const QVariantMap& hints, int timeout)
    {
        calls.append(Call{m_nextId, appName, replacesId, icon, summary, body, actions, hints, timeout});
        return m_nextId++;
    }
    QStringList GetCapabilities() { return {QStringLiteral("actions"), QStringLiteral("body")}; }
    void CloseNotification(uint) {}
    QString GetServerInformation(QString& vendor, QString& version, QString& specVersion)
    {
        vendor = QStringLiteral("trainyard-tests");
        version = QStringLiteral("1");
        specVersion = QStringLiteral("1.2");
        return QStringLiteral("recorder");
    }

private:
    QDBusConnection m_bus;
    uint m_nextId = 41;
};

class TestRunEndNotifier : public QObject
{
    Q_OBJECT

    std::unique_ptr<SessionBus> m_bus;
    std::unique_ptr<NotificationRecorder> m_recorder;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::optional<Workspace> m_workspace;

    // A running run, as a runner keeps it (a fresh heartbeat, so the watcher's recovery leaves it alone).
    QString runningRun(const QString& experiment)
    {
        const QString id = insertRun(*m_workspace, experiment, RunStatus::Running);
        RunStore(*m_workspace).heartbeat(id);
        return id;
    }

    // Ends the run from another database connection, as a runner process would (a thread of its own: a pool
    // task waited for here may be run by this thread itself).
    void endElsewhere(const QString& runId, RunStatus status)
    {
        const Workspace workspace = *m_workspace;
        bool ended = false;
        std::unique_ptr<QThread> writer(QThread::create([workspace, runId, status, &ended] {
            ended =
                RunStore(workspace).finish(runId, status, status == RunStatus::Completed ? 0 : 1, QString());
        }));
        writer->start();
        writer->wait();
        QVERIFY2(ended, qPrintable(runId));
    }

    // Waits until the window's runs table shows the run ended: the notifier looked at the same change.
    static bool tableShowsEnded(MainWindow& window, const QString& runId)
    {
        const int row = window.runsModel()->rowOf(runId);
        const auto status = row < 0 ? std::nullopt : window.runsModel()->runStatus(row);
        return status && isTerminal(*status);
    }

private slots:
    void initTestCase()
    {
        // Before anything asks for the session bus: QtDBus reads the address once.
        m_bus = std::make_unique<SessionBus>();
        QVERIFY2(m_bus->ready(), qPrintable(m_bus->error()));
        const QDBusConnection serverBus =
            QDBusConnection::connectToBus(m_bus->address(), QStringLiteral("notification-server"));
        QVERIFY2(serverBus.isConnected(), qPrintable(serverBus.lastError().message()));
        m_recorder = std::make_unique<NotificationRecorder>(serverBus);
        QString error;
        QVERIFY2(m_recorder->registerOnBus(&error), qPrintable(error));
        // The app's own connection is on that bus, where the recorder is the notification server.
        QVERIFY(QDBusConnection::sessionBus().isConnected());
        QVERIFY(QDBusConnection::sessionBus().interface()->isServiceRegistered(
            QStringLiteral("org.freedesktop.Notifications")));

        // Recovery may start a runner for a run it thinks orphaned; none of these runs has one to start.
        qputenv("TRAINYARD_RUNNER", "/bin/true");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("trainyard-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestRunEndNotifier"));
        UserPrompts::setTestMode(true);
    }

    void init()
    {
        QSettings().clear();
        m_recorder->calls.clear();
        m_dir = std::make_unique<QTemporaryDir>();
        QString error;
        m_workspace = Workspace::open(m_dir->path() + QStringLiteral("/ws"), &error);
        QVERIFY2(m_workspace, qPrintable(error));
    }

    void notifiesAndAClickShowsTheRun()
    {
        const QString ended = runningRun(QStringLiteral("mnist"));
        QVERIFY(RunStore(*m_workspace).setDisplayName(ended, QStringLiteral("wide-lr")));
        // The main metric is the first by name that is no system sample.
        QVERIFY(RunStore(*m_workspace)
                    .storeMetricSummaries(
                        ended, {RunMetricSummary{QStringLiteral("system/node1/cpu_percent"), 3, 2, 55.0, 0,
                                                 50.0, 60.0},
                                RunMetricSummary{QStringLiteral("val_loss"), 10, 9, 0.125, 0, 0.1, 2.0},
                                RunMetricSummary{QStringLiteral("zeta"), 1, 0, 7, 0, 7, 7}}));
        const QString failed = runningRun(QStringLiteral("mnist"));
        const QString other = insertRun(*m_workspace, QStringLiteral("other"),
                                        RunStatus::Completed); // ended before: never announced

        MainWindow window(*m_workspace); // never shown: not the active window
        QVERIFY(window.notifyRunsEndedAction()->isChecked());
        window.showPage(NavigationPane::Page::Targets);
        endElsewhere(ended, RunStatus::Completed);
        QTRY_COMPARE_WITH_TIMEOUT(m_recorder->calls.size(), 1, 15000);
        const NotificationRecorder::Call call = m_recorder->calls.constFirst();
        QCOMPARE(call.appName, QStringLiteral("Trainyard"));
        QCOMPARE(call.replacesId, 0u);
        QCOMPARE(call.icon, QStringLiteral("io.trainyard.Trainyard"));
        QCOMPARE(call.summary, QStringLiteral("Run wide-lr succeeded"));
        QVERIFY2(call.body.startsWith(QStringLiteral("Ran for ")) &&
                     call.body.contains(QStringLiteral(" on local")),
                 qPrintable(call.body));
        QVERIFY2(call.body.endsWith(QStringLiteral("\nLast val_loss: 0.125")), qPrintable(call.body));
        QCOMPARE(call.actions.value(0), QStringLiteral("default"));
        QCOMPARE(call.actions.size(), 2);
        QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(),
                 QStringLiteral("io.trainyard.Trainyard"));
        QCOMPARE(call.timeout, -1);

        endElsewhere(failed, RunStatus::Failed);
        QTRY_COMPARE_WITH_TIMEOUT(m_recorder->calls.size(), 2, 15000);
        QCOMPARE(m_recorder->calls.at(1).summary, QStringLiteral("Run %1 failed").arg(failed));
        QVERIFY2(!m_recorder->calls.at(1).body.contains(QStringLiteral("Last")),
                 qPrintable(m_recorder->calls.at(1).body));
        for (const auto& c : std::as_const(m_recorder->calls))
            QVERIFY(!c.summary.contains(other));

        // The click on the first one shows that run, in a window in front.
        QVERIFY(m_recorder->click(call.id, QStringLiteral("default")));
        QTRY_COMPARE_WITH_TIMEOUT(window.runPage()->currentRunId(), ended, 10000);
        QCOMPARE(window.currentPage(), NavigationPane::Page::Runs);
        QVERIFY(window.isVisible());
    }

    void noneWhileTheWindowIsActiveOrTheSettingIsOff()
    {
        const QString whileActive = runningRun(QStringLiteral("a"));
        const QString whileOff = runningRun(QStringLiteral("b"));
        const QString announced = runningRun(QStringLiteral("c"));
        MainWindow window(*m_workspace);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        endElsewhere(whileActive, RunStatus::Completed);
        QTRY_VERIFY_WITH_TIMEOUT(tableShowsEnded(window, whileActive), 15000);

        // The user is elsewhere, but turned notifications off: saved, and nothing is sent.
        window.hide();
        QTRY_VERIFY(!window.isActiveWindow());
        window.notifyRunsEndedAction()->trigger();
        QVERIFY(!window.notifyRunsEndedAction()->isChecked());
        QCOMPARE(QSettings().value(RunEndNotifier::settingKey()).toBool(), false);
        endElsewhere(whileOff, RunStatus::Canceled);
        QTRY_VERIFY_WITH_TIMEOUT(tableShowsEnded(window, whileOff), 15000);

        // On again: the next end is announced, and it is the first call the server gets (calls from one
        // connection arrive in order, so one for the earlier ends would have come before it).
        window.notifyRunsEndedAction()->trigger();
        QCOMPARE(QSettings().value(RunEndNotifier::settingKey()).toBool(), true);
        endElsewhere(announced, RunStatus::Canceled);
        QTRY_COMPARE_WITH_TIMEOUT(m_recorder->calls.size(), 1, 15000);
        QCOMPARE(m_recorder->calls.constFirst().summary,
                 QStringLiteral("Run %1 was canceled").arg(announced));

        // A window opened with the setting off starts with it off.
        window.notifyRunsEndedAction()->trigger();
        MainWindow second(*m_workspace);
        QVERIFY(!second.notifyRunsEndedAction()->isChecked());
        QVERIFY(!second.runEndNotifier()->isEnabled());
    }

    void cleanupTestCase()
    {
        m_recorder.reset();
        QDBusConnection::disconnectFromBus(QStringLiteral("notification-server"));
    }
};

QTEST_MAIN(TestRunEndNotifier)
#include "TestRunEndNotifier.moc"
