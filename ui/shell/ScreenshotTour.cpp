#include "shell/ScreenshotTour.h"

#include "artifacts/ArtifactPreview.h"
#include "artifacts/ArtifactsBrowser.h"
#include "compare/ComparePage.h"
#include "compare/ComparisonTableModel.h"
#include "compare/ParallelCoordinatesView.h"
#include "estimator/EstimatorForm.h"
#include "logs/LogViewWidget.h"
#include "shell/MainWindow.h"
#include "metrics/MetricsChartWidget.h"
#include "registry/ModelsModel.h"
#include "registry/ModelsPage.h"
#include "artifacts/RunFilesModel.h"
#include "runs/RunPage.h"
#include "runs/RunsTableModel.h"
#include "runs/RunsView.h"
#include "shell/UserPrompts.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFont>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QPointer>
#include <QSplitter>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace {

constexpr int kPollMs = 100;
// Metrics the sample logs; shown as columns of the runs table.
const char* const kMetricColumns = "accuracy, val_accuracy, loss";
// Metrics drawn in the overlay picture.
const char* const kChartMetrics = "loss, val_accuracy";
// Height of the runs table part of the run monitor: the filter bar, the header and the four runs.
constexpr int kRunsTableHeight = 228;
// What the script makes: three finished runs of the sample and one that failed.
constexpr int kFinishedRuns = 3;

} // namespace

