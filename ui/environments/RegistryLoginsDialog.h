// The logins to private container registries (Environments page → Registry logins…): the list (registry,
// user, since), a form to log in (registry, user, password) and Log out for the selected one. The password
// goes from the field to the system keychain on a worker and is wiped there; the field is cleared at once.
// Reading, logging in and out run on workers (the keychain blocks, and no database write is made on the GUI
// thread).
#pragma once

#include "environments/RegistryLogins.h"
#include "shell/BackgroundReload.h"
#include "workspace/Workspace.h"

#include <QDialog>
#include <QFutureWatcher>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

class RegistryLoginsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RegistryLoginsDialog(const Workspace& workspace, QWidget* parent = nullptr);
    ~RegistryLoginsDialog() override;

    void refresh();
    // Logs in with what the form holds (checked here first: registry, user and password all given).
    void logIn();
    // Logs out of the selected registry.
    void logOutSelected();

    QTreeWidget* list() const { return m_list; }
    QLineEdit* registryField() const { return m_registry; }
    QLineEdit* userField() const { return m_user; }
    QLineEdit* passwordField() const { return m_password; }
    QPushButton* logInButton() const { return m_logIn; }
    QPushButton* logOutButton() const { return m_logOut; }
    QString statusMessage() const;
    bool isBusy() const { return m_busy; }

signals:
    void refreshed();
    void actionFinished(bool ok, const QString& message);

private:
    struct Listing
    {
        std::optional<QVector<RegistryLogin>> logins;
        QString error;
    };
    struct Outcome
    {
        bool ok = false;
        QString message;
    };
    void applyListing(const Listing& listing);
    void updateButtons();
    void runAction(const std::function<Outcome()>& work);

    Workspace m_workspace;
    QTreeWidget* m_list = nullptr;
    QLineEdit* m_registry = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QPushButton* m_logIn = nullptr;
    QPushButton* m_logOut = nullptr;
    QLabel* m_message = nullptr;
    BackgroundReload<Listing> m_reload;
    QFutureWatcher<Outcome> m_action;
    bool m_busy = false;
};
