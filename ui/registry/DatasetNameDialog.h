// Asks for the name (and an optional description) a file or folder is registered under as a dataset.
// The name starts as the file or folder name made valid; an existing name adds a version to it.
#pragma once

#include "registry/RegisterDialogFooter.h"

#include <QDialog>

#include <optional>

class QLineEdit;

class DatasetNameDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DatasetNameDialog(const QString& path, QWidget* parent = nullptr);

    QString path() const { return m_path; }
    QString name() const;
    QString description() const;

    // "My Data (2023)" → "My-Data-2023": only letters, digits, '.', '_' and '-', starting with a letter or digit.
    static QString suggestedName(const QString& path);

    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* descriptionEdit() const { return m_description; }
    QString validationMessage() const;

private:
    void validate();

    QString m_path;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_description = nullptr;
    std::optional<RegisterDialogFooter> m_footer; // set once the form exists
};
