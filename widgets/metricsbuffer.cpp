#include "metricsbuffer.h"

namespace debut {

void MetricsBuffer::clear()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_epochs.clear();
    m_batch.clear();
}

void MetricsBuffer::appendEpoch(const EpochMetrics &m)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_epochs.push_back(m);
}

void MetricsBuffer::appendBatchLoss(double step, double loss)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_batch.push_back(QPointF(step, loss));
}

bool MetricsBuffer::takeNew(std::vector<EpochMetrics> &epochs, QVector<QPointF> &batchLoss)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_epochs.empty() && m_batch.isEmpty())
        return false;
    epochs.swap(m_epochs);
    m_epochs.clear();
    batchLoss.swap(m_batch);
    m_batch.clear();
    return true;
}

}   // namespace debut