ScreenshotTour::ScreenshotTour(MainWindow* window, const QString& outputDir, const QString& projectFolder, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_outputDir(outputDir)
    , m_projectFolder(projectFolder)
{
}

void ScreenshotTour::prepareApplication()
{
    // The same style and font size on every machine, so pictures differ only where the app changed.
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSize(kFontPointSize);
    QApplication::setFont(font);
    // No dialog may block the tour: questions get their default answer and messages are recorded.
    UserPrompts::setTestMode(true);
}

void ScreenshotTour::start()
{
    if (!QDir().mkpath(m_outputDir)) {
        fail(QStringLiteral("cannot create the output folder %1").arg(m_outputDir));
        return;
    }
    m_window->resize(kWidth, kHeight);
    // A message from opening the project folder at start-up would stand in every picture.
    m_window->statusBar()->clearMessage();
    QTimer::singleShot(0, this, &ScreenshotTour::showRuns);
}

void ScreenshotTour::waitFor(const QString& what, Condition ready, Step next, int timeoutMs, int settleMs)
{
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    auto poll = std::make_shared<std::function<void()>>();
    // The lambda holds a weak view of itself through `poll`'s copy below; it is released when the chain ends.
    *poll = [this, what, ready = std::move(ready), next = std::move(next), timeoutMs, settleMs, clock, weak = std::weak_ptr(poll)] {
        if (m_failed)
            return;
        if (ready()) {
            // Let the view paint what it just took (charts animate layout, tables resize columns).
            QTimer::singleShot(settleMs, this, [this, next] {
                if (!m_failed)
                    next();
            });
            return;
        }
        if (clock->elapsed() > timeoutMs) {
            fail(QStringLiteral("timed out after %1 s waiting for %2").arg(timeoutMs / 1000).arg(what));
            return;
        }
        if (auto self = weak.lock())
            QTimer::singleShot(kPollMs, this, [self] { (*self)(); });
    };
    QTimer::singleShot(0, this, [poll] { (*poll)(); });
}

void ScreenshotTour::fail(const QString& message)
{
    if (m_failed)
        return;
    m_failed = true;
    std::fprintf(stderr, "trainyard --screenshots: %s\n", qPrintable(message));
    for (const QString& shown : UserPrompts::recordedMessages())
        std::fprintf(stderr, "  the app said: %s\n", qPrintable(shown));
    std::fflush(stderr);
    emit finished(false);
    QCoreApplication::exit(1);
}

QImage ScreenshotTour::grabWindow() const { return m_window->grab().toImage(); }

bool ScreenshotTour::save(const QString& fileName, const QImage& image)
{
    const QString path = QDir(m_outputDir).filePath(fileName);
    // Quality 0 asks for the strongest PNG compression: the pictures are committed.
    if (!image.save(path, "PNG", 0)) {
        fail(QStringLiteral("cannot write %1").arg(path));
        return false;
    }
    m_saved << path;
    std::printf("%s\n", qPrintable(path));
    std::fflush(stdout);
    return true;
}

void ScreenshotTour::showRuns()
{
    m_window->showPage(NavigationPane::Page::Runs);
    RunsView* runs = m_window->runsView();
    // Four runs need little table: give the rest to the run page, so its summary and charts show more.
    const int splitterHeight = runs->splitter()->height();
    runs->splitter()->setSizes({kRunsTableHeight, qMax(kRunsTableHeight, splitterHeight - kRunsTableHeight)});
    runs->metricColumnsEdit()->setText(QString::fromLatin1(kMetricColumns));
    // The view applies the columns when editing finishes, as after the user typed them and pressed Return.
    emit runs->metricColumnsEdit()->editingFinished();
    waitFor(QStringLiteral("%1 finished runs and a failed one in the runs table").arg(kFinishedRuns),
            [this] {
                RunsTableModel* model = m_window->runsModel();
                int finished = 0;
                bool failed = false;
                for (int row = 0; row < model->rowCount(); ++row) {
                    finished += model->runStatus(row) == RunStatus::Completed ? 1 : 0;
                    failed = failed || model->runStatus(row) == RunStatus::Failed;
                }
                return finished >= kFinishedRuns && failed;
            },
            [this] {
                RunsTableModel* model = m_window->runsModel();
                for (int row = 0; row < model->rowCount(); ++row) {
                    if (model->runStatus(row) == RunStatus::Completed)
                        m_finishedRuns.prepend(model->runId(row));
                    else if (model->runStatus(row) == RunStatus::Failed && m_failedRun.isEmpty())
                        m_failedRun = model->runId(row);
                }
                m_runIds = {m_finishedRuns.value(m_finishedRuns.size() - 1), m_finishedRuns.value(m_finishedRuns.size() - 2)};
                if (!m_window->showRun(m_runIds.constFirst())) {
                    fail(QStringLiteral("run %1 cannot be shown").arg(m_runIds.constFirst()));
                    return;
                }
                m_window->runPage()->tabs()->setCurrentIndex(RunPage::SummaryTab);
                waitFor(QStringLiteral("the summary of run %1").arg(m_runIds.constFirst()),
                        [this] {
                            RunPage* page = m_window->runPage();
                            return page->currentRunId() == m_runIds.constFirst() && !page->statusLabel()->text().isEmpty()
                                && m_window->runsView()->selectedRunIds() == QStringList{m_runIds.constFirst()};
                        },
                        [this] { shootRuns(); }, 20000, 800);
            });
}

void ScreenshotTour::shootRuns()
{
    if (!save(QStringLiteral("01-runs.png"), grabWindow()))
        return;
    RunPage* page = m_window->runPage();
    page->tabs()->setCurrentIndex(RunPage::LogsTab);
    waitFor(QStringLiteral("the log of run %1").arg(m_runIds.constFirst()),
            [this, page] {
                LogViewWidget* log = page->logView();
                return log->runId() == m_runIds.constFirst() && !log->isIndexing() && log->lineCount() > 0
                    && !log->visibleLines().isEmpty();
            },
            [this] { shootLogs(); });
}

void ScreenshotTour::shootLogs()
{
    if (!save(QStringLiteral("02-logs.png"), grabWindow()))
        return;
    // Both runs selected: the metrics tab overlays them.
    QTableView* table = m_window->runsView()->view();
    RunsTableModel* model = m_window->runsModel();
    const QItemSelection both(model->index(0, 0), model->index(1, model->columnCount() - 1));
    table->selectionModel()->select(both, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    RunPage* page = m_window->runPage();
    page->tabs()->setCurrentIndex(RunPage::MetricsTab);
    const QStringList chartMetrics = QString::fromLatin1(kChartMetrics).split(QStringLiteral(", "));
    // Every series of `metrics` drawn for both runs.
    auto drawn = [this, page](const QStringList& metrics) {
        MetricsChartWidget* charts = page->metricsWidget();
        if (charts->runs().size() != 2 || charts->isFetching() || charts->chartTitles().isEmpty())
            return false;
        for (const QString& metric : metrics)
            for (const QString& runId : std::as_const(m_runIds))
                if (charts->seriesPoints(metric, runId).isEmpty())
                    return false;
        return true;
    };
    waitFor(QStringLiteral("the metrics %1 of both runs").arg(chartMetrics.join(QStringLiteral(", "))),
            [page, chartMetrics, drawn] {
                const QStringList known = page->metricsWidget()->metricNames();
                for (const QString& metric : chartMetrics)
                    if (!known.contains(metric))
                        return false;
                return drawn(chartMetrics);
            },
            [this, page, chartMetrics, drawn] {
                // Two charts fit the tab whole; the chooser shows the other metrics unchecked.
                page->metricsWidget()->setChosenMetrics(chartMetrics);
                waitFor(QStringLiteral("the overlay charts of %1").arg(chartMetrics.join(QStringLiteral(", "))),
                        [page, chartMetrics, drawn] {
                            return page->metricsWidget()->chartTitles().size() == chartMetrics.size() && drawn(chartMetrics);
                        },
                        [this] { shootMetrics(); }, 20000, 1000);
            },
            20000, 0);
}

void ScreenshotTour::shootMetrics()
{
    if (!save(QStringLiteral("03-metrics-overlay.png"), grabWindow()))
        return;
    if (!m_window->showRun(m_runIds.constFirst())) {
        fail(QStringLiteral("run %1 cannot be shown").arg(m_runIds.constFirst()));
        return;
    }
    RunPage* page = m_window->runPage();
    page->tabs()->setCurrentIndex(RunPage::ArtifactsTab);
    const QString modelFile = QStringLiteral("outputs/model.pkl");
    waitFor(QStringLiteral("%1 in the artifacts of run %2").arg(modelFile, m_runIds.constFirst()),
            [this, page, modelFile] {
                ArtifactsBrowser* browser = page->artifactsBrowser();
                if (browser->runId() != m_runIds.constFirst())
                    return false;
                const QModelIndex index = browser->filesModel()->indexForPath(modelFile);
                if (!index.isValid())
                    return false;
                // "Register as Model…" is enabled once the browser knows the run has finished.
                std::unique_ptr<QMenu> menu(browser->contextMenuFor(index));
                const auto* registerAction = menu ? menu->findChild<QAction*>(QStringLiteral("registerModelAction")) : nullptr;
                return registerAction && registerAction->isEnabled();
            },
            [this] { shootArtifacts(); });
}

void ScreenshotTour::shootArtifacts()
{
    ArtifactsBrowser* browser = m_window->runPage()->artifactsBrowser();
    QTreeView* tree = browser->view();
    RunFilesModel* files = browser->filesModel();
    const QModelIndex outputs = files->indexForPath(QStringLiteral("outputs"));
    const QModelIndex modelFile = files->indexForPath(QStringLiteral("outputs/model.pkl"));
    tree->expand(outputs);
    tree->setCurrentIndex(modelFile);
    tree->scrollTo(modelFile);

    QPointer<QMenu> menu = browser->contextMenuFor(modelFile);
    if (!menu) {
        fail(QStringLiteral("the artifacts browser gave no context menu for outputs/model.pkl"));
        return;
    }
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QRect itemRect = tree->visualRect(modelFile);
    // Right of the file name, where a user would click, so the name stays readable beside the menu.
    const int nameEnd = itemRect.left() + tree->iconSize().width() + tree->fontMetrics().horizontalAdvance(QStringLiteral("model.pkl")) + 40;
    menu->popup(tree->viewport()->mapToGlobal(QPoint(nameEnd, itemRect.center().y())));
    if (auto* registerAction = menu->findChild<QAction*>(QStringLiteral("registerModelAction")))
        menu->setActiveAction(registerAction);

    QTimer::singleShot(600, this, [this, menu] {
        if (!menu || !menu->isVisible()) {
            fail(QStringLiteral("the context menu of outputs/model.pkl did not open"));
            return;
        }
        // A popup menu is a window of its own: draw its picture onto the main window's where it stands.
        QImage image = grabWindow();
        {
            QPainter painter(&image);
            const QPoint topLeft = menu->geometry().topLeft() - m_window->mapToGlobal(QPoint(0, 0));
            painter.drawPixmap(topLeft, menu->grab());
        }
        menu->close();
        if (!save(QStringLiteral("04-artifacts-menu.png"), image))
            return;
        shootEstimatorForm();
    });
}

void ScreenshotTour::shootEstimatorForm()
{
    EstimatorForm* form = m_window->estimatorForm();
    auto inspected = std::make_shared<bool>(m_projectFolder.isEmpty());
    if (!m_projectFolder.isEmpty()) {
        connect(form, &EstimatorForm::projectInspected, this, [inspected] { *inspected = true; }, Qt::SingleShotConnection);
        if (!m_window->openProjectFolder(m_projectFolder)) {
            fail(QStringLiteral("the project folder %1 cannot be opened").arg(m_projectFolder));
            return;
        }
    }
    m_window->showPage(NavigationPane::Page::NewRun);
    waitFor(QStringLiteral("the estimator form of %1").arg(m_projectFolder),
            [this, form, inspected] { return *inspected && (m_projectFolder.isEmpty() || !form->commandPreview().isEmpty()); },
            [this] {
                if (!save(QStringLiteral("05-estimator-form.png"), grabWindow()))
                    return;
                shootModels();
            },
            20000, 1000);
}

void ScreenshotTour::shootModels()
{
    ModelsPage* models = m_window->modelsPage();
    m_window->showPage(NavigationPane::Page::Models);
    m_window->statusBar()->clearMessage(); // "Opened project folder" belongs to the form's picture
    models->refresh();
    waitFor(QStringLiteral("a registered model with its versions on the models page"),
            [models] {
                ModelsModel* model = models->model();
                if (model->rowCount() == 0)
                    return false;
                // The newest version of the first model; the script registers versions 1 and 2.
                const QModelIndex nameRow = model->index(0, ModelsModel::NameColumn);
                const int versions = model->rowCount(nameRow);
                const auto newest = versions > 0 ? model->record(model->index(versions - 1, 0, nameRow)) : std::nullopt;
                if (!newest || !models->selectVersion(newest->name, newest->version))
                    return false;
                models->view()->expand(nameRow);
                return !models->detailsLabel()->text().isEmpty();
            },
            [this] {
                if (!save(QStringLiteral("06-models.png"), grabWindow()))
                    return;
                shootCompareTable();
            });
}

void ScreenshotTour::shootCompareTable()
{
    ComparePage* compare = m_window->comparePage();
    // Oldest first: the columns read in the order the regularization was tried.
    m_window->showCompare(m_finishedRuns);
    compare->tabs()->setCurrentIndex(ComparePage::TableTab);
    waitFor(QStringLiteral("the comparison of %1").arg(m_finishedRuns.join(QStringLiteral(", "))),
            [this, compare] {
                return !compare->isBusy() && compare->comparison() && compare->runIds() == m_finishedRuns
                    && compare->model()->columnCount() == m_finishedRuns.size() + 1 && compare->model()->shownRowCount() > 0;
            },
            [this] {
                if (!save(QStringLiteral("07-compare-table.png"), grabWindow()))
                    return;
                shootParallelCoordinates();
            },
            30000, 800);
}

void ScreenshotTour::shootParallelCoordinates()
{
    ComparePage* compare = m_window->comparePage();
    compare->tabs()->setCurrentIndex(ComparePage::ParallelCoordinatesTab);
    ParallelCoordinatesView* plot = compare->parallelCoordinates();
    waitFor(QStringLiteral("the parallel coordinates of %1 runs").arg(m_finishedRuns.size()),
            [plot, this] { return plot->isVisible() && plot->emptyMessage().isEmpty() && plot->table().runCount() == m_finishedRuns.size(); },
            [this, plot] {
                // The page's own default axes (the columns that differ, no system/ metrics), as a person
                // opening the tab sees them.
                // A brush over the upper part of the validation accuracy (else the last axis whose runs
                // differ): the best runs highlighted, the others faded, as after a drag along that axis.
                const PlotTable& table = plot->table();
                int axis = -1;
                for (int candidate = 0; candidate < table.axisCount(); ++candidate) {
                    const PlotValueRange range = PlotValueRange::ofValues(table.values[candidate]);
                    if (range.valid && range.span() > 0
                        && (axis < 0 || table.axisKeys[candidate].startsWith(QLatin1String("metrics.val_accuracy"))))
                        axis = candidate;
                }
                if (axis < 0) {
                    fail(QStringLiteral("no column of the comparison differs between the runs"));
                    return;
                }
                QVector<double> values;
                for (double value : table.values[axis])
                    if (std::isfinite(value))
                        values.append(value);
                std::sort(values.begin(), values.end());
                const double low = (values[0] + values[1]) / 2;
                plot->setBrush(axis, low, values.last());
                waitFor(QStringLiteral("the brush on %1").arg(table.axisKeys[axis]),
                        [plot] { return plot->brushes().size() == 1 && plot->selectedRunIds().size() < plot->table().runCount(); },
                        [this] {
                            if (!save(QStringLiteral("08-parallel-coordinates.png"), grabWindow()))
                                return;
                            shootFailedRun();
                        });
            });
}

void ScreenshotTour::shootFailedRun()
{
    if (!m_window->showRun(m_failedRun)) {
        fail(QStringLiteral("run %1 cannot be shown").arg(m_failedRun));
        return;
    }
    RunPage* page = m_window->runPage();
    page->tabs()->setCurrentIndex(RunPage::SummaryTab);
    waitFor(QStringLiteral("the cause of the failed run %1").arg(m_failedRun),
            [this, page] {
                return page->currentRunId() == m_failedRun && page->causeLabel()->isVisible()
                    && page->causeLabel()->text().contains(QLatin1String("ValueError"));
            },
            [this] {
                if (!save(QStringLiteral("09-failed-run.png"), grabWindow()))
                    return;
                shootArtifactPreview();
            },
            20000, 800);
}

void ScreenshotTour::shootArtifactPreview()
{
    const QString runId = m_runIds.constFirst();
    if (!m_window->showRun(runId)) {
        fail(QStringLiteral("run %1 cannot be shown").arg(runId));
        return;
    }
    RunPage* page = m_window->runPage();
    page->tabs()->setCurrentIndex(RunPage::ArtifactsTab);
    const QString file = QStringLiteral("outputs/metrics.json");
    ArtifactsBrowser* browser = page->artifactsBrowser();
    waitFor(QStringLiteral("%1 in the artifacts of run %2").arg(file, runId),
            [browser, runId, file] { return browser->runId() == runId && browser->filesModel()->indexForPath(file).isValid(); },
            [this, browser, file] {
                QTreeView* tree = browser->view();
                RunFilesModel* files = browser->filesModel();
                tree->expand(files->indexForPath(QStringLiteral("outputs")));
                const QModelIndex index = files->indexForPath(file);
                tree->setCurrentIndex(index); // previews it, as a click does
                tree->scrollTo(index);
                ArtifactPreview* preview = browser->preview();
                waitFor(QStringLiteral("the preview of %1").arg(file),
                        [preview] { return !preview->isLoading() && preview->kind() == ArtifactPreview::Kind::Json; },
                        [this, preview] {
                            preview->jsonView()->expandAll();
                            for (int column = 0; column < 2; ++column) // whole keys and values, not elided
                                preview->jsonView()->resizeColumnToContents(column);
                            QTimer::singleShot(300, this, [this] {
                                if (!save(QStringLiteral("10-artifact-preview.png"), grabWindow()))
                                    return;
                                finish();
                            });
                        });
            });
}

void ScreenshotTour::finish()
{
    std::fprintf(stderr, "trainyard --screenshots: wrote %lld pictures to %s\n", static_cast<long long>(m_saved.size()),
                 qPrintable(QDir(m_outputDir).absolutePath()));
    emit finished(true);
    QCoreApplication::exit(0);
}
