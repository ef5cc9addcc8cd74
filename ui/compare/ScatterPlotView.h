// A scatter of one column of a PlotTable against another (typically a metric against a parameter): one
// point per run that has both values. Hovering a point shows its run and values in a tooltip; clicking one
// makes it the current run and emits runClicked. The selection from the parallel coordinates' brushes is
// shown by drawing the other points faded.
#pragma once

#include "compare/PlotScale.h"
#include "compare/PlotTable.h"

#include <QPointF>
#include <QSet>
#include <QVector>
#include <QWidget>

class ScatterPlotView : public QWidget
{
    Q_OBJECT
public:
    explicit ScatterPlotView(QWidget* parent = nullptr);

    // Replaces the data and selects every run. The x and y columns stay when the new table has their keys;
    // otherwise x becomes the first `params.` column and y the first `metrics.` one (else the first two).
    void setTable(const PlotTable& table);
    const PlotTable& table() const { return m_table; }

    // Columns by index into table().axisKeys; emits axesChanged when either changes.
    void setAxes(int xAxis, int yAxis);
    int xAxis() const { return m_xAxis; }
    int yAxis() const { return m_yAxis; }
    // The same by RunColumn key ("params.lr"); false, changing nothing, when the table lacks either.
    bool setAxisKeys(const QString& xKey, const QString& yKey);
    QString xKey() const { return m_table.axisKeys.value(m_xAxis); }
    QString yKey() const { return m_table.axisKeys.value(m_yAxis); }

    // The runs drawn highlighted (the parallel coordinates' selectionChanged); the rest are faded. Ids not
    // in the table are ignored.
    void setSelectedRuns(const QStringList& runIds);
    bool isRunSelected(int run) const { return run >= 0 && run < m_selected.size() && m_selected[run]; }

    // The run drawn with a ring (also set by a click); empty for none.
    void setCurrentRun(const QString& runId);
    QString currentRun() const;

    // Geometry in widget coordinates, for tests: the plot area, where a pair of values is drawn, where a run
    // is drawn (NaN coordinates when it lacks a value), and the run whose point is under `pos` (-1 for none).
    QRect plotRect() const;
    QPointF valueToPoint(double x, double y) const;
    QPointF runPosition(int run) const;
    int runAt(const QPointF& pos) const;
    const PlotScale& xScale() const { return m_xScale; }
    const PlotScale& yScale() const { return m_yScale; }

    // "run-label\nparams.lr: 0.01\nmetrics.loss.min: 0.23": what hovering the run's point shows.
    QString toolTipText(int run) const;
    // The message drawn instead of a plot ("Choose at least two columns"), empty when there is a plot.
    QString emptyMessage() const;
    // How many runs lack the x or the y value (they have no point).
    int missingCount() const { return m_missing; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void axesChanged(int xAxis, int yAxis);
    void runClicked(const QString& runId);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void updateScales();
    void projectPoints();
    void setHoveredRun(int run, const QPoint& globalPos);
    void drawAxes(QPainter& painter) const;
    void drawPoints(QPainter& painter) const;

    PlotTable m_table;
    int m_xAxis = -1;
    int m_yAxis = -1;
    PlotScale m_xScale;
    PlotScale m_yScale;
    QVector<bool> m_selected;
    int m_currentRun = -1;
    int m_hoveredRun = -1;
    int m_missing = 0;
    // Each run's point for the current size and axes; NaN for a run without both values.
    QVector<QPointF> m_positions;

    int m_pressedRun = -1;
    QPointF m_pressPos;
};
