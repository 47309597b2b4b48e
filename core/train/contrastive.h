#pragma once
// Internal to the trainer: the SetFit contrastive stage.
#include <random>
#include <vector>

#include "common/progress.h"
#include "train/classifier.h"
#include "train/trainconfig.h"

namespace debut {

// Pairs of training items of one segment (same label -> cosine 1, else 0), MSE on
// the cosine of the encoder's pooled embeddings; trains the encoder's trainable
// params. `segment`: per row the classifier's segment index (0 = none); rows pair
// only within their segment, since what one segment bought another may not.
void contrastiveStage(Classifier &model, const std::vector<std::size_t> &train, const std::vector<Encoding> &enc,
                      std::int32_t padId, const std::vector<int> &y, const std::vector<std::int64_t> &segment,
                      const TrainConfig &cfg, std::mt19937 &rng, const torch::Device &device, const Progress &progress,
                      int fold, int folds);

// SetFit's second step: the head starts from a class-balanced logistic regression
// (C = 10, L-BFGS, train/linearmodel.h) on the tuned encoder's pooled embeddings
// `pooled` [N, D] of the `train` rows, with one deviation per segment (`segment`
// as above) when the model has per-segment heads: the shared weights go to the
// head, the deviations to segment_head; the side features' columns start at 0.
// Classification only (a rating task is left as it is).
void fitHeadOnEmbeddings(Classifier &model, const torch::Tensor &pooled, const std::vector<std::size_t> &train,
                         const std::vector<int> &y, const std::vector<std::int64_t> &segment);

}   // namespace debut
