// How many ranks a run has and how they are started: the estimator's distributed_training, node_count,
// process_count_per_node and metrics_from_all_ranks, as every part of a run's life needs them (the
// launch, the rank files, the metrics, the logs). Ranks are placed node after node: rank r runs on node
// r / processesPerNode as local rank r % processesPerNode.
#pragma once

#include "estimator/Estimator.h"

#include <QString>

struct DistributedLayout {
    QString mode = QStringLiteral("none"); // none | mpi | pytorch
    int nodeCount = 1;
    int processesPerNode = 1;
    bool metricsFromAllRanks = false;

    bool isDistributed() const { return mode == QLatin1String("mpi") || mode == QLatin1String("pytorch"); }
    // 1 for a run that is not distributed.
    int worldSize() const { return isDistributed() ? nodeCount * processesPerNode : 1; }

    static DistributedLayout of(const Estimator& estimator)
    {
        return {estimator.distributedTraining, estimator.nodeCount, estimator.processCountPerNode,
                estimator.metricsFromAllRanks};
    }
};
