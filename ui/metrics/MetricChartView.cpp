#include "metrics/MetricChartView.h"

#include "shell/UserPrompts.h"

#include <QAction>
#include <QBuffer>
#include <QContextMenuEvent>
#include <QFileInfo>
#include <QGraphicsLineItem>
#include <QImage>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTimer>

#include <cmath>
#include <limits>

MetricChartView::MetricChartView(QChart* chart, QWidget* parent)
    : QChartView(chart, parent), m_crosshairX(std::numeric_limits<double>::quiet_NaN())
{
    setRubberBand(QChartView::HorizontalRubberBand);
    setRenderHint(QPainter::Antialiasing, true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumHeight(240);
    viewport()->setMouseTracking(true); // the crosshair follows the pointer without a button held

    m_crosshairLine = new QGraphicsLineItem;
    m_crosshairLine->setZValue(1000); // above every series
    m_crosshairLine->setAcceptedMouseButtons(Qt::NoButton);
    m_crosshairLine->setAcceptHoverEvents(false);
    m_crosshairLine->hide();
    scene()->addItem(m_crosshairLine);

    m_crosshairBox = new QLabel(viewport());
    m_crosshairBox->setObjectName(QStringLiteral("crosshairBox"));
    m_crosshairBox->setAccessibleName(tr("Values at the pointer"));
    m_crosshairBox->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_crosshairBox->setTextFormat(Qt::RichText);
    m_crosshairBox->setAutoFillBackground(true);
    m_crosshairBox->setFrameShape(QFrame::StyledPanel);
    m_crosshairBox->setMargin(4);
    m_crosshairBox->hide();

    m_exportAction = new QAction(tr("Export image…"), this);
    m_exportAction->setObjectName(QStringLiteral("exportChartImage"));
    m_exportAction->setToolTip(tr("Save this chart as a PNG or SVG image"));
    connect(m_exportAction, &QAction::triggered, this, &MetricChartView::askAndExport);
}

int MetricChartView::plotWidth() const
{
    const QChart* c = chart();
    const int width = c ? int(c->plotArea().width()) : 0;
    // Before the first layout the plot area is empty; the view's width is a close upper bound.
    return std::max(1, width > 0 ? width : this->width() - 80);
}

void MetricChartView::setCrosshairText(const QString& text)
{
    if (text.isEmpty() || !m_crosshairLine->isVisible()) {
        m_crosshairBox->hide();
        return;
    }
    m_crosshairBox->setText(text);
    m_crosshairBox->adjustSize();
    // Beside the pointer, on the side with room, kept inside the viewport.
    const QSize box = m_crosshairBox->size();
    const QRect area = viewport()->rect();
    int x = int(m_crosshairPos.x()) + 14;
    if (x + box.width() > area.right())
        x = int(m_crosshairPos.x()) - 14 - box.width();
    int y = int(m_crosshairPos.y()) - box.height() / 2;
    x = std::clamp(x, 0, std::max(0, area.width() - box.width()));
    y = std::clamp(y, 0, std::max(0, area.height() - box.height()));
    m_crosshairBox->move(x, y);
    m_crosshairBox->show();
    m_crosshairBox->raise();
}

QString MetricChartView::crosshairText() const
{
    return m_crosshairBox->isVisible() ? m_crosshairBox->text() : QString();
}

bool MetricChartView::isCrosshairVisible() const
{
    return m_crosshairLine->isVisible();
}

void MetricChartView::updateCrosshair(const QPointF& viewportPos)
{
    QChart* c = chart();
    if (!c || c->series().isEmpty()) {
        hideCrosshair();
        return;
    }
    const QPointF inChart = c->mapFromScene(mapToScene(viewportPos.toPoint()));
    const QRectF plot = c->plotArea();
    if (!plot.contains(inChart)) {
        hideCrosshair();
        return;
    }
    const QPointF top = c->mapToScene(QPointF(inChart.x(), plot.top()));
    const QPointF bottom = c->mapToScene(QPointF(inChart.x(), plot.bottom()));
    QPen pen(palette().color(QPalette::WindowText));
    pen.setWidthF(1.0);
    pen.setStyle(Qt::DashLine);
    pen.setCosmetic(true);
    m_crosshairLine->setPen(pen);
    m_crosshairLine->setLine(QLineF(top, bottom));
    m_crosshairLine->show();
    m_crosshairPos = viewportPos;
    m_crosshairX = c->mapToValue(inChart).x();
    emit crosshairMoved(m_crosshairX);
}

void MetricChartView::hideCrosshair()
{
    const bool wasShown = m_crosshairLine->isVisible();
    m_crosshairLine->hide();
    m_crosshairBox->hide();
    m_crosshairX = std::numeric_limits<double>::quiet_NaN();
    if (wasShown)
        emit crosshairLeft();
}

namespace {

constexpr int kLegendSwatch = 22;
constexpr int kLegendGap = 14;
constexpr int kLegendMargin = 8;

} // namespace

int MetricChartView::legendLayout(int width, QVector<QRectF>* rects) const
{
    if (m_exportLegend.size() < 2)
        return 0; // one line: the chart's title says what it is
    const QFontMetricsF metrics(font());
    const qreal rowHeight = metrics.height() + 4;
    qreal x = kLegendMargin;
    qreal y = kLegendMargin;
    for (const MetricChartLegend::Entry& entry : m_exportLegend) {
        const qreal w = std::min<qreal>(kLegendSwatch + 6 + metrics.horizontalAdvance(entry.text), width - 2 * kLegendMargin);
        if (x > kLegendMargin && x + w > width - kLegendMargin) {
            x = kLegendMargin;
            y += rowHeight;
        }
        rects->append(QRectF(x, y, w, rowHeight));
        x += w + kLegendGap;
    }
    return int(std::ceil(y + rowHeight + kLegendMargin));
}

void MetricChartView::paintExport(QPainter& painter, const QSize& size)
{
    const QRect source = viewport()->rect();
    painter.setRenderHint(QPainter::Antialiasing, true);
    render(&painter, QRectF(QPointF(0, 0), QSizeF(source.size())), source);
    QVector<QRectF> rects;
    legendLayout(size.width(), &rects);
    painter.translate(0, source.height());
    painter.setFont(font());
    const QColor text = chart() ? chart()->titleBrush().color() : palette().color(QPalette::WindowText);
    for (int i = 0; i < rects.size(); ++i) {
        const MetricChartLegend::Entry& entry = m_exportLegend[i];
        const QRectF& r = rects[i];
        QPen pen(entry.color);
        pen.setWidthF(3);
        pen.setStyle(entry.style);
        painter.setPen(pen);
        painter.drawLine(QPointF(r.left() + 1, r.center().y()), QPointF(r.left() + kLegendSwatch - 1, r.center().y()));
        painter.setPen(text);
        const QRectF label = r.adjusted(kLegendSwatch + 6, 0, 0, 0);
        painter.drawText(label, Qt::AlignVCenter | Qt::AlignLeft,
                         QFontMetricsF(font()).elidedText(entry.text, Qt::ElideMiddle, label.width()));
    }
}

bool MetricChartView::exportImage(const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg")) {
        if (error)
            *error = tr("cannot export the chart to %1: the file name must end in .png or .svg").arg(path);
        return false;
    }
    // The picture is the chart alone: no crosshair, no rubber band.
    const bool crosshair = m_crosshairLine->isVisible();
    m_crosshairLine->hide();
    QVector<QRectF> unused;
    const QSize size(viewport()->width(), viewport()->height() + legendLayout(viewport()->width(), &unused));
    const QColor background = chart() ? chart()->backgroundBrush().color() : palette().color(QPalette::Base);
    QByteArray bytes;
    bool encoded = true;
    if (suffix == QLatin1String("png")) {
        constexpr int kScale = 2;
        QImage image(size * kScale, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(kScale);
        image.fill(background);
        {
            QPainter painter(&image);
            paintExport(painter, size);
        }
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        encoded = image.save(&buffer, "PNG");
    } else {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setTitle(chart() ? chart()->title() : QString());
        generator.setDescription(tr("A chart exported from Trainyard"));
        QPainter painter(&generator);
        painter.fillRect(QRect(QPoint(0, 0), size), background);
        paintExport(painter, size);
    }
    m_crosshairLine->setVisible(crosshair);
    if (!encoded) {
        if (error)
            *error = tr("cannot export the chart to %1: the PNG could not be encoded").arg(path);
        return false;
    }

    // Written whole or not at all: an existing file is replaced only once the new one is complete.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = tr("cannot write the chart image %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void MetricChartView::askAndExport()
{
    const QString title = chart() ? chart()->title() : QString();
    QString suggested = title.isEmpty() ? QStringLiteral("chart") : title;
    suggested.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    const QString path = UserPrompts::saveFileName(this, tr("Export chart image"), suggested + QStringLiteral(".png"),
                                                   tr("PNG image (*.png);;SVG image (*.svg)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportImage(path, &error))
        UserPrompts::warning(this, tr("Export image"), error);
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
    // The right button opens the menu; QChartView would zoom out on its release.
    if (event->button() == Qt::RightButton) {
        event->accept();
        return;
    }
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
    updateCrosshair(event->position());
}

void MetricChartView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::RightButton) {
        event->accept();
        return;
    }
    if (m_panning) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void MetricChartView::leaveEvent(QEvent* event)
{
    QChartView::leaveEvent(event);
    hideCrosshair();
}

void MetricChartView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(m_exportAction);
    menu.exec(event->globalPos());
    event->accept();
}

void MetricChartView::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    hideCrosshair(); // the plot area moves under it
    // The chart lays out its plot area after the resize is processed.
    QTimer::singleShot(0, this, [this] {
        const int width = plotWidth();
        if (width != m_lastPlotWidth) {
            m_lastPlotWidth = width;
            emit plotWidthChanged(width);
        }
    });
}
