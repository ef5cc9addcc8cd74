// TargetSshPage: settings of an `ssh` compute target (any machine OpenSSH reaches): where to connect and as
// whom, the remote working folder and Python, how many runs at once, what happens to remote run folders and
// how long a run may stay disconnected. Its connection test verifies the host key like every connection and,
// for a host nobody trusted yet, asks (HostKeyTrustDialog) before trusting it and testing again.
#pragma once

#include "targets/TargetKindPage.h"
#include "targets/ssh/SshHostKeys.h"

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

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

    // Connects and reports the machine, blocking (seconds); run it on a worker. offerTrust: an unknown host
    // key makes a result that asks the user (askUser) instead of a plain failure.
    static TargetConnectionResult probe(const TargetConfig& target, const QString& workspaceRoot, bool offerTrust);

private:
    // Writes the keys the user accepted, then tests again; blocking.
    static TargetConnectionResult trustAndProbe(const TargetConfig& target, const QString& workspaceRoot,
                                                const QVector<SshHostKey>& keys);
    void browseIdentityFile();

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
};
