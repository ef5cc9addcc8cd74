// The Metrics tab of the run monitor: Qt Charts line charts of the metric series of one or more runs.
// One chart per metric (or the chosen metrics combined on one chart), x by step or by time since the run's
// first point, several runs overlaid. A line is named by its run's label: the run's display name, else the
// parameters chosen under "Label by" (`reg=0.3, lr=0.01`), else its id. Lines take distinct colours, or the
// colour of a chosen parameter's value (a gradient for numbers, a palette for text, explained by a colour key).
// Charts sit in a grid of 1 to 3 columns by the tab's width, each with a wrapping, scrolling legend, a
// crosshair that lists every line's value at the pointer, and a right-click PNG/SVG export. The charts follow the
// runs live (a poll every 500 ms), show the exact value under the mouse, zoom with a rubber band, pan, switch
// the y axis to a log scale and smooth with a TensorBoard-style moving average drawn over the faint raw line.
// Big series never reach the GUI whole: a worker thread asks MetricReader::downsampled() for the visible x
// range with one bucket per pixel of plot width, keeps each pixel column's lowest and highest point (so
// spikes survive), and asks again on zoom or pan, so a zoomed-in view shows the real points. The crosshair
// reports each line's last drawn point at or before the pointer's x, not an interpolation.
#pragma once

#include "metrics/MetricSeriesLoader.h"
#include "workspace/Workspace.h"

#include <QAbstractAxis>
#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QSet>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class MetricChartView;
class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QScrollArea;
class QSlider;
class QGridLayout;
class QMenu;
class QToolButton;
class MetricChartLegend;

class MetricsChartWidget : public QWidget
{
    Q_OBJECT
public:
    explicit MetricsChartWidget(const Workspace& workspace, QWidget* parent = nullptr);
    ~MetricsChartWidget() override;

    // One run, or several to overlay; an empty list clears the tab.
    void setRuns(const QStringList& runIds);
    QStringList runs() const { return m_runIds; }

    // The controls' state; each setter moves its control, so the toolbar and the API never disagree.
    void setCombined(bool combined);
    void setByTime(bool byTime);
    void setLogScale(bool logScale);
    void setSmoothing(double weight); // 0 .. 0.99
    // Which metrics are drawn (the chooser's check boxes); new metrics start checked. The chooser lists the
    // run's own metrics, then the system metrics (system/<node>/...) in a "System · node" group per node.
    void setChosenMetrics(const QStringList& metrics);
    QStringList chosenMetrics() const;

    // Run labels: the display name first (unless unticked under "Label by"), then these parameters.
    void setLabelByName(bool byName);
    void setLabelParams(const QStringList& paramNames);
    QStringList labelParams() const { return m_labelParams; }
    QString runLabel(const QString& runId) const;
    QStringList paramNames() const { return m_paramNames; } // of the shown runs, first-seen order
    // Colour lines by a parameter's value (empty: a distinct colour per line).
    void setColorParam(const QString& paramName);
    QString colorParam() const { return m_colorParam; }
    QColor lineColor(const QString& metric, const QString& runId) const;
    QString colorKeyText() const; // what the colours mean, as plain text; empty when colouring by line
    QLabel* colorKey() const { return m_colorKey; }

    // Zoom the chart with this title to an x range (in step or seconds), or back to everything.
    void zoomToRange(const QString& chartTitle, double xMin, double xMax);
    void resetZoom();
    void setPollInterval(int ms);
    void refreshNow(); // read new points now instead of at the next poll

    // Read-only views for tests and benchmarks.
    QStringList metricNames() const { return m_metrics; } // in the chooser's order
    QStringList groupHeadings() const;                     // the headings above the charts, in order
    QStringList chartTitles() const;
    int seriesCount(const QString& chartTitle = {}) const; // drawn (legend) series
    QStringList legendNames(const QString& chartTitle) const;
    // The legend under the chart (wrapping, scrolling past a few rows).
    MetricChartLegend* legend(const QString& chartTitle) const;
    QList<QPointF> seriesPoints(const QString& metric, const QString& runId) const;    // the main line
    QList<QPointF> rawSeriesPoints(const QString& metric, const QString& runId) const; // unsmoothed values
    QAbstractAxis::AxisType yAxisType(const QString& chartTitle) const;
    QPair<double, double> xRange(const QString& chartTitle) const;
    QPair<double, double> yRange(const QString& chartTitle) const;
    int yTickCount(const QString& chartTitle) const;
    // The crosshair box's lines (plain text, the x first) of the chart, empty when it is hidden.
    QStringList crosshairLines(const QString& chartTitle) const;
    int gridColumns() const { return m_gridColumns; }
    // Columns of the chart grid for a width of the charts' area.
    static int columnsForWidth(int width);
    // A tidy axis for [min, max]: the range widened to whole steps of 1, 2 or 5 × 10^k, about `ticks` of them.
    struct NiceRange {
        double min = 0;
        double max = 1;
        double step = 0.2;
    };
    static NiceRange niceRange(double min, double max, int ticks = 5);
    QString chartNote(const QString& chartTitle) const;
    QString hoverText() const { return m_hoverText; }
    MetricChartView* chartView(const QString& chartTitle) const;
    bool isFetching() const { return m_fetchInFlight; }

public slots:
    // The charts' hover handler: `point` is where the mouse is on a line; shows the nearest real point.
    void showHover(const QString& metric, const QString& runId, const QPointF& point, bool state);

signals:
    // New data from the runs has been drawn.
    void chartsUpdated();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Chart;
    struct Line;

