#include "compare/ScatterPlotView.h"

#include "compare/PlotStyle.h"

#include <QEvent>
#include <QFontMetrics>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>
#include <limits>

namespace {

constexpr double kHitRadius = 6;
constexpr double kPointRadius = 3;
constexpr int kClickSlop = 4;
constexpr int kAntialiasedPoints = 2000;

int firstKeyWithPrefix(const QStringList& keys, const QString& prefix, int other)
{
    for (int i = 0; i < keys.size(); ++i)
        if (i != other && keys[i].startsWith(prefix))
            return i;
    return -1;
}

} // namespace

ScatterPlotView::ScatterPlotView(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
}

void ScatterPlotView::setTable(const PlotTable& table)
{
    const QString oldX = m_table.axisKeys.value(m_xAxis);
    const QString oldY = m_table.axisKeys.value(m_yAxis);
    m_table = table;
    m_selected.fill(true, m_table.runCount());
    m_currentRun = -1;
    m_hoveredRun = -1;
    m_pressedRun = -1;

    const QStringList& keys = m_table.axisKeys;
    int x = oldX.isEmpty() ? -1 : int(keys.indexOf(oldX));
    int y = oldY.isEmpty() ? -1 : int(keys.indexOf(oldY));
    if (x < 0 || y < 0) {
        x = firstKeyWithPrefix(keys, QStringLiteral("params."), -1);
        y = firstKeyWithPrefix(keys, QStringLiteral("metrics."), x);
        if (x < 0)
            x = y == 0 ? 1 : 0;
        if (y < 0)
            y = x == 1 ? 0 : 1;
        if (keys.size() < 2)
            x = y = -1;
    }
    const bool changed = x != m_xAxis || y != m_yAxis;
    m_xAxis = x;
    m_yAxis = y;
    updateScales();
    if (changed)
        emit axesChanged(m_xAxis, m_yAxis);
}

void ScatterPlotView::setAxes(int xAxis, int yAxis)
{
    const int count = m_table.axisCount();
    if (xAxis < 0 || xAxis >= count || yAxis < 0 || yAxis >= count)
        return;
    if (xAxis == m_xAxis && yAxis == m_yAxis)
        return;
    m_xAxis = xAxis;
    m_yAxis = yAxis;
    m_hoveredRun = -1;
    updateScales();
    emit axesChanged(m_xAxis, m_yAxis);
}

bool ScatterPlotView::setAxisKeys(const QString& xKey, const QString& yKey)
{
    const int x = int(m_table.axisKeys.indexOf(xKey));
    const int y = int(m_table.axisKeys.indexOf(yKey));
    if (x < 0 || y < 0)
        return false;
    setAxes(x, y);
    return true;
}

void ScatterPlotView::setSelectedRuns(const QStringList& runIds)
{
    const QSet<QString> ids(runIds.cbegin(), runIds.cend());
    for (int run = 0; run < m_table.runCount(); ++run)
        m_selected[run] = ids.contains(m_table.runIds[run]);
    update();
}

void ScatterPlotView::setCurrentRun(const QString& runId)
{
    const int run = runId.isEmpty() ? -1 : int(m_table.runIds.indexOf(runId));
    if (run == m_currentRun)
        return;
    m_currentRun = run;
    update();
}

QString ScatterPlotView::currentRun() const
{
    return m_table.runIds.value(m_currentRun);
}

QRect ScatterPlotView::plotRect() const
{
    const QFontMetrics metrics = fontMetrics();
    const int left = metrics.height() + 8 + metrics.horizontalAdvance(QStringLiteral("-0.0000e+00"));
    const int bottom = 2 * metrics.height() + 14;
    return QRect(QPoint(left, 12), QPoint(width() - 20, height() - bottom));
}

QPointF ScatterPlotView::valueToPoint(double x, double y) const
{
    if (!std::isfinite(x) || !std::isfinite(y))
        return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    const QRect plot = plotRect();
    return {m_xScale.position(x, plot.left(), plot.right()), m_yScale.position(y, plot.bottom(), plot.top())};
}

QPointF ScatterPlotView::runPosition(int run) const
{
    return m_positions.value(
        run, QPointF(std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()));
}

