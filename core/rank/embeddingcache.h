#pragma once
// EmbeddingCache: pooled item embeddings kept in memory across calls of one
// process (ranking, suggestions, neighbours), keyed by (model key, item rowid).
//
// The model key names what produced the embedding: "run:<id>" for runs whose
// encoder was tuned, and "enc:<spec>:<maxLength>" for head-only runs (frozen
// encoder, ClassifierConfig::encoderState == "base"), so every head-only run on
// the same encoder reuses one set of encoder embeddings. Each entry remembers a
// hash of the item's encoder text (itemText), so an item edited in place is
// re-embedded, never served stale. Thread-safe.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "common/progress.h"
#include "io/records.h"
#include "train/classifier.h"

namespace debut {

class EmbeddingCache {
public:
    static EmbeddingCache &instance();
    static std::string modelKey(const ClassifierImpl &model, std::int64_t runId);

    // [N, D] CPU float embeddings of `items` (rowids[i] names items[i]); the
    // missing ones are computed with model.embedItems in batches and kept.
    // `reused` (optional) receives how many came from the cache.
    torch::Tensor get(ClassifierImpl &model, std::int64_t runId, const std::vector<std::int64_t> &rowids,
                      const std::vector<ItemRecord> &items, const Progress &progress = {},
                      std::int64_t *reused = nullptr);
    void invalidate(std::int64_t rowid);   // all model keys
    void clear();
    std::size_t size() const;

private:
    mutable std::mutex m_mutex;
    struct Entry {
        std::size_t textHash = 0;
        torch::Tensor embedding;   // [D]
    };
    std::map<std::pair<std::string, std::int64_t>, Entry> m_cache;
};

} // namespace debut
