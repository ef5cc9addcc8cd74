#include "shell/RunEndNotifier.h"

#include "run/DurationFormat.h"
#include "run/RunStore.h"

#include <QApplication>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QLoggingCategory>
#include <QSettings>
#include <QWidget>

Q_LOGGING_CATEGORY(lcRunEndNotifier, "trainyard.notifications", QtWarningMsg)

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
const QString kDefaultAction = QStringLiteral("default");
// Queued runs read when a workspace opens; a queue longer than this is not announced past its first runs'
// ends (each check reads every tracked run, so the set stays bounded).
constexpr int kMaxQueuedTracked = 5000;
// Notifications whose click is still answered; the oldest are forgotten (the server closes them anyway).
constexpr int kMaxOpenNotifications = 200;
} // namespace

bool RunEndNotifier::enabledInSettings()
{
    return QSettings().value(settingKey(), true).toBool();
}

RunEndNotifier::RunEndNotifier(QWidget* window, std::optional<QDBusConnection> bus, QObject* parent)
    : QObject(parent), m_window(window), m_bus(std::move(bus)), m_enabled(enabledInSettings())
{
}

QDBusConnection& RunEndNotifier::bus()
{
    if (!m_bus)
        m_bus = QDBusConnection::sessionBus();
    return *m_bus;
}

void RunEndNotifier::setWorkspace(const Workspace& workspace)
{
    m_workspace = workspace;
    m_unfinished.clear();
    QString error;
    RunQuery query(workspace);
    m_seenSeq = query.maxSeq(&error);
    const RunStore store(workspace);
    for (const RunRecord& run : store.liveRuns(&error))
        m_unfinished.insert(run.id);
    RunFilter queued;
    queued.status = RunStatus::Queued;
    queued.limit = kMaxQueuedTracked;
    for (const RunRecord& run : store.list(queued, &error))
        m_unfinished.insert(run.id);
    if (!error.isEmpty())
        qCWarning(lcRunEndNotifier).noquote() << "cannot read the unfinished runs:" << error;
}

void RunEndNotifier::setEnabled(bool enabled)
{
    m_enabled = enabled;
    QSettings().setValue(settingKey(), enabled);
}

void RunEndNotifier::checkRuns()
{
    if (!m_workspace)
        return;
    const RunQuery query(*m_workspace);
    QString error;
    QVector<RunListRow> rows = query.rows(QStringList(m_unfinished.cbegin(), m_unfinished.cend()), &error);
    if (!error.isEmpty()) {
        qCWarning(lcRunEndNotifier).noquote() << "cannot read the runs:" << error;
        return;
    }
    RunQueryFilter everyRun;
    everyRun.includeArchived = true;
    const QVector<RunListRow> submitted = query.newerThan(m_seenSeq, everyRun, &error);
    if (!error.isEmpty()) {
        qCWarning(lcRunEndNotifier).noquote() << "cannot read the new runs:" << error;
        return;
    }
    for (const RunListRow& run : submitted) {
        m_seenSeq = qMax(m_seenSeq, run.seq);
        if (!m_unfinished.contains(run.id))
            rows.append(run);
    }
    QSet<QString> stillUnfinished;
    for (const RunListRow& run : std::as_const(rows)) {
        if (!isTerminal(run.status))
            stillUnfinished.insert(run.id);
        else
            announce(run);
    }
    // Tracked runs that are gone (deleted) drop out with the ended ones.
    m_unfinished = stillUnfinished;
}

bool RunEndNotifier::windowIsActive() const
{
    // Any window of the app in front (a dialog over the main window too): the user sees the runs table.
    return (m_window && m_window->isActiveWindow()) || QApplication::activeWindow() != nullptr;
}

void RunEndNotifier::announce(const RunListRow& run)
{
    if (!m_enabled || windowIsActive())
        return;
    if (!bus().isConnected()) {
        qCInfo(lcRunEndNotifier) << "no session bus: run" << run.id << "ended unannounced";
        return;
    }
    listenForClicks();
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    const QVariantMap hints{
        {QStringLiteral("desktop-entry"), QStringLiteral("io.trainyard.Trainyard")},
        {QStringLiteral("urgency"), QVariant::fromValue(uchar(run.status == RunStatus::Failed ? 2 : 1))}};
    call << QStringLiteral("Trainyard") << uint(0) << QStringLiteral("io.trainyard.Trainyard") << summary(run)
         << body(run, mainMetric(run.id)) << QStringList{kDefaultAction, tr("Show Run")} << hints << int(-1);
    // Asynchronous: a slow or absent notification service never holds up the window.
    auto* watcher = new QDBusPendingCallWatcher(bus().asyncCall(call), this);
    const QString runId = run.id;
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, runId](QDBusPendingCallWatcher* finished) {
                const QDBusPendingReply<uint> reply = *finished;
                finished->deleteLater();
                if (reply.isError()) {
                    qCInfo(lcRunEndNotifier).noquote()
                        << "the notification of run" << runId << "was not shown:" << reply.error().message();
                    return;
                }
                if (m_runByNotification.size() >= kMaxOpenNotifications)
                    m_runByNotification.erase(m_runByNotification.begin());
                m_runByNotification.insert(reply.value(), runId);
            });
}

void RunEndNotifier::listenForClicks()
{
    if (m_listening)
        return;
    // Subscribed at the first notification, so a user who turned them off causes no bus traffic at all.
    // QDBusConnection::connect takes the slot as a signature string only: D-Bus signals are matched by name
    // and argument types at run time, and Qt 6.4 has no member-function-pointer form of it.
    m_listening = bus().connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                                SLOT(onActionInvoked(uint, QString)));
    bus().connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                  SLOT(onNotificationClosed(uint, uint)));
}

void RunEndNotifier::onActionInvoked(uint notificationId, const QString& actionKey)
{
    const auto it = m_runByNotification.constFind(notificationId);
    if (it == m_runByNotification.cend() || actionKey != kDefaultAction)
        return;
    emit openRunRequested(*it);
}

void RunEndNotifier::onNotificationClosed(uint notificationId, uint /*reason*/)
{
    m_runByNotification.remove(notificationId);
}

std::optional<QPair<QString, double>> RunEndNotifier::mainMetric(const QString& runId) const
{
    QString error;
    for (const RunMetricSummary& metric : RunStore(*m_workspace).metricSummaries(runId, &error)) {
        if (!metric.name.startsWith(QLatin1String("system/")))
            return QPair<QString, double>(metric.name, metric.lastValue);
    }
    return std::nullopt;
}

QString RunEndNotifier::summary(const RunListRow& run)
{
    const QString name = run.displayName.isEmpty() ? run.id : run.displayName;
    switch (run.status) {
    case RunStatus::Completed:
        return tr("Run %1 succeeded").arg(name);
    case RunStatus::Canceled:
        return tr("Run %1 was canceled").arg(name);
    default:
        return tr("Run %1 failed").arg(name);
    }
}

QString RunEndNotifier::body(const RunListRow& run, const std::optional<QPair<QString, double>>& mainMetric)
{
    QStringList lines;
    const qint64 ms = run.durationMs(run.endedAt);
    if (ms >= 0)
        lines << tr("Ran for %1 on %2").arg(DurationFormat::text(ms), run.computeTarget);
    else
        lines << tr("Ended before it started, on %1").arg(run.computeTarget);
    if (mainMetric)
        lines << tr("Last %1: %2").arg(mainMetric->first, QString::number(mainMetric->second, 'g', 6));
    // The body is markup to servers that support it; run names are the user's own text.
    return lines.join(QLatin1Char('\n')).toHtmlEscaped();
}
