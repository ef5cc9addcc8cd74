#include "targets/TargetSecretField.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace {
const QString kErrorStyle = QStringLiteral("color: #d9534f;");

// Zeros a copy of a secret's text that this QString alone holds, then empties it (see SecretStore::wipe).
void wipeText(QString& text)
{
    if (text.isDetached())
        std::fill(text.data(), text.data() + text.size(), QChar(0));
    text.clear();
}

// Only whether the keychain holds it matters here: the secret read for that is wiped at once.
SecretLookup lookUp(const QString& key)
{
    QString error;
    SecretFailure failure = SecretFailure::None;
    std::optional<QByteArray> secret = SecretStore::read(key, &error, &failure);
    if (secret) {
        SecretStore::wipe(*secret);
        return {true, {}};
    }
    return {false, failure == SecretFailure::NotFound ? QString() : error};
}

SecretLookup forgetSecret(const QString& key)
{
    QString error;
    if (!SecretStore::remove(key, &error))
        return {true, error};
    return {false, {}};
}
} // namespace

TargetSecretField::TargetSecretField(const QString& word, const QString& objectName,
                                     const QString& accessibleName, QWidget* parent)
    : QWidget(parent), m_word(word), m_lookup(new QFutureWatcher<SecretLookup>(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    layout->addLayout(row);

    m_field = new QLineEdit;
    m_field->setObjectName(objectName);
    m_field->setAccessibleName(accessibleName);
    m_field->setEchoMode(QLineEdit::Password);
    m_field->setPlaceholderText(tr("Type to replace; kept only in the system keychain"));
    m_field->setToolTip(tr("Stored in the system keychain on Save (or before Test connection), never in the "
                           "workspace"));
    connect(m_field, &QLineEdit::textChanged, this, &TargetSecretField::edited);
    row->addWidget(m_field, 1);

    QString capitalized = objectName;
    capitalized[0] = capitalized.at(0).toUpper();
    m_forget = new QPushButton(tr("Forget"));
    m_forget->setObjectName(QStringLiteral("forget") + capitalized);
    m_forget->setAccessibleName(tr("Forget the stored %1").arg(accessibleName.toLower()));
    m_forget->setToolTip(tr("Removes it from the system keychain now"));
    connect(m_forget, &QPushButton::clicked, this, &TargetSecretField::forget);
    row->addWidget(m_forget);

    m_status = new QLabel;
    m_status->setObjectName(objectName + QStringLiteral("Status"));
    m_status->setAccessibleName(tr("%1 in the keychain").arg(accessibleName));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    connect(m_lookup, &QFutureWatcher<SecretLookup>::finished, this, &TargetSecretField::showLookup);
    showNoneStored();
}

TargetSecretField::~TargetSecretField()
{
    // A keychain call still running owns copies only; its answer is simply not shown.
    m_lookup->disconnect(this);
}

QString TargetSecretField::key() const
{
    return m_target.isEmpty() ? QString() : SecretStore::targetKey(m_workspaceRoot, m_target, m_word);
}

void TargetSecretField::setTarget(const QString& workspaceRoot, const QString& target)
{
    m_workspaceRoot = workspaceRoot;
    m_target = target;
}

void TargetSecretField::readStored()
{
    if (m_lookup->isRunning() || m_target.isEmpty())
        return;
    setStatus(tr("looking in the system keychain…"), false, false);
    m_forget->setEnabled(false);
    m_lookup->setFuture(QtConcurrent::run(&lookUp, key()));
}

void TargetSecretField::showNoneStored()
{
    setStatus(tr("none stored"), false, false);
}

bool TargetSecretField::hasTyped() const
{
    return !m_field->text().isEmpty();
}

QByteArray TargetSecretField::typedSecret() const
{
    QString text = m_field->text();
    QByteArray secret = text.toUtf8();
    wipeText(text);
    return secret;
}

void TargetSecretField::markStored()
{
    m_field->clear();
    setStatus(tr("stored in the system keychain"), true, false);
}

void TargetSecretField::setStoring(bool storing)
{
    m_field->setReadOnly(storing);
    m_forget->setEnabled(!storing && m_stored && !m_lookup->isRunning());
}

QString TargetSecretField::statusText() const
{
    return m_status->text();
}

void TargetSecretField::forget()
{
    if (m_lookup->isRunning() || m_target.isEmpty())
        return;
    setStatus(tr("removing from the system keychain…"), m_stored, false);
    m_forget->setEnabled(false);
    m_lookup->setFuture(QtConcurrent::run(&forgetSecret, key()));
}

void TargetSecretField::showLookup()
{
    const SecretLookup result = m_lookup->result();
    if (!result.error.isEmpty())
        setStatus(result.error, result.stored, true);
    else if (result.stored)
        setStatus(tr("stored in the system keychain"), true, false);
    else
        showNoneStored();
}

void TargetSecretField::setStatus(const QString& text, bool stored, bool failed)
{
    m_stored = stored;
    m_status->setText(text);
    m_status->setStyleSheet(failed ? kErrorStyle : QString());
    m_forget->setEnabled(stored && !m_lookup->isRunning() && !m_field->isReadOnly());
}
