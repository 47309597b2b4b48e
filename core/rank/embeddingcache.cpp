#include "rank/embeddingcache.h"

#include <functional>

#include <sys/stat.h>

#include "common/error.h"
#include "store/runstore.h"

namespace debut {

namespace {

// Encoders built from files outside any project: their embeddings depend only on
// the spec, so head-only runs of every project may share them.
bool projectIndependent(const std::string &spec) { return spec == "use-lite" || spec.find('/') != std::string::npos; }

// The project file as a file (device:inode), so two spellings of one path agree
// and two projects with the same run ids and rowids never do.
std::string projectIdentity(const std::string &path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return "path:" + path;
    return std::to_string(std::uint64_t(st.st_dev)) + ":" + std::to_string(std::uint64_t(st.st_ino));
}

}   // namespace

EmbeddingCache &EmbeddingCache::instance()
{
    static EmbeddingCache cache;
    return cache;
}

std::string EmbeddingCache::modelKey(ProjectStore &store, const ClassifierImpl &model, std::int64_t runId)
{
    const auto &cfg = model.config();
    if (cfg.encoderState == "base" && projectIndependent(cfg.encoderSpec))
        return "enc:" + cfg.encoderSpec + ":" + std::to_string(cfg.maxLength);
    const auto a = RunStore(store.db()).findArtefact(runId, "classifier");
    if (!a)
        throw Error(store.path() + ": run " + std::to_string(runId) + " has no trained model");
    return projectIdentity(store.path()) + "|sha:" + a->sha256 + ":" + std::to_string(cfg.maxLength);
}

torch::Tensor EmbeddingCache::get(const std::string &key, ClassifierImpl &model,
                                  const std::vector<std::int64_t> &rowids, const std::vector<ItemRecord> &items,
                                  const Progress &progress, std::int64_t *reused)
{
    const std::int64_t n = std::int64_t(items.size());
    std::vector<torch::Tensor> rows(items.size());
    std::vector<std::size_t> missing, hashes(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        hashes[i] = std::hash<std::string>()(itemText(items[i]));
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (std::size_t i = 0; i < items.size(); ++i) {
            auto it = m_cache.find({key, rowids.at(i)});
            if (it != m_cache.end() && it->second.textHash == hashes[i]) {
                rows[i] = it->second.embedding;
                m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
            } else {
                missing.push_back(i);
            }
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
            const Key id{key, rowids[missing[k]]};
            auto old = m_cache.find(id);
            if (old != m_cache.end()) {
                m_bytes -= old->second.bytes;
                m_lru.erase(old->second.lru);
                m_cache.erase(old);
            }
            // The row, the key twice (map and LRU list) and the tensor's and nodes' own
            // allocations: what an entry really costs, so the cap bounds the RSS.
            const std::size_t bytes = std::size_t(row.numel()) * sizeof(float) + 2 * key.size() + 640;
            m_lru.push_front(id);
            m_cache[id] = Entry{hashes[missing[k]], row, bytes, m_lru.begin()};
            m_bytes += bytes;
        }
        evictLocked();
        reportOrCancel(progress, "embed", std::int64_t(end), std::int64_t(missing.size()));
    }
    if (rows.empty())
        return torch::zeros({0, model.config().encoderDim > 0 ? model.config().encoderDim : 1});
    return torch::stack(rows);
}

void EmbeddingCache::evictLocked()
{
    while (m_bytes > m_capacity && !m_lru.empty()) {
        auto it = m_cache.find(m_lru.back());
        m_lru.pop_back();
        if (it != m_cache.end()) {
            m_bytes -= it->second.bytes;
            m_cache.erase(it);
        }
    }
}

void EmbeddingCache::invalidate(std::int64_t rowid)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (it->first.second == rowid) {
            m_bytes -= it->second.bytes;
            m_lru.erase(it->second.lru);
            it = m_cache.erase(it);
        } else {
            ++it;
        }
    }
}

void EmbeddingCache::clear()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_cache.clear();
    m_lru.clear();
    m_bytes = 0;
}

std::size_t EmbeddingCache::size() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_cache.size();
}

std::size_t EmbeddingCache::bytes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_bytes;
}

void EmbeddingCache::setCapacityBytes(std::size_t bytes)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_capacity = bytes;
    evictLocked();
}

std::size_t EmbeddingCache::capacityBytes() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_capacity;
}

}   // namespace debut
