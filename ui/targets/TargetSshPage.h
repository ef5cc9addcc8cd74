// TargetSshPage: settings of an `ssh` compute target (any machine OpenSSH reaches): where to connect and as
// whom, the remote working folder and Python, how many runs at once, what happens to remote run folders and
// how long a run may stay disconnected. Its connection test verifies the host key like every connection and,
// for a host nobody trusted yet, asks (HostKeyTrustDialog) before trusting it and testing again. The login
// password and the identity file's passphrase are typed here and go to the system keychain only
// (TargetSecretField), never into the target's settings.
#pragma once

#include "targets/TargetKindPage.h"
#include "targets/ssh/SshHostKeys.h"

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class TargetSecretField;
template <typename T> class QFutureWatcher;

// What storing the typed secrets did: the words (SecretStore::passwordWord(), …) now in the keychain, and why
// the rest is not.
struct SecretsWrite
{
    QStringList storedWords;
    QString error;
};

class TargetSshPage final : public TargetKindPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TargetSshPage)
public:
    explicit TargetSshPage(QWidget* parent = nullptr);

    QString kind() const override { return QStringLiteral("ssh"); }
    void load(const QJsonObject& settings) override;
    QJsonObject settings(const QJsonObject& base) const override;
    QStringList validate() const override;
    TargetConnectionJob connectionTest(const TargetConfig& target, const QString& workspaceRoot) const override;
    void showStoredSecrets(const QString& workspaceRoot, const QString& target) override;
    bool hasUnstoredSecrets() const override;
    void storeSecrets(const QString& workspaceRoot, const QString& target) override;

    // Connects and reports the machine, blocking (seconds); run it on a worker. offerTrust: an unknown host
    // key makes a result that asks the user (askUser) instead of a plain failure.
    static TargetConnectionResult probe(const TargetConfig& target, const QString& workspaceRoot, bool offerTrust);

private:
    // Writes the keys the user accepted, then tests again; blocking.
    static TargetConnectionResult trustAndProbe(const TargetConfig& target, const QString& workspaceRoot,
                                                const QVector<SshHostKey>& keys);
    void browseIdentityFile();
    void showSecretsWritten();
    QList<TargetSecretField*> secretFields() const { return {m_password, m_passphrase}; }

    QLineEdit* m_host = nullptr;
    QSpinBox* m_port = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_identityFile = nullptr;
    QLineEdit* m_workdir = nullptr;
    QLineEdit* m_python = nullptr;
    QSpinBox* m_maxConcurrent = nullptr;
    QComboBox* m_cleanup = nullptr;
    QSpinBox* m_connectionLimit = nullptr;
    QDoubleSpinBox* m_graceSeconds = nullptr;
    QLineEdit* m_environment = nullptr;
    QLineEdit* m_extraHosts = nullptr;
    TargetSecretField* m_password = nullptr;
    TargetSecretField* m_passphrase = nullptr;
    QFutureWatcher<SecretsWrite>* m_secretsWatcher = nullptr;
    QString m_storingRoot;
    QString m_storingTarget;
};
