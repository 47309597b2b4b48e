#pragma once
// Nearest labelled items in the model's embedding space (cosine similarity).
#include <string>
#include <vector>

#include <torch/torch.h>

#include "explain/explanation.h"

namespace debut {

class Neighbours {
public:
    // query: [D]; labelled: [N, D] with meta[i] describing row i (its similarity
    // is filled in). Returns the k most similar rows, most similar first, skipping
    // rows whose itemId equals `excludeItemId` (the item itself when labelled).
    // Zero vectors have similarity 0. Throws Error on mismatched shapes.
    static std::vector<NeighbourItem> nearest(const torch::Tensor &query, const torch::Tensor &labelled,
                                              const std::vector<NeighbourItem> &meta, int k,
                                              const std::string &excludeItemId = {});
};

}   // namespace debut
