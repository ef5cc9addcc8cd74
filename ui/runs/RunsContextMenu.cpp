#include "runs/RunsContextMenu.h"

#include "estimator/Estimator.h"
#include "run/RunDeletion.h"
#include "run/RunStatus.h"
#include "run/RunStore.h"
#include "run/RunTagName.h"
#include "run/Submitter.h"
#include "runs/RunWrite.h"
#include "runs/RunsTableModel.h"
#include "runs/RunsView.h"
#include "shell/UserPrompts.h"
#include "workspace/DatabaseError.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QMenu>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>

#include <memory>

namespace {

// The writes of one action are one transaction on the worker's connection: all selected runs change, or none.
QString inTransaction(const Workspace& workspace, const std::function<QString()>& writes)
{
    QSqlDatabase db = workspace.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return DatabaseError::report(nullptr, RunsContextMenu::tr("cannot lock the workspace database"),
                                     q.lastError(), workspace.databasePath());
    const QString error = writes();
    if (!error.isEmpty()) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return error;
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        const QString failure = DatabaseError::report(nullptr, RunsContextMenu::tr("cannot record the change"),
                                                      q.lastError(), workspace.databasePath());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return failure;
    }
    return {};
}

} // namespace

RunsContextMenu::RunsContextMenu(const Workspace& workspace, RunsView* view)
    : QObject(view), m_workspace(workspace), m_view(view)
{
    m_menu = new QMenu(view);
    m_menu->setAccessibleName(tr("Run actions"));
    m_compare = addAction(tr("Compare"), tr("Compare the selected runs side by side (2 or more)"),
                          &RunsContextMenu::compare);
    m_resubmit = addAction(
        tr("Resubmit"),
        tr("Submit each selected run's estimator again as a new run. Its code is snapshotted again "
           "from the run's source folder as that folder is now, not taken from the run's own snapshot."),
        &RunsContextMenu::resubmit);
    m_cancel = addAction(tr("Cancel"), tr("Stop the selected runs that are still queued or running"),
                         &RunsContextMenu::cancelRuns);
    m_menu->addSeparator();
    m_tag = addAction(tr("Tag…"), tr("Give every selected run a tag NAME=VALUE"), &RunsContextMenu::tagRuns);
    m_rename = addAction(tr("Rename…"), tr("Give the run a name shown instead of its id"),
                         &RunsContextMenu::renameRun);
    m_copyId = addAction(tr("Copy id"), tr("Copy the selected runs' ids"), &RunsContextMenu::copyIds);
    m_copyLink = addAction(tr("Copy link"), tr("Copy trainyard://run/ links to the selected runs"),
                           &RunsContextMenu::copyLinks);
    m_menu->addSeparator();
    m_archive =
        addAction(tr("Archive"), tr("Hide the selected runs from the table unless archived runs are shown"),
                  &RunsContextMenu::archiveRuns);
    m_unarchive =
        addAction(tr("Unarchive"), tr("Show the selected runs again"), &RunsContextMenu::unarchiveRuns);
    m_delete = addAction(tr("Delete…"), tr("Delete the selected runs and their files (Delete)"),
                         &RunsContextMenu::deleteRuns);
    m_menu->setToolTipsVisible(true);

    QTableView* table = view->view();
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table, &QWidget::customContextMenuRequested, this, [this, table](const QPoint& position) {
        updateActions();
        m_menu->popup(table->viewport()->mapToGlobal(position));
    });
    table->installEventFilter(this);
    connect(view, &RunsView::selectionChanged, this, &RunsContextMenu::updateActions);
    updateActions();
}

QAction* RunsContextMenu::addAction(const QString& text, const QString& toolTip,
                                    void (RunsContextMenu::*slot)())
{
    QAction* action = m_menu->addAction(text);
    action->setToolTip(toolTip);
    connect(action, &QAction::triggered, this, slot);
    return action;
}

