#pragma once
// Word occlusion: take one word away at a time and see how far the score drops.
//
// Words (explain/words.h), not sub-word pieces, of the title and the
// description are each removed from the item (with one adjacent space), all
// variants plus the original are scored in ONE Scorer::score call, and a
// word's weight = score(item) - score(item without the word). Words the model
// never reads (cut by the tokenizer's maximum length, per
// Scorer::visibleTextBytes) are not occluded: they cannot change the score;
// a note says how many were skipped. Variants copy a bounded item, so memory
// does not grow with the description's length (OcclusionOptions::minTextBytes).
// Throws what the scorer throws.
#include "explain/explanation.h"
#include "explain/scorer.h"
#include "io/records.h"

namespace debut {

struct OcclusionOptions {
    int maxWords = 512;   // at most this many (visible) words are occluded, in text order
    // Variants are made from the item cut to max(2 * visible bytes + 256, this)
    // bytes of text (TextLayout::bounded): the encoder reads no further, and the
    // lexical channel of a stacked model sees this much (a note says when text went).
    std::size_t minTextBytes = 64 * 1024;
};

class Occlusion {
public:
    // Fills method, score, words and notes of the result (not ids, fields, neighbours).
    static Explanation explain(Scorer &scorer, const ItemRecord &item, const OcclusionOptions &options = {});
};

}   // namespace debut
