#include "metrics/MetricChartView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QTimer>

MetricChartView::MetricChartView(QChart* chart, QWidget* parent) : QChartView(chart, parent)
{
    setRubberBand(QChartView::HorizontalRubberBand);
    setRenderHint(QPainter::Antialiasing, true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumHeight(240);
}

int MetricChartView::plotWidth() const
{
    const QChart* c = chart();
    const int width = c ? int(c->plotArea().width()) : 0;
    // Before the first layout the plot area is empty; the view's width is a close upper bound.
    return std::max(1, width > 0 ? width : this->width() - 80);
}

void MetricChartView::keyPressEvent(QKeyEvent* event)
{
    QChart* c = chart();
    const qreal step = c->plotArea().width() / 10;
    switch (event->key()) {
    case Qt::Key_Left:
        c->scroll(-step, 0);
        break;
    case Qt::Key_Right:
        c->scroll(step, 0);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        c->zoom(1.5);
        break;
    case Qt::Key_Minus:
        c->zoom(1 / 1.5);
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
    case Qt::Key_Escape:
        emit resetRequested();
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void MetricChartView::mousePressEvent(QMouseEvent* event)
{
    const bool panGesture = event->button() == Qt::MiddleButton ||
                            (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ControlModifier));
    if (panGesture) {
        m_panning = true;
        m_lastPanPos = event->position();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void MetricChartView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_panning) {
        const QPointF delta = event->position() - m_lastPanPos;
        m_lastPanPos = event->position();
        chart()->scroll(-delta.x(), 0); // the content follows the mouse
        event->accept();
        return;
    }
    QChartView::mouseMoveEvent(event);
}

void MetricChartView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_panning) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void MetricChartView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    // The chart lays out its plot area after the resize is processed.
    QTimer::singleShot(0, this, [this] {
        const int width = plotWidth();
        if (width != m_lastPlotWidth) {
            m_lastPlotWidth = width;
            emit plotWidthChanged(width);
        }
    });
}
