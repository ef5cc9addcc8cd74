#include "registry/DatasetNameDialog.h"

#include "registry/DatasetRegistry.h"

#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>

DatasetNameDialog::DatasetNameDialog(const QString& path, QWidget* parent) : QDialog(parent), m_path(path)
{
    setWindowTitle(tr("Register Dataset"));
    setAccessibleName(tr("Register dataset"));

    auto* source = new QLabel(QDir::toNativeSeparators(path), this);
    source->setAccessibleName(tr("Dataset path"));
    source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    source->setWordWrap(true);
    m_name = new QLineEdit(suggestedName(path), this);
    m_name->setAccessibleName(tr("Dataset name"));
    m_name->selectAll();
    m_description = new QLineEdit(this);
    m_description->setAccessibleName(tr("Dataset description"));
    auto* form = new QFormLayout;
    form->addRow(tr("Path:"), source);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Description:"), m_description);
    m_footer.emplace(this, form);

    connect(m_name, &QLineEdit::textChanged, this, &DatasetNameDialog::validate);
    validate();
}

QString DatasetNameDialog::name() const { return m_name->text().trimmed(); }

QString DatasetNameDialog::description() const { return m_description->text().trimmed(); }

QString DatasetNameDialog::suggestedName(const QString& path)
{
    static const QRegularExpression invalid(QStringLiteral("[^A-Za-z0-9._-]+"));
    static const QRegularExpression leading(QStringLiteral("^[^A-Za-z0-9]+"));
    QString name = QFileInfo(QDir::cleanPath(path)).fileName();
    name.replace(invalid, QStringLiteral("-"));
    name.remove(leading);
    name = name.left(64);
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    return name.isEmpty() ? QStringLiteral("dataset") : name;
}

QString DatasetNameDialog::validationMessage() const { return m_footer->message(); }

void DatasetNameDialog::validate()
{
    QString message;
    if (name().isEmpty())
        message = tr("Enter a dataset name.");
    else if (!DatasetRegistry::isValidName(name()))
        message = tr("The name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
    m_footer->setMessage(message);
}
