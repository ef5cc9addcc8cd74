// The runs table's right-click menu on a real RunsView over a real workspace: which actions the selection
// enables, Compare emitting the selected ids, Tag…, Rename…, Archive and Delete… (and the Delete key)
// changing the database through a worker, a live run refused by name with nothing deleted, Copy id / Copy
// link on the clipboard, and Resubmit submitting the run's estimator again as a new run that really runs.
#include <QtTest>
#include <QCheckBox>

#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "estimator/EstimatorParser.h"
#include "run/RunStore.h"
#include "run/Submitter.h"
#include "runs/RunsContextMenu.h"
#include "runs/RunsTableModel.h"
#include "runs/RunsView.h"
#include "shell/UserPrompts.h"
#include "workspace/Workspace.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QMenu>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>

using namespace TestSupport;

class TestRunsContextMenu : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QString m_a;
    QString m_b;
    QString m_live;

    // Selects exactly these runs, the first one current.
    static void select(RunsView& view, const QStringList& ids)
    {
        QItemSelectionModel* selection = view.view()->selectionModel();
        selection->clearSelection();
        for (int i = 0; i < ids.size(); ++i) {
            const int row = view.model()->loadUntil(ids.at(i));
            QVERIFY2(row >= 0, qPrintable(ids.at(i)));
            const QModelIndex index = view.model()->index(row, 0);
            if (i == 0)
                selection->setCurrentIndex(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
            else
                selection->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        QCOMPARE(view.selectedRunIds(), ids);
        view.contextMenu()->updateActions();
    }

    static QStringList enabledActions(RunsContextMenu* menu)
    {
        QStringList names;
        for (QAction* action : menu->menu()->actions())
            if (!action->isSeparator() && action->isEnabled())
                names << action->text();
        return names;
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        qputenv("TRAINYARD_RUNNER", (binDir() + QStringLiteral("/trainyard-runner")).toUtf8());
        m_ws = openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
        m_a = insertRun(*m_ws, QStringLiteral("exp"), RunStatus::Completed);
        m_b = insertRun(*m_ws, QStringLiteral("exp"), RunStatus::Failed);
        m_live = insertRun(*m_ws, QStringLiteral("exp"), RunStatus::Running);
        QVERIFY(!m_a.isEmpty() && !m_b.isEmpty() && !m_live.isEmpty());
        for (const QString& id : {m_a, m_b, m_live})
            QVERIFY(writeFile(m_ws->runDir(id) + QStringLiteral("/work/outputs/model.pkl"), "weights"));
    }

    void init() { UserPrompts::clearRecordedMessages(); }

    void theMenuHoldsEveryActionEnabledByTheSelection()
    {
        RunsView view(*m_ws);
        RunsContextMenu* menu = view.contextMenu();
        QStringList texts;
        for (QAction* action : menu->menu()->actions())
            if (!action->isSeparator())
                texts << action->text();
        QCOMPARE(texts,
                 (QStringList{QStringLiteral("Compare"), QStringLiteral("Resubmit"), QStringLiteral("Cancel"),
                              QStringLiteral("Tag…"), QStringLiteral("Rename…"), QStringLiteral("Copy id"),
                              QStringLiteral("Copy link"), QStringLiteral("Archive"),
                              QStringLiteral("Unarchive"), QStringLiteral("Delete…")}));
        QVERIFY(menu->resubmitAction()->toolTip().contains(
            QStringLiteral("source folder as that folder is now")));
        menu->updateActions();
        QVERIFY(enabledActions(menu).isEmpty());

        select(view, {m_a});
        QCOMPARE(enabledActions(menu), (QStringList{QStringLiteral("Resubmit"), QStringLiteral("Tag…"),
                                                    QStringLiteral("Rename…"), QStringLiteral("Copy id"),
                                                    QStringLiteral("Copy link"), QStringLiteral("Archive"),
                                                    QStringLiteral("Unarchive"), QStringLiteral("Delete…")}));
        select(view, {m_a, m_b});
        QVERIFY(menu->compareAction()->isEnabled());
        QVERIFY(!menu->renameAction()->isEnabled());
        QVERIFY(!menu->cancelAction()->isEnabled());
        select(view, {m_b, m_live});
        QVERIFY(menu->cancelAction()->isEnabled());
        // The selection changing updates the actions on its own too.
        view.view()->selectionModel()->clearSelection();
        QVERIFY(!menu->deleteAction()->isEnabled());
    }

    void compareEmitsTheSelectedIds()
    {
        RunsView view(*m_ws);
        QSignalSpy compare(&view, &RunsView::compareRequested);
        select(view, {m_b, m_a});
        view.contextMenu()->compareAction()->trigger();
        QCOMPARE(compare.size(), 1);
        QCOMPARE(compare.first().at(0).toStringList(), (QStringList{m_b, m_a}));
    }

    void copyIdAndLinkFillTheClipboard()
    {
        RunsView view(*m_ws);
        select(view, {m_a, m_b});
        view.contextMenu()->copyIdAction()->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), m_a + QLatin1Char('\n') + m_b);
        select(view, {m_b});
        view.contextMenu()->copyLinkAction()->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("trainyard://run/") + m_b);
    }

    void tagRenameAndArchiveWriteTheDatabase()
    {
        RunsView view(*m_ws);
        RunsContextMenu* menu = view.contextMenu();
        QSignalSpy changed(menu, &RunsContextMenu::changed);
        RunStore store(*m_ws);
        select(view, {m_a, m_b});
        UserPrompts::setNextText(QStringLiteral("stage=dev"));
        menu->tagAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() == 1, 10000);
        QCOMPARE(changed.last().at(0).toString(), QString());
        for (const QString& id : {m_a, m_b})
            QCOMPARE(store.tags(id),
                     (QVector<QPair<QString, QString>>{{QStringLiteral("stage"), QStringLiteral("dev")}}));
        QVERIFY(UserPrompts::recordedMessages().contains(
            QStringLiteral("Tag runs: Tag for 2 run(s), as NAME=VALUE:")));
        // The table read the runs again and kept them selected.
        QTRY_COMPARE(view.selectedRunIds(), (QStringList{m_a, m_b}));

        // A bad tag is refused before anything is written; a canceled dialog writes nothing either.
        UserPrompts::setNextText(QStringLiteral("two words=x"));
        menu->tagAction()->trigger();
        QVERIFY(UserPrompts::recordedMessages().contains(
            QStringLiteral("Tag runs: tag name \"two words\": no spaces or control characters allowed")));
        menu->tagAction()->trigger();
        QCOMPARE(changed.size(), 1);

        select(view, {m_a});
        UserPrompts::setNextText(QStringLiteral("  best so far  "));
        menu->renameAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() == 2, 10000);
        QCOMPARE(store.find(m_a)->displayName, QStringLiteral("best so far"));

        select(view, {m_a, m_b});
        menu->archiveAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() == 3, 10000);
        QVERIFY(store.find(m_a)->archived && store.find(m_b)->archived);
        // Archived runs leave the listing until it is asked to show them.
        QTRY_COMPARE(view.model()->rowOf(m_a), -1);
        view.showArchivedBox()->setChecked(true);
        select(view, {m_a, m_b});
        menu->unarchiveAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() == 4, 10000);
        QVERIFY(!store.find(m_a)->archived && !store.find(m_b)->archived);
    }

    void deleteAsksRefusesALiveRunAndDeletesWithTheDeleteKey()
    {
        RunsView view(*m_ws);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        RunsContextMenu* menu = view.contextMenu();
        QSignalSpy changed(menu, &RunsContextMenu::changed);
        RunStore store(*m_ws);

        // Declined: nothing is started.
        select(view, {m_b});
        UserPrompts::setNextAnswer(QMessageBox::No);
        menu->deleteAction()->trigger();
        QVERIFY(UserPrompts::recordedMessages().contains(
            QStringLiteral("Delete runs: Delete 1 run(s) and their files? Their outputs, logs and metrics "
                           "are removed for good.")));
        QCOMPARE(changed.size(), 0);
        QVERIFY(store.find(m_b));

        // With a live run among them: refused by name, and neither is deleted.
        select(view, {m_b, m_live});
        UserPrompts::setNextAnswer(QMessageBox::Yes);
        menu->deleteAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() == 1, 10000);
        const QString refusal =
            QStringLiteral("Nothing was deleted:\nrun %1 is Running: cancel it first").arg(m_live);
        QCOMPARE(changed.last().at(0).toString(), refusal);
        QVERIFY(UserPrompts::recordedMessages().contains(QStringLiteral("Delete runs: ") + refusal));
        QVERIFY(store.find(m_b) && store.find(m_live));
        QVERIFY(QFileInfo::exists(m_ws->runDir(m_b) + QStringLiteral("/work/outputs/model.pkl")));

        // The Delete key asks the same, and a finished run goes with its folder; the table reads the runs
        // again.
        select(view, {m_b});
        UserPrompts::setNextAnswer(QMessageBox::Yes);
        view.view()->setFocus();
        QTest::keyClick(view.view(), Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() == 2, 10000);
        QCOMPARE(changed.last().at(0).toString(), QString());
        QString error;
        QVERIFY(!store.find(m_b, &error));
        QVERIFY(error.isEmpty());
        QVERIFY(!QFileInfo::exists(m_ws->runDir(m_b)));
        QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowOf(m_b), -1, 10000);
    }

    void resubmitSubmitsTheEstimatorAsANewRun()
    {
        const QString estimatorPath =
            makeProject(m_dir.path() + QStringLiteral("/project"),
                        {{QStringLiteral("train.py"), "print('accuracy', 0.5)\n"}},
                        "entry_script: train.py\nscript_params:\n  --regularization: 0.3\n");
        QStringList errors;
        const auto estimator = EstimatorParser::parseFile(estimatorPath, &errors);
        QVERIFY2(estimator, qPrintable(errors.join(QLatin1Char('\n'))));
        // A workspace of its own: the local target's slot is not held by the other tests' run marked Running.
        const std::optional<Workspace> ws = openFreshWorkspace(m_dir);
        QVERIFY(ws);
        const auto original = Submitter::run(*ws, *estimator, &errors);
        QVERIFY2(original, qPrintable(errors.join(QLatin1Char('\n'))));
        RunStore store(*ws);
        const auto ended = [&store](const QString& id) {
            const auto run = store.find(id);
            return run && isTerminal(run->status);
        };
        QTRY_VERIFY_WITH_TIMEOUT(ended(original->id), 60000);

        RunsView view(*ws);
        QSignalSpy changed(view.contextMenu(), &RunsContextMenu::changed);
        select(view, {original->id});
        const qint64 before = store.count({});
        view.contextMenu()->resubmitAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(changed.size() == 1, 60000);
        QCOMPARE(changed.last().at(0).toString(), QString());
        QCOMPARE(store.count({}), before + 1);
        RunFilter newest;
        newest.limit = 1;
        const RunRecord again = store.list(newest).value(0);
        QVERIFY(again.id != original->id);
        QCOMPARE(again.estimator, original->estimator);
        QTRY_VERIFY_WITH_TIMEOUT(ended(again.id), 60000);
        QCOMPARE(store.find(again.id)->status, RunStatus::Completed);
    }
};

QTEST_MAIN(TestRunsContextMenu)
#include "TestRunsContextMenu.moc"
