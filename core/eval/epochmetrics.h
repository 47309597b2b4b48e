#pragma once
// EpochMetrics: THE one record of an epoch's evaluation. The trainer fills it,
// the run store saves it (epoch_metrics.metrics = toJson().dump()), the GUI
// charts it and the CLI prints it (formatLine / formatReport). Everything is
// measured on the dev data (held-out split, or the held-out folds of k-fold CV
// when `devSource` == "cv"); the zero-shot baseline on the same dev items.
//
// Absent values (no dev data, a metric undefined for the data) are nullopt and
// are omitted from / null in JSON. Probabilities used for the report, AUC and
// ECE are the calibrated ones (after temperature scaling) when `temperature` != 1;
// `eceRaw` is the ECE before scaling.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/metrics.h"

namespace debut {

struct BaselineMetrics {
    std::string method = "prototype";   // label-prototype cosine similarity, untuned encoder
    std::optional<ClassificationReport> report;
    std::optional<double> auc, prAuc;
    std::vector<Curve> roc, pr;   // as EpochMetrics::roc / pr (empty in older JSON)
    std::optional<RegressionMetrics> regression;
    nlohmann::json toJson() const;
    static BaselineMetrics fromJson(const nlohmann::json &j);
};

// What a row of metrics describes: an epoch of training, an epoch of one member
// of an ensemble, the ensemble's averaged model, or a cross-validated candidate
// of an auto run. Stored as text under "stage" ("train", "member 2/3",
// "ensemble", "candidate: lexical"); stageText / the JSON reader are the one
// place that text is written and read.
enum class MetricsStage { Train, Member, Ensemble, Candidate };

struct EpochMetrics {
    int epoch = 0;      // 1-based; 0 = before training (baseline only)
    std::string task;   // task name
    std::string kind;   // "binary" | "multiclass" | "rating"
    std::string mode;   // "head" | "topk" | "full" | "lora" | "contrastive" | "auto"
    MetricsStage stage = MetricsStage::Train;
    std::string stageName;   // Member: "2/3"; Candidate: the candidate's name; otherwise empty
    double trainLoss = 0;
    std::optional<double> devLoss;
    std::string devSource = "split";   // "split" | "cv" | "none"
    std::int64_t trainCount = 0, devCount = 0;

    std::optional<ClassificationReport> report;
    std::optional<double> auc, prAuc;   // binary: positive class; multiclass: macro one-vs-rest
    // ROC and precision-recall curves on dev (<= 100 points each): binary one
    // curve of the positive class; multiclass one-vs-rest, one curve per class.
    // Empty when undefined or in JSON written before they existed.
    std::vector<Curve> roc, pr;
    std::vector<std::vector<std::int64_t>> confusion;   // [true][pred]
    std::optional<double> ece, eceRaw;
    double temperature = 1.0;
    std::optional<RegressionMetrics> regression;
    std::optional<BaselineMetrics> baseline;

    double devMetric = 0;   // the early-stopping metric (macro-F1, or -MSE for rating)
    bool best = false;      // best epoch so far
    std::int64_t trainableParams = 0;
    double examplesPerSec = 0;   // training throughput of this epoch
    double elapsedSec = 0;       // since the run started

    nlohmann::json toJson() const;
    static EpochMetrics fromJson(const nlohmann::json &j);   // tolerant: missing keys keep defaults
    std::string stageText() const;                           // as stored: "member 2/3", "candidate: lexical"
    // "epoch 3  train_loss 0.4121  dev_loss 0.5012  macro_f1 0.8123  acc 0.8300  auc 0.9012  1234 ex/s"
    std::string formatLine() const;
    // The classification report with the zero-shot baseline beside it, AUC, ECE,
    // temperature, confusion matrix; for rating MSE/MAE/R² (before/after).
    std::string formatReport() const;
    // A tuned run (not auto mode) whose dev macro-F1 falls below the zero-shot
    // baseline's, or whose dev AUC is below chance: one sentence saying so (for
    // the CLI's note), else empty. A dev split of a few labels is noisy, and auto
    // mode cross-validates on every label and keeps the prototype when nothing
    // beats it.
    std::string belowBaselineNote() const;
};

}   // namespace debut
