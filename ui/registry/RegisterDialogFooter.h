// The footer that the register-dataset and register-model dialogs share: a validation message under the form
// and Register / Cancel buttons that accept or reject the dialog. Register is enabled only while there is no
// message, so both dialogs refuse bad input the same way.
#pragma once

#include <QCoreApplication>
#include <QString>

class QDialog;
class QDialogButtonBox;
class QFormLayout;
class QLabel;

class RegisterDialogFooter
{
    Q_DECLARE_TR_FUNCTIONS(RegisterDialogFooter)

public:
    // Creates the message and the buttons as children of `dialog` and lays out `form`, the message and the
    // buttons in it, top to bottom.
    // `acceptText` names the accepting button ("Register" when empty).
    RegisterDialogFooter(QDialog* dialog, QFormLayout* form, const QString& acceptText = QString());

    // Shows `message` (empty: the input is valid) and enables Register only when it is empty.
    void setMessage(const QString& message);
    QString message() const;

private:
    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};
