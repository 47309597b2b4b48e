#pragma once
// Internal to the trainer: which labelled rows each fold trains and evaluates on,
// in which batches, and the text augmentation of a training row. Every shuffle
// is an own Fisher-Yates on the caller's generator, so a seed gives the same
// order on every standard library.
#include <random>
#include <utility>
#include <vector>

#include "text/tokenizer.h"
#include "train/trainconfig.h"

namespace debut {

struct Split {
    bool cv = false;
    // (train rows, dev rows) per fold; hold-out = one fold.
    std::vector<std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> folds;
};
// Stratified hold-out when every present class has >= minPerClassForSplit
// examples, else stratified k-fold (k = min(folds, n)).
Split makeSplit(const std::vector<int> &y, int numClasses, const TrainConfig &cfg, std::mt19937 &rng);

// Shuffled batches of `rows`; byLength: rows of similar token length together
// (windows of 16 batches sorted by length, batch order shuffled).
std::vector<std::vector<std::size_t>> makeBatches(std::vector<std::size_t> rows, const std::vector<Encoding> &enc,
                                                  std::size_t batchSize, bool byLength, std::mt19937 &rng);

// Token dropout and adjacent swaps inside an encoding (first/last token kept).
Encoding augmentEncoding(const Encoding &e, const TrainConfig &cfg, std::mt19937 &rng, std::int32_t padId);

}   // namespace debut
