// HostKeyTrustDialog: asks whether to trust the host keys an SSH host offers, the first time the app connects
// to it. It shows each key's fingerprint and where the trust is written, so the user can compare it with the
// host's own before accepting; nothing is trusted unless the user presses Trust.
#pragma once

#include "targets/ssh/SshHostKeys.h"

#include <QDialog>
#include <QVector>

class HostKeyTrustDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostKeyTrustDialog)
public:
    // endpoint: "user@host:port" as the target names it; knownHostsPath: where accepted keys go.
    HostKeyTrustDialog(const QString& endpoint, const QVector<SshHostKey>& keys, const QString& knownHostsPath,
                       QWidget* parent = nullptr);

    // One line for a person or a test log: the host and every fingerprint it offers.
    QString summary() const { return m_summary; }

    // Shows the dialog (through UserPrompts, so tests answer it) and says whether the user trusts the keys.
    static bool ask(QWidget* parent, const QString& endpoint, const QVector<SshHostKey>& keys,
                    const QString& knownHostsPath);

private:
    QString m_summary;
};
