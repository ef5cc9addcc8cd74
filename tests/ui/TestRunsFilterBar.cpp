// The run monitor's filter bar on real widgets over a real workspace: a filter expression and the plain text
// search told apart, a parse error shown under the field with the wrong token marked, completion of the
// workspace's param names, "No runs match", the column chooser, "Show archived", settings remembered per
// experiment across a new RunsView, and the CSV export of every listed run.
#include "run/RunStore.h"
#include "runs/RunsTableModel.h"
#include "runs/RunsView.h"
#include "TestSupport.h"
#include "workspace/Workspace.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QCompleter>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

class TestRunsFilterBar : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<Workspace> m_ws;
    QStringList m_ids;

    static void typeFilter(RunsView& view, const QString& text)
    {
        view.filterEdit()->setText(text);
        view.applyTextFilter();
    }

    static QStringList listedIds(RunsView& view)
    {
        QStringList ids;
        for (int row = 0; row < view.model()->rowCount(); ++row)
            ids << view.model()->runId(row);
        return ids;
    }

    // The action of the column chooser with this text, under the submenu with that title.
    static QAction* chooserAction(QMenu* menu, const QString& submenu, const QString& text)
    {
        for (QAction* action : menu->actions()) {
            if (!action->menu() || action->text() != submenu)
                continue;
            for (QAction* inner : action->menu()->actions())
                if (inner->text() == text)
                    return inner;
        }
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("trainyard-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestRunsFilterBar"));
    }

    void init()
    {
        m_ws = TestSupport::openFreshWorkspace(m_dir);
        QVERIFY(m_ws);
        m_ids.clear();
        RunStore store(*m_ws);
        const double lrs[] = {0.1, 0.01, 0.3};
        for (int i = 0; i < 3; ++i) {
            const QString id = TestSupport::insertRun(*m_ws, QStringLiteral("sweep"), i == 1 ? RunStatus::Failed : RunStatus::Completed);
            QVERIFY(!id.isEmpty());
            m_ids << id;
            QVERIFY(store.setLoggedParam(id, QStringLiteral("learning_rate"), QString::number(lrs[i])));
            RunMetricSummary loss;
            loss.name = QStringLiteral("loss");
            loss.count = 2;
            loss.lastValue = 1.0 - lrs[i];
            loss.minValue = 0.5 - lrs[i];
            loss.maxValue = 2.0;
            QVERIFY(store.storeMetricSummaries(id, {loss}));
        }
        QVERIFY(store.setTag(m_ids[0], QStringLiteral("stage"), QStringLiteral("dev, \"best\"")));
    }

    void anExpressionFiltersAndPlainTextStillSearches()
    {
        RunsView view(*m_ws);
        typeFilter(view, QStringLiteral("params.learning_rate >= 0.1"));
        QCOMPARE(listedIds(view), (QStringList{m_ids[2], m_ids[0]}));
        QVERIFY(view.filterErrorLabel()->isHidden());
        // No operator: the substring of run ids it always was.
        typeFilter(view, m_ids[1]);
        QCOMPARE(listedIds(view), QStringList{m_ids[1]});
        QCOMPARE(view.model()->filter().text, m_ids[1]);
        QVERIFY(view.model()->filter().expression.isEmpty());
    }

    void aParseErrorIsShownUnderTheFieldAtTheWrongToken()
    {
        RunsView view(*m_ws);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        typeFilter(view, QStringLiteral("status = Failed"));
        QCOMPARE(listedIds(view), QStringList{m_ids[1]});
        typeFilter(view, QStringLiteral("status = Failed and param.learning_rate > 1"));
        QVERIFY(view.filterErrorLabel()->isVisible());
        const QString text = view.filterErrorLabel()->text();
        QVERIFY2(text.contains(QStringLiteral("unknown field &quot;param.learning_rate&quot; (did you mean params.learning_rate?)")),
                 qPrintable(text));
        // The wrong token is the marked span, after exactly the text before it.
        QVERIFY2(text.contains(QStringLiteral("<code>status = Failed and <span style=\"background:#d9534f;color:white\">param.learning_rate</span> &gt; 1</code>")),
                 qPrintable(text));
        QCOMPARE(view.filterErrorLabel()->property("errorOffset").toInt(), 20);
        QCOMPARE(view.filterErrorLabel()->property("errorLength").toInt(), 19);
        // The listing is the last good one, not an empty table.
        QCOMPARE(listedIds(view), QStringList{m_ids[1]});
        typeFilter(view, QStringLiteral("status = Completed"));
        QVERIFY(view.filterErrorLabel()->isHidden());
    }

    void noRunsMatchIsSaid()
    {
        RunsView view(*m_ws);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.noRunsLabel()->isHidden());
        typeFilter(view, QStringLiteral("metrics.loss.min < 0"));
        QCOMPARE(view.model()->rowCount(), 0);
        QVERIFY(view.noRunsLabel()->isVisible());
        QCOMPARE(view.noRunsLabel()->text(), QStringLiteral("No runs match"));
        typeFilter(view, QString());
        QVERIFY(view.noRunsLabel()->isHidden());
    }

    void completionOffersTheWorkspacesParamNames()
    {
        RunsView view(*m_ws);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.filterEdit()->setFocus();
        QTest::keyClicks(view.filterEdit(), QStringLiteral("status = Failed and params.le"));
        QTRY_VERIFY_WITH_TIMEOUT(view.filterCompleter()->popup()->isVisible(), 5000);
        QCOMPARE(view.filterCompleter()->completionModel()->rowCount(), 1);
        QCOMPARE(view.filterCompleter()->currentCompletion(), QStringLiteral("params.learning_rate"));
        QTest::keyClick(view.filterCompleter()->popup(), Qt::Key_Down);
        QTest::keyClick(view.filterCompleter()->popup(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(view.filterEdit()->text(), QStringLiteral("status = Failed and params.learning_rate"), 5000);
    }

    void columnChooserAddsParamAndMetricColumnsThatSort()
    {
        RunsView view(*m_ws);
        QMenu* menu = view.columnMenu();
        QAction* lr = chooserAction(menu, QStringLiteral("Parameters"), QStringLiteral("learning_rate"));
        QVERIFY(lr);
        lr->setChecked(true);
        QMenu* metricsMenu = nullptr;
        for (QAction* action : menu->actions())
            if (action->text() == QStringLiteral("Metrics"))
                metricsMenu = action->menu();
        QVERIFY(metricsMenu);
        QAction* min = chooserAction(metricsMenu, QStringLiteral("loss"), QStringLiteral("min"));
        QVERIFY(min);
        min->setChecked(true);
        QCOMPARE(view.model()->columns(), (QVector<RunColumn>{RunColumn::param(QStringLiteral("learning_rate")),
                                                             RunColumn::metric(QStringLiteral("loss"), RunColumn::Aggregate::Min)}));
        const int lrColumn = RunsTableModel::FixedColumnCount;
        QCOMPARE(view.model()->headerData(lrColumn, Qt::Horizontal).toString(), QStringLiteral("learning_rate"));
        view.view()->sortByColumn(lrColumn, Qt::AscendingOrder);
        QCOMPARE(listedIds(view), (QStringList{m_ids[1], m_ids[0], m_ids[2]}));
        QCOMPARE(view.model()->index(0, lrColumn).data().toString(), QStringLiteral("0.01"));
        view.view()->sortByColumn(lrColumn + 1, Qt::DescendingOrder);
        QCOMPARE(listedIds(view), (QStringList{m_ids[1], m_ids[0], m_ids[2]}));
        // Checked again when shown next.
        QVERIFY(chooserAction(view.columnMenu(), QStringLiteral("Parameters"), QStringLiteral("learning_rate"))->isChecked());
    }

    void settingsAreRememberedPerExperiment()
    {
        {
            RunsView view(*m_ws);
            view.setExperiment(QStringLiteral("sweep"));
            chooserAction(view.columnMenu(), QStringLiteral("Parameters"), QStringLiteral("learning_rate"))->setChecked(true);
            view.view()->sortByColumn(RunsTableModel::FixedColumnCount, Qt::AscendingOrder);
            typeFilter(view, QStringLiteral("status = Completed"));
        }
        RunsView again(*m_ws);
        // Another experiment keeps its own (none).
        again.setExperiment(QStringLiteral("other"));
        QVERIFY(again.model()->columns().isEmpty());
        again.setExperiment(QStringLiteral("sweep"));
        QCOMPARE(again.model()->columns(), QVector<RunColumn>{RunColumn::param(QStringLiteral("learning_rate"))});
        QCOMPARE(again.model()->order().sortColumn(), RunColumn::param(QStringLiteral("learning_rate")));
        QVERIFY(!again.model()->order().descending);
        QCOMPARE(again.filterEdit()->text(), QStringLiteral("status = Completed"));
        QCOMPARE(listedIds(again), (QStringList{m_ids[0], m_ids[2]}));
        QCOMPARE(again.view()->horizontalHeader()->sortIndicatorSection(), RunsTableModel::FixedColumnCount);
    }

    void archivedRunsShowWhenAsked()
    {
        QSqlQuery q(m_ws->database());
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET archived = 1 WHERE id = '%1'").arg(m_ids[2])));
        RunsView view(*m_ws);
        QCOMPARE(listedIds(view), (QStringList{m_ids[1], m_ids[0]}));
        view.showArchivedBox()->setChecked(true);
        QCOMPARE(listedIds(view), (QStringList{m_ids[2], m_ids[1], m_ids[0]}));
    }

    void csvExportWritesEveryListedRunWithItsColumns()
    {
        RunsView view(*m_ws);
        chooserAction(view.columnMenu(), QStringLiteral("Parameters"), QStringLiteral("learning_rate"))->setChecked(true);
        chooserAction(view.columnMenu(), QStringLiteral("Tags"), QStringLiteral("stage"))->setChecked(true);
        view.view()->sortByColumn(RunsTableModel::FixedColumnCount, Qt::AscendingOrder);
        typeFilter(view, QStringLiteral("status = Completed"));
        QSignalSpy finished(&view, &RunsView::exportFinished);
        const QString path = m_dir.filePath(QStringLiteral("export.csv"));
        view.exportCsv(path);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.at(0).at(1).toLongLong(), qint64(2));
        QVERIFY2(finished.at(0).at(2).toString().isEmpty(), qPrintable(finished.at(0).at(2).toString()));
        const QByteArray csv = TestSupport::readFile(path);
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines.at(0), QByteArray("status,id,experiment,target,submitted,duration,params.learning_rate,tags.stage\r"));
        QVERIFY2(lines.at(1).startsWith(QByteArray("Completed," + m_ids[0].toUtf8() + ",sweep,local,")), csv.constData());
        QVERIFY2(lines.at(1).endsWith(",0.1,\"dev, \"\"best\"\"\"\r"), csv.constData());
        QVERIFY2(lines.at(2).startsWith(QByteArray("Completed," + m_ids[2].toUtf8())) && lines.at(2).endsWith(",0.3,\r"), csv.constData());
        QCOMPARE(lines.size(), 4); // the last line ends with CRLF
    }
};

QTEST_MAIN(TestRunsFilterBar)
#include "TestRunsFilterBar.moc"
