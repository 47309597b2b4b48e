#pragma once
// EmbeddingCache: pooled item embeddings kept in memory across calls of one
// process (ranking, suggestions, neighbours), keyed by (model key, item rowid).
//
// The model key (modelKey) names exactly what produced the embedding, so an
// entry can never be served for another model:
//   - "enc:<spec>:<maxLength>" for head-only runs (frozen encoder,
//     ClassifierConfig::encoderState "base") on an encoder that does not live in
//     a project ("use-lite", a model folder), so every such run shares one set
//     of encoder embeddings, across projects too;
//   - otherwise "<project file device:inode>|sha:<SHA-256 of the run's stored
//     classifier artefact>:<maxLength>": run ids are reused after a run is
//     deleted, artefact hashes are not, and a tuned or project-built encoder
//     ("scratch", "pretrained:<n>", "run:<id>") is covered by the classifier's
//     own hash.
// Each entry also remembers a hash of the item's encoder text (itemText), so an
// item edited in place is re-embedded, never served stale.
// Memory is bounded: at most capacityBytes() of embeddings are kept (least
// recently used evicted first; default 64 MiB, about 24,000 512-wide rows: a
// working set for re-scoring and explanations, not a copy of a 1,000,000-item
// catalogue, whose scoring streams through it).
// get() always returns every row asked for, whatever was evicted. Thread-safe.
#include <cstdint>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "common/progress.h"
#include "io/records.h"
#include "store/projectstore.h"
#include "train/classifier.h"

namespace debut {

class EmbeddingCache {
public:
    static EmbeddingCache &instance();
    // The key of run `runId`'s model (see above). Throws Error when a run that
    // needs its artefact's hash has no stored classifier.
    static std::string modelKey(ProjectStore &store, const ClassifierImpl &model, std::int64_t runId);

    // [N, D] CPU float embeddings of `items` (rowids[i] names items[i]) under
    // `modelKey`; the missing ones are computed with model.embedItems in batches
    // and kept. `reused` (optional) receives how many came from the cache.
    torch::Tensor get(const std::string &modelKey, ClassifierImpl &model, const std::vector<std::int64_t> &rowids,
                      const std::vector<ItemRecord> &items, const Progress &progress = {},
                      std::int64_t *reused = nullptr);
    void invalidate(std::int64_t rowid);   // all model keys
    void clear();
    std::size_t size() const;                   // entries
    std::size_t bytes() const;                  // embedding bytes held
    void setCapacityBytes(std::size_t bytes);   // evicts down to it at once
    std::size_t capacityBytes() const;

private:
    using Key = std::pair<std::string, std::int64_t>;
    struct Entry {
        std::size_t textHash = 0;
        torch::Tensor embedding;   // [D]
        std::size_t bytes = 0;
        std::list<Key>::iterator lru;
    };
    void evictLocked();
    mutable std::mutex m_mutex;
    std::map<Key, Entry> m_cache;
    std::list<Key> m_lru;   // front = most recently used
    std::size_t m_bytes = 0;
    std::size_t m_capacity = std::size_t(64) << 20;
};

}   // namespace debut
