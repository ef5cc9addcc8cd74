#include "compare/PlotStyle.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QPalette>
#include <QWidget>

#include <algorithm>

QColor PlotStyle::currentRunColor()
{
    return QColor(0xff, 0x7f, 0x0e);
}

QColor PlotStyle::mutedText(const QPalette& palette)
{
    QColor muted = palette.color(QPalette::Text);
    muted.setAlpha(155);
    return muted;
}

QString PlotStyle::emptyMessage(const PlotTable& table, const QString& plotName)
{
    if (table.axisCount() < 2)
        return QCoreApplication::translate("PlotStyle", "Choose at least two columns to draw %1.").arg(plotName);
    if (table.runCount() == 0)
        return QCoreApplication::translate("PlotStyle", "No runs to draw.");
    return {};
}

bool PlotStyle::paintBackground(QPainter& painter, const QWidget& widget, const QString& emptyMessage)
{
    painter.fillRect(widget.rect(), widget.palette().color(QPalette::Base));
    if (emptyMessage.isEmpty())
        return false;
    painter.setPen(widget.palette().color(QPalette::PlaceholderText));
    painter.drawText(widget.rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, emptyMessage);
    return true;
}

QRect PlotStyle::labelRect(const QFontMetrics& metrics, int centreX, int top, const QString& text, int width)
{
    const int labelWidth = metrics.horizontalAdvance(text) + 2;
    const int left = std::clamp(centreX - labelWidth / 2, 0, std::max(0, width - labelWidth));
    return QRect(left, top, labelWidth, metrics.height());
}
