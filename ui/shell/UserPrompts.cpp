#include "shell/UserPrompts.h"

#include <QDialog>
#include <QFileDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QQueue>

namespace {
struct PromptState
{
    bool testMode = false;
    QQueue<QString> paths;
    QQueue<QMessageBox::StandardButton> answers;
    QQueue<QString> texts;
    QStringList messages;
};

PromptState& state()
{
    static PromptState s;
    return s;
}

QString nextPath()
{
    return state().paths.isEmpty() ? QString() : state().paths.dequeue();
}
} // namespace

QString UserPrompts::existingDirectory(QWidget* parent, const QString& title, const QString& startDir)
{
    if (state().testMode)
        return nextPath();
    return QFileDialog::getExistingDirectory(parent, title, startDir);
}

QString UserPrompts::openFileName(QWidget* parent, const QString& title, const QString& startDir, const QString& filter)
{
    if (state().testMode)
        return nextPath();
    return QFileDialog::getOpenFileName(parent, title, startDir, filter);
}

QString UserPrompts::saveFileName(QWidget* parent, const QString& title, const QString& suggestedPath, const QString& filter)
{
    if (state().testMode)
        return nextPath();
    return QFileDialog::getSaveFileName(parent, title, suggestedPath, filter);
}

QMessageBox::StandardButton UserPrompts::question(QWidget* parent, const QString& title, const QString& text,
                                                  QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    if (state().testMode) {
        state().messages << title + QStringLiteral(": ") + text;
        return state().answers.isEmpty() ? defaultButton : state().answers.dequeue();
    }
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

void UserPrompts::information(QWidget* parent, const QString& title, const QString& text)
{
    if (state().testMode) {
        state().messages << title + QStringLiteral(": ") + text;
        return;
    }
    QMessageBox::information(parent, title, text);
}

void UserPrompts::warning(QWidget* parent, const QString& title, const QString& text)
{
    if (state().testMode) {
        state().messages << title + QStringLiteral(": ") + text;
        return;
    }
    QMessageBox::warning(parent, title, text);
}

void UserPrompts::about(QWidget* parent, const QString& title, const QString& text)
{
    if (state().testMode) {
        state().messages << title + QStringLiteral(": ") + text;
        return;
    }
    QMessageBox::about(parent, title, text);
}

bool UserPrompts::accepted(QDialog& dialog, const QString& summary)
{
    if (state().testMode) {
        state().messages << dialog.windowTitle() + QStringLiteral(": ") + summary;
        const QMessageBox::StandardButton answer = state().answers.isEmpty() ? QMessageBox::No : state().answers.dequeue();
        return answer == QMessageBox::Yes || answer == QMessageBox::Ok;
    }
    return dialog.exec() == QDialog::Accepted;
}

std::optional<QString> UserPrompts::text(QWidget* parent, const QString& title, const QString& label, const QString& initial)
{
    if (state().testMode) {
        state().messages << title + QStringLiteral(": ") + label;
        if (state().texts.isEmpty())
            return std::nullopt;
        return state().texts.dequeue();
    }
    bool ok = false;
    const QString answer = QInputDialog::getText(parent, title, label, QLineEdit::Normal, initial, &ok);
    return ok ? std::optional<QString>(answer) : std::nullopt;
}

void UserPrompts::setTestMode(bool enabled) { state().testMode = enabled; }
void UserPrompts::setNextPath(const QString& path) { state().paths.enqueue(path); }
void UserPrompts::setNextAnswer(QMessageBox::StandardButton answer) { state().answers.enqueue(answer); }
void UserPrompts::setNextText(const QString& text) { state().texts.enqueue(text); }
QStringList UserPrompts::recordedMessages() { return state().messages; }
void UserPrompts::clearRecordedMessages() { state().messages.clear(); }
