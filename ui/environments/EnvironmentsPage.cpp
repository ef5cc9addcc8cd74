#include "environments/EnvironmentsPage.h"

#include "environments/EnvironmentRemoval.h"
#include "environments/EnvironmentsModel.h"
#include "environments/RegistryLoginsDialog.h"
#include "run/RunStore.h"
#include "shell/UserPrompts.h"
#include "workspace/WorkspaceWatcher.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

EnvironmentsPage::EnvironmentsPage(const Workspace& workspace, QWidget* parent)
    : QWidget(parent), m_workspace(workspace),
      m_reload(
          [workspace] {
              Listing listing;
              listing.environments = EnvironmentStore(workspace).list(QString(), &listing.error);
              return listing;
          },
          [this](const Listing& listing) { applyListing(listing); })
{
    setAccessibleName(tr("Environments"));
    m_model = new EnvironmentsModel(this);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setAccessibleName(tr("Built environments"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(EnvironmentsModel::PackagesColumn, QHeaderView::Stretch);
    m_view->setWordWrap(false);

    auto* refreshButton = new QPushButton(tr("&Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("refreshButton"));
    refreshButton->setAccessibleName(tr("Refresh environments"));
    m_remove = new QPushButton(tr("Re&move…"), this);
    m_remove->setObjectName(QStringLiteral("removeButton"));
    m_remove->setAccessibleName(tr("Remove environment"));
    m_remove->setToolTip(tr("Delete the selected environment on its target; refused while a live run uses it"));
    m_prune = new QPushButton(tr("&Prune…"), this);
    m_prune->setObjectName(QStringLiteral("pruneButton"));
    m_prune->setAccessibleName(tr("Prune environments"));
    m_prune->setToolTip(tr("Remove the environments no run used for some days"));
    m_registryLogins = new QPushButton(tr("Registry &logins…"), this);
    m_registryLogins->setObjectName(QStringLiteral("registryLoginsButton"));
    m_registryLogins->setToolTip(tr("Log in to private container registries that custom_docker_image pulls from"));
    connect(m_registryLogins, &QPushButton::clicked, this, &EnvironmentsPage::openRegistryLogins);
    connect(refreshButton, &QPushButton::clicked, this, &EnvironmentsPage::refresh);
    connect(m_remove, &QPushButton::clicked, this, &EnvironmentsPage::removeSelected);
    connect(m_prune, &QPushButton::clicked, this, &EnvironmentsPage::pruneWithDialog);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &EnvironmentsPage::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EnvironmentsPage::updateButtons);
    connect(&m_action, &QFutureWatcher<Outcome>::finished, this, [this] {
        const Outcome outcome = m_action.result();
        m_busy = false;
        setStatusMessage(outcome.message);
        if (!outcome.ok)
            UserPrompts::warning(this, tr("Environments"), outcome.message);
        updateButtons();
        refresh();
        emit actionFinished(outcome.ok, outcome.message);
    });

    m_message = new QLabel(this);
    m_message->setAccessibleName(tr("Environments status"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(refreshButton);
    buttons->addWidget(m_registryLogins);
    buttons->addStretch();
    buttons->addWidget(m_remove);
    buttons->addWidget(m_prune);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    m_watcher = new WorkspaceWatcher(m_workspace, this);
    connect(m_watcher, &WorkspaceWatcher::changed, this, &EnvironmentsPage::refresh);
    m_watcher->start(1000);

    updateButtons();
    refresh();
}

EnvironmentsPage::~EnvironmentsPage()
{
    // A removal in flight runs a tool on the target; it finishes (its record must follow what it did) but
    // nothing is shown.
    m_action.waitForFinished();
    m_reload.waitForFinished();
}

void EnvironmentsPage::refresh() { m_reload.request(); }

RegistryLoginsDialog* EnvironmentsPage::openRegistryLogins()
{
    if (!m_registryDialog) {
        m_registryDialog = new RegistryLoginsDialog(m_workspace, this);
        m_registryDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_registryDialog->show();
    m_registryDialog->raise();
    m_registryDialog->activateWindow();
    return m_registryDialog;
}

void EnvironmentsPage::applyListing(const Listing& listing)
{
    const auto selected = selectedEnvironment();
    if (!listing.environments) {
        // Never an empty table that looks like "no environments".
        m_model->setEnvironments({});
        setStatusMessage(listing.error.left(1).toUpper() + listing.error.mid(1));
        emit refreshed();
        return;
    }
    m_model->setEnvironments(*listing.environments);
    if (selected)
        selectEnvironment(selected->target, selected->hash);
    if (m_model->rowCount() == 0)
        setStatusMessage(tr("No environments yet. A run with pip_packages, conda_packages or an environment file "
                            "builds one on its target."));
    // The store's own message is English (core/ has no translations); the other is this page's.
    else if (m_message->text().startsWith(QStringLiteral("Cannot read the environments")) || m_message->text().startsWith(tr("No environments yet")))
        setStatusMessage(QString());
    updateButtons();
    emit refreshed();
}

bool EnvironmentsPage::selectEnvironment(const QString& target, const QString& hash)
{
    const int row = m_model->rowOf(target, hash);
    if (row < 0)
        return false;
    m_view->setCurrentIndex(m_model->index(row, 0));
    return true;
}

std::optional<EnvironmentRecord> EnvironmentsPage::selectedEnvironment() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_model->environment(current.row()) : std::nullopt;
}

void EnvironmentsPage::updateButtons()
{
    m_remove->setEnabled(!m_busy && selectedEnvironment().has_value());
    m_prune->setEnabled(!m_busy && m_model->rowCount() > 0);
}

void EnvironmentsPage::removeSelected()
{
    const auto environment = selectedEnvironment();
    if (!environment || m_busy)
        return;
    const QString name = tr("environment %1 on %2").arg(environment->shortHash(), environment->target);
    if (UserPrompts::question(this, tr("Remove environment"),
                              tr("Remove %1 (%2, %3)? It is deleted on the target; a later run that needs it builds it "
                                 "again.")
                                  .arg(name, environment->packagesSummary(), QLocale().formattedDataSize(environment->sizeBytes)))
        != QMessageBox::Yes) {
        setStatusMessage(tr("Kept %1.").arg(name));
        return;
    }
    const Workspace workspace = m_workspace;
    const EnvironmentRecord record = *environment;
    runAction(tr("Removing %1…").arg(name), [workspace, record, name] {
        const EnvironmentRemovalResult result = EnvironmentRemoval(workspace).remove(record);
        if (result.outcome == EnvironmentRemovalResult::Outcome::Removed)
            return Outcome{true, tr("Removed %1, freed %2.").arg(name, QLocale().formattedDataSize(result.freedBytes))};
        return Outcome{false, result.error};
    });
}

void EnvironmentsPage::pruneWithDialog()
{
    if (m_busy)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Prune environments"));
    auto* days = new QDoubleSpinBox(&dialog);
    days->setAccessibleName(tr("Unused for days"));
    days->setRange(0, 100000);
    days->setDecimals(1);
    days->setSuffix(tr(" days"));
    days->setValue(kDefaultPruneDays);
    auto* text = new QLabel(tr("Remove every environment that no run used for this long, on its target and from the "
                               "workspace. Environments that live runs use are kept."),
                            &dialog);
    text->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Prune"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* form = new QFormLayout;
    form->addRow(tr("Unused for:"), days);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addLayout(form);
    layout->addWidget(buttons);
    if (!UserPrompts::accepted(dialog, tr("prune the environments unused for %1 days").arg(days->value())))
        return;
    prune(days->value());
}

void EnvironmentsPage::prune(double days)
{
    if (m_busy)
        return;
    const Workspace workspace = m_workspace;
    runAction(tr("Pruning…"), [workspace, days] {
        QString error;
        const auto environments = EnvironmentStore(workspace).list(QString(), &error);
        if (!environments)
            return Outcome{false, error};
        const qint64 cutoff = RunStore::nowMs() - qint64(days * 24 * 3600 * 1000);
        const EnvironmentRemoval removal(workspace);
        qint64 freed = 0;
        int removed = 0;
        QStringList kept, failures;
        for (const EnvironmentRecord& e : *environments) {
            if (e.lastUsedMs >= cutoff)
                continue;
            const EnvironmentRemovalResult result = removal.remove(e);
            switch (result.outcome) {
            case EnvironmentRemovalResult::Outcome::Removed:
                ++removed;
                freed += result.freedBytes;
                break;
            case EnvironmentRemovalResult::Outcome::InUse:
                kept << tr("%1 on %2 (live run %3)").arg(e.shortHash(), e.target, result.liveRuns.join(QStringLiteral(", ")));
                break;
            case EnvironmentRemovalResult::Outcome::Failed:
                failures << result.error;
                break;
            }
        }
        QString message = tr("Pruned %n environment(s), freed %1.", nullptr, removed).arg(QLocale().formattedDataSize(freed));
        if (!kept.isEmpty())
            message += QLatin1Char(' ') + tr("Kept %1.").arg(kept.join(QStringLiteral(", ")));
        if (!failures.isEmpty())
            message += QLatin1Char(' ') + failures.join(QLatin1Char(' '));
        return Outcome{failures.isEmpty(), message};
    });
}

void EnvironmentsPage::runAction(const QString& title, const std::function<Outcome()>& work)
{
    m_busy = true;
    updateButtons();
    setStatusMessage(title);
    m_action.setFuture(QtConcurrent::run(work));
}

QString EnvironmentsPage::statusMessage() const { return m_message->text(); }

void EnvironmentsPage::setStatusMessage(const QString& text) { m_message->setText(text); }
