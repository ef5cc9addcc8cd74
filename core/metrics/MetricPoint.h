// The value types of a run's metrics: one point of a series and a short summary of a whole series.
// Shared by the writer (MetricStore) and the readers (MetricReader, charts, CLI listings).
#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

struct MetricPoint
{
    qint64 step = 0;
    double value = 0;
    double time = 0; // unix seconds
};

struct MetricSeriesSummary
{
    QString name;
    qint64 count = 0;
    MetricPoint last;
    // The lowest and highest finite value; NaN and infinities are left out, and a series without a finite
    // value has neither.
    std::optional<double> min;
    std::optional<double> max;
};
