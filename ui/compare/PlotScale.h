// A linear value scale for a plot axis: the range drawn, tick values at 1, 2 or 5 times a power of ten, and
// the fraction of the axis a value sits at. Shared by the parallel coordinates and the scatter plot.
#pragma once

#include "compare/PlotTable.h"

#include <QString>
#include <QVector>

class PlotScale
{
public:
    PlotScale() = default;

    // The range exactly as given (the parallel-coordinates axes end at the data's min and max), with ticks
    // inside it. A range of a single value, or none, is widened so that the value sits in the middle.
    static PlotScale exact(PlotValueRange range, int targetTicks);
    // The range widened by 3% (never across zero) and then outwards to the nearest ticks (the scatter plot's
    // axes).
    static PlotScale rounded(PlotValueRange range, int targetTicks);

    double min() const { return m_min; }
    double max() const { return m_max; }
    const QVector<double>& ticks() const { return m_ticks; }
    // 0 at min, 1 at max; outside [0, 1] for values outside the range.
    double fraction(double value) const { return (value - m_min) / (m_max - m_min); }
    // The ends exactly at 0 and 1, so that a brush dragged to an axis's end includes the value drawn there.
    double valueAt(double fraction) const
    {
        return fraction <= 0 ? m_min : fraction >= 1 ? m_max : m_min + fraction * (m_max - m_min);
    }
    // The same along an axis drawn in pixels from `atMin` (where min is drawn) to `atMax`, either way round
    // (a vertical axis has its min at the bottom, the larger y).
    double position(double value, double atMin, double atMax) const
    {
        return atMin + fraction(value) * (atMax - atMin);
    }
    double valueAtPosition(double position, double atMin, double atMax) const
    {
        return valueAt((position - atMin) / (atMax - atMin));
    }

    // A tick label with as many decimals as the tick step needs ("0.25", "1e+06").
    QString tickLabel(double value) const;
    // A data value for a label or tooltip: four significant digits.
    static QString valueLabel(double value);

private:
    static double niceStep(double span, int targetTicks);
    void placeTicks(int targetTicks);

    double m_min = 0;
    double m_max = 1;
    double m_step = 0.25;
    QVector<double> m_ticks;
};
