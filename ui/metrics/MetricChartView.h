// One chart of the Metrics tab: a QChartView that zooms with a horizontal rubber band, pans with a
// Ctrl+drag or middle-button drag and with the arrow keys, zooms with +/- and resets with 0 / Home / Escape
// (the owner decides what "reset" means) and reports its plot width, which is the bucket count the owner
// asks the metric reader for.
#pragma once

#include <QChartView>

class MetricChartView : public QChartView
{
    Q_OBJECT
public:
    explicit MetricChartView(QChart* chart, QWidget* parent = nullptr);

    // Width of the plot area in device-independent pixels (at least 1).
    int plotWidth() const;

signals:
    void resetRequested();
    void plotWidthChanged(int width);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    bool m_panning = false;
    QPointF m_lastPanPos;
    int m_lastPlotWidth = 0;
};
