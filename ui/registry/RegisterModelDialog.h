// Asks for what registering a run's output as a model needs: a name (completed from the models already
// registered, so a new version lands under the same name), a description and tags as "key=value" lines.
// The dialog only collects and validates; the caller registers.
#pragma once

#include "registry/RegisterDialogFooter.h"

#include <QDialog>
#include <QPair>
#include <QVector>

#include <optional>

class QCompleter;
class QLineEdit;
class QPlainTextEdit;
class QStringListModel;

class RegisterModelDialog : public QDialog
{
    Q_OBJECT
public:
    explicit RegisterModelDialog(const QString& sourcePath, QWidget* parent = nullptr);

    void setExistingNames(const QStringList& names);
    QString name() const;
    QString description() const;
    QVector<QPair<QString, QString>> tags() const; // valid once the dialog accepts

    // "key=value" per line, blank lines ignored; nullopt with an error naming the bad line otherwise.
    static std::optional<QVector<QPair<QString, QString>>> parseTags(const QString& text, QString* error);

    QLineEdit* nameEdit() const { return m_name; }
    QPlainTextEdit* descriptionEdit() const { return m_description; }
    QPlainTextEdit* tagsEdit() const { return m_tags; }
    QCompleter* nameCompleter() const { return m_completer; }
    QString validationMessage() const;

private:
    void validate();

    QLineEdit* m_name = nullptr;
    QPlainTextEdit* m_description = nullptr;
    QPlainTextEdit* m_tags = nullptr;
    std::optional<RegisterDialogFooter> m_footer; // set once the form exists
    QCompleter* m_completer = nullptr;
    QStringListModel* m_names = nullptr;
};
