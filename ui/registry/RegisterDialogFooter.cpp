#include "registry/RegisterDialogFooter.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

RegisterDialogFooter::RegisterDialogFooter(QDialog* dialog, QFormLayout* form, const QString& acceptText)
{
    m_message = new QLabel(dialog);
    m_message->setAccessibleName(tr("Validation message"));
    m_message->setWordWrap(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    const QString accept = acceptText.isEmpty() ? tr("Register") : acceptText;
    m_buttons->button(QDialogButtonBox::Ok)->setText(accept);
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleName(accept);
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    QObject::connect(m_buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(m_buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);

    auto* layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
}

void RegisterDialogFooter::setMessage(const QString& message)
{
    m_message->setText(message);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(message.isEmpty());
}

QString RegisterDialogFooter::message() const { return m_message->text(); }