    void buildControls();
    void requestFetch();
    void onFetched();
    void applyMetricNames(const QStringList& names);
    void rebuildCharts();
    std::unique_ptr<Chart> makeChart(const QString& title, const QStringList& metrics);
    void drawChart(Chart& chart, bool onlyChanged);
    void fitAxes(Chart& chart);
    void setYAxis(Chart& chart);
    void applyTheme(Chart& chart);
    void applyLabels();
    void updateLegend(Chart& chart);
    void updateColorKey();
    void rebuildLabelMenu();
    void rebuildColorChooser();
    void layoutGrid();
    void showCrosshair(Chart* chart, double x);
    QColor colorFor(const Line& line, bool dark) const;
    Qt::PenStyle styleFor(const Chart& chart, const Line& line) const;
    QString lineName(const Chart& chart, const Line& line) const;
    void onChosenChanged(QListWidgetItem* item);
    void onDisplayOptionChanged();
    void onAxisRangeChanged(Chart* chart, double min, double max);
    void updateEmptyState();
    Chart* findChart(const QString& title) const;
    const Line* findLine(const QString& metric, const QString& runId) const;
    double smoothingWeight() const;
    bool isDarkPalette() const;
    static QString seriesKey(const QString& runId, const QString& metric);

    Workspace m_workspace;
    QStringList m_runIds;
    QStringList m_metrics; // every metric of the shown runs, first-seen order; empty until their first answer
    QSet<QString> m_unchosen; // metrics the user unticked; remembered across runs, as new metrics start ticked
    QStringList m_fetchRunIds; // the runs the fetch in flight reads
    bool m_awaitingMetrics = false; // the runs changed and their metrics are not known yet

    // Latest data per series (seriesKey) and a counter bumped whenever it changes.
    struct StoredSeries {
        MetricSeriesData data;
        quint64 version = 0;
    };
    QHash<QString, StoredSeries> m_data;
    QHash<QString, MetricRunInfo> m_runInfo; // names and parameters of the shown runs, read by the worker
    QStringList m_paramNames;
    QStringList m_labelParams;
    bool m_labelByName = true;
    QString m_colorParam;
    QString m_runInfoError; // why the last read of the runs' names and parameters failed
    int m_pollsSinceRunInfo = 0;
    quint64 m_nextVersion = 1;

    std::vector<std::unique_ptr<Chart>> m_charts;

    QListWidget* m_metricList = nullptr;
    QCheckBox* m_combine = nullptr;
    QComboBox* m_xAxis = nullptr;
    QCheckBox* m_logScale = nullptr;
    QSlider* m_smoothing = nullptr;
    QLabel* m_smoothingValue = nullptr;
    QPushButton* m_resetZoom = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_chartsHost = nullptr;
    QGridLayout* m_chartsLayout = nullptr;
    int m_gridColumns = 1;
    QToolButton* m_labelBy = nullptr;
    QMenu* m_labelMenu = nullptr;
    QComboBox* m_colorBy = nullptr;
    QLabel* m_colorKey = nullptr;
    QLabel* m_emptyLabel = nullptr;
    QList<QLabel*> m_groupHeadings; // "System · node" above each node's charts

    QTimer m_pollTimer;
    QTimer m_rangeFetchTimer; // coalesces the range changes of a pan into one read
    QThreadPool m_pool;       // one thread: fetches never overlap, so the loader needs no lock
    std::shared_ptr<MetricSeriesLoader> m_loader;
    QFutureWatcher<MetricFetchResult> m_watcher;
    bool m_fetchInFlight = false;
    bool m_fetchPending = false;
    bool m_forceNext = true;
    bool m_updatingControls = false;
    QString m_hoverText;
};
