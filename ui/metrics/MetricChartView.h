// One chart of the Metrics tab: a QChartView that zooms with a horizontal rubber band, pans with a
// Ctrl+drag or middle-button drag and with the arrow keys, zooms with +/- and resets with 0 / Home / Escape
// (the owner decides what "reset" means) and reports its plot width, which is the bucket count the owner
// asks the metric reader for. It draws a crosshair, a vertical line at the pointer inside the plot area with
// a small box of text the owner fills (every line's value there), and exports itself as PNG or SVG from its
// right-click menu.
#pragma once

#include "metrics/MetricChartLegend.h"

#include <QChartView>

class QAction;
class QGraphicsLineItem;
class QLabel;

class MetricChartView : public QChartView
{
    Q_OBJECT
public:
    explicit MetricChartView(QChart* chart, QWidget* parent = nullptr);

    // Width of the plot area in device-independent pixels (at least 1).
    int plotWidth() const;

    // The crosshair's box: the owner answers crosshairMoved with the text to show (empty hides the box).
    void setCrosshairText(const QString& text);
    QString crosshairText() const;
    bool isCrosshairVisible() const;
    // Where the crosshair's vertical line is, in chart x units (NaN when hidden).
    double crosshairX() const { return m_crosshairX; }
    QLabel* crosshairBox() const { return m_crosshairBox; }

    // Writes the chart as it is on screen with its legend (every entry, wrapped under the plot): PNG (twice
    // the screen's pixels, so it stays sharp on slides) or SVG, chosen by the file's suffix. False with
    // *error saying what failed.
    bool exportImage(const QString& path, QString* error);
    void setExportLegend(const QVector<MetricChartLegend::Entry>& entries) { m_exportLegend = entries; }
    // The right-click menu's "Export image…": asks for a file (UserPrompts) and writes it.
    QAction* exportAction() const { return m_exportAction; }

signals:
    void resetRequested();
    void plotWidthChanged(int width);
    // The pointer is over the plot area at chart x `x` (in the x axis' units), or has left it.
    void crosshairMoved(double x);
    void crosshairLeft();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void updateCrosshair(const QPointF& viewportPos);
    void hideCrosshair();
    void askAndExport();
    // Lays the legend entries out in rows under the chart: their rectangles, and the height they take.
    int legendLayout(int width, QVector<QRectF>* rects) const;
    void paintExport(QPainter& painter, const QSize& size);

    bool m_panning = false;
    QPointF m_lastPanPos;
    int m_lastPlotWidth = 0;
    QGraphicsLineItem* m_crosshairLine = nullptr;
    QLabel* m_crosshairBox = nullptr;
    QPointF m_crosshairPos; // viewport position of the pointer the box is placed next to
    double m_crosshairX;
    QAction* m_exportAction = nullptr;
    QVector<MetricChartLegend::Entry> m_exportLegend;
};
