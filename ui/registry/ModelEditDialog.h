// Edits what a registered model version says about itself after registering: its description and its tags
// ("key=value" lines, as when registering). The files and the version never change. The dialog only collects
// and validates; the models page writes.
#pragma once

#include "registry/RegisterDialogFooter.h"

#include <QDialog>
#include <QPair>
#include <QVector>

#include <optional>

class QPlainTextEdit;

class ModelEditDialog : public QDialog
{
    Q_OBJECT
public:
    ModelEditDialog(const QString& title, const QString& description, const QVector<QPair<QString, QString>>& tags,
                    QWidget* parent = nullptr);

    QString description() const;
    QVector<QPair<QString, QString>> tags() const; // valid once the dialog accepts

    QPlainTextEdit* descriptionEdit() const { return m_description; }
    QPlainTextEdit* tagsEdit() const { return m_tags; }
    QString validationMessage() const;

private:
    void validate();

    QPlainTextEdit* m_description = nullptr;
    QPlainTextEdit* m_tags = nullptr;
    std::optional<RegisterDialogFooter> m_footer;
};
