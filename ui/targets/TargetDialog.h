// TargetDialog: adds or edits one compute target. A kind combo switches a QStackedWidget of per-kind pages
// (TargetKindPage); Save validates with the registry and the page and shows problems inline instead of
// closing; "Test connection" runs the page's own test on a worker thread, asking the user in between when the
// test needs a decision (an SSH host key to trust). Secrets typed on a page (an SSH password) go to the system
// keychain on a worker before the settings are saved, or before a test that needs them: the dialog closes
// only once they are stored, and stays open showing why when the keychain refused them.
#pragma once

#include "targets/TargetConfig.h"
#include "targets/TargetKindPage.h"
#include "workspace/Workspace.h"

#include <QDialog>
#include <QHash>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
template <typename T> class QFutureWatcher;

class TargetDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetDialog)
public:
    // existing: edit that target (its name is fixed); nullopt: add a new one.
    TargetDialog(const Workspace& workspace, const std::optional<TargetConfig>& existing, QWidget* parent = nullptr);
    ~TargetDialog() override;

    // The target as the fields describe it now.
    TargetConfig target() const;
    TargetKindPage* currentPage() const;
    QStringList errors() const { return m_errors; }

    // The page for a kind; nullptr for a kind this build has no page for.
    static TargetKindPage* createPage(const QString& kind);

public slots:
    void accept() override;
    void testConnection();

signals:
    void saved(const QString& name);
    void connectionTested(bool ok, const QString& message);

private:
    // What waits for the typed secrets to be in the keychain.
    enum class AfterSecrets { Nothing, Save, Test };

    QStringList saveProblems(const TargetConfig& config) const;
    void storeSecretsThen(AfterSecrets next);
    void secretsStored(bool ok, const QString& message);
    void showTestResult();
    void showErrors(const QStringList& errors);
    void clearFeedback();

    Workspace m_workspace;
    QJsonObject m_loadedSettings;
    QStringList m_errors;
    QLineEdit* m_name = nullptr;
    QComboBox* m_kind = nullptr;
    QStackedWidget* m_pages = nullptr;
    QHash<QString, TargetKindPage*> m_pageByKind;
    QLabel* m_errorLabel = nullptr;
    QPushButton* m_testButton = nullptr;
    QLabel* m_testResult = nullptr;
    QLabel* m_secretsNote = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    AfterSecrets m_afterSecrets = AfterSecrets::Nothing;
    QFutureWatcher<TargetConnectionResult>* m_testWatcher = nullptr;
};
