// GUI tests for the compare page on three real runs: their params side by side, differing rows highlighted,
// "Differences only" hiding the equal ones, copy, the Code tab's changed files and diff, and the window's
// Compare action.
#include <QtTest>

#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "compare/ComparePage.h"
#include "compare/ParallelCoordinatesView.h"
#include "compare/ScatterPlotPanel.h"
#include "compare/ComparisonTableModel.h"
#include "artifacts/DiffHighlighter.h"
#include "runs/RunsView.h"
#include "shell/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextLayout>
#include <QTreeView>
#include <QToolButton>
#include <QTreeWidget>

using namespace TestSupport;

class TestComparePage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QStringList m_runs;
    std::optional<Workspace> m_ws;

    QString workspace() const { return m_dir.path() + QStringLiteral("/ws"); }

    QString submit(const QString& estimator, const QStringList& params)
    {
        QStringList args{QStringLiteral("submit"), estimator, QStringLiteral("--wait")};
        for (const QString& p : params)
            args << QStringLiteral("--param") << p;
        const CliResult r = runCli(workspace(), args);
        if (r.exitCode != 0)
            qWarning() << "submit exit" << r.exitCode << r.err.left(2000);
        return QString::fromUtf8(r.out.split('\n').value(0)).trimmed();
    }

    // The row of the model with this key, searched under every section.
    static QModelIndex rowOf(const ComparisonTableModel* model, const QString& key)
    {
        for (int s = 0; s < model->rowCount(); ++s) {
            const QModelIndex section = model->index(s, 0);
            for (int r = 0; r < model->rowCount(section); ++r) {
                const QModelIndex index = model->index(r, 0, section);
                if (index.data(ComparisonTableModel::KeyRole).toString() == key)
                    return index;
            }
        }
        return {};
    }

