#pragma once
// Internal to the trainer: metrics of dev logits, the zero-shot baseline and
// temperature scaling (calibration).
#include <torch/torch.h>

#include <string>
#include <vector>

#include "eval/epochmetrics.h"
#include "train/classifier.h"
#include "train/split.h"
#include "train/trainer.h"

namespace debut {

// Metrics of dev logits [M, C] (CPU float) for dev rows `rows` at temperature t.
EpochMetrics evaluateLogits(const torch::Tensor &logits, const std::vector<std::size_t> &rows,
                            const std::vector<int> &y, const std::vector<double> &target, const TrainData &data,
                            const ClassifierConfig &config, double t);

// Label-prototype zero-shot baseline from untuned pooled embeddings [N, D].
BaselineMetrics prototypeBaseline(const torch::Tensor &pooled, const Split &split, const std::vector<int> &y,
                                  const std::vector<double> &target, int numClasses,
                                  const std::vector<std::string> &labels, bool rating);

// Temperature minimising the NLL of softmax(logits / T) (golden-section search on 1/T).
double fitTemperature(const torch::Tensor &logits, const torch::Tensor &labels);

}   // namespace debut
