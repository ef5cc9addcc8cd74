#include "registry/RegisterModelDialog.h"

#include "registry/ModelRegistry.h"

#include <QCompleter>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStringListModel>

RegisterModelDialog::RegisterModelDialog(const QString& sourcePath, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Register as Model"));
    setAccessibleName(tr("Register as model"));

    auto* source = new QLabel(sourcePath, this);
    source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    source->setAccessibleName(tr("Source path"));

    m_name = new QLineEdit(this);
    m_name->setAccessibleName(tr("Model name"));
    m_name->setPlaceholderText(tr("letters, digits, '.', '_' or '-'"));
    m_names = new QStringListModel(this);
    m_completer = new QCompleter(m_names, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_name->setCompleter(m_completer);

    m_description = new QPlainTextEdit(this);
    m_description->setAccessibleName(tr("Model description"));
    m_description->setTabChangesFocus(true);

    m_tags = new QPlainTextEdit(this);
    m_tags->setAccessibleName(tr("Model tags"));
    m_tags->setPlaceholderText(tr("one key=value per line"));
    m_tags->setTabChangesFocus(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Source:"), source);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Tags:"), m_tags);
    m_footer.emplace(this, form);

    connect(m_name, &QLineEdit::textChanged, this, &RegisterModelDialog::validate);
    connect(m_tags, &QPlainTextEdit::textChanged, this, &RegisterModelDialog::validate);
    validate();
}

void RegisterModelDialog::setExistingNames(const QStringList& names) { m_names->setStringList(names); }

QString RegisterModelDialog::name() const { return m_name->text().trimmed(); }

QString RegisterModelDialog::description() const { return m_description->toPlainText().trimmed(); }

QVector<QPair<QString, QString>> RegisterModelDialog::tags() const
{
    QString ignored;
    return parseTags(m_tags->toPlainText(), &ignored).value_or(QVector<QPair<QString, QString>>{});
}

std::optional<QVector<QPair<QString, QString>>> RegisterModelDialog::parseTags(const QString& text, QString* error)
{
    QVector<QPair<QString, QString>> tags;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        const int eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *error = tr("tag line %1 \"%2\": expected key=value").arg(i + 1).arg(line);
            return std::nullopt;
        }
        tags.append({line.left(eq).trimmed(), line.mid(eq + 1).trimmed()});
    }
    return tags;
}

QString RegisterModelDialog::validationMessage() const { return m_footer->message(); }

void RegisterModelDialog::validate()
{
    QString message;
    if (name().isEmpty())
        message = tr("Enter a model name.");
    else if (!ModelRegistry::isValidName(name()))
        message = tr("The name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
    else if (QString error; !parseTags(m_tags->toPlainText(), &error))
        message = error;
    m_footer->setMessage(message);
}
