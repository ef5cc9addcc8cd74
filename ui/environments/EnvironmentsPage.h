// The environments page: every environment built on the compute targets (target, hash, manager, packages,
// size, created, last used, runs), with Remove and Prune… Reading, removing and pruning run on workers (a
// removal runs the environment tool on the target, which may be a remote machine); an environment that a
// live run uses is refused with the runs named. A WorkspaceWatcher reloads the list when another process
// (a run building an environment, the CLI) changes the workspace.
#pragma once

#include "environments/EnvironmentStore.h"
#include "shell/BackgroundReload.h"
#include "workspace/Workspace.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class EnvironmentsModel;
class RegistryLoginsDialog;
class QLabel;
class QPushButton;
class QTableView;
class WorkspaceWatcher;

class EnvironmentsPage : public QWidget
{
    Q_OBJECT
public:
    explicit EnvironmentsPage(const Workspace& workspace, QWidget* parent = nullptr);
    ~EnvironmentsPage() override;

    // Reloads the environments on a worker; the selection is kept by target and hash.
    void refresh();

    bool selectEnvironment(const QString& target, const QString& hash);
    std::optional<EnvironmentRecord> selectedEnvironment() const;
    // Asks, then removes the selected environment on its target and from the workspace, on a worker.
    void removeSelected();
    // Asks for how many days unused (the dialog's default is kDefaultPruneDays), then prunes on a worker.
    void pruneWithDialog();
    // Removes every environment no run used for `days` days, except those live runs use, on a worker.
    void prune(double days);

    static constexpr double kDefaultPruneDays = 30;

    // Shows the registry logins (private container registries) in a window of their own; the open one is
    // raised rather than a second made.
    RegistryLoginsDialog* openRegistryLogins();

    EnvironmentsModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QPushButton* removeButton() const { return m_remove; }
    QPushButton* pruneButton() const { return m_prune; }
    QPushButton* registryLoginsButton() const { return m_registryLogins; }
    QString statusMessage() const;
    bool isBusy() const { return m_busy; }

signals:
    // A reload has been shown (tests wait on it).
    void refreshed();
    // A removal or prune has ended; message is what the page says about it.
    void actionFinished(bool ok, const QString& message);

private:
    struct Listing
    {
        std::optional<QVector<EnvironmentRecord>> environments;
        QString error;
    };
    struct Outcome
    {
        bool ok = false;
        QString message;
    };
    void applyListing(const Listing& listing);
    void updateButtons();
    void setStatusMessage(const QString& text);
    void runAction(const QString& title, const std::function<Outcome()>& work);

    Workspace m_workspace;
    EnvironmentsModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_prune = nullptr;
    QPushButton* m_registryLogins = nullptr;
    QPointer<RegistryLoginsDialog> m_registryDialog;
    WorkspaceWatcher* m_watcher = nullptr;
    BackgroundReload<Listing> m_reload;
    QFutureWatcher<Outcome> m_action;
    bool m_busy = false;
};
