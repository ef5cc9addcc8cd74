// TargetSecretField: one secret of a compute target (the SSH login password, the identity file's passphrase)
// on its settings page: a masked field that is never filled with what is stored, a line saying whether the
// system keychain holds one, and Forget. The keychain is the only place secrets live and every call to it
// blocks (seconds while the secret service starts), so this widget reaches it on worker threads only.
#pragma once

#include "secrets/SecretStore.h"

#include <QByteArray>
#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
template <typename T> class QFutureWatcher;

// What a keychain call on a worker found; never the secret itself.
struct SecretLookup {
    bool stored = false;
    QString error; // empty unless the keychain failed (NotFound is no failure)
};

class TargetSecretField final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetSecretField)
public:
    // word: SecretStore::passwordWord() or passphraseWord(); objectName names the field, its status line
    // (objectName + "Status") and its button ("forget" + ObjectName) for tests and accessibility tools.
    TargetSecretField(const QString& word, const QString& objectName, const QString& accessibleName,
                      QWidget* parent = nullptr);
    ~TargetSecretField() override;

    QString word() const { return m_word; }
    // The keychain key under the target set last (setTarget); empty before.
    QString key() const;
    // Which target Forget and the status line are about.
    void setTarget(const QString& workspaceRoot, const QString& target);
    // Asks the keychain (on a worker) whether it holds this secret of the target; the status line says.
    void readStored();
    void showNoneStored();

    bool hasTyped() const;
    // The typed secret as UTF-8: a copy of its own that the caller wipes (SecretStore::wipe); the field keeps
    // it until markStored().
    QByteArray typedSecret() const;
    // What was typed is in the keychain now: the field empties, the status line says it is stored.
    void markStored();
    // While the page stores the typed secrets, nothing here may change them.
    void setStoring(bool storing);

    QString statusText() const;

signals:
    void edited();

private:
    void forget();
    void showLookup();
    void setStatus(const QString& text, bool stored, bool failed);

    QString m_word;
    QString m_workspaceRoot;
    QString m_target;
    bool m_stored = false;
    QLineEdit* m_field = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_forget = nullptr;
    QFutureWatcher<SecretLookup>* m_lookup = nullptr;
};
