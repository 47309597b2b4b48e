#include "rank/embeddingcache.h"

#include <functional>

namespace debut {

EmbeddingCache &EmbeddingCache::instance()
{
    static EmbeddingCache cache;
    return cache;
}

std::string EmbeddingCache::modelKey(const ClassifierImpl &model, std::int64_t runId)
{
    const auto &cfg = model.config();
    if (cfg.encoderState == "base")
        return "enc:" + cfg.encoderSpec + ":" + std::to_string(cfg.maxLength);
    return "run:" + std::to_string(runId);
}

torch::Tensor EmbeddingCache::get(ClassifierImpl &model, std::int64_t runId, const std::vector<std::int64_t> &rowids,
                                  const std::vector<ItemRecord> &items, const Progress &progress,
                                  std::int64_t *reused)
{
    const std::string key = modelKey(model, runId);
    const std::int64_t n = std::int64_t(items.size());
    std::vector<torch::Tensor> rows(items.size());
    std::vector<std::size_t> missing, hashes(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        hashes[i] = std::hash<std::string>()(itemText(items[i]));
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (std::size_t i = 0; i < items.size(); ++i) {
            auto it = m_cache.find({key, rowids.at(i)});
            if (it != m_cache.end() && it->second.textHash == hashes[i])
                rows[i] = it->second.embedding;
            else
                missing.push_back(i);
        }
    }
    if (reused)
        *reused = n - std::int64_t(missing.size());
    constexpr std::size_t chunk = 256;
    for (std::size_t start = 0; start < missing.size(); start += chunk) {
        const std::size_t end = std::min(missing.size(), start + chunk);
        std::vector<ItemRecord> batch;
        for (std::size_t k = start; k < end; ++k)
            batch.push_back(items[missing[k]]);
        const torch::Tensor emb = model.embedItems(batch).to(torch::kCPU, torch::kFloat);
        std::lock_guard<std::mutex> lock(m_mutex);
        for (std::size_t k = start; k < end; ++k) {
            torch::Tensor row = emb[std::int64_t(k - start)].clone();
            rows[missing[k]] = row;
            m_cache[{key, rowids[missing[k]]}] = Entry{hashes[missing[k]], row};
        }
        reportOrCancel(progress, "embed", std::int64_t(end), std::int64_t(missing.size()));
    }
    if (rows.empty())
        return torch::zeros({0, model.config().encoderDim > 0 ? model.config().encoderDim : 1});
    return torch::stack(rows);
}

void EmbeddingCache::invalidate(std::int64_t rowid)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto it = m_cache.begin(); it != m_cache.end();)
        it = it->first.second == rowid ? m_cache.erase(it) : std::next(it);
}

void EmbeddingCache::clear()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_cache.clear();
}

std::size_t EmbeddingCache::size() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_cache.size();
}

} // namespace debut
