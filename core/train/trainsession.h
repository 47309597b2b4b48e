#pragma once
// Internal to the trainer: one fine-tuning run of one model (Trainer::trainOne)
// as a session whose phases share its state instead of closures over locals:
//   TrainSession(...)      labels, split, model configuration, a model per fold,
//                          the examples' tensors on the device
//   prepare(checkpoint)    baseline, what trains, the contrastive stage, cached
//                          embeddings (head-only modes), optimisers
//   runEpochs(...)         the fold/epoch loop with early stopping and a
//                          resumable checkpoint per epoch (train/resumestate.h)
//   keptModel(...)         cross-validation: a final model on every label for the
//                          best epoch count; hold-out: the best epoch's tensors
//   calibrate(...)         temperature scaling on the best epoch's dev logits
// Same random draws in the same order as one function did, so results per seed
// are unchanged.
#include <torch/torch.h>

#include <chrono>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "train/classifier.h"
#include "train/resumestate.h"
#include "train/split.h"
#include "train/trainer.h"

namespace debut {

struct Fold {
    std::vector<std::size_t> train, dev;
    Classifier model{nullptr};
    std::unique_ptr<torch::optim::AdamW> opt;
    torch::Tensor cached;         // [N, D] pooled embeddings of every example (head-only training)
    torch::Tensor classWeights;   // [C] or undefined
    std::int64_t step = 0, totalSteps = 0;
    std::vector<double> baseLr;   // per param group
};

// The best epoch so far (early stopping and what the run keeps).
struct BestEpoch {
    double metric = -std::numeric_limits<double>::infinity();
    double loss = std::numeric_limits<double>::infinity();
    int epoch = 0, bad = 0;   // bad: epochs since the last improvement
    std::string modelBytes;   // hold-out only: the best epoch's model
    torch::Tensor devLogits;
    EpochMetrics metrics;
};

class TrainSession {
public:
    // Throws Error for data the mode cannot train on (too few labels or classes).
    TrainSession(const TrainConfig &cfg, const EncoderMaker &makeEncoder, std::uint64_t splitSeed,
                 const TrainData &data, const Progress &progress);

    // Everything before the first epoch; returns the parsed resume state
    // (valid = false without a checkpoint).
    ResumeState prepare(const std::string &resumeCheckpoint);
    // Epochs startEpoch..cfg.epochs over every fold, appending to outcome.epochs.
    void runEpochs(int startEpoch, BestEpoch &best, TrainOutcome &outcome, const TrainerCallbacks &cb);
    Classifier keptModel(const BestEpoch &best);
    // Sets the model's temperature and fills the outcome with the best epoch's metrics.
    void calibrate(Classifier model, BestEpoch &best, TrainOutcome &outcome);

    std::int64_t trainableParams() const { return m_trainable; }
    const torch::Device &device() const { return m_device; }

private:
    friend struct ResumeState;

    Classifier buildModel();
    torch::Tensor pooledRows(Fold &fold, const std::vector<std::size_t> &rows, const char *stage);
    void setupOptimizer(Fold &fold, int epochs);
    void cacheEmbeddings(Fold &fold);
    torch::Tensor lossOf(Fold &fold, const torch::Tensor &logits, const torch::Tensor &rows,
                         const torch::Tensor &batchRows);
    void trainEpoch(Fold &fold, int epoch, int epochs, const char *what, double &lossSum, std::int64_t &seen);
    torch::Tensor devLogits(Fold &fold, const std::vector<std::size_t> &rows);
    EpochMetrics epochMetrics(const torch::Tensor &logits, int epoch, double lossSum, std::int64_t seen,
                              double trainSec) const;

    const TrainConfig &m_cfg;
    const EncoderMaker &m_makeEncoder;
    const TrainData &m_data;
    const Progress &m_progress;
    const std::chrono::steady_clock::time_point m_t0;
    const bool m_rating;
    const std::size_t m_n;
    const int m_numClasses;
    std::mt19937 m_rng;
    torch::Device m_device;
    bool m_autocast = false;
    bool m_useLora = false;

    std::vector<int> m_y;
    std::vector<double> m_target, m_weight;
    Split m_split;
    ClassifierConfig m_base;
    TextEncoder m_shared;   // head mode: one frozen encoder for every fold
    std::vector<Fold> m_folds;
    SideInputs m_side;
    std::vector<std::int64_t> m_segmentOf;   // per example: its segment index (m_side.segment on the CPU)
    torch::Tensor m_yT, m_targetT, m_weightT;
    std::vector<Encoding> m_encodings;
    std::int32_t m_padId = 0;
    std::vector<std::size_t> m_all;       // 0..n-1
    std::vector<std::size_t> m_devRows;   // dev items in fold order (CV: every item once)

    std::optional<BaselineMetrics> m_baseline;
    torch::Tensor m_untuned;   // pooled embeddings of the untuned encoder, when computed
    std::int64_t m_trainable = 0;
    std::int64_t m_batchesDone = 0, m_batchesTotal = 0;
};

}   // namespace debut