int ScatterPlotView::runAt(const QPointF& pos) const
{
    if (!emptyMessage().isEmpty())
        return -1;
    // The nearest point within reach; a linear scan of 10,000 points is a few microseconds.
    int nearest = -1;
    double nearestDistance = kHitRadius * kHitRadius;
    for (int run = 0; run < m_positions.size(); ++run) {
        const QPointF d = m_positions[run] - pos;
        const double distance = d.x() * d.x() + d.y() * d.y();
        // Ties go to the later run, which is drawn on top.
        if (distance <= nearestDistance) {
            nearest = run;
            nearestDistance = distance;
        }
    }
    return nearest;
}

QString ScatterPlotView::toolTipText(int run) const
{
    if (run < 0 || run >= m_table.runCount() || m_xAxis < 0)
        return {};
    return m_table.runLabel(run) + QLatin1Char('\n') + m_table.axisKeys[m_xAxis] + QStringLiteral(": ") +
           PlotScale::valueLabel(m_table.value(m_xAxis, run)) + QLatin1Char('\n') +
           m_table.axisKeys[m_yAxis] + QStringLiteral(": ") +
           PlotScale::valueLabel(m_table.value(m_yAxis, run));
}

QString ScatterPlotView::emptyMessage() const
{
    const QString message = PlotStyle::emptyMessage(m_table, tr("a scatter plot"));
    if (!message.isEmpty())
        return message;
    if (m_missing == m_table.runCount())
        return tr("No run has both %1 and %2.").arg(m_table.axisKeys[m_xAxis], m_table.axisKeys[m_yAxis]);
    return {};
}

QSize ScatterPlotView::sizeHint() const
{
    return {640, 420};
}

QSize ScatterPlotView::minimumSizeHint() const
{
    return {260, 200};
}

void ScatterPlotView::updateScales()
{
    if (m_xAxis < 0) {
        m_positions.clear();
        m_missing = 0;
        update();
        return;
    }
    // Only the runs drawn (both values present) set the ranges.
    QVector<double> bothX;
    QVector<double> bothY;
    m_missing = 0;
    for (int run = 0; run < m_table.runCount(); ++run) {
        const double x = m_table.value(m_xAxis, run);
        const double y = m_table.value(m_yAxis, run);
        if (std::isfinite(x) && std::isfinite(y)) {
            bothX.append(x);
            bothY.append(y);
        } else {
            ++m_missing;
        }
    }
    m_xScale = PlotScale::rounded(PlotValueRange::ofValues(bothX), 6);
    m_yScale = PlotScale::rounded(PlotValueRange::ofValues(bothY), 6);
    projectPoints();
}

void ScatterPlotView::projectPoints()
{
    m_positions.resize(m_table.runCount());
    for (int run = 0; run < m_table.runCount(); ++run)
        m_positions[run] =
            m_xAxis < 0
                ? QPointF(std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN())
                : valueToPoint(m_table.value(m_xAxis, run), m_table.value(m_yAxis, run));
    update();
}

