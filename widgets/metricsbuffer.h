#pragma once
// MetricsBuffer: the hand-over point between a training job and the live
// charts (PlotJuggler style). The worker appends under a mutex as results come
// (one EpochMetrics per epoch, one loss point per batch); the GUI takes what is
// new from a ~40 ms coalescing timer and redraws once per tick, however fast
// the producer is. Thread-safe; no signals, no event-loop work per point.
#include <QPointF>
#include <QVector>

#include <mutex>
#include <vector>

#include "eval/epochmetrics.h"

namespace debut {

class MetricsBuffer {
public:
    void clear();
    void appendEpoch(const EpochMetrics &m);
    // step: global batch index (x), loss: training loss of that batch.
    void appendBatchLoss(double step, double loss);

    // What arrived since the last take; returns false when nothing did.
    bool takeNew(std::vector<EpochMetrics> &epochs, QVector<QPointF> &batchLoss);

private:
    std::mutex m_mutex;
    std::vector<EpochMetrics> m_epochs;
    QVector<QPointF> m_batch;
};

}   // namespace debut
