#pragma once
// What a "label next" suggestion is (rank/suggest.h picks them): plain values, no
// torch, so the façade and the widgets that show suggestions compile without it.
#include <cstdint>
#include <string>

namespace debut {

struct SuggestCandidate {
    std::int64_t rowid = 0;
    std::string itemId;
    std::string title;
    std::string segment;   // segment whose prediction was most uncertain ("" = all)
    std::string predictedLabel;
    double score = 0;
    double uncertainty = 0;   // as stored in predictions (see rank/ranker.h)
};

struct Suggestion {
    SuggestCandidate item;
    double distance = 0;        // 1 - max cosine similarity to labelled / earlier picks
    double priority = 0;        // uncertainty * distance
    std::string nearestTitle;   // most similar labelled item or earlier pick ("" = none)
    std::string reason;         // readable: why this item
};

}   // namespace debut