void RunsContextMenu::updateActions()
{
    const QStringList ids = m_view->selectedRunIds();
    bool anyLive = false;
    const RunsTableModel* model = m_view->model();
    for (const QModelIndex& index : m_view->view()->selectionModel()->selectedRows()) {
        const std::optional<RunStatus> status = model->runStatus(index.row());
        anyLive = anyLive || (status && !isTerminal(*status));
    }
    const bool any = !ids.isEmpty();
    m_compare->setEnabled(ids.size() >= 2);
    m_resubmit->setEnabled(any);
    m_cancel->setEnabled(anyLive);
    m_tag->setEnabled(any);
    m_rename->setEnabled(ids.size() == 1);
    m_copyId->setEnabled(any);
    m_copyLink->setEnabled(any);
    m_archive->setEnabled(any);
    m_unarchive->setEnabled(any);
    m_delete->setEnabled(any);
}

bool RunsContextMenu::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->view() && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Delete && key->modifiers() == Qt::NoModifier) {
            deleteRuns();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

void RunsContextMenu::runWrite(const QString& title, const std::function<QString()>& write)
{
    RunWrite::start(this, write, [this, title](const QString& error) {
        if (!error.isEmpty())
            UserPrompts::warning(m_view, title, error);
        emit changed(error);
    });
}

void RunsContextMenu::compare()
{
    const QStringList ids = m_view->selectedRunIds();
    if (ids.size() >= 2)
        emit compareRequested(ids);
}

void RunsContextMenu::resubmit()
{
    const QStringList ids = m_view->selectedRunIds();
    if (ids.isEmpty())
        return;
    const Workspace workspace = m_workspace;
    runWrite(tr("Resubmit"), [workspace, ids]() -> QString {
        QStringList problems;
        for (const QString& id : ids) {
            QString error;
            const auto run = RunStore(workspace).find(id, &error);
            if (!run) {
                problems << (error.isEmpty() ? tr("unknown run %1").arg(id) : error);
                continue;
            }
            QStringList errors;
            if (!Submitter::run(workspace, Estimator::fromJson(run->estimator), &errors))
                problems << tr("run %1 cannot be resubmitted: %2")
                                .arg(id, errors.join(QStringLiteral("; ")));
        }
        return problems.join(QLatin1Char('\n'));
    });
}

void RunsContextMenu::cancelRuns()
{
    QStringList live;
    const RunsTableModel* model = m_view->model();
    for (const QModelIndex& index : m_view->view()->selectionModel()->selectedRows()) {
        const std::optional<RunStatus> status = model->runStatus(index.row());
        if (status && !isTerminal(*status))
            live << model->runId(index.row());
    }
    if (live.isEmpty())
        return;
    if (UserPrompts::question(m_view, tr("Cancel runs"),
                              tr("Cancel %n run(s)? Their processes are stopped.", nullptr, int(live.size())),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
        return;
    const Workspace workspace = m_workspace;
    runWrite(tr("Cancel runs"), [workspace, live]() -> QString {
        QStringList problems;
        RunStore store(workspace);
        for (const QString& id : live)
            if (store.cancel(id) == RunStore::CancelResult::Failed)
                problems << tr("cannot cancel run %1: %2").arg(id, store.lastError());
        return problems.join(QLatin1Char('\n'));
    });
}

void RunsContextMenu::tagRuns()
{
    const QStringList ids = m_view->selectedRunIds();
    if (ids.isEmpty())
        return;
    const std::optional<QString> answer = UserPrompts::text(
        m_view, tr("Tag runs"), tr("Tag for %n run(s), as NAME=VALUE:", nullptr, int(ids.size())));
    if (!answer)
        return;
    const qsizetype equals = answer->indexOf(QLatin1Char('='));
    const QString name = answer->left(equals).trimmed();
    QString error;
    if (equals < 0)
        error = tr("\"%1\": expected NAME=VALUE (NAME= for an empty value)").arg(*answer);
    else
        RunTagName::isValid(name, &error);
    if (!error.isEmpty()) {
        UserPrompts::warning(m_view, tr("Tag runs"), error);
        return;
    }
    const QString value = answer->mid(equals + 1).trimmed();
    const Workspace workspace = m_workspace;
    runWrite(tr("Tag runs"), [workspace, ids, name, value]() -> QString {
        return inTransaction(workspace, [&]() -> QString {
            RunStore store(workspace);
            for (const QString& id : ids)
                if (!store.setTag(id, name, value))
                    return store.lastError();
            return QString();
        });
    });
}

void RunsContextMenu::renameRun()
{
    const QStringList ids = m_view->selectedRunIds();
    if (ids.size() != 1)
        return;
    const QString id = ids.constFirst();
    // One row by its key: as quick as the table's own reads.
    const auto run = RunStore(m_workspace).find(id);
    const std::optional<QString> answer =
        UserPrompts::text(m_view, tr("Rename run"), tr("Name of run %1 (empty for none):").arg(id),
                          run ? run->displayName : QString());
    if (!answer)
        return;
    QString error;
    if (!RunStore::isValidDisplayName(*answer, &error)) {
        UserPrompts::warning(m_view, tr("Rename run"), error);
        return;
    }
    const Workspace workspace = m_workspace;
    const QString name = answer->trimmed();
    runWrite(tr("Rename run"), [workspace, id, name]() -> QString {
        QString error;
        RunStore(workspace).setDisplayName(id, name, &error);
        return error;
    });
}

void RunsContextMenu::copyIds()
{
    QGuiApplication::clipboard()->setText(m_view->selectedRunIds().join(QLatin1Char('\n')));
}

void RunsContextMenu::copyLinks()
{
    QStringList links;
    for (const QString& id : m_view->selectedRunIds())
        links << runLink(id);
    QGuiApplication::clipboard()->setText(links.join(QLatin1Char('\n')));
}

void RunsContextMenu::archiveRuns()
{
    setArchived(true);
}

void RunsContextMenu::unarchiveRuns()
{
    setArchived(false);
}

void RunsContextMenu::setArchived(bool archived)
{
    const QStringList ids = m_view->selectedRunIds();
    if (ids.isEmpty())
        return;
    const Workspace workspace = m_workspace;
    runWrite(archived ? tr("Archive runs") : tr("Unarchive runs"), [workspace, ids, archived]() -> QString {
        return inTransaction(workspace, [&]() -> QString {
            RunStore store(workspace);
            QString error;
            for (const QString& id : ids)
                if (!store.setArchived(id, archived, &error))
                    return error;
            return QString();
        });
    });
}

void RunsContextMenu::deleteRuns()
{
    const QStringList ids = m_view->selectedRunIds();
    if (ids.isEmpty())
        return;
    if (UserPrompts::question(
            m_view, tr("Delete runs"),
            tr("Delete %n run(s) and their files? Their outputs, logs and metrics are removed for good.",
               nullptr, int(ids.size())),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
        return;
    const Workspace workspace = m_workspace;
    // Filled by the worker, read once it finished.
    auto notes = std::make_shared<QStringList>();
    RunWrite::start(
        this,
        [workspace, ids, notes]() -> QString {
            RunDeletion deletion(workspace);
            // Every run is checked first: one refused (live, unknown) and none is deleted, as with
            // trainyard-cli.
            QStringList refusals;
            for (const QString& id : ids) {
                const RunDeletionResult check = deletion.check(id);
                if (check.outcome == RunDeletionResult::Outcome::Failed)
                    return check.error;
                if (!check.deleted())
                    refusals << check.error;
            }
            if (!refusals.isEmpty())
                return tr("Nothing was deleted:") + QLatin1Char('\n') + refusals.join(QLatin1Char('\n'));
            QStringList problems;
            for (const QString& id : ids) {
                const RunDeletionResult result = deletion.remove(id);
                *notes << result.notes;
                if (!result.error.isEmpty())
                    problems << result.error;
            }
            return problems.join(QLatin1Char('\n'));
        },
        [this, notes](const QString& error) {
            if (!error.isEmpty())
                UserPrompts::warning(m_view, tr("Delete runs"), error);
            else if (!notes->isEmpty())
                UserPrompts::information(m_view, tr("Delete runs"), notes->join(QLatin1Char('\n')));
            emit changed(error);
        });
}