private slots:
    void initTestCase()
    {
        GuiTestSupport::enterTestMode();
        qputenv("TRAINYARD_RUNNER", (binDir() + QStringLiteral("/trainyard-runner")).toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("trainyard-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestComparePage"));
        QVERIFY(m_dir.isValid());
        const QString project = m_dir.path() + QStringLiteral("/project");
        const QString estimator = makeProject(
            project,
            {{QStringLiteral("train.py"), "import argparse\n"
                                          "p = argparse.ArgumentParser()\n"
                                          "p.add_argument('--lr', type=float)\n"
                                          "p.add_argument('--batch', type=int)\n"
                                          "a = p.parse_args()\n"
                                          "print('loss: %g' % (a.lr * 2))\n"}},
            "experiment: cmp\nentry_script: train.py\nscript_params:\n  --lr: \"0.1\"\n  --batch: \"32\"\n");
        m_runs << submit(estimator, {});
        // The second run's code differs: one line changed, one file added.
        QVERIFY(writeFile(project + QStringLiteral("/train.py"), "import argparse\n"
                                                                 "p = argparse.ArgumentParser()\n"
                                                                 "p.add_argument('--lr', type=float)\n"
                                                                 "p.add_argument('--batch', type=int)\n"
                                                                 "a = p.parse_args()\n"
                                                                 "print('loss: %g' % (a.lr * 3))\n"));
        QVERIFY(writeFile(project + QStringLiteral("/notes.txt"), "try a larger lr\n"));
        m_runs << submit(estimator, {QStringLiteral("--lr=0.3")})
               << submit(estimator, {QStringLiteral("--lr=0.5")});
        for (const QString& id : m_runs)
            QVERIFY2(!id.isEmpty(), "a run did not complete");
        QString error;
        m_ws = Workspace::open(workspace(), &error);
        QVERIFY2(m_ws, qPrintable(error));
    }

    void tableShowsRunsSideBySide()
    {
        ComparePage page(*m_ws);
        QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy ready(&page, &ComparePage::comparisonReady);
        page.setRuns(m_runs);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        QVERIFY(!page.comparison()->runIds().isEmpty());
        const ComparisonTableModel* model = page.model();
        QCOMPARE(model->columnCount(), 4);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(model->headerData(i + 1, Qt::Horizontal).toString(), m_runs[i]);

        const QModelIndex lr = rowOf(model, QStringLiteral("params.lr"));
        QVERIFY(lr.isValid());
        QCOMPARE(lr.parent().data().toString(), QStringLiteral("Parameters"));
        QCOMPARE(lr.data().toString(), QStringLiteral("lr"));
        QCOMPARE(lr.siblingAtColumn(1).data().toString(), QStringLiteral("0.1"));
        QCOMPARE(lr.siblingAtColumn(2).data().toString(), QStringLiteral("0.3"));
        QCOMPARE(lr.siblingAtColumn(3).data().toString(), QStringLiteral("0.5"));
        const QModelIndex batch = rowOf(model, QStringLiteral("params.batch"));
        QCOMPARE(batch.siblingAtColumn(2).data().toString(), QStringLiteral("32"));

        // Differing rows are highlighted, equal ones are not.
        QVERIFY(lr.data(ComparisonTableModel::DiffersRole).toBool());
        QVERIFY(lr.siblingAtColumn(2).data(Qt::BackgroundRole).canConvert<QBrush>());
        QVERIFY(!batch.data(ComparisonTableModel::DiffersRole).toBool());
        QVERIFY(!batch.siblingAtColumn(2).data(Qt::BackgroundRole).isValid());
        QVERIFY(
            rowOf(model, QStringLiteral("metrics.loss")).data(ComparisonTableModel::DiffersRole).toBool());

        // Differences only hides the equal rows, and brings them back.
        const int allRows = model->shownRowCount();
        page.differencesOnlyBox()->click();
        QVERIFY(model->differencesOnly());
        QVERIFY(!rowOf(model, QStringLiteral("params.batch")).isValid());
        QVERIFY(!rowOf(model, QStringLiteral("experiment")).isValid());
        QVERIFY(rowOf(model, QStringLiteral("params.lr")).isValid());
        QVERIFY(model->shownRowCount() < allRows);
        page.differencesOnlyBox()->click();
        QCOMPARE(model->shownRowCount(), allRows);

        // A selection copies as the table shows it: label, then each run's value.
        const QModelIndex lrNow = rowOf(model, QStringLiteral("params.lr"));
        QItemSelectionModel* selection = page.tableView()->selectionModel();
        selection->select(QItemSelection(lrNow, lrNow.siblingAtColumn(3)),
                          QItemSelectionModel::ClearAndSelect);
        QCOMPARE(page.selectionText(), QStringLiteral("lr\t0.1\t0.3\t0.5"));
        page.copySelection();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("lr\t0.1\t0.3\t0.5"));

        // The numbers plots take.
        const ComparisonNumbers numbers =
            page.numbers({QStringLiteral("params.lr"), QStringLiteral("metrics.loss")});
        QCOMPARE(numbers.runIds, m_runs);
        QCOMPARE(numbers.values.at(0), (QVector<double>{0.1, 0.3, 0.5}));
        QCOMPARE(numbers.values.at(1).at(0), 0.2);

        // The plot tabs draw every numeric parameter and metric of the compared runs.
        QCOMPARE(page.tabs()->tabText(ComparePage::ParallelCoordinatesTab), QStringLiteral("Parallel Coordinates"));
        const PlotTable& plotted = page.parallelCoordinates()->table();
        QCOMPARE(plotted.runIds, m_runs);
        QVERIFY2(plotted.axisKeys.contains(QStringLiteral("params.lr")) && plotted.axisKeys.contains(QStringLiteral("metrics.loss")),
                 qPrintable(plotted.axisKeys.join(QLatin1Char(','))));
        QCOMPARE(plotted.values.at(plotted.axisKeys.indexOf(QStringLiteral("params.lr"))), (QVector<double>{0.1, 0.3, 0.5}));

        auto* extra = new QLabel(QStringLiteral("plot"));
        page.addPlotTab(extra, QStringLiteral("More"));
        QCOMPARE(page.tabs()->count(), 5);
        QCOMPARE(page.tabs()->tabText(4), QStringLiteral("More"));
    }

    void axesMenuChoosesTheParallelCoordinatesAxes()
    {
        ComparePage page(*m_ws);
        page.resize(900, 600);
        page.show();
        QSignalSpy ready(&page, &ComparePage::comparisonReady);
        page.setRuns(m_runs);
        QVERIFY(ready.wait(30000));
        page.tabs()->setCurrentIndex(ComparePage::ParallelCoordinatesTab);
        ParallelCoordinatesView* plot = page.parallelCoordinates();
        QVERIFY(plot->isVisible());

        // By default: the columns that differ, parameters first; batch (32 for every run) and any system/
        // metric left out, but still offered in the menu and in the scatter.
        const QStringList axes = plot->table().axisKeys;
        QVERIFY2(axes.value(0) == QStringLiteral("params.lr") && axes.contains(QStringLiteral("metrics.loss")), qPrintable(axes.join(',')));
        QVERIFY2(!axes.contains(QStringLiteral("params.batch")), qPrintable(axes.join(',')));
        for (const QString& key : axes)
            QVERIFY2(!key.startsWith(QLatin1String("metrics.system/")), qPrintable(key));
        QCOMPARE(page.parallelAxisKeys(), axes);
        QMenu* menu = page.axesButton()->menu();
        QVERIFY(menu);
        const auto actionFor = [menu](const QString& key) -> QAction* {
            for (QAction* action : menu->actions())
                if (action->data().toString() == key)
                    return action;
            return nullptr;
        };
        QAction* batch = actionFor(QStringLiteral("params.batch"));
        QAction* lr = actionFor(QStringLiteral("params.lr"));
        QVERIFY(batch && lr);
        QVERIFY(!batch->isChecked());
        QVERIFY(lr->isChecked());
        QVERIFY(page.scatter()->findChildren<QComboBox*>().size() >= 2);
        for (QComboBox* box : page.scatter()->findChildren<QComboBox*>())
            QVERIFY2(box->findText(QStringLiteral("params.batch"), Qt::MatchContains) >= 0 || box->findData(QStringLiteral("params.batch")) >= 0,
                     "the scatter offers every numeric column");

        // A brush on loss stays while other axes come and go.
        const int loss = axes.indexOf(QStringLiteral("metrics.loss"));
        plot->setBrush(loss, 0.1, 0.7);
        const QStringList brushed = plot->selectedRunIds();
        QVERIFY(brushed.size() < m_runs.size());

        // Choosing batch adds it (after the other parameter, before the metrics) at once.
        menu->popup(QPoint(0, 0));
        batch->trigger();
        QVERIFY(batch->isChecked());
        QCOMPARE(plot->table().axisKeys.value(1), QStringLiteral("params.batch"));
        QCOMPARE(plot->table().axisCount(), axes.size() + 1);
        QCOMPARE(plot->table().values.at(1), (QVector<double>{32, 32, 32}));

        // Unchecking lr removes it.
        lr->trigger();
        QVERIFY(!lr->isChecked());
        QVERIFY(!plot->table().axisKeys.contains(QStringLiteral("params.lr")));
        QCOMPARE(plot->table().axisKeys.value(0), QStringLiteral("params.batch"));
        menu->hide();
        const int lossNow = plot->table().axisKeys.indexOf(QStringLiteral("metrics.loss"));
        QCOMPARE(plot->brushes().keys(), QList<int>{lossNow});
        QCOMPARE(plot->selectedRunIds(), brushed);

        // The choice survives switching tabs.
        page.tabs()->setCurrentIndex(ComparePage::ScatterTab);
        page.tabs()->setCurrentIndex(ComparePage::ParallelCoordinatesTab);
        QCOMPARE(page.parallelAxisKeys(), plot->table().axisKeys);
        QVERIFY(plot->table().axisKeys.contains(QStringLiteral("params.batch")));
    }

    void codeTabShowsTheChangedFiles()
    {
        ComparePage page(*m_ws);
        QSignalSpy files(&page, &ComparePage::changedFilesReady);
        page.setRuns(m_runs);
        QTRY_VERIFY_WITH_TIMEOUT(files.count() >= 1, 30000);
        page.tabs()->setCurrentIndex(ComparePage::CodeTab);
        QCOMPARE(page.codeBeforeBox()->currentData().toString(), m_runs[0]);
        QCOMPARE(page.codeAfterBox()->currentData().toString(), m_runs[1]);
        QTreeWidget* list = page.changedFiles();
        QStringList listed;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            listed << list->topLevelItem(i)->text(0) + QLatin1Char(' ') + list->topLevelItem(i)->text(1);
        QCOMPARE(listed,
                 (QStringList{QStringLiteral("notes.txt added"), QStringLiteral("train.py modified")}));

        QSignalSpy diffReady(&page, &ComparePage::fileDiffReady);
        list->setCurrentItem(list->topLevelItem(1));
        QTRY_VERIFY_WITH_TIMEOUT(
            !diffReady.isEmpty() && diffReady.last().at(0).toString() == QStringLiteral("train.py"), 30000);
        const QString text = page.fileDiffView()->toPlainText();
        QVERIFY2(
            text.contains(QStringLiteral("-print('loss: %g' % (a.lr * 2))\n+print('loss: %g' % (a.lr * 3))")),
            qPrintable(text));
        // Removed and added lines are coloured.
        const QTextDocument* document = page.fileDiffView()->document();
        bool sawAdded = false, sawRemoved = false;
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
            const QList<QTextLayout::FormatRange> formats = block.layout()->formats();
            if (block.text().startsWith(QLatin1String("+print")))
                sawAdded = !formats.isEmpty() &&
                           formats.first().format.foreground().color() == DiffHighlighter::colorOf(DiffHighlighter::LineKind::Added);
            if (block.text().startsWith(QLatin1String("-print")))
                sawRemoved = !formats.isEmpty() &&
                             formats.first().format.foreground().color() == DiffHighlighter::colorOf(DiffHighlighter::LineKind::Removed);
        }
        QVERIFY(sawAdded && sawRemoved);

        // The second and third runs ran the same code.
        const int before = int(files.count());
        page.setCodeRuns(1, 2);
        QTRY_VERIFY_WITH_TIMEOUT(files.count() > before, 30000);
        QCOMPARE(page.changedFiles()->topLevelItemCount(), 0);
    }

    void windowOpensTheComparePage()
    {
        MainWindow window(*m_ws);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.compareAction()->isEnabled());
        QCOMPARE(window.compareAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_D));
        RunsView* runs = window.runsView();
        QTRY_VERIFY_WITH_TIMEOUT(runs->view()->model()->rowCount() >= 3, 30000);
        runs->view()->selectAll();
        QTRY_VERIFY(window.compareAction()->isEnabled());
        QSignalSpy ready(window.comparePage(), &ComparePage::comparisonReady);
        QTest::keyClick(&window, Qt::Key_D, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        QVERIFY(window.comparePage()->isVisible());
        const QStringList compared = window.comparePage()->runIds();
        QCOMPARE(QSet<QString>(compared.begin(), compared.end()),
                 QSet<QString>(m_runs.begin(), m_runs.end()));

        // The runs table's menu asks through compareRequested.
        window.showPage(NavigationPane::Page::Runs);
        QVERIFY(!window.comparePage()->isVisible());
        emit runs->compareRequested({m_runs[2], m_runs[0]});
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 30000);
        QVERIFY(window.comparePage()->isVisible());
        QCOMPARE(window.comparePage()->model()->headerData(1, Qt::Horizontal).toString(), m_runs[2]);
    }

    // The navigation's Compare entry: before any comparison it says how to open one; a comparison opened
    // from the runs table moves the navigation there, and the entry brings it back after another page.
    void navigationEntryOpensTheLastComparison()
    {
        MainWindow window(*m_ws);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTreeWidget* tree = window.navigationPane()->tree();
        QTreeWidgetItem* entry = nullptr;
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            if (tree->topLevelItem(i)->text(0) == QStringLiteral("Compare"))
                entry = tree->topLevelItem(i);
        QVERIFY(entry);
        tree->setCurrentItem(entry); // as a click does
        QCOMPARE(window.currentPage(), NavigationPane::Page::Compare);
        ComparePage* page = window.comparePage();
        QVERIFY(page->isVisible());
        QVERIFY(page->emptyStateLabel()->isVisible());
        QVERIFY(!page->tabs()->isVisible());
        QVERIFY2(page->emptyStateLabel()->text().contains(
                     QStringLiteral("select two or more runs and press Compare (Ctrl+D)"), Qt::CaseInsensitive),
                 qPrintable(page->emptyStateLabel()->text()));

        window.showPage(NavigationPane::Page::Runs);
        RunsView* runs = window.runsView();
        QTRY_VERIFY_WITH_TIMEOUT(runs->view()->model()->rowCount() >= 3, 30000);
        runs->view()->selectAll();
        QTRY_VERIFY(window.compareAction()->isEnabled());
        QSignalSpy ready(page, &ComparePage::comparisonReady);
        window.compareAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        QCOMPARE(window.currentPage(), NavigationPane::Page::Compare);
        QCOMPARE(tree->currentItem(), entry);
        QVERIFY(!page->emptyStateLabel()->isVisible());
        QVERIFY(page->tabs()->isVisible());

        window.showPage(NavigationPane::Page::Models);
        QVERIFY(!page->isVisible());
        tree->setCurrentItem(entry);
        QVERIFY(page->isVisible());
        QCOMPARE(page->runIds().size(), 3);
    }
};

QTEST_MAIN(TestComparePage)
#include "TestComparePage.moc"
