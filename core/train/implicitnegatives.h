#pragma once
// Positive labels only. A log of what was bought or clicked has no "not bought"
// rows; trained as it is, every model sees one class and ranks nothing (every item
// scored 1, cross-validated 0.5, and nothing said so). For such a binary task each
// segment whose labels are all positive gets unlabelled catalogue items as its
// negatives: positive-unlabelled learning, unlabelled as negative. Where the
// labelled positives are a random sample of all positives, a classifier of
// labelled against unlabelled ranks items in the same order as one of positive
// against negative (Elkan & Noto, KDD 2008), so the lists keep their order; the
// cross-validated AUC keeps the candidates' order but shrinks towards 0.5 by the
// share pi of would-be positives among the drawn items, AUC_PU - 1/2 =
// (1 - pi)(AUC - 1/2) (Menon et al., ICML 2015), and the message says so. The
// probabilities read "resembles the labelled items", not a purchase rate.
// Nothing is stored as a label: the drawn items stay unlabelled in the project
// and are ranked like every other.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/trainer.h"

namespace debut {

struct ImplicitNegatives {
    std::vector<std::string> segments;   // those that got them, sorted ("" = all customers)
    std::int64_t count = 0;              // catalogue items drawn (all segments)
    std::int64_t otherSegments = 0;      // other segments' positives added as negatives (all segments)
    std::string message;                 // one paragraph for the CLI, the report and the workbench

    bool empty() const { return segments.empty(); }
    nlohmann::json toJson() const;   // {count, other_segments, segments, message}; null when empty
};

// True when `data` is a binary task with a segment ("" included) whose labels are
// all positive.
bool needsImplicitNegatives(const TrainData &data);

// Appends, for every segment whose labels are all positive, max(32, 3 x its
// positives) items (at most 500, at most an equal share of what there is) of
// `catalogue` that no label of the task names, labelled negative with weight 1;
// one seeded shuffle, each segment its own items. Such a segment (named) also
// gets the other named segments' positive items that are not its own, max(32,
// 3 x its positives) of them at most (500; a seeded draw), labelled negative
// with weight 1 / (named segments with positives - 1): every model ranks each
// segment by its own weights (the auto learner's per-segment candidates, the
// tuning modes' per-segment head deviations), so what one segment bought and
// another did not tells the second's weights something. (For a head whose
// segments only shifted a bias, every labelled item would have read as much a
// negative as a positive; on the English sample's positive-only labels, head
// mode with the deviations: 0.62 / 0.69 / 0.80 AUC per segment without these
// rows, 0.70 / 0.76 / 0.88 with them, 3 seeds.) Multi-class and rating tasks
// are left as they are.
ImplicitNegatives addImplicitNegatives(TrainData &data, const std::vector<ItemRecord> &catalogue, std::uint64_t seed);

}   // namespace debut
