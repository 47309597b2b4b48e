#pragma once
// "Label next" suggestions: the unlabelled items whose labels would teach the
// model most, by uncertainty x diversity.
//
// 1. Pool: the `poolSize` most uncertain candidates (default max(5 * count, 50)).
// 2. Greedy k-center on the embeddings: repeatedly take the pool item with the
//    largest  uncertainty * distance, where distance = 1 - max cosine
//    similarity to the labelled items and to the items already picked (1 when
//    there is nothing to compare with). So the picks are uncertain AND unlike
//    what is labelled and unlike each other.
// Deterministic: ties go to the earlier candidate.
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "rank/suggestion.h"
#include "store/projectstore.h"

namespace debut {

class Suggester {
public:
    // Step 1 from a scored run, streamed: per unlabelled item of the task its most
    // uncertain prediction among `segments` (ties: lowest segment id), and of those
    // the `poolSize` most uncertain (ties: lowest rowid), in that order. Memory is
    // bounded by poolSize, not by the catalogue (a heap of the best so far).
    static std::vector<SuggestCandidate> uncertainPool(ProjectStore &store, std::int64_t runId, std::int64_t taskId,
                                                       const std::vector<SegmentInfo> &segments, int poolSize);

    // candidates[i] has embedding row i of `candidateEmb` [N, D]; `labelledEmb` [L, D]
    // (L may be 0) with titles `labelledTitles`. Returns at most `count` suggestions
    // in pick order. Throws Error on mismatched shapes.
    static std::vector<Suggestion> pick(const std::vector<SuggestCandidate> &candidates,
                                        const torch::Tensor &candidateEmb, const torch::Tensor &labelledEmb,
                                        const std::vector<std::string> &labelledTitles, int count, int poolSize = 0);
};

}   // namespace debut
