// Tells the desktop when a run ends while the user is in another program: a notification through the
// freedesktop notification service on the session bus (org.freedesktop.Notifications), saying how the run
// ended, how long it ran and the last value of its main metric (its first metric by name, system samples
// left out: an estimator names no primary metric). Clicking it (the "default" action) asks the window to
// show the run and come to the front.
//
// How it learns that a run ended: the window's WorkspaceWatcher says the workspace changed (another process
// committed: a runner recorded the end); checkRuns() then reads the runs it knows to be unfinished (by id)
// and those submitted since its last look (by seq), both indexed, and notifies about each that is now
// terminal. Runs already ended when the workspace was opened are never announced.
//
// Off (Settings → Notify When Runs End, QSettings "notifications/runEnded", on by default) means no D-Bus
// traffic at all. No session bus, or no notification service on it, costs nothing but a line in the log.
#pragma once

#include "run/RunQuery.h"
#include "workspace/Workspace.h"

#include <QDBusConnection>
#include <QHash>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSet>

#include <optional>

class QWidget;

class RunEndNotifier : public QObject
{
    Q_OBJECT
public:
    static QString settingKey() { return QStringLiteral("notifications/runEnded"); }
    static bool enabledInSettings();

    // `window`: whose being active makes a notification needless. `bus`: where the notification service is;
    // none: the session bus, connected to at the first notification (not at start-up, and never when off).
    explicit RunEndNotifier(QWidget* window, std::optional<QDBusConnection> bus = std::nullopt,
                            QObject* parent = nullptr);

    // Starts over on this workspace: what is unfinished now is what a later check may announce.
    void setWorkspace(const Workspace& workspace);
    bool isEnabled() const { return m_enabled; }
    // Also saved in the settings.
    void setEnabled(bool enabled);
    // Announces the runs that ended since the last check (the window's watcher calls it on every change).
    void checkRuns();

    // What a notification says (the summary line and the body), for one ended run.
    static QString summary(const RunListRow& run);
    static QString body(const RunListRow& run, const std::optional<QPair<QString, double>>& mainMetric);

signals:
    // The user clicked the notification of this run.
    void openRunRequested(const QString& runId);

private slots:
    // Slots by name: QtDBus routes bus signals to slots only through their signatures.
    void onActionInvoked(uint notificationId, const QString& actionKey);
    void onNotificationClosed(uint notificationId, uint reason);

private:
    bool windowIsActive() const;
    void announce(const RunListRow& run);
    void listenForClicks();
    std::optional<QPair<QString, double>> mainMetric(const QString& runId) const;
    QDBusConnection& bus();

    QPointer<QWidget> m_window;
    std::optional<QDBusConnection> m_bus;
    std::optional<Workspace> m_workspace;
    QSet<QString> m_unfinished;
    qint64 m_seenSeq = 0;
    bool m_enabled = true;
    bool m_listening = false;
    QHash<uint, QString> m_runByNotification;
};