void ScatterPlotView::drawAxes(QPainter& painter) const
{
    const QRect plot = plotRect();
    const QFontMetrics metrics = fontMetrics();
    const QColor text = palette().color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(35);
    const QColor muted = PlotStyle::mutedText(palette());
    painter.setRenderHint(QPainter::Antialiasing, false);

    for (double tick : m_xScale.ticks()) {
        const int x = int(std::lround(valueToPoint(tick, m_yScale.min()).x()));
        painter.setPen(grid);
        painter.drawLine(x, plot.top(), x, plot.bottom());
        painter.setPen(text);
        painter.drawLine(x, plot.bottom(), x, plot.bottom() + 4);
        const QString label = m_xScale.tickLabel(tick);
        painter.setPen(muted);
        painter.drawText(PlotStyle::labelRect(metrics, x, plot.bottom() + 6, label, width()), Qt::AlignCenter,
                         label);
    }
    for (double tick : m_yScale.ticks()) {
        const int y = int(std::lround(valueToPoint(m_xScale.min(), tick).y()));
        painter.setPen(grid);
        painter.drawLine(plot.left(), y, plot.right(), y);
        painter.setPen(text);
        painter.drawLine(plot.left() - 4, y, plot.left(), y);
        painter.setPen(muted);
        const QString label = m_yScale.tickLabel(tick);
        painter.drawText(QRect(metrics.height() + 4, y - metrics.height() / 2,
                               plot.left() - metrics.height() - 10, metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter, label);
    }
    painter.setPen(text);
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawLine(plot.bottomLeft(), plot.topLeft());

    // Axis titles: x centred below the tick labels, y rotated along the left edge.
    painter.drawText(QRect(plot.left(), plot.bottom() + 8 + metrics.height(), plot.width(), metrics.height()),
                     Qt::AlignCenter, m_table.axisKeys[m_xAxis]);
    painter.save();
    painter.translate(2, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRect(-plot.height() / 2, 0, plot.height(), metrics.height()), Qt::AlignCenter,
                     m_table.axisKeys[m_yAxis]);
    painter.restore();

    if (m_missing > 0) {
        painter.setPen(muted);
        painter.drawText(plot.adjusted(4, 4, -4, -4), Qt::AlignTop | Qt::AlignRight,
                         tr("%n run(s) without both values", nullptr, m_missing));
    }
}

void ScatterPlotView::drawPoints(QPainter& painter) const
{
    const int runs = m_table.runCount();
    QVector<QPointF> faded;
    QVector<QPointF> selected;
    selected.reserve(runs);
    for (int run = 0; run < runs; ++run) {
        const QPointF& point = m_positions[run];
        if (std::isnan(point.x()))
            continue;
        (m_selected[run] ? selected : faded).append(point);
    }
    painter.setRenderHint(QPainter::Antialiasing, runs <= kAntialiasedPoints);
    QColor fadedColor = palette().color(QPalette::Text);
    fadedColor.setAlpha(45);
    QColor highlight = palette().color(QPalette::Highlight);
    highlight.setAlpha(runs > kAntialiasedPoints ? 150 : 210);
    // Round-capped wide points: one call per colour draws every dot of that colour.
    painter.setPen(QPen(fadedColor, 2 * kPointRadius, Qt::SolidLine, Qt::RoundCap));
    painter.drawPoints(faded.constData(), int(faded.size()));
    painter.setPen(QPen(highlight, 2 * kPointRadius, Qt::SolidLine, Qt::RoundCap));
    painter.drawPoints(selected.constData(), int(selected.size()));

    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setBrush(Qt::NoBrush);
    if (m_hoveredRun >= 0 && !std::isnan(m_positions[m_hoveredRun].x())) {
        painter.setPen(QPen(palette().color(QPalette::Text), 1.5));
        painter.drawEllipse(m_positions[m_hoveredRun], kPointRadius + 3, kPointRadius + 3);
    }
    if (m_currentRun >= 0 && !std::isnan(m_positions[m_currentRun].x())) {
        painter.setPen(QPen(PlotStyle::currentRunColor(), 2.5));
        painter.drawEllipse(m_positions[m_currentRun], kPointRadius + 4, kPointRadius + 4);
    }
}

void ScatterPlotView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    if (PlotStyle::paintBackground(painter, *this, emptyMessage()))
        return;
    drawAxes(painter);
    painter.setClipRect(plotRect().adjusted(-8, -8, 8, 8));
    drawPoints(painter);
}

void ScatterPlotView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    projectPoints();
}

void ScatterPlotView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        projectPoints(); // the font sets the plot's margins
}

void ScatterPlotView::setHoveredRun(int run, const QPoint& globalPos)
{
    if (run == m_hoveredRun)
        return;
    m_hoveredRun = run;
    if (run >= 0)
        QToolTip::showText(globalPos, toolTipText(run), this);
    else
        QToolTip::hideText();
    update();
}

void ScatterPlotView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_pressPos = event->position();
    m_pressedRun = runAt(event->position());
    event->accept();
}

void ScatterPlotView::mouseMoveEvent(QMouseEvent* event)
{
    setHoveredRun(runAt(event->position()), event->globalPosition().toPoint());
}

void ScatterPlotView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const int run = m_pressedRun;
    m_pressedRun = -1;
    const QPointF moved = event->position() - m_pressPos;
    if (run < 0 || std::abs(moved.x()) > kClickSlop || std::abs(moved.y()) > kClickSlop ||
        runAt(event->position()) != run)
        return;
    m_currentRun = run;
    update();
    emit runClicked(m_table.runIds[run]);
}

void ScatterPlotView::leaveEvent(QEvent* event)
{
    QWidget::leaveEvent(event);
    setHoveredRun(-1, {});
}
