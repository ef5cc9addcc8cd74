#include "environments/RegistryLoginsDialog.h"

#include "secrets/SecretStore.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <memory>

RegistryLoginsDialog::RegistryLoginsDialog(const Workspace& workspace, QWidget* parent)
    : QDialog(parent), m_workspace(workspace),
      m_reload(
          [workspace] {
              Listing listing;
              listing.logins = RegistryLogins(workspace).list(&listing.error);
              return listing;
          },
          [this](const Listing& listing) { applyListing(listing); })
{
    setWindowTitle(tr("Registry logins"));
    setAccessibleName(tr("Registry logins"));

    m_list = new QTreeWidget(this);
    m_list->setAccessibleName(tr("Registry logins"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Registry"), tr("User"), tr("Since")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_registry = new QLineEdit(this);
    m_registry->setObjectName(QStringLiteral("registryField"));
    m_registry->setAccessibleName(tr("Registry"));
    m_registry->setPlaceholderText(tr("registry.example.com:5000"));
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("userField"));
    m_user->setAccessibleName(tr("User"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("passwordField"));
    m_password->setAccessibleName(tr("Password or token"));
    m_password->setEchoMode(QLineEdit::Password);
    auto* form = new QFormLayout;
    form->addRow(tr("&Registry:"), m_registry);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Password or token:"), m_password);

    m_logIn = new QPushButton(tr("&Log in"), this);
    m_logIn->setObjectName(QStringLiteral("logInButton"));
    m_logIn->setToolTip(tr("Keep this login; the password goes to the system keychain only"));
    m_logOut = new QPushButton(tr("Log &out"), this);
    m_logOut->setObjectName(QStringLiteral("logOutButton"));
    m_logOut->setToolTip(tr("Forget the selected login and remove its password from the keychain"));
    connect(m_logIn, &QPushButton::clicked, this, &RegistryLoginsDialog::logIn);
    connect(m_logOut, &QPushButton::clicked, this, &RegistryLoginsDialog::logOutSelected);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &RegistryLoginsDialog::updateButtons);
    for (QLineEdit* field : {m_registry, m_user, m_password})
        connect(field, &QLineEdit::textChanged, this, &RegistryLoginsDialog::updateButtons);
    connect(m_password, &QLineEdit::returnPressed, this, &RegistryLoginsDialog::logIn);
    connect(&m_action, &QFutureWatcher<Outcome>::finished, this, [this] {
        const Outcome outcome = m_action.result();
        m_busy = false;
        m_message->setText(outcome.message);
        updateButtons();
        refresh();
        emit actionFinished(outcome.ok, outcome.message);
    });

    m_message = new QLabel(tr("Runs whose custom_docker_image is on one of these registries pull it with its login, "
                              "on every target."),
                           this);
    m_message->setAccessibleName(tr("Registry logins status"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_logOut);
    actions->addStretch();
    actions->addWidget(m_logIn);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addLayout(form);
    layout->addLayout(actions);
    layout->addWidget(m_message);
    layout->addWidget(close);
    resize(560, 380);
    updateButtons();
    refresh();
}

RegistryLoginsDialog::~RegistryLoginsDialog()
{
    // A login in flight finishes (its record must follow the keychain); nothing is shown.
    m_action.waitForFinished();
    m_reload.waitForFinished();
}

void RegistryLoginsDialog::refresh() { m_reload.request(); }

QString RegistryLoginsDialog::statusMessage() const { return m_message->text(); }

void RegistryLoginsDialog::applyListing(const Listing& listing)
{
    const QString selected = m_list->currentItem() ? m_list->currentItem()->text(0) : QString();
    m_list->clear();
    if (!listing.logins) {
        // Never an empty list that looks like "no logins".
        m_message->setText(listing.error);
        emit refreshed();
        return;
    }
    for (const RegistryLogin& login : *listing.logins) {
        auto* item = new QTreeWidgetItem(m_list, {login.registry, login.username,
                                                  QDateTime::fromMSecsSinceEpoch(login.createdMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"))});
        if (login.registry == selected)
            m_list->setCurrentItem(item);
    }
    updateButtons();
    emit refreshed();
}

void RegistryLoginsDialog::updateButtons()
{
    m_logIn->setEnabled(!m_busy && !m_registry->text().trimmed().isEmpty() && !m_user->text().trimmed().isEmpty()
                        && !m_password->text().isEmpty());
    m_logOut->setEnabled(!m_busy && m_list->currentItem() != nullptr);
}

void RegistryLoginsDialog::runAction(const std::function<Outcome()>& work)
{
    m_busy = true;
    updateButtons();
    m_action.setFuture(QtConcurrent::run(work));
}

void RegistryLoginsDialog::logIn()
{
    if (m_busy)
        return;
    QString error;
    const QString registry = RegistryLogins::normalise(m_registry->text(), &error);
    const QString user = m_user->text().trimmed();
    if (registry.isEmpty() || user.isEmpty() || m_password->text().isEmpty()) {
        m_message->setText(registry.isEmpty() ? error : tr("A login needs a user and a password or token."));
        emit actionFinished(false, m_message->text());
        return;
    }
    // Held once, so that wiping it on the worker reaches its bytes; the field forgets it now.
    auto secret = std::make_shared<QByteArray>(m_password->text().toUtf8());
    m_password->clear();
    const Workspace workspace = m_workspace;
    runAction([workspace, registry, user, secret] {
        Outcome outcome;
        QString error;
        outcome.ok = RegistryLogins(workspace).login(registry, user, *secret, &error);
        SecretStore::wipe(*secret);
        outcome.message = outcome.ok ? tr("Logged in to %1 as %2; the password is in the system keychain.").arg(registry, user)
                                     : error;
        return outcome;
    });
}

void RegistryLoginsDialog::logOutSelected()
{
    if (m_busy || !m_list->currentItem())
        return;
    const QString registry = m_list->currentItem()->text(0);
    const Workspace workspace = m_workspace;
    runAction([workspace, registry] {
        Outcome outcome;
        QString error;
        bool known = false;
        outcome.ok = RegistryLogins(workspace).logout(registry, &known, &error);
        outcome.message = outcome.ok ? tr("Logged out of %1.").arg(registry) : error;
        return outcome;
    });
}
