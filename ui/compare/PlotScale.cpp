#include "compare/PlotScale.h"

#include <cmath>

namespace {

// A range of one value (or none) gets some room around it, so that mapping never divides by zero.
PlotValueRange widened(PlotValueRange range)
{
    if (!range.valid)
        return PlotValueRange::between(0, 1);
    if (range.max > range.min)
        return range;
    const double pad = range.min == 0 ? 1 : std::abs(range.min) * 0.1;
    return PlotValueRange::between(range.min - pad, range.max + pad);
}

} // namespace

double PlotScale::niceStep(double span, int targetTicks)
{
    const double raw = span / std::max(1, targetTicks - 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double fraction = raw / magnitude;
    const double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * magnitude;
}

void PlotScale::placeTicks(int targetTicks)
{
    m_ticks.clear();
    m_step = niceStep(m_max - m_min, targetTicks);
    // A little tolerance, so that a tick on an end computed with rounding error still counts.
    const double tolerance = m_step * 1e-9;
    const double first = std::ceil((m_min - tolerance) / m_step);
    // Each tick from its index, so that rounding errors do not add up along the axis.
    for (int i = 0; i <= 100; ++i) {
        const double tick = (first + i) * m_step;
        if (tick > m_max + tolerance)
            break;
        m_ticks.append(std::abs(tick) < tolerance ? 0.0 : tick);
    }
}

PlotScale PlotScale::exact(PlotValueRange range, int targetTicks)
{
    range = widened(range);
    PlotScale scale;
    scale.m_min = range.min;
    scale.m_max = range.max;
    scale.placeTicks(targetTicks);
    return scale;
}

PlotScale PlotScale::rounded(PlotValueRange range, int targetTicks)
{
    range = widened(range);
    // A little room first, so that the outermost points never sit on the axis lines.
    // Never across zero, though: an axis of non-negative values starts at 0 at the lowest, not below it.
    const double pad = range.span() * 0.03;
    const double low = range.min >= 0 ? std::max(0.0, range.min - pad) : range.min - pad;
    const double high = range.max <= 0 ? std::min(0.0, range.max + pad) : range.max + pad;
    range = PlotValueRange::between(low, high);
    const double step = niceStep(range.span(), targetTicks);
    PlotScale scale;
    scale.m_min = std::floor(range.min / step) * step;
    scale.m_max = std::ceil(range.max / step) * step;
    if (scale.m_max <= scale.m_min)
        scale.m_max = scale.m_min + step;
    scale.placeTicks(targetTicks);
    return scale;
}

QString PlotScale::tickLabel(double value) const
{
    const double largest = std::max(std::abs(m_min), std::abs(m_max));
    if (largest >= 1e6 || m_step < 1e-4)
        return QString::number(value, 'g', 4);
    const int decimals = std::max(0, int(-std::floor(std::log10(m_step) + 1e-9)));
    return QString::number(value, 'f', decimals);
}

QString PlotScale::valueLabel(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    return QString::number(value, 'g', 4);
}
