#pragma once
// Trainer: the one fine-tuning loop behind every mode (see trainconfig.h).
//
// Data: labelled examples (item + segment + label). Dev data is a stratified
// hold-out (TrainConfig::devRatio) when every class has at least
// minPerClassForSplit labels, else k-fold cross-validation (TrainConfig::folds,
// stratified): the k fold models train in lockstep, each epoch's dev metrics
// come from the held-out folds, and after early stopping a final model is
// trained on all labels for the best number of epochs (in CV mode k encoders
// are held in memory at once: fine for few labels, which is when CV is used;
// a large encoder in full mode needs k times its weights and optimiser state).
//
// Per epoch: AdamW (weight decay), linear warm-up then linear decay, dropout,
// gradient clipping, class weights (inverse frequency) times label weights,
// progress after every batch ("train", done/total batches of the run, message
// with epoch, loss, examples/s and ETA), then dev metrics (EpochMetrics) and a
// resumable checkpoint. Early stopping on the dev metric (macro-F1; -MSE for
// rating) with patience; the best model is kept. Afterwards a temperature is
// fitted on the best epoch's dev logits (1-D search on NLL).
//
// Zero-shot baseline (before training, untuned encoder): class prototypes =
// mean L2-normalised embedding of the training items of each class; a dev item's
// probabilities = softmax(cos / 0.05); rating: similarity-weighted mean target.
//
// Determinism: torch::manual_seed(seed), std::mt19937(seed) for splits and
// shuffles, a fixed thread count: on CPU the same seed gives identical metrics.
// Cancel: a Progress returning false throws Cancelled within one batch; the
// callbacks have then seen only complete epochs.
//
// Ensemble (TrainConfig::ensemble = K > 1): K models with seeds seed, seed+1, …
// on the same split (the split always comes from `seed`), one after the other;
// each is calibrated on dev on its own. The kept model is the ensemble
// (ClassifierImpl::addMember): its probabilities are the average of the
// members' calibrated probabilities, and so are the ensemble's dev metrics
// (an extra EpochMetrics with stage "ensemble", numbered after the members'
// epochs, which the callbacks see with stage "member k/K"). A frozen encoder is
// shared by all members. Resuming an ensemble run is not supported (Error).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/progress.h"
#include "eval/epochmetrics.h"
#include "io/records.h"
#include "train/classifier.h"
#include "train/trainconfig.h"

namespace debut {

struct TrainExample {
    ItemRecord item;
    std::string segment;   // "" = all customers
    int label = 0;         // class index (classification)
    double target = 0;     // rating value (rating)
    double weight = 1.0;   // label weight
};

struct TrainData {
    std::string task;
    TaskKind kind = TaskKind::Binary;
    std::vector<std::string> labels;   // class names in index order (see ClassifierConfig)
    std::vector<TrainExample> examples;
    // The catalogue (or a sample of it), labelled items included: auto mode fits
    // its lexicon on it and learns from its unlabelled items. May be empty.
    std::vector<ItemRecord> catalogue;
};

// Builds class names and indices from raw label values: binary puts the
// positive value (io/binarylabel.h) second; multiclass sorts names; rating parses numbers (throws Error naming a
// bad value).
struct LabelEncoding {
    std::vector<std::string> labels;
    std::vector<int> index;       // per value
    std::vector<double> target;   // per value (rating)
};
LabelEncoding encodeLabels(TaskKind kind, const std::vector<std::string> &values);

struct TrainerCallbacks {
    Progress progress;
    std::function<void(const EpochMetrics &)> onEpoch;
    // Bytes of the best classifier so far (Classifier::save()).
    std::function<void(const std::string &classifierBytes)> onBest;
    // Resumable state at the end of `epoch` (opaque bytes for Trainer::train's resume).
    std::function<void(const std::string &checkpointBytes, int epoch)> onCheckpoint;
};

struct TrainOutcome {
    Classifier model{nullptr};          // the kept (best, calibrated) model, eval mode
    std::string modelBytes;             // model->save()
    std::vector<EpochMetrics> epochs;   // epochs run by this call (not those before a resume)
    EpochMetrics best;                  // best epoch, with temperature, calibrated ECE and baseline
    std::int64_t trainableParams = 0;
    std::string device;   // "cpu" | "cuda"
    // Dev logits of the best epoch before temperature scaling [M, C] (CPU) and
    // their example indices (TrainData::examples); CV: held-out folds.
    torch::Tensor devLogits;
    std::vector<std::size_t> devRows;
    std::vector<double> memberTemperatures;   // ensemble: per member
    nlohmann::json autoReport;                // auto mode: coverage, candidates, pick (train/autotrain.h); else null
    // Tuning modes: CoverageReport JSON (train/autotrain.h) when the encoder's
    // tokenizer does not cover the labelled items' language (the model learnt
    // from unknown pieces); else null.
    nlohmann::json coverage;
};

class Trainer {
public:
    Trainer(TrainConfig config, EncoderMaker makeEncoder);
    // Throws Error (too few labels, bad config), Cancelled. `resumeCheckpoint`:
    // bytes from onCheckpoint of a run with the same config and data.
    TrainOutcome train(const TrainData &data, const TrainerCallbacks &callbacks,
                       const std::string &resumeCheckpoint = {});

private:
    TrainOutcome trainOne(const TrainConfig &config, const EncoderMaker &makeEncoder, std::uint64_t splitSeed,
                          const TrainData &data, const TrainerCallbacks &callbacks,
                          const std::string &resumeCheckpoint);
    TrainOutcome trainEnsemble(const TrainData &data, const TrainerCallbacks &callbacks);
    TrainConfig m_config;
    EncoderMaker m_makeEncoder;
};

}   // namespace debut
