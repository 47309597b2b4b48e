#pragma once
// Internal pieces of the trainer (not a public API): splits, batching,
// augmentation, evaluation of dev logits, the zero-shot baseline, temperature
// scaling, the SetFit contrastive stage and the resumable checkpoint format.
#include <torch/torch.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "eval/epochmetrics.h"
#include "train/classifier.h"
#include "train/trainconfig.h"
#include "train/trainer.h"

namespace debut {

struct Split {
    bool cv = false;
    // (train rows, dev rows) per fold; hold-out = one fold.
    std::vector<std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> folds;
};
// Stratified hold-out when every present class has >= minPerClassForSplit
// examples, else stratified k-fold (k = min(folds, n)).
Split makeSplit(const std::vector<int> &y, int numClasses, const TrainConfig &cfg, std::mt19937 &rng);

// Brands, categories, segments (non-empty, sorted) and log1p(price) mean/std.
void fillSideVocabulary(ClassifierConfig &config, const std::vector<TrainExample> &examples);

// Shuffled batches of `rows`; byLength: rows of similar token length together
// (windows of 16 batches sorted by length, batch order shuffled).
std::vector<std::vector<std::size_t>> makeBatches(std::vector<std::size_t> rows, const std::vector<Encoding> &enc,
                                                  std::size_t batchSize, bool byLength, std::mt19937 &rng);

// Token dropout and adjacent swaps inside an encoding (first/last token kept).
Encoding augmentEncoding(const Encoding &e, const TrainConfig &cfg, std::mt19937 &rng, std::int32_t padId);

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

// SetFit stage: pairs of training items (same label -> cosine 1, else 0), MSE on
// the cosine of the encoder's pooled embeddings; trains the encoder's trainable params.
void contrastiveStage(Classifier &model, const std::vector<std::size_t> &train, const std::vector<Encoding> &enc,
                      std::int32_t padId, const std::vector<int> &y, const TrainConfig &cfg, std::mt19937 &rng,
                      const torch::Device &device, const Progress &progress, int fold, int folds);

struct ResumeState {
    bool valid = false;
    int epoch = 0;
    std::string phase = "folds";
    double bestMetric = 0, bestLoss = 0;
    int bestEpoch = 0, bad = 0;
    std::string bestModel, bestMetricsJson, rngState;
    torch::Tensor bestDevLogits, torchRng;
    std::vector<std::string> models, optimizers;
    std::vector<std::int64_t> steps;
};
std::string writeResumeState(const ResumeState &s);
// Throws Error when the bytes are not a trainer checkpoint for `folds` folds.
ResumeState readResumeState(const std::string &bytes, std::size_t folds);

} // namespace debut
