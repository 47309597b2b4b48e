#pragma once
// Internal to the trainer: the resumable state of a fine-tuning run, written as
// the run's "checkpoint" artefact at every epoch end (models/checkpoint.h
// format, meta "format": "debut-train-state"): per fold the model and optimiser,
// the best epoch so far with its model, dev logits and metrics, the early-stopping
// count and both random generators. capture() takes it from a training session,
// apply() puts it back, so the two cannot drift apart.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace debut {

class TrainSession;
struct BestEpoch;

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

    // The state after `epoch` of the session's folds (defined in trainsession.cpp).
    static ResumeState capture(TrainSession &session, const BestEpoch &best, int epoch);
    // Before the session caches embeddings: the folds' model tensors.
    void applyModels(TrainSession &session) const;
    // After the session's optimisers exist: optimisers, steps, generators and the
    // best epoch so far. Returns the first epoch still to train.
    int apply(TrainSession &session, BestEpoch &best) const;
};
std::string writeResumeState(const ResumeState &s);
// Throws Error when the bytes are not a trainer checkpoint for `folds` folds.
ResumeState readResumeState(const std::string &bytes, std::size_t folds);

}   // namespace debut
