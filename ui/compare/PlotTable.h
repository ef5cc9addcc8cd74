// The numbers the compare page's plots draw: one row of values per axis (a RunColumn key such as
// `params.lr` or `metrics.loss.min`), one column per run. The compare page builds it off the GUI thread;
// the plot widgets only project and paint it.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <algorithm>
#include <cmath>
#include <limits>

struct PlotTable {
    QStringList runIds;
    QStringList runLabels;
    QStringList axisKeys;            // RunColumn keys
    QVector<QVector<double>> values; // [axis][run], NaN = missing

    int runCount() const { return int(runIds.size()); }
    int axisCount() const { return int(axisKeys.size()); }
    // NaN for an axis or run outside the table, as for a missing value.
    double value(int axis, int run) const
    {
        if (axis < 0 || axis >= values.size() || run < 0 || run >= values[axis].size())
            return std::numeric_limits<double>::quiet_NaN();
        return values[axis][run];
    }
    QString runLabel(int run) const
    {
        return run < runLabels.size() && !runLabels[run].isEmpty() ? runLabels[run] : runIds.value(run);
    }
};

// The smallest and largest finite value of an axis; `valid` false when it has none.
struct PlotValueRange {
    double min = 0;
    double max = 0;
    bool valid = false;

    bool contains(double value) const { return valid && value >= min && value <= max; }
    double span() const { return max - min; }

    static PlotValueRange ofValues(const QVector<double>& values)
    {
        PlotValueRange range;
        for (double value : values) {
            if (!std::isfinite(value))
                continue;
            if (!range.valid) {
                range.min = range.max = value;
                range.valid = true;
            } else {
                range.min = std::min(range.min, value);
                range.max = std::max(range.max, value);
            }
        }
        return range;
    }
    // Both ends in ascending order, whichever way round they were given.
    static PlotValueRange between(double a, double b)
    {
        PlotValueRange range;
        range.min = std::min(a, b);
        range.max = std::max(a, b);
        range.valid = std::isfinite(a) && std::isfinite(b);
        return range;
    }
};
