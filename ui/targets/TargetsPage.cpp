#include "targets/TargetsPage.h"

#include "targets/TargetDialog.h"
#include "targets/TargetRegistry.h"
#include "targets/ssh/SshConnection.h"
#include "shell/UserPrompts.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

TargetsPage::TargetsPage(const Workspace& workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace)
{
    setAccessibleName(tr("Compute targets"));
    auto* layout = new QVBoxLayout(this);
    m_table = new QTableWidget(0, ColumnCount);
    m_table->setObjectName(QStringLiteral("targetsTable"));
    m_table->setAccessibleName(tr("Compute targets"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Kind"), tr("Settings")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &TargetsPage::updateButtons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this]() { editSelected(); });
    layout->addWidget(m_table, 1);

    m_addButton = new QPushButton(tr("&Add…"));
    m_addButton->setObjectName(QStringLiteral("addTarget"));
    m_addButton->setAccessibleName(tr("Add a compute target"));
    m_editButton = new QPushButton(tr("&Edit…"));
    m_editButton->setObjectName(QStringLiteral("editTarget"));
    m_editButton->setAccessibleName(tr("Edit the selected target"));
    m_removeButton = new QPushButton(tr("&Remove"));
    m_removeButton->setObjectName(QStringLiteral("removeTarget"));
    m_removeButton->setAccessibleName(tr("Remove the selected target"));
    connect(m_addButton, &QPushButton::clicked, this, &TargetsPage::addTarget);
    connect(m_editButton, &QPushButton::clicked, this, &TargetsPage::editSelected);
    connect(m_removeButton, &QPushButton::clicked, this, &TargetsPage::removeSelected);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_editButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    refresh();
}

QString TargetsPage::summary(const TargetConfig& target)
{
    if (target.kind == QLatin1String("local"))
        return tr("max %1 concurrent, %2, cancel grace %3 s")
            .arg(target.maxConcurrentRuns())
            .arg(target.python())
            .arg(target.cancelGraceSeconds());
    if (target.kind == QLatin1String("ssh")) {
        const SshEndpoint endpoint = SshEndpoint::fromConfig(target);
        return tr("%1, max %2 concurrent, %3, cleanup %4")
            .arg(endpoint.display().isEmpty() ? tr("(no host)") : endpoint.display())
            .arg(target.maxConcurrentRuns())
            .arg(endpoint.workDir)
            .arg(target.settings.value(QStringLiteral("cleanup")).toString(QStringLiteral("keep")));
    }
    if (target.kind == QLatin1String("slurm")) {
        const QString limit = target.settings.value(QStringLiteral("time_limit")).toVariant().toString();
        return tr("partition %1, max %2 concurrent, time limit %3")
            .arg(target.settings.value(QStringLiteral("partition")).toString(QStringLiteral("(none)")))
            .arg(target.maxConcurrentRuns())
            .arg(limit.isEmpty() ? tr("the partition's") : limit);
    }
    // Kinds without a page of their own yet still show what is stored.
    return QString::fromUtf8(QJsonDocument(target.settings).toJson(QJsonDocument::Compact));
}

void TargetsPage::refresh()
{
    const QString selected = selectedTarget();
    // A handful of rows in one query: cheap enough for the GUI thread.
    const QVector<TargetConfig> targets = TargetRegistry(m_workspace).list();
    m_table->setRowCount(0);
    m_table->setRowCount(int(targets.size()));
    for (int row = 0; row < targets.size(); ++row) {
        const TargetConfig& target = targets[row];
        m_table->setItem(row, NameColumn, new QTableWidgetItem(target.name));
        m_table->setItem(row, KindColumn, new QTableWidgetItem(target.kind));
        auto* summaryItem = new QTableWidgetItem(summary(target));
        summaryItem->setToolTip(summaryItem->text());
        m_table->setItem(row, SummaryColumn, summaryItem);
    }
    m_table->resizeColumnToContents(NameColumn);
    m_table->resizeColumnToContents(KindColumn);
    selectTarget(selected.isEmpty() && !targets.isEmpty() ? targets.first().name : selected);
    updateButtons();
}

QString TargetsPage::selectedTarget() const
{
    const int row = m_table->currentRow();
    const QTableWidgetItem* item = row >= 0 ? m_table->item(row, NameColumn) : nullptr;
    return item ? item->text() : QString();
}

void TargetsPage::selectTarget(const QString& name)
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, NameColumn)->text() == name) {
            m_table->selectRow(row);
            return;
        }
}

void TargetsPage::updateButtons()
{
    const QString name = selectedTarget();
    m_editButton->setEnabled(!name.isEmpty());
    const bool builtIn = name == QLatin1String("local");
    m_removeButton->setEnabled(!name.isEmpty() && !builtIn);
    m_removeButton->setToolTip(builtIn ? tr("The built-in local target cannot be removed") : QString());
}

void TargetsPage::showDialog(TargetDialog* dialog)
{
    if (m_dialog)
        m_dialog->close();
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TargetDialog::saved, this, [this](const QString& name) {
        refresh();
        selectTarget(name);
        emit targetsChanged();
    });
    // open(), not exec(): the event loop keeps running (and tests can drive the dialog).
    dialog->open();
}

TargetDialog* TargetsPage::openDialog() const { return m_dialog.data(); }

void TargetsPage::addTarget() { showDialog(new TargetDialog(m_workspace, std::nullopt, this)); }

void TargetsPage::editSelected()
{
    const QString name = selectedTarget();
    if (name.isEmpty())
        return;
    const auto target = TargetRegistry(m_workspace).find(name);
    if (!target) {
        UserPrompts::warning(this, tr("Edit target"), tr("Target %1 no longer exists").arg(name));
        refresh();
        return;
    }
    showDialog(new TargetDialog(m_workspace, target, this));
}

void TargetsPage::removeSelected()
{
    const QString name = selectedTarget();
    if (name.isEmpty() || name == QLatin1String("local"))
        return;
    if (UserPrompts::question(this, tr("Remove target"),
                              tr("Remove the compute target %1? Runs already submitted to it keep their records.").arg(name))
        != QMessageBox::Yes)
        return;
    QString error;
    if (!TargetRegistry(m_workspace).remove(name, &error))
        UserPrompts::warning(this, tr("Remove target"), error);
    refresh();
    emit targetsChanged();
}
