#include "metrics/MetricChartLegend.h"

#include <QPainter>
#include <QPixmap>
#include <QResizeEvent>

namespace {

constexpr int kSwatchWidth = 22;
constexpr int kSpacing = 6;

QIcon swatch(const QColor& color, Qt::PenStyle style, qreal dpr)
{
    QPixmap pixmap(QSize(kSwatchWidth, 12) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing, true);
    QPen pen(color);
    pen.setWidthF(3);
    pen.setStyle(style);
    painter.setPen(pen);
    painter.drawLine(QPointF(1, 6), QPointF(kSwatchWidth - 1, 6));
    return QIcon(pixmap);
}

} // namespace

MetricChartLegend::MetricChartLegend(QWidget* parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("chartLegend"));
    setViewMode(QListView::ListMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setSpacing(kSpacing / 2);
    setIconSize(QSize(kSwatchWidth, 12));
    setSelectionMode(QAbstractItemView::NoSelection);
    setFocusPolicy(Qt::NoFocus);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setTextElideMode(Qt::ElideMiddle);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    viewport()->setAutoFillBackground(false);
    setStyleSheet(QStringLiteral("QListWidget { background: transparent; }"));
}

void MetricChartLegend::setEntries(const QVector<Entry>& entries)
{
    clear();
    const QFontMetrics metrics(font());
    for (const Entry& entry : entries) {
        auto* item = new QListWidgetItem(swatch(entry.color, entry.style, devicePixelRatioF()), entry.text, this);
        item->setToolTip(entry.text);
        item->setData(Qt::AccessibleTextRole, entry.text);
        const int width = std::min(kMaxEntryWidth, kSwatchWidth + 8 + metrics.horizontalAdvance(entry.text) + 4);
        item->setSizeHint(QSize(width, rowHeight()));
    }
    fitHeight();
}

QStringList MetricChartLegend::names() const
{
    QStringList out;
    for (int i = 0; i < count(); ++i)
        out.append(item(i)->toolTip());
    return out;
}

int MetricChartLegend::rowHeight() const
{
    return std::max(QFontMetrics(font()).height(), 12) + 4;
}

// The rows a wrapping left-to-right flow of the entries takes at this viewport width.
int MetricChartLegend::rowsFor(int width) const
{
    if (count() == 0)
        return 0;
    const int available = std::max(1, width);
    int rows = 1;
    int used = 0;
    for (int i = 0; i < count(); ++i) {
        const int w = item(i)->sizeHint().width() + 2 * spacing();
        if (used > 0 && used + w > available) {
            ++rows;
            used = 0;
        }
        used += w;
    }
    return rows;
}

void MetricChartLegend::fitHeight()
{
    const int rows = rowsFor(viewport()->width());
    const int shown = std::min(rows, kMaxVisibleRows);
    const int height = shown == 0 ? 0 : shown * (rowHeight() + 2 * spacing()) + 2 * frameWidth() + 2;
    if (height != this->height())
        setFixedHeight(height);
    setVisible(rows > 0);
}

QSize MetricChartLegend::sizeHint() const
{
    const int rows = std::min(rowsFor(viewport()->width()), kMaxVisibleRows);
    return QSize(QListWidget::sizeHint().width(), rows * (rowHeight() + 2 * spacing()) + 2 * frameWidth() + 2);
}

QSize MetricChartLegend::minimumSizeHint() const
{
    return QSize(0, sizeHint().height());
}

void MetricChartLegend::resizeEvent(QResizeEvent* event)
{
    QListWidget::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        fitHeight();
}
