#include "registry/ModelEditDialog.h"

#include "registry/RegisterModelDialog.h"

#include <QFormLayout>
#include <QPlainTextEdit>

ModelEditDialog::ModelEditDialog(const QString& title, const QString& description,
                                 const QVector<QPair<QString, QString>>& tags, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(title);
    setAccessibleName(tr("Edit model version"));
    m_description = new QPlainTextEdit(description, this);
    m_description->setAccessibleName(tr("Model description"));
    m_description->setTabChangesFocus(true);
    QStringList lines;
    for (const auto& tag : tags)
        lines << tag.first + QLatin1Char('=') + tag.second;
    m_tags = new QPlainTextEdit(lines.join(QLatin1Char('\n')), this);
    m_tags->setAccessibleName(tr("Model tags"));
    m_tags->setPlaceholderText(tr("one key=value per line"));
    m_tags->setTabChangesFocus(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Tags:"), m_tags);
    m_footer.emplace(this, form, tr("Save"));
    connect(m_tags, &QPlainTextEdit::textChanged, this, &ModelEditDialog::validate);
    validate();
}

QString ModelEditDialog::description() const { return m_description->toPlainText().trimmed(); }

QVector<QPair<QString, QString>> ModelEditDialog::tags() const
{
    QString ignored;
    return RegisterModelDialog::parseTags(m_tags->toPlainText(), &ignored).value_or(QVector<QPair<QString, QString>>{});
}

QString ModelEditDialog::validationMessage() const { return m_footer->message(); }

void ModelEditDialog::validate()
{
    QString error;
    m_footer->setMessage(RegisterModelDialog::parseTags(m_tags->toPlainText(), &error) ? QString() : error);
}
