// The names under which a run's system samples are stored: `system/<node>/<series>`, e.g.
// `system/gpu-a/cpu_percent` or `system/gpu-a/gpu0/power_w`. The node is the short host name that the sampler
// (resources/job/trainyard_sample.py) names its file after: letters, digits, '-' and '_'.
#pragma once

#include <QString>

#include <optional>

class SystemMetricName
{
public:
    QString node;
    QString series; // after the node: "cpu_percent", "gpu0/utilization_percent"

    static bool isValidNode(const QString& node);
    static QString of(const QString& node, const QString& series);
    // The node and series of a system metric's name; nullopt for any other metric.
    static std::optional<SystemMetricName> parse(const QString& metricName);
};
