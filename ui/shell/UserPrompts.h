// Every modal question the app asks (file and folder pickers, confirmations, error boxes) goes through here,
// so that GUI tests can answer in advance instead of blocking on a dialog: setNext…() queues the answer the
// next call returns without showing anything. Messages shown in test mode are recorded, not displayed.
#pragma once

#include <QMessageBox>
#include <QString>
#include <QStringList>

#include <optional>

class QDialog;
class QWidget;

class UserPrompts
{
public:
    static QString existingDirectory(QWidget* parent, const QString& title, const QString& startDir = {});
    static QString openFileName(QWidget* parent, const QString& title, const QString& startDir = {}, const QString& filter = {});
    static QString saveFileName(QWidget* parent, const QString& title, const QString& suggestedPath = {}, const QString& filter = {});
    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
                                                QMessageBox::StandardButtons buttons = QMessageBox::Yes | QMessageBox::No,
                                                QMessageBox::StandardButton defaultButton = QMessageBox::No);
    static void information(QWidget* parent, const QString& title, const QString& text);
    static void warning(QWidget* parent, const QString& title, const QString& text);
    static void about(QWidget* parent, const QString& title, const QString& text);
    // Shows a prepared modal dialog (a question with more than text, like the host key trust dialog) and
    // says whether the user accepted it. In test mode it is not shown: "title: summary" is recorded and the
    // next queued answer decides (Yes or Ok accepts; none queued declines).
    static bool accepted(QDialog& dialog, const QString& summary);

    // One line of text (a tag, a name); nullopt when the user cancels. In test mode the next queued text
    // (setNextText) is the answer, none queued cancels; "title: label" is recorded.
    static std::optional<QString> text(QWidget* parent, const QString& title, const QString& label,
                                       const QString& initial = QString());

    // Test hooks. In test mode a call with no queued answer returns an empty path / the default button.
    static void setTestMode(bool enabled);
    static void setNextPath(const QString& path);
    static void setNextAnswer(QMessageBox::StandardButton answer);
    // The next text() returns this; with none queued it returns nullopt (canceled).
    static void setNextText(const QString& text);
    static QStringList recordedMessages(); // "title: text", newest last
    static void clearRecordedMessages();
};
