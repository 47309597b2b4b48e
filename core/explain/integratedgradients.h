#pragma once
// Integrated gradients on the token input embeddings.
//
// x = embedTokens(ids) of itemText(item); baseline b = the same sequence with
// every text token replaced by the tokenizer's padding token (tokens with an
// empty span at either end of the sequence, i.e. [CLS]/[SEP]-like specials, are
// kept). The straight path b + a (x - b) is sampled at `steps` midpoints
// a = (k + 0.5) / steps, all in ONE batch of shape [steps, T, E]; per-token
// attribution = sum_E (x - b) * mean_k grad f. Token attributions are summed
// back to words (explain/words.h) by the tokenizer's byte offsets (a token
// spanning several words is split by overlapping bytes); tokens that cover no
// word (punctuation, specials) stay unassigned and a note gives their total.
//
// Completeness: sum of ALL token attributions should equal f(x) - f(b); the
// relative error |sum - (f(x) - f(b))| / max(|f(x) - f(b)|, 1e-3) is stored in
// Explanation::completenessError. When it exceeds `targetError` the run is
// repeated once with `maxSteps` steps.
// Requires Scorer::hasGradients(); throws Error otherwise.
#include "explain/explanation.h"
#include "explain/scorer.h"

namespace debut {

struct IgOptions {
    int steps = 24;            // 20–50 is the useful range
    int maxSteps = 50;         // retry with this many when the error is above targetError
    double targetError = 0.05;
};

class IntegratedGradients {
public:
    // Fills method, score, baselineScore, completenessError, steps, words, notes.
    static Explanation explain(Scorer &scorer, const ItemRecord &item, const IgOptions &options = {});
};

} // namespace debut
