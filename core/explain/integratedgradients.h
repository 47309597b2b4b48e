#pragma once
// Integrated gradients on the token input embeddings.
//
// x = embedTokens(ids) of itemText(item); baseline b = the same sequence with
// every text token replaced by the tokenizer's padding token (tokens with an
// empty span at either end of the sequence, i.e. [CLS]/[SEP]-like specials, are
// kept). The straight path b + a (x - b) is cut into `steps` intervals with
// midpoints a_k and lengths w_k (sum 1), all gradients taken in ONE batch of
// shape [steps, T, E]; per-token attribution = sum_E (x - b) * sum_k w_k grad f(a_k).
// The intervals are placed where f changes (a forward-only probe of f at 33
// evenly spaced points first), so steep stretches of a calibrated probability
// get many steps: a Riemann sum with adaptive steps, not a different method. Token attributions are summed
// back to words (explain/words.h) by the tokenizer's byte offsets (a token
// spanning several words is split by overlapping bytes); tokens that cover no
// word (punctuation, specials) stay unassigned and a note gives their total.
//
// Completeness: sum of ALL token attributions should equal f(x) - f(b); the
// relative error |sum - (f(x) - f(b))| / max(|f(x) - f(b)|, 1e-3) is stored in
// Explanation::completenessError. When it exceeds `targetError` the run is
// repeated with `maxSteps` (50) steps, and, only if still above, with
// maxAdaptiveSteps / 2 and maxAdaptiveSteps (gradients in batches of 64 path
// points). Items whose score barely differs from the baseline's have wiggly
// paths relative to f(x) - f(b) and need the extra steps; a note says so when
// even that is not enough.
// Requires Scorer::hasGradients(); throws Error otherwise.
#include "explain/explanation.h"
#include "explain/scorer.h"

namespace debut {

struct IgOptions {
    int steps = 20;               // 20–50 is the useful range
    int maxSteps = 50;            // retry with this many when the error is above targetError
    int maxAdaptiveSteps = 256;   // last resort (0 = never beyond maxSteps)
    double targetError = 0.05;
};

class IntegratedGradients {
public:
    // Fills method, score, baselineScore, completenessError, steps, words, notes.
    static Explanation explain(Scorer &scorer, const ItemRecord &item, const IgOptions &options = {});
};

}   // namespace debut
