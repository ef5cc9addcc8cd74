// What the compare page's plots (parallel coordinates, scatter) draw alike: the background and the message
// in place of a plot without data, the colour of the current run, muted text for secondary labels, and text
// labels centred on a point but kept inside the widget.
#pragma once

#include "compare/PlotTable.h"

#include <QColor>
#include <QRect>
#include <QString>

class QFontMetrics;
class QPainter;
class QPalette;
class QWidget;

class PlotStyle
{
public:
    // The run the compare page has as its current row, drawn on top of the others.
    static QColor currentRunColor();
    // The text colour, see-through: tick and range labels, the "missing" band, notes in the plot.
    static QColor mutedText(const QPalette& palette);

    // Why `table` cannot be drawn as `plotName` ("parallel coordinates"): fewer than two columns or no runs;
    // empty when it can.
    static QString emptyMessage(const PlotTable& table, const QString& plotName);
    // Fills `widget` with the palette's base colour and, when `emptyMessage` is not empty, draws it in the
    // middle instead of a plot. True when the message was drawn (nothing else is to be painted).
    static bool paintBackground(QPainter& painter, const QWidget& widget, const QString& emptyMessage);

    // A one-line rectangle for `text` centred on `centreX`, moved inwards when it would leave [0, width).
    static QRect labelRect(const QFontMetrics& metrics, int centreX, int top, const QString& text, int width);
};
