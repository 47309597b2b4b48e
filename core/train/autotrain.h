#pragma once
// Auto mode (`--mode auto`, the default): a segment-aware learner over the
// frozen encoder and the catalogue's own words, chosen by cross-validation.
//
// 1. Coverage guard: the encoder's tokenizer is run over a sample of the
//    catalogue; when more than a tenth of its pieces are unknown (Chinese on
//    USE-Lite), the encoder is left out (its embeddings would be noise) and the
//    report says so, with how to point Debut at a model that covers the language.
// 2. Features of every labelled item and of the unlabelled catalogue (a
//    deterministic sample of at most TrainConfig::autoPool items):
//      encoder  L2-normalised frozen embedding (when covered)
//      lexical  TF-IDF of word 1-2-grams / character 1-3-grams of unsegmented
//               scripts, with brand and category terms (text/lexicon.h), IDF
//               fitted on the catalogue
//      price    standardised log price and a missing flag
// 3. Candidates (train/linearmodel.h), each scored by repeated stratified k-fold
//    cross-validation on the labels, best regularisation of a small grid (for
//    per-segment candidates also the deviations' penalty, 0.03 or 1 times the
//    shared weights'):
//      prototype (the zero-shot baseline: cosine to class prototypes), lexical,
//      encoder, encoder + neighbours (the embedding smoothed towards its nearest
//      catalogue items, ClassifierImpl's neighbour bank; when it beats encoder by
//      more than the tie margin, fused and the per-segment candidates use it too),
//      fused (encoder + lexical) — shared across segments, and "per
//      segment" (shared weights plus a shrunk deviation per segment) when the
//      labels have two or more segments; then "+ self-training" on the best:
//      confident, class-balanced pseudo-labels from the unlabelled catalogue at
//      half weight, one refit (a labelled item never takes a pseudo-label);
//      last "average of E and L": the best encoder candidate E and the best
//      lexical one L, their logits averaged (the two channels stacked), scored
//      by the mean of their cross-validated logits.
//    Metric: macro-F1 (multiclass), ROC-AUC per segment averaged (binary),
//    -MSE (rating). Within 0.002 of the best, the simpler candidate wins (the
//    order above is the order of complexity).
// 4. The pick (an average: both its candidates) is refitted on all labels,
//    calibrated by a temperature fitted on its cross-validated logits, and stored
//    as a stacked Classifier (an average in the fused layout, its members'
//    weights halved and rescaled to it).
// Deterministic for a seed (folds and sampling come from TrainConfig::seed; the
// solver is deterministic). Candidates not started when TrainConfig::autoBudgetSeconds
// have passed since the features were ready are reported as skipped (the first
// one always runs).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "text/tokenizer.h"
#include "train/trainer.h"

namespace debut {

struct CoverageReport {
    std::string encoder;            // encoder name
    std::int64_t texts = 0;         // catalogue texts sampled
    std::int64_t pieces = 0;        // tokenizer pieces (special tokens excluded)
    std::int64_t unknown = 0;       // of which the unknown piece
    std::int64_t characters = 0;    // non-space code points of the texts
    std::int64_t unsegmented = 0;   // of which in unsegmented scripts (CJK, kana, Thai, …)
    bool covered = true;
    std::string message;   // empty when covered
    double unknownShare() const { return pieces ? double(unknown) / double(pieces) : 0.0; }
    double unsegmentedShare() const { return characters ? double(unsegmented) / double(characters) : 0.0; }
    nlohmann::json toJson() const;
};

// Share of unknown pieces when `tokenizer` encodes the texts (truncated to maxLen).
// The message (when not covered) says what the run does about it: auto leaves the
// encoder out; a tuning mode (`tuningMode`, e.g. "head") cannot, and says so.
CoverageReport measureCoverage(const Tokenizer &tokenizer, const std::string &encoderName,
                               const std::vector<std::string> &texts, int maxLen, const std::string &tuningMode = {});

struct CandidateScore {
    std::string name;
    double cvScore = 0;            // the selection metric, cross-validated
    double c = 0;                  // regularisation picked from the grid (0: not applicable)
    double deviationPenalty = 0;   // per-segment candidates: penalty factor of the deviations
    double seconds = 0;            // time spent on its cross-validation
    bool picked = false;
    bool skipped = false;   // not evaluated (see note)
    std::string note;
    nlohmann::json toJson() const;
};

struct AutoReport {
    CoverageReport coverage;
    std::string metric;   // "macro_f1" | "auc_per_segment" | "auc" | "neg_mse"
    int folds = 0, repeats = 0;
    std::int64_t labels = 0;      // labels of the task (the pick is refitted on all)
    std::int64_t cvLabels = 0;    // labels cross-validated: all, or a stratified sample of a large log
    std::int64_t poolItems = 0;   // unlabelled catalogue items used
    std::int64_t lexicalTerms = 0;
    // Segments of the labels: with a deviation of their own, and leaning on the
    // shared part (without two labels of each of two classes, or four ratings).
    int segmentsWithDeviation = 0, segmentsOnShared = 0;
    std::vector<CandidateScore> candidates;
    std::string picked;
    nlohmann::json toJson() const;
};

// A pseudo-label one self-training round would add (inspection and tests).
struct PseudoLabel {
    std::string itemId, segment, label;
    double confidence = 0;
};
// The pseudo-labels of one self-training round of the lexical candidate fitted
// on all labels of `data`, its pool being data.catalogue. Never a labelled item.
std::vector<PseudoLabel> selfTrainingPseudoLabels(const TrainData &data);

// Human-readable table of an AutoReport JSON (candidates, pick, coverage warning).
std::string formatAutoReport(const nlohmann::json &report);

TrainOutcome trainAuto(const TrainConfig &config, const EncoderMaker &makeEncoder, const TrainData &data,
                       const TrainerCallbacks &callbacks);

}   // namespace debut
