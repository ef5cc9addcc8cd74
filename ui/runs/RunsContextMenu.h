// The runs table's right-click menu, for the selected runs: Compare, Resubmit, Cancel, Tag…, Rename…, Copy
// id, Copy link, Archive, Unarchive, Delete… (the Delete key on the table asks the same). Every write runs on
// a worker; what failed or was refused is shown by run id, and changed() lets the table read the runs again.
#pragma once

#include "run/RunLink.h"
#include "workspace/Workspace.h"

#include <QObject>
#include <QStringList>

#include <functional>

class QAction;
class QMenu;
class RunsView;

class RunsContextMenu : public QObject
{
    Q_OBJECT
public:
    // Installs itself on the view's table: its context menu and its Delete key.
    RunsContextMenu(const Workspace& workspace, RunsView* view);

    QMenu* menu() const { return m_menu; }
    // Enables the actions for the runs selected now (the menu does this before it shows).
    void updateActions();

    QAction* compareAction() const { return m_compare; }
    QAction* resubmitAction() const { return m_resubmit; }
    QAction* cancelAction() const { return m_cancel; }
    QAction* tagAction() const { return m_tag; }
    QAction* renameAction() const { return m_rename; }
    QAction* copyIdAction() const { return m_copyId; }
    QAction* copyLinkAction() const { return m_copyLink; }
    QAction* archiveAction() const { return m_archive; }
    QAction* unarchiveAction() const { return m_unarchive; }
    QAction* deleteAction() const { return m_delete; }

    static QString runLink(const QString& runId) { return RunLink::forRun(runId); }

signals:
    void compareRequested(const QStringList& runIds);
    // A change of the runs was written (or failed: error says which runs and why).
    void changed(const QString& error);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QAction* addAction(const QString& text, const QString& toolTip, void (RunsContextMenu::*slot)());
    void compare();
    void resubmit();
    void cancelRuns();
    void tagRuns();
    void renameRun();
    void copyIds();
    void copyLinks();
    void archiveRuns();
    void unarchiveRuns();
    void setArchived(bool archived);
    void deleteRuns();
    // `write` on a worker; the error shown and changed() emitted when it lands.
    void runWrite(const QString& title, const std::function<QString()>& write);

    Workspace m_workspace;
    RunsView* m_view = nullptr;
    QMenu* m_menu = nullptr;
    QAction* m_compare = nullptr;
    QAction* m_resubmit = nullptr;
    QAction* m_cancel = nullptr;
    QAction* m_tag = nullptr;
    QAction* m_rename = nullptr;
    QAction* m_copyId = nullptr;
    QAction* m_copyLink = nullptr;
    QAction* m_archive = nullptr;
    QAction* m_unarchive = nullptr;
    QAction* m_delete = nullptr;
};
