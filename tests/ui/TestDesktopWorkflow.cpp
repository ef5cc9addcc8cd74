// The whole desktop workflow on real widgets, as a user does it: drop the sample project folder on the
// window, submit from the form, watch the run reach Completed in the runs table, see its metric series in the
// chart, download an output file with the artifacts browser, and register it as a model twice.
#include "artifacts/ArtifactsBrowser.h"
#include "estimator/EstimatorForm.h"
#include "shell/MainWindow.h"
#include "metrics/MetricsChartWidget.h"
#include "registry/ModelRegistry.h"
#include "registry/ModelsModel.h"
#include "registry/ModelsPage.h"
#include "artifacts/RunFilesModel.h"
#include "runs/RunPage.h"
#include "runs/RunsTableModel.h"
#include "TestSupport.h"
#include "shell/UserPrompts.h"

#include <QDirIterator>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace TestSupport;

class TestDesktopWorkflow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        qputenv("TRAINYARD_RUNNER", (binDir() + QStringLiteral("/trainyard-runner")).toUtf8());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("trainyard-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("TestDesktopWorkflow"));
        QSettings().clear();
        UserPrompts::setTestMode(true);
    }

    void dropSubmitWatchDownloadRegister()
    {
        // A copy of the bundled sample, so the run's files never land in the source tree.
        const QString project = m_dir.path() + QStringLiteral("/sample");
        QDirIterator it(sourceDir() + QStringLiteral("/resources/sample"), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            QVERIFY(writeFile(project + QLatin1Char('/') + QDir(sourceDir() + QStringLiteral("/resources/sample")).relativeFilePath(file), readFile(file)));
        }
        QString error;
        const auto workspace = Workspace::open(m_dir.path() + QStringLiteral("/ws"), &error);
        QVERIFY2(workspace, qPrintable(error));
        MainWindow window(*workspace);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Drop the folder: the form opens with the project's estimator.
        QVERIFY(window.handleDroppedUrls({QUrl::fromLocalFile(project)}));
        EstimatorForm* form = window.estimatorForm();
        QTRY_COMPARE_WITH_TIMEOUT(form->estimator().entryScript, QStringLiteral("train.py"), 10000);
        QCOMPARE(form->estimator().experiment, QStringLiteral("sample-sklearn"));

        // Submit (Ctrl+Return's action) and follow the new run in the table.
        QSignalSpy submitted(form, &EstimatorForm::submitted);
        window.submitAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(submitted.count(), 1, 30000);
        const QString runId = submitted.at(0).at(0).toString();
        QVERIFY(!runId.isEmpty());
        RunsTableModel* runs = window.runsModel();
        QTRY_VERIFY_WITH_TIMEOUT(runs->rowOf(runId) >= 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(runs->runStatus(runs->rowOf(runId)), RunStatus::Completed, 90000);

        // The metrics tab charts the run's series.
        QVERIFY(window.showRun(runId));
        RunPage* page = window.runPage();
        QTRY_COMPARE(page->currentRunId(), runId);
        MetricsChartWidget* charts = page->metricsWidget();
        QTRY_VERIFY_WITH_TIMEOUT(charts->chartTitles().contains(QStringLiteral("loss")), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(charts->seriesPoints(QStringLiteral("loss"), runId).size(), 20, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(charts->seriesPoints(QStringLiteral("val_accuracy"), runId).size(), 20, 10000);

        // Right-click → Download… of outputs/model.pkl into a chosen folder.
        ArtifactsBrowser* artifacts = page->artifactsBrowser();
        QTRY_VERIFY_WITH_TIMEOUT(artifacts->filesModel()->indexForPath(QStringLiteral("outputs/model.pkl")).isValid(), 10000);
        const QModelIndex model = artifacts->filesModel()->indexForPath(QStringLiteral("outputs/model.pkl"));
        std::unique_ptr<QMenu> menu(artifacts->contextMenuFor(model));
        QAction* download = menu->findChild<QAction*>(QStringLiteral("downloadAction"));
        QVERIFY(download);
        const QString destination = m_dir.path() + QStringLiteral("/downloads");
        QDir().mkpath(destination);
        UserPrompts::setNextPath(destination);
        download->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(destination + QStringLiteral("/model.pkl")), 10000);
        QCOMPARE(readFile(destination + QStringLiteral("/model.pkl")),
                 readFile(workspace->runDir(runId) + QStringLiteral("/work/outputs/model.pkl")));

        // Register as Model… twice: versions 1 and 2 appear in the models page.
        QSignalSpy registered(artifacts, &ArtifactsBrowser::modelRegistered);
        artifacts->registerModel(QStringLiteral("outputs/model.pkl"), QStringLiteral("sample-classifier"), QStringLiteral("first"), {});
        QTRY_COMPARE_WITH_TIMEOUT(registered.count(), 1, 10000);
        QCOMPARE(registered.at(0).at(1).toInt(), 1);
        artifacts->registerModel(QStringLiteral("outputs/model.pkl"), QStringLiteral("sample-classifier"), QStringLiteral("second"), {});
        QTRY_COMPARE_WITH_TIMEOUT(registered.count(), 2, 10000);
        QCOMPARE(registered.at(1).at(1).toInt(), 2);
        window.showPage(NavigationPane::Page::Models);
        ModelsPage* models = window.modelsPage();
        QTRY_VERIFY_WITH_TIMEOUT(models->model()->indexOf(QStringLiteral("sample-classifier"), 2).isValid(), 10000);
        QVERIFY(models->model()->indexOf(QStringLiteral("sample-classifier"), 1).isValid());
        QCOMPARE(ModelRegistry(*workspace).list().size(), 2);
    }
};

QTEST_MAIN(TestDesktopWorkflow)
#include "TestDesktopWorkflow.moc"
