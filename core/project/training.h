#pragma once
// Training façade: what the CLI (`debut train`, `debut report`) and the GUI's
// job runner call. Never throws: every failure comes back as a Status
// (UserError with a message naming the file/task, Cancelled, Internal).
//
// train() opens its own connection to the project (safe on a worker thread),
// creates a run (status "running"), trains per the request, stores one
// epoch_metrics row per epoch (the JSON of EpochMetrics), the best model as the
// run's "classifier" artefact, an epoch-end "checkpoint" artefact (for resume),
// and finally sets the status ("done" | "cancelled" | "failed") and, when done
// and `activate`, makes the run the task's active run. A cancelled run keeps
// its rows and checkpoints (consistent, resumable) and is never made active.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/progress.h"
#include "eval/epochmetrics.h"
#include "store/runstore.h"
#include "train/trainconfig.h"

namespace debut {

struct TrainRequest {
    std::string task;             // task name (must exist and have labels)
    TrainConfig config;           // start from TrainConfig::fromPreset(...) and override
    std::int64_t resumeRun = 0;   // > 0: continue that run from its last checkpoint
    bool activate = true;         // make the finished run the task's active run
    std::string runName;          // optional label shown in the GUI
};

struct TrainResult {
    Status status;
    std::int64_t runId = 0;             // 0 when no run was created
    std::vector<EpochMetrics> epochs;   // every epoch, in order
    EpochMetrics best;                  // the epoch whose model was kept (with baseline)
    std::int64_t trainableParams = 0;
    std::string device;   // "cpu" | "cuda"
    // Auto mode: {"coverage", "metric", "candidates": [{name, cv_score, c, seconds,
    // picked, skipped, note}], "picked", ...} (train/autotrain.h); null otherwise.
    nlohmann::json autoReport;
    // Positive labels only: {count, segments, message} of the unlabelled items drawn
    // as negatives (train/implicitnegatives.h); null otherwise.
    nlohmann::json implicitNegatives;
    // A tuning mode whose encoder does not cover the labels' language:
    // TrainOutcome::coverage (stored in the run's summary as "coverage"); else null.
    nlohmann::json coverage;
};

// Called on the training thread after each epoch (after it was stored).
using EpochCallback = std::function<void(const EpochMetrics &)>;

// progress: stage "prepare" | "baseline" | "embed" | "contrastive" | "train" | "calibrate",
// called after every batch; returning false cancels within one batch.
TrainResult train(const std::string &projectPath, const TrainRequest &request, const Progress &progress = {},
                  const EpochCallback &onEpoch = {});

struct ReportResult {
    Status status;
    std::int64_t runId = 0;
    RunStatus runStatus = RunStatus::Done;
    EpochMetrics best;   // the best (kept) epoch
    std::vector<EpochMetrics> epochs;
    std::string configJson;
    nlohmann::json autoReport;          // as TrainResult::autoReport (null for other modes)
    nlohmann::json implicitNegatives;   // as TrainResult::implicitNegatives
    nlohmann::json coverage;            // as TrainResult::coverage
    // Runs of a tuning mode trained before the head had per-segment deviations
    // (classifier.h), on a binary or rating task with two or more named segments:
    // one sentence saying every segment's list has the same order (the run
    // summary's "segments_note"); empty for every other run.
    std::string segmentsNote;
};

// Report of a run of `task`: runId 0 = the task's serving run (RunStore::servingRun), else, when the task has
// no finished run, its newest run of any status (so a failed or cancelled run's epochs can be read).
ReportResult report(const std::string &projectPath, const std::string &task, std::int64_t runId = 0);

}   // namespace debut
