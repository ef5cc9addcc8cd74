// Parallel coordinates over the compare page's runs: one vertical axis per column of a PlotTable, each run
// a polyline through its values. A drag along an axis brushes a value range; the runs inside every brush
// (brushes on several axes AND together) are drawn highlighted and reported by selectionChanged, the others
// faded. A click on an axis without dragging clears that axis's brush. A run without a value on an axis
// passes through the "missing" band below that axis, and never lies inside a brush there.
//
// Drawn for 10,000 runs: the polylines are projected once per size or data change, and the lines layer is
// rendered into a cached image that only a change of brushes, colours or palette re-renders, so a plain
// repaint (a tooltip, an exposed window) is a blit plus the axes. Above a few hundred runs the layer is
// rendered by counting lines per pixel (LineDensity) rather than painting each one, and the counts are kept:
// a brush moved by a pixel takes the few runs that left the selection out of the selected counts and adds
// them to the faded ones (and the other way round), instead of counting all 50,000 segments again.
#pragma once

#include "compare/LineDensity.h"
#include "compare/PlotScale.h"
#include "compare/PlotTable.h"

#include <QImage>
#include <QMap>
#include <QPointF>
#include <QVector>
#include <QWidget>

class ParallelCoordinatesView : public QWidget
{
    Q_OBJECT
public:
    explicit ParallelCoordinatesView(QWidget* parent = nullptr);

    // Replaces the data; brushes, the current run and the colour axis are cleared.
    void setTable(const PlotTable& table);
    const PlotTable& table() const { return m_table; }

    // Brushes in data units, so that they keep their values across resizes. Setting or clearing one
    // emits selectionChanged when the set of runs inside all brushes changes.
    void setBrush(int axis, double low, double high);
    void clearBrush(int axis);
    void clearBrushes();
    QMap<int, PlotValueRange> brushes() const { return m_brushes; }

    // The runs inside every brush, in table order; every run while there is no brush.
    QStringList selectedRunIds() const;
    bool isRunSelected(int run) const { return run >= 0 && run < m_selected.size() && m_selected[run]; }

    // The run drawn on top in the accent colour (the compare page's current row); empty for none.
    void setCurrentRun(const QString& runId);
    QString currentRun() const;

    // Colours the selected lines by their value on `axis` (a gradient from its min to its max); -1 for the
    // palette's highlight colour alone.
    void setColorAxis(int axis);
    int colorAxis() const { return m_colorAxis; }

    // Geometry, in widget coordinates, for tests and tooltips: the x of an axis, the y a value is drawn at
    // on it (values outside the axis's range are drawn beyond its ends), the value at a y, and the y of the
    // "missing" band.
    int axisX(int axis) const;
    double valueToY(int axis, double value) const;
    double yToValue(int axis, double y) const;
    int axisTop() const;
    int axisBottom() const;
    int missingY() const;
    const PlotScale& scale(int axis) const { return m_scales[axis]; }
    // The message drawn instead of a plot ("Choose at least two columns"), empty when there is a plot.
    QString emptyMessage() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void selectionChanged(const QStringList& runIds);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    // The axis whose grab area (a strip around its line) holds `pos`, or -1.
    int axisAt(const QPointF& pos) const;
    double clampedValueAt(int axis, double y) const;
    void projectLines();
    void updateSelection();
    void invalidateLines();
    void renderLines();
    void paintLines(int selectedCount);
    // Brings the per-pixel counts up to date with the selection and colours: only the runs whose kind of
    // line changed, or every run after a change of size, data or colour axis.
    void updateLineDensity();
    void rebuildLineDensity();
    void moveRunLines(int run, quint8 toLayer, quint32 toValue);
    void compositeLineDensity(int selectedCount);
    // How a run's lines are drawn now (faded, plain selected, coloured) and its colour value.
    quint8 densityLayer(int run) const;
    quint32 densityValue(int run) const;
    void drawAxes(QPainter& painter) const;
    void drawBrushes(QPainter& painter) const;
    void drawCurrentRun(QPainter& painter) const;
    void drawColorLegend(QPainter& painter) const;
    int colorBin(int run) const;

    PlotTable m_table;
    QVector<PlotScale> m_scales;
    QMap<int, PlotValueRange> m_brushes;
    QVector<bool> m_selected;
    QStringList m_lastSelection;
    int m_currentRun = -1;
    int m_colorAxis = -1;

    // m_points[run * axisCount + axis]: every run's polyline, projected for the current size.
    QVector<QPointF> m_points;
    QImage m_linesLayer;
    // Above a few hundred runs: the lines counted per pixel (every run's, the selected runs', the runs
    // selected with a colour-axis value), the polylines in device pixels they were counted from, and per run
    // how it is counted (faded, plain or coloured) with its colour value.
    LineDensity m_densities[3];
    QVector<QPoint> m_devicePoints;
    QVector<quint8> m_runLayer;
    QVector<quint32> m_runValue;
    bool m_densityValid = false;
    bool m_linesValid = false;

    int m_dragAxis = -1;
    double m_dragStartY = 0;
    bool m_dragging = false;
};
