#include "targets/HostKeyTrustDialog.h"

#include "shell/UserPrompts.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

HostKeyTrustDialog::HostKeyTrustDialog(const QString& endpoint, const QVector<SshHostKey>& keys,
                                       const QString& knownHostsPath, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Trust the host %1?").arg(endpoint));
    setAccessibleName(windowTitle());
    auto* layout = new QVBoxLayout(this);

    auto* intro = new QLabel(tr("This workspace does not trust <b>%1</b> yet. The host offers these keys:")
                                 .arg(endpoint.toHtmlEscaped()));
    intro->setObjectName(QStringLiteral("hostKeyIntro"));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* table = new QTableWidget(int(keys.size()), 3);
    table->setObjectName(QStringLiteral("hostKeys"));
    table->setAccessibleName(tr("Offered host keys"));
    table->setHorizontalHeaderLabels({tr("Host"), tr("Type"), tr("Fingerprint")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QStringList offered;
    for (int row = 0; row < keys.size(); ++row) {
        const SshHostKey& key = keys.at(row);
        table->setItem(row, 0, new QTableWidgetItem(key.host));
        table->setItem(row, 1, new QTableWidgetItem(key.type));
        auto* fingerprint = new QTableWidgetItem(key.fingerprint);
        fingerprint->setFont(fixed);
        table->setItem(row, 2, fingerprint);
        offered << QStringLiteral("%1 %2 %3").arg(key.host, key.type, key.fingerprint);
    }
    table->resizeColumnsToContents();
    // Wide enough for whole fingerprints and tall enough for every key: a cut-off fingerprint cannot be compared.
    const int frame = 2 * table->frameWidth();
    table->setMinimumWidth(qMin(table->horizontalHeader()->length() + frame + 4, 1000));
    table->setMinimumHeight(qMin(table->horizontalHeader()->height() + table->verticalHeader()->length() + frame + 4, 400));
    table->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    layout->addWidget(table);

    auto* advice = new QLabel(tr("Compare a fingerprint with the host's own (on the host: <tt>ssh-keygen -lf "
                                 "/etc/ssh/ssh_host_ed25519_key.pub</tt>) before trusting it. Trusted keys are "
                                 "written to %1; a key that changes later is refused.")
                                  .arg(knownHostsPath.toHtmlEscaped()));
    advice->setObjectName(QStringLiteral("hostKeyAdvice"));
    advice->setWordWrap(true);
    advice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(advice);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    buttons->setObjectName(QStringLiteral("hostKeyButtons"));
    QPushButton* trust = buttons->addButton(tr("&Trust"), QDialogButtonBox::AcceptRole);
    trust->setObjectName(QStringLiteral("trustHostKey"));
    trust->setAccessibleName(tr("Trust these host keys"));
    QPushButton* cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("rejectHostKey"));
    cancel->setAccessibleName(tr("Do not trust the host"));
    // Enter must not trust a key the user has not read: the safe answer is the default.
    trust->setAutoDefault(false);
    cancel->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    m_summary = tr("%1 offers %2").arg(endpoint, offered.join(QStringLiteral(", ")));
}

bool HostKeyTrustDialog::ask(QWidget* parent, const QString& endpoint, const QVector<SshHostKey>& keys,
                             const QString& knownHostsPath)
{
    HostKeyTrustDialog dialog(endpoint, keys, knownHostsPath, parent);
    return UserPrompts::accepted(dialog, dialog.summary());
}
