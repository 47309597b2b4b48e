#pragma once
// Internal to the trainer: the SetFit contrastive stage.
#include <random>
#include <vector>

#include "common/progress.h"
#include "train/classifier.h"
#include "train/trainconfig.h"

namespace debut {

// Pairs of training items (same label -> cosine 1, else 0), MSE on the cosine of
// the encoder's pooled embeddings; trains the encoder's trainable params.
void contrastiveStage(Classifier &model, const std::vector<std::size_t> &train, const std::vector<Encoding> &enc,
                      std::int32_t padId, const std::vector<int> &y, const TrainConfig &cfg, std::mt19937 &rng,
                      const torch::Device &device, const Progress &progress, int fold, int folds);

}   // namespace debut
